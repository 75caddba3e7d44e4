// Shared by the browser tests: build a site, serve it over HTTP, drive Debian's
// Chromium with playwright-core (never a downloaded browser).
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {createServer} from 'node:http';
import {createServer as createTcpServer} from 'node:net';
import {tmpdir} from 'node:os';
import {extname, join, normalize} from 'node:path';
import {chromium} from 'playwright-core';

const types = {'.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
               '.json': 'application/json', '.xml': 'application/xml', '.svg': 'image/svg+xml',
               '.csv': 'text/csv; charset=utf-8', '.yml': 'text/yaml'};

export function buildSite(kmsite, source) {
  const out = mkdtempSync(join(tmpdir(), 'kmsite-browser-'));
  execFileSync(kmsite, ['build', '--source', source, '--out', join(out, 'public'), '--quiet']);
  return join(out, 'public');
}

// A static file server that also counts the bytes each request sends;
// `headers` go on every response (a Content-Security-Policy under test).
export async function serve(root, {headers = {}} = {}) {
  const log = [];
  const server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (path.includes('..')) { res.writeHead(400); return res.end(); }
    let file = join(root, path);
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      log.push({path, bytes: body.length});
      res.writeHead(200, {...headers,
                          'Content-Type': types[extname(file)] || 'application/octet-stream'});
      res.end(body);
    } catch {
      res.writeHead(404, {'Content-Type': 'text/html; charset=utf-8'});
      res.end(readFileSync(join(root, '404.html')));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {url: `http://127.0.0.1:${server.address().port}`, log, close: () => server.close()};
}

// A TCP port free on 127.0.0.1 now, for a server the test starts itself.
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createTcpServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const {port} = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// The search page's results for a query, once it has answered, as the
// contract has them (links in #search-results, in rank order): each
// result's href and its line of details (site, kind, date).
export async function searchResults(page, siteUrl, q, extra = '') {
  await page.goto(`${siteUrl}/search/?q=${encodeURIComponent(q)}${extra}`);
  await page.waitForFunction(() => {
    const s = document.getElementById('search-status').textContent;
    return s && !s.includes('กำลังค้นหา');
  });
  return page.$$eval('#search-results li', (items) => items.map((li) => ({
    href: li.querySelector('a').getAttribute('href'),
    meta: li.querySelector('.search-meta')?.textContent ?? '',
  })));
}

let failures = 0;
export async function test(name, fn) {
  try {
    await fn();
    console.log(`ok - ${name}`);
  } catch (e) {
    failures++;
    console.log(`not ok - ${name}\n  ${String(e.stack || e).split('\n').join('\n  ')}`);
  }
}
export function done(cleanup) {
  cleanup?.();
  process.exit(failures ? 1 : 0);
}
export function removeTree(dir) { rmSync(dir, {recursive: true, force: true}); }
