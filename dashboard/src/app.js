import { STRINGS } from './i18n.js';
import { loadActionPlans, loadAsOf, loadCatalog, loadIndicatorRows, loadIndicatorUnits, loadQualityRows } from './data.js';
import { formatDate, formatter } from './format.js';
import { markdownToHtml } from './markdown.js';
import { chartFile, chartPng, intervalChart, funnelChart, strataChart } from './charts.js';
import { toCsv } from './csv.js';
import { index as searchIndex, search, shortName } from './search.js';

// Where the published folder is: ./public beside the site, or ?data=<url of a public/ folder>.
const DATA_BASE = (new URLSearchParams(location.search).get('data') || 'public').replace(/\/$/, '');
const LEVEL_ORDER = ['province', 'region', 'rls', 'establishment'];
const EQUITY_STRATIFIERS = ['sex', 'age-band', 'material-deprivation-quintile', 'social-deprivation-quintile'];
/** A partner's engagement: the partnership indicators' strata by sphere, by level and by tier, shown first. */
const ENGAGEMENT_STRATIFIERS = ['engagement-sphere', 'engagement-level', 'engagement-body'];
const VIEWS = ['home', 'dashboard', 'unit', 'record', 'help'];
const KEYS = ['lang', 'view', 't', 'i', 'level', 'unit', 'period'];
const LICENCES = { 'CC-BY-4.0': { fr: 'https://creativecommons.org/licenses/by/4.0/deed.fr', en: 'https://creativecommons.org/licenses/by/4.0/' } };

