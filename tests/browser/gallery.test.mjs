// The gallery lightbox in Debian's Chromium: an accessible modal dialog
// (focus kept inside, Esc closes and returns focus, arrow keys move, "2 จาก 4"
// announced in a live region, axe-clean), and plain links without JavaScript.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname} from 'node:path';
import {buildSite, done, launch, removeTree, serve, test} from './lib.mjs';

const [kmsite, repo] = process.argv.slice(2);
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const site = buildSite(kmsite, repo);
const server = await serve(site);
const browser = await launch();
const gallery = server.url + '/galleries/pmss-infographics/';

const state = (page) => page.evaluate(() => {
  const dialog = document.querySelector('dialog.lightbox');
  return {
    open: dialog?.open ?? false,
    status: dialog?.querySelector('[aria-live]')?.textContent ?? '',
    focusInside: dialog?.contains(document.activeElement) ?? false,
    focused: document.activeElement?.getAttribute('href') || document.activeElement?.textContent,
    image: dialog?.querySelector('img')?.getAttribute('alt') ?? '',
  };
});

await test('keyboard: Enter opens the dialog, arrows move, Tab stays inside, Esc returns focus', async () => {
  const page = await browser.newPage();
  await page.goto(gallery);
  const first = page.locator('a.gallery-link').first();
  await first.focus();
  await page.keyboard.press('Enter');
  let s = await state(page);
  assert.ok(s.open, 'dialog open');
  assert.equal(s.status, '1 จาก 4');
  assert.ok(s.focusInside, 'focus moved into the dialog');
  assert.match(s.image, /ลงทะเบียนหนังสือราชการ/);
  await page.keyboard.press('ArrowRight');
  s = await state(page);
  assert.equal(s.status, '2 จาก 4');
  assert.match(s.image, /ยื่นใบลา/);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.equal((await state(page)).status, '4 จาก 4');  // wraps around
  for (let i = 0; i < 9; ++i) {
    await page.keyboard.press(i % 3 ? 'Tab' : 'Shift+Tab');
    assert.ok((await state(page)).focusInside, `focus left the dialog after ${i + 1} Tab presses`);
  }
  await page.keyboard.press('Escape');
  s = await state(page);
  assert.equal(s.open, false);
  assert.equal(s.focused, '/galleries/pmss-infographics/pmss-registration/');
  await page.close();
});

await test('the open lightbox has no axe violations and links to the long description', async () => {
  const page = await browser.newPage();
  await page.goto(gallery);
  await page.locator('a.gallery-link').nth(1).click();
  await page.addScriptTag({content: axeSource});
  const result = await page.evaluate(() => axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}}));
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
  const details = await page.locator('dialog .lightbox-details').getAttribute('href');
  assert.equal(details, '/galleries/pmss-infographics/pmss-leave/');
  await page.locator('dialog .lightbox-close').click();
  assert.equal((await state(page)).open, false);
  await page.close();
});

await test('without JavaScript each picture is a link to its page with the text', async () => {
  const context = await browser.newContext({javaScriptEnabled: false});
  const page = await context.newPage();
  await page.goto(gallery);
  await page.locator('a.gallery-link').nth(1).click();
  await page.waitForURL('**/galleries/pmss-infographics/pmss-leave/');
  assert.match(await page.locator('section.image-description').innerText(), /ระบบนับวันลาให้/);
  await context.close();
});

await browser.close();
done(() => {
  server.close();
  removeTree(dirname(site));
});
