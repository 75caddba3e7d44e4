#!/usr/bin/env python3
"""An incremental build gives byte-identical output to a clean build, always.

A small site of every page kind (articles, SOPs with steps, plans with CSV
tables, galleries with pictures, plain pages, English translations) lives in a
temporary Git repository. Each step applies one random edit an editor or a
webmaster could make (body, title, date, tags, slug, other fields, a new,
deleted or renamed page, a budget cell, a picture, a template, site.yaml, a
draft, a translation_key, a commit, a same-size edit that keeps the file's
time, and invalid edits that the next step fixes; also a published file edited
by hand, and the cache folder lost or replaced by an older copy), then builds
the same tree twice without touching it in between:

  incremental: kmsite build --out out_inc   --cache-dir cache_inc   (kept)
  clean:       kmsite build --out out_clean --cache-dir cache_clean (removed first)

Both must exit alike (and as the edit expects). When both succeed the trees
must be byte-identical, file for file and folder for folder
(`.kmsite-manifest` aside); when both fail, the incremental output must be
exactly what it was before the step (bytes, modes, times), and both must print
the same `path:line:col: error|warning:` diagnostics. Every kind of edit comes
at least once in a 40-step run; at least 70% of the builds must succeed.

Usage: incremental_equality.py KMSITE REPO [--steps N] [--seed S] [--sanitized] [--warnings] [--keep]
The seed and each step's edit are printed; rerun with --seed to reproduce. --warnings
builds without --quiet, so that warnings are printed and compared too (--quiet hides
them). Python 3 standard library only; git must be installed.
"""

import argparse
import collections
import difflib
import hashlib
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

DEFAULT_SEED = 20240615
MANIFEST = ".kmsite-manifest"
DIAGNOSTIC = re.compile(r"^\S+:\d+:\d+: (error|warning):")
# Files written by the test get increasing, fixed modification times (the
# build dates uncommitted files by them), so a run is reproducible.
MTIME_BASE = 1717200000  # 2024-06-01 00:00:00 UTC
COMMIT_BASE = 1705287600  # 2024-01-15 10:00:00 +0700

TAGS = ["ทดสอบ", "ICT", "ข้อมูลเปิด", "งบประมาณ", "การจัดการความรู้", "PMSS", "ความปลอดภัย", "Canva"]
OFFICES = ["สำนักงานเขตพื้นที่การศึกษาทดสอบ", "สำนักงานศึกษาธิการจังหวัดทดสอบ", "องค์การบริหารส่วนจังหวัดทดสอบ"]
WORDS = ["การจัดการความรู้", "ขั้นตอน", "ระบบสารสนเทศ", "บุคลากร", "โรงเรียน", "งบประมาณ", "แผนงาน",
         "ตัวชี้วัด", "รายงานผล", "สำนักงาน", "เครือข่าย", "ข้อมูล", "ประชาชน", "คุณภาพ", "๒๕๖๗", "2568"]
KM_STEPS = ["การบ่งชี้ความรู้", "การสร้างและแสวงหาความรู้", "การจัดความรู้ให้เป็นระบบ", "4", "5", "6", "7"]
DURATIONS = ["๓ วันทำการ", "1 - 5 วัน", "2 ชั่วโมง", "30 นาที", "1 เดือน", "1.5 ชั่วโมง"]
MONTHS_TH = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


class Failure(Exception):
    pass


# --------------------------------------------------------------------------
# Small helpers


def png(width, height, rgb, stripe):
    """A small RGB PNG: a solid colour with one lighter vertical stripe."""
    rows = []
    for _ in range(height):
        row = bytearray([0])
        for x in range(width):
            row += bytes(min(255, c + 60) for c in rgb) if x % 7 == stripe % 7 else bytes(rgb)
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def read_tree(root):
    """{relative path: bytes or ('link', target) or ('dir',)} for everything under root."""
    tree = {}
    if not os.path.isdir(root):
        return tree
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            if os.path.islink(full):
                tree[rel] = ("link", os.readlink(full))
            elif os.path.isdir(full):
                tree[rel] = ("dir",)
            else:
                with open(full, "rb") as f:
                    tree[rel] = f.read()
    return tree


def file_stats(root):
    """{relative path: (mode, mtime_ns)} of the files under root: a failed build must not even touch them."""
    stats = {}
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            st = os.lstat(os.path.join(dirpath, name))
            stats[os.path.relpath(os.path.join(dirpath, name), root)] = (st.st_mode, st.st_mtime_ns)
    return stats


def diagnostics(stderr):
    return {line for line in stderr.splitlines() if DIAGNOSTIC.match(line)}


def describe_difference(a, b, label_a, label_b):
    """Lines describing how two read_tree() results differ ([] if equal)."""
    lines = []
    only_a = sorted(set(a) - set(b))
    only_b = sorted(set(b) - set(a))
    changed = sorted(p for p in set(a) & set(b) if a[p] != b[p])
    for p in only_a[:40]:
        lines.append("  only in %s: %s" % (label_a, p))
    for p in only_b[:40]:
        lines.append("  only in %s: %s" % (label_b, p))
    for p in changed[:40]:
        lines.append("  differs: %s" % p)
    if len(only_a) + len(only_b) + len(changed) > 120:
        lines.append("  ... (%d only in %s, %d only in %s, %d differ)" %
                     (len(only_a), label_a, len(only_b), label_b, len(changed)))
    for p in changed:
        x, y = a[p], b[p]
        if isinstance(x, bytes) and isinstance(y, bytes):
            try:
                tx, ty = x.decode("utf-8"), y.decode("utf-8")
            except UnicodeDecodeError:
                lines.append("  %s is binary: %d bytes (%s) vs %d bytes (%s)" % (
                    p, len(x), hashlib.sha256(x).hexdigest()[:12], len(y), hashlib.sha256(y).hexdigest()[:12]))
                continue
            diff = list(difflib.unified_diff(tx.splitlines(), ty.splitlines(), "%s/%s" % (label_a, p),
                                             "%s/%s" % (label_b, p), lineterm="", n=2))
            lines.append("  first differing text file, unified diff (first 60 lines):")
            lines.extend("    " + line for line in diff[:60])
            break
    return lines


