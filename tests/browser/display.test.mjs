// Reflow at 320 CSS px, text at 200%, visible focus, the text-size and
// high-contrast controls (keyboard, remembered between pages, axe-clean), and
// no request leaving the site — in Debian's Chromium.
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

// One page of each kind.
const pages = ['/', '/articles/', '/articles/pmss-document-registration/', '/sop/cyber-security/',
               '/plans/lopburi-digital-plan/', '/tags/', '/sop/a-z/', '/sitemap/', '/compliance/',
               '/search/?q=pmss', '/404.html', '/en/about/', '/galleries/pmss-infographics/',
               '/galleries/pmss-infographics/pmss-leave/'];

async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

await test('no horizontal scrolling at 320 CSS px on every kind of page', async () => {
  const page = await browser.newPage({viewport: {width: 320, height: 800}});
  const wide = [];
  for (const path of pages) {
    await page.goto(server.url + path);
    const extra = await overflow(page);
    if (extra > 0) wide.push(`${path} (+${extra}px)`);
  }
  assert.deepEqual(wide, []);
  await page.close();
});

await test('text at 200% still fits 640 px (1280 px zoomed to 200%)', async () => {
  const page = await browser.newPage({viewport: {width: 640, height: 900}});
  const wide = [];
  for (const path of pages) {
    await page.goto(server.url + path);
    await page.addStyleTag({content: 'html { font-size: 200% !important; }'});
    const extra = await overflow(page);
    if (extra > 0) wide.push(`${path} (+${extra}px)`);
  }
  assert.deepEqual(wide, []);
  await page.close();
});

await test('the skip link comes first and focus is visible', async () => {
  const page = await browser.newPage();
  await page.goto(server.url + '/sop/cyber-security/');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {text: el.textContent, href: el.getAttribute('href'), outline: style.outlineStyle, width: style.outlineWidth,
            top: el.getBoundingClientRect().top};
  });
  assert.equal(focused.href, '#main');
  assert.notEqual(focused.outline, 'none');
  assert.ok(parseFloat(focused.width) >= 2, `outline ${focused.width}`);
  assert.ok(focused.top >= 0, 'the skip link is on screen when focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await page.close();
});

await test('text size and high contrast: keyboard, remembered between pages, axe-clean', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + '/');
  assert.equal(await page.isVisible('#display-controls'), true);
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await size();
  await page.focus('[data-display="larger"]');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  assert.ok(await size() >= normal * 1.3, 'larger text');
  assert.equal(await page.isDisabled('[data-display="larger"]'), true);
  await page.focus('[data-display="contrast"]');
  await page.keyboard.press('Space');
  assert.equal(await page.getAttribute('[data-display="contrast"]', 'aria-pressed'), 'true');
  await page.goto(server.url + '/sop/cyber-security/');  // another page: the choice is remembered
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('contrast-high')), true);
  assert.ok(await size() >= normal * 1.3);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(0, 0, 0)');
  const problems = [];
  for (const path of ['/', '/sop/cyber-security/', '/plans/lopburi-digital-plan/', '/search/?q=pmss']) {
    await page.goto(server.url + path);
    await page.addScriptTag({content: axeSource});
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
    }));
    for (const v of result.violations) problems.push(`${path}: ${v.id} ${v.nodes[0].target.join(' ')}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

await test('without JavaScript every page is complete and the controls stay hidden', async () => {
  const context = await browser.newContext({javaScriptEnabled: false});
  const page = await context.newPage();
  await page.goto(server.url + '/sop/cyber-security/');
  assert.equal(await page.isVisible('#display-controls'), false);
  assert.ok(await page.isVisible('svg.flowchart'));
  assert.ok(await page.isVisible('table.sop-steps'));
  await page.goto(server.url + '/search/');
  assert.ok(await page.isVisible('form.site-search'));
  await context.close();
});

await test('no request leaves the site (fonts, scripts and styles are served locally)', async () => {
  const page = await browser.newPage();
  const outside = [];
  page.on('request', (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) outside.push(r.url()); });
  for (const path of pages) await page.goto(server.url + path, {waitUntil: 'networkidle'});
  assert.deepEqual(outside, []);
  const fonts = server.log.filter((r) => r.path.startsWith('/fonts/'));
  assert.ok(fonts.length > 0, 'the Thai web font is loaded from the site');
  await page.close();
});

await browser.close();
done(() => {
  server.close();
  removeTree(dirname(site));
});