const state = { lang: 'fr', view: 'home', t: null, i: null, level: null, unit: null, period: null };
let requested = {}; // what the link asked for, to say so when it is not published
let notices = [];
let catalog = null;
let catalogError = null;
let asOf = null;
const rowCache = new Map(); // indicator id -> { rows, paths, columns } or { error }

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
  const entry = catalog?.codes.get(`${column}\u0000${code}`);
  return entry ? entry[state.lang] || entry.fr : code;
}
const hasLabel = (column, code) => !!catalog?.codes.has(`${column}\u0000${code}`);
/** A code's place in public/dictionary/codes.csv, whose order is the reading order (levels least to most engaged); Infinity if absent. */
function codeRank(column, code) {
  const rank = catalog?.codeOrder?.get(`${column}\u0000${code}`);
  return rank == null ? Infinity : rank;
}
const text = (obj) => (obj == null ? '' : typeof obj === 'string' ? obj : obj[state.lang] || obj.fr || '');
const indicatorById = (id) => catalog.indicators.find((x) => x.id === id);
const indicator = () => indicatorById(state.i);
const plain = (md) => String(md ?? '').replace(/\*\*|`/g, '').replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');

/** Shown as a percentage: proportions, and means of 0–1 shares that the catalog says it presents in percent. */
function isPercent(ind) {
  if (ind.scoring === 'proportion' || ind.unit === '%') return true;
  return /présentée? en pourcentage|shown as a percentage/i.test(`${ind.description?.fr ?? ''} ${ind.description?.en ?? ''}`);
}

/**
 * The co-constructed target a published row is read against, from its own columns
 * (public/indicators: target_id, target_value, target_comparator, target_due, target_status); null
 * when the row has none (no target for this unit and period, or a stratum).
 */
function targetOf(row) {
  return row?.target_id ? { id: row.target_id, value: row.target_value, comparator: row.target_comparator, due: row.target_due, status: row.target_status } : null;
}
function targetItems(ind, row, fmt) {
  const target = targetOf(row);
  if (!target) return [];
  const s = S();
  return [
    h('dt', {}, s.target), h('dd', { 'data-testid': 'target', 'data-value': target.value, 'data-comparator': target.comparator },
      `${label('target_comparator', target.comparator)}${s.colon}${fmt.value(target.value)} · ${s.targetDue} ${target.due}`),
    h('dt', {}, s.targetStatus), h('dd', { 'data-testid': 'target-status', 'data-status': target.status ?? '', class: `target-${target.status}` }, label('target_status', target.status)),
  ];
}

/** The improvement actions agreed for an indicator: the unit's own first, then the others. */
function plansView(ind, entry) {
  const s = S();
  const plans = (entry.plans ?? []).filter((p) => p.indicator_id === ind.id);
  if (!plans.length) return null;
  const mine = (p) => p.level === state.level && p.unit_code === state.unit;
  const ordered = [...plans.filter(mine), ...plans.filter((p) => !mine(p))];
  const title = (p) => (state.lang === 'en' ? p.title_en : p.title_fr);
  return h('section', { 'aria-labelledby': 'plans-title', id: 'plans' }, h('h2', { id: 'plans-title' }, s.actionPlans),
    h('ul', { class: 'plans', 'data-testid': 'action-plans' }, ordered.map((p) => h('li', { 'data-testid': 'action-plan', 'data-action': p.action_id, 'data-status': p.status },
      h('strong', {}, title(p)), ' ',
      h('span', { class: `plan-status plan-${p.status}` }, label('status', p.status)),
      h('br'),
      `${p.unit_name} · ${p.owner} · ${s.planStarted} ${p.started_on}`,
      p.ended_on ? ` · ${s.planEnded} ${p.ended_on}` : p.next_review ? ` · ${s.planNextReview} ${p.next_review}` : '',
      p.link ? [' · ', h('a', { href: p.link, rel: 'noopener' }, s.planLink)] : null))));
}

// ---- URL state --------------------------------------------------------------------------------
function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  const lang = state.lang;
  Object.assign(state, { view: 'home', t: null, i: null, level: null, unit: null, period: null });
  requested = {};
  for (const k of KEYS) if (p.has(k) && p.get(k) !== '') { state[k] = p.get(k); requested[k] = p.get(k); }
  if (!p.has('lang')) state.lang = lang;
  if (!['fr', 'en'].includes(state.lang)) state.lang = 'fr';
  if (!p.has('view') && (p.has('i') || p.has('t'))) state.view = 'dashboard';
  if (!VIEWS.includes(state.view)) { notices.push((s) => s.staleView(requested.view)); state.view = 'home'; }
}
function paramsFor(st) {
  const keep = { home: ['lang', 'view'], help: ['lang', 'view'], record: ['lang', 'view', 't', 'i'], unit: ['lang', 'view', 'level', 'unit', 'period'], dashboard: KEYS }[st.view] || KEYS;
  const p = new URLSearchParams();
  for (const k of keep) if (st[k] != null) p.set(k, st[k]);
  return p;
}
const hashFor = (changes) => `#${paramsFor({ ...state, ...changes })}`;
function writeHash() {
  const hash = hashFor({});
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

// ---- Data -------------------------------------------------------------------------------------
// Data-quality rows by trajectory: read once, beside the first figure of the trajectory shown.
const qualityCache = new Map();
async function qualityOf(trajectory) {
  if (!qualityCache.has(trajectory)) {
    try {
      qualityCache.set(trajectory, await loadQualityRows(DATA_BASE, catalog, trajectory));
    } catch (e) {
      console.warn(`data quality ${trajectory}: ${e.message}`);
      qualityCache.set(trajectory, []);
    }
  }
  return qualityCache.get(trajectory);
}

async function rowsOf(id) {
  if (!rowCache.has(id)) {
    const ind = indicatorById(id);
    try {
      const [entry, plans] = await Promise.all([loadIndicatorRows(DATA_BASE, catalog, ind.trajectory, id), actionPlans()]);
      rowCache.set(id, { ...entry, plans });
    } catch (e) {
      console.warn(`indicator ${id}: ${e.message}`);
      rowCache.set(id, { error: e });
    }
  }
  return rowCache.get(id);
}
let plansLoading = null;
/** Every published action plan, read once; none if they cannot be read (the figures still show). */
function actionPlans() {
  plansLoading ??= loadActionPlans(DATA_BASE, catalog.datapackage).catch((e) => { console.warn(`action plans: ${e.message}`); return []; });
  return plansLoading;
}
let allLoading = null;
/** Every indicator, one file each (for the search and the unit pages). */
function loadAll() {
  if (!allLoading) {
    allLoading = (async () => {
      const ids = catalog.indicators.map((x) => x.id);
      let next = 0;
      const worker = async () => { while (next < ids.length) await rowsOf(ids[next++]); };
      await Promise.all(Array.from({ length: 6 }, worker));
    })();
  }
  return allLoading;
}
/** Every reporting unit of every indicator, for the search: a few columns of each file. */
let unitsLoading = null;
const unitMap = new Map();
function addUnit(r) {
  const key = `${r.level}\u0000${r.unit_code}`;
  if (!unitMap.has(key)) unitMap.set(key, { level: r.level, code: r.unit_code, name: r.unit_name || r.unit_code, region_code: r.region_code, rls_code: r.rls_code, rank: LEVEL_ORDER.length - LEVEL_ORDER.indexOf(r.level) });
}
function loadUnits() {
  if (!unitsLoading) {
    unitsLoading = (async () => {
      const ids = catalog.indicators.map((x) => x.id);
      let next = 0;
      const worker = async () => {
        while (next < ids.length) {
          const ind = indicatorById(ids[next++]);
          const cached = rowCache.get(ind.id);
          try {
            for (const r of cached?.rows ?? await loadIndicatorUnits(DATA_BASE, catalog, ind.trajectory, ind.id)) addUnit(r);
          } catch (e) {
            console.warn(`indicator ${ind.id}: ${e.message}`);
          }
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
      indexCache = null;
    })();
  }
  return unitsLoading;
}
function units() {
  for (const entry of rowCache.values()) for (const r of entry.rows || []) if (r.stratifier === 'all') addUnit(r);
  return [...unitMap.values()];
}
let indexCache = null;
const unitIndex = () => (indexCache ??= searchIndex(units()));

// ---- Figures ----------------------------------------------------------------------------------
/** published, withheld, empty (n = 0: no one measured) or absent (no row). */
function kindOf(r) {
  if (!r) return 'absent';
  if (r.n === 0) return 'empty';
  if (r.suppressed || r.suppression_reason != null || r.value == null) return 'withheld';
  return 'published';
}
function withheldText(r) {
  const code = r?.suppression_reason;
  return code != null && hasLabel('suppression_reason', code) ? label('suppression_reason', code) : S().withheldLong;
}
function statusText(r, kind = kindOf(r)) {
  return kind === 'published' ? S().published : kind === 'withheld' ? withheldText(r) : S().noData;
}
const nText = (r, fmt) => (r?.n == null ? '—' : fmt.count(r.n));

/** The quarters the province's data cover, and the as-of date: what makes a period partial. */
function coverage(rows) {
  const qs = rows.filter((r) => r.level === 'province' && r.stratifier === 'all' && r.period_type === 'quarter' && r.n !== 0);
  if (!qs.length) return { quarters: [] };
  return {
    first: qs.reduce((m, r) => (r.period_start < m ? r.period_start : m), qs[0].period_start),
    last: qs.reduce((m, r) => (r.period_end > m ? r.period_end : m), qs[0].period_end),
    quarters: qs.map((r) => ({ period: r.period, start: r.period_start, end: r.period_end })).sort((a, b) => (a.start < b.start ? -1 : 1)),
  };
}
/** Null for a complete period; otherwise the text saying which part the data cover. */
function partialOf(p, cov) {
  if (!p || !p.start) return null;
  const after = asOf && p.end > asOf;
  const before = cov.first && (p.start < cov.first || p.end > cov.last);
  if (!after && !before) return null;
  const within = cov.quarters.filter((q) => q.start >= p.start && q.end <= p.end).map((q) => q.period);
  return S().partialLong(p.type === 'year' ? within.join(', ') : '');
}
function periodsOf(rows) {
  const m = new Map();
  for (const r of rows) if (!m.has(r.period)) m.set(r.period, { period: r.period, type: r.period_type, start: r.period_start, end: r.period_end });
  // Latest first, years before quarters.
  return [...m.values()].sort((a, b) => (a.type === b.type ? (a.start < b.start ? 1 : -1) : a.type === 'year' ? -1 : 1));
}

/** Where a unit stands against the province, in words: the funnel flag when published, else its interval against the provincial value. */
function positionOf(ind, r, prov) {
  const s = S();
  if (!r) return { code: 'na', text: s.posNotAssessed };
  if (r.level === 'province') return { code: 'province', text: s.posProvince };
  if (kindOf(r) !== 'published') return { code: 'na', text: s.posNotAssessed };
  let code, basis;
  if (r.outlier_flag) {
    code = r.outlier_flag.startsWith('above') ? 'higher' : r.outlier_flag.startsWith('below') ? 'lower' : 'similar';
    basis = s.byFunnel;
  } else {
    const adj = ind.adjusted && r.adjusted_value != null;
    const lo = adj ? r.adjusted_ci_lower : r.ci_lower;
    const hi = adj ? r.adjusted_ci_upper : r.ci_upper;
    const ref = adj && r.funnel_target != null ? r.funnel_target : prov && kindOf(prov) === 'published' ? prov.value : null;
    if (lo == null || hi == null || ref == null) return { code: 'na', text: s.posNotAssessed };
    code = lo > ref ? 'higher' : hi < ref ? 'lower' : 'similar';
    basis = s.byInterval;
  }
  const word = { higher: s.posHigher, lower: s.posLower, similar: s.posSimilar }[code];
  const better = code === 'similar' ? '' : ` (${(code === 'higher') === (ind.improvement_notation !== 'decrease') ? s.better : s.worse})`;
  return { code, text: `${word}${better}, ${basis}` };
}

// ---- Selections -------------------------------------------------------------------------------
/** Trajectories in the dictionary's order (codes.csv), then any other the catalog names. */
function trajectories() {
  const inCatalog = new Set(catalog.indicators.map((x) => x.trajectory));
  const ordered = [...catalog.codes.keys()].filter((k) => k.startsWith('trajectory\u0000')).map((k) => k.split('\u0000')[1]);
  return ordered.filter((t) => inCatalog.has(t)).concat([...inCatalog].filter((t) => !ordered.includes(t)));
}
function closestIndicator(id) {
  const parts = String(id).split('-');
  let best = null, bestScore = -1;
  for (const x of catalog.indicators) {
    const xp = x.id.split('-');
    let prefix = 0;
    while (prefix < Math.min(xp.length, parts.length) && xp[prefix] === parts[prefix]) prefix++;
    const score = prefix * 10 + xp.filter((w) => parts.includes(w)).length - (state.t && x.trajectory !== state.t ? 5 : 0);
    if (score > bestScore) { best = x; bestScore = score; }
  }
  return best;
}
function normaliseIndicator() {
  const traj = trajectories();
  if (state.i && !indicatorById(state.i)) {
    const near = closestIndicator(state.i);
    const asked = state.i;
    notices.push((s) => s.staleIndicator(asked, text(near.title)));
    state.i = near.id;
  }
  if (state.i) state.t = indicator().trajectory;
  if (state.t && !traj.includes(state.t)) { const asked = state.t; notices.push((s) => s.staleTrajectory(asked)); state.t = null; }
  if (!state.t) state.t = traj[0];
  if (!state.i) state.i = catalog.indicators.find((x) => x.trajectory === state.t).id;
}
function unitsAt(allRows, level) {
  const m = new Map();
  for (const r of allRows) if (r.level === level) m.set(r.unit_code, r.unit_name || r.unit_code);
  return [...m].map(([code, name]) => ({ code, name })).sort((a, b) => shortName(a.name).localeCompare(shortName(b.name), 'fr'));
}
function unitOption(u) {
  const short = shortName(u.name);
  return short === u.name ? u.name : `${short} (${u.name.slice(0, u.name.length - short.length).replace(/\s+[–—-]\s+$/, '')})`;
}
function parsePeriod(p) {
  let m = /^(\d{4})$/.exec(p ?? '');
  if (m) return { type: 'year', start: `${m[1]}-01-01` };
  m = /^(\d{4})-Q([1-4])$/i.exec(p ?? '');
  if (m) return { type: 'quarter', start: `${m[1]}-${String((m[2] - 1) * 3 + 1).padStart(2, '0')}-01` };
  return null;
}
function normaliseSelection(rows) {
  const s = S();
  const all = rows.filter((r) => r.stratifier === 'all');
  const levels = LEVEL_ORDER.filter((l) => all.some((r) => r.level === l));
  if (!levels.length) return;
  if (!levels.includes(state.level)) {
    const asked = state.level;
    const byCode = state.unit && all.find((r) => r.unit_code === state.unit);
    state.level = byCode ? byCode.level : levels[0];
    if (asked && !byCode) notices.push((t) => t.staleLevel(asked, label('level', state.level)));
  }
  const list = unitsAt(all, state.level);
  if (!list.some((u) => u.code === state.unit)) {
    const asked = state.unit;
    const elsewhere = asked && all.find((r) => r.unit_code === asked);
    if (elsewhere) state.level = elsewhere.level;
    else if (asked) {
      // An unknown unit: the province, which every indicator has.
      state.level = levels[0];
      state.unit = unitsAt(all, levels[0])[0]?.code ?? null;
      const name = unitsAt(all, levels[0])[0]?.name ?? '';
      notices.push((t) => t.staleUnit(asked, name));
    } else state.unit = list[0]?.code ?? null;
  }
  const periods = periodsOf(all);
  if (!periods.some((p) => p.period === state.period)) {
    const asked = state.period;
    const want = parsePeriod(asked);
    let pick = null;
    if (want) {
      // The nearest period of the same type with a published figure for the unit, else the nearest one.
      const published = new Set(all.filter((r) => r.level === state.level && r.unit_code === state.unit && kindOf(r) === 'published').map((r) => r.period));
      const sameType = periods.filter((p) => p.type === want.type);
      const same = sameType.some((p) => published.has(p.period)) ? sameType.filter((p) => published.has(p.period)) : sameType;
      pick = same.sort((a, b) => Math.abs(Date.parse(a.start) - Date.parse(want.start)) - Math.abs(Date.parse(b.start) - Date.parse(want.start)))[0];
    }
    if (!pick) {
      // The latest complete year whose figure for the chosen unit is published, else the latest published year, else the latest period.
      const cov = coverage(rows);
      const published = new Set(all.filter((r) => r.level === state.level && r.unit_code === state.unit && kindOf(r) === 'published').map((r) => r.period));
      const years = periods.filter((p) => p.type === 'year');
      pick = years.find((p) => published.has(p.period) && !partialOf(p, cov)) || years.find((p) => published.has(p.period)) || years[0] || periods[0];
    }
    state.period = pick?.period ?? null;
    if (asked) { const got = state.period; notices.push((t) => t.stalePeriod(asked, got)); }
  }
  void s;
}

// ---- Common pieces ----------------------------------------------------------------------------
function renderChrome() {
  const s = S();
  document.documentElement.lang = state.lang;
  const ind = catalog && state.i && indicatorById(state.i);
  const prefix = state.view === 'unit' ? unitTitle : ind && ['dashboard', 'record'].includes(state.view) ? text(ind.title) : state.view === 'help' ? s.howTitle : null;
  document.title = (prefix ? `${prefix} · ` : '') + s.siteTitle;
  $('#skip').textContent = s.skip;
  $('#site-title').textContent = s.siteTitle;
  $('#tagline').textContent = s.tagline;
  const sw = $('#lang-switch');
  sw.textContent = s.switchTo;
  sw.lang = state.lang === 'fr' ? 'en' : 'fr';
  sw.setAttribute('aria-label', s.switchToLabel);
  $('#nav').setAttribute('aria-label', s.navLabel);
  const links = [['home', 'navHome'], ['dashboard', 'navDashboard'], ['record', 'navRecord'], ['help', 'navHelp']];
  $('#nav').replaceChildren(...links.map(([view, key]) => h('a', { href: hashFor({ view }), 'aria-current': state.view === view ? 'page' : null, id: `nav-${view}` }, s[key])));
  renderFooter();
}
function renderFooter() {
  const s = S();
  const licence = catalog?.datapackage?.licenses?.[0];
  const licenceUrl = licence && (licence.path || LICENCES[licence.name]?.[state.lang]);
  $('#footer').replaceChildren(...[
    h('p', { 'data-testid': 'last-updated' }, `${s.lastUpdated} `, asOf ? h('time', { datetime: asOf }, formatDate(state.lang, asOf)) : s.unknownDate),
    licence ? h('p', { 'data-testid': 'licence' }, `${s.licence}${s.colon}`, licenceUrl ? h('a', { href: licenceUrl, rel: 'license noopener' }, licence.title || licence.name) : licence.title || licence.name) : null,
    h('p', {}, s.footerData, ' ', h('a', { href: `${DATA_BASE}/datapackage.json` }, 'datapackage.json')),
    h('p', { class: 'print-only' }, `${s.printedFrom} ${location.href}`),
  ].filter(Boolean));
}
function renderNotices() {
  const box = $('#notices');
  box.replaceChildren(...notices.map((n) => h('p', { class: 'notice', 'data-testid': 'notice' }, n(S()))));
}
function howToRead() {
  const s = S();
  return h('details', { class: 'how' }, h('summary', {}, s.howTitle),
    h('ul', {}, s.howItems.map((x) => h('li', {}, x))),
    h('p', {}, h('a', { href: hashFor({ view: 'help' }) }, s.glossaryLink)));
}
function downloadCsv(filename, columns, rows) {
  saveBlob(filename, new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }));
}
/** Buttons that save the chart just before them as SVG or PNG. */
function chartButtons(name) {
  const s = S();
  const svgOf = (e) => e.target.closest('figure').querySelector('svg.chart');
  return h('p', { class: 'chart-downloads' }, `${s.chartDownload}${s.colon}`,
    h('button', { type: 'button', class: 'link', 'data-testid': 'chart-svg', onclick: (e) => saveBlob(`${name}.svg`, new Blob([chartFile(svgOf(e)).text], { type: 'image/svg+xml' })) }, h('span', { class: 'visually-hidden' }, `${s.chartDownload} `), 'SVG'), ' · ',
    h('button', { type: 'button', class: 'link', 'data-testid': 'chart-png', onclick: async (e) => saveBlob(`${name}.png`, await chartPng(svgOf(e))) }, h('span', { class: 'visually-hidden' }, `${s.chartDownload} `), 'PNG'));
}
function saveBlob(filename, blob) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 1000);
}
function csvButton(caption, filename, columns, rows, testid = 'csv-table') {
  return h('button', { type: 'button', class: 'csv', 'data-testid': testid, onclick: () => downloadCsv(filename, columns, rows) }, caption);
}
const slug = (...parts) => parts.filter(Boolean).join('_').replace(/[^\w.-]+/g, '-');
let tableCount = 0;
function dataTable(caption, headers, body, { attrs = {}, csv } = {}) {
  const id = `table-${++tableCount}`;
  return h('div', { class: 'table-block' }, h(
    'details', { class: 'data-table' },
    h('summary', {}, S().showTable),
    h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-labelledby': `${id}-c` },
      h('table', attrs,
        h('caption', { id: `${id}-c` }, caption),
        h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, body.map((cells) => h('tr', {}, cells.map((c, j) => (j === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)))))),
      ),
    ),
  ), csv ? csvButton(S().csvTable, csv.filename, csv.columns, csv.rows) : null);
}
/** Columns of the file to put in a table's CSV, in the file's order; missing ones are left out. */
const present = (entry, wanted) => wanted.filter((c) => entry.columns.includes(c));
function legend(items) {
  return h('ul', { class: 'legend' }, items.map(([cls, mark, t]) => h('li', {}, h('span', { class: `key ${cls}`, 'aria-hidden': 'true' }, mark), t)));
}
/** Width the charts are drawn at, and the number of columns of a two-chart grid. */
function layout() {
  const w = Math.max(240, Math.min($('#view').clientWidth || 320, 1200));
  const cols = w >= 860 ? 2 : 1;
  return { full: w, half: Math.floor((w - (cols - 1) * 32) / cols), cols };
}
const grid = (lay, ...children) => h('div', { class: 'two', style: `grid-template-columns: repeat(${lay.cols}, minmax(0, 1fr))` }, ...children);