# --------------------------------------------------------------------------
# The site model: pages are front matter fields (raw YAML values) and a body;
# plans own CSV tables, galleries own pictures. Everything is rendered to
# files by Site.write_*; the model is always the valid state.


class Page:
    def __init__(self, rel, fields, body, kind, protected=False):
        self.rel = rel  # relative to content/
        self.fields = dict(fields)  # key -> raw YAML value ("\n  - ..." for block values)
        self.body = body
        self.kind = kind  # article sop plan gallery page index
        self.protected = protected  # linked to or named by a menu: never deleted, moved or drafted

    @property
    def bundle(self):
        return self.rel.endswith("/index.md")

    def render(self, fields=None):
        fields = self.fields if fields is None else fields
        out = ["---"]
        for key, value in fields.items():
            out.append("%s:%s" % (key, value) if value.startswith("\n") else "%s: %s" % (key, value))
        out.append("---")
        return "\n".join(out) + "\n" + self.body


def flow(d):
    return "{" + ", ".join("%s: %s" % (k, v) for k, v in d.items()) + "}"


def block(items):
    return "".join("\n  - " + item for item in items)


class Site:
    def __init__(self, root, repo, rng):
        self.root = root
        self.repo = repo
        self.rng = rng
        self.content = os.path.join(root, "content")
        self.pages = {}
        self.csvs = {}  # rel -> list of rows
        self.pictures = {}  # gallery page rel -> list of [file, alt] (bytes are on disk)
        self.serial = 0
        self.clock = MTIME_BASE
        self.commits = 0
        self.description = "คลังความรู้ทดสอบสำหรับการสร้างแบบเพิ่มทีละส่วน"
        self.menu = [["หน้าแรก", "Home", "url: /"], ["บทความ", "Articles", "url: /articles/"],
                     ["คู่มือ", "Manuals", "url: /sop/"], ["แผนงาน", "Plans", "url: /plans/"],
                     ["ภาพ", "Photos", "url: /galleries/"], ["เกี่ยวกับเรา", "About", "page: about.md"]]

    # -- names and words
    def next_id(self):
        self.serial += 1
        return self.serial

    def words(self, n):
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def date(self):
        r = self.rng
        y, m, d = r.randint(2021, 2024), r.randint(1, 12), r.randint(1, 28)
        style = r.randrange(3)
        if style == 0:
            return "%04d-%02d-%02d" % (y, m, d)
        if style == 1:
            return "%d %s %d" % (d, MONTHS_TH[m - 1], y + 543)
        return ('"%d %s %d"' % (d, MONTHS_TH[m - 1], y + 543)).translate(THAI_DIGITS)

    # -- files
    def tick(self):
        self.clock += 60
        return self.clock

    def write(self, rel_site, data, mtime=None):
        path = os.path.join(self.root, rel_site)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        t = self.tick() if mtime is None else mtime
        os.utime(path, (t, t))

    def write_page(self, page, text=None):
        self.write(os.path.join("content", page.rel), page.render() if text is None else text)

    def csv_text(self, rel):
        return "".join(",".join(row) + "\n" for row in self.csvs[rel])

    def write_csv(self, rel, text=None):
        self.write(os.path.join("content", rel), self.csv_text(rel) if text is None else text)

    def write_picture(self, rel):
        r = self.rng
        self.write(os.path.join("content", rel),
                   png(r.randint(24, 64), r.randint(16, 48), (r.randrange(200), r.randrange(200), r.randrange(200)),
                       r.randrange(7)))

    def site_yaml(self):
        lines = ["title: ศูนย์ความรู้ทดสอบ", "title_en: Test Knowledge Centre", "office: สำนักงานทดสอบ",
                 "description: " + self.description, "base_url: https://km.example.go.th/",
                 "languages: [th, en]", "paginate: 4",
                 'contact: {phone: "0 2000 0000", email: km@example.go.th}', "sections:",
                 "  articles: {kind: article, title: บทความ, title_en: Articles}",
                 "  sop: {kind: sop, title: คู่มือการปฏิบัติงาน, title_en: Manuals}",
                 "  plans: {kind: plan, title: แผนงาน, title_en: Plans}",
                 "  galleries: {kind: gallery, title: ภาพกิจกรรม, title_en: Photos}", "menus:", "  main:"]
        for i, (name, name_en, target) in enumerate(self.menu):
            lines.append("    - {name: %s, name_en: %s, %s, weight: %d}" % (name, name_en, target, i + 1))
        return "\n".join(lines) + "\n" + self.footer_menu

    def write_config(self, text=None):
        self.write("site-config/site.yaml", self.site_yaml() if text is None else text)

    def add(self, page):
        self.pages[page.rel] = page
        self.write_page(page)
        return page

    # -- page makers
    def article(self, name, protected=False, links=()):
        n = self.next_id()
        r = self.rng
        fields = {"title": "บทความที่ %d %s" % (n, self.words(2)), "description": self.words(5),
                  "date": self.date(), "tags": "[%s]" % ", ".join(r.sample(TAGS, r.randint(1, 3))),
                  "office": r.choice(OFFICES), "fiscal_year": str(r.choice([2566, 2567, 2568])),
                  "km_step": r.choice(KM_STEPS), "knowledge_owner": "กลุ่มงานที่ %d" % r.randint(1, 5)}
        if r.random() < 0.5:
            fields["kpis"] = block([flow({"indicator": "ตัวชี้วัดที่ %d" % n, "target": str(r.randint(50, 90)),
                                          "result": str(r.randint(40, 100)), "unit": "ร้อยละ"})])
        if r.random() < 0.3:
            fields["translation_key"] = "a%d" % n
        body = "## หัวข้อ %d\n\n%s\n\n%s\n" % (n, self.words(12), self.words(8))
        for text, target in links:
            body += "\nอ่านต่อ [%s](%s)\n" % (text, target)
        return self.add(Page("articles/%s.md" % name, fields, body, "article", protected))

    def sop(self, name, protected=False):
        n = self.next_id()
        r = self.rng
        steps = [flow({"id": "s1", "title": "รับเรื่อง %d" % n, "type": "start", "duration": '"%s"' % r.choice(DURATIONS),
                       "role": "เจ้าหน้าที่", "next": "s2"}),
                 flow({"id": "s2", "title": "ตรวจเอกสาร", "type": "decision", "duration": '"%s"' % r.choice(DURATIONS),
                       "role": "หัวหน้ากลุ่ม", "yes": "s3", "no": "s1"}),
                 flow({"id": "s3", "title": "แจ้งผล", "type": "end", "duration": '"%s"' % r.choice(DURATIONS),
                       "standard": "ภายในกำหนด", "role": "เจ้าหน้าที่"})]
        fields = {"title": "คู่มือที่ %d %s" % (n, self.words(2)), "date": self.date(),
                  "tags": "[%s]" % ", ".join(r.sample(TAGS, r.randint(1, 2))), "code": "SOP-T-%02d" % n,
                  "objective": self.words(4), "scope": self.words(4), "kpi": self.words(3),
                  "steps": block(steps), "forms": block(["แบบฟอร์มที่ %d" % n])}
        body = "%s\n\n```mermaid\ngraph TD\n  A([เริ่ม]) --> B[%s]\n  B --> C([จบ])\n```\n" % (
            self.words(10), r.choice(WORDS))
        return self.add(Page("sop/%s.md" % name, fields, body, "sop", protected))

    def plan(self, name):
        n = self.next_id()
        r = self.rng
        rel = "plans/%s/index.md" % name
        fields = {"title": "แผนที่ %d %s" % (n, self.words(2)), "date": self.date(), "fiscal_year": "2567",
                  "office": r.choice(OFFICES), "tags": "[งบประมาณ]", "csv": "projects.csv",
                  "caption": "โครงการตามประเด็นยุทธศาสตร์ %d" % n,
                  "groups": '\n  "1": ประเด็นที่ 1 %s\n  "2": ประเด็นที่ 2 %s' % (self.words(2), self.words(2))}
        rows = [["strategy", "project", "target", "indicator", "budget_2567", "budget_2568", "source", "owner"]]
        for i in range(r.randint(3, 5)):
            rows.append([str(1 + i % 2), "โครงการ %d-%d %s" % (n, i, r.choice(WORDS)), "เป้าหมาย %d" % i,
                         "ร้อยละ %d" % r.randint(50, 100), self.amount(), self.amount(), "สป.ศธ.", "กลุ่มนโยบาย"])
        self.csvs["plans/%s/projects.csv" % name] = rows
        self.write_csv("plans/%s/projects.csv" % name)
        return self.add(Page(rel, fields, "%s\n\nตารางสร้างจากไฟล์ CSV\n" % self.words(10), "plan"))

    def amount(self):
        r = self.rng
        v = r.randint(0, 5_000_000)
        style = r.randrange(6)
        if style == 0:
            return str(v)
        if style == 1:
            return '"{:,}"'.format(v)
        if style == 2:
            return str(v).translate(THAI_DIGITS)
        if style == 3:
            return "%d.%02d" % (v, r.randrange(100))
        if style == 4:
            return r.choice(["-", ""])
        return '"{:,} บาท"'.format(v)

    def gallery(self, name, infographics):
        n = self.next_id()
        r = self.rng
        rel = "galleries/%s/index.md" % name
        pictures = []
        for i in range(r.randint(2, 3)):
            file = "p%d-%d.png" % (n, i)
            pictures.append([file, "ภาพที่ %d ของกิจกรรมที่ %d %s" % (i + 1, n, r.choice(WORDS))])
            self.write_picture("galleries/%s/%s" % (name, file))
        self.pictures[rel] = pictures
        page = Page(rel, {"title": "ภาพกิจกรรมที่ %d" % n, "date": self.date(), "tags": "[%s]" % r.choice(TAGS)},
                    "%s\n" % self.words(8), "gallery")
        if infographics:
            page.fields["infographics"] = "true"
        self.set_images(page)
        return self.add(page)

    def set_images(self, page, alt_override=None):
        items = []
        for i, (file, alt) in enumerate(self.pictures[page.rel]):
            item = "file: %s\n    alt: %s\n    caption: คำบรรยาย %s" % (
                file, alt if alt_override is None or i != alt_override[0] else alt_override[1], file)
            if "infographics" in page.fields:
                item += "\n    description: |\n      ข้อความในภาพ %s\n\n      1. %s" % (file, self.words(3))
            items.append(item)
        page.fields["images"] = block(items)

    def plain(self, name, protected=False):
        n = self.next_id()
        return self.add(Page("%s.md" % name, {"title": "หน้าที่ %d %s" % (n, self.words(2))},
                             "%s\n" % self.words(10), "page", protected))

    def english(self, name, key):
        n = self.next_id()
        return self.add(Page("en/%s.md" % name, {"title": "English page %d" % n, "translation_key": key},
                             "Text of English page %d.\n" % n, "page"))

    # -- setup
    def create(self, repo_root):
        os.makedirs(os.path.join(self.root, "themes"))
        shutil.copytree(os.path.join(repo_root, "themes", "default"), os.path.join(self.root, "themes", "default"))
        os.makedirs(os.path.join(self.root, "site-config"))
        helper = os.path.join(repo_root, "tests", "fixtures", "conforming-site.sh")
        self.footer_menu = subprocess.run(
            ["bash", "-c", 'source "$1" && conforming_footer_menu', "-", helper],
            check=True, capture_output=True, text=True).stdout
        self.write_config()
        subprocess.run(["bash", "-c", 'source "$1" && write_conforming_pages "$2" หน้าแรก ยินดีต้อนรับ',
                        "-", helper, self.content], check=True)
        for rel in ("_index.md", "en/_index.md", "contact.md", "terms.md", "privacy.md", "notice.md",
                    "security.md"):
            self.pages[rel] = self.parse(rel, protected=True)
        for sec, title in (("articles", "บทความ"), ("sop", "คู่มือการปฏิบัติงาน"), ("plans", "แผนงาน"),
                           ("galleries", "ภาพกิจกรรม")):
            self.add(Page("%s/_index.md" % sec, {"title": title, "description": self.words(4)},
                          "%s\n" % self.words(6), "index", True))
        about = self.plain("about", protected=True)
        about.fields["translation_key"] = "about"
        self.write_page(about)
        self.english("about", "about").protected = True
        sop1 = self.sop("s-main", protected=True)
        self.article("a-main", protected=True, links=[("คู่มือ", "../sop/s-main.md"), ("ติดต่อ", "../contact.md")])
        for i in range(5):
            self.article("a%d" % self.serial, links=[("หน้าเกี่ยวกับเรา", "../about.md")] if i % 2 else [])
        for _ in range(2):
            self.sop("s%d" % self.serial)
        for _ in range(2):
            self.plan("p%d" % self.serial)
        self.gallery("g-photos", infographics=False)
        self.gallery("g-info", infographics=True)
        policy = self.plain("policy", protected=False)
        policy.fields["colour"] = "แดง"  # a lasting warning (field-unknown), seen with --warnings
        self.write_page(policy)
        for p in list(self.pages.values()):
            key = p.fields.get("translation_key")
            if p.kind == "article" and key:
                self.english("t-" + key, key)
        sop1.body += "\nดู[บทความหลัก](../articles/a-main.md)\n"
        self.write_page(sop1)

    def parse(self, rel, protected):
        with open(os.path.join(self.content, rel), encoding="utf-8") as f:
            text = f.read()
        _, fm, body = text.split("---\n", 2)
        fields = {}
        for line in fm.splitlines():
            key, value = line.split(": ", 1)
            fields[key] = value
        return Page(rel, fields, body, "index" if rel.endswith("_index.md") else "page", protected)

    # -- git
    def git(self, *args, env=None):
        subprocess.run(["git", "-C", self.repo] + list(args), check=True, capture_output=True, env=env)

    def git_init(self):
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "ทดสอบ ระบบ")
        self.git("config", "user.email", "test@example.go.th")
        self.git("config", "commit.gpgsign", "false")
        self.commit("first version")

    def commit(self, message):
        self.commits += 1
        stamp = "%d +0700" % (COMMIT_BASE + (self.commits - 1) * 7 * 86400)
        env = dict(os.environ, GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, env=env)


