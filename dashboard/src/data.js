// Reads what the pipeline publishes under public/, and nothing else: the Data Package descriptor,
// the dictionary, and, for one indicator, only the Parquet files under its partition path
// (indicators/trajectory=T/indicator_id=I/), so that reading one indicator never downloads another's.
import { parquetReadObjects } from 'hyparquet';
import { decompress as decompressZstd } from 'fzstd';
import { parseCsv } from './csv.js';

// Only ZSTD is registered: the pipeline writes every public file with it (docs/outputs.md, "What the job writes").
// fzstd is the decoder hyparquet-compressors registers for ZSTD; importing it alone keeps the
// bundle ~100 kB smaller (no Brotli dictionary, gzip, LZ4 or Snappy).
// The page's uncompressed size (from its header) is passed as the output buffer: the pipeline's
// frames do not state their content size, and without a buffer fzstd allocates a whole window
// (megabytes) per page and shifts it after every block, which made reading every indicator (a
// unit page, the search) take seconds instead of a fraction of one.
// A page of several frames does not fit fzstd's one-buffer path (it throws); it is then decoded
// the slow way.
export const compressors = {
  ZSTD: (input, outputLength) => {
    try {
      return decompressZstd(input, new Uint8Array(outputLength));
    } catch {
      return decompressZstd(input);
    }
  },
};

async function fetchOk(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

export async function loadCatalog(base) {
  const [datapackage, indicators, codesText, release] = await Promise.all([
    fetchOk(`${base}/datapackage.json`).then((r) => r.json()),
    fetchOk(`${base}/dictionary/indicators.json`).then((r) => r.json()),
    fetchOk(`${base}/dictionary/codes.csv`).then((r) => r.text()),
    // What the release says beside the data (periods not final yet); an older release may lack it.
    fetch(`${base}/release.json`).then((r) => (r.ok ? r.json() : null)).catch(() => null),
  ]);
  if (!Array.isArray(indicators) || !indicators.length) throw new Error('dictionary/indicators.json lists no indicator');
  const codes = new Map();
  const codeOrder = new Map();
  for (const row of parseCsv(codesText)) {
    codes.set(`${row.column}\u0000${row.code}`, { fr: row.label_fr, en: row.label_en });
    codeOrder.set(`${row.column}\u0000${row.code}`, codeOrder.size);
  }
  // A run without any figure publishes no Parquet file, and so no "indicators" resource.
  const resource = (datapackage.resources || []).find((r) => r.name === 'indicators') ?? null;
  const paths = !resource ? [] : Array.isArray(resource.path) ? resource.path : [resource.path];
  // The data-quality rows (participation and follow-up response beside each figure), when published.
  const quality = (datapackage.resources || []).find((r) => r.name === 'data_quality') ?? null;
  const qualityPaths = !quality ? [] : Array.isArray(quality.path) ? quality.path : [quality.path];
  // A draft Measure (not yet approved for normal use) is shown once it has published figures; until
  // then it is in the dictionary only. An approved one is always shown.
  const shown = indicators.filter((x) => x.measure_status !== 'draft' || indicatorPaths({ paths }, x.trajectory, x.id).length);
  return { datapackage, resource, paths, indicators: shown.length ? shown : indicators, codes, codeOrder, release, qualityPaths };
}

/**
 * A trajectory's participation and follow-up response rows (public/data_quality), reading only
 * those two partitions: data_quality/trajectory=T/measure=M/.
 */
export async function loadQualityRows(base, catalog, trajectory) {
  const prefixes = ['participation', 'followup_response'].map((m) => `data_quality/trajectory=${trajectory}/measure=${m}/`);
  const paths = (catalog.qualityPaths || []).filter((p) => prefixes.some((x) => p.startsWith(x)));
  const parts = await Promise.all(paths.map(async (path) => {
    const rows = await parquetReadObjects({ file: await fileBuffer(base, path), compressors });
    for (const row of rows) {
      for (const [k, v] of Object.entries(row)) if (typeof v === 'bigint') row[k] = Number(v);
    }
    return rows;
  }));
  return parts.flat();
}

/**
 * The run's as-of date. public/ states it in each FHIR MeasureReport ("date", the run's reference
 * date); the first report of the first report file is read with a range request of a few kilobytes
 * (a host that ignores ranges sends the whole file, of which only the start is read). Null when
 * public/ holds no report.
 */
export async function loadAsOf(base, datapackage) {
  const reports = (datapackage.resources || []).find((r) => r.name === 'measure_reports');
  const path = reports && (Array.isArray(reports.path) ? reports.path[0] : reports.path);
  if (!path) return null;
  const response = await fetchOk(`${base}/${path}`, { headers: { Range: 'bytes=0-8191' } });
  const find = (t) => /"date"\s*:\s*"(\d{4}-\d{2}-\d{2})/.exec(t)?.[1] ?? null;
  if (response.status === 206) return find(await response.text());
  // The host ignored the range: read only the start of the file.
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < 65536) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (find(text)) break;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  return find(text);
}

