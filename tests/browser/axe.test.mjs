// Zero axe-core violations (WCAG 2.0/2.1/2.2 A and AA) on every page of the
// example portal, in Debian's Chromium.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {appendFileSync, mkdtempSync, readFileSync, readdirSync, statSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {dirname, join, relative} from 'node:path';
import {buildSite, done, launch, removeTree, serve, test} from './lib.mjs';

const [kmsite, repo] = process.argv.slice(2);
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const site = buildSite(kmsite, repo);
const server = await serve(site);
const browser = await launch();

function htmlPages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlPages(path);
    return name.endsWith('.html') ? [path] : [];
  });
}
const pages = htmlPages(site)
    .filter((p) => !readFileSync(p, 'utf8').includes('http-equiv="refresh"'))  // alias redirects
    .map((p) => '/' + relative(site, p).replace(/index\.html$/, ''));

// axe's findings on `paths` of a served site, one line each.
async function violations(serverUrl, paths) {
  const page = await browser.newPage();
  const problems = [];
  for (const path of paths) {
    await page.goto(serverUrl + path + (path === '/search/' ? '?q=' + encodeURIComponent('คู่มือ') : ''));
    if (path === '/search/') await page.waitForSelector('#search-results li');
    await page.addScriptTag({content: axeSource});
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
    }));
    for (const v of result.violations) {
      problems.push(`${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`);
    }
  }
  await page.close();
  return problems;
}

await test(`axe-core finds no violations on ${pages.length} pages`, async () => {
  assert.ok(pages.length > 80, `only ${pages.length} pages`);
  assert.deepEqual(await violations(server.url, pages), []);
});

// The "Edit this page" link (site.yaml edit_url) on every page of a new
// site that has one.
const fresh = mkdtempSync(join(tmpdir(), 'kmsite-axe-edit-'));
execFileSync(kmsite, ['new', 'site', join(fresh, 'site')]);
appendFileSync(join(fresh, 'site/site-config/site.yaml'),
               'edit_url: https://gitlab.example.go.th/office/portal/-/edit/main/{path}\n');
const edited = buildSite(kmsite, join(fresh, 'site'));
const editServer = await serve(edited);
const withLink = htmlPages(edited)
    .filter((p) => readFileSync(p, 'utf8').includes('class="edit-page"'))
    .map((p) => '/' + relative(edited, p).replace(/index\.html$/, ''));

await test(`axe-core finds no violations on ${withLink.length} pages with an edit link`, async () => {
  assert.ok(withLink.length >= 10, `only ${withLink.length} pages have the link`);
  assert.deepEqual(await violations(editServer.url, withLink), []);
});

await browser.close();
done(() => {
  server.close();
  editServer.close();
  removeTree(dirname(site));
  removeTree(dirname(edited));
  removeTree(fresh);
});
