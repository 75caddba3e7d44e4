// The Decap CMS admin for real: a new site in a temporary Git repository with
// `admin:` on, Decap's local backend (npm decap-server) serving its working
// tree, `kmsite serve` serving the site, and Debian's Chromium creating an
// article through the admin's Thai interface. The Markdown file it writes is
// committed and the repository builds with the new article; the editors of
// the other kinds open with their lists (SOP steps, plan rows, pictures
// with required alt text); nothing breaks the Content-Security-Policy /admin/
// is served with, and the public pages' policy is shown to be too narrow.
// Screenshots: /tmp/decap-*.png.
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync,
        writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {done, freePort, launch, removeTree, serve, test} from './lib.mjs';

const [kmsite, repo] = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'kmsite-admin-'));
const site = join(work, 'site');
const title = 'บทความจากหน้าแก้ไข';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Decap's script from this repository's node_modules (package.json), as a
// site elsewhere names it.
const env = {...process.env, KMSITE_DECAP_CMS: join(repo, 'node_modules/decap-cms'), TZ: 'UTC',
             LC_ALL: 'C.UTF-8'};
const git = (...args) => execFileSync('git', args, {
  cwd: site, encoding: 'utf8',
  env: {...env, GIT_AUTHOR_NAME: 'ผู้ทดสอบ', GIT_AUTHOR_EMAIL: 'test@example.go.th',
        GIT_COMMITTER_NAME: 'ผู้ทดสอบ', GIT_COMMITTER_EMAIL: 'test@example.go.th',
        GIT_AUTHOR_DATE: '2025-03-01T10:00:00+07:00', GIT_COMMITTER_DATE: '2025-03-01T10:00:00+07:00'},
});

// Starts a process and waits for a line of its output.
const children = [];
async function start(cmd, args, options, ready, what) {
  const child = spawn(cmd, args, {...options, stdio: ['ignore', 'pipe', 'pipe']});
  children.push(child);
  child.log = '';
  child.stdout.on('data', (d) => { child.log += d; });
  child.stderr.on('data', (d) => { child.log += d; });
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (ready.test(child.log)) return child;
    await sleep(50);
  }
  throw new Error(`${what} did not start:\n${child.log}`);
}
function stopAll() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}
process.on('exit', stopAll);
const watchdog = setTimeout(() => {
  console.log('not ok - the test did not finish in 240 s');
  for (const c of children) console.log(c.log);
  stopAll();
  process.exit(1);
}, 240000);
watchdog.unref();

// Waits until a file appears in `dir` (decap-server writes it when the editor publishes).
async function newFile(dir, before, ms = 20000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const added = readdirSync(dir).filter((f) => !before.includes(f));
    if (added.length) return added;
    await sleep(100);
  }
  throw new Error(`no new file in ${dir} within ${ms / 1000} s`);
}

// --- The site: kmsite new site, the admin on, a Git repository. ---------------
const backendPort = await freePort();
execFileSync(kmsite, ['new', 'site', site], {env});
appendFileSync(join(site, 'site-config/site.yaml'), `
edit_url: https://gitlab.example.go.th/office/portal/-/edit/main/{path}
admin:
  backend: gitlab
  repo: office/portal
  branch: main
  local_backend: http://localhost:${backendPort}/api/v1
`);
writeFileSync(join(site, '.gitignore'), 'public/\n.kmsite-cache/\n');
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-q', '-m', 'เริ่มเว็บไซต์');