/** The files of one indicator, by partition path (Hive layout). */
export function indicatorPaths(catalog, trajectory, indicatorId) {
  const prefix = `indicators/trajectory=${trajectory}/indicator_id=${indicatorId}/`;
  return catalog.paths.filter((p) => p.startsWith(prefix));
}

/** Parquet values as the views use them: whole numbers as Numbers, dates as YYYY-MM-DD. */
function plainValues(row) {
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === 'bigint') row[k] = Number(v);
    else if (v instanceof Date) row[k] = isoDate(v);
  }
  return row;
}

const isoDate = (d) => (d instanceof Date ? d.toISOString().slice(0, 10) : typeof d === 'number' ? new Date(d * 86400000).toISOString().slice(0, 10) : d);

// Each file is fetched once and kept: the search reads a few columns of every indicator, and a
// unit page or an indicator view may then read all of them without a second download.
const buffers = new Map();
function fileBuffer(base, path) {
  const url = `${base}/${path}`;
  if (!buffers.has(url)) {
    // One GET per file: the files are tens of kilobytes, so a whole-file read is one round trip,
    // where footer-first range reads would be three.
    const p = fetchOk(url).then((r) => r.arrayBuffer());
    p.catch(() => buffers.delete(url));
    buffers.set(url, p);
  }
  return buffers.get(url);
}

export async function loadIndicatorRows(base, catalog, trajectory, indicatorId) {
  const paths = indicatorPaths(catalog, trajectory, indicatorId);
  if (!paths.length) throw new Error(`datapackage.json lists no file for ${indicatorId}`);
  const columns = [];
  const parts = await Promise.all(
    paths.map(async (path) => {
      const file = await fileBuffer(base, path);
      const rows = await parquetReadObjects({ file, compressors });
      for (const row of rows) {
        plainValues(row);
        // The files carry their partition columns (equal to the path's); releases before they
        // did had them only in the path.
        row.trajectory ??= trajectory;
        row.indicator_id ??= indicatorId;
      }
      if (rows[0]) for (const k of Object.keys(rows[0])) if (!columns.includes(k)) columns.push(k);
      return rows;
    }),
  );
  return { rows: parts.flat(), paths, columns };
}

const UNIT_COLUMNS = ['level', 'unit_code', 'unit_name', 'region_code', 'rls_code'];
/** The reporting units of one indicator, reading only their columns (about ten times faster than every column). */
export async function loadIndicatorUnits(base, catalog, trajectory, indicatorId) {
  const units = new Map();
  for (const path of indicatorPaths(catalog, trajectory, indicatorId)) {
    const file = await fileBuffer(base, path);
    for (const r of await parquetReadObjects({ file, compressors, columns: UNIT_COLUMNS })) units.set(`${r.level}\u0000${r.unit_code}`, r);
  }
  return [...units.values()];
}

/**
 * The improvement actions agreed for the indicators (public/action_plans, a few rows in all), read
 * once; none when the release has no such resource.
 */
export async function loadActionPlans(base, datapackage) {
  const resource = (datapackage.resources || []).find((r) => r.name === 'action_plans');
  const paths = !resource ? [] : Array.isArray(resource.path) ? resource.path : [resource.path];
  const parts = await Promise.all(paths.map(async (path) => {
    const rows = await parquetReadObjects({ file: await fileBuffer(base, path), compressors });
    return rows.map(plainValues);
  }));
  return parts.flat();
}
