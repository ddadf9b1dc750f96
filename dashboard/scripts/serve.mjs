// Serves the built site (dashboard/dist) with a pipeline output folder beside it: /public/… is
// OUTPUT/public/…, everything else is the site. Static files only, on 127.0.0.1; any static host
// can serve the same two folders (copy dist/* and OUTPUT/public into one folder).
//   node scripts/serve.mjs --data=../out [--port=8080]
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8', '.parquet': 'application/vnd.apache.parquet', '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8', '.png': 'image/png', '.map': 'application/json',
};

function inside(root, urlPath) {
  const file = normalize(join(root, decodeURIComponent(urlPath)));
  return file === root || file.startsWith(root + sep) ? file : null;
}

export function startServer({ data, site = join(here, '..', 'dist'), port = 8080, host = '127.0.0.1', extra = {} }) {
  const publicRoot = resolve(data, 'public');
  const siteRoot = resolve(site);
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file;
    if (url.pathname === '/public' || url.pathname.startsWith('/public/')) file = inside(publicRoot, url.pathname.slice('/public'.length));
    else {
      const mount = Object.keys(extra).find((m) => url.pathname.startsWith(m));
      file = mount ? inside(resolve(extra[mount]), url.pathname.slice(mount.length)) : inside(siteRoot, url.pathname);
    }
    let stat;
    try {
      stat = file && statSync(file);
      if (stat?.isDirectory()) { file = join(file, 'index.html'); stat = statSync(file); }
    } catch { stat = null; }
    if (!stat) { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found'); return; }
    const headers = { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'accept-ranges': 'bytes', 'cache-control': 'no-cache' };
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || '');
    if (range) {
      let start = range[1] === '' ? stat.size - Number(range[2]) : Number(range[1]);
      let end = range[1] !== '' && range[2] !== '' ? Number(range[2]) : stat.size - 1;
      start = Math.max(0, start); end = Math.min(end, stat.size - 1);
      if (start > end) { res.writeHead(416, { 'content-range': `bytes */${stat.size}` }); res.end(); return; }
      res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${stat.size}`, 'content-length': end - start + 1 });
      if (req.method === 'HEAD') { res.end(); return; }
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': stat.size });
    if (req.method === 'HEAD') { res.end(); return; }
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok({ server, url: `http://${host}:${server.address().port}/` }));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
  const data = resolve(process.env.INIT_CWD || process.cwd(), args.data || 'out');
  try { statSync(join(data, 'public')); } catch {
    console.error(`No public/ folder under ${data}: run the main job first (README, Quick start), then pass --data=<its --output folder>.`);
    process.exit(2);
  }
  const { url } = await startServer({ data, port: Number(args.port ?? 8080) });
  console.log(`Balises dashboard: ${url} (data: ${join(data, 'public')}); Ctrl-C to stop`);
}
