// Small SVG charts. Each is drawn as role="img" with a <title> and <desc> (its text alternative);
// the numbers are also in a table beside it (app.js), so nothing is only in the picture.
// Each chart is drawn for the width it will be shown at (its viewBox in CSS pixels), so that its
// text is 12 px on every screen; app.js redraws when that width changes.
const NS = 'http://www.w3.org/2000/svg';
const FONT = 12;
// Width of a string at 12 px in the page's font, measured on a canvas (no layout needed before
// drawing); a generous estimate where there is no canvas.
let measureCtx;
function textWidth(s) {
  measureCtx ??= document.createElement('canvas').getContext('2d');
  if (!measureCtx) return String(s).length * 7.6 + 4;
  measureCtx.font = `${FONT}px ${getComputedStyle(document.documentElement).fontFamily}`;
  return Math.ceil(measureCtx.measureText(String(s)).width) + 4;
}

export function svgEl(name, attrs = {}, text) {
  const el = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, String(v));
  if (text != null) el.textContent = text;
  return el;
}

let chartCount = 0;
function frame(width, height, title, desc) {
  const id = `chart-${++chartCount}`;
  const svg = svgEl('svg', { viewBox: `0 0 ${Math.round(width)} ${Math.round(height)}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, class: 'chart', 'font-size': FONT });
  svg.append(svgEl('title', { id: `${id}-t` }, title), svgEl('desc', { id: `${id}-d` }, desc));
  return svg;
}

function linear(d0, d1, r0, r1) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

function niceTicks(lo, hi, count = 5) {
  const span = hi - lo || 1;
  const step0 = span / Math.max(count, 1);
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0);
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(+t.toFixed(10));
  return ticks;
}

export function valueDomain(values, percent) {
  const finite = values.filter((v) => v != null && Number.isFinite(v));
  if (percent && finite.every((v) => v >= 0 && v <= 1)) return [0, 1];
  if (!finite.length) return [0, 1];
  const lo = Math.min(0, ...finite);
  const hi = Math.max(0, ...finite);
  const pad = (hi - lo) * 0.08 || 1;
  return [lo - (lo < 0 ? pad : 0), hi + pad];
}

function yAxis(svg, y, ticks, left, right, fmt) {
  for (const t of ticks) {
    svg.append(svgEl('line', { x1: left, x2: right, y1: y(t), y2: y(t), class: t === 0 ? 'grid zero' : 'grid' }));
    svg.append(svgEl('text', { x: left - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'tick' }, fmt(t)));
  }
}

/**
 * Points with 95 % intervals on a time line: one slot per period from the first to the last, so a
 * missing period is a visible gap. Partial periods are hollow and not joined to the others;
 * withheld points are marked ∅ and periods without data –, both explained in the legend beside.
 */
export function intervalChart({ slots, percent, fmt, title, desc, width = 480, target = null }) {
  const height = 250, right = 12, top = 16;
  const [lo, hi] = valueDomain(slots.flatMap((p) => [p.value, p.lower, p.upper]).concat([target]), percent);
  const ticks = niceTicks(lo, hi, 5);
  const left = Math.max(40, ...ticks.map((t) => textWidth(fmt.axis(t)) + 8));
  const step = (width - left - right) / Math.max(slots.length, 1);
  const longest = Math.max(...slots.map((p) => textWidth(p.label)));
  const rotate = longest + 6 > step;
  // Label every k-th slot when even rotated labels would overlap.
  const every = rotate ? Math.max(1, Math.ceil(FONT * 1.4 / step)) : 1;
  const bottom = rotate ? Math.min(longest * 0.72 + 16, 70) : 36;
  const svg = frame(width, height + (rotate ? bottom - 36 : 0), title, desc);
  const y = linear(lo, hi, height - 36, top);
  yAxis(svg, y, ticks, left, width - right, fmt.axis);
  if (target != null) svg.append(svgEl('line', { x1: left, x2: width - right, y1: y(target), y2: y(target), class: 'goal' }));
  const path = [];
  slots.forEach((p, i) => {
    const x = left + step * (i + 0.5);
    const ly = height - 36 + 18;
    if (i % every === 0) {
      svg.append(rotate
        ? svgEl('text', { x, y: ly - 4, 'text-anchor': 'end', class: 'tick', transform: `rotate(-45 ${x} ${ly - 4})` }, p.label + (p.partial ? ' *' : ''))
        : svgEl('text', { x, y: ly, 'text-anchor': 'middle', class: 'tick' }, p.label + (p.partial ? ' *' : '')));
    }
    if (p.kind !== 'published') {
      const g = svgEl('g', { class: p.kind === 'withheld' ? 'suppressed-mark' : 'gap-mark' });
      g.append(svgEl('title', {}, `${p.label} : ${p.note}`));
      g.append(svgEl('text', { x, y: height - 36 - 8, 'text-anchor': 'middle' }, p.kind === 'withheld' ? '∅' : '–'));
      svg.append(g);
      path.push(null);
      return;
    }
    const cls = p.partial ? ' partial' : '';
    if (p.lower != null && p.upper != null) {
      svg.append(svgEl('line', { x1: x, x2: x, y1: y(p.lower), y2: y(p.upper), class: `ci${cls}` }));
      for (const b of [p.lower, p.upper]) svg.append(svgEl('line', { x1: x - 5, x2: x + 5, y1: y(b), y2: y(b), class: `ci${cls}` }));
    }
    const dot = svgEl('circle', { cx: x, cy: y(p.value), r: 4.5, class: `point${cls}` });
    dot.append(svgEl('title', {}, `${p.label} : ${fmt.value(p.value)} (${fmt.interval(p.lower, p.upper)})${p.partial ? ` – ${p.note}` : ''}`));
    svg.append(dot);
    path.push(p.partial ? null : [x, y(p.value)]);
  });
  let d = '';
  let pen = false;
  for (const pt of path) {
    if (!pt) { pen = false; continue; }
    d += `${pen ? 'L' : 'M'}${pt[0].toFixed(1)},${pt[1].toFixed(1)}`;
    pen = true;
  }
  if (d) svg.insertBefore(svgEl('path', { d, class: 'trend-line' }), svg.querySelector('circle'));
  return svg;
}

/** Funnel plot: establishments' value against n, the provincial target and published limits. */
export function funnelChart({ units, target, percent, fmt, title, desc, labels, width = 640 }) {
  const height = Math.round(Math.max(260, Math.min(380, width * 0.6)));
  const right = 16, top = 16, bottom = 52;
  const svg = frame(width, height, title, desc);
  const assessed = units.filter((u) => u.lower95 != null).sort((a, b) => a.n - b.n);
  const [lo, hi] = valueDomain(units.flatMap((u) => [u.value, u.lower998, u.upper998]).concat([target]), percent);
  const ticks = niceTicks(lo, hi);
  const left = Math.max(44, ...ticks.map((t) => textWidth(fmt.axis(t)) + 8));
  const maxN = Math.max(...units.map((u) => u.n), 30) * 1.08;
  const x = linear(0, maxN, left, width - right);
  const y = linear(lo, hi, height - bottom, top);
  yAxis(svg, y, ticks, left, width - right, fmt.axis);
  for (const t of niceTicks(0, maxN, Math.max(2, Math.floor((width - left) / 70)))) {
    svg.append(svgEl('text', { x: x(t), y: height - bottom + 18, 'text-anchor': 'middle', class: 'tick' }, String(t)));
  }
  svg.append(svgEl('text', { x: (left + width - right) / 2, y: height - 10, 'text-anchor': 'middle', class: 'axis-label' }, 'n'));
  if (target != null) svg.append(svgEl('line', { x1: left, x2: width - right, y1: y(target), y2: y(target), class: 'target' }));
  // The limits are published per establishment (at its n); joining them in n order draws the funnel.
  const line = (key, cls) => {
    const pts = assessed.filter((u) => u[key] != null).map((u) => `${x(u.n).toFixed(1)},${y(u[key]).toFixed(1)}`);
    if (pts.length > 1) svg.append(svgEl('polyline', { points: pts.join(' '), class: cls }));
    for (const u of assessed) if (u[key] != null) svg.append(svgEl('line', { x1: x(u.n) - 7, x2: x(u.n) + 7, y1: y(u[key]), y2: y(u[key]), class: cls }));
  };
  line('lower998', 'limit998'); line('upper998', 'limit998');
  line('lower95', 'limit95'); line('upper95', 'limit95');
  for (const u of units) {
    const cx = x(u.n), cy = y(u.value);
    const outlier = u.flag && u.flag !== 'within';
    let mark;
    if (outlier) {
      const up = u.flag.startsWith('above');
      const s = 7;
      mark = svgEl('path', { d: up ? `M${cx},${cy - s}L${cx + s},${cy + s * 0.7}L${cx - s},${cy + s * 0.7}Z` : `M${cx},${cy + s}L${cx + s},${cy - s * 0.7}L${cx - s},${cy - s * 0.7}Z`, class: `point outlier ${up ? 'above' : 'below'}` });
    } else {
      mark = svgEl('circle', { cx, cy, r: 5, class: u.flag ? 'point' : 'point not-assessed' });
    }
    if (u.selected) svg.append(svgEl('circle', { cx, cy, r: 10, class: 'selected-ring' }));
    mark.append(svgEl('title', {}, `${u.name} : ${fmt.value(u.value)}, n = ${u.n}${u.flag ? ` (${labels.flag(u.flag)})` : ''}`));
    svg.append(mark);
  }
  return svg;
}

/**
 * Horizontal dot-and-interval rows, one per stratum, with a reference line (everyone). Labels sit
 * left of the rows when there is room for them and above each row otherwise, so none is cut.
 */
export function strataChart({ rows, reference, percent, fmt, title, desc, width = 480, markText }) {
  const longest = Math.max(...rows.map((r) => textWidth(r.label)), 40);
  const stacked = longest + 12 > width * 0.42;
  const left = stacked ? 28 : longest + 12;  // 28: room for half of the first tick label
  const rowH = stacked ? 42 : 26, top = 8, bottom = 28;
  const height = top + bottom + rowH * rows.length;
  const svg = frame(width, height, title, desc);
  const [lo, hi] = valueDomain(rows.flatMap((r) => [r.value, r.lower, r.upper]).concat([reference]), percent);
  const ticks = niceTicks(lo, hi, Math.max(2, Math.floor((width - left) / 64)));
  const right = Math.max(16, textWidth(fmt.axis(ticks[ticks.length - 1] ?? hi)) / 2 + 2);
  const x = linear(lo, hi, left, width - right);
  for (const t of ticks) {
    svg.append(svgEl('line', { x1: x(t), x2: x(t), y1: top, y2: height - bottom, class: 'grid' }));
    svg.append(svgEl('text', { x: x(t), y: height - bottom + 16, 'text-anchor': 'middle', class: 'tick' }, fmt.axis(t)));
  }
  if (reference != null) svg.append(svgEl('line', { x1: x(reference), x2: x(reference), y1: top, y2: height - bottom, class: 'target' }));
  rows.forEach((r, i) => {
    const cy = top + rowH * (i + 1) - (stacked ? 10 : rowH / 2);
    if (stacked) svg.append(svgEl('text', { x: left, y: cy - 12, class: 'tick label-halo' }, r.label));
    else svg.append(svgEl('text', { x: left - 8, y: cy + 4, 'text-anchor': 'end', class: 'tick' }, r.label));
    if (r.value == null) {
      const g = svgEl('g', { class: 'suppressed-mark' });
      g.append(svgEl('title', {}, `${r.label} : ${r.note}`));
      g.append(svgEl('text', { x: left + 4, y: cy + 4, class: 'suppressed-text label-halo' }, `${r.kind === 'withheld' ? '∅' : '–'} ${markText(r.kind)}`));
      svg.append(g);
      return;
    }
    if (r.lower != null && r.upper != null) svg.append(svgEl('line', { x1: x(r.lower), x2: x(r.upper), y1: cy, y2: cy, class: 'ci' }));
    const dot = svgEl('circle', { cx: x(r.value), cy, r: 4.5, class: 'point' });
    dot.append(svgEl('title', {}, `${r.label} : ${fmt.value(r.value)} (${fmt.interval(r.lower, r.upper)})`));
    svg.append(dot);
  });
  return svg;
}

// The chart rules of style.css with the colours written out, put inside a downloaded chart so that
// it looks the same outside the page.
const EXPORT_STYLE = `
text { font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
.grid { stroke: #d5d9de; stroke-width: 1; } .grid.zero { stroke: #8c8c8c; }
.tick, .axis-label { font-size: 12px; fill: #1b1b1b; }
.label-halo { paint-order: stroke; stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
.point { fill: #0b4f8a; } .point.partial { fill: #fff; stroke: #0b4f8a; stroke-width: 2; } .ci.partial { stroke-dasharray: 3 2; }
.point.not-assessed { fill: #fff; stroke: #4a4a4a; stroke-width: 1.5; }
.outlier.above { fill: #006b3c; } .outlier.below { fill: #a3122f; }
.ci { stroke: #0b4f8a; stroke-width: 1.8; }
.trend-line { fill: none; stroke: #0b4f8a; stroke-width: 1.5; stroke-dasharray: 4 3; }
.target { stroke: #1b1b1b; stroke-width: 1.5; }
.goal { stroke: #006b3c; stroke-width: 2; stroke-dasharray: 10 3 2 3; }
.limit95 { fill: none; stroke: #8a5a00; stroke-width: 1.5; stroke-dasharray: 6 4; }
.limit998 { fill: none; stroke: #a3122f; stroke-width: 1.5; stroke-dasharray: 2 3; }
.selected-ring { fill: none; stroke: #c75000; stroke-width: 2.5; }
.suppressed-mark text, .gap-mark text { font-size: 16px; fill: #4a4a4a; }
.suppressed-mark text.suppressed-text { font-size: 12px; font-style: italic; }`;

/** A standalone copy of a chart: its size, a white background and its styles inside. */
export function chartFile(svg) {
  const copy = svg.cloneNode(true);
  const [, , w, hgt] = svg.getAttribute('viewBox').split(' ').map(Number);
  copy.setAttribute('xmlns', NS);
  copy.setAttribute('width', w);
  copy.setAttribute('height', hgt);
  copy.removeAttribute('class');
  copy.insertBefore(svgEl('style', {}, EXPORT_STYLE), copy.firstChild);
  copy.insertBefore(svgEl('rect', { width: '100%', height: '100%', fill: '#fff' }), copy.querySelector('style').nextSibling);
  return { text: new XMLSerializer().serializeToString(copy), width: w, height: hgt };
}

/** The chart as PNG, at twice its size. */
export async function chartPng(svg) {
  const { text, width, height } = chartFile(svg);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise((ok, fail) => { img.onload = ok; img.onerror = fail; img.src = url; });
    const canvas = document.createElement('canvas');
    canvas.width = width * 2;
    canvas.height = height * 2;
    const ctx = canvas.getContext('2d');
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    return await new Promise((ok) => canvas.toBlob(ok, 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