let browser = null;
try {
  // Decap's local backend in its default (file system) mode: it writes the
  // files an editor saves into the working tree and commits nothing.
  await start('node', [join(repo, 'node_modules/decap-server/dist/index.js')],
              {cwd: site, env: {...env, PORT: String(backendPort), GIT_REPO_DIRECTORY: site}},
              /listening on port/, 'decap-server');
  let url = null;
  for (let attempt = 0; attempt < 5 && !url; ++attempt) {
    const port = await freePort();
    const serve = await start(kmsite, ['serve', '--source', site, '--port', String(port), '--bind',
                                       '127.0.0.1'], {env}, /kmsite: serving |cannot listen/,
                              'kmsite serve');
    if (/kmsite: serving /.test(serve.log)) url = `http://127.0.0.1:${port}`;
  }
  assert.ok(url, 'kmsite serve found no free port');
  browser = await launch();

  await test('serve answers /admin/ with the policy Decap needs, config.yml as YAML', async () => {
    const page = await fetch(`${url}/admin/`);
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self' 'unsafe-eval'/);
    assert.match(csp, /style-src 'self' 'unsafe-inline'/);
    assert.ok(csp.includes(`http://localhost:${backendPort}`), `no local backend in ${csp}`);
    const html = await page.text();
    assert.ok(!html.includes('__kmsite/live.js'), 'the admin got the reload script');
    assert.ok(!/<script>/.test(html), 'inline script in the admin page');
    const config = await fetch(`${url}/admin/config.yml`);
    assert.match(config.headers.get('content-type'), /yaml/);
    const other = await fetch(`${url}/`);
    assert.ok(!other.headers.get('content-security-policy').includes('unsafe-eval'),
              'the public pages got the admin\'s policy');
  });

  const problems = [];  // policy violations and uncaught errors, from every admin tab
  const watch = (tab) => {
    tab.on('console', (m) => {
      if (/Content Security Policy|Refused to/.test(m.text())) problems.push(m.text());
    });
    tab.on('pageerror', (e) => problems.push(String(e)));
    // Everything comes from the site and decap-server: no CDN, no other host.
    tab.on('request', (r) => {
      const {protocol, hostname} = new URL(r.url());
      if (/^https?:$/.test(protocol) && !['127.0.0.1', 'localhost'].includes(hostname))
        problems.push(`request to another host: ${r.url()}`);
    });
  };
  const tab = await browser.newPage({viewport: {width: 1280, height: 900}});
  watch(tab);
  // Leaving an unsaved entry asks first (nothing else in the test is unsaved).
  tab.on('dialog', (d) => d.accept());

  await test('the admin starts in Thai and logs in to the local backend', async () => {
    await tab.goto(`${url}/admin/`);
    await tab.getByRole('button', {name: 'เข้าสู่ระบบ'}).click({timeout: 20000});
    // The collections, one per section of site.yaml, with their Thai titles.
    for (const name of ['บทความการจัดการความรู้', 'คู่มือการปฏิบัติงาน', 'แผนงาน',
                        'ภาพกิจกรรมและอินโฟกราฟิก', 'หน้าทั่วไป']) {
      await tab.getByRole('link', {name}).first().waitFor({timeout: 20000});
    }
    await tab.screenshot({path: '/tmp/decap-collections.png'});
  });

  let file = null;
  await test('an article created in the admin is written as Markdown with its front matter', async () => {
    const folder = join(site, 'content/articles');
    const before = readdirSync(folder);
    await tab.goto(`${url}/admin/#/collections/articles/new`);
    await tab.getByLabel('ชื่อเรื่อง').fill(title, {timeout: 20000});
    await tab.getByLabel('คำอธิบายสั้น').fill('บทความที่สร้างผ่านหน้าแก้ไขเนื้อหาในเบราว์เซอร์');
    await tab.getByLabel('คำสำคัญ').fill('ทดสอบ, เว็บ');
    await tab.getByLabel('ขั้นตอนการจัดการความรู้').click();
    await tab.getByText('6 การแบ่งปันแลกเปลี่ยนความรู้', {exact: true}).click();
    await tab.locator('[contenteditable=true]').click();
    await tab.keyboard.type('เนื้อหาที่พิมพ์ในเบราว์เซอร์');
    await tab.screenshot({path: '/tmp/decap-editor.png'});
    await tab.getByRole('button', {name: 'เผยแพร่'}).click();
    await tab.getByText('เผยแพร่ตอนนี้').click();
    const added = await newFile(folder, before);
    assert.deepEqual(added, [`${title}.md`]);
    await tab.getByText('เผยแพร่แล้ว').waitFor({timeout: 20000});
    await tab.screenshot({path: '/tmp/decap-published.png'});
    file = join(folder, added[0]);
    const text = readFileSync(file, 'utf8');
    assert.match(text, new RegExp(`^---\\ntitle: ${title}\\n`));
    assert.match(text, /\ndescription: บทความที่สร้างผ่านหน้าแก้ไขเนื้อหาในเบราว์เซอร์\n/);
    assert.match(text, /\ntags:\n {2}- ทดสอบ\n {2}- เว็บ\n/);
    assert.match(text, /\nkm_step: "6"\n/);
    assert.match(text, /\n---\nเนื้อหาที่พิมพ์ในเบราว์เซอร์\n$/);
  });

  await test('decap-server committed nothing; the test commits the new file', async () => {
    assert.equal(git('log', '--format=%s').trim(), 'เริ่มเว็บไซต์');
    assert.match(git('status', '--porcelain', '-z'), /content\/articles\/.+\.md/);
    git('add', '-A');
    git('commit', '-q', '-m', `เพิ่มบทความ ${title}`);
    const shown = git('-c', 'core.quotepath=false', 'show', '--name-only', '--format=%s', 'HEAD');
    assert.ok(shown.includes(`content/articles/${title}.md`), shown);
    assert.equal(git('status', '--porcelain').trim(), '');
  });

  await test('the repository builds with the new article, which links to its source', async () => {
    const out = join(work, 'out');
    execFileSync(kmsite, ['build', '--source', site, '--out', out, '--quiet'], {env});
    const page = readFileSync(join(out, 'articles', title, 'index.html'), 'utf8');
    assert.ok(page.includes(`<title>${title} |`), 'not the article\'s page');
    assert.ok(page.includes('เนื้อหาที่พิมพ์ในเบราว์เซอร์'));
    assert.ok(page.includes('การแบ่งปันแลกเปลี่ยนความรู้'), 'the KM step is not shown');
    const encoded = `content/articles/${encodeURIComponent(title)}.md`;
    assert.ok(page.includes(`href="https://gitlab.example.go.th/office/portal/-/edit/main/${encoded}"`),
              'no edit link to the new file');
    assert.ok(existsSync(join(out, 'admin/decap-cms.js')));
    // The page Decap shows after publishing is on the site that serve rebuilt.
    const served = await fetch(`${url}/articles/${encodeURIComponent(title)}/`);
    assert.equal(served.status, 200);
  });

  await test('the editors of SOPs, plans and galleries open with their lists', async () => {
    // Each in a page of its own: Decap does not redraw an editor well when
    // only the address's #/collections/.../new changes.
    const open = async (collection, list, add, inside, shot) => {
      const page = await browser.newPage({viewport: {width: 1280, height: 900}});
      watch(page);
      page.on('dialog', (d) => d.accept());
      await page.goto(`${url}/admin/`);
      await page.getByRole('button', {name: 'เข้าสู่ระบบ'}).click({timeout: 20000});
      await page.getByRole('link', {name: 'หน้าทั่วไป'}).first().waitFor({timeout: 20000});
      await page.goto(`${url}/admin/#/collections/${collection}/new`);
      await page.getByLabel('ชื่อเรื่อง').waitFor({timeout: 20000});
      // The list's label ("(ทางเลือก)" follows an optional one's).
      await page.getByText(new RegExp(`^${list}( \\(ทางเลือก\\))?$`)).first().waitFor();
      await page.getByRole('button', {name: add}).click();
      for (const label of inside) await page.getByText(label, {exact: false}).first().waitFor();
      await page.getByText(inside[0], {exact: false}).first().scrollIntoViewIfNeeded();
      if (shot) await page.screenshot({path: shot});
      await page.close();
    };
    await open('sop', 'ขั้นตอนการปฏิบัติงาน', 'เพิ่ม ขั้นตอน', ['รหัสขั้นตอน', 'ชื่อขั้นตอน', 'ระยะเวลา'],
               '/tmp/decap-sop.png');
    await open('plans', 'แถวของตาราง', 'เพิ่ม โครงการ', ['ประเด็นยุทธศาสตร์', 'งบประมาณ 2568 (บาท)']);
    await open('galleries', 'ภาพ', 'เพิ่ม ภาพ', ['ไฟล์ภาพ', 'คำอธิบายภาพ (alt)'], '/tmp/decap-gallery.png');
  });

  await test('no policy violation, no uncaught error, no request to another host', async () => {
    assert.deepEqual(problems, []);
  });

  await test('under the public pages\' policy (no unsafe-eval) Decap cannot start', async () => {
    // The same files, served with publish/nginx.conf's site-wide policy.
    const out = join(work, 'out');
    const server = await serve(out, {headers: {
      'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; " +
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'"}});
    const strict = await browser.newPage();
    const errors = [];
    strict.on('pageerror', (e) => errors.push(String(e)));
    await strict.goto(`${server.url}/admin/`);
    const deadline = Date.now() + 15000;
    while (!errors.some((e) => /unsafe-eval/.test(e)) && Date.now() < deadline) await sleep(100);
    server.close();
    assert.ok(errors.some((e) => /EvalError.*unsafe-eval/s.test(e)), errors.join('\n'));
    await strict.close();
  });
} catch (e) {
  console.log(`not ok - setting up the admin test\n  ${String(e.stack || e).split('\n').join('\n  ')}`);
  for (const c of children) console.log(c.log);
  process.exitCode = 1;
} finally {
  await browser?.close();
}
stopAll();
if (process.exitCode) process.exit(1);
done(() => removeTree(work));
