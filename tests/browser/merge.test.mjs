// kmsite merge in a real browser: three offices' portals (the example portal
// under three titles and addresses, each with a page of its own) merged into
// the first; the first's search page finds pages of all three, links each at
// its own address, names its office, and filters by office.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {cpSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {done, launch, removeTree, searchResults, serve, test} from './lib.mjs';

const [kmsite, repo] = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'kmsite-merge-'));
const offices = [
  {name: 'north', title: 'สำนักงานเขตเหนือ', url: 'https://km.example.go.th/', fruit: 'ลำไย'},
  {name: 'south', title: 'สำนักงานเขตใต้', url: 'https://km.example.go.th/south/', fruit: 'ยางพารา'},
  {name: 'east', title: 'สำนักงานเขตตะวันออก', url: 'https://east.example.go.th/', fruit: 'ทุเรียน'},
];
for (const o of offices) {
  const dir = join(work, o.name);
  for (const part of ['content', 'site-config', 'themes']) cpSync(join(repo, part), join(dir, part), {recursive: true});
  const config = join(dir, 'site-config/site.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace(/^title: .*$/m, `title: ${o.title}`));
  writeFileSync(join(dir, `content/articles/harvest-${o.name}.md`),
    `---\ntitle: ฤดูเก็บเกี่ยว${o.fruit}ของ${o.title}\ndescription: ปฏิทินเก็บเกี่ยว${o.fruit}\n---\n` +
    `ปฏิทินการเก็บเกี่ยวผลผลิตประจำปีของ${o.title} ช่วงเก็บเกี่ยว${o.fruit}\n`);
  execFileSync(kmsite, ['build', '--source', dir, '--out', join(dir, 'public'), '--base-url', o.url, '--quiet']);
}
const portal = join(work, 'portal');
execFileSync(kmsite, ['merge', ...offices.map((o) => join(work, o.name, 'public')), '--out', portal, '--quiet']);

const server = await serve(portal);
const browser = await launch();
const page = await browser.newPage();

const search = (q, extra = '') => searchResults(page, server.url, q, extra);

await test('one search finds the pages of all three offices, each at its own address', async () => {
  const results = await search('ปฏิทินการเก็บเกี่ยว');
  const hrefs = results.map((r) => r.href);
  assert.deepEqual(hrefs.filter((h) => h.includes('harvest-')).sort(), [
    '/articles/harvest-north/',
    '/south/articles/harvest-south/',
    'https://east.example.go.th/articles/harvest-east/',
  ], hrefs.join(' '));
  // Each result says which office's portal it is on.
  const east = results.find((r) => r.href.includes('harvest-east'));
  assert.match(east.meta, /สำนักงานเขตตะวันออก/);
});

await test("a word only one office has finds that office's page first", async () => {
  for (const o of offices) {
    const results = await search(`เก็บเกี่ยว${o.fruit}`);
    assert.ok(results.length >= 1, o.fruit);
    assert.match(results[0].href, new RegExp(`harvest-${o.name}/$`), results.map((r) => r.href).join(' '));
  }
});

await test('the pages every office shares are found on each office’s portal', async () => {
  // The example portal's PMSS pages are in all three portals: the first
  // results come from all three, in turn (the same page ranks the same).
  const hrefs = (await search('PMSS')).map((r) => r.href);
  const site = (h) => h.startsWith('https://east.') ? 'east' : h.startsWith('/south/') ? 'south' : 'north';
  assert.deepEqual(hrefs.slice(0, 3).map(site), ['north', 'south', 'east'], hrefs.join(' '));
  assert.equal(hrefs[1], `/south${hrefs[0]}`);
  assert.equal(hrefs[2], `https://east.example.go.th${hrefs[0]}`);
});

await test('the office filter keeps one office’s pages', async () => {
  await search('ปฏิทินการเก็บเกี่ยว');
  const options = await page.$$eval('#search-filter-site option', (os) => os.map((o) => o.value));
  assert.deepEqual(options.slice(1).sort(), offices.map((o) => o.title).sort());
  assert.equal(await page.textContent('label[for="search-filter-site"]'), 'เว็บไซต์');
  const east = await search('ปฏิทินการเก็บเกี่ยว', `&site=${encodeURIComponent('สำนักงานเขตตะวันออก')}`);
  assert.ok(east.length >= 1);
  for (const r of east) assert.match(r.href, /^https:\/\/east\.example\.go\.th\//);
});

await browser.close();
server.close();
done(() => removeTree(work));
