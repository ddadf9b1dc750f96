// End-to-end: the built site served on 127.0.0.1 over a real pipeline output, in headless
// Chromium. Expected figures come from DuckDB reading the same Parquet, never from the page's code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardDir, duckdb, launchBrowser, openPage, pipelineOutput, publicCopy, readJson, serve, sharedContext, waitForRender } from './support.mjs';

const require = createRequire(import.meta.url);
let out, server, base, browser, shared, db, dictionary, datapackage, labels, asOf;

const space = (s) => s.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
function expectedFormat(lang, scoring, v) {
  const locale = lang === 'fr' ? 'fr-CA' : 'en-CA';
  return scoring === 'proportion'
    ? new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v)
    : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
}
const parquet = (root) => `read_parquet('${join(root, 'public', 'indicators')}/*/*/*.parquet', hive_partitioning = true, union_by_name = true)`;
// The pipeline output's figures are read once into a table (before), which each query then reads
// instead of every file again; another output's are read from its files.
const figures = (root = out) => (root === out ? 'figures' : parquet(root));
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
const hashOf = (o) => `#${new URLSearchParams(Object.entries(o).filter(([, v]) => v != null))}`;
const num = (v) => (v == null ? null : typeof v === 'bigint' ? Number(v) : v);

/** Opens a view of the page by its address (a full load, not only a hash change). */
async function gotoView(page, url) {
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
}

async function choose(page, { t, i, level, unit, period }) {
  for (const [sel, v] of [['trajectory', t], ['indicator', i], ['level', level], ['unit', unit], ['period', period]]) {
    if (v == null) continue;
    await page.selectOption(`#sel-${sel}`, v);
    await waitForRender(page);
    assert.equal(await page.inputValue(`#sel-${sel}`), v, `the ${sel} select offers ${v}`);
  }
}

/** The page's figures for a unit page: one card per indicator. */
async function cards(page) {
  return page.getByTestId('unit-card').evaluateAll((els) => els.map((e) => {
    const change = e.querySelector('[data-testid=change]');
    return { ...e.dataset, change: change?.dataset.change, from: change?.dataset.from };
  }));
}

/** Checks a unit page's cards against DuckDB, for the period each card says. */
async function checkUnitCards(page, root, level, code) {
  const shown = await cards(page);
  const expectIds = (await db.all(`SELECT DISTINCT indicator_id FROM ${figures(root)} WHERE level = ${q(level)} AND unit_code = ${q(code)}
    AND stratifier = 'all' AND period_type = 'year' ORDER BY 1`)).map((r) => r.indicator_id);
  assert.deepEqual(shown.map((c) => c.indicator).sort(), expectIds, 'one card per indicator that has a yearly row for the unit');
  for (const c of shown) {
    const [row] = await db.all(`SELECT n, value, ci_lower, ci_upper, suppressed, suppression_reason FROM ${figures(root)} WHERE indicator_id = ${q(c.indicator)}
      AND level = ${q(level)} AND unit_code = ${q(code)} AND stratifier = 'all' AND period = ${q(c.period)}`);
    assert.ok(row, `${c.indicator} ${c.period} exists`);
    const kind = num(row.n) === 0 ? 'empty' : row.value == null || row.suppressed || row.suppression_reason != null ? 'withheld' : 'published';
    assert.equal(c.kind, kind, `${c.indicator} ${c.period}: ${kind}`);
    assert.equal(c.n === '' ? null : Number(c.n), num(row.n), `${c.indicator} n`);
    if (kind === 'published') {
      assert.equal(Number(c.value), row.value, `${c.indicator} value`);
      // A figure without an interval (an index) has no bound on its card.
      assert.equal(c.lower == null ? null : Number(c.lower), row.ci_lower, `${c.indicator} lower`);
      assert.equal(c.upper == null ? null : Number(c.upper), row.ci_upper, `${c.indicator} upper`);
    } else assert.equal(c.value, undefined, `${c.indicator}: no value shown`);
    // When the unit has a published yearly figure, the page shows a published one.
    if (kind !== 'published') {
      const [{ k }] = await db.all(`SELECT count(*) AS k FROM ${figures(root)} WHERE indicator_id = ${q(c.indicator)} AND level = ${q(level)}
        AND unit_code = ${q(code)} AND stratifier = 'all' AND period_type = 'year' AND value IS NOT NULL AND n <> 0`);
      assert.equal(Number(k), 0, `${c.indicator}: a published year exists but ${c.period} is shown`);
    }
  }
  // A change arrow only where the year before is published and the two intervals are disjoint.
  for (const c of shown.filter((x) => x.change)) {
    const [now, before] = await Promise.all([c.period, c.from].map(async (p) => (await db.all(`SELECT ci_lower, ci_upper FROM ${figures(root)} WHERE indicator_id = ${q(c.indicator)}
      AND level = ${q(level)} AND unit_code = ${q(code)} AND stratifier = 'all' AND period = ${q(p)}`))[0]));
    assert.equal(Number(c.from), Number(c.period) - 1);
    assert.ok(c.change === 'up' ? now.ci_lower > before.ci_upper : now.ci_upper < before.ci_lower, `${c.indicator}: ${c.change} since ${c.from}`);
  }
  return shown;
}

