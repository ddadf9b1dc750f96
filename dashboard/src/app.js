import { STRINGS } from './i18n.js';
import { loadCatalog, loadIndicatorRows } from './data.js';
import { formatter } from './format.js';
import { markdownToHtml } from './markdown.js';
import { intervalChart, funnelChart, strataChart } from './charts.js';

// Where the published folder is: ./public beside the site, or ?data=<url of a public/ folder>.
const DATA_BASE = (new URLSearchParams(location.search).get('data') || 'public').replace(/\/$/, '');
const LEVEL_ORDER = ['province', 'region', 'rls', 'establishment'];
const EQUITY_STRATIFIERS = ['sex', 'age-band', 'material-deprivation-quintile', 'social-deprivation-quintile'];

const state = { lang: 'fr', view: 'dashboard', t: null, i: null, level: 'province', unit: null, period: null };
let catalog;
const rowCache = new Map();

const $ = (sel) => document.querySelector(sel);
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'html') el.innerHTML = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c != null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}
const S = () => STRINGS[state.lang];
/** A code's label from public/dictionary/codes.csv; the code itself if the dictionary lacks it. */
function label(column, code) {
  const entry = catalog.codes.get(`${column}\u0000${code}`);
  return entry ? entry[state.lang] || entry.fr : code;
}
const text = (obj) => (obj == null ? '' : typeof obj === 'string' ? obj : obj[state.lang] || obj.fr || '');
const indicator = () => catalog.indicators.find((x) => x.id === state.i);

// ---- URL state --------------------------------------------------------------------------------
function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  for (const k of Object.keys(state)) if (p.has(k)) state[k] = p.get(k);
  if (!['fr', 'en'].includes(state.lang)) state.lang = 'fr';
}
function writeHash() {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) if (v != null) p.set(k, v);
  history.replaceState(null, '', `#${p}`);
}
const hashFor = (changes) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...state, ...changes })) if (v != null) p.set(k, v);
  return `#${p}`;
};

// ---- Selections -------------------------------------------------------------------------------
/** Trajectories in the dictionary's order (codes.csv), then any other the catalog names. */
function trajectories() {
  const inCatalog = new Set(catalog.indicators.map((x) => x.trajectory));
  const ordered = [...catalog.codes.keys()].filter((k) => k.startsWith('trajectory\u0000')).map((k) => k.split('\u0000')[1]);
  return ordered.filter((t) => inCatalog.has(t)).concat([...inCatalog].filter((t) => !ordered.includes(t)));
}
function normaliseSelection(rows) {
  const traj = trajectories();
  if (!traj.includes(state.t)) state.t = traj[0];
  const inTraj = catalog.indicators.filter((x) => x.trajectory === state.t);
  if (!inTraj.some((x) => x.id === state.i)) state.i = inTraj[0].id;
  if (!rows) return;
  const all = rows.filter((r) => r.stratifier === 'all');
  const levels = LEVEL_ORDER.filter((l) => all.some((r) => r.level === l));
  if (!levels.includes(state.level)) state.level = levels[0];
  const units = unitsAt(all, state.level);
  if (!units.some((u) => u.code === state.unit)) state.unit = units[0]?.code ?? null;
  const periods = periodsOf(all);
  if (!periods.some((p) => p.period === state.period)) {
    // The latest year whose figure for the chosen unit is published, else the latest period.
    const published = new Set(all.filter((r) => r.level === state.level && r.unit_code === state.unit && !r.suppressed).map((r) => r.period));
    const years = periods.filter((p) => p.type === 'year');
    state.period = (years.find((p) => published.has(p.period)) || years[0] || periods[0])?.period ?? null;
  }
}
function unitsAt(allRows, level) {
  const m = new Map();
  for (const r of allRows) if (r.level === level) m.set(r.unit_code, r.unit_name);
  const locale = state.lang === 'fr' ? 'fr-CA' : 'en-CA';
  return [...m].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, locale));
}
function periodsOf(allRows) {
  const m = new Map();
  for (const r of allRows) m.set(r.period, { period: r.period, type: r.period_type, start: +r.period_start });
  // Latest first, years before quarters.
  return [...m.values()].sort((a, b) => (a.type === b.type ? b.start - a.start : a.type === 'year' ? -1 : 1));
}

