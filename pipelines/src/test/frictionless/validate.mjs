// Validates a Frictionless Data Package with the reference JavaScript library (datapackage-js and
// its tableschema-js): the descriptor against the Data Package profile, every resource's
// descriptor, and every CSV resource's rows against its Table Schema (header names, types,
// required values). Usage: node validate.mjs PUBLIC_FOLDER
//
// Balises writes its CSV files in UTF-8 with a byte-order mark, so that spreadsheet programs read
// the accents right. datapackage-js does not drop a byte-order mark (frictionless-py and most CSV
// readers do): it would read it as part of the first column's name. So the rows are read with
// tableschema-js from the file's text with the mark removed; the check counts the files that had
// one. Prints one line per error and "valid: …" on success; exits 1 when anything is invalid.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import path from 'node:path';
const require = createRequire(import.meta.url);
const { Package } = require('datapackage');
const { Table } = require('tableschema');

const folder = path.resolve(process.argv[2] ?? '.');
const errors = [];
const pkg = await Package.load(path.join(folder, 'datapackage.json'), { basePath: folder });
for (const e of pkg.errors) errors.push(`package: ${e.message}`);
let rows = 0;
let tables = 0;
let marked = 0;
for (const resource of pkg.resources) {
  for (const e of resource.errors) errors.push(`${resource.name}: ${e.message}`);
  if (!resource.tabular || !resource.valid) continue;
  tables++;
  try {
    let text = readFileSync(path.join(folder, resource.descriptor.path), 'utf8');
    if (text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1);
      marked++;
    }
    const table = await Table.load(() => Readable.from([text]), {
      schema: resource.descriptor.schema,
    });
    rows += (await table.read({ keyed: true })).length;
  } catch (e) {
    const detail = e.errors ? e.errors.map((x) => x.message).join('; ') : '';
    errors.push(`${resource.name}: ${e.message} ${detail}`.trim());
  }
}
if (!pkg.valid) errors.push('package: not valid');
for (const e of errors) console.log(e);
if (errors.length) process.exit(1);
console.log(
  `valid: ${pkg.resources.length} resources; ${tables} CSV tables (${marked} with a UTF-8 BOM), ` +
    `${rows} rows read against their schemas`,
);
