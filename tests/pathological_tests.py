#!/usr/bin/env python3
"""Pathological inputs, in the style of cmark's test/pathological_tests.py.

Each case is a page (or, for the checker, an HTML file) built from a pattern
repeated tens of thousands of times. The real kmsite binary builds a minimal
site with it; the case passes when the build (or `kmsite check`) finishes
within a generous time bound and either produces the expected HTML or fails
with the expected error rule. Quadratic behaviour at these sizes takes minutes,
linear takes well under a second, so the bound separates them on any machine.

Usage: pathological_tests.py KMSITE REPO [--sanitized] [-k SUBSTRING]
With --sanitized (an ASan/UBSan build) sizes are a tenth and time is not
bounded: that build checks memory safety on the same shapes, the release build
checks time.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

BOUND_SECONDS = 20  # per case, wall time; linear cases take well under 1 s


def page(body, title="ทดสอบ"):
    return "---\ntitle: %s\n---\n%s" % (title, body)


def to_size(unit, size):
    """unit repeated to about size bytes of UTF-8 (not more)."""
    return unit * max(1, size // len(unit.encode("utf-8")))


def markdown_cases(scale):
    """(name, markdown body, expectation). An expectation is ("ok", regex on
    the page's HTML) or ("error", rule id printed by the build)."""
    n = lambda k: max(1, k // scale)
    big = 1_000_000 // scale
    cases = [
        # kmsite's own passes over the document
        ("repeated identical headings", "## a\n" * n(20000),
         ("ok", r'<h2 id="a-%d">a</h2>' % n(20000))),
        ("headings colliding with suffixes", "## a\n## a-2\n" * n(10000),
         ("ok", r'<h2 id="a-2-%d">' % n(10000))),
        ("task list", "- [ ] a\n" * n(120000),
         ("ok", r'(<li><label class="task"><input type="checkbox" disabled="" /> a</label></li>\n){%d}'
          % min(n(120000), 60000))),
        ("aligned table cells", "| a | b |\n|:-|-:|\n" + "| x | y |\n" * n(50000),
         ("ok", r'(<tr>\n<td class="align-left">x</td>\n<td class="align-right">y</td>\n</tr>\n){%d}'
          % min(n(50000), 60000))),
        ("captioned tables", "Table: t\n\n| a |\n|-|\n| b |\n\n" * n(10000),
         ("ok", r"(<table>\n<caption>t</caption>\n){1}")),
        # flowcharts
        ("flowchart long unbreakable label",
         "```mermaid\ngraph TD\nA[" + "ก" * n(100000) + "] --> B[x]\n```\n",
         ("ok", r'<svg xmlns="http://www.w3.org/2000/svg" class="flowchart"')),
        ("flowchart long label of words",
         "```mermaid\ngraph TD\nA[" + "คำ " * n(30000) + "] --> B[x]\n```\n",
         ("ok", r'class="flowchart"')),
        ("flowchart 500 steps with skips",
         "```mermaid\ngraph TD\n" + "".join("S%d --> S%d\nS%d --> S%d\n" % (i, i + 1, i, i + 2)
                                            for i in range(min(497, n(497)))) + "```\n",
         ("ok", r'class="flowchart-steps"')),
        ("flowchart too many steps",
         "```mermaid\ngraph TD\n" + "".join("S%d --> S%d\n" % (i, i + 1) for i in range(n(20000))) +
         "```\n", ("error", "mermaid-syntax") if n(20000) > 500 else ("ok", "flowchart")),
        ("flowchart statements on one line",
         "```mermaid\ngraph TD\n" + "A;" * n(50000) + "\n```\n", ("ok", r'class="flowchart"')),
        # cmark-gfm CVE patterns and cmark's pathological list, guarded
        ("CVE-2023-24824 ![[]() in one paragraph", to_size("![[]()", big),
         ("error", "markdown-image-openers")),
        ("![[]() in many paragraphs", ("![[]()" * 150 + "\n\n") * n(1000),
         ("ok", r'(!\[<a href=""></a>){150}')),
        ("mixed emphasis (cmark issue 389)", "*a " * n(20000) + "_a*_ " * n(20000),
         ("error", "markdown-emphasis-runs")),
        ("nested strong emph", "*a **a " * n(30000) + "b" + " a** a*" * n(30000),
         ("error", "markdown-emphasis-runs")),
        ("emphasis in short paragraphs", ("*a **b** c* " * 50 + "\n\n") * n(1500),
         ("ok", r"(<em>a <strong>b</strong> c</em> ){49}<em>a <strong>b</strong> c</em></p>")),
        ("many emph closers with no openers", "a_ " * n(30000),
         ("error", "markdown-emphasis-runs")),
        ("many link closers with no openers", "a]" * n(30000), ("ok", r"(a\]){%d}" % min(n(30000), 30000))),
        ("many link openers with no closers", "[a" * n(30000), ("ok", r"(\[a){%d}" % min(n(30000), 30000))),
        ("pattern [ (]( repeated", "[ (](" * n(40000), ("ok", r"(\[ \(\]\(){%d}" % min(n(40000), 40000))),
        ("nested brackets", "[" * n(25000) + "a" + "]" * n(25000),
         ("ok", r"\[{%d}a\]{%d}" % (min(n(25000), 25000), min(n(25000), 25000)))),
        ("nested block quotes", "> " * n(25000) + "a", ("error", "markdown-nesting")),
        ("block quotes 32 deep", "> " * 32 + "a", ("ok", r"(<blockquote>\n){32}<p>a</p>")),
        ("empty lines in deeply nested lists", "- " * n(30000) + "x" + "\n" * n(30000),
         ("error", "markdown-nesting")),
        ("emph in deep blockquote (CVE-2023-22486)", ">" * n(100000) + "a*" * n(100000),
         ("error", "markdown-nesting")),
        ("backticks", "".join("e" + "`" * x for x in range(1, n(1000))),
         ("ok", r"<p>[e`]*</p>")),
        ("unclosed links A", "[a](<b" * n(30000), ("ok", r"(\[a\]\(&lt;b){%d}" % min(n(30000), 30000))),
        ("unclosed links B", "[a](b" * n(30000), ("ok", r"(\[a\]\(b){%d}" % min(n(30000), 30000))),
        ("unclosed <!-- (CVE-2023-22484)", "</" + "<!--" * n(100000),
         ("ok", r"&lt;/(&lt;!--){%d}" % min(n(100000), 60000))),
        ("<![CDATA[ repeated", "a <![CDATA[" * n(50000), ("error", "markdown-html-openers")),
        ("<? repeated", "a <? " * n(50000), ("error", "markdown-html-openers")),
        ("<!A repeated", "a <!A " * n(50000), ("error", "markdown-html-openers")),
        ("table with many columns", "|" + "a|" * n(20000) + "\n|" + "-|" * n(20000) + "\n",
         ("error", "markdown-table-columns") if n(20000) > 100 else ("ok", "<table>")),
        ("table with 100 columns and many rows",
         "|" + "a|" * 100 + "\n|" + "-|" * 100 + "\n" + ("|" + "b|" * 100 + "\n") * n(2000),
         ("ok", r"(<td>b</td>\n){100}")),
        # kmsite leaves the vertical tab out (a space, with a warning), so the
        # delimiter rows become setext underlines.
        ("GFM table rows with control characters", "aaa\rbbb\n-\v\n" * n(30000),
         ("ok", r"<h2[^>]*>aaa\nbbb</h2>")),
        ("autolink www._ (CVE-2023-22483)", to_size("www._", n(200000)),
         ("error", "markdown-autolink-run")),
        ("autolinks separated by spaces", "www.example.go.th " * n(30000),
         ("ok", r'(<a href="http://www.example.go.th">www.example.go.th</a> ){%d}' % min(n(30000) - 1, 30000))),
        ("email autolink pattern a@", "a@" * n(100000), ("ok", r"<p>")),
        ("strikethrough openers", "~~a " * n(50000), ("ok", r"<p>")),
        ("footnote references", "[^a]" * n(30000) + "\n\n[^a]: x\n", ("ok", r"footnote")),
        ("page over the size limit", to_size("ข้อความ ", 2_000_000 // scale),
         ("error", "markdown-too-large") if scale == 1 else ("ok", "<p>")),
        ("page of 1 MB just under the limit", to_size("ข้อความธรรมดา\n\n", big),
         ("ok", r"(<p>ข้อความธรรมดา</p>\n){100}")),
    ]
    return cases


def html_cases(scale):
    """(name, HTML file text) for `kmsite check`: each must finish in time."""
    n = lambda k: max(1, k // scale)
    shell = ('<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>t</title></head>'
             '<body><main>%s</main></body></html>')
    return [
        ("checker: nested links", shell % ('<a href="/x">' * n(100000) + "text " * n(100000))),
        ("checker: self-closing tags in deep nesting",
         shell % ("<svg>" + "<g>" * n(100000) + "<path/>" * n(100000))),
        ("checker: deep nesting then self-closing html",
         shell % ("<div>" * n(100000) + "<br/>" * n(100000))),
        ("checker: run of &", shell % ("&" * n(1000000))),
        ("checker: run of &# without ;", shell % ("&#1" * n(300000))),
        ("checker: many attributes", shell % ("<p " + "".join("a%d=1 " % i for i in range(n(100000))) + ">x")),
        ("checker: many duplicate attributes", shell % ("<p " + "a=1 " * n(200000) + ">x")),
        ("checker: stray end tags in deep nesting",
         shell % ("<div>" * n(50000) + "</span>" * n(100000))),
        ("checker: blocks closing a paragraph through phrasing",
         shell % ("<p>" + "<span>" * n(50000) + "<div></div>" * n(50000))),
        ("checker: list items in deep nesting",
         shell % ("<ul>" + "<div>" * n(50000) + "<li>x</li>" * n(50000))),
        ("checker: nested labels and buttons around much text",
         shell % ("<label>" * n(50000) + "<button>" * n(50000) + "text " * n(200000))),
        ("checker: many fields named by labels after them",
         shell % ("".join('<input id="f%d">' % i for i in range(n(50000))) +
                  "".join('<label for="f%d">x</label>' % i for i in range(n(50000))))),
        ("checker: focusable elements under deep aria-hidden",
         shell % ('<div aria-hidden="true">' * n(50000) + '<a href="#x">x</a>' * n(50000))),
        ("checker: ARIA roles looking for their owner through deep nesting",
         shell % ('<div role="list">' + "<div>" * n(50000) + '<span role="listitem">x</span>' * n(50000)
                  + '<span role="tab">t</span>' * n(50000))),
        ("checker: many invalid roles and aria attributes",
         shell % ('<p role="nope" aria-nope="1" lang="xx_YY">x</p>' * n(50000))),
    ]


def make_site(repo, root):
    script = (
        'REPO="$1"; source "$REPO/tests/fixtures/conforming-site.sh"; '
        'eval "$(sed -n "/^make_site()/,/^}/p" "$REPO/tests/e2e/lib.sh")"; make_site "$2"')
    subprocess.run(["bash", "-c", script, "bash", repo, root], check=True)


def run(cmd, bound):
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=bound)
    except subprocess.TimeoutExpired:
        return None, "", "", bound
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"), time.monotonic() - start)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kmsite")
    ap.add_argument("repo")
    ap.add_argument("--sanitized", action="store_true",
                    help="ASan/UBSan build: smaller inputs, no time bound")
    ap.add_argument("-k", default="", help="run only cases whose name contains this")
    ap.add_argument("--bound", type=float, help="seconds per case (default %d)" % BOUND_SECONDS)
    args = ap.parse_args()
    kmsite = os.path.realpath(args.kmsite)
    scale = 10 if args.sanitized else 1
    bound = args.bound or (600 if args.sanitized else BOUND_SECONDS)
    env_note = " (sanitized build: no time bound)" if args.sanitized else ""
    print("Pathological inputs%s:" % env_note)
    failures = []
    work = tempfile.mkdtemp(prefix="kmsite-pathological-")
    try:
        site = os.path.join(work, "site")
        make_site(args.repo, site)
        page_path = os.path.join(site, "content", "articles", "pathological.md")
        for name, body, (kind, expected) in markdown_cases(scale):
            if args.k not in name:
                continue
            with open(page_path, "w", encoding="utf-8", newline="") as f:
                f.write(page(body))
            out = os.path.join(work, "public")
            shutil.rmtree(out, ignore_errors=True)
            code, stdout, stderr, took = run(
                [kmsite, "build", "-s", site, "-o", out, "-q", "--no-check", "-j", "2"], bound)
            verdict = None
            if code is None:
                verdict = "TIMED OUT after %d s" % bound
            elif kind == "error":
                if code != 1 or ("[%s]" % expected) not in stderr:
                    verdict = "expected error [%s], exit %s: %s" % (expected, code, stderr[-800:])
                elif "pathological.md:" not in stderr:
                    verdict = "error does not name the file: " + stderr[-800:]
            else:
                html_file = os.path.join(out, "articles", "pathological", "index.html")
                if code != 0:
                    verdict = "build failed (exit %s): %s" % (code, stderr[-800:])
                else:
                    with open(html_file, encoding="utf-8") as f:
                        html = f.read()
                    if not re.search(expected, html):
                        verdict = "output does not match /%s/: %r" % (expected[:80], html[:600])
            print("%-55s %6.2f s  %s" % (name, took, verdict or "ok"))
            if verdict:
                failures.append(name)

        # The checker's HTML reader, on a built site with one hostile page.
        cases = [c for c in html_cases(scale) if args.k in c[0]]
        if cases:
            with open(page_path, "w", encoding="utf-8") as f:
                f.write(page("ทดสอบ\n"))
            out = os.path.join(work, "public")
            shutil.rmtree(out, ignore_errors=True)
            subprocess.run([kmsite, "build", "-s", site, "-o", out, "-q", "--no-check"], check=True)
            hostile = os.path.join(out, "hostile.html")
            for name, text in cases:
                with open(hostile, "w", encoding="utf-8") as f:
                    f.write(text)
                code, stdout, stderr, took = run([kmsite, "check", out, "-j", "2"], bound)
                verdict = None
                if code is None:
                    verdict = "TIMED OUT after %d s" % bound
                elif code != 1 or "hostile.html" not in stdout + stderr:
                    verdict = "expected findings for hostile.html, exit %s: %s" % (
                        code, (stdout + stderr)[-800:])
                print("%-55s %6.2f s  %s" % (name, took, verdict or "ok"))
                if verdict:
                    failures.append(name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("%d failed: %s" % (len(failures), ", ".join(failures)))
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
