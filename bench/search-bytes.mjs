// Bytes a browser downloads for a query, kmsite vs Pagefind, on the same site:
// node bench/search-bytes.mjs SITE_DIR "query" ["query" ...]
// SITE_DIR holds kmsite's output (with search/) and Pagefind's (pagefind/).
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {readFileSync} from 'node:fs';
import {launch, serve} from '../tests/browser/lib.mjs';

const [site, ...queries] = process.argv.slice(2);
writeFileSync(join(site, 'pagefind-query.html'), `<!DOCTYPE html><html><body><script type="module">
const q = new URLSearchParams(location.search).get('q');
const pagefind = await import('/pagefind/pagefind.js');
const search = await pagefind.search(q);
const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
window.done = {count: search.results.length, shown: data.length};
</script></body></html>`);
const server = await serve(site);
const browser = await launch();
const gz = (path) => gzipSync(readFileSync(join(site, path))).length;  // what a gzip-serving host sends
const measure = (prefixes) => {
  const files = server.log.filter((r) => !r.path.endsWith('/') && prefixes.some((p) => r.path.startsWith(p)));
  return {requests: files.length, raw: files.reduce((s, r) => s + r.bytes, 0),
          gzip: files.reduce((s, r) => s + (r.path.endsWith('.pf_fragment') || r.path.endsWith('.pf_index') ||
                                          r.path.endsWith('.pf_meta') || r.path.endsWith('.wasm') ? r.bytes : gz(r.path)), 0)};
};
console.log('query\tkmsite results\tkmsite requests\tkmsite KB (gzip)\tpagefind results\tpagefind requests\tpagefind KB (gzip)');
for (const q of queries) {
  let page = await browser.newPage();
  server.log.length = 0;
  await page.goto(`${server.url}/search/?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => /\d/.test(document.getElementById('search-status').textContent) ||
                                    document.getElementById('search-status').textContent.includes('ไม่พบ'));
  const kCount = await page.$$eval('#search-results li', (l) => l.length);
  const k = measure(['/search/', '/js/search.js']);
  await page.close();
  page = await browser.newPage();
  server.log.length = 0;
  await page.goto(`${server.url}/pagefind-query.html?q=${encodeURIComponent(q)}`);
  const p = await page.waitForFunction(() => window.done, null, {timeout: 60000}).then((h) => h.jsonValue());
  const pf = measure(['/pagefind/']);
  await page.close();
  console.log(`${q}\t${kCount}\t${k.requests}\t${(k.gzip / 1024).toFixed(1)}\t${p.shown}\t${pf.requests}\t${(pf.gzip / 1024).toFixed(1)}`);
}
await browser.close();
server.close();
