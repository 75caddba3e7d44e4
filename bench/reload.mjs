// Save-to-reload latency of `kmsite serve` and `hugo server`, side by side.
//
//   node bench/reload.mjs --corpus DIR [--runs 10] [--tools kmsite,hugo]
//        [--kmsite PATH] [--page articles/page-5.md] [--timeout 30000]
//        [--give-up 3] [--hugo-args "--disableFastRender ..."] [--kmsite-args "..."]
//        [--workdir DIR] [--keep]
//   (bench/reload.sh makes the corpus and calls this; see there.)
//
// Both tools run at once, each on its own copy of the corpus under /work (ext4,
// so neither sees the other's edits): start each dev server, wait until it
// answers HTTP, check that the article's URL serves that article, then:
//
// 1. save-to-reloaded page. Each article open in a tab of headless Chromium.
//    RUNS rounds; in each, for each tool (the order alternating by round): write
//    a unique marker paragraph into the page's Markdown the way an editor saves
//    (open with O_TRUNC, write, close: fs.writeFileSync, in place, same inode),
//    take the time when the write returns, and wait, without any manual reload,
//    until the open page shows the marker. A script added to every document the
//    tab loads (page.addInitScript) watches the DOM with a MutationObserver and
//    DOMContentLoaded/load listeners; when document.body.innerText contains a new
//    marker it reports performance.timeOrigin + performance.now() to Node, so a
//    full reload (Hugo's livereload) and an in-place DOM update both count. The
//    figure is that page time, corrected by the measured Node/Chromium clock
//    offset, minus the save time.
// 2. save-to-served. The tabs closed, the same rounds of edits, while Node GETs
//    the page every 10 ms; the figure is when a response containing the marker
//    has been read.
//
// Before each save the script waits until neither server has used CPU for
// 300 ms (at most 10 s), then one second more after each run, so one tool's
// leftover work does not land in the other's figure. Rounds pair the tools
// under the same background load: the median of each round's ratio is printed
// beside the ratio of the medians.
//
// A run that has not seen its marker after --timeout ms is a failure of that
// tool (reported, not fatal); after --give-up consecutive failures in a phase
// (default 3, 0 = never) that tool's remaining runs of the phase are skipped, so a
// server that never rebuilds costs 90 s per phase rather than RUNS x 30 s.
// Hugo runs in its default mode: renders to memory, Fast Render Mode, live
// reload over a WebSocket on the server's port (--hugo-args adds flags, e.g.
// --disableFastRender or --renderToDisk). Servers run in their own process
// groups and are killed at the end, on errors and on Ctrl-C; their pids are
// listed in WORKDIR/pids for the wrapper to kill should this script die.
import {spawn} from 'node:child_process';
import {appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync,
        writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {join, resolve} from 'node:path';
import {performance} from 'node:perf_hooks';
import {setTimeout as sleep} from 'node:timers/promises';
import {parseArgs} from 'node:util';
import {chromium} from 'playwright-core';

const {values: opt} = parseArgs({options: {
  corpus: {type: 'string'},
  runs: {type: 'string', default: '10'},
  tools: {type: 'string', default: 'kmsite,hugo'},
  kmsite: {type: 'string', default: process.env.KMSITE || new URL('../build/kmsite', import.meta.url).pathname},
  page: {type: 'string', default: 'articles/page-5.md'},
  timeout: {type: 'string', default: '30000'},
  'give-up': {type: 'string', default: '3'},
  'hugo-args': {type: 'string', default: ''},
  'kmsite-args': {type: 'string', default: ''},
  workdir: {type: 'string'},
  keep: {type: 'boolean', default: false},
}});
if (!opt.corpus || !existsSync(join(opt.corpus, 'content', opt.page))) {
  console.error(`reload: --corpus DIR with content/${opt.page} is required`);
  process.exit(2);
}
const runs = Number(opt.runs), timeoutMs = Number(opt.timeout), giveUp = Number(opt['give-up']);
const tools = opt.tools.split(',').filter(Boolean);
const urlPath = '/' + opt.page.replace(/\.md$/, '') + '/';   // articles/page-5.md -> /articles/page-5/
const now = () => performance.timeOrigin + performance.now();   // epoch ms, sub-ms resolution
const ownWorkdir = !opt.workdir;
const work = opt.workdir ? resolve(opt.workdir) : mkdtempSync('/work/bench-reload.');
mkdirSync(work, {recursive: true});

// ---- processes: started in their own groups, killed by id ---------------------------------
const servers = new Set();
let browser;   // a persistent context: one Chromium with a fresh profile
function killGroup(child, signal) {
  try { process.kill(-child.pid, signal); } catch { /* already gone */ }
}
async function stopServer(child) {
  if (!servers.has(child)) return;
  killGroup(child, 'SIGTERM');
  const exited = new Promise((r) => child.exitCode !== null || child.signalCode ? r() : child.once('exit', r));
  if (await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]) === false) {
    killGroup(child, 'SIGKILL');
    await exited;
  }
  servers.delete(child);
}
let cleaning = false;
async function cleanup() {
  if (cleaning) return;
  cleaning = true;
  for (const s of [...servers]) await stopServer(s);
  await browser?.close().catch(() => {});
  if (ownWorkdir && !opt.keep) rmSync(work, {recursive: true, force: true});
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(sig, () => { console.error(`\nreload: ${sig}, stopping servers`); cleanup().finally(() => process.exit(130)); });
process.on('exit', () => { for (const s of servers) killGroup(s, 'SIGKILL'); });   // last resort, synchronous

async function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer().once('error', rej).listen(0, '127.0.0.1', () => {
      const {port} = srv.address();
      srv.close(() => res(port));
    });
  });
}

