// Shared set-up for the end-to-end tests: the pipeline output they read, the static server, the
// browser (Debian's Chromium driven by playwright-core; never a downloaded browser) and an
// independent reader of the same Parquet (DuckDB's Node API, not the page's hyparquet code).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';
import { DuckDBInstance } from '@duckdb/node-api';
import { startServer } from '../scripts/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const dashboardDir = resolve(here, '..');
const repo = resolve(dashboardDir, '..');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * The pipeline output the tests read. BALISES_DASHBOARD_DATA names an existing output folder;
 * otherwise the run of sample-data/fhir that the pipelines module's BalisesJobTest leaves in
 * pipelines/target/sample-out (earlier in the same `mvn verify`, so one run of the sample serves
 * both); otherwise the built jar runs on sample-data/fhir into dashboard/target/sample-out (once;
 * reused while the jar is unchanged).
 */
export function pipelineOutput() {
  if (process.env.BALISES_DASHBOARD_DATA) {
    const dir = resolve(process.env.BALISES_DASHBOARD_DATA);
    if (!existsSync(join(dir, 'public', 'datapackage.json'))) throw new Error(`BALISES_DASHBOARD_DATA=${dir} has no public/datapackage.json`);
    return dir;
  }
  const fromBuild = join(repo, 'pipelines', 'target', 'sample-out');
  if (existsSync(join(fromBuild, 'public', 'datapackage.json'))) return fromBuild;
  const jar = join(repo, 'pipelines', 'target', 'balises.jar');
  if (!existsSync(jar)) throw new Error(`${jar} is missing: build it first (mvn -B package -DskipTests at the repository root).`);
  const target = join(dashboardDir, 'target');
  const out = join(target, 'sample-out');
  const stamp = join(out, 'public', 'datapackage.json');
  if (existsSync(stamp) && statSync(stamp).mtimeMs > statSync(jar).mtimeMs) return out;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  // The repository's sample data (4,000 synthetic patients): smaller generated inputs leave no
  // establishment with n >= 30, so no funnel would be drawn. About 3 minutes on 2 cores.
  const input = process.env.BALISES_DASHBOARD_INPUT || join(repo, 'sample-data', 'fhir', '*');
  console.error(`dashboard tests: running the pipeline on ${input} into ${out}`);
  execFileSync('java', ['-jar', jar, 'run', `--input=${input}`, `--output=${out}`, '--progressIntervalSeconds=0'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, BALISES_PSEUDONYM_KEY: randomBytes(32).toString('base64') },
  });
  if (!existsSync(stamp)) throw new Error(`the pipeline run wrote no ${stamp}`);
  return out;
}

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. The dashboard tests need Debian's chromium package: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export async function serve(data) {
  return startServer({ data, port: 0 });
}

export async function duckdb() {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  // One query at a time on the connection, whichever test asks (tests may run side by side).
  let queue = Promise.resolve();
  return {
    all: (sql) => {
      const run = queue.then(() => connection.runAndReadAll(sql));
      queue = run.catch(() => {});
      return run.then((reader) => reader.getRowObjectsJS());
    },
    close: () => { connection.closeSync?.(); instance.closeSync?.(); },
  };
}

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** A browser context for pages that need no fresh profile of their own: no cookie, storage or cache is kept between them (the site stores nothing and its server answers no-cache). */
export async function sharedContext(browser) {
  return browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
}

/**
 * Opens a page and records console errors, uncaught exceptions and requests: in a new browser
 * context when given the browser, else in the context given (a new page in it, about 300 ms
 * cheaper on 2 cores). `close()` closes what was opened.
 */
export async function openPage(browserOrContext, url, { width = 1280, height = 900 } = {}) {
  const own = typeof browserOrContext.newContext === 'function';
  const context = own ? await browserOrContext.newContext({ viewport: { width, height }, acceptDownloads: true }) : browserOrContext;
  const page = await context.newPage();
  if (!own) await page.setViewportSize({ width, height });
  const errors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('requestfinished', (r) => requests.push(r));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  await page.goto(url);
  await page.waitForSelector('body[data-ready=true]', { timeout: 15000 });
  return { context, page, errors, requests, close: () => (own ? context.close() : page.close()) };
}

/**
 * A copy of an output's public/ folder to change for a test: dictionary and reports linked, the
 * descriptor copied, and the indicator files either linked or passed to `change(source, target)`.
 */
export function publicCopy(out, name, change = () => false) {
  const dir = join(dashboardDir, 'target', 'fixtures', name);
  rmSync(dir, { recursive: true, force: true });
  const pub = join(dir, 'public');
  mkdirSync(pub, { recursive: true });
  const src = join(out, 'public');
  for (const f of ['dictionary', 'fhir']) if (existsSync(join(src, f))) symlinkSync(realpathSync(join(src, f)), join(pub, f));
  copyFileSync(join(src, 'datapackage.json'), join(pub, 'datapackage.json'));
  const descriptor = readJson(join(src, 'datapackage.json'));
  for (const path of descriptor.resources.find((r) => r.name === 'indicators').path) {
    mkdirSync(dirname(join(pub, path)), { recursive: true });
    if (!change(join(src, path), join(pub, path), path)) symlinkSync(realpathSync(join(src, path)), join(pub, path));
  }
  return dir;
}

export async function waitForRender(page) {
  await page.waitForFunction(() => document.body.dataset.ready === 'true' && !document.querySelector('#status').textContent);
}
