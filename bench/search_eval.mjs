// Search quality, kmsite against Pagefind, on the evaluation set of
// tests/search-eval/ (pages written for it and queries.tsv: category, query,
// the one page that answers it), optionally hidden among filler pages made
// from the seeds by gen_corpus.py. Both engines index the same built HTML
// and answer each query in Chromium; the harness records where the expected
// page ranks in the top 10 and the bytes the query downloaded, and prints
// recall at 1 and 5 and MRR per category, side by side.
//
//   node bench/search_eval.mjs --kmsite build/kmsite [--set tests/search-eval]
//        [--filler N --seeds DIR [--gen gen_corpus.py]] [--no-pagefind]
//        [--json FILE] [--check]
//
// --filler N (default 2000) needs --seeds (e.g. ../shared/seeds; gen_corpus.py
// is looked for in its ../bench/). --check also verifies the set itself
// (well-formed, every expected page built and indexed) and that the harness
// read every query's answer; it never judges the quality of either engine.
import {execFileSync} from 'node:child_process';
import {cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';
import {done, launch, removeTree, serve, test} from '../tests/browser/lib.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CATEGORIES = ['plain', 'phrase', 'digits', 'acronym', 'punctuation', 'unicode', 'misspelling', 'prefix',
                    'era', 'loanword'];
const TOP = 10;

function parseArgs(argv) {
  const o = {set: join(repo, 'tests/search-eval'), filler: 2000, pagefind: true, check: false, json: null,
             kmsite: join(repo, 'build/kmsite'), seeds: null, gen: null};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--kmsite') o.kmsite = resolve(next());
    else if (a === '--set') o.set = resolve(next());
    else if (a === '--filler') o.filler = Number(next());
    else if (a === '--seeds') o.seeds = resolve(next());
    else if (a === '--gen') o.gen = resolve(next());
    else if (a === '--json') o.json = resolve(next());
    else if (a === '--no-pagefind') o.pagefind = false;
    else if (a === '--check') o.check = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(o.filler) || o.filler < 0) throw new Error('--filler takes a whole number');
  if (o.filler > 0 && !o.seeds) throw new Error('--filler needs --seeds DIR (or --filler 0)');
  o.gen ??= o.seeds && join(o.seeds, '..', 'bench', 'gen_corpus.py');
  return o;
}

// queries.tsv: a header, comments (#), then category, query, expected URL.
// "\uXXXX" in a query is that character: the invisible and reordered
// characters keyboards and PDFs produce stay readable in the file.
function readQueries(file) {
  const rows = [], problems = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim() || line.startsWith('#') || line.startsWith('category\t')) return;
    const cols = line.split('\t');
    if (cols.length !== 3) return problems.push(`line ${i + 1}: ${cols.length} columns, not 3`);
    const [category, raw, expected] = cols;
    const query = raw.replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    if (!CATEGORIES.includes(category)) problems.push(`line ${i + 1}: unknown category ${category}`);
    if (!query.trim()) problems.push(`line ${i + 1}: empty query`);
    if (!/^\/([^/?#]+\/)+$/.test(expected)) problems.push(`line ${i + 1}: expected ${expected} is not a page URL`);
    rows.push({line: i + 1, category, query, raw, expected});
  });
  return {rows, problems};
}

// A result's address as a page path: /a/b/ (no host, no index.html).
function pagePath(href) {
  let p = decodeURI(new URL(href, 'http://x').pathname).replace(/index\.html$/, '');
  return p.endsWith('/') ? p : p + '/';
}

function builtPage(site, url) { return existsSync(join(site, url, 'index.html')); }

// The URLs kmsite's index holds (each fragment names its page).
function indexedUrls(site) {
  const urls = [];
  const f = join(site, 'search', 'f');
  for (const group of readdirSync(f)) {
    for (const file of readdirSync(join(f, group))) {
      if (!file.endsWith('.json')) continue;  // the build's .gz/.br copies
      urls.push(JSON.parse(readFileSync(join(f, group, file), 'utf8')).url);
    }
  }
  return urls.map(pagePath).sort();
}

function makeSite(o, work) {
  const src = join(work, 'site');
  cpSync(join(o.set, 'site-config'), join(src, 'site-config'), {recursive: true});
  cpSync(join(o.set, 'content'), join(src, 'content'), {recursive: true});
  if (o.filler > 0) {
    // gen_corpus.py writes article/ sop/ plan/; the filler goes into the
    // set's sections, as bench/gen-shared-corpus.sh does (names p000123.md).
    const gen = join(work, 'gen');
    execFileSync('python3', [o.gen, o.seeds, gen, String(o.filler), '7']);
    for (const [from, to] of [['article', 'articles'], ['sop', 'sop'], ['plan', 'plans']]) {
      mkdirSync(join(src, 'content', to), {recursive: true});
      for (const f of readdirSync(join(gen, from))) renameSync(join(gen, from, f), join(src, 'content', to, f));
    }
  }
  const out = join(work, 'public');
  execFileSync(o.kmsite, ['build', '--source', src, '--out', out, '--quiet'], {stdio: ['ignore', 'ignore', 'inherit']});
  return out;
}

