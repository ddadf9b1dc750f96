// Screenshots for the README, from the same output (picked with DuckDB): on a phone (390 × 844),
// the landing page's search and an establishment's page; on a desktop (1440 × 900), an indicator
// view of that establishment and the funnel plot of the indicator and year with the most
// establishments assessed.
//   npm --prefix dashboard run screenshots -- --data=OUT
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { DuckDBInstance } from '@duckdb/node-api';
import { startServer } from './serve.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const data = resolve(process.env.INIT_CWD || process.cwd(), args.data || 'out');
const docs = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..', 'docs');
const connection = await (await DuckDBInstance.create(':memory:')).connect();
const figures = `read_parquet('${join(data, 'public', 'indicators')}/*/*/*.parquet', hive_partitioning = true, union_by_name = true)`;
const [pick] = (await connection.runAndReadAll(`
  SELECT trajectory, indicator_id, period, count(outlier_flag) AS assessed, arg_max(unit_code, n) AS biggest
  FROM ${figures} WHERE level = 'establishment' AND stratifier = 'all' AND period_type = 'year'
  GROUP BY ALL ORDER BY count(*) FILTER (outlier_flag NOT IN ('within')) DESC, assessed DESC, indicator_id LIMIT 1`)).getRowObjectsJS();
const [sacreCoeur] = (await connection.runAndReadAll(`
  SELECT unit_code FROM ${figures} WHERE level = 'establishment' AND unit_name ILIKE '%Sacré-Cœur%' LIMIT 1`)).getRowObjectsJS();
const unit = sacreCoeur?.unit_code ?? pick.biggest;
const { server, url } = await startServer({ data, port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
async function open(width, height, hash) {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  await page.goto(`${url}${hash}`);
  await page.waitForSelector('body[data-ready=true]');
  return page;
}
const written = [];
const shot = async (page, name, locator) => {
  await (locator ? page.locator(locator) : page).screenshot({ path: join(docs, name) });
  written.push(`docs/${name}`);
  await page.close();
};

const phone = await open(390, 844, '');
await phone.getByTestId('search').fill('hopital sacre coeur');
await phone.waitForSelector('#search-results a');
await shot(phone, 'dashboard-phone-search.png');
await shot(await open(390, 844, `#${new URLSearchParams({ view: 'unit', level: 'establishment', unit })}`), 'dashboard-phone-establishment.png');
const desktopHash = `#${new URLSearchParams({ lang: 'fr', view: 'dashboard', t: pick.trajectory, i: pick.indicator_id, level: 'establishment', unit: pick.biggest, period: pick.period })}`;
await shot(await open(1440, 900, desktopHash), 'dashboard-fr.png');
await shot(await open(1440, 900, desktopHash), 'dashboard-funnel.png', '#funnel');
await shot(await open(1440, 900, `#${new URLSearchParams({ view: 'unit', level: 'establishment', unit })}`), 'dashboard-desktop-establishment.png');
console.log(`wrote ${written.join(', ')} (${pick.indicator_id}, ${pick.period}, ${pick.assessed} establishments assessed)`);
await browser.close();
server.close();
