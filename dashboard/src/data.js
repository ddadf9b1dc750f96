// Reads what the pipeline publishes under public/, and nothing else: the Data Package descriptor,
// the dictionary, and, for one indicator, only the Parquet files under its partition path
// (indicators/trajectory=T/indicator_id=I/), so that reading one indicator never downloads another's.
import { parquetReadObjects } from 'hyparquet';
import { decompress as decompressZstd } from 'fzstd';
import { parseCsv } from './csv.js';

// Only ZSTD is registered: the pipeline writes every public file with it (README, "What the job writes").
// fzstd is the decoder hyparquet-compressors registers for ZSTD; importing it alone keeps the
// bundle ~100 kB smaller (no Brotli dictionary, gzip, LZ4 or Snappy).
const compressors = { ZSTD: (input) => decompressZstd(input) };

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

export async function loadCatalog(base) {
  const [datapackage, indicators, codesText] = await Promise.all([
    fetchOk(`${base}/datapackage.json`).then((r) => r.json()),
    fetchOk(`${base}/dictionary/indicators.json`).then((r) => r.json()),
    fetchOk(`${base}/dictionary/codes.csv`).then((r) => r.text()),
  ]);
  const codes = new Map();
  for (const row of parseCsv(codesText)) {
    codes.set(`${row.column}\u0000${row.code}`, { fr: row.label_fr, en: row.label_en });
  }
  // A run without any figure publishes no Parquet file, and so no "indicators" resource.
  const resource = datapackage.resources.find((r) => r.name === 'indicators') ?? null;
  const paths = !resource ? [] : Array.isArray(resource.path) ? resource.path : [resource.path];
  return { datapackage, resource, paths, indicators, codes };
}

/** The files of one indicator, by partition path (Hive layout). */
export function indicatorPaths(catalog, trajectory, indicatorId) {
  const prefix = `indicators/trajectory=${trajectory}/indicator_id=${indicatorId}/`;
  return catalog.paths.filter((p) => p.startsWith(prefix));
}

const BIGINT_COLUMNS = ['n', 'numerator', 'modelled_n'];

export async function loadIndicatorRows(base, catalog, trajectory, indicatorId) {
  const paths = indicatorPaths(catalog, trajectory, indicatorId);
  const parts = await Promise.all(
    paths.map(async (path) => {
      // One GET per file: the files are tens of kilobytes, so a whole-file read is one round trip,
      // where footer-first range reads would be three.
      const file = await (await fetchOk(`${base}/${path}`)).arrayBuffer();
      const rows = await parquetReadObjects({ file, compressors });
      for (const row of rows) {
        for (const c of BIGINT_COLUMNS) if (typeof row[c] === 'bigint') row[c] = Number(row[c]);
        // Partition columns live in the path, not in the file.
        row.trajectory = trajectory;
        row.indicator_id = indicatorId;
      }
      return rows;
    }),
  );
  return { rows: parts.flat(), paths };
}