// ---- Indicator view ---------------------------------------------------------------------------
function meaning(ind, row, fmt, unitName) {
  const s = S();
  const parts = [];
  if (row && kindOf(row) === 'published') {
    parts.push(s.meaningValue(unitName, row.period, fmt.value(row.value), row.n ? fmt.count(row.n) : null));
    if (ind.scoring === 'proportion' && row.numerator != null && row.n) parts.push(s.meaningProportion(fmt.count(row.numerator), fmt.count(row.n)));
  }
  const desc = text(ind.description);
  const first = plain(desc.split(/\n\s*\n/)[0]);
  if (first) parts.push(first);
  if (ind.scoring !== 'proportion' && isPercent(ind)) parts.push(s.meaningPercentMean);
  parts.push(`${label('improvement_notation', ind.improvement_notation)}.`);
  const mid = desc.split('\n').find((l) => /^\s*[-*]\s+\*\*(Repère|Reference point)/i.test(l));
  return h('div', { class: 'meaning', 'data-testid': 'meaning' },
    h('p', {}, h('strong', {}, `${s.meaningLabel}${s.colon}`), parts.join(' ')),
    mid ? h('p', {}, h('strong', {}, `${s.scaleLabel}${s.colon}`), plain(mid.replace(/^\s*[-*]\s+\*\*[^*]+\*\*\s*:?\s*/, ''))) : null);
}

