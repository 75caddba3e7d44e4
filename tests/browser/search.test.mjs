// Search in a real browser: Thai typed without spaces, Thai and Arabic digits,
// acronyms, phrases, abbreviations, filters, no results, keyboard use, the
// fallback without Intl.Segmenter, and agreement between the build's
// segmentation (ICU in kmsite) and the browser's (Intl.Segmenter).
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {buildSite, done, launch, removeTree, searchResults, serve, test} from './lib.mjs';

const [kmsite, repo, segmentTool] = process.argv.slice(2);
const site = buildSite(kmsite, repo);
const server = await serve(site);
const browser = await launch();
const page = await browser.newPage();

// Results of a query: their links, in rank order.
async function search(q, extra = '') {
  return (await searchResults(page, server.url, q, extra)).map((r) => r.href);
}

await test('Thai typed without spaces finds its page first', async () => {
  const results = await search('ความมั่นคงปลอดภัยไซเบอร์');
  assert.ok(results.length >= 2, results.join(' '));
  assert.match(results[0], /cyber-security/);
  assert.match(await page.textContent('#search-status'), /พบ \d+ รายการ/);
});

await test('a phrase ranks pages with the words together first', async () => {
  const results = await search('แผนพัฒนางานด้วยเทคโนโลยีดิจิทัล');
  assert.equal(results[0], '/plans/lopburi-digital-plan/');
  const marks = await page.$$eval('#search-results li:first-child mark', (m) => m.length);
  assert.ok(marks > 0, 'excerpt highlights the words');
});

await test('Thai digits find Arabic-digit pages and the reverse', async () => {
  // "158,883,000"-free check: the Lopburi plan writes its budget years in Arabic digits.
  const thai = await search('งบประมาณ ๒๕๖๘');
  assert.ok(thai.includes('/plans/lopburi-digital-plan/'), thai.join(' '));
  // The Tak finance KM plan writes its year only in Thai digits (๒๕๖๖).
  const source = readFileSync(join(repo, 'content/plans/tak-km-finance-2566.md'), 'utf8');
  assert.ok(source.includes('๒๕๖๖') && !source.replace(/^---[\s\S]*?\n---/, '').includes('2566'));
  const arabic = await search('กองคลัง 2566');
  assert.ok(arabic.includes('/plans/tak-km-finance-2566/'), arabic.join(' '));
});

// Issue #15 item 1: the forms Thai keyboards type find what pages store
// (src/thai/normalize.cpp and search.js's normMap fold them the same way).
await test('keyboard variants of Thai find the page as written', async () => {
  const pairs = [
    ['คำรับรองการเข้าถึง', 'ค\u0E4D\u0E32รับรองการเข้าถึง'],  // sara am as nikhahit + sara aa
    ['แผนพัฒนางานด้วยเทคโนโลยีดิจิทัล', '\u0E40\u0E40ผนพัฒนางานด้วยเทคโนโลยีดิจิทัล'],  // เเ for แ
    ['หน่วยงานที่ร่วมเผยแพร่', 'หน่วยงานท\u0E48\u0E35ร่วมเผยแพร่'],  // tone before the upper vowel
    ['ความรู้', 'ความ\u200Bรู\u0E49'],  // a zero-width space inside
  ];
  for (const [stored, typed] of pairs) {
    const want = await search(stored);
    assert.ok(want.length > 0, stored);
    const got = await search(typed);
    assert.deepEqual(got, want, `${JSON.stringify(typed)} finds what ${stored} finds`);
    const marks = await page.$$eval('#search-results li:first-child mark', (m) => m.length);
    assert.ok(marks > 0, `the excerpt marks ${JSON.stringify(typed)}`);
  }
});

await test('numbers with or without thousands separators, in either digits', async () => {
  // The digital literacy article writes "500,000 บาท".
  for (const q of ['500,000 บาท', '500000 บาท', '๕๐๐,๐๐๐ บาท', '๕๐๐๐๐๐ บาท']) {
    const results = await search(q);
    assert.equal(results[0], '/articles/digital-literacy/', `${q}: ${results.join(' ')}`);
  }
});