function startServer(name, cmd, args, log) {
  const fd = openSync(log, 'a');
  const child = spawn(cmd, args, {detached: true, stdio: ['ignore', fd, fd]});
  servers.add(child);
  appendFileSync(join(work, 'pids'), `${child.pid}\n`);
  child.once('exit', (code, sig) => { child.exited = `exit ${code ?? sig}`; });
  child.once('error', (e) => { child.exited = e.message; servers.delete(child); });   // could not start
  return child;
}

async function waitForHttp(child, base, log) {
  const start = now();
  for (;;) {
    if (child.exited) throw new Error(`server ended (${child.exited}) before answering; log ${log}:\n` + tail(log));
    try {
      const r = await fetch(base + '/', {signal: AbortSignal.timeout(2000)});
      await r.arrayBuffer();
      return now() - start;
    } catch { /* not up yet */ }
    if (now() - start > 600_000) throw new Error(`no HTTP answer after 600 s; log ${log}`);
    await sleep(100);
  }
}
const tail = (log) => readFileSync(log, 'utf8').split('\n').slice(-15).join('\n');

// The served page must be this article: status 200 and the front matter's title in the HTML.
// Polled, in case the server answers before its first build is done.
async function verifyPage(url, mdFile) {
  const title = /^title:\s*"?(.*?)"?\s*$/m.exec(readFileSync(mdFile, 'utf8'))?.[1] ?? '';
  const flat = (s) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
                       .replace(/&#39;|&#x27;/g, "'").replace(/&quot;|&#34;/g, '"').replace(/\s+/g, ' ').trim();
  const start = now();
  let last = '';
  const misses = new Map();   // what the server answered before the article, and how often
  while (now() - start < 120_000) {
    try {
      const r = await fetch(url);
      const html = await r.text();
      if (r.status === 200 && flat(html).includes(flat(title)))
        return {bytes: html.length, ms: now() - start, misses: [...misses].map(([k, n]) => `${k} x${n}`).join(', ')};
      last = `answered ${r.status} without the title`;
    } catch (e) { last = e.cause?.code || e.message; }
    misses.set(last, (misses.get(last) || 0) + 1);
    await sleep(200);
  }
  throw new Error(`${url} ${last} of ${mdFile} ("${title.slice(0, 40)}...") for 120 s`);
}

// ---- the page side -------------------------------------------------------------------------
// Runs at the start of every document the tab loads (also after a live reload).
function pageWatcher() {
  const seen = new Set();
  const scan = (why) => {
    const body = document.body;
    if (!body) return;
    const found = body.textContent.match(/reloadmark-[a-z0-9-]+/g);   // cheap test first
    if (!found) return;
    const text = body.innerText;                                       // what is rendered
    const t = performance.timeOrigin + performance.now();
    for (const m of found)
      if (!seen.has(m) && text.includes(m)) { seen.add(m); window.__reloadSeen(m, t, why); }
  };
  new MutationObserver(() => scan('mutation')).observe(document, {childList: true, subtree: true, characterData: true});
  document.addEventListener('DOMContentLoaded', () => scan('DOMContentLoaded'));
  addEventListener('load', () => scan('load'));
}

// Node/Chromium clock offset (page minus Node), from the evaluate round trip with the least delay.
async function clockOffset(page) {
  let best = {rtt: Infinity, offset: 0};
  for (let i = 0; i < 10; i++) {
    const a = now();
    const p = await page.evaluate(() => performance.timeOrigin + performance.now());
    const b = now();
    if (b - a < best.rtt) best = {rtt: b - a, offset: p - (a + b) / 2};
  }
  return best;
}

// ---- measuring -----------------------------------------------------------------------------
const marker = (tool, phase, run) => `reloadmark-${tool}-${phase}-${run}-${Math.random().toString(36).slice(2, 10)}`;
function save(file, original, mark) {
  writeFileSync(file, `${original}\n${mark}\n`);   // O_WRONLY|O_CREAT|O_TRUNC, write, close: in place
  return now();
}

// CPU time (ticks) a server and the children it has waited for have used.
function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');   // fields from 3 (state) on
    return +f[11] + +f[12] + +f[13] + +f[14];   // utime stime cutime cstime
  } catch { return 0; }
}
// Before a save: wait (at most 10 s) until no server has used CPU for 300 ms, so
// one tool's background work after its previous run does not land in the next.
async function quiet(tools) {
  const start = now();
  let last = tools.map((t) => cpuTicks(t.server.pid));
  let stableSince = now();
  while (now() - start < 10_000) {
    await sleep(50);
    const cur = tools.map((t) => cpuTicks(t.server.pid));
    if (cur.some((c, i) => c !== last[i])) { last = cur; stableSince = now(); }
    else if (now() - stableSince >= 300) return;
  }
}

