// `kmsite serve` in Debian's Chromium: a save reloads the open page by itself,
// a broken page shows the build's errors over the last good page (screenshots
// at phone and desktop widths), the fix removes them and reloads, and nothing
// is ever written into the site's public/ folder.
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {done, freePort, launch, removeTree, test} from './lib.mjs';

const [kmsite, repo] = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'kmsite-serve-'));
const site = join(work, 'site');
const page = join(site, 'content/articles/first.md');
const second = join(site, 'content/articles/second.md');
const secondText = (more) => '---\ntitle: บทความที่สอง\ndate: 2024-05-01\ntags: [ทดสอบ]\n' +
  'description: บทความที่มีวันที่ สำหรับทดสอบ\n---\n## หัวข้อ\n\nเนื้อหาที่สอง\n' + more;

// The e2e tests' make_site (tests/e2e/lib.sh): the default theme, a site.yaml
// with the conforming footer menu, the conforming pages and one article.
function makeSite() {
  const fixture = join(repo, 'tests/fixtures/conforming-site.sh');
  mkdirSync(join(site, 'site-config'), {recursive: true});
  mkdirSync(join(site, 'content/articles'), {recursive: true});
  mkdirSync(join(site, 'themes'), {recursive: true});
  cpSync(join(repo, 'themes/default'), join(site, 'themes/default'), {recursive: true});
  const footer = execFileSync('bash', ['-c', 'source "$1" && conforming_footer_menu', '_', fixture]);
  writeFileSync(join(site, 'site-config/site.yaml'), `title: ศูนย์ความรู้ทดสอบ
title_en: Test Knowledge Centre
office: สำนักงานทดสอบ
base_url: https://km.example.go.th/
contact: {phone: "0 2000 0000", email: km@example.go.th}
sections:
  articles: {kind: article, title: บทความ}
menus:
  main:
    - {name: หน้าแรก, name_en: Home, url: /}
${footer}`);
  execFileSync('bash', ['-c', 'source "$1" && write_conforming_pages "$2" หน้าแรก ยินดีต้อนรับ', '_',
                        fixture, join(site, 'content')]);
  writeFileSync(page, '---\ntitle: บทความแรก\ntags: [ทดสอบ]\n---\n## หัวข้อ\n\nเนื้อหา\n');
  writeFileSync(second, secondText(''));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Starts `kmsite serve` and waits for its "serving" line (a taken port is retried).
let server = null;
let log = '';
async function startServer() {
  for (let attempt = 0; attempt < 5; ++attempt) {
    const port = await freePort();
    log = '';
    server = spawn(kmsite, ['serve', '--source', site, '--port', String(port), '--bind', '127.0.0.1'],
                   {stdio: ['ignore', 'pipe', 'pipe']});
    server.stdout.on('data', (d) => { log += d; });
    server.stderr.on('data', (d) => { log += d; });
    const exited = new Promise((r) => server.once('exit', r));
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline && server.exitCode === null && server.signalCode === null) {
      if (log.includes(`kmsite: serving `) && log.includes(`at http://127.0.0.1:${port}/`)) {
        return `http://127.0.0.1:${port}`;
      }
      await sleep(50);
    }
    if (server.exitCode === null) {
      server.kill('SIGKILL');
      throw new Error(`kmsite serve never said it was serving:\n${log}`);
    }
    await exited;
    if (!log.includes('cannot listen')) throw new Error(`kmsite serve exited:\n${log}`);
  }
  throw new Error(`no free port:\n${log}`);
}
function stopServer() {
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
}
process.on('exit', stopServer);
// Whatever happens, the test ends (and the server with it).
const watchdog = setTimeout(() => {
  console.log(`not ok - the test did not finish in 150 s\n  server log:\n${log}`);
  stopServer();
  process.exit(1);
}, 150000);
watchdog.unref();

// Polls the page's state until check(state) holds. Survives the page
// reloading itself in between (its execution context is then replaced).
// The server prints its line before it tells the browsers, but the pipe and
// the browser are read by different events here: wait briefly for the line.
async function logShows(pattern, ms = 3000) {
  const deadline = Date.now() + ms;
  while (!pattern.test(log) && Date.now() < deadline) await sleep(50);
  assert.match(log, pattern);
}