// ---- Rendering --------------------------------------------------------------------------------
function fillSelect(select, options, value) {
  select.replaceChildren(...options);
  select.value = value ?? '';
}
function option(value, textContent) {
  return h('option', { value }, textContent);
}

function renderChrome() {
  const s = S();
  document.documentElement.lang = state.lang;
  document.title = (state.i && catalog ? `${text(indicator()?.title)} · ` : '') + s.siteTitle;
  $('#skip').textContent = s.skip;
  $('#site-title').textContent = s.siteTitle;
  $('#tagline').textContent = s.tagline;
  const sw = $('#lang-switch');
  sw.textContent = s.switchTo;
  sw.lang = state.lang === 'fr' ? 'en' : 'fr';
  sw.setAttribute('aria-label', s.switchToLabel);
  $('#nav').setAttribute('aria-label', s.choose);
  for (const [id, view, key] of [['#nav-dashboard', 'dashboard', 'navDashboard'], ['#nav-record', 'record', 'navRecord']]) {
    const a = $(id);
    a.textContent = s[key];
    a.href = hashFor({ view });
    if (state.view === view) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  $('#controls-legend').textContent = s.choose;
  for (const k of ['trajectory', 'indicator', 'level', 'unit', 'period']) $(`label[for=sel-${k}]`).textContent = s[k];
  $('#footer').textContent = s.footer;
}

function renderControls(rows) {
  fillSelect($('#sel-trajectory'), trajectories().map((t) => option(t, label('trajectory', t))), state.t);
  fillSelect(
    $('#sel-indicator'),
    catalog.indicators.filter((x) => x.trajectory === state.t).map((x) => option(x.id, text(x.title))),
    state.i,
  );
  const all = (rows || []).filter((r) => r.stratifier === 'all');
  fillSelect($('#sel-level'), LEVEL_ORDER.filter((l) => all.some((r) => r.level === l)).map((l) => option(l, label('level', l))), state.level);
  fillSelect($('#sel-unit'), unitsAt(all, state.level).map((u) => option(u.code, u.name)), state.unit);
  const periods = periodsOf(all);
  const groups = ['year', 'quarter'].map((type) =>
    h('optgroup', { label: label('period_type', type) }, periods.filter((p) => p.type === type).map((p) => option(p.period, p.period))),
  );
  fillSelect($('#sel-period'), groups, state.period);
  const view = state.view === 'record';
  for (const k of ['level', 'unit', 'period']) $(`#sel-${k}`).closest('.field').hidden = view;
}

function dataTable(caption, headers, body, attrs = {}) {
  return h(
    'details', { class: 'data-table' },
    h('summary', {}, S().showTable),
    h('div', { class: 'table-scroll' },
      h('table', attrs,
        h('caption', {}, caption),
        h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, body.map((cells) => h('tr', {}, cells.map((c, j) => (j === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)))))),
      ),
    ),
  );
}
const suppressedText = (r) => label('suppression_reason', r.suppression_reason);
const statusText = (r) => (r.suppressed ? suppressedText(r) : S().published);

function summary(ind, rows, fmt) {
  const s = S();
  const row = rows.find((r) => r.level === state.level && r.unit_code === state.unit && r.period === state.period && r.stratifier === 'all');
  const head = h('h2', { id: 'summary-title' }, row ? `${row.unit_name} · ${label('period_type', row.period_type)} ${row.period}` : s.value);
  if (!row) return h('section', { 'aria-labelledby': 'summary-title', class: 'summary' }, head, h('p', {}, s.noRow));
  const items = [];
  if (row.suppressed) {
    items.push(h('dt', {}, s.value), h('dd', { class: 'suppressed', 'data-testid': 'suppressed', 'data-reason': row.suppression_reason }, suppressedText(row)));
  } else {
    items.push(
      h('dt', {}, s.value), h('dd', { class: 'big', 'data-testid': 'value', 'data-value': row.value }, fmt.value(row.value)),
      h('dt', {}, s.interval), h('dd', { 'data-testid': 'interval', 'data-lower': row.ci_lower, 'data-upper': row.ci_upper }, fmt.interval(row.ci_lower, row.ci_upper)),
    );
  }
  items.push(h('dt', {}, s.nLong), h('dd', { 'data-testid': 'n', 'data-n': row.n ?? '' }, row.n == null ? '—' : fmt.count(row.n)));
  if (row.numerator != null) items.push(h('dt', {}, s.numerator), h('dd', {}, fmt.count(row.numerator)));
  if (ind.adjusted && row.adjusted_value != null) {
    items.push(h('dt', {}, s.adjustedValue), h('dd', {}, `${fmt.value(row.adjusted_value)} (${fmt.interval(row.adjusted_ci_lower, row.adjusted_ci_upper)})`));
  }
  if (row.outlier_flag) items.push(h('dt', {}, s.position), h('dd', {}, label('outlier_flag', row.outlier_flag)));
  items.push(h('dt', {}, s.direction), h('dd', {}, label('improvement_notation', ind.improvement_notation)));
  return h('section', { 'aria-labelledby': 'summary-title', class: 'summary' }, head, h('dl', {}, items));
}