// Copies the corpus, starts the server, checks the article URL, opens it in a tab.
async function setUp(tool) {
  const dir = join(work, tool);
  rmSync(dir, {recursive: true, force: true});
  cpSync(opt.corpus, dir, {recursive: true});
  for (const d of ['public', 'resources', '.kmsite-cache', '.hugo_build.lock']) rmSync(join(dir, d), {recursive: true, force: true});
  const t = {tool, mdFile: join(dir, 'content', opt.page), reload: [], served: [], log: join(work, `${tool}.log`)};
  t.original = readFileSync(t.mdFile, 'utf8');
  const port = await freePort();
  t.url = `http://127.0.0.1:${port}${urlPath}`;
  const extra = (opt[`${tool}-args`] || '').split(/\s+/).filter(Boolean);
  const [cmd, args] = tool === 'kmsite'
    ? [opt.kmsite, ['serve', '--source', dir, '--port', String(port), '--bind', '127.0.0.1', ...extra]]
    : ['hugo', ['server', '--source', dir, '--port', String(port), '--bind', '127.0.0.1', ...extra]];
  t.command = [cmd, ...args].join(' ');
  console.log(`\n== ${tool}: ${t.command}`);
  t.server = startServer(tool, cmd, args, t.log);
  try {
    const startup = await waitForHttp(t.server, `http://127.0.0.1:${port}`, t.log);
    const article = await verifyPage(t.url, t.mdFile);
    console.log(`  answering HTTP after ${(startup / 1000).toFixed(1)} s; ${t.url} serves the article ` +
                `(${article.bytes} bytes)${article.ms > 500 ? ` ${(article.ms / 1000).toFixed(1)} s later` : ''}` +
                (article.misses ? `; before that: ${article.misses}` : ''));
    if (tool === 'hugo')
      t.mode = readFileSync(t.log, 'utf8').split('\n').filter((l) => /Serving pages from|Fast Render/i.test(l)).join('; ');

    t.page = await browser.newPage();
    t.waiters = new Map();
    await t.page.exposeFunction('__reloadSeen', (m, pageT, why) => t.waiters.get(m)?.({pageT, nodeT: now(), why}));
    await t.page.addInitScript(pageWatcher);
    t.channels = [];
    t.page.on('websocket', (ws) => t.channels.push(`WebSocket ${ws.url()}`));
    t.page.on('request', (r) => { if (r.resourceType() === 'eventsource') t.channels.push(`EventSource ${r.url()}`); });
    t.navigations = 0;
    t.page.on('framenavigated', (f) => { if (f === t.page.mainFrame()) t.navigations++; });
    await t.page.goto(t.url, {waitUntil: 'load'});
    await sleep(1500);   // let the live-reload script connect
    t.clock = await clockOffset(t.page);
    t.channel = t.channels.length ? [...new Set(t.channels)].join(', ') : 'none opened by the page';
    console.log(`  live-reload channel: ${t.channel}; page clock offset ${t.clock.offset.toFixed(2)} ms ` +
                `(round trip ${t.clock.rtt.toFixed(2)} ms)`);
  } catch (e) {
    t.error = e.message;
    console.log(`  ${tool}: ERROR ${e.message}`);
    await stopServer(t.server);
  }
  return t;
}