async function until(tab, check, what, ms = 15000) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await tab.evaluate(pageState);
      if (check(last)) return last;
    } catch (e) {
      last = String(e.message || e).split('\n')[0];  // navigating: try again
    }
    await sleep(100);
  }
  throw new Error(`${what} within ${ms / 1000} s (last: ${JSON.stringify(last).slice(0, 400)})\n  server log:\n${log}`);
}

// What the page shows: its script's generation, its text without the
// overlay, the overlay, and whether this document was loaded before the mark.
const pageState = () => {
  const box = document.getElementById('kmsite-errors');
  const main = document.body.cloneNode(true);
  main.querySelector('#kmsite-errors')?.remove();
  const r = box?.getBoundingClientRect();
  return {
    site: document.querySelector('script[src="/__kmsite/live.js"]')?.getAttribute('data-site') ?? null,
    marked: window.__kmsiteMark === true,
    text: document.body.innerText,
    underneath: main.textContent,
    box: box && {
      role: box.getAttribute('role'),
      heading: box.querySelector('h2')?.textContent ?? '',
      items: [...box.querySelectorAll('ul > li > code')].map((c) => c.textContent),
      visible: r.width > 0 && r.height > 0 && getComputedStyle(box).visibility !== 'hidden',
      height: r.height,
      viewport: window.innerHeight,
    },
  };
};

makeSite();
let browser = null;
let tab = null;
let url;
const loads = [];
let generation = null;  // data-site after the first rebuild
const unique = `ประโยคใหม่สำหรับทดสอบการโหลดซ้ำ ${process.pid}-${Date.now()}`;
const fixed = `เนื้อหาที่ซ่อมแล้ว ${process.pid}-${Date.now()}`;