// Pagefind over exactly the pages kmsite indexes (its default <body>
// indexing, no markup added), with the npm package's binary.
function indexPagefind(site, urls) {
  const bin = join(repo, 'node_modules', '.bin', 'pagefind');
  const glob = `{${urls.map((u) => u.slice(1) + 'index.html').join(',')}}`;
  const log = execFileSync(bin, ['--site', site, '--glob', glob], {encoding: 'utf8'});
  const indexed = Number((log.match(/Indexed (\d+) pages/) || [])[1]);
  if (indexed !== urls.length) throw new Error(`Pagefind indexed ${indexed} pages, kmsite ${urls.length}:\n${log}`);
  writeFileSync(join(site, 'pagefind-eval.html'),
                '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>Pagefind</title></head><body></body></html>\n');
  return JSON.parse(readFileSync(join(repo, 'node_modules', 'pagefind', 'package.json'), 'utf8')).version;
}

// What a host that gzips text sends for a file: its gzip size, or its own
// size when it is compressed already (Pagefind's index, fragments, wasm).
const sizes = new Map();
function wireBytes(site, path) {
  if (!sizes.has(path)) {
    const body = readFileSync(join(site, path));
    sizes.set(path, body[0] === 0x1f && body[1] === 0x8b ? body.length : gzipSync(body).length);
  }
  return sizes.get(path);
}
function bytesOf(site, log, prefixes) {
  const files = log.filter((r) => !r.path.endsWith('/') && prefixes.some((p) => r.path.startsWith(p)));
  return {requests: files.length, raw: files.reduce((s, r) => s + r.bytes, 0),
          gzip: files.reduce((s, r) => s + wireBytes(site, r.path), 0)};
}

// kmsite: its search page with the query in the address, answered once
// #search-status says found (พบ) or not found (ไม่พบ). Bytes: the search
// script and every search/ file the query fetched (the page itself, its
// style sheet and fonts are not the query's).
async function askKmsite(browser, server, site, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  server.log.length = 0;
  try {
    await page.goto(`${server.url}/search/?q=${encodeURIComponent(q)}`);
    const status = await page.waitForFunction(() => {
      const s = document.getElementById('search-status').textContent;
      return /พบ|ค้นหาไม่สำเร็จ/.test(s) && s;
    }, null, {timeout: 30000}).then((h) => h.jsonValue());
    const hrefs = await page.$$eval('#search-results li > a', (as) => as.map((a) => a.getAttribute('href')));
    return {status, results: hrefs.slice(0, TOP).map(pagePath),
            ...bytesOf(site, server.log, ['/search/', '/js/search'])};
  } catch (e) {
    return {error: String(e.message || e).split('\n')[0], results: []};
  } finally {
    await context.close();
  }
}

