// End-to-end: the built site served on 127.0.0.1 over a real pipeline output, in headless
// Chromium. Expected figures come from DuckDB reading the same Parquet, never from the page's code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { duckdb, launchBrowser, openPage, pipelineOutput, readJson, serve, waitForRender } from './support.mjs';

const require = createRequire(import.meta.url);
let out, server, base, browser, db, dictionary, datapackage, labels;

const space = (s) => s.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
function expectedFormat(lang, scoring, v) {
  const locale = lang === 'fr' ? 'fr-CA' : 'en-CA';
  return scoring === 'proportion'
    ? new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v)
    : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
}
const figures = () => `read_parquet('${join(out, 'public', 'indicators')}/*/*/*.parquet', hive_partitioning = true)`;

async function choose(page, { t, i, level, unit, period }) {
  for (const [sel, v] of [['trajectory', t], ['indicator', i], ['level', level], ['unit', unit], ['period', period]]) {
    if (v == null) continue;
    await page.selectOption(`#sel-${sel}`, v);
    await waitForRender(page);
    assert.equal(await page.inputValue(`#sel-${sel}`), v, `the ${sel} select offers ${v}`);
  }
}

before(async () => {
  out = pipelineOutput();
  server = await serve(out);
  base = server.url;
  browser = await launchBrowser();
  db = await duckdb();
  dictionary = readJson(join(out, 'public', 'dictionary', 'indicators.json'));
  datapackage = readJson(join(out, 'public', 'datapackage.json'));
  labels = new Map((await db.all(`SELECT * FROM read_csv('${join(out, 'public', 'dictionary', 'codes.csv')}', header = true, all_varchar = true)`))
    .map((r) => [`${r.column}/${r.code}`, r]));
});
after(async () => {
  await browser?.close();
  server?.server.close();
  db?.close();
});