try {
  url = await startServer();
  browser = await launch();
  tab = await browser.newPage({viewport: {width: 1280, height: 800}});
  // Navigations of the page (a reload commits one before any of its text shows).
  tab.on('framenavigated', (frame) => { if (frame === tab.mainFrame()) loads.push(frame.url()); });

  await test('serve answers the article with the reload script, generation 1', async () => {
    await tab.goto(`${url}/articles/first/`);
    const s = await tab.evaluate(pageState);
    assert.equal(s.site, '1');
    assert.match(s.text, /บทความแรก/);
    assert.match(s.text, /เนื้อหา/);
    assert.equal(s.box, null);
  });

  await test('a save of the Markdown reloads the open page by itself with the new text', async () => {
    // A mark in this document: gone once the page has been loaded again.
    await tab.evaluate(() => { window.__kmsiteMark = true; });
    const loadsBefore = loads.length;
    writeFileSync(page, `---\ntitle: บทความแรก\ntags: [ทดสอบ]\n---\n## หัวข้อ\n\nเนื้อหา\n\n${unique}\n`);
    const now = await until(tab, (st) => st.text.includes(unique), 'the page never showed the edit by itself');
    generation = now.site;
    assert.equal(now.marked, false, 'the page shows the edit without having been loaded again');
    assert.ok(loads.length > loadsBefore, 'no navigation: the page was not reloaded');
    assert.equal(loads.at(-1), `${url}/articles/first/`, 'the page navigated elsewhere');
    assert.ok(Number(now.site) > 1, `data-site is ${now.site} after a rebuild`);
    await logShows(/kmsite: rebuilt after content\/articles\/first\.md in \d+ ms/);
  });

  await test('a body edit reloads the pages that show it, not the other open pages', async () => {
    // A dated article's body: its own page is shown at once (a preview),
    // the rest is built after; the other tab's page shows nothing of it.
    const other = await browser.newPage({viewport: {width: 1280, height: 800}});
    const otherLoads = [];
    other.on('framenavigated', (frame) => { if (frame === other.mainFrame()) otherLoads.push(frame.url()); });
    await other.goto(`${url}/articles/second/`);
    await tab.evaluate(() => { window.__kmsiteMark = true; });
    await other.evaluate(() => { window.__kmsiteMark = true; });
    const text = `ย่อหน้าที่เพิ่มในบทความที่สอง ${process.pid}`;
    writeFileSync(second, secondText(`\n${text}\n`));
    const st = await until(other, (st) => st.text.includes(text), 'the edited page never showed the edit');
    assert.equal(st.marked, false, 'the edited page shows the edit without having been loaded again');
    await logShows(/kmsite: rebuilt after content\/articles\/second\.md in \d+ ms/);
    await sleep(500);  // what the build after the preview changed has reached the pages
    const first = await tab.evaluate(pageState);
    assert.equal(first.marked, true, 'the page of the other article was reloaded, yet its bytes did not change');
    const again = await other.evaluate(pageState);
    assert.equal(again.marked, false);
    assert.ok(again.text.includes(text));
    assert.equal(otherLoads.length, 2, `the edited page loaded ${otherLoads.length} times, not once more`);
    await other.close();
  });

  await test('broken front matter: the errors show over the last good page, which stays', async () => {
    await tab.evaluate(() => { window.__kmsiteMark = true; });
    writeFileSync(page, '---\ntitle: [unclosed\n---\nเนื้อหาที่พัง\n');
    const st = await until(tab, (st) => st.box?.visible && st.box.items.length > 0,
                           'the error overlay never showed');
    assert.ok(st.box, 'no #kmsite-errors');
    assert.equal(st.box.role, 'alert');
    assert.ok(st.box.heading.length > 0, 'the overlay has a heading');
    assert.ok(st.box.items.some((e) => /^content\/articles\/first\.md:\d+:\d+: error: .+/.test(e)),
              `no "content/articles/first.md:LINE:COL: error:" item in ${JSON.stringify(st.box.items)}`);
    assert.equal(st.marked, true, 'the page was reloaded instead of keeping the last good site');
    assert.equal(st.site, generation, 'the failed build changed the generation');
    assert.ok(st.underneath.includes(unique), 'the last good content is not under the overlay');
    assert.ok(!st.underneath.includes('เนื้อหาที่พัง'), 'the broken content was served');
    assert.ok(st.box.height < st.box.viewport, 'the overlay covers the whole page');
    assert.equal(server.exitCode, null, 'a broken page ended the server');
    await logShows(/still serving the last site that built/);
    for (const [name, width, height] of [['phone', 390, 844], ['desktop', 1280, 800]]) {
      await tab.setViewportSize({width, height});
      await sleep(100);
      const file = join(work, `kmsite-overlay-${name}.png`);
      await tab.screenshot({path: file});
      copyFileSync(file, `/tmp/kmsite-overlay-${name}.png`);
      const visible = await tab.isVisible('#kmsite-errors');
      assert.ok(visible, `overlay not visible at ${width}x${height}`);
    }
    console.log('  # screenshots: /tmp/kmsite-overlay-phone.png /tmp/kmsite-overlay-desktop.png');
  });

  await test('the fix removes the overlay and reloads the page with the fixed text', async () => {
    // Saved the way many editors save: a temporary file renamed over the page.
    const temp = join(site, 'content/articles/.first.md.swp-save');
    writeFileSync(temp, `---\ntitle: บทความแรก\ntags: [ทดสอบ]\n---\n## หัวข้อ\n\n${fixed}\n`);
    renameSync(temp, page);
    const st = await until(tab, (st) => st.box === null && st.text.includes(fixed),
                           'the overlay never went away with the fixed text shown');
    assert.equal(st.box, null);
    assert.equal(st.marked, false, 'the page was not reloaded');
    assert.equal(loads.at(-1), `${url}/articles/first/`, 'the page navigated elsewhere');
    assert.ok(Number(st.site) > Number(generation), `data-site is still ${st.site} after the fix`);
    assert.ok(!st.text.includes(unique), 'the old text is still shown');
  });

  await test('serve never created the site\'s public/ folder', async () => {
    assert.ok(!existsSync(join(site, 'public')), `${site}/public exists`);
    assert.equal(server.exitCode, null, 'the server ended');
  });
} catch (e) {
  await test('setting up kmsite serve and Chromium', async () => { throw e; });
} finally {
  await browser?.close().catch(() => {});
  stopServer();
}

done(() => removeTree(work));