# --------------------------------------------------------------------------
# Edits. Each returns (description, expected exit code). An invalid edit
# leaves the model untouched and sets site.pending_fix to the function that
# writes the valid files back; the next step runs it.


class Editor:
    def __init__(self, site, rng):
        self.site = site
        self.rng = rng
        self.pending_fix = None  # (description, function)
        self.drafts = set()
        self.deck = None  # edit kinds not yet applied
        self.paths = {}  # the build folders, for tamper_output and cache
        self.cache_old_step = None

    def pick(self, pred=lambda p: True):
        choices = sorted(rel for rel, p in self.site.pages.items() if pred(p))
        return self.site.pages[self.rng.choice(choices)] if choices else None

    def live(self, p):
        """Not a draft. Invalid edits go to live pages: a draft's body, CSV and pictures are not read
        without --drafts, so its errors depend on the flag."""
        return p.rel not in self.drafts

    def movable(self, p):
        return not p.protected and p.kind != "index"

    # -- valid edits
    def body(self):
        p = self.pick()
        r = self.rng
        if r.random() < 0.5 or "\n\n" not in p.body:
            p.body += "\n%s\n" % self.site.words(r.randint(3, 10))
        else:
            paragraphs = p.body.split("\n\n")
            i = r.randrange(len(paragraphs))
            if not paragraphs[i].startswith(("```", "ดู[", "อ่านต่อ", "\nอ่านต่อ")) and "](" not in paragraphs[i]:
                paragraphs[i] = self.site.words(r.randint(3, 12))
            p.body = "\n\n".join(paragraphs)
            if not p.body.endswith("\n"):
                p.body += "\n"
        self.site.write_page(p)
        return "body text of %s" % p.rel, 0

    def title(self):
        p = self.pick()
        n = self.site.next_id()
        p.fields["title"] = "English title %d" % n if p.rel.startswith("en/") else "%s %d" % (self.site.words(2), n)
        self.site.write_page(p)
        return "title of %s -> %s" % (p.rel, p.fields["title"]), 0

    def date(self):
        p = self.pick(lambda p: p.kind != "index")
        if "date" in p.fields and self.rng.random() < 0.25:
            del p.fields["date"]
            what = "removed"
        else:
            p.fields["date"] = self.site.date()
            what = p.fields["date"]
        self.site.write_page(p)
        return "date of %s -> %s" % (p.rel, what), 0

    def tags(self):
        p = self.pick(lambda p: p.kind in ("article", "sop", "plan", "gallery", "page") and not p.rel.startswith("en/"))
        current = [t for t in p.fields.get("tags", "[]").strip("[]").split(", ") if t]
        r = self.rng
        if current and (r.random() < 0.5 or len(current) >= 4):
            current.remove(r.choice(current))
            what = "removed one"
        else:
            new = r.choice([t for t in TAGS if t not in current] + ["แท็กใหม่ %d" % self.site.next_id()])
            current.append(new)
            what = "added " + new
        if current:
            p.fields["tags"] = "[%s]" % ", ".join(current)
        else:
            p.fields.pop("tags", None)
        self.site.write_page(p)
        return "tags of %s: %s" % (p.rel, what), 0

    def slug(self):
        p = self.pick(lambda p: p.kind != "index" and p.rel not in ("_index.md",))
        if "slug" in p.fields and self.rng.random() < 0.3:
            del p.fields["slug"]
            what = "removed"
        else:
            p.fields["slug"] = "slug-%d" % self.site.next_id()
            what = p.fields["slug"]
        self.site.write_page(p)
        return "slug of %s -> %s" % (p.rel, what), 0

    def field(self):
        p = self.pick(lambda p: p.kind in ("article", "sop", "plan", "gallery", "page") and not p.rel.startswith("en/"))
        r = self.rng
        key = r.choice(["description", "weight", "office", "fiscal_year", "aliases", "digits", "unit"])
        if key in p.fields and r.random() < 0.3:
            del p.fields[key]
            return "field %s of %s removed" % (key, p.rel), 0
        value = {"description": lambda: self.site.words(4), "weight": lambda: str(r.randint(-5, 20)),
                 "office": lambda: r.choice(OFFICES), "fiscal_year": lambda: r.choice(["2566", "2567", "๒๕๖๘"]),
                 "aliases": lambda: "[/old/%d/]" % self.site.next_id(), "digits": lambda: r.choice(["thai", "arabic"]),
                 "unit": lambda: "กลุ่มงาน %d" % r.randint(1, 9)}[key]()
        p.fields[key] = value
        self.site.write_page(p)
        return "field %s of %s -> %s" % (key, p.rel, value), 0

    def kind_field(self):
        """A field that only one kind has: KPIs, km_step, an SOP duration, a gallery alt."""
        r = self.rng
        p = self.pick(lambda p: p.kind in ("article", "sop", "gallery"))
        if p.kind == "article":
            if r.random() < 0.5:
                p.fields["km_step"] = r.choice(KM_STEPS)
                what = "km_step -> " + p.fields["km_step"]
            else:
                p.fields["kpis"] = block([flow({"indicator": "ตัวชี้วัด %d" % self.site.next_id(),
                                                "target": str(r.randint(1, 9)), "result": str(r.randint(1, 9)),
                                                "unit": "ระดับ"})])
                what = "kpis"
        elif p.kind == "sop":
            old = p.fields["steps"]
            durations = re.findall(r'duration: "[^"]*"', old)
            target = r.choice(durations)
            p.fields["steps"] = old.replace(target, 'duration: "%s"' % r.choice(DURATIONS), 1)
            what = "a step duration"
        else:
            pics = self.site.pictures[p.rel]
            i = r.randrange(len(pics))
            pics[i][1] = "ภาพ %s หมายเลข %d" % (r.choice(WORDS), self.site.next_id())
            self.site.set_images(p)
            what = "alt of " + pics[i][0]
        self.site.write_page(p)
        return "%s of %s" % (what, p.rel), 0

    def new_page(self):
        s = self.site
        r = self.rng
        kind = r.choice(["article", "article", "sop", "plan", "gallery", "page", "english"])
        name = "n%d" % (s.serial + 1)
        if kind == "article":
            p = s.article(name, links=[("เกี่ยวกับเรา", "../about.md")] if r.random() < 0.3 else [])
        elif kind == "sop":
            p = s.sop(name)
        elif kind == "plan":
            p = s.plan(name)
        elif kind == "gallery":
            p = s.gallery(name, infographics=r.random() < 0.5)
        elif kind == "page":
            p = s.plain(name)
        else:
            keys = sorted({q.fields["translation_key"] for q in s.pages.values()
                           if q.kind == "article" and "translation_key" in q.fields} -
                          {q.fields.get("translation_key") for q in s.pages.values() if q.rel.startswith("en/")})
            if not keys:
                p = s.plain(name)
            else:
                p = s.english(name, r.choice(keys))
        return "new %s page %s" % (p.kind, p.rel), 0

    def translation(self):
        """Link a Thai page to a new English one, unlink one, or change a shared translation_key."""
        s = self.site
        r = self.rng
        thai = lambda p: p.kind in ("article", "sop", "plan", "gallery", "page") and not p.rel.startswith("en/")
        linked = self.pick(lambda p: thai(p) and "translation_key" in p.fields and p.fields["translation_key"] != "about")
        if linked is None or r.random() < 0.4:
            p = self.pick(lambda p: thai(p) and "translation_key" not in p.fields)
            if p is None:
                return self.new_page()
            key = "k%d" % s.next_id()
            p.fields["translation_key"] = key
            s.write_page(p)
            en = s.english("e%d" % s.next_id(), key)
            return "translation_key %s on %s and a new English page %s" % (key, p.rel, en.rel), 0
        key = linked.fields["translation_key"]
        partners = [q for q in s.pages.values() if q.rel.startswith("en/") and q.fields.get("translation_key") == key]
        if r.random() < 0.5 or not partners:
            del linked.fields["translation_key"]
            s.write_page(linked)
            return "translation_key %s removed from %s (English page kept)" % (key, linked.rel), 0
        new = "k%d" % s.next_id()
        for q in [linked] + partners:
            q.fields["translation_key"] = new
            s.write_page(q)
        return "translation_key %s -> %s on %s" % (key, new, ", ".join(q.rel for q in [linked] + partners)), 0

    def owned_files(self, p):
        """Content files that belong to page p (its folder for a bundle)."""
        if p.bundle:
            folder = os.path.dirname(p.rel)
            return [rel for rel in list(self.site.csvs) if rel.startswith(folder + "/")]
        return []

    def delete(self):
        p = self.pick(self.movable)
        if p is None:
            return self.new_page()
        s = self.site
        del s.pages[p.rel]
        self.drafts.discard(p.rel)
        if p.bundle:
            folder = os.path.dirname(p.rel)
            shutil.rmtree(os.path.join(s.content, folder))
            for rel in self.owned_files(p):
                del s.csvs[rel]
            s.pictures.pop(p.rel, None)
        else:
            os.remove(os.path.join(s.content, p.rel))
        return "delete %s" % p.rel, 0

    def rename(self):
        p = self.pick(self.movable)
        if p is None:
            return self.new_page()
        s = self.site
        old = p.rel
        folder = os.path.dirname(old)
        if p.bundle:
            section = os.path.dirname(folder)
            new_folder = "%s/m%d" % (section, s.next_id())
            os.rename(os.path.join(s.content, folder), os.path.join(s.content, new_folder))
            new = new_folder + "/index.md"
            for rel in self.owned_files(p):
                s.csvs[new_folder + rel[len(folder):]] = s.csvs.pop(rel)
            if old in s.pictures:
                s.pictures[new] = s.pictures.pop(old)
        else:
            new = (folder + "/" if folder else "") + "m%d.md" % s.next_id()
            os.rename(os.path.join(s.content, old), os.path.join(s.content, new))
        p.rel = new
        s.pages[new] = s.pages.pop(old)
        if old in self.drafts:
            self.drafts.discard(old)
            self.drafts.add(new)
        return "rename %s -> %s" % (old, new), 0

    def ensure(self, kind):
        """None if the site has a plan (or gallery) to edit; else adds one and describes that."""
        s = self.site
        if kind == "plan" and not s.csvs:
            return "no plan left: new plan page %s" % s.plan("n%d" % (s.serial + 1)).rel, 0
        if kind == "gallery" and not s.pictures:
            return "no gallery left: new gallery page %s" % s.gallery("n%d" % (s.serial + 1), True).rel, 0
        return None

    def csv_cell(self):
        added = self.ensure("plan")
        if added:
            return added
        s = self.site
        rel = self.rng.choice(sorted(s.csvs))
        rows = s.csvs[rel]
        r = self.rng
        action = r.random()
        if action < 0.15 and len(rows) > 2:
            rows.pop(r.randrange(1, len(rows)))
            what = "removed a row"
        elif action < 0.3:
            rows.append([r.choice(["1", "2"]), "โครงการเพิ่ม %d" % s.next_id(), "เป้าหมาย", "ร้อยละ 80",
                         s.amount(), s.amount(), "สป.ศธ.", "กลุ่มนโยบาย"])
            what = "added a row"
        else:
            i, j = r.randrange(1, len(rows)), r.choice([4, 5])
            rows[i][j] = s.amount()
            what = "row %d %s -> %s" % (i + 1, rows[0][j], rows[i][j] or "(blank)")
        s.write_csv(rel)
        return "CSV %s: %s" % (rel, what), 0

    def picture(self):
        added = self.ensure("gallery")
        if added:
            return added
        s = self.site
        rel = self.rng.choice(sorted(s.pictures))
        file = self.rng.choice(s.pictures[rel])[0]
        s.write_picture(os.path.join(os.path.dirname(rel), file))
        return "replace picture %s/%s" % (os.path.dirname(rel), file), 0

    def template(self):
        r = self.rng
        theme = os.path.join(self.site.root, "themes", "default")
        name = r.choice(["templates/base.mustache", "templates/page.mustache", "templates/article.mustache",
                         "templates/sop.mustache", "templates/plan.mustache", "templates/gallery.mustache",
                         "templates/section.mustache", "templates/partials/page-footer.mustache",
                         "static/css/site.css", "i18n/th.yaml"])
        path = os.path.join(theme, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        n = self.site.next_id()
        if name.endswith("base.mustache"):
            text = text.replace("</body>", "<!-- edit %d -->\n</body>" % n, 1)
        elif name.endswith(".css"):
            text += "/* edit %d */\n" % n
        elif name.endswith(".yaml"):
            text = re.sub(r"^last_updated: .*$", "last_updated: ปรับปรุงล่าสุด (%d)" % n, text, count=1, flags=re.M)
        else:
            text += "<!-- edit %d -->\n" % n
        self.site.write(os.path.relpath(path, self.site.root), text)
        return "theme file %s (edit %d)" % (name, n), 0

    def config(self):
        s = self.site
        r = self.rng
        if r.random() < 0.5:
            s.description = "คำอธิบายเว็บไซต์ %s %d" % (s.words(2), s.next_id())
            what = "description"
        else:
            i = r.randrange(len(s.menu))
            s.menu[i][0] = "%s %d" % (r.choice(WORDS), s.next_id())
            what = "main menu entry %d name -> %s" % (i + 1, s.menu[i][0])
        s.write_config()
        return "site.yaml %s" % what, 0

    def draft(self):
        if self.drafts and self.rng.random() < 0.5:
            rel = self.rng.choice(sorted(self.drafts))
            p = self.site.pages[rel]
            del p.fields["draft"]
            self.drafts.discard(rel)
            what = "published"
        else:
            p = self.pick(lambda p: self.movable(p) and p.rel not in self.drafts)
            if p is None:
                return self.body()
            p.fields["draft"] = "true"
            self.drafts.add(p.rel)
            what = "draft: true"
        self.site.write_page(p)
        return "%s %s" % (p.rel, what), 0

    def commit(self):
        self.site.commit("step edit")
        return "git commit (#%d)" % self.site.commits, 0

    def same_size(self):
        """An edit that keeps the file's size and modification time: only its bytes say it changed."""
        p = self.pick(lambda p: p.kind in ("article", "sop", "page") and not p.rel.startswith("en/"))
        path = os.path.join(self.site.content, p.rel)
        st = os.stat(path)
        words = [w for w in WORDS if w in p.body and len(w) >= 4]
        if not words:
            return self.body()
        w = self.rng.choice(words)
        replacement = "".join(reversed(w))
        p.body = p.body.replace(w, replacement)
        self.site.write_page(p)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        return "same-size edit of %s (%s -> reversed), modification time kept" % (p.rel, w), 0

    # -- not the tree: the incremental build's own folders
    def tamper_output(self):
        """Someone edits, cuts or deletes a published file; the next build must repair it."""
        out = self.paths["out_inc"]
        files = sorted(rel for rel, v in read_tree(out).items() if isinstance(v, bytes) and rel != MANIFEST)
        if not files:
            return self.body()
        # A search term chunk a third of the time: the cache folder's index
        # says it is unchanged, and only the output can say it is not.
        chunks = [f for f in files if re.match(r"search/c-[0-9a-f]+\.json$", f)]
        rel = self.rng.choice(chunks if chunks and self.rng.random() < 0.35 else files)
        path = os.path.join(out, rel)
        how = self.rng.choice(["delete", "append", "same size and time"])
        if how == "delete":
            os.remove(path)
        elif how == "append":
            with open(path, "ab") as f:
                f.write(b"\n<!-- edited by hand -->\n")
        else:
            st = os.stat(path)
            with open(path, "rb") as f:
                data = bytearray(f.read())
            if not data:
                return self.body()
            data[len(data) // 2] ^= 0x20
            with open(path, "wb") as f:
                f.write(bytes(data))
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        return "output file %s edited by hand (%s)" % (rel, how), 0

    def cache(self):
        """The cache folder is lost, an older copy comes back (a CI cache restored),
        or one of its files is cut short, has a byte changed, or swaps places with another."""
        cache = self.paths["cache_inc"]
        old = self.paths["cache_old"]
        files = sorted(f for f in (os.listdir(cache) if os.path.isdir(cache) else [])
                       if os.path.isfile(os.path.join(cache, f)))
        if files and self.rng.random() < 0.5:
            name = self.rng.choice(files)
            path = os.path.join(cache, name)
            with open(path, "rb") as f:
                data = bytearray(f.read())
            how = self.rng.choice(["cut short", "byte changed", "swapped"])
            if how == "cut short" or not data:
                data = data[: len(data) * self.rng.randint(1, 9) // 10]
            elif how == "byte changed":
                data[self.rng.randrange(len(data))] ^= 0x01
            else:
                other = self.rng.choice(files)
                with open(os.path.join(cache, other), "rb") as f:
                    data = bytearray(f.read())
                how = "replaced by " + other
            with open(path, "wb") as f:
                f.write(bytes(data))
            return "cache file %s %s" % (name, how), 0
        if os.path.isdir(old) and self.rng.random() < 0.6:
            shutil.rmtree(cache, ignore_errors=True)
            shutil.copytree(old, cache, symlinks=True)
            return "cache folder replaced by its copy from step %d" % self.cache_old_step, 0
        shutil.rmtree(cache, ignore_errors=True)
        return "cache folder deleted", 0

    # -- invalid edits (exit 1), fixed at the next step
    def invalid_front_matter(self):
        p = self.pick(lambda p: p.kind in ("article", "sop", "plan", "page") and not p.protected and self.live(p))
        if p is None:
            p = self.pick(lambda p: p.kind == "article" and p.protected)
        r = self.rng
        fields = dict(p.fields)
        how = r.choice(["weight", "draft-yes", "open-quote", "no-title", "range", "shape", "link", "sop-next"])
        if how == "sop-next" and p.kind != "sop":
            how = "link"
        text = None
        if how == "weight":
            fields["weight"] = "หนัก"
        elif how == "draft-yes":
            fields["draft"] = "yes"
        elif how == "open-quote":
            fields["title"] = '"' + fields["title"]
        elif how == "no-title":
            del fields["title"]
        elif how == "range":
            fields["fiscal_year"] = "3000"
        elif how == "shape":
            fields["tags"] = "{a: 1}"
        elif how == "sop-next":
            fields["steps"] = fields["steps"].replace("next: s2", "next: s9", 1)
        if how == "link":
            text = p.render() + "\nลิงก์เสีย [ไม่มี](no-such-page-%d.md)\n" % self.site.next_id()
        else:
            text = p.render(fields)
        self.site.write_page(p, text)
        self.pending_fix = ("fix %s of %s" % (how, p.rel), lambda: self.site.write_page(p))
        return "invalid %s in %s" % (how, p.rel), 1

    def invalid_csv(self):
        added = self.ensure("plan")
        if added:
            return added
        s = self.site
        choices = sorted(rel for rel in s.csvs if self.live(s.pages[os.path.dirname(rel) + "/index.md"]))
        if not choices:
            return self.invalid_config()
        rel = self.rng.choice(choices)
        rows = [list(row) for row in s.csvs[rel]]
        i = self.rng.randrange(1, len(rows))
        bad = self.rng.choice(["1.234", "1e6", "-5", '"1,2,3"', "abc"])
        rows[i][4] = bad
        s.write_csv(rel, "".join(",".join(row) + "\n" for row in rows))
        self.pending_fix = ("fix CSV %s" % rel, lambda: s.write_csv(rel))
        return "invalid budget %s in %s row %d" % (bad, rel, i + 1), 1

    def invalid_gallery(self):
        added = self.ensure("gallery")
        if added:
            return added
        s = self.site
        choices = sorted(rel for rel in s.pictures if self.live(s.pages[rel]))
        if not choices:
            return self.invalid_config()
        rel = self.rng.choice(choices)
        p = s.pages[rel]
        pics = s.pictures[rel]
        if self.rng.random() < 0.5:
            fields = dict(p.fields)
            saved = p.fields["images"]
            s.set_images(p, alt_override=(1, pics[0][1]))  # an alt used twice
            fields["images"] = p.fields["images"]
            p.fields["images"] = saved
            s.write_page(p, p.render(fields))
            self.pending_fix = ("fix gallery %s" % rel, lambda: s.write_page(p))
            return "duplicate alt in %s" % rel, 1
        file = self.rng.choice(pics)[0]
        path = os.path.join("content", os.path.dirname(rel), file)
        with open(os.path.join(s.root, path), "rb") as f:
            good = f.read()
        s.write(path, good[: len(good) // 2])
        self.pending_fix = ("restore picture %s" % path, lambda: s.write(path, good))
        return "truncated picture %s" % path, 1

    def invalid_config(self):
        s = self.site
        s.write_config(s.site_yaml().replace("paginate: 4", "paginate: สี่"))
        self.pending_fix = ("fix site.yaml", lambda: s.write_config())
        return "invalid paginate in site.yaml", 1

    EDITS = [  # (weight, method)
        (10, "body"), (6, "title"), (5, "date"), (6, "tags"), (4, "slug"), (4, "field"), (4, "kind_field"),
        (6, "new_page"), (4, "delete"), (4, "rename"), (6, "csv_cell"), (4, "picture"), (4, "template"),
        (4, "config"), (4, "draft"), (3, "translation"), (3, "commit"), (2, "same_size"),
        (2, "tamper_output"), (2, "cache"),
        (3, "invalid_front_matter"), (2, "invalid_csv"), (2, "invalid_gallery"), (1, "invalid_config"),
    ]

    def step(self, steps_left):
        """Apply one edit; returns (kind, description, expected exit). Every kind of edit comes
        once in random order among the weighted random ones (all of them when there are enough
        steps left, an invalid edit counting two for its fix)."""
        if self.pending_fix:
            description, fix = self.pending_fix
            self.pending_fix = None
            fix()
            return "fix", description, 0
        if self.deck is None:
            self.deck = [name for _, name in self.EDITS]
            self.rng.shuffle(self.deck)
        needed = len(self.deck) + sum(name.startswith("invalid") for name in self.deck)
        if self.deck and (steps_left <= needed or self.rng.random() < 0.5):
            name = self.deck.pop()
        else:
            x = self.rng.uniform(0, sum(w for w, _ in self.EDITS))
            for w, name in self.EDITS:
                x -= w
                if x <= 0:
                    break
        if name in self.deck:
            self.deck.remove(name)
        description, expected = getattr(self, name)()
        return name, description, expected


# --------------------------------------------------------------------------


def build(kmsite, site, out, cache, drafts, env, quiet):
    cmd = [kmsite, "build", "--source", site, "--out", out, "--cache-dir", cache] + (["--quiet"] if quiet else [])
    if drafts:
        cmd.append("--drafts")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    return proc.returncode, proc.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kmsite")
    ap.add_argument("repo")
    ap.add_argument("--steps", type=int)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--sanitized", action="store_true", help="an ASan/UBSan build: fewer steps")
    ap.add_argument("--warnings", action="store_true",
                    help="build without --quiet, so warnings are printed and compared too")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (printed) for inspection")
    args = ap.parse_args()
    steps = args.steps if args.steps is not None else (12 if args.sanitized else 40)
    kmsite = os.path.realpath(args.kmsite)
    repo_root = os.path.realpath(args.repo)
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(var, None)
    os.environ.update(TZ="UTC", LC_ALL="C.UTF-8")

    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="kmsite-incr-")
    print("seed %d, %d steps (reproduce: %s %s %s --seed %d --steps %d)" % (
        args.seed, steps, sys.argv[0], args.kmsite, args.repo, args.seed, steps), flush=True)
    started = time.monotonic()
    try:
        return run(kmsite, repo_root, work, rng, steps, env, not args.warnings)
    except Failure as e:
        print("FAIL: %s" % e, file=sys.stderr)
        print("(seed %d; work folder %s%s; reproduce: %s %s %s --seed %d --steps %d%s --keep)" % (
            args.seed, work, " kept" if args.keep else " removed", sys.argv[0], args.kmsite, args.repo, args.seed,
            steps, " --warnings" if args.warnings else ""), file=sys.stderr)
        return 1
    finally:
        print("%.1f s" % (time.monotonic() - started), flush=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept %s" % work)


def run(kmsite, repo_root, work, rng, steps, env, quiet):
    site_dir = os.path.join(work, "site")
    paths = {k: os.path.join(work, k) for k in ("out_inc", "cache_inc", "out_clean", "cache_clean", "cache_old")}
    site = Site(site_dir, site_dir, rng)
    site.create(repo_root)
    site.git_init()
    editor = Editor(site, rng)
    editor.paths = paths
    # Some uncommitted edits from the start: these files are dated by their mtime.
    for _ in range(3):
        editor.body()
    counts = collections.Counter()
    per_kind = collections.defaultdict(collections.Counter)

    for step in range(steps + 1):
        if step == 0:
            kind, description, expected = "initial", "first build (3 uncommitted edits)", 0
        else:
            kind, description, expected = editor.step(steps - step + 1)
        drafts = rng.random() < 0.25
        print("step %d: %s%s" % (step, description, " [--drafts]" if drafts else ""), flush=True)
        before = read_tree(paths["out_inc"])
        before_stats = file_stats(paths["out_inc"])
        inc_code, inc_err = build(kmsite, site_dir, paths["out_inc"], paths["cache_inc"], drafts, env, quiet)
        for k in ("out_clean", "cache_clean"):
            shutil.rmtree(paths[k], ignore_errors=True)
        clean_code, clean_err = build(kmsite, site_dir, paths["out_clean"], paths["cache_clean"], drafts, env, quiet)
        where = "step %d (%s)" % (step, description)

        if clean_code not in (0, 1) or inc_code not in (0, 1):
            raise Failure("%s: unexpected exit codes: incremental %d, clean %d\n--- incremental stderr:\n%s\n"
                          "--- clean stderr:\n%s" % (where, inc_code, clean_code, inc_err[-3000:], clean_err[-3000:]))
        if inc_code != clean_code:
            raise Failure("%s: incremental build exited %d, clean build %d\n--- incremental stderr:\n%s\n"
                          "--- clean stderr:\n%s" % (where, inc_code, clean_code, inc_err[-3000:], clean_err[-3000:]))
        if clean_code != expected:
            raise Failure("%s: both builds exited %d, the edit expected %d (a bug in this test's model of the "
                          "site, or a change in kmsite's rules)\n--- stderr:\n%s" % (
                              where, clean_code, expected, clean_err[-3000:]))
        d_inc, d_clean = diagnostics(inc_err), diagnostics(clean_err)
        if d_inc != d_clean:
            raise Failure("%s: diagnostics differ\n  only incremental:\n    %s\n  only clean:\n    %s" % (
                where, "\n    ".join(sorted(d_inc - d_clean)) or "-", "\n    ".join(sorted(d_clean - d_inc)) or "-"))

        if clean_code == 0:
            inc = read_tree(paths["out_inc"])
            clean = read_tree(paths["out_clean"])
            inc.pop(MANIFEST, None)
            clean.pop(MANIFEST, None)
            if "index.html" not in clean:
                raise Failure("%s: the clean build wrote no index.html" % where)
            lines = describe_difference(inc, clean, "out_inc", "out_clean")
            if lines:
                raise Failure("%s: incremental output differs from the clean build\n%s" % (where, "\n".join(lines)))
            counts["ok"] += 1
            if step % 9 == 4:  # keep a copy of this cache for a later "cache" edit
                shutil.rmtree(paths["cache_old"], ignore_errors=True)
                shutil.copytree(paths["cache_inc"], paths["cache_old"], symlinks=True)
                editor.cache_old_step = step
        else:
            if not d_clean:
                raise Failure("%s: the build failed without a path:line:col diagnostic\n%s" % (where, clean_err[-3000:]))
            after = read_tree(paths["out_inc"])
            lines = describe_difference(before, after, "before", "after")
            if lines:
                raise Failure("%s: a failed build changed the previous output\n%s" % (where, "\n".join(lines)))
            after_stats = file_stats(paths["out_inc"])
            touched = sorted(p for p in before_stats if before_stats[p] != after_stats.get(p))
            if touched:
                raise Failure("%s: a failed build changed the mode or modification time of %s" % (
                    where, ", ".join(touched[:10])))
            if read_tree(paths["out_clean"]):
                raise Failure("%s: a failed clean build left files in its output folder" % where)
            counts["failed"] += 1
        per_kind[kind]["ok" if clean_code == 0 else "failed"] += 1

    total = counts["ok"] + counts["failed"]
    print("builds: %d succeeded, %d failed (as expected) of %d steps" % (counts["ok"], counts["failed"], total))
    print("by edit: " + ", ".join("%s %d/%d" % (k, c["ok"], c["ok"] + c["failed"]) for k, c in sorted(per_kind.items())))
    if total >= 20 and counts["ok"] < 0.7 * total:
        raise Failure("only %d of %d builds succeeded: the edits no longer exercise successful builds"
                      % (counts["ok"], total))
    missing = [name for _, name in Editor.EDITS if name not in per_kind]
    if steps >= 30 and missing:
        raise Failure("edits never applied: %s" % ", ".join(missing))
    print("ok - %d steps, incremental == clean" % steps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
