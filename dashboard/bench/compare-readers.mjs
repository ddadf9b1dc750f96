// Compares the two in-browser Parquet readers on the same indicator file: time from navigation to
// the rows being in JavaScript, and bytes transferred, cold (a fresh browser context each run).
//   npm --prefix dashboard run bench -- --data=OUT [--runs=5]
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const data = resolve(process.env.INIT_CWD || process.cwd(), args.data || 'out');
const runs = Number(args.runs || 5);
const out = join(root, 'target', 'bench');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const name of ['hyparquet', 'duckdb']) {
  await build({ entryPoints: [join(root, 'bench', `${name}.js`)], bundle: true, format: 'esm', minify: true, target: 'es2022', outfile: join(out, `${name}.js`), logLevel: 'warning' });
  writeFileSync(join(out, `${name}.html`), `<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,"><title>${name}</title><script type="module" src="${name}.js"></script></html>`);
}
const wasmDist = join(root, 'node_modules', '@duckdb', 'duckdb-wasm', 'dist');
for (const f of ['duckdb-mvp.wasm', 'duckdb-eh.wasm', 'duckdb-browser-mvp.worker.js', 'duckdb-browser-eh.worker.js']) cpSync(join(wasmDist, f), join(out, f));

const indicators = join(data, 'public', 'indicators');
const traj = readdirSync(indicators).filter((d) => d.startsWith('trajectory='))[0];
const ind = readdirSync(join(indicators, traj)).filter((d) => d.startsWith('indicator_id='))[0];
const part = readdirSync(join(indicators, traj, ind)).find((f) => f.endsWith('.parquet'));
const file = `/public/indicators/${traj}/${ind}/${part}`;

const { server, url } = await startServer({ data, port: 0, extra: { '/bench/': out } });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
const results = {};
for (const variant of ['hyparquet', 'duckdb', 'duckdb&bundle=mvp']) {
  const name = variant.split('&')[0];
  results[variant] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const sizes = [];
    page.on('requestfinished', (r) => sizes.push(r.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)));
    page.on('pageerror', (e) => console.error(name, e.message));
    await page.goto(`${url}bench/${name}.html?file=${encodeURIComponent(file)}${variant.includes('&') ? '&' + variant.split('&')[1] : ''}`);
    const r = await page.waitForFunction(() => window.benchResult, null, { timeout: 30000 }).then((h) => h.jsonValue()).catch((e) => ({ ms: NaN, error: e.message }));
    await page.waitForTimeout(200);
    const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    results[variant].push({ ms: Math.round(r.ms), bytes, rows: r.rows, province: r.province, bundle: r.bundle, error: r.error });
    await context.close();
  }
}
await browser.close();
server.close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`file: ${file}`);
for (const [name, rs] of Object.entries(results)) {
  console.log(`${name}: median ${median(rs.map((r) => r.ms))} ms (runs: ${rs.map((r) => r.ms).join(', ')}), ${median(rs.map((r) => r.bytes))} bytes transferred, ${rs[0].rows} rows, ${rs[0].province} provincial yearly rows${rs[0].bundle ? `, ${rs[0].bundle}` : ''}${rs[0].error ? `; FAILED: ${rs[0].error}` : ''}`);
}