// Issue #15 item 5: the Lopburi plan's title says พ.ศ. 2567–2570.
await test('a year finds its page in either era', async () => {
  for (const q of ['แผนดิจิทัล ลพบุรี 2027', 'แผนดิจิทัล ลพบุรี ๒๕๗๐', 'แผนดิจิทัล ลพบุรี 2024 ']) {
    const results = await search(q);
    assert.equal(results[0], '/plans/lopburi-digital-plan/', `${q}: ${results.join(' ')}`);
    assert.equal(await page.$('#search-results li:first-child .search-missing'), null, q);
  }
});

// Issue #15 item 4: spelling variants find the page as it spells the word.
await test('spelling variants find the word as the page spells it', async () => {
  const pairs = [
    ['ซอฟต์แวร์ถูกลิขสิทธิ์', 'ซอฟท์แวร์ถูกลิขสิทธิ์'],  // the Lopburi plan's project row
    ['อินเทอร์เน็ต', 'อินเตอร์เน็ต'],
    ['กราฟิก', 'กราฟฟิก'],
  ];
  const marked = () => page.$$eval('#search-results li mark', (m) => m.map((e) => e.textContent).join(' '));
  for (const [stored, typed] of pairs) {
    const want = await search(stored + ' ');
    assert.ok(want.length > 0, stored);
    const wantMarks = await marked();
    const got = await search(typed + ' ');
    assert.ok(got.length > 0 && want.includes(got[0]), `${typed}: ${got.join(' ')} / ${stored}: ${want.join(' ')}`);
    assert.equal(await page.$('#search-results li:first-child .search-missing'), null, typed);
    // Excerpts mark the page's spelling, as for the query spelt that way.
    assert.equal(await marked(), wantMarks, typed);
  }
});

await test('English acronyms, any case', async () => {
  const pmss = await search('pmss');
  assert.deepEqual(await search('PMSS'), pmss);
  assert.ok(pmss.includes('/articles/pmss-document-registration/'), pmss.join(' '));
  const dltv = await search('DLTV');
  assert.ok(dltv.includes('/sop/dltv-support/') && dltv.includes('/articles/dltv-distance-learning/'));
});

// Issue #15 item 4, Latin: a word no page has finds the words an edit or two away.
await test('a mistyped English word finds the word one or two edits away', async () => {
  const marked = () => page.$$eval('#search-results li mark', (m) => m.map((e) => e.textContent.toLowerCase()));
  const right = await search('antivirus ');
  assert.ok(right.length > 0);
  for (const typo of ['antivirsu', 'antivrus', 'antiviruss', 'anitvirus']) {
    const got = await search(typo + ' ');
    assert.deepEqual(got, right, typo);
    assert.ok((await marked()).includes('antivirus'), `${typo}: the page's word is marked`);
    assert.equal(await page.$('#search-results li:first-child .search-missing'), null, typo);
  }
  // Three edits, or a word under five letters, is not taken for a typo.
  assert.deepEqual(await search('antvrss '), []);
  assert.deepEqual(await search('pmsx '), []);
});

// Issue #15 item 6: English loanwords in either script.
await test('a loanword in Latin finds it in Thai script, and the reverse', async () => {
  const marked = () => page.$$eval('#search-results li mark', (m) => m.map((e) => e.textContent));
  // No page writes "computer" or "download" in Latin; these pages write
  // คอมพิวเตอร์ and ดาวน์โหลด.
  const computer = await search('computer ');
  assert.ok(computer.includes('/sop/network-admin-skills/'), computer.join(' '));
  assert.ok((await marked()).includes('คอมพิวเตอร์'), 'the page\'s spelling is marked');
  assert.equal(await page.$('#search-results li:first-child .search-missing'), null);
  assert.deepEqual(await search('คอมพิวเตอร์ '), computer);
  const download = await search('download ');
  assert.ok(download.includes('/articles/open-government-data/'), download.join(' '));
  // No page writes แคนวา: the Latin Canva is found.
  const canva = await search('แคนวา ');
  assert.ok(canva.includes('/articles/canva-infographics/'), canva.join(' '));
  assert.ok((await marked()).some((m) => /canva/i.test(m)), 'Canva is marked');
  // A word of the query that is no loanword is still required as before.
  const both = await search('computer ไม่มีคำนี้แน่นอนเลย');
  assert.ok(both.includes('/sop/network-admin-skills/'), both.join(' '));
});