// Pagefind: its JS API from a blank page on the same server, the top 10
// results' data loaded (as a result list shows them). Bytes: every
// /pagefind/ file the query fetched, its script and wasm included.
async function askPagefind(browser, server, site, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/pagefind-eval.html`);
    server.log.length = 0;
    const urls = await page.evaluate(async ({q, top}) => {
      const pagefind = await import('/pagefind/pagefind.js');
      const search = await pagefind.search(q);
      const data = await Promise.all(search.results.slice(0, top).map((r) => r.data()));
      return data.map((d) => d.url);
    }, {q, top: TOP});
    return {results: urls.map(pagePath), ...bytesOf(site, server.log, ['/pagefind/'])};
  } catch (e) {
    return {error: String(e.message || e).split('\n')[0], results: []};
  } finally {
    await context.close();
  }
}

function rankOf(answer, expected) {
  const i = answer.results.indexOf(expected);
  return i < 0 ? null : i + 1;
}

function median(xs) {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function summarise(results, engine) {
  const ranks = results.map((r) => r[engine].rank);
  return {n: ranks.length, at1: ranks.filter((r) => r === 1).length, at5: ranks.filter((r) => r && r <= 5).length,
          mrr: ranks.reduce((s, r) => s + (r ? 1 / r : 0), 0) / (ranks.length || 1),
          medianGzip: median(results.map((r) => r[engine].gzip))};
}

function printTable(results, engines) {
  const groups = CATEGORIES.map((c) => [c, results.filter((r) => r.category === c)]).concat([['all', results]]);
  const pct = (k, n) => `${String(k).padStart(3)}/${String(n).padEnd(3)} ${(100 * k / (n || 1)).toFixed(0).padStart(3)}%`;
  const kb = (b) => (b == null ? '-' : (b / 1024).toFixed(1));
  let head = 'category    ';
  for (const e of engines) head += `| ${e.padEnd(8)} R@1            R@5             MRR  `;
  head += '| median KB per query (gzip) ' + engines.join(' / ');
  console.log(head);
  const summary = {};
  for (const [name, rows] of groups) {
    if (!rows.length) continue;
    let line = name.padEnd(12);
    summary[name] = {};
    for (const e of engines) {
      const s = summarise(rows, e);
      summary[name][e] = s;
      line += `| ${' '.repeat(8)} ${pct(s.at1, s.n)}  ${pct(s.at5, s.n)}  ${s.mrr.toFixed(3)} `;
    }
    line += '| ' + engines.map((e) => kb(summary[name][e].medianGzip)).join(' / ');
    console.log(line);
  }
  return summary;
}

const o = parseArgs(process.argv.slice(2));
const {rows, problems} = readQueries(join(o.set, 'queries.tsv'));
for (const p of problems) console.error(`queries.tsv: ${p}`);
const work = mkdtempSync(join(tmpdir(), 'kmsite-search-eval-'));
const site = makeSite(o, work);
const indexed = indexedUrls(site);
const engines = ['kmsite'];
let pagefindVersion = null;
if (o.pagefind) {
  pagefindVersion = indexPagefind(site, indexed);
  engines.push('pagefind');
}
let commit = null;
try {
  commit = execFileSync('git', ['-C', repo, 'rev-parse', '--short', 'HEAD'], {encoding: 'utf8'}).trim();
} catch {}

const server = await serve(site);
const browser = await launch();
const results = [];
for (const r of rows) {
  const entry = {category: r.category, query: r.query, expected: r.expected};
  for (const e of engines) {
    const answer = await (e === 'kmsite' ? askKmsite : askPagefind)(browser, server, site, r.query);
    entry[e] = {...answer, rank: rankOf(answer, r.expected)};
  }
  results.push(entry);
}
await browser.close();
server.close();

console.log(`${rows.length} queries, ${indexed.length} indexed pages (${o.filler} filler), kmsite ${commit ?? '?'}` +
            (pagefindVersion ? `, Pagefind ${pagefindVersion}` : ''));
const summary = printTable(results, engines);
const report = {date: new Date().toISOString(), kmsite_commit: commit, pagefind_version: pagefindVersion,
                filler_pages: o.filler, indexed_pages: indexed.length, top: TOP, summary, queries: results};
if (o.json) writeFileSync(o.json, JSON.stringify(report, null, 1) + '\n');

if (o.check) {
  const assert = (await import('node:assert/strict')).default;
  await test('queries.tsv is well formed, each category has at least 10 queries, no query twice', async () => {
    assert.deepEqual(problems, []);
    for (const c of CATEGORIES) {
      const n = rows.filter((r) => r.category === c).length;
      assert.ok(n >= 10, `${c}: ${n} queries`);
    }
    const seen = new Map();
    for (const r of rows) {
      assert.ok(!seen.has(r.query), `line ${r.line} repeats line ${seen.get(r.query)}: ${r.raw}`);
      seen.set(r.query, r.line);
    }
  });
  await test('every expected page is built and in the search index', async () => {
    const missing = rows.filter((r) => !builtPage(site, r.expected) || !indexed.includes(r.expected));
    assert.deepEqual(missing.map((r) => `line ${r.line}: ${r.expected}`), []);
  });
  await test('the harness read an answer for every query, and each result is a built page', async () => {
    for (const r of results) {
      for (const e of engines) {
        assert.ok(!r[e].error, `${e} ${r.query}: ${r[e].error}`);
        assert.ok(r[e].results.length <= TOP);
        for (const url of r[e].results) assert.ok(builtPage(site, url), `${e} ${r.query}: ${url} is no page`);
      }
      assert.match(r.kmsite.status, /พบ/, r.query);
      assert.ok(r.kmsite.requests > 0, `${r.query}: no search file fetched`);
    }
    // The harness sees result lists at all (a broken selector would see none).
    assert.ok(results.some((r) => r.kmsite.results.length > 0));
  });
  if (o.json) {
    await test('the JSON report has every query', async () => {
      const back = JSON.parse(readFileSync(o.json, 'utf8'));
      assert.equal(back.queries.length, rows.length);
      assert.deepEqual(back.queries.map((q) => q.expected), rows.map((r) => r.expected));
    });
  }
  done(() => removeTree(work));
} else {
  removeTree(work);
}