function figureItems(ind, row, fmt) {
  const s = S();
  const items = [];
  const kind = kindOf(row);
  if (kind === 'withheld') {
    items.push(h('dt', {}, s.value), h('dd', { class: 'suppressed', 'data-testid': 'withheld', 'data-reason': row.suppression_reason ?? '' }, withheldText(row)));
  } else if (kind === 'empty') {
    items.push(h('dt', {}, s.value), h('dd', { class: 'suppressed', 'data-testid': 'no-data' }, s.noData));
  } else {
    items.push(
      h('dt', {}, ind.adjusted ? s.observedValue : s.value), h('dd', { class: 'big', 'data-testid': 'value', 'data-value': row.value }, fmt.value(row.value)),
      h('dt', {}, s.interval), h('dd', { 'data-testid': 'interval', 'data-lower': row.ci_lower, 'data-upper': row.ci_upper }, fmt.interval(row.ci_lower, row.ci_upper) || '—'),
    );
    if (ind.adjusted && row.adjusted_value != null) {
      items.push(h('dt', {}, s.adjustedValue), h('dd', { class: 'big', 'data-testid': 'adjusted-value', 'data-value': row.adjusted_value }, fmt.value(row.adjusted_value)),
        h('dt', {}, s.interval), h('dd', {}, fmt.interval(row.adjusted_ci_lower, row.adjusted_ci_upper) || '—'));
    }
  }
  items.push(h('dt', {}, s.nLong), h('dd', { 'data-testid': 'n', 'data-n': row.n ?? '' }, nText(row, fmt)));
  if (row.numerator != null && kind === 'published') items.push(h('dt', {}, s.numerator), h('dd', {}, fmt.count(row.numerator)));
  if (row.final_on) items.push(h('dt', {}, s.finalOn), h('dd', { 'data-testid': 'final-on', 'data-date': row.final_on }, row.final_on));
  return items;
}

/**
 * The participation and follow-up response rates of the figure's cell (public/data_quality), as a
 * short note: "Participation 78 % · suivi 64 %", a withheld rate saying so. Null when the figure has
 * neither (a survey answered at follow-up only, or a release without data quality).
 */
function qualityNote(ind, row) {
  const s = S();
  const rows = qualityCache.get(ind.trajectory) || [];
  const dq = ind.data_quality;
  const same = (r) => r.level === row.level && r.unit_code === row.unit_code && r.period === row.period && r.stratifier === 'all';
  const participation = rows.find((r) => r.measure === 'participation' && same(r));
  const followup = dq && rows.find((r) => r.measure === 'followup_response' && r.instrument === dq.instrument && r.scale === dq.scale && r.timepoint === dq.timepoint && same(r));
  if (!participation && !followup) return null;
  const pct = new Intl.NumberFormat(state.lang === 'fr' ? 'fr-CA' : 'en-CA', { style: 'percent', maximumFractionDigits: 0 });
  const rate = (r) => (r.rate != null ? pct.format(r.rate) : r.n === 0 ? s.noData : s.qualitySuppressed);
  const parts = [];
  if (participation) parts.push(`${s.participation} ${rate(participation)}`);
  if (followup) parts.push(`${s.followupRate} ${rate(followup)}`);
  return h('dd', {
    'data-testid': 'data-quality',
    'data-participation': participation?.rate ?? '',
    'data-followup': followup?.rate ?? '',
  }, parts.join(' · '));
}

function summary(ind, rows, fmt, cov) {
  const s = S();
  const row = rows.find((r) => r.level === state.level && r.unit_code === state.unit && r.period === state.period && r.stratifier === 'all');
  const unitName = row?.unit_name || rows.find((r) => r.unit_code === state.unit)?.unit_name || state.unit || '';
  const p = periodsOf(rows).find((x) => x.period === state.period);
  const partial = partialOf(p, cov);
  const head = h('h2', { id: 'summary-title' }, `${unitName} · ${label('period_type', p?.type)} ${state.period ?? ''}`);
  const section = h('section', { 'aria-labelledby': 'summary-title', class: 'summary' }, head);
  if (partial) section.append(h('p', { class: 'partial-note', 'data-testid': 'partial' }, partial));
  if (!row) { section.append(h('p', { 'data-testid': 'no-row' }, s.noRow), meaning(ind, null, fmt, unitName)); return section; }
  const dl = h('dl', {}, figureItems(ind, row, fmt));
  const note = qualityNote(ind, row);
  if (note) dl.append(h('dt', {}, s.dataQuality), note);
  if (row.level !== 'province') {
    const prov = rows.find((r) => r.level === 'province' && r.period === state.period && r.stratifier === 'all');
    const pos = positionOf(ind, row, prov);
    dl.append(h('dt', {}, s.positionVsProvince), h('dd', { 'data-testid': 'position', 'data-position': pos.code }, pos.text));
    if (prov && kindOf(prov) === 'published') dl.append(h('dt', {}, s.funnelTarget), h('dd', {}, fmt.value(prov.value)));
    if (ind.adjusted && row.funnel_target != null) dl.append(h('dt', {}, s.adjustedReference), h('dd', {}, fmt.value(row.funnel_target)));
  }
  dl.append(...targetItems(ind, row, fmt));
  section.append(dl, meaning(ind, row, fmt, unitName));
  if (ind.adjusted) section.append(h('p', { class: 'note' }, s.adjustedNote));
  if (row.level !== 'province') section.append(h('p', {}, h('a', { href: hashFor({ view: 'unit', period: null }) }, s.unitLink)));
  return section;
}

/** One slot per period of a type from the first to the last the indicator has, so gaps show. */
function slotsOf(type, rows) {
  const present = periodsOf(rows).filter((p) => p.type === type).reverse();
  if (!present.length) return [];
  const key = (p) => { const m = parsePeriod(p.period); return m ? (type === 'year' ? +p.period : +p.period.slice(0, 4) * 4 + +p.period.slice(-1) - 1) : null; };
  const keys = present.map(key);
  if (keys.some((k) => k == null)) return present;
  const byKey = new Map(present.map((p, j) => [keys[j], p]));
  const out = [];
  for (let k = keys[0]; k <= keys[keys.length - 1]; k++) {
    if (byKey.has(k)) { out.push(byKey.get(k)); continue; }
    const y = type === 'year' ? k : Math.floor(k / 4);
    const q = k % 4;
    out.push(type === 'year'
      ? { period: String(y), type, start: `${y}-01-01`, end: `${y}-12-31` }
      : { period: `${y}-Q${q + 1}`, type, start: `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`, end: new Date(Date.UTC(y, q * 3 + 3, 0)).toISOString().slice(0, 10) });
  }
  return out;
}