await test('the text of an infographic finds its image page', async () => {
  // Only the long description of one picture says this.
  const found = await search('ระบบนับวันลาให้');
  assert.equal(found[0], '/galleries/pmss-infographics/pmss-leave/');
});

await test('Thai abbreviations match with or without the dots', async () => {
  const dotted = await search('ผอ.สพท.');
  const bare = await search('ผอสพท');
  assert.ok(dotted.length > 0);
  assert.deepEqual(bare, dotted);
});

await test('filters narrow results by kind', async () => {
  const all = await search('คณะทำงาน');
  const sops = await search('คณะทำงาน', '&kind=sop');
  assert.ok(sops.length > 0 && sops.length < all.length);
  assert.ok(sops.every((href) => href.startsWith('/sop/')), sops.join(' '));
  assert.equal(await page.inputValue('#search-filter-kind'), 'sop');
});

// Issue #15 item 2: one word no page has (a typo, a word the site never
// uses) no longer empties the results.
await test('a query whose words are not all found lists pages by how much they cover', async () => {
  const all = await search('ความมั่นคงปลอดภัยไซเบอร์');
  const some = await search('ความมั่นคงปลอดภัยไซเบอร์ qzxwv');
  assert.ok(some.length >= all.length && all.length > 0, `${some.length} results`);
  assert.equal(some[0], all[0], 'the best page for the words found still comes first');
  const missing = await page.textContent('#search-results li:first-child .search-missing');
  assert.match(missing, /ไม่มีคำว่า\s+qzxwv/);
  assert.equal(await page.$eval('#search-results li:first-child .search-missing s', (e) => e.textContent), 'qzxwv');
  // A page with every word comes before pages with some: "แผน" alone is on
  // many pages; with "ลพบุรี" the Lopburi plan (both words) is first and
  // carries no "missing" line.
  const both = await search('แผน ลพบุรี');
  assert.equal(both[0], '/plans/lopburi-digital-plan/');
  assert.equal(await page.$('#search-results li:first-child .search-missing'), null);
  const last = await page.$$eval('#search-results li .search-missing', (m) => m.length);
  assert.ok(last > 0, 'pages with only one of the words follow, marked');
  // A word a page lacks is not marked in its excerpt: คลาวด์ (segmented
  // คลา|วด์ here) is on no page, and คลา must not light up inside บุคลากร.
  await search('ลพบุรี คลาวด์');
  const lacks = await page.textContent('#search-results li:first-child .search-missing');
  const marks = await page.$$eval('#search-results li:first-child mark', (m) => m.map((e) => e.textContent));
  for (const word of lacks.replace('ไม่มีคำว่า', '').trim().split(/\s+/)) {
    assert.ok(!marks.includes(word), `${word} is missing yet marked: ${marks.join(' ')}`);
  }
  assert.ok(marks.includes('ลพบุรี'), marks.join(' '));
});

