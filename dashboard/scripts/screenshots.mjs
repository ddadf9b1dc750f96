// Screenshots for the README: the main view in French and a funnel plot, on the indicator and year
// with the most establishments assessed in a funnel (picked with DuckDB from the same output).
//   npm --prefix dashboard run screenshots -- --data=OUT
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { DuckDBInstance } from '@duckdb/node-api';
import { startServer } from './serve.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const data = resolve(process.env.INIT_CWD || process.cwd(), args.data || 'out');
const docs = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..', 'docs');
const connection = await (await DuckDBInstance.create(':memory:')).connect();
const [pick] = (await connection.runAndReadAll(`
  SELECT trajectory, indicator_id, period, count(outlier_flag) AS assessed,
         arg_max(unit_code, n) AS biggest
  FROM read_parquet('${join(data, 'public', 'indicators')}/*/*/*.parquet', hive_partitioning = true)
  WHERE level = 'establishment' AND stratifier = 'all' AND period_type = 'year'
  GROUP BY ALL ORDER BY count(*) FILTER (outlier_flag NOT IN ('within')) DESC, assessed DESC, indicator_id LIMIT 1`)).getRowObjectsJS();
const { server, url } = await startServer({ data, port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
const hash = new URLSearchParams({ lang: 'fr', view: 'dashboard', t: pick.trajectory, i: pick.indicator_id, level: 'establishment', unit: pick.biggest, period: pick.period });
await page.goto(`${url}#${hash}`);
await page.waitForSelector('body[data-ready=true]');
await page.screenshot({ path: join(docs, 'dashboard-fr.png') });
await page.locator('#funnel').screenshot({ path: join(docs, 'dashboard-funnel.png') });
console.log(`wrote docs/dashboard-fr.png and docs/dashboard-funnel.png (${pick.indicator_id}, ${pick.period}, ${pick.assessed} establishments assessed)`);
await browser.close();
server.close();