function trend(ind, entry, fmt, cov, lay) {
  const s = S();
  const rows = entry.rows;
  const mine = rows.filter((r) => r.level === state.level && r.unit_code === state.unit && r.stratifier === 'all');
  const unitName = mine[0]?.unit_name ?? rows.find((r) => r.unit_code === state.unit)?.unit_name ?? state.unit ?? '';
  const percent = isPercent(ind);
  const figures = ['year', 'quarter'].map((type) => {
    const kindText = type === 'year' ? s.trendYear : s.trendQuarter;
    const slots = slotsOf(type, rows).map((p) => {
      const r = mine.find((x) => x.period === p.period);
      const kind = kindOf(r);
      const partial = partialOf(p, cov);
      return { label: p.period, period: p, row: r, kind: kind === 'published' ? 'published' : kind === 'withheld' ? 'withheld' : 'gap', value: kind === 'published' ? r.value : null, lower: r?.ci_lower, upper: r?.ci_upper, partial: !!partial, note: kind === 'published' ? partial || '' : statusText(r, kind) };
    });
    const used = new Set(slots.map((x) => x.kind));
    const items = [['point', '●', s.legendPoint]];
    if (slots.some((x) => x.partial && x.kind === 'published')) items.push(['partial', '○ *', s.legendPartial]);
    if (used.has('withheld')) items.push(['withheld', '∅', s.legendWithheld]);
    if (used.has('gap')) items.push(['gap', '–', s.legendGap]);
    const series = mine.filter((r) => r.period_type === type).sort((a, b) => (a.period_start < b.period_start ? -1 : 1));
    const goal = targetOf(series.filter((r) => r.target_id).at(-1));
    if (goal) items.push(['goal', '', `${s.target}${s.colon}${label('target_comparator', goal.comparator)} ${fmt.value(goal.value)}`]);
    return h('figure', { 'data-period-type': type },
      h('figcaption', {}, h('h3', {}, kindText)),
      intervalChart({ slots, percent, fmt, width: lay.half, target: goal?.value, title: `${text(ind.title)} · ${kindText}`, desc: s.trendAlt(unitName, kindText) }),
      legend(items),
      chartButtons(slug(ind.id, state.unit, type)),
      dataTable(`${text(ind.title)} · ${unitName} · ${kindText}`, [s.period, s.value, s.interval, s.n, s.status, ...(goal ? [s.targetStatus] : [])],
        slots.map((x) => [x.partial ? `${x.label} (${s.partial})` : x.label, x.kind === 'published' ? fmt.value(x.value) : '', x.kind === 'published' ? fmt.interval(x.lower, x.upper) : '', x.row ? nText(x.row, fmt) : '—', statusText(x.row, kindOf(x.row)), ...(goal ? [x.row?.target_status ? label('target_status', x.row.target_status) : '—'] : [])]),
        { attrs: { 'data-testid': `trend-table-${type}` }, csv: { filename: slug(ind.id, state.unit, type) + '.csv', columns: present(entry, ['indicator_id', 'level', 'unit_code', 'unit_name', 'period_type', 'period', 'period_start', 'period_end', 'n', 'numerator', 'value', 'ci_lower', 'ci_upper', 'adjusted_value', 'adjusted_ci_lower', 'adjusted_ci_upper', 'suppressed', 'suppression_reason', 'target_id', 'target_value', 'target_comparator', 'target_due', 'target_status']), rows: series } }),
    );
  });
  const basis = s.periodBasis[ind.period_basis];
  // Periods not final yet are not published: say which, and from when they will be (release.json).
  const waiting = catalog.release?.notYetFinal?.[ind.id] ?? [];
  return h('section', { 'aria-labelledby': 'trend-title', id: 'trend' }, h('h2', { id: 'trend-title' }, `${s.trend} · ${unitName}`),
    basis ? h('p', { 'data-testid': 'period-basis' }, basis) : null,
    waiting.length ? h('p', { 'data-testid': 'not-yet-final' }, `${s.notYetFinal}${s.colon}`,
      waiting.flatMap((w, j) => [j ? ', ' : '', h('span', { 'data-period': w.period, 'data-final-on': w.finalOn }, `${w.period} (${s.finalFrom} ${w.finalOn})`)])) : null,
    grid(lay, figures));
}

function funnel(ind, entry, fmt, lay) {
  const s = S();
  const rows = entry.rows;
  const est = rows.filter((r) => r.level === 'establishment' && r.period === state.period && r.stratifier === 'all');
  const province = rows.find((r) => r.level === 'province' && r.period === state.period && r.stratifier === 'all');
  const valueOf = (r) => (ind.adjusted ? r.adjusted_value : r.value);
  const units = est.filter((r) => kindOf(r) === 'published' && valueOf(r) != null).map((r) => ({
    name: r.unit_name, n: r.modelled_n ?? r.n, value: valueOf(r), flag: r.outlier_flag,
    lower95: r.funnel_lower_95, upper95: r.funnel_upper_95, lower998: r.funnel_lower_998, upper998: r.funnel_upper_998,
    selected: state.level === 'establishment' && r.unit_code === state.unit,
  }));
  const target = est.find((r) => r.funnel_target != null)?.funnel_target ?? (province && kindOf(province) === 'published' ? province.value : null);
  const assessed = units.filter((u) => u.flag);
  const outside = assessed.filter((u) => u.flag !== 'within').length;
  const section = h('section', { 'aria-labelledby': 'funnel-title', id: 'funnel' }, h('h2', { id: 'funnel-title' }, `${s.funnel} · ${state.period}`), h('p', {}, s.funnelIntro));
  if (ind.adjusted) section.append(h('p', {}, s.funnelAdjusted));
  if (!units.length) section.append(h('p', {}, s.noFunnel));
  else {
    const items = [['target', '', `${s.funnelTarget}${target != null ? `${s.colon}${fmt.value(target)}` : ''}`], ['limit95', '', s.limit95], ['limit998', '', s.limit998],
      ['outlier', '▲▼', `${label('outlier_flag', 'above_95')} / ${label('outlier_flag', 'below_95')}`], ['not-assessed', '', s.notAssessed]];
    if (units.some((u) => u.selected)) items.push(['selected', '', s.selected]);
    section.append(h('figure', {},
      funnelChart({ units, target, percent: isPercent(ind), fmt, width: lay.full, title: `${s.funnel} · ${text(ind.title)} · ${state.period}`, desc: s.funnelAlt(state.period, assessed.length, outside), labels: { flag: (f) => label('outlier_flag', f) } }),
      h('figcaption', {}, legend(items)), chartButtons(slug(ind.id, 'funnel', state.period))));
  }
  est.sort((a, b) => (b.n ?? -1) - (a.n ?? -1) || String(a.unit_name).localeCompare(String(b.unit_name), 'fr'));
  const valueHead = ind.adjusted ? s.adjustedValue : s.value;
  section.append(dataTable(`${s.funnel} · ${text(ind.title)} · ${state.period}`,
    [label('level', 'establishment'), s.n, valueHead, s.interval, s.limit95, s.limit998, s.position],
    est.map((r) => {
      const kind = kindOf(r);
      return [r.unit_name, nText(r, fmt), kind === 'published' ? fmt.value(valueOf(r)) || '—' : statusText(r, kind),
        kind === 'published' ? fmt.interval(ind.adjusted ? r.adjusted_ci_lower : r.ci_lower, ind.adjusted ? r.adjusted_ci_upper : r.ci_upper) : '',
        fmt.interval(r.funnel_lower_95, r.funnel_upper_95), fmt.interval(r.funnel_lower_998, r.funnel_upper_998),
        r.outlier_flag ? label('outlier_flag', r.outlier_flag) : '—'];
    }),
    { attrs: { 'data-testid': 'funnel-table' }, csv: { filename: slug(ind.id, 'establishments', state.period) + '.csv', columns: present(entry, ['indicator_id', 'period', 'unit_code', 'unit_name', 'region_code', 'rls_code', 'n', 'numerator', 'value', 'ci_lower', 'ci_upper', 'adjusted_value', 'adjusted_ci_lower', 'adjusted_ci_upper', 'funnel_target', 'funnel_lower_95', 'funnel_upper_95', 'funnel_lower_998', 'funnel_upper_998', 'outlier_flag', 'suppressed', 'suppression_reason']), rows: est } }));
  return section;
}