// Issue #15 item 3: the last word may be half typed, and results come as
// the user types.
await test('a half-typed last word matches the words it begins', async () => {
  const full = await search('ความมั่นคงปลอดภัยไซเบอร์');
  // ไซเบ is no word: it begins ไซเบอร์. Chromium segments this query as
  // ความ|มั่นคง|ปลอด|ภัย|ไซเบ where the build has ปลอดภัย: the two
  // segments, never side by side on a page, are looked up joined, so no
  // word is reported missing.
  const half = await search('ความมั่นคงปลอดภัยไซเบ');
  assert.equal(half[0], full[0], half.join(' '));
  assert.equal(await page.$('#search-results li:first-child .search-missing'), null);
  // ความมั่นค segments as ความ|มั่น|ค; the pages have ความ|มั่นคง.
  const thai = await search('ความมั่นค');
  assert.ok(thai.includes(full[0]), thai.join(' '));
  const marks = await page.$$eval('#search-results li:first-child mark', (m) => m.map((e) => e.textContent));
  assert.ok(marks.some((m) => m.startsWith('มั่นค')), marks.join(' '));
  // Latin too: "acce" begins "accessibility".
  const latin = await search('pms');
  assert.ok(latin.length > 0, 'pms finds pages about PMSS');
  // A space after the word: the word as typed, no completions.
  await search('ความมั่นคงปลอดภัยไซเบ ');
  assert.match(await page.textContent('#search-results li:first-child .search-missing'), /ไซเบ/);
});

// Issue #15 item 7: the browser keeps ขออนุ whole where the build cut
// ขอ|อนุมัติ: the longest indexed word it begins with, and the rest as the
// beginning of a word that stands next to it on a page.
await test('a half-typed word the browser keeps whole is cut where the build cut it', async () => {
  const got = await search('ขออนุ');
  assert.ok(got.length > 0, 'ขออนุ finds pages');
  assert.equal(await page.$('#search-results li:first-child .search-missing'), null);
  const marks = await page.$$eval('#search-results li:first-child mark', (m) => m.map((e) => e.textContent));
  assert.ok(marks.some((m) => m.startsWith('อนุ')), marks.join(' '));
  const whole = await search('ขออนุมัติ');
  assert.ok(whole.includes(got[0]) || (await search('ขออนุญาต')).includes(got[0]), got.join(' '));
});

await test('results appear as you type, focus stays in the box, the count is announced politely', async () => {
  await page.goto(`${server.url}/search/`);
  await page.evaluate(() => {
    const status = document.getElementById('search-status');
    window.__said = [];
    new MutationObserver(() => window.__said.push(status.textContent))
      .observe(status, {childList: true, characterData: true, subtree: true});
  });
  await page.focus('#search-q');
  await page.keyboard.type('ความมั่นคงปลอดภัยไซเบอร์', {delay: 20});
  await page.waitForSelector('#search-results li');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-q');
  await page.waitForFunction(() => /พบ \d+ รายการ/.test(document.getElementById('search-status').textContent));
  assert.equal(await page.getAttribute('#search-status', 'aria-live'), 'polite');
  const first = await page.getAttribute('#search-results li:first-child a', 'href');
  assert.match(first, /cyber-security/);
  assert.match(page.url(), /\?q=/, 'the address names the query, for the back button and sharing');
  // The live region was never set to "searching" while typing, and spoke
  // once per pause, not once per key (24 letters were typed).
  const said = await page.evaluate(() => window.__said);
  assert.ok(said.length >= 1 && said.length < 8, said.join(' | '));
  assert.ok(!said.some((t) => t.includes('กำลังค้นหา')), said.join(' | '));
});

await test('no results: a clear message with the other digit style suggested', async () => {
  const none = await search('๙๙๙๙๙');
  assert.equal(none.length, 0);
  const status = await page.textContent('#search-status');
  assert.match(status, /ไม่พบรายการ/);
  assert.equal(await page.getAttribute('#search-status a', 'href'), '?q=99999');
  assert.equal(await page.getAttribute('#search-status', 'aria-live'), 'polite');
});