function trend(ind, rows, fmt) {
  const s = S();
  const mine = rows.filter((r) => r.level === state.level && r.unit_code === state.unit && r.stratifier === 'all');
  const unitName = mine[0]?.unit_name ?? '';
  const figures = ['year', 'quarter'].map((type) => {
    const series = mine.filter((r) => r.period_type === type).sort((a, b) => +a.period_start - +b.period_start);
    const kind = type === 'year' ? s.trendYear : s.trendQuarter;
    const points = series.map((r) => ({ label: r.period, value: r.value, lower: r.ci_lower, upper: r.ci_upper, row: r }));
    return h('figure', {},
      h('figcaption', {}, h('h3', {}, kind)),
      intervalChart({ points, scoring: ind.scoring, fmt, title: `${text(ind.title)} · ${kind}`, desc: s.trendAlt(unitName, kind), suppressedLabel: (p) => suppressedText(p.row) }),
      dataTable(`${text(ind.title)} · ${unitName} · ${kind}`, [s.period, s.value, s.interval, s.n, s.status],
        series.map((r) => [r.period, fmt.value(r.value), fmt.interval(r.ci_lower, r.ci_upper), r.n == null ? '—' : fmt.count(r.n), statusText(r)])),
    );
  });
  return h('section', { 'aria-labelledby': 'trend-title' }, h('h2', { id: 'trend-title' }, `${s.trend} · ${unitName}`), h('div', { class: 'two' }, figures));
}

function funnel(ind, rows, fmt) {
  const s = S();
  const est = rows.filter((r) => r.level === 'establishment' && r.period === state.period && r.stratifier === 'all');
  const province = rows.find((r) => r.level === 'province' && r.period === state.period && r.stratifier === 'all');
  const valueOf = (r) => (ind.adjusted ? r.adjusted_value : r.value);
  const units = est.filter((r) => valueOf(r) != null).map((r) => ({
    name: r.unit_name, n: ind.adjusted && r.modelled_n != null ? r.modelled_n : r.n, value: valueOf(r), flag: r.outlier_flag,
    lower95: r.funnel_lower_95, upper95: r.funnel_upper_95, lower998: r.funnel_lower_998, upper998: r.funnel_upper_998,
    selected: state.level === 'establishment' && r.unit_code === state.unit,
  }));
  const target = est.find((r) => r.funnel_target != null)?.funnel_target ?? (ind.adjusted ? null : province?.value);
  const assessed = units.filter((u) => u.flag);
  const outside = assessed.filter((u) => u.flag !== 'within').length;
  const section = h('section', { 'aria-labelledby': 'funnel-title', id: 'funnel' }, h('h2', { id: 'funnel-title' }, `${s.funnel} · ${state.period}`), h('p', {}, s.funnelIntro));
  if (!units.length) { section.append(h('p', {}, s.noFunnel)); }
  else {
    section.append(
      h('figure', {},
        funnelChart({ units, target, scoring: ind.scoring, fmt, title: `${s.funnel} · ${text(ind.title)} · ${state.period}`, desc: s.funnelAlt(state.period, assessed.length, outside), labels: { flag: (f) => label('outlier_flag', f) } }),
        h('figcaption', {}, h('ul', { class: 'legend' },
          h('li', {}, h('span', { class: 'key target' }), `${s.funnelTarget}${target != null ? ` : ${fmt.value(target)}` : ''}`),
          h('li', {}, h('span', { class: 'key limit95' }), s.limit95),
          h('li', {}, h('span', { class: 'key limit998' }), s.limit998),
          h('li', {}, h('span', { class: 'key outlier' }, '▲▼'), `${label('outlier_flag', 'above_95')} / ${label('outlier_flag', 'below_95')}`),
          h('li', {}, h('span', { class: 'key not-assessed' }), s.notAssessed),
        )),
      ),
    );
  }
  est.sort((a, b) => (b.n ?? -1) - (a.n ?? -1));
  section.append(dataTable(`${s.funnel} · ${text(ind.title)} · ${state.period}`,
    [label('level', 'establishment'), s.n, s.value, s.interval, s.limit95, s.limit998, s.position],
    est.map((r) => [r.unit_name, r.n == null ? '—' : fmt.count(r.n), r.suppressed ? suppressedText(r) : fmt.value(valueOf(r)),
      fmt.interval(ind.adjusted ? r.adjusted_ci_lower : r.ci_lower, ind.adjusted ? r.adjusted_ci_upper : r.ci_upper),
      fmt.interval(r.funnel_lower_95, r.funnel_upper_95), fmt.interval(r.funnel_lower_998, r.funnel_upper_998),
      r.outlier_flag ? label('outlier_flag', r.outlier_flag) : '—']), { 'data-testid': 'funnel-table' }));
  return section;
}