function equity(ind, entry, fmt, lay) {
  const s = S();
  const mine = entry.rows.filter((r) => r.level === state.level && r.unit_code === state.unit && r.period === state.period);
  const everyone = mine.find((r) => r.stratifier === 'all');
  const unitName = everyone?.unit_name ?? entry.rows.find((r) => r.unit_code === state.unit)?.unit_name ?? state.unit ?? '';
  const known = [...ENGAGEMENT_STRATIFIERS, ...EQUITY_STRATIFIERS];
  const engaged = ENGAGEMENT_STRATIFIERS.some((st) => mine.some((r) => r.stratifier === st));
  const section = h('section', { 'aria-labelledby': 'equity-title', id: 'equity' }, h('h2', { id: 'equity-title' }, `${engaged ? s.equityEngagement : s.equity} · ${unitName} · ${state.period}`));
  const strats = known.filter((st) => mine.some((r) => r.stratifier === st))
    .concat([...new Set(mine.map((r) => r.stratifier))].filter((st) => st !== 'all' && !known.includes(st)));
  const figures = [];
  for (const st of strats) {
    // Unknown last; then the dictionary's order (sphere, level and tier in the code systems' order), then by name.
    const strata = mine.filter((r) => r.stratifier === st).sort((a, b) => (a.stratum === 'unknown') - (b.stratum === 'unknown')
      || (codeRank('stratum', a.stratum) - codeRank('stratum', b.stratum) || 0)
      || a.stratum.localeCompare(b.stratum, 'en', { numeric: true }));
    const stLabel = label('stratifier', st);
    figures.push(h('figure', { 'data-stratifier': st },
      h('figcaption', {}, h('h3', {}, stLabel)),
      strataChart({ rows: strata.map((r) => { const kind = kindOf(r); return { label: label('stratum', r.stratum), kind, value: kind === 'published' ? r.value : null, lower: r.ci_lower, upper: r.ci_upper, note: statusText(r, kind) }; }),
        reference: everyone && kindOf(everyone) === 'published' ? everyone.value : null, percent: isPercent(ind), fmt, width: lay.half, title: `${stLabel} · ${text(ind.title)}`, desc: s.equityAlt(unitName, stLabel),
        markText: (kind) => (kind === 'withheld' ? s.withheld : s.noData) }),
      chartButtons(slug(ind.id, state.unit, state.period, st)),
      dataTable(`${stLabel} · ${unitName} · ${state.period}`, [s.stratum, s.value, s.interval, s.n, s.status],
        strata.map((r) => { const kind = kindOf(r); return [label('stratum', r.stratum), kind === 'published' ? fmt.value(r.value) : '', kind === 'published' ? fmt.interval(r.ci_lower, r.ci_upper) : '', nText(r, fmt), statusText(r, kind)]; }),
        { csv: { filename: slug(ind.id, state.unit, state.period, st) + '.csv', columns: present(entry, ['indicator_id', 'unit_code', 'unit_name', 'period', 'stratifier', 'stratum', 'n', 'numerator', 'value', 'ci_lower', 'ci_upper', 'suppressed', 'suppression_reason']), rows: strata } }),
    ));
  }
  if (figures.length) section.append(h('p', {}, s.referenceEveryone), legend([['point', '●', s.legendPoint], ['withheld', '∅', s.legendWithheld], ['gap', '–', s.legendGap]]), grid(lay, figures));
  else section.append(h('p', { 'data-testid': 'no-strata' }, s.noStrata));
  return section;
}

function downloads(ind, entry) {
  const s = S();
  const order = [...new Set(['trajectory', 'indicator_id', ...(catalog.resource?.schema?.fields || []).map((f) => f.name)])];
  const columns = [...order.filter((c) => entry.columns.includes(c) || c === 'trajectory' || c === 'indicator_id'), ...entry.columns.filter((c) => !order.includes(c))];
  return h('section', { 'aria-labelledby': 'downloads-title', id: 'downloads' }, h('h2', { id: 'downloads-title' }, s.downloads),
    h('p', {}, csvButton(s.csvIndicator, `${ind.id}.csv`, columns, entry.rows, 'csv-indicator')),
    h('p', {}, entry.paths.map((p) => h('a', { href: `${DATA_BASE}/${p}`, download: `${ind.id}.parquet` }, s.parquet))),
    h('p', { class: 'note' }, s.csvNote));
}

function brokenIndicator(ind, entry) {
  const s = S();
  return h('div', { class: 'broken', role: 'alert', 'data-testid': 'broken' },
    h('p', { lang: 'fr' }, s.brokenIndicator), h('p', { lang: 'en' }, s.brokenIndicatorEn),
    h('details', {}, h('summary', {}, s.technical), h('code', {}, entry.error?.message ?? '')));
}

function dashboardView(ind, entry) {
  const s = S();
  const head = [
    h('h1', { tabindex: -1, id: 'view-title', 'data-testid': 'indicator-title' }, text(ind.title)),
    h('p', { class: 'kicker' }, `${label('trajectory', ind.trajectory)} · ${label('scoring', ind.scoring)} · ${label('improvement_notation', ind.improvement_notation)} · `,
      h('a', { href: hashFor({ view: 'record' }) }, s.navRecord)),
    draftNotice(ind),
  ];
  if (entry.error) return [...head, brokenIndicator(ind, entry)];
  const fmt = formatter(state.lang, isPercent(ind));
  const cov = coverage(entry.rows);
  const lay = layout();
  return [...head, howToRead(), summary(ind, entry.rows, fmt, cov), plansView(ind, entry), trend(ind, entry, fmt, cov, lay), funnel(ind, entry, fmt, lay), equity(ind, entry, fmt, lay), downloads(ind, entry)];
}

/** A Measure not yet endorsed by a committee (status draft) says so above its figures. */
function draftNotice(ind) {
  return ind.measure_status === 'draft' ? h('p', { class: 'measure-status draft', 'data-testid': 'measure-status' }, label('measure_status', 'draft')) : null;
}

function fillSelect(select, options, value) {
  select.replaceChildren(...options);
  select.value = value ?? '';
}
const option = (value, textContent) => h('option', { value, title: textContent }, textContent);
function renderControls(entry) {
  const s = S();
  const show = state.view === 'dashboard' || state.view === 'record';
  $('#controls').hidden = !show;
  if (!show) return;
  $('#controls-legend').textContent = s.choose;
  for (const k of ['trajectory', 'indicator', 'level', 'unit', 'period']) $(`label[for=sel-${k}]`).textContent = s[k];
  fillSelect($('#sel-trajectory'), trajectories().map((t) => option(t, label('trajectory', t))), state.t);
  fillSelect($('#sel-indicator'), catalog.indicators.filter((x) => x.trajectory === state.t).map((x) => option(x.id, text(x.title))), state.i);
  const rows = entry?.rows || [];
  const all = rows.filter((r) => r.stratifier === 'all');
  fillSelect($('#sel-level'), LEVEL_ORDER.filter((l) => all.some((r) => r.level === l)).map((l) => option(l, label('level', l))), state.level);
  fillSelect($('#sel-unit'), unitsAt(all, state.level).map((u) => option(u.code, unitOption(u))), state.unit);
  const cov = coverage(rows);
  const periods = periodsOf(all);
  fillSelect($('#sel-period'), ['year', 'quarter'].map((type) =>
    h('optgroup', { label: label('period_type', type) }, periods.filter((p) => p.type === type).map((p) => option(p.period, partialOf(p, cov) ? `${p.period} (${s.partial})` : p.period)))), state.period);
  for (const k of ['level', 'unit', 'period']) $(`#sel-${k}`).closest('.field').hidden = state.view === 'record' || !rows.length;
}

// ---- Home and search --------------------------------------------------------------------------
function resultItem(u) {
  const s = S();
  const short = shortName(u.name);
  return h('li', {}, h('a', { href: hashFor({ view: 'unit', level: u.level, unit: u.code, period: null }), title: u.name, 'data-unit': u.code, 'data-level': u.level },
    h('span', { class: 'result-name' }, short), ' ',
    h('span', { class: 'result-meta' }, `${label('level', u.level)}${short !== u.name ? ` · ${u.name.slice(0, u.name.length - short.length).replace(/\s+[–—-]\s+$/, '')}` : ''}`)), void s);
}
async function runSearch(query) {
  const s = S();
  const out = $('#search-results');
  const count = $('#search-count');
  if (!out) return;
  if (!query.trim()) { out.replaceChildren(); count.textContent = ''; return; }
  if (!unitMap.size) count.textContent = s.searchLoading;
  await loadUnits();
  if ($('#search')?.value !== query) return;
  const hits = search(unitIndex(), query);
  const shown = hits.slice(0, 12);
  out.replaceChildren(...shown.map(resultItem));
  count.textContent = s.searchCount(hits.length) + (hits.length > shown.length ? ` ${s.searchMore(hits.length - shown.length)}` : '');
}
function searchBox(initial = '') {
  const s = S();
  let timer;
  const input = h('input', { id: 'search', type: 'search', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'search-hint', 'data-testid': 'search', value: initial,
    oninput: (e) => { clearTimeout(timer); const q = e.target.value; timer = setTimeout(() => runSearch(q), 120); },
    onfocus: () => { if (catalog) loadUnits(); } });
  const form = h('form', { role: 'search', class: 'search', onsubmit: (e) => { e.preventDefault(); const first = $('#search-results a'); if (first) location.hash = first.getAttribute('href'); } },
    h('label', { for: 'search' }, s.searchLabel), input, h('p', { id: 'search-hint', class: 'hint' }, s.searchHint),
    h('p', { id: 'search-count', role: 'status', 'aria-live': 'polite' }), h('ul', { id: 'search-results', class: 'results', 'data-testid': 'search-results' }));
  if (initial) setTimeout(() => runSearch(initial), 0);
  return form;
}
function homeView(query = '') {
  const s = S();
  return [
    h('h1', { tabindex: -1, id: 'view-title' }, s.homeTitle),
    h('p', { class: 'lead' }, s.homeIntro),
    searchBox(query),
    howToRead(),
    h('h2', {}, s.browseTitle),
    h('div', { class: 'browse' }, trajectories().map((t) => h('section', { 'aria-label': label('trajectory', t) },
      h('h3', {}, label('trajectory', t)),
      h('ul', {}, catalog.indicators.filter((x) => x.trajectory === t).map((x) => h('li', {}, h('a', { href: hashFor({ view: 'dashboard', t, i: x.id, level: null, unit: null, period: null }) }, text(x.title)),
        x.measure_status === 'draft' ? h('span', { class: 'measure-status draft' }, ` · ${label('measure_status', 'draft')}`) : null)))))),
  ];
}