await test('keyboard: type, Enter, Tab to results, show more moves focus to new results', async () => {
  await page.goto(`${server.url}/search/`);
  await page.focus('#search-q');
  await page.keyboard.type('การ');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#search-results li');
  assert.match(page.url(), /\?q=%E0%B8%81/);
  const first = await page.$$eval('#search-results li', (l) => l.length);
  assert.equal(first, 10);
  await page.focus('.search-more');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 10);
  const focused = await page.evaluate(() => document.activeElement.closest('li') &&
      [...document.querySelectorAll('#search-results li')].indexOf(document.activeElement.closest('li')));
  assert.equal(focused, 10, 'focus moves to the first new result');
});

await test('without Intl.Segmenter the vocabulary fallback still finds Thai', async () => {
  const fallback = await browser.newPage();
  await fallback.addInitScript(() => { delete Intl.Segmenter; });
  await fallback.goto(`${server.url}/search/?q=${encodeURIComponent('ความมั่นคงปลอดภัยไซเบอร์')}`);
  await fallback.waitForSelector('#search-results li');
  const first = await fallback.getAttribute('#search-results li:first-child > a', 'href');
  assert.match(first, /cyber-security/);
  await fallback.close();
});

await test('a query downloads only its chunks and the fragments it shows', async () => {
  server.log.length = 0;
  await search('pmss');
  const files = server.log.map((r) => r.path).filter((p) => p.startsWith('/search/') && p.endsWith('.json'));
  const chunks = files.filter((p) => /\/c-/.test(p));
  const fragments = files.filter((p) => p.startsWith('/search/f/'));
  const allChunks = readdirSync(join(site, 'search')).filter((f) => f.startsWith('c-'));
  assert.ok(chunks.length >= 1 && chunks.length < allChunks.length, `${chunks.length} of ${allChunks.length}`);
  assert.ok(fragments.length <= 10);
  assert.ok(!files.some((p) => p.includes('vocab-')), 'vocabulary is only for browsers without Intl.Segmenter');
});

await test('build-time and query-time segmentation agree on real phrases from content/', async () => {
  // Phrases from the example portal's own pages (real Thai as offices write it).
  const markdown = (dir) => readdirSync(dir, {withFileTypes: true})
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .flatMap((e) => (e.isDirectory() ? markdown(join(dir, e.name))
          : e.name.endsWith('.md') ? [join(dir, e.name)] : []));
  const phrases = [];
  for (const f of markdown(join(repo, 'content'))) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      for (const piece of line.split(/[\t ]+/)) {
        if (/^[\u0E01-\u0E5B]{8,40}$/.test(piece) && phrases.length < 600) phrases.push(piece);
      }
    }
  }
  assert.ok(phrases.length >= 500, `only ${phrases.length} phrases`);
  const build = execFileSync(segmentTool, {input: phrases.join('\n') + '\n'}).toString().trim().split('\n')
      .map((l) => JSON.parse(l));
  await page.goto(`${server.url}/search/`);
  const browserWords = await page.evaluate((list) => {
    const seg = new Intl.Segmenter('th', {granularity: 'word'});
    const norm = (s) => s.normalize('NFC').replace(/[\u0E50-\u0E59]/g, (d) => String.fromCharCode(48 + d.charCodeAt(0) - 0x0E50)).toLowerCase();
    return list.map((p) => [...seg.segment(norm(p))].filter((s) => s.isWordLike).map((s) => s.segment.replace(/\./g, '')).filter(Boolean));
  }, phrases);
  let same = 0;
  const differ = [];
  phrases.forEach((p, i) => {
    if (JSON.stringify(build[i]) === JSON.stringify(browserWords[i])) same++;
    else differ.push(`${p}: ${build[i].join('|')} vs ${browserWords[i].join('|')}`);
  });
  const rate = same / phrases.length;
  console.log(`  # segmentation agreement: ${same}/${phrases.length} (${(rate * 100).toFixed(1)}%)`);
  if (differ.length) console.log(`  # e.g. ${differ.slice(0, 3).join('; ')}`);
  assert.ok(rate >= 0.9, `agreement ${rate}`);
});

await browser.close();
done(() => {
  server.close();
  removeTree(dirname(site));
});
