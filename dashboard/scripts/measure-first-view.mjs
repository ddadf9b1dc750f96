// Measures the first view, cold (a fresh browser context per run, so nothing is cached): the time
// from navigation to the first view being interactive (the page's 'balises:first-view' mark, set
// once the page is drawn and the controls wired), and the bytes transferred, split by kind; for
// the landing page (search) and for the first indicator's view (#view=dashboard).
//   npm --prefix dashboard run measure -- --data=OUT [--runs=7]
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const data = resolve(process.env.INIT_CWD || process.cwd(), args.data || 'out');
const runs = Number(args.runs || 7);
const { server, url } = await startServer({ data, port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
const kind = (path) => (path.startsWith('/public/indicators/') ? 'indicator' : path.startsWith('/public/') ? 'catalog' : 'site');
async function measure(hash) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const sizes = [];
    page.on('requestfinished', (r) => sizes.push(r.sizes().then((s) => ({ path: new URL(r.url()).pathname, bytes: s.responseBodySize + s.responseHeadersSize }))));
    await page.goto(url + hash);
    await page.waitForSelector('body[data-ready=true]');
    const ms = await page.evaluate(() => performance.getEntriesByName('balises:first-view')[0].startTime);
    const dcl = await page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
    const got = await Promise.all(sizes);
    const by = { site: 0, catalog: 0, indicator: 0 };
    for (const g of got) by[kind(g.path)] += g.bytes;
    results.push({ ms, dcl, ...by, total: by.site + by.catalog + by.indicator, files: got.filter((g) => kind(g.path) === 'indicator').map((g) => g.path) });
    await context.close();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const r0 = results[0];
  console.log(`${hash || 'landing page'}:`);
  console.log(`  first view interactive: median ${Math.round(median(results.map((r) => r.ms)))} ms, max ${Math.round(Math.max(...results.map((r) => r.ms)))} ms over ${runs} cold loads (runs: ${results.map((r) => Math.round(r.ms)).join(', ')})`);
  console.log(`  DOMContentLoaded: median ${Math.round(median(results.map((r) => r.dcl)))} ms`);
  console.log(`  bytes transferred (body + headers, uncompressed): total ${r0.total} = site ${r0.site} + catalog ${r0.catalog} + indicator files ${r0.indicator}`);
  console.log(`  indicator files read: ${r0.files.join(', ') || 'none'}`);
}
await measure('');
await measure('#view=dashboard');
await browser.close();
server.close();