let unitTitle = null;
// ---- Unit page --------------------------------------------------------------------------------
function unitFigure(ind, rows, code, level, period) {
  const mine = rows.filter((r) => r.level === level && r.unit_code === code && r.stratifier === 'all' && r.period_type === 'year');
  if (!mine.length) return null;
  const cov = coverage(rows);
  const years = periodsOf(mine);
  let row;
  if (period) row = mine.find((r) => r.period === period) ?? null;
  else {
    const pub = years.filter((p) => mine.some((r) => r.period === p.period && kindOf(r) === 'published'));
    const pick = pub.find((p) => !partialOf(p, cov)) || pub[0] || years[0];
    row = mine.find((r) => r.period === pick.period);
  }
  const prov = row && rows.find((r) => r.level === 'province' && r.period === row.period && r.stratifier === 'all');
  const p = row && years.find((x) => x.period === row.period);
  const partial = p ? partialOf(p, cov) : null;
  // A change from the year before, only when both years are complete and published and their
  // 95 % intervals do not overlap (a conservative test: disjoint intervals mean p < 0.01).
  let change = null;
  const prev = row && /^\d{4}$/.test(row.period) && mine.find((r) => r.period === String(+row.period - 1));
  const prevP = prev && years.find((x) => x.period === prev.period);
  if (!partial && prev && kindOf(row) === 'published' && kindOf(prev) === 'published' && !partialOf(prevP, cov)
    && row.ci_lower != null && row.ci_upper != null && prev.ci_lower != null && prev.ci_upper != null) {
    if (row.ci_lower > prev.ci_upper) change = { dir: 'up', from: prev.period };
    else if (row.ci_upper < prev.ci_lower) change = { dir: 'down', from: prev.period };
  }
  return { row, prov, partial, change };
}
function unitCard(ind, fig, fmt) {
  const s = S();
  const { row, prov, partial } = fig;
  const kind = kindOf(row);
  const pos = positionOf(ind, row, prov);
  const link = hashFor({ view: 'dashboard', t: ind.trajectory, i: ind.id, period: row?.period ?? null });
  const value = kind === 'published'
    ? [h('p', { class: 'big', 'data-testid': 'card-value' }, fmt.value(row.value)), h('p', {}, `${s.interval}${s.colon}${fmt.interval(row.ci_lower, row.ci_upper) || '—'}`)]
    : [h('p', { class: 'suppressed big-text' }, kind === 'withheld' ? withheldText(row) : s.noData)];
  return h('li', { class: 'card', 'data-testid': 'unit-card', 'data-indicator': ind.id, 'data-period': row?.period ?? '', 'data-kind': kind,
    'data-value': kind === 'published' ? row.value : null, 'data-lower': kind === 'published' ? row.ci_lower : null, 'data-upper': kind === 'published' ? row.ci_upper : null, 'data-n': row?.n ?? '' },
  h('h3', {}, h('a', { href: link }, text(ind.title))),
  h('p', { class: 'card-period' }, `${label('period_type', 'year')} ${row?.period ?? ''}`, partial ? h('span', { class: 'partial-tag', title: partial }, ` · ${s.partial}`) : null),
  ...value,
  ind.adjusted && row?.adjusted_value != null && kind === 'published' ? h('p', {}, `${s.adjustedValue}${s.colon}${fmt.value(row.adjusted_value)} (${fmt.interval(row.adjusted_ci_lower, row.adjusted_ci_upper)})`) : null,
  h('p', {}, `${s.nLong}${s.colon}${nText(row, fmt)}`),
  targetOf(row) ? h('dl', { class: 'card-target' }, targetItems(ind, row, fmt)) : null,
  h('p', { class: `position ${pos.code}`, 'data-testid': 'position', 'data-position': pos.code }, pos.text),
  fig.change ? h('p', { class: 'change', 'data-testid': 'change', 'data-change': fig.change.dir, 'data-from': fig.change.from },
    h('span', { 'aria-hidden': 'true' }, fig.change.dir === 'up' ? '↑ ' : '↓ '),
    s.changeText(fig.change.dir, fig.change.from, (fig.change.dir === 'up') === (ind.improvement_notation !== 'decrease') ? s.better : s.worse)) : null,
  );
}
async function unitView() {
  const s = S();
  await loadAll();
  indexCache = null;
  const found = units().find((u) => u.code === state.unit && (u.level === state.level || !LEVEL_ORDER.includes(state.level)))
    || units().find((u) => u.code === state.unit);
  if (!found) {
    const asked = state.unit ?? '';
    notices.push((t) => t.staleUnitPage(asked));
    state.view = 'home';
    return homeView('');
  }
  if (found.level !== state.level) state.level = found.level;
  unitTitle = found.name;
  const years = new Set();
  const cards = [];
  const csvRows = [];
  for (const t of trajectories()) {
    const list = [];
    for (const ind of catalog.indicators.filter((x) => x.trajectory === t)) {
      const entry = rowCache.get(ind.id);
      if (entry?.error) { list.push(h('li', { class: 'card' }, h('h3', {}, text(ind.title)), brokenIndicator(ind, entry))); continue; }
      for (const r of entry.rows) if (r.level === found.level && r.unit_code === found.code && r.period_type === 'year') years.add(r.period);
      const fig = unitFigure(ind, entry.rows, found.code, found.level, state.period);
      if (!fig) continue;
      const fmt = formatter(state.lang, isPercent(ind));
      list.push(unitCard(ind, fig, fmt));
      const pos = positionOf(ind, fig.row, fig.prov);
      csvRows.push({ indicator_id: ind.id, title: text(ind.title), trajectory: ind.trajectory, level: found.level, unit_code: found.code, unit_name: found.name, period: fig.row?.period ?? state.period,
        n: fig.row?.n, value: kindOf(fig.row) === 'published' ? fig.row.value : null, ci_lower: kindOf(fig.row) === 'published' ? fig.row.ci_lower : null, ci_upper: kindOf(fig.row) === 'published' ? fig.row.ci_upper : null,
        adjusted_value: fig.row?.adjusted_value, province_value: fig.prov && kindOf(fig.prov) === 'published' ? fig.prov.value : null, status: kindOf(fig.row), suppression_reason: fig.row?.suppression_reason, position: pos.code });
    }
    if (list.length) cards.push(h('section', { 'aria-labelledby': `traj-${t}` }, h('h2', { id: `traj-${t}` }, label('trajectory', t)), h('ul', { class: 'cards' }, list)));
  }
  const region = found.region_code && found.level !== 'region' ? units().find((u) => u.level === 'region' && u.code === found.region_code) : null;
  const yearSelect = h('select', { id: 'unit-period', onchange: (e) => { location.hash = hashFor({ period: e.target.value || null }); } },
    h('option', { value: '' }, s.latestYear), [...years].sort().reverse().map((y) => h('option', { value: y }, y)));
  yearSelect.value = state.period ?? '';
  return [
    h('h1', { tabindex: -1, id: 'view-title', 'data-testid': 'unit-title' }, found.name),
    h('p', { class: 'kicker' }, s.unitAll(label('level', found.level)), region ? [' · ', `${s.inRegion}${s.colon}`, h('a', { href: hashFor({ view: 'unit', level: 'region', unit: region.code, period: null }) }, region.name)] : null),
    h('p', {}, s.unitIntro),
    h('div', { class: 'field inline' }, h('label', { for: 'unit-period' }, s.unitPeriod), yearSelect),
    howToRead(),
    cards.length ? cards : h('p', {}, s.unitNone),
    csvRows.length ? h('p', {}, csvButton(s.csvUnit, slug(found.code, state.period || 'latest') + '.csv', ['indicator_id', 'title', 'trajectory', 'level', 'unit_code', 'unit_name', 'period', 'n', 'value', 'ci_lower', 'ci_upper', 'adjusted_value', 'province_value', 'status', 'suppression_reason', 'position'], csvRows, 'csv-unit')) : null,
  ];
}

