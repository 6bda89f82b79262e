/**
 * Serves the built documentation site at /docs on loopback. `npm start` runs this until the local stage,
 * which serves the same page next to the API, takes over.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const page = fileURLToPath(new URL('../dist/docs/index.html', import.meta.url));
const port = Number(process.env.PORT ?? 3000);
const html = await readFile(page).catch(() => {
  console.error(`No docs site at ${page}: run \`npx nx run openapi:build\` first.`);
  process.exit(1);
});

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/' || path === '/docs/') {
    res.writeHead(302, { Location: '/docs' }).end();
  } else if (path === '/docs' && (req.method === 'GET' || req.method === 'HEAD')) {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': html.length });
    res.end(req.method === 'HEAD' ? undefined : html);
  } else {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found: the docs are at /docs\n');
  }
});
server.listen(port, '127.0.0.1', () => console.log(`Docs: http://localhost:${port}/docs  (Ctrl-C to stop)`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