function equity(ind, rows, fmt) {
  const s = S();
  const mine = rows.filter((r) => r.level === state.level && r.unit_code === state.unit && r.period === state.period);
  const everyone = mine.find((r) => r.stratifier === 'all');
  const unitName = everyone?.unit_name ?? '';
  const section = h('section', { 'aria-labelledby': 'equity-title', id: 'equity' }, h('h2', { id: 'equity-title' }, `${s.equity} · ${unitName} · ${state.period}`));
  const present = EQUITY_STRATIFIERS.filter((st) => mine.some((r) => r.stratifier === st))
    .concat([...new Set(mine.map((r) => r.stratifier))].filter((st) => st !== 'all' && !EQUITY_STRATIFIERS.includes(st)));
  const grid = h('div', { class: 'two' });
  for (const st of present) {
    const strata = mine.filter((r) => r.stratifier === st).sort((a, b) => (a.stratum === 'unknown') - (b.stratum === 'unknown') || a.stratum.localeCompare(b.stratum, 'en', { numeric: true }));
    const stLabel = label('stratifier', st);
    grid.append(h('figure', { 'data-stratifier': st },
      h('figcaption', {}, h('h3', {}, stLabel)),
      strataChart({ rows: strata.map((r) => ({ label: label('stratum', r.stratum), value: r.value, lower: r.ci_lower, upper: r.ci_upper, suppressedText: suppressedText(r) })),
        reference: everyone?.value, scoring: ind.scoring, fmt, title: `${stLabel} · ${text(ind.title)}`, desc: s.equityAlt(unitName, stLabel) }),
      dataTable(`${stLabel} · ${unitName} · ${state.period}`, [s.stratum, s.value, s.interval, s.n, s.status],
        strata.map((r) => [label('stratum', r.stratum), fmt.value(r.value), fmt.interval(r.ci_lower, r.ci_upper), r.n == null ? '—' : fmt.count(r.n), statusText(r)])),
    ));
  }
  section.append(present.length ? grid : h('p', { 'data-testid': 'no-strata' }, s.noStrata));
  return section;
}

