// Reader benchmark, DuckDB-WASM side: the same file and the same question, through SQL.
import * as duckdb from '@duckdb/duckdb-wasm';

try {
  const file = new URL(new URLSearchParams(location.search).get('file'), location.href).href;
  // ?bundle=mvp forces the baseline build (no wasm exceptions).
  const only = new URLSearchParams(location.search).get('bundle');
  const bundles = {
    mvp: { mainModule: new URL('duckdb-mvp.wasm', location.href).href, mainWorker: new URL('duckdb-browser-mvp.worker.js', location.href).href },
    eh: { mainModule: new URL('duckdb-eh.wasm', location.href).href, mainWorker: new URL('duckdb-browser-eh.worker.js', location.href).href },
  };
  if (only) for (const k of Object.keys(bundles)) if (k !== only) delete bundles[k];
  const bundle = await duckdb.selectBundle(bundles);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker));
  await db.instantiate(bundle.mainModule);
  const conn = await db.connect();
  await db.registerFileURL('indicator.parquet', file, duckdb.DuckDBDataProtocol.HTTP, false);
  const all = await conn.query("SELECT count(*) AS c FROM 'indicator.parquet'");
  const province = await conn.query("SELECT * FROM 'indicator.parquet' WHERE level = 'province' AND stratifier = 'all' AND period_type = 'year'");
  window.benchResult = { ms: performance.now(), rows: Number(all.toArray()[0].c), province: province.numRows, bundle: bundle.mainModule.split('/').pop() };
} catch (e) {
  window.benchResult = { ms: performance.now(), error: String(e.message || e) };
}