// One save with the page open; resolves when the page shows the marker or on timeout.
async function reloadRun(t, run) {
  const m = marker(t.tool, 'page', run);
  const navBefore = t.navigations;
  const hit = new Promise((res) => t.waiters.set(m, res));
  const t0 = save(t.mdFile, t.original, m);
  const got = await Promise.race([hit, sleep(timeoutMs).then(() => null)]);
  t.waiters.delete(m);
  if (!got) return {error: `marker not shown within ${timeoutMs / 1000} s` +
                           (t.channels.length ? '' : '; the page has no live-reload connection')};
  return {ms: got.pageT - t.clock.offset - t0, nodeMs: got.nodeT - t0,
          note: `${t.navigations > navBefore ? 'page reloaded' : 'updated in place'}, seen at ${got.why}`};
}

// One save with no browser open; GET every 10 ms until the response has the marker.
async function servedRun(t, run) {
  const m = marker(t.tool, 'http', run);
  let errors = 0;
  const t0 = save(t.mdFile, t.original, m);
  while (now() - t0 < timeoutMs) {
    const started = now();
    try {
      const body = await (await fetch(t.url, {cache: 'no-store', signal: AbortSignal.timeout(timeoutMs)})).text();
      if (body.includes(m)) return {ms: now() - t0, note: errors ? `${errors} failed requests` : ''};
    } catch { errors++; }
    const wait = 10 - (now() - started);
    if (wait > 0) await sleep(wait);
  }
  return {error: `GET did not return the marker within ${timeoutMs / 1000} s`};
}

// RUNS rounds; in each, every tool once, the order alternating between rounds.
async function phase(label, key, all, runOne) {
  console.log(`\n-- ${label}`);
  const live = all.filter((t) => !t.error);
  for (let run = 1; run <= runs; run++) {
    for (const t of run % 2 ? live : [...live].reverse()) {
      const inRow = t[key].slice(-Math.max(giveUp, 1));
      if (giveUp > 0 && inRow.length === giveUp && inRow.every((r) => r.error || r.skipped)) {
        t[key].push({skipped: true});
        continue;
      }
      await quiet(live);
      const r = await runOne(t, run);
      t[key].push(r);
      console.log(`  ${t.tool} run ${run}: ` +
                  (r.ms === undefined ? `FAILED (${r.error})` : `${r.ms.toFixed(1)} ms${r.note ? ` (${r.note})` : ''}`));
      await sleep(1000);
    }
  }
}

// ---- report --------------------------------------------------------------------------------
const median = (xs) => { const s = [...xs].sort((a, b) => a - b), n = s.length;
                         return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : undefined; };