/** Clicks a CSV button and reads the download back with DuckDB's CSV reader. */
async function downloadCsv(page, locator) {
  const [download] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  mkdirSync(join(dashboardDir, 'target', 'downloads'), { recursive: true });
  const path = join(dashboardDir, 'target', 'downloads', `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  const rows = await db.all(`SELECT * FROM read_csv(${q(path)}, header = true, all_varchar = true, delim = ',', quote = '"')`);
  return { rows, name: download.suggestedFilename(), path };
}
/** DuckDB's value and the CSV's text agree: numbers as numbers, dates as ISO, null as empty. */
function sameCell(duck, csv) {
  if (duck == null) return csv == null || csv === '';
  if (typeof duck === 'bigint' || typeof duck === 'number') return Number(csv) === Number(duck);
  if (typeof duck === 'boolean') return csv === String(duck);
  if (duck instanceof Date) return csv === duck.toISOString().slice(0, 10);
  return String(duck) === csv;
}

before(async () => {
  out = pipelineOutput();
  server = await serve(out);
  base = server.url;
  browser = await launchBrowser();
  // Every test's pages open in one browser context, except where a first load is measured.
  shared = await sharedContext(browser);
  db = await duckdb();
  await db.all(`CREATE TABLE figures AS SELECT * FROM ${parquet(out)}`);
  dictionary = readJson(join(out, 'public', 'dictionary', 'indicators.json'));
  datapackage = readJson(join(out, 'public', 'datapackage.json'));
  labels = new Map((await db.all(`SELECT * FROM read_csv('${join(out, 'public', 'dictionary', 'codes.csv')}', header = true, all_varchar = true)`))
    .map((r) => [`${r.column}/${r.code}`, r]));
  // The run's as-of date, from the manifest beside public/ (the page reads it from public/ only).
  asOf = readJson(join(out, 'manifest.json')).options?.asOf;
});
after(async () => {
  await shared?.close();
  await browser?.close();
  server?.server.close();
  db?.close();
});

describe('dashboard over the pipeline output', () => {
  test('the landing page loads without console errors within 2 s and reads no indicator file; an indicator view reads only its own', async () => {
    const { close, page, errors, requests } = await openPage(browser, base);
    assert.deepEqual(errors, []);
    const firstView = await page.evaluate(() => performance.getEntriesByName('balises:first-view')[0].startTime);
    assert.ok(firstView < 2000, `first view interactive after ${firstView} ms`);
    assert.equal(await page.getByTestId('search').count(), 1, 'the landing page has the search box');
    assert.deepEqual(requests.map((r) => new URL(r.url()).pathname).filter((p) => p.startsWith('/public/indicators/')), []);
    await close();

    const entry = dictionary[0];
    const second = await openPage(browser, base + hashOf({ view: 'dashboard', t: entry.trajectory, i: entry.id }));
    const ms = await second.page.evaluate(() => performance.getEntriesByName('balises:first-view')[0].startTime);
    assert.ok(ms < 2000, `indicator view interactive after ${ms} ms`);
    const fetched = second.requests.map((r) => new URL(r.url()).pathname).filter((p) => p.startsWith('/public/indicators/'));
    const resource = datapackage.resources.find((r) => r.name === 'indicators');
    const own = resource.path.filter((p) => p.startsWith(`indicators/trajectory=${entry.trajectory}/indicator_id=${entry.id}/`)).map((p) => `/public/${p}`);
    assert.ok(own.length > 0, 'the datapackage lists the indicator’s files');
    assert.deepEqual(fetched.sort(), own.sort(), 'only the chosen indicator’s partition is read');
    assert.deepEqual(second.errors, []);
    await second.close();
  });

  // The other tests each open their own pages and may run two at a time; the one above, which
  // times a first load, runs alone.
  describe('views and figures', { concurrency: 2 }, () => {
    test('every page shows the run’s as-of date and the licence', async () => {
      const licence = datapackage.licenses[0].title || datapackage.licenses[0].name;
      for (const hash of ['', '#view=dashboard', '#view=record', '#view=help', '#view=unit&level=province&unit=QC']) {
        const { close, page } = await openPage(shared, base + hash);
        assert.equal(await page.locator('[data-testid=last-updated] time').getAttribute('datetime'), asOf, `${hash || 'landing'}: as-of date`);
        assert.ok((await page.getByTestId('licence').innerText()).includes(licence), `${hash || 'landing'}: licence`);
        await close();
      }
    });

    test('beside a figure, a data-quality note gives the participation and follow-up rates that DuckDB reads', async () => {
      const quality = `read_parquet('${join(out, 'public', 'data_quality')}/*/*/*.parquet', hive_partitioning = true, union_by_name = true)`;
      // A HOOS JR figure: the follow-up response series is that of hip-followup-completion-12m.
      const entry = dictionary.find((x) => x.data_quality?.instrument === 'HOOS_JR' && x.scoring !== 'proportion');
      assert.ok(entry, 'the catalog has a hip figure with data-quality rows');
      const dq = entry.data_quality;
      const [row] = await db.all(`
        SELECT p.period, p.rate AS participation, f.rate AS followup FROM ${quality} p
        JOIN ${quality} f USING (level, unit_code, stratifier, stratum, period_type, period)
        JOIN ${figures()} i USING (level, unit_code, stratifier, stratum, period_type, period)
        WHERE p.trajectory = ${q(entry.trajectory)} AND p.measure = 'participation'
          AND f.trajectory = ${q(entry.trajectory)} AND f.measure = 'followup_response' AND f.instrument = ${q(dq.instrument)}
          AND f.scale = ${q(dq.scale)} AND f.timepoint = ${q(dq.timepoint)} AND i.indicator_id = ${q(entry.id)}
          AND level = 'province' AND stratifier = 'all' AND period_type = 'year'
          AND p.rate IS NOT NULL AND f.rate IS NOT NULL ORDER BY period DESC LIMIT 1`);
      assert.ok(row, 'the output has a provincial year with both rates published');
      const pct = (lang, v) => new Intl.NumberFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { style: 'percent', maximumFractionDigits: 0 }).format(v);
      const { close, page, errors } = await openPage(shared, base + hashOf({ view: 'dashboard', t: entry.trajectory, i: entry.id, level: 'province', period: row.period }));
      const note = page.getByTestId('data-quality');
      assert.equal(Number(await note.getAttribute('data-participation')), row.participation);
      assert.equal(Number(await note.getAttribute('data-followup')), row.followup);
      assert.equal(space(await note.innerText()), space(`Participation ${pct('fr', row.participation)} · suivi ${pct('fr', row.followup)}`));
      await page.click('#lang-switch');
      await waitForRender(page);
      assert.equal(space(await page.getByTestId('data-quality').innerText()), space(`Participation ${pct('en', row.participation)} · follow-up ${pct('en', row.followup)}`));
      assert.deepEqual(errors, []);
      await close();
    });

    test('an indicator view shows the value, interval and n that DuckDB reads, and a sentence of meaning', async () => {
      const [row] = await db.all(`
        SELECT indicator_id, trajectory, scoring, period, n, value, ci_lower, ci_upper FROM ${figures()}
        WHERE level = 'province' AND stratifier = 'all' AND period_type = 'year' AND value IS NOT NULL AND scoring = 'proportion'
        ORDER BY indicator_id DESC, period DESC LIMIT 1`);
      assert.ok(row, 'the output has a published provincial figure');
      const { close, page, errors } = await openPage(shared, base + hashOf({ view: 'dashboard', t: row.trajectory, i: row.indicator_id, level: 'province', period: row.period }));
      const value = page.getByTestId('value');
      assert.equal(Number(await value.getAttribute('data-value')), row.value);
      assert.equal(space(await value.innerText()), space(expectedFormat('fr', row.scoring, row.value)));
      const interval = page.getByTestId('interval');
      assert.equal(Number(await interval.getAttribute('data-lower')), row.ci_lower);
      assert.equal(Number(await interval.getAttribute('data-upper')), row.ci_upper);
      assert.equal(space(await interval.innerText()), space(`${expectedFormat('fr', row.scoring, row.ci_lower)} – ${expectedFormat('fr', row.scoring, row.ci_upper)}`));
      assert.equal(Number(await page.getByTestId('n').getAttribute('data-n')), Number(row.n));
      const meaning = await page.getByTestId('meaning').innerText();
      const entry = dictionary.find((x) => x.id === row.indicator_id);
      assert.ok(meaning.includes(entry.description.fr.split('\n')[0].replace(/\*\*|`/g, '').slice(0, 40)), 'the meaning quotes the catalog’s description');
      assert.ok(meaning.includes(labels.get(`improvement_notation/${entry.improvement_notation}`).label_fr), 'the meaning says the direction');
      assert.ok(meaning.includes(space(expectedFormat('fr', row.scoring, row.value)).split(' ')[0]), 'the meaning gives the value');

      // And one establishment of the same indicator and period, chosen with the menus.
      const [est] = await db.all(`
        SELECT unit_code, value, ci_lower, ci_upper FROM ${figures()}
        WHERE indicator_id = ${q(row.indicator_id)} AND period = ${q(row.period)} AND level = 'establishment'
          AND stratifier = 'all' AND value IS NOT NULL ORDER BY n DESC, unit_code LIMIT 1`);
      if (est) {
        await choose(page, { level: 'establishment', unit: est.unit_code, period: row.period });
        assert.equal(Number(await page.getByTestId('value').getAttribute('data-value')), est.value);
        assert.equal(Number(await page.getByTestId('interval').getAttribute('data-lower')), est.ci_lower);
        assert.ok(['higher', 'lower', 'similar'].includes(await page.getByTestId('position').getAttribute('data-position')));
      }
      assert.deepEqual(errors, []);
      await close();
    });

    test('a partnership indicator shows its strata by engagement sphere, level and tier, in the code systems’ order, with DuckDB’s values', async () => {
      const [cell] = await db.all(`
        SELECT indicator_id, trajectory, period FROM ${figures()}
        WHERE trajectory = 'partnership' AND level = 'province' AND stratifier = 'engagement-level' AND period_type = 'year' AND value IS NOT NULL
        ORDER BY period DESC, indicator_id LIMIT 1`);
      assert.ok(cell, 'the output has a published level stratum for a partnership indicator');
      const { close, page, errors } = await openPage(shared, base + hashOf({ view: 'dashboard', t: cell.trajectory, i: cell.indicator_id, level: 'province', period: cell.period }));
      assert.ok((await page.locator('#equity-title').innerText()).startsWith('Engagement et équité'));
      const order = { 'engagement-sphere': ['governance', 'care-services', 'teaching', 'community', 'research', 'unknown'],
        'engagement-level': ['information', 'consultation', 'collaboration', 'co-construction', 'self-determination', 'unknown'],
        'engagement-body': ['ministry', 'sante-quebec', 'establishment', 'unknown'] };
      // Engagement strata come before the equity strata.
      const shown = await page.locator('#equity figure').evaluateAll((els) => els.map((e) => e.dataset.stratifier));
      assert.deepEqual(shown.slice(0, 3), ['engagement-sphere', 'engagement-level', 'engagement-body']);
      for (const [stratifier, codes] of Object.entries(order)) {
        const rows = await db.all(`SELECT stratum, value FROM ${figures()} WHERE indicator_id = ${q(cell.indicator_id)} AND level = 'province'
          AND period = ${q(cell.period)} AND stratifier = ${q(stratifier)}`);
        // The release grid holds every sphere, level and tier (and unknown), withheld or n = 0 included.
        assert.deepEqual(rows.map((r) => r.stratum).sort(), [...codes].sort(), `${stratifier}: the whole domain`);
        const table = page.locator(`#equity figure[data-stratifier=${stratifier}] table tbody tr`);
        const texts = await table.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
        assert.deepEqual(texts.map((t) => t[0]), codes.map((c) => labels.get(`stratum/${c}`).label_fr), `${stratifier}: labels in order`);
        for (const [i, code] of codes.entries()) {
          const row = rows.find((r) => r.stratum === code);
          if (row.value != null) assert.equal(space(texts[i][1]), space(expectedFormat('fr', 'proportion', row.value)), `${stratifier}/${code} value`);
          else assert.equal(texts[i][1], '', `${stratifier}/${code}: no value shown`);
        }
      }
      assert.deepEqual(errors, []);
      await close();
    });

    test('a figure with a target says whether it is met, as DuckDB reads it, and its agreed actions are listed beside it', async () => {
      const [row] = await db.all(`
        SELECT indicator_id, trajectory, period, target_id, target_value, target_status FROM ${figures()}
        WHERE level = 'province' AND stratifier = 'all' AND period_type = 'year' AND target_status = 'not_met'
          AND indicator_id IN (SELECT indicator_id FROM read_parquet('${join(out, 'public', 'action_plans', '**', '*.parquet')}'))
        ORDER BY indicator_id, period DESC LIMIT 1`);
      assert.ok(row, 'the sample has a provincial figure that misses its target, with agreed actions');
      const { close, page, errors } = await openPage(shared, base + hashOf({ view: 'dashboard', t: row.trajectory, i: row.indicator_id, level: 'province', period: row.period }));
      assert.equal(await page.getByTestId('target-status').getAttribute('data-status'), row.target_status);
      assert.equal(space(await page.getByTestId('target-status').innerText()), labels.get(`target_status/${row.target_status}`).label_fr);
      assert.equal(Number(await page.getByTestId('target').getAttribute('data-value')), row.target_value);
      assert.ok(await page.locator('svg .goal').count() > 0, 'the trend chart draws the target line');
      const plans = await db.all(`SELECT action_id, status FROM read_parquet('${join(out, 'public', 'action_plans', '**', '*.parquet')}')
        WHERE indicator_id = ${q(row.indicator_id)} ORDER BY action_id`);
      const shown = await page.getByTestId('action-plan').evaluateAll((els) => els.map((e) => ({ action_id: e.dataset.action, status: e.dataset.status })));
      assert.ok(plans.length > 0);
      assert.deepEqual(shown.sort((a, b) => (a.action_id < b.action_id ? -1 : 1)), plans.map((p) => ({ ...p })));
      assert.deepEqual(errors, []);
      await close();
    });

    test('a figure says since when its period is final, and the periods not final yet are listed with their date', async () => {
      const release = readJson(join(out, 'public', 'release.json'));
      const id = Object.keys(release.notYetFinal).sort()[0];
      assert.ok(id, 'the sample has periods not final yet');
      const [row] = await db.all(`SELECT trajectory, period, cast(final_on AS VARCHAR) final_on FROM ${figures()}
        WHERE indicator_id = ${q(id)} AND level = 'province' AND stratifier = 'all' AND period_type = 'year' ORDER BY period DESC LIMIT 1`);
      const { close, page, errors } = await openPage(shared, base + hashOf({ view: 'dashboard', t: row.trajectory, i: id, level: 'province', period: row.period }));
      assert.equal(await page.getByTestId('final-on').getAttribute('data-date'), row.final_on);
      const listed = await page.locator('[data-testid=not-yet-final] span').evaluateAll((els) => els.map((e) => ({ period: e.dataset.period, finalOn: e.dataset.finalOn })));
      assert.deepEqual(listed, release.notYetFinal[id].map((w) => ({ period: w.period, finalOn: w.finalOn })));
      assert.deepEqual(errors, []);
      await close();
    });

    test('a mean share that the catalog presents in percent is shown as a percentage', async () => {
      const entry = dictionary.find((x) => x.scoring !== 'proportion' && /en pourcentage/.test(x.description.fr));
      if (!entry) return;
      const [row] = await db.all(`SELECT period, value FROM ${figures()} WHERE indicator_id = ${q(entry.id)} AND level = 'province' AND stratifier = 'all'
        AND period_type = 'year' AND value IS NOT NULL ORDER BY period DESC LIMIT 1`);
      if (!row) return; // every provincial year of it withheld by disclosure control
      const { close, page } = await openPage(shared, base + hashOf({ view: 'dashboard', t: entry.trajectory, i: entry.id, level: 'province', period: row.period }));
      assert.equal(space(await page.getByTestId('value').innerText()), space(expectedFormat('fr', 'proportion', row.value)));
      await close();
    });

    test('a withheld cell shows as withheld, never as a number', async () => {
      const [row] = await db.all(`
        SELECT indicator_id, trajectory, unit_code, unit_name, period, suppression_reason, value FROM ${figures()}
        WHERE level = 'establishment' AND stratifier = 'all' AND period_type = 'year' AND suppressed AND n IS DISTINCT FROM 0
        ORDER BY indicator_id, unit_code, period LIMIT 1`);
      assert.ok(row, 'the output has a withheld establishment figure');
      assert.equal(row.value, null);
      const { close, page, errors } = await openPage(shared, base + hashOf({ view: 'dashboard', t: row.trajectory, i: row.indicator_id, level: 'establishment', unit: row.unit_code, period: row.period }));
      const cell = page.getByTestId('withheld');
      assert.equal(await cell.getAttribute('data-reason'), row.suppression_reason ?? '');
      const expected = labels.get(`suppression_reason/${row.suppression_reason}`)?.label_fr ?? 'Supprimé (non publié pour protéger la confidentialité)';
      assert.equal(await cell.innerText(), expected);
      assert.equal(await page.getByTestId('value').count(), 0, 'no value is shown for a withheld cell');
      const tableRow = page.locator('[data-testid=funnel-table] tbody tr').filter({ has: page.locator('th', { hasText: row.unit_name }) });
      assert.equal(await tableRow.count(), 1);
      assert.equal(await tableRow.locator('td').nth(1).textContent(), expected);
      assert.deepEqual(errors, []);
      await close();
    });

    test('the funnel marks the establishments DuckDB flags as outliers', async () => {
      const [row] = await db.all(`
        SELECT indicator_id, trajectory, period, count(*) FILTER (outlier_flag IS NOT NULL) AS assessed,
               count(*) FILTER (outlier_flag NOT IN ('within')) AS outliers, count(*) AS establishments
        FROM ${figures()} WHERE level = 'establishment' AND stratifier = 'all' AND period_type = 'year'
        GROUP BY ALL ORDER BY outliers DESC, assessed DESC, indicator_id LIMIT 1`);
      assert.ok(row.assessed > 0, 'some establishment is assessed in a funnel');
      const { close, page, errors } = await openPage(shared, base + hashOf({ view: 'dashboard', t: row.trajectory, i: row.indicator_id, level: 'province', period: row.period }));
      assert.equal(await page.locator('#funnel svg .outlier').count(), Number(row.outliers));
      assert.equal(await page.locator('[data-testid=funnel-table] tbody tr').count(), Number(row.establishments));
      // The chart downloads as SVG (the same marks) and as PNG.
      const [svg] = await Promise.all([page.waitForEvent('download'), page.locator('#funnel [data-testid=chart-svg]').click()]);
      const svgText = readFileSync(await svg.path(), 'utf8');
      assert.match(svgText, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      assert.equal((svgText.match(/class="point outlier/g) || []).length, Number(row.outliers));
      const [png] = await Promise.all([page.waitForEvent('download'), page.locator('#funnel [data-testid=chart-png]').click()]);
      assert.deepEqual([...readFileSync(await png.path()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
      assert.deepEqual(errors, []);
      await close();
    });

    test('partial periods are marked, in the trend table and above the figure', async () => {
      // A year whose provincial quarters with data are fewer than four (or that ends after the as-of date).
      const [row] = await db.all(`
        WITH quarters AS (SELECT indicator_id, trajectory, period_start, period_end FROM ${figures()}
                          WHERE level = 'province' AND stratifier = 'all' AND period_type = 'quarter' AND n IS DISTINCT FROM 0),
             span AS (SELECT indicator_id, trajectory, min(period_start) AS first, max(period_end) AS last FROM quarters GROUP BY ALL)
        SELECT y.indicator_id, y.trajectory, y.period FROM ${figures()} y JOIN span USING (indicator_id)
        WHERE y.level = 'province' AND y.stratifier = 'all' AND y.period_type = 'year' AND y.value IS NOT NULL
          AND (y.period_start < span.first OR y.period_end > span.last OR y.period_end > DATE ${q(asOf)})
        ORDER BY y.indicator_id, y.period LIMIT 1`);
      assert.ok(row, 'the sample has a partial year');
      const { close, page } = await openPage(shared, base + hashOf({ view: 'dashboard', t: row.trajectory, i: row.indicator_id, level: 'province', period: row.period }));
      assert.equal(await page.getByTestId('partial').count(), 1, 'the figure says its period is partial');
      const labelsShown = await page.locator('[data-testid=trend-table-year] tbody th').allTextContents();
      assert.ok(labelsShown.includes(`${row.period} (partielle)`), `the trend table marks ${row.period}: ${labelsShown}`);
      assert.ok((await page.locator('#trend figure[data-period-type=year] .legend').innerText()).includes('Période partielle'), 'the legend explains the mark');
      await close();
    });

    test('search finds an establishment from a lowercase unaccented fragment, and its page shows DuckDB’s figures', async () => {
      const [target] = await db.all(`SELECT DISTINCT unit_code, unit_name FROM ${figures()} WHERE level = 'establishment' AND unit_name ILIKE '%Sacré-Cœur%' LIMIT 1`);
      assert.ok(target, 'the sample has Sacré-Cœur');
      const { close, page, errors } = await openPage(shared, base, { width: 390, height: 844 });
      await page.getByTestId('search').fill('hopital sacre coeur');
      const link = page.locator(`#search-results a[data-unit="${target.unit_code}"]`);
      await link.waitFor({ timeout: 10000 });
      assert.equal(await page.locator('#search-results a').first().getAttribute('data-unit'), target.unit_code, 'it is the first result');
      // A short name and a case-changed prefix find units too.
      await page.getByTestId('search').fill('chum');
      await page.waitForFunction(() => /CHUM/.test(document.querySelector('#search-results a')?.title ?? ''), null, { timeout: 10000 });
      await page.getByTestId('search').fill('hopital sacre coeur');
      await link.waitFor();
      await link.click();
      await page.waitForFunction(() => location.hash.includes('view=unit') && document.body.dataset.ready === 'true');
      assert.equal(await page.getByTestId('unit-title').innerText(), target.unit_name);
      const shown = await checkUnitCards(page, out, 'establishment', target.unit_code);
      assert.ok(shown.length >= 5, `the page lists the establishment’s indicators (${shown.length})`);
      // Each card links to its indicator view.
      const href = await page.locator('[data-testid=unit-card] h3 a').first().getAttribute('href');
      assert.match(href, /view=dashboard/);
      const csv = await downloadCsv(page, page.getByTestId('csv-unit'));
      assert.equal(csv.rows.length, shown.length, 'the CSV has one row per card');
      for (const c of shown) {
        const r = csv.rows.find((x) => x.indicator_id === c.indicator);
        assert.equal(r.period, c.period);
        if (c.kind === 'published') assert.equal(Number(r.value), Number(c.value));
        else assert.equal(r.value, null);
      }
      assert.deepEqual(errors, []);
      await close();
    });

    test('a region page lists the region’s indicators with DuckDB’s figures', async () => {
      const [region] = await db.all(`SELECT unit_code, count(DISTINCT indicator_id) AS k FROM ${figures()} WHERE level = 'region' GROUP BY 1 ORDER BY k DESC, 1 LIMIT 1`);
      const { close, page, errors } = await openPage(shared, base + hashOf({ view: 'unit', level: 'region', unit: region.unit_code }));
      await checkUnitCards(page, out, 'region', region.unit_code);
      assert.deepEqual(errors, []);
      await close();
    });

    test('the CSV downloads equal DuckDB’s rows: the funnel table and the whole indicator', async () => {
      const [row] = await db.all(`SELECT indicator_id, trajectory, period FROM ${figures()} WHERE level = 'establishment' AND period_type = 'year' AND value IS NOT NULL
        GROUP BY ALL ORDER BY count(*) DESC, indicator_id LIMIT 1`);
      const { close, page, errors } = await openPage(shared, base + hashOf({ view: 'dashboard', t: row.trajectory, i: row.indicator_id, level: 'province', period: row.period }));
      const funnel = await downloadCsv(page, page.locator('#funnel button[data-testid=csv-table]'));
      const expected = await db.all(`SELECT * FROM ${figures()} WHERE indicator_id = ${q(row.indicator_id)} AND period = ${q(row.period)}
        AND level = 'establishment' AND stratifier = 'all'`);
      assert.equal(funnel.rows.length, expected.length, 'one CSV row per establishment');
      for (const e of expected) {
        const got = funnel.rows.find((r) => r.unit_code === e.unit_code);
        assert.ok(got, `${e.unit_code} is in the CSV`);
        for (const c of Object.keys(got)) assert.ok(sameCell(e[c], got[c]), `${e.unit_code} ${c}: ${e[c]} vs ${got[c]}`);
      }
      const whole = await downloadCsv(page, page.getByTestId('csv-indicator'));
      const all = await db.all(`SELECT * FROM ${figures()} WHERE indicator_id = ${q(row.indicator_id)}`);
      assert.equal(whole.rows.length, all.length, 'one CSV row per published row');
      const key = (r) => [r.level, r.unit_code, r.period, r.stratifier, r.stratum].join('|');
      const byKey = new Map(whole.rows.map((r) => [key(r), r]));
      const columns = Object.keys(whole.rows[0]);
      assert.deepEqual(columns.slice().sort(), Object.keys(all[0]).sort(), 'the CSV has every column of the indicator');
      for (const e of all) {
        const got = byKey.get(key({ ...e, n: null }));
        assert.ok(got, `${key(e)} is in the CSV`);
        for (const c of columns) assert.ok(sameCell(e[c], got[c]), `${key(e)} ${c}: ${e[c]} vs ${got[c]}`);
      }
      assert.deepEqual(errors, []);
      await close();
    });

    test('a stale link shows a notice and the closest valid view', async () => {
      const entry = dictionary.find((x) => x.id.endsWith('-12m')) ?? dictionary[0];
      const stale = entry.id.replace(/-12m$/, '-24m');
      const { close, page, errors } = await openPage(shared, base + hashOf({ view: 'dashboard', i: stale, level: 'establishment', unit: 'no-such-unit', period: '2031' }));
      const notices = await page.getByTestId('notice').allInnerTexts();
      assert.ok(notices.some((n) => n.includes(stale)), `a notice names the unknown indicator: ${notices}`);
      assert.ok(notices.some((n) => n.includes('no-such-unit')), 'a notice names the unknown unit');
      assert.ok(notices.some((n) => n.includes('2031')), 'a notice names the unknown period');
      const shownId = await page.inputValue('#sel-indicator');
      assert.ok(dictionary.some((x) => x.id === shownId), 'a published indicator is shown');
      if (stale !== entry.id) assert.equal(shownId, entry.id, 'the closest indicator by name');
      assert.equal(await page.inputValue('#sel-level'), 'province', 'an unknown unit leads to the province');
      const period = await page.inputValue('#sel-period');
      const [{ latest }] = await db.all(`SELECT max(period) AS latest FROM ${figures()} WHERE indicator_id = ${q(shownId)} AND period_type = 'year'
        AND level = 'province' AND stratifier = 'all' AND value IS NOT NULL`);
      const [{ last }] = await db.all(`SELECT max(period) AS last FROM ${figures()} WHERE indicator_id = ${q(shownId)} AND period_type = 'year'`);
      assert.equal(period, latest ?? last, 'the closest year to 2031 with a published figure (or the latest year, when every one is withheld)');
      const unitPage = await openPage(shared, base + hashOf({ view: 'unit', level: 'establishment', unit: 'no-such-unit' }));
      assert.ok((await unitPage.page.getByTestId('notice').allInnerTexts()).some((n) => n.includes('no-such-unit')));
      assert.equal(await unitPage.page.getByTestId('search').count(), 1, 'the notice leads to the search');
      await unitPage.close();
      assert.deepEqual(errors, []);
      await close();
    });

    test('switching language changes the labels to the dictionary’s English', async () => {
      const entry = dictionary[0];
      const { close, page, errors } = await openPage(shared, base + hashOf({ view: 'dashboard', t: entry.trajectory, i: entry.id }));
      assert.equal(await page.getByTestId('indicator-title').innerText(), entry.title.fr);
      assert.equal(await page.locator('#sel-trajectory option:checked').innerText(), labels.get(`trajectory/${entry.trajectory}`).label_fr);
      await page.click('#lang-switch');
      await waitForRender(page);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal(await page.getByTestId('indicator-title').innerText(), entry.title.en);
      assert.equal(await page.locator('#sel-trajectory option:checked').innerText(), labels.get(`trajectory/${entry.trajectory}`).label_en);
      assert.equal(await page.locator('#sel-level option:checked').innerText(), labels.get('level/province').label_en);
      assert.deepEqual(errors, []);
      await close();
    });

    test('the indicator record shows the co-construction record from the catalog; the glossary is bilingual', async () => {
      const entry = dictionary.findLast((x) => x.measure_status === 'active');
      const { close, page, errors } = await openPage(shared, `${base}#view=record&t=${entry.trajectory}&i=${entry.id}`);
      const text = await page.getByTestId('record').innerText();
      for (const needle of [entry.title.fr, ...entry.endorser, ...entry.author, entry.approval_date, entry.last_review_date, entry.version]) {
        assert.ok(text.includes(needle), `the record shows ${needle}`);
      }
      assert.ok(text.includes(labels.get(`improvement_notation/${entry.improvement_notation}`).label_fr));
      await gotoView(page, `${base}#view=help`);
      const glossary = await page.getByTestId('glossary').innerText();
      for (const term of ['Intervalle de confiance', 'Entonnoir', 'RLS', 'n', '(Funnel']) assert.ok(glossary.includes(term), `the glossary has ${term}`);
      assert.deepEqual(errors, []);
      await close();
    });

    test('a draft Measure says so, French first, above its figures, in its record and in the list; without figures it is not listed', async () => {
      const draft = labels.get('measure_status/draft');
      const paths = datapackage.resources.find((r) => r.name === 'indicators')?.path ?? [];
      const hasFigures = (x) => [paths].flat().some((p) => p.startsWith(`indicators/trajectory=${x.trajectory}/indicator_id=${x.id}/`));
      const portrait = dictionary.filter((x) => x.trajectory === 'partnership-portrait');
      assert.equal(portrait.length, 4, 'the dictionary lists the establishments’ portrait Measures');
      for (const x of portrait) {
        assert.equal(x.measure_status, 'draft');
        assert.deepEqual(x.endorser, []);
        assert.equal(x.approval_date, null);
      }
      const { close, page, errors } = await openPage(shared, `${base}#lang=fr`);
      const browse = await page.locator('.browse').innerText();
      for (const x of dictionary) {
        const listed = browse.includes(x.title.fr);
        if (x.measure_status === 'draft') assert.equal(listed, hasFigures(x), `${x.id}: a draft is listed once it has figures`);
        if (listed) assert.equal(browse.includes(`${x.title.fr} · ${draft.label_fr}`), x.measure_status === 'draft', `${x.id}: marked draft or not`);
      }
      // The portrait Measures when the run has their figures, else any draft that has some.
      const entry = portrait.find(hasFigures) ?? dictionary.find((x) => x.measure_status === 'draft' && hasFigures(x));
      if (entry) {
        await gotoView(page, base + hashOf({ view: 'dashboard', t: entry.trajectory, i: entry.id, lang: 'fr' }));
        assert.equal(await page.getByTestId('indicator-title').innerText(), entry.title.fr);
        assert.equal(await page.locator('#sel-trajectory option:checked').innerText(), labels.get(`trajectory/${entry.trajectory}`).label_fr);
        assert.equal(await page.getByTestId('measure-status').innerText(), draft.label_fr);
        await page.click('#lang-switch');
        await waitForRender(page);
        assert.equal(await page.getByTestId('measure-status').innerText(), draft.label_en);
        await gotoView(page, `${base}#view=record&t=${entry.trajectory}&i=${entry.id}&lang=fr`);
        assert.equal(await page.getByTestId('measure-status').innerText(), draft.label_fr);
        if (!entry.endorser.length) assert.equal(await page.getByTestId('not-endorsed').innerText(), 'Pas encore approuvée par un comité');
      }
      assert.deepEqual(errors, []);
      await close();
    });
  });
});

describe('every view at phone, tablet and desktop widths', { concurrency: 2 }, () => {
  const WIDTHS = [320, 360, 390, 768, 1440];
  const AXE_AT = [390, 1440];
  let views;
  before(async () => {
    const [est] = await db.all(`SELECT indicator_id, trajectory, unit_code, max(period) FILTER (value IS NOT NULL) AS period FROM ${figures()}
      WHERE level = 'establishment' AND stratifier = 'all' AND period_type = 'year' GROUP BY ALL
      ORDER BY max(length(unit_name)) DESC, count(*) FILTER (value IS NOT NULL) DESC, indicator_id LIMIT 1`);
    const [region] = await db.all(`SELECT unit_code FROM ${figures()} WHERE level = 'region' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
    const adjusted = dictionary.find((x) => x.adjusted) ?? dictionary[0];
    views = {
      landing: '',
      'indicator, province': hashOf({ view: 'dashboard', t: dictionary[0].trajectory, i: dictionary[0].id }),
      'indicator, establishment with the longest name': hashOf({ view: 'dashboard', t: est.trajectory, i: est.indicator_id, level: 'establishment', unit: est.unit_code, period: est.period }),
      'adjusted indicator': hashOf({ view: 'dashboard', t: adjusted.trajectory, i: adjusted.id, lang: 'en' }),
      'establishment page': hashOf({ view: 'unit', level: 'establishment', unit: est.unit_code }),
      'region page': hashOf({ view: 'unit', level: 'region', unit: region.unit_code, lang: 'en' }),
      record: hashOf({ view: 'record', t: adjusted.trajectory, i: adjusted.id }),
      glossary: '#view=help',
    };
  });

  // Each view is loaded once, at the narrowest width, then the window is widened through the
  // others. The indicator views draw their charts for the width at render time and draw them
  // again on a resize; each check waits for that new drawing. The other views are laid out by CSS.
  for (const name of ['landing', 'indicator, province', 'indicator, establishment with the longest name', 'adjusted indicator',
    'establishment page', 'region page', 'record', 'glossary']) {
    test(`${name}: no horizontal scroll and chart text of 12 px or more at ${WIDTHS.join(', ')} px, and axe finds no serious or critical violation at ${AXE_AT.join(' and ')} px`, async () => {
      const hash = views[name];
      assert.ok(hash != null, `${name} is a view`);
      const { close, page, errors } = await openPage(shared, `${base}${hash}`, { width: WIDTHS[0], height: 800 });
      const redraws = await page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('view') === 'dashboard');
      assert.equal(redraws, hash.includes('view=dashboard'), `${name}: the view is an indicator view or not, as its address says`);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      for (const width of WIDTHS) {
        if (width !== WIDTHS[0]) {
          if (redraws) {
            // Resolves when the view's content is replaced, i.e. drawn again for the new width.
            await page.evaluate(() => {
              window.balisesRedrawn = new Promise((done) => new MutationObserver((_, o) => { o.disconnect(); done(); })
                .observe(document.querySelector('#view'), { childList: true }));
            });
          }
          await page.setViewportSize({ width, height: 800 });
          if (redraws) {
            await page.evaluate(() => Promise.race([window.balisesRedrawn,
              new Promise((_, fail) => setTimeout(() => fail(new Error('the view was not drawn again after a resize')), 10000))]));
            await waitForRender(page);
            await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
          }
        }
        const m = await page.evaluate(() => {
          const texts = [...document.querySelectorAll('svg.chart text')];
          const sizes = texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * (t.closest('svg').getScreenCTM()?.a ?? 1));
          return { doc: document.documentElement.scrollWidth, view: document.documentElement.clientWidth, inner: window.innerWidth,
            minText: sizes.length ? Math.min(...sizes) : null, charts: texts.length };
        });
        assert.equal(m.inner, width, `${name}: the window is ${width} px wide`);
        assert.ok(m.doc <= m.view, `${name} at ${width} px: document ${m.doc} px wide in a ${m.view} px viewport`);
        if (m.minText != null) assert.ok(m.minText >= 11.9, `${name} at ${width} px: chart text ${m.minText.toFixed(1)} px`);
        if (AXE_AT.includes(width)) {
          const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
          const bad = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
          assert.deepEqual(bad.map((v) => `${name} at ${width} px: ${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target})`), []);
        }
      }
      assert.deepEqual(errors, []);
      await close();
    });
  }

  test('an A4 print fits the page width, with the tables open and the address printed', async () => {
    const { close, page } = await openPage(shared, base + views['indicator, establishment with the longest name'], { width: 718, height: 1000 });
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const m = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: document.documentElement.clientWidth,
      closed: document.querySelectorAll('details:not([open])').length, url: getComputedStyle(document.querySelector('.print-only')).display,
      controls: getComputedStyle(document.querySelector('#controls')).display }));
    assert.ok(m.doc <= m.view, `printed ${m.doc} px wide on a ${m.view} px A4 text width`);
    assert.equal(m.closed, 0, 'every table is open');
    assert.equal(m.url, 'block', 'the address is printed');
    assert.equal(m.controls, 'none', 'the menus are not printed');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10000);
    await close();
  });
});

describe('robust to broken and reshaped data', () => {
  test('an unreadable catalog shows a message in French and English', async () => {
    const dir = publicCopy(out, 'broken-catalog');
    writeFileSync(join(dir, 'public', 'datapackage.json'), '{ not json');
    const broken = await serve(dir);
    const { close, page } = await openPage(shared, broken.url);
    const box = page.getByTestId('broken');
    assert.equal(await box.locator('[lang=fr]').count() > 0, true);
    assert.equal(await box.locator('[lang=en]').count() > 0, true);
    assert.match(await box.innerText(), /n’ont pas pu être lues[\s\S]*could not be read/);
    assert.ok(!(await page.locator('body').innerText()).includes('null'), 'no "null" on the page');
    await close();
    broken.server.close();
  });

  test('an unreadable indicator file shows a bilingual message, and the other indicators still work', async () => {
    const [bad, good] = dictionary;
    const dir = publicCopy(out, 'broken-indicator', (src, target, path) => {
      if (!path.includes(`indicator_id=${bad.id}/`)) return false;
      writeFileSync(target, 'not a parquet file');
      return true;
    });
    const broken = await serve(dir);
    const { close, page } = await openPage(shared, broken.url + hashOf({ view: 'dashboard', t: bad.trajectory, i: bad.id }));
    const box = page.getByTestId('broken');
    assert.match(await box.innerText(), /n’ont pas pu être lues[\s\S]*could not be read/);
    await page.selectOption('#sel-indicator', good.id);
    await waitForRender(page);
    assert.equal(await page.getByTestId('broken').count(), 0);
    assert.ok((await page.getByTestId('value').count()) + (await page.getByTestId('withheld').count()) + (await page.getByTestId('no-row').count()) > 0);
    await close();
    broken.server.close();
  });

  // Skipped: its synthetic n = 0 rows (year 1999) assume establishment quarters and region strata,
  // which the pipeline no longer publishes; the real output now has that shape and the tests above
  // read it. To be rewritten on the current grid.
  test.skip('the coming shape of public/indicators: one withheld code, rows with n = 0, no modelled columns, targets missing', async () => {
    const root = publicCopy(out, 'new-shape', () => false);
    // Rewrite every indicator file with DuckDB in the announced shape.
    const paths = datapackage.resources.find((r) => r.name === 'indicators').path;
    for (const path of paths) {
      const src = join(out, 'public', path);
      const target = join(root, 'public', path);
      rmSync(target);
      await db.all(`COPY (
        SELECT * REPLACE (
          CASE WHEN suppression_reason IS NOT NULL THEN 'withheld' END AS suppression_reason,
          CASE WHEN level = 'establishment' AND hash(unit_code) % 2 = 0 THEN NULL ELSE funnel_target END AS funnel_target)
        FROM read_parquet(${q(src)})
        UNION ALL
        -- n = 0 rows: a unit and year with no one measured, for the establishment with the most rows.
        SELECT * REPLACE (
          '1999' AS period, DATE '1999-01-01' AS period_start, DATE '1999-12-31' AS period_end, 0::BIGINT AS n, NULL::BIGINT AS numerator,
          NULL::DOUBLE AS value, NULL::DOUBLE AS ci_lower, NULL::DOUBLE AS ci_upper, false AS suppressed, NULL::VARCHAR AS suppression_reason,
          NULL::DOUBLE AS adjusted_value, NULL::DOUBLE AS adjusted_ci_lower, NULL::DOUBLE AS adjusted_ci_upper, NULL::DOUBLE AS funnel_target,
          NULL::DOUBLE AS funnel_lower_95, NULL::DOUBLE AS funnel_upper_95, NULL::DOUBLE AS funnel_lower_998, NULL::DOUBLE AS funnel_upper_998, NULL::VARCHAR AS outlier_flag)
        FROM read_parquet(${q(src)}) WHERE period_type = 'year' AND period = (SELECT min(period) FILTER (period_type = 'year') FROM read_parquet(${q(src)}))
      ) TO ${q(target)} (FORMAT parquet, COMPRESSION zstd)`);
    }
    // A co-constructed target in the catalog for every indicator (the catalog has none yet): the provincial value of its latest year.
    const dictDir = join(root, 'public', 'dictionary');
    rmSync(dictDir);
    mkdirSync(dictDir);
    for (const f of ['codes.csv', 'columns.csv', 'dictionary.md']) writeFileSync(join(dictDir, f), readFileSync(join(out, 'public', 'dictionary', f)));
    const targets = new Map((await db.all(`SELECT indicator_id, arg_max(value, period) AS target FROM ${figures()} WHERE level = 'province'
      AND stratifier = 'all' AND period_type = 'year' AND value IS NOT NULL GROUP BY 1`)).map((r) => [r.indicator_id, r.target]));
    writeFileSync(join(dictDir, 'indicators.json'), JSON.stringify(dictionary.map((x) => ({ ...x, target: targets.has(x.id) ? { value: targets.get(x.id) } : undefined }))));
    const reshaped = await serve(root);
    // The establishment page of the establishment in most indicators.
    const [est] = await db.all(`SELECT unit_code FROM ${figures(root)} WHERE level = 'establishment' GROUP BY 1 ORDER BY count(DISTINCT indicator_id) DESC, 1 LIMIT 1`);
    const { close, page, errors } = await openPage(shared, reshaped.url + hashOf({ view: 'unit', level: 'establishment', unit: est.unit_code }));
    const withTargets = await checkUnitCards(page, root, 'establishment', est.unit_code);
    // Each published card says whether the target is met, as DuckDB's value and the direction say.
    for (const c of withTargets.filter((x) => x.kind === 'published' && targets.has(x.indicator))) {
      const entry = dictionary.find((x) => x.id === c.indicator);
      const met = entry.improvement_notation === 'decrease' ? Number(c.value) <= targets.get(c.indicator) : Number(c.value) >= targets.get(c.indicator);
      const card = page.locator(`[data-testid=unit-card][data-indicator="${c.indicator}"] [data-testid=target]`);
      assert.equal(await card.getAttribute('data-met'), String(met), `${c.indicator}: target met`);
    }
    // The n = 0 year reads as no data, never as a value.
    await page.selectOption('#unit-period', '1999');
    await page.waitForFunction(() => location.hash.includes('period=1999') && document.body.dataset.ready === 'true');
    const shown = await cards(page);
    assert.ok(shown.some((c) => c.kind === 'empty'), 'the n = 0 rows are shown');
    assert.ok(shown.every((c) => ['empty', 'absent'].includes(c.kind) && c.value === undefined), 'every 1999 card is “no data”');
    assert.ok((await page.getByTestId('unit-card').first().innerText()).includes('Aucune donnée'));
    // A withheld figure with a code the dictionary does not know reads as withheld.
    const [w] = await db.all(`SELECT indicator_id, trajectory, unit_code, period FROM ${figures(root)} WHERE level = 'establishment' AND stratifier = 'all'
      AND period_type = 'year' AND suppression_reason = 'withheld' ORDER BY 1, 3, 4 LIMIT 1`);
    await gotoView(page, reshaped.url + hashOf({ view: 'dashboard', t: w.trajectory, i: w.indicator_id, level: 'establishment', unit: w.unit_code, period: w.period }));
    assert.match(await page.getByTestId('withheld').innerText(), /^Supprimé/);
    // An adjusted indicator still draws its funnel without modelled_n and with targets missing.
    const adjusted = dictionary.find((x) => x.adjusted);
    if (adjusted) {
      await gotoView(page, reshaped.url + hashOf({ view: 'dashboard', t: adjusted.trajectory, i: adjusted.id, level: 'province' }));
      assert.equal(await page.locator('#funnel svg').count(), 1);
    }
    assert.deepEqual(errors, []);
    await close();
    reshaped.server.close();
  });
});