function record(ind, rows) {
  const s = S();
  const first = rows?.[0];
  const dl = h('dl', { class: 'record' });
  const add = (term, ...value) => dl.append(h('dt', {}, term), h('dd', {}, ...value));
  add(s.direction, label('improvement_notation', ind.improvement_notation));
  add(s.scoring, label('scoring', ind.scoring));
  add(s.adjusted, ind.adjusted ? s.yes : s.no);
  add(s.author, (ind.author || []).join(' ; '));
  add(s.endorser, (ind.endorser || []).join(' ; '));
  add(s.approvalDate, h('time', { datetime: ind.approval_date }, ind.approval_date));
  add(s.lastReviewDate, h('time', { datetime: ind.last_review_date }, ind.last_review_date));
  add(s.method, h('code', {}, ind.method ?? first?.method ?? ''));
  if (first?.method_version) add(s.methodVersion, first.method_version);
  add(s.version, ind.version);
  if (first?.measure_sha256) add(s.sha, h('code', { class: 'sha' }, first.measure_sha256));
  const part = (key) => (ind[key] ? [h('h2', {}, s[key]), h('div', { class: 'prose', html: markdownToHtml(text(ind[key])) })] : []);
  const fields = catalog.resource?.schema?.fields || [];
  return h('article', { class: 'record-page', 'data-testid': 'record' },
    h('h1', { tabindex: -1, id: 'view-title' }, text(ind.title)),
    h('p', { class: 'kicker' }, `${label('trajectory', ind.trajectory)} · ${s.recordTitle}`),
    ...part('description'), ...part('purpose'), ...part('rationale'),
    h('h2', {}, s.recordTitle), dl,
    ...part('guidance'),
    fields.length ? h('details', { class: 'data-table' }, h('summary', {}, s.columns),
      h('div', { class: 'table-scroll' }, h('table', {}, h('caption', {}, s.columns),
        h('thead', {}, h('tr', {}, [s.column, s.type, s.meaning].map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, fields.map((f) => h('tr', {}, h('th', { scope: 'row' }, h('code', {}, f.name)), h('td', {}, f.type), h('td', {}, state.lang === 'en' ? f.description_en || f.description : f.description))))))) : null,
  );
}

let renderToken = 0;
async function render({ focus = false } = {}) {
  const token = ++renderToken;
  document.body.dataset.ready = 'false';
  normaliseSelection(rowCache.get(state.i)?.rows);
  renderChrome();
  renderControls(rowCache.get(state.i)?.rows);
  const ind = indicator();
  let rows = rowCache.get(state.i)?.rows;
  if (!rows) {
    $('#status').textContent = S().loading;
    const key = state.i;
    try {
      rowCache.set(key, await loadIndicatorRows(DATA_BASE, catalog, ind.trajectory, key));
    } catch (e) {
      $('#status').textContent = `${S().loadError} : ${e.message}`;
      throw e;
    }
    if (token !== renderToken) return;
    rows = rowCache.get(key).rows;
    normaliseSelection(rows);
    renderChrome();
    renderControls(rows);
  }
  $('#status').textContent = '';
  writeHash();
  const fmt = formatter(state.lang, ind.scoring);
  const view = $('#view');
  if (state.view === 'record') {
    view.replaceChildren(record(ind, rows));
  } else {
    const files = rowCache.get(state.i).paths;
    view.replaceChildren(
      h('h1', { tabindex: -1, id: 'view-title', 'data-testid': 'indicator-title' }, text(ind.title)),
      h('p', { class: 'kicker' }, `${label('trajectory', ind.trajectory)} · ${label('scoring', ind.scoring)} · ${label('improvement_notation', ind.improvement_notation)} · `,
        h('a', { href: hashFor({ view: 'record' }) }, S().navRecord)),
      summary(ind, rows, fmt),
      trend(ind, rows, fmt),
      funnel(ind, rows, fmt),
      equity(ind, rows, fmt),
      h('p', {}, files.map((p) => h('a', { href: `${DATA_BASE}/${p}`, download: `${ind.id}.parquet` }, S().download))),
    );
  }
  if (focus) $('#view-title')?.focus();
  if (token !== renderToken) return;
  document.body.dataset.ready = 'true';
  if (!performance.getEntriesByName('balises:first-view').length) performance.mark('balises:first-view');
}

function wire() {
  const on = (id, fn) => $(id).addEventListener('change', (e) => { fn(e.target.value); render(); });
  on('#sel-trajectory', (v) => { state.t = v; state.i = null; });
  on('#sel-indicator', (v) => { state.i = v; });
  on('#sel-level', (v) => { state.level = v; state.unit = null; });
  on('#sel-unit', (v) => { state.unit = v; });
  on('#sel-period', (v) => { state.period = v; });
  $('#lang-switch').addEventListener('click', () => { state.lang = state.lang === 'fr' ? 'en' : 'fr'; render(); });
  window.addEventListener('hashchange', () => { const before = state.view; readHash(); render({ focus: before !== state.view }); });
}

async function main() {
  readHash();
  renderChromeBeforeCatalog();
  wire();
  try {
    catalog = await loadCatalog(DATA_BASE);
  } catch (e) {
    $('#status').textContent = `${S().loadError} : ${e.message}`;
    throw e;
  }
  await render();
}
function renderChromeBeforeCatalog() {
  document.documentElement.lang = state.lang;
  $('#status').textContent = S().loading;
}

main();