// ---- Record and help --------------------------------------------------------------------------
function recordView(ind, entry) {
  const s = S();
  const first = entry?.rows?.[0];
  const dl = h('dl', { class: 'record' });
  const add = (term, ...value) => dl.append(h('dt', {}, term), h('dd', {}, ...value));
  add(s.direction, label('improvement_notation', ind.improvement_notation));
  add(s.scoring, label('scoring', ind.scoring));
  add(s.adjusted, ind.adjusted ? s.yes : s.no);
  add(s.author, (ind.author || []).join(' ; '));
  if (ind.measure_status) add(s.measureStatus, h('span', { class: `measure-status ${ind.measure_status}`, 'data-testid': 'measure-status' }, label('measure_status', ind.measure_status)));
  if (ind.endorser?.length && ind.approval_date) {
    add(s.endorser, ind.endorser.join(' ; '));
    add(s.approvalDate, h('time', { datetime: ind.approval_date }, ind.approval_date));
  } else add(s.endorser, h('span', { 'data-testid': 'not-endorsed' }, s.notEndorsed));
  if (ind.last_review_date) add(s.lastReviewDate, h('time', { datetime: ind.last_review_date }, ind.last_review_date));
  add(s.method, hasLabel('method', ind.method) ? label('method', ind.method) : h('code', {}, ind.method ?? first?.method ?? ''));
  if (first?.method_version) add(s.methodVersion, first.method_version);
  add(s.version, ind.version);
  if (ind.measure_sha256 || first?.measure_sha256) add(s.sha, h('code', { class: 'sha' }, ind.measure_sha256 || first.measure_sha256));
  const part = (key) => (ind[key] ? [h('h2', {}, s[key]), h('div', { class: 'prose', html: markdownToHtml(text(ind[key])) })] : []);
  const fields = catalog.resource?.schema?.fields || [];
  return [h('article', { class: 'record-page', 'data-testid': 'record' },
    h('h1', { tabindex: -1, id: 'view-title' }, text(ind.title)),
    h('p', { class: 'kicker' }, `${label('trajectory', ind.trajectory)} · ${s.recordTitle} · `, h('a', { href: hashFor({ view: 'dashboard' }) }, s.navDashboard)),
    ...part('description'), ...part('purpose'), ...part('rationale'),
    h('h2', {}, s.recordTitle), dl,
    ...part('guidance'),
    fields.length ? h('details', { class: 'data-table' }, h('summary', {}, s.columns),
      h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': s.columns }, h('table', {}, h('caption', {}, s.columns),
        h('thead', {}, h('tr', {}, [s.column, s.type, s.meaning].map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, fields.map((f) => h('tr', {}, h('th', { scope: 'row' }, h('code', {}, f.name)), h('td', {}, f.type), h('td', {}, state.lang === 'en' ? f.description_en || f.description : f.description)))))),
      h('p', {}, h('a', { href: `${DATA_BASE}/dictionary/columns.csv`, download: 'columns.csv' }, s.csvTable))) : null,
  )];
}
function helpView() {
  const s = S();
  const other = STRINGS[state.lang === 'fr' ? 'en' : 'fr'];
  const otherLang = state.lang === 'fr' ? 'en' : 'fr';
  return [
    h('h1', { tabindex: -1, id: 'view-title' }, s.howTitle),
    h('ul', {}, s.howItems.map((x) => h('li', {}, x))),
    h('h2', { id: 'glossary' }, s.glossaryTitle),
    h('dl', { class: 'glossary', 'data-testid': 'glossary' }, s.glossary.flatMap(([term, def], j) => [
      h('dt', {}, term, ' ', h('span', { class: 'other-lang', lang: otherLang }, `(${other.glossary[j][0]})`)),
      h('dd', {}, def)])),
  ];
}

// ---- Rendering --------------------------------------------------------------------------------
function brokenCatalogView(error) {
  const s = STRINGS.fr;
  return [h('div', { class: 'broken', role: 'alert', 'data-testid': 'broken' },
    h('h1', { lang: 'fr' }, s.loadError), h('p', { lang: 'fr' }, s.brokenCatalog),
    h('p', { lang: 'en', class: 'h1-like' }, STRINGS.en.loadError), h('p', { lang: 'en' }, s.brokenCatalogEn),
    h('details', {}, h('summary', {}, `${s.technical} / ${STRINGS.en.technical}`), h('code', {}, String(error?.message ?? error))))];
}

let renderToken = 0;
async function render({ focus = false } = {}) {
  const token = ++renderToken;
  document.body.dataset.ready = 'false';
  const view = $('#view');
  if (!catalog) {
    renderChrome();
    $('#controls').hidden = true;
    view.replaceChildren(...brokenCatalogView(catalogError));
    $('#status').textContent = '';
    renderNotices();
    document.body.dataset.ready = 'true';
    return;
  }
  if (['dashboard', 'record'].includes(state.view) || state.i || state.t) normaliseIndicator();
  let entry = rowCache.get(state.i);
  if (state.view === 'dashboard' && entry?.rows) normaliseSelection(entry.rows);
  renderChrome();
  renderControls(entry);
  let content;
  if (state.view === 'dashboard' || state.view === 'record') {
    if (!entry) {
      $('#status').textContent = S().loading;
      entry = await rowsOf(state.i);
      if (token !== renderToken) return;
      if (state.view === 'dashboard' && entry.rows) normaliseSelection(entry.rows);
      renderChrome();
      renderControls(entry);
    }
    if (state.view === 'dashboard' && !qualityCache.has(indicator().trajectory)) {
      // The note comes when its rows do: the figure is never held back for it.
      qualityOf(indicator().trajectory).then(() => { if (token === renderToken) render(); });
    }
    content = state.view === 'dashboard' ? dashboardView(indicator(), entry) : recordView(indicator(), entry);
  } else if (state.view === 'unit') {
    if (!allLoading) $('#status').textContent = S().loading;
    content = await unitView();
    if (token !== renderToken) return;
    renderChrome();
    renderControls(null);
  } else if (state.view === 'help') content = helpView();
  else content = homeView();
  $('#status').textContent = '';
  writeHash();
  renderNotices();
  const open = [...view.querySelectorAll('details')].map((d) => d.open);
  view.replaceChildren(...content.flat().filter(Boolean));
  const now = [...view.querySelectorAll('details')];
  if (!focus && open.length === now.length) now.forEach((d, j) => { d.open = open[j]; });
  if (focus) $('#view-title')?.focus();
  if (token !== renderToken) return;
  document.body.dataset.ready = 'true';
  if (!performance.getEntriesByName('balises:first-view').length) performance.mark('balises:first-view');
}

function wire() {
  const on = (id, fn) => $(id).addEventListener('change', (e) => { fn(e.target.value); notices = []; render(); });
  on('#sel-trajectory', (v) => { state.t = v; state.i = null; });
  on('#sel-indicator', (v) => { state.i = v; });
  on('#sel-level', (v) => { state.level = v; state.unit = null; });
  on('#sel-unit', (v) => { state.unit = v; });
  on('#sel-period', (v) => { state.period = v; });
  $('#lang-switch').addEventListener('click', () => { state.lang = state.lang === 'fr' ? 'en' : 'fr'; render(); });
  window.addEventListener('hashchange', () => {
    if (location.hash === hashFor({})) return;
    const before = state.view;
    notices = [];
    readHash();
    render({ focus: before !== state.view });
  });
  let width = window.innerWidth;
  let timer;
  window.addEventListener('resize', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { if (Math.abs(window.innerWidth - width) > 8 && state.view === 'dashboard') { width = window.innerWidth; render(); } }, 200);
  });
  // The skip link moves focus without touching the hash, which holds the view.
  $('#skip').addEventListener('click', (e) => { e.preventDefault(); $('#main').focus(); });
  // Printed pages show every table.
  window.addEventListener('beforeprint', () => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
}

async function main() {
  readHash();
  document.documentElement.lang = state.lang;
  $('#status').textContent = S().loading;
  wire();
  try {
    catalog = await loadCatalog(DATA_BASE);
    asOf = await loadAsOf(DATA_BASE, catalog.datapackage).catch(() => null);
  } catch (e) {
    catalogError = e;
    console.warn(`catalog: ${e.message}`);
  }
  await render();
}

main();