describe('dashboard over the pipeline output', () => {
  test('first view loads without console errors within 2 s and fetches only its indicator’s files', async () => {
    const { context, page, errors, requests } = await openPage(browser, base);
    assert.deepEqual(errors, []);
    const firstView = await page.evaluate(() => performance.getEntriesByName('balises:first-view')[0].startTime);
    assert.ok(firstView < 2000, `first view interactive after ${firstView} ms`);
    const t = await page.inputValue('#sel-trajectory');
    const i = await page.inputValue('#sel-indicator');
    const fetched = requests.map((r) => new URL(r.url()).pathname).filter((p) => p.startsWith('/public/indicators/'));
    const resource = datapackage.resources.find((r) => r.name === 'indicators');
    const own = resource.path.filter((p) => p.startsWith(`indicators/trajectory=${t}/indicator_id=${i}/`)).map((p) => `/public/${p}`);
    assert.ok(own.length > 0, 'the datapackage lists the first indicator’s files');
    assert.deepEqual(fetched.sort(), own.sort(), 'only the chosen indicator’s partition is read');
    await context.close();
  });

  test('choosing an indicator shows the value, interval and n that DuckDB reads', async () => {
    const [row] = await db.all(`
      SELECT indicator_id, trajectory, scoring, period, n, value, ci_lower, ci_upper FROM ${figures()}
      WHERE level = 'province' AND stratifier = 'all' AND period_type = 'year' AND value IS NOT NULL
      ORDER BY indicator_id DESC, period DESC LIMIT 1`);
    assert.ok(row, 'the output has a published provincial figure');
    const { context, page, errors } = await openPage(browser, base);
    await choose(page, { t: row.trajectory, i: row.indicator_id, level: 'province', period: row.period });
    const value = page.getByTestId('value');
    assert.equal(Number(await value.getAttribute('data-value')), row.value);
    assert.equal(space(await value.innerText()), space(expectedFormat('fr', row.scoring, row.value)));
    const interval = page.getByTestId('interval');
    assert.equal(Number(await interval.getAttribute('data-lower')), row.ci_lower);
    assert.equal(Number(await interval.getAttribute('data-upper')), row.ci_upper);
    assert.equal(space(await interval.innerText()), space(`${expectedFormat('fr', row.scoring, row.ci_lower)} – ${expectedFormat('fr', row.scoring, row.ci_upper)}`));
    assert.equal(Number(await page.getByTestId('n').getAttribute('data-n')), Number(row.n));

    // And one establishment of the same indicator and period, when one is published.
    const [est] = await db.all(`
      SELECT unit_code, value, ci_lower, ci_upper FROM ${figures()}
      WHERE indicator_id = '${row.indicator_id}' AND period = '${row.period}' AND level = 'establishment'
        AND stratifier = 'all' AND value IS NOT NULL ORDER BY n DESC, unit_code LIMIT 1`);
    if (est) {
      await choose(page, { level: 'establishment', unit: est.unit_code, period: row.period });
      assert.equal(Number(await page.getByTestId('value').getAttribute('data-value')), est.value);
      assert.equal(Number(await page.getByTestId('interval').getAttribute('data-lower')), est.ci_lower);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a suppressed cell shows as suppressed with its reason, never as a number', async () => {
    const [row] = await db.all(`
      SELECT indicator_id, trajectory, unit_code, unit_name, period, suppression_reason, value FROM ${figures()}
      WHERE level = 'establishment' AND stratifier = 'all' AND period_type = 'year' AND suppressed
      ORDER BY indicator_id, unit_code, period LIMIT 1`);
    assert.ok(row, 'the output has a suppressed establishment figure');
    assert.equal(row.value, null);
    const { context, page, errors } = await openPage(browser, base);
    await choose(page, { t: row.trajectory, i: row.indicator_id, level: 'establishment', unit: row.unit_code, period: row.period });
    const cell = page.getByTestId('suppressed');
    assert.equal(await cell.getAttribute('data-reason'), row.suppression_reason);
    assert.equal(await cell.innerText(), labels.get(`suppression_reason/${row.suppression_reason}`).label_fr);
    assert.equal(await page.getByTestId('value').count(), 0, 'no value is shown for a suppressed cell');
    // The funnel's table lists the same establishment with the reason in place of its value.
    const tableRow = page.locator('[data-testid=funnel-table] tbody tr').filter({ has: page.locator('th', { hasText: row.unit_name }) });
    assert.equal(await tableRow.count(), 1);
    assert.equal(await tableRow.locator('td').nth(1).textContent(), labels.get(`suppression_reason/${row.suppression_reason}`).label_fr);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the funnel marks the establishments DuckDB flags as outliers', async () => {
    const [row] = await db.all(`
      SELECT indicator_id, trajectory, period, count(*) FILTER (outlier_flag IS NOT NULL) AS assessed,
             count(*) FILTER (outlier_flag NOT IN ('within')) AS outliers, count(*) AS establishments
      FROM ${figures()} WHERE level = 'establishment' AND stratifier = 'all' AND period_type = 'year'
      GROUP BY ALL ORDER BY outliers DESC, assessed DESC, indicator_id LIMIT 1`);
    assert.ok(row.assessed > 0, 'some establishment is assessed in a funnel');
    const { context, page, errors } = await openPage(browser, base);
    await choose(page, { t: row.trajectory, i: row.indicator_id, level: 'province', period: row.period });
    assert.equal(await page.locator('#funnel svg .outlier').count(), Number(row.outliers));
    assert.equal(await page.locator('[data-testid=funnel-table] tbody tr').count(), Number(row.establishments));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('switching language changes the labels to the dictionary’s English', async () => {
    const { context, page, errors } = await openPage(browser, base);
    const id = await page.inputValue('#sel-indicator');
    const t = await page.inputValue('#sel-trajectory');
    const entry = dictionary.find((x) => x.id === id);
    assert.equal(await page.getByTestId('indicator-title').innerText(), entry.title.fr);
    assert.equal(await page.locator('#sel-trajectory option:checked').innerText(), labels.get(`trajectory/${t}`).label_fr);
    await page.click('#lang-switch');
    await waitForRender(page);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.getByTestId('indicator-title').innerText(), entry.title.en);
    assert.equal(await page.locator('#sel-trajectory option:checked').innerText(), labels.get(`trajectory/${t}`).label_en);
    assert.equal(await page.locator('#sel-level option:checked').innerText(), labels.get('level/province').label_en);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the indicator record shows the co-construction record from the catalog', async () => {
    const entry = dictionary[dictionary.length - 1];
    const { context, page, errors } = await openPage(browser, `${base}#view=record&t=${entry.trajectory}&i=${entry.id}`);
    const text = await page.getByTestId('record').innerText();
    for (const needle of [entry.title.fr, ...entry.endorser, ...entry.author, entry.approval_date, entry.last_review_date, entry.version]) {
      assert.ok(text.includes(needle), `the record shows ${needle}`);
    }
    assert.ok(text.includes(labels.get(`improvement_notation/${entry.improvement_notation}`).label_fr));
    assert.deepEqual(errors, []);
    await context.close();
  });

  for (const [name, hash] of [['dashboard, French', ''], ['dashboard, English', '#lang=en'], ['indicator record', '#view=record']]) {
    test(`axe-core finds no serious or critical violation (${name})`, async () => {
      const { context, page } = await openPage(browser, base + hash);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const bad = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
      assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target})`), []);
      await context.close();
    });
  }
});
