// Reader benchmark, hyparquet side: read one indicator's Parquet file and its provincial yearly rows.
import { parquetReadObjects } from 'hyparquet';
import { decompress } from 'fzstd';

const file = new URLSearchParams(location.search).get('file');
const rows = await parquetReadObjects({ file: await (await fetch(file)).arrayBuffer(), compressors: { ZSTD: (b) => decompress(b) } });
const province = rows.filter((r) => r.level === 'province' && r.stratifier === 'all' && r.period_type === 'year');
window.benchResult = { ms: performance.now(), rows: rows.length, province: province.length };