function summary(results) {
  const ok = results.filter((r) => r.ms !== undefined).map((r) => r.ms);
  const failed = results.filter((r) => r.error).length, skipped = results.filter((r) => r.skipped).length;
  return {ok, failed, skipped, median: median(ok), min: ok.length ? Math.min(...ok) : undefined,
          max: ok.length ? Math.max(...ok) : undefined};
}
const fmt = (x) => x === undefined ? '-' : x.toFixed(0);
function table(title, key, all) {
  console.log(`\n${title}`);
  console.log(`${'tool'.padEnd(8)} ${'ok/runs'.padStart(8)} ${'median'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)}  failures`);
  const s = {};
  for (const r of all) {
    s[r.tool] = summary(r[key]);
    const x = s[r.tool];
    const why = r.error ? `server error: ${r.error.split('\n')[0]}`
      : [x.failed ? `${x.failed} timed out` : '', x.skipped ? `${x.skipped} skipped after ${giveUp} failures in a row` : '']
          .filter(Boolean).join(', ') || 'none';
    console.log(`${r.tool.padEnd(8)} ${`${x.ok.length}/${runs}`.padStart(8)} ${fmt(x.median).padStart(8)} ${fmt(x.min).padStart(8)} ${fmt(x.max).padStart(8)}  ${why}`);
  }
  if (s.kmsite && s.hugo) {
    const ratio = s.kmsite.median !== undefined && s.hugo.median !== undefined
      ? `${(s.kmsite.median / s.hugo.median).toFixed(2)} (medians)`
      : `n/a (${s.kmsite.median === undefined ? 'kmsite' : 'hugo'} has no successful run)`;
    const pairs = all.find((t) => t.tool === 'kmsite')[key].map((k, i) => [k.ms, all.find((t) => t.tool === 'hugo')[key][i]?.ms])
      .filter(([k, h]) => k !== undefined && h !== undefined).map(([k, h]) => k / h);
    console.log(`ratio kmsite/hugo: ${ratio}` + (pairs.length ? `, ${median(pairs).toFixed(2)} (median of ${pairs.length} rounds' ratios)` : ''));
  }
}

try {
  console.log(`corpus ${resolve(opt.corpus)}, page content/${opt.page} -> ${urlPath}, ${runs} runs, timeout ${timeoutMs / 1000} s, copies in ${work}`);
  // A fresh profile (--user-data-dir) in the work folder; playwright passes it itself.
  browser = await chromium.launchPersistentContext(mkdtempSync(join(work, 'chromium-')), {
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const all = [];
  for (const tool of tools) all.push(await setUp(tool));
  await phase('save-to-reloaded page (tabs open, rounds alternate the order of the tools)', 'reload', all, reloadRun);
  for (const t of all) await t.page?.close();
  await phase('save-to-served (no browser open)', 'served', all, servedRun);
  for (const t of all) {
    if (t.tool === 'hugo' && !t.error)
      t.hugoTotals = [...readFileSync(t.log, 'utf8').matchAll(/Total in (\d+) ms/g)].map((x) => +x[1]);
    if (!t.error) await stopServer(t.server);
  }
  console.log('\n==== results (ms from the save returning)');
  for (const r of all) {
    console.log(`${r.tool}: ${r.command}${r.error ? ' (failed to start)' : ''}`);
    if (r.mode) console.log(`  hugo mode: ${r.mode}${opt['hugo-args'] ? ` (extra flags: ${opt['hugo-args']})` : ' (defaults)'}`);
    if (r.channel) console.log(`  live-reload channel: ${r.channel}`);
    if (r.hugoTotals?.length)
      console.log(`  hugo's own rebuild times (its "Total in" lines): median ${median(r.hugoTotals)} ms over ${r.hugoTotals.length} rebuilds`);
  }
  table('save-to-reloaded page (open in Chromium, no manual reload; marker in document.body.innerText)', 'reload', all);
  table('save-to-served (HTTP GET every 10 ms returns the marker; no browser open)', 'served', all);
  const failed = all.filter((r) => r.error);
  await cleanup();
  process.exit(failed.length === all.length ? 1 : 0);
} catch (e) {
  console.error(`reload: ${e.stack || e}`);
  await cleanup();
  process.exit(1);
}
