// Reader benchmark, hyparquet side: read one indicator's Parquet file and its provincial yearly rows.
import { parquetReadObjects } from 'hyparquet';
import { compressors } from '../src/data.js';

const file = new URLSearchParams(location.search).get('file');
const rows = await parquetReadObjects({ file: await (await fetch(file)).arrayBuffer(), compressors });
const province = rows.filter((r) => r.level === 'province' && r.stratifier === 'all' && r.period_type === 'year');
window.benchResult = { ms: performance.now(), rows: rows.length, province: province.length };
