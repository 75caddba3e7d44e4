// Limits checked on a page's Markdown before cmark-gfm sees it.
//
// Debian 12's cmark-gfm (0.29.0.gfm.6) predates the 2023 fixes for inputs that
// take quadratic time (CVE-2023-22483..22486, CVE-2023-24824) and its table
// extension is quadratic in the number of columns. No fixed build is packaged,
// and Debian's cmark 0.30 lacks the GFM extensions, so kmsite keeps the library
// and refuses, before parsing, the shapes that make it slow (see
// docs/design.md, "Untrusted input: limits and parser choices"). Every count
// is bounded per run of non-blank lines: cmark parses inlines one leaf block
// at a time and no leaf block spans a blank line, so a bound per run bounds
// each block's quadratic term by a constant and the whole parse is linear.
//
// The scan itself is one pass over the bytes.
#include <algorithm>

#include "content/internal.h"

namespace kmsite::content {

namespace {

struct Limit {
    RuleId rule;
    std::size_t max;
    const char* what;    // English: what was counted
    const char* advice;  // English then Thai: what to do
};

// Measured with Debian's library (docs/design.md has the numbers): at these
// bounds each pattern costs under a second per megabyte of Markdown.
constexpr Limit emphasis_limit = {
    "markdown-emphasis-runs", 2000, "emphasis markers (* or _ runs) in one paragraph",
    "put a blank line between paragraphs or list items, or write \\* and \\_ for literal "
    "characters / แบ่งย่อหน้าด้วยบรรทัดว่าง หรือเขียน \\* และ \\_ แทนเครื่องหมายที่ไม่ใช่ตัวเน้น"};
constexpr Limit image_limit = {
    "markdown-image-openers", 1000, "image openers '![' in one paragraph",
    "put a blank line between groups of images / แบ่งกลุ่มรูปภาพด้วยบรรทัดว่าง"};
constexpr Limit html_limit = {
    "markdown-html-openers", 200, "'<?', '<!X' or '<![' markup openers in one paragraph",
    "write &lt; for a literal '<' or put the text in a code block / เขียน &lt; แทนเครื่องหมาย "
    "< หรือใส่ข้อความไว้ในบล็อกโค้ด"};
constexpr Limit www_limit = {"markdown-autolink-run", 50, "'www.' in one word",
                             "separate the addresses with spaces / เว้นวรรคระหว่างที่อยู่เว็บ"};
constexpr Limit column_limit = {
    "markdown-table-columns", 100, "'|' cell separators on one line (table columns)",
    "split the table, or publish it as a CSV file / แบ่งตาราง หรือเผยแพร่เป็นไฟล์ CSV"};
constexpr Limit nesting_limit = {
    "markdown-nesting", 32, "block quotes and lists nested on one line",
    "nest block quotes ('>') and lists at most 32 deep / ซ้อนการอ้างอิงและรายการได้ไม่เกิน 32 ชั้น"};

struct Scan {
    std::string_view body;
    const std::string& path;
    int body_line;
    Diagnostics& diagnostics;
    bool ok = true;
    bool reported[6] = {};

    // Columns count code points, as editors show them.
    void fail(int index, const Limit& limit, std::size_t line, std::size_t line_start,
              std::size_t at) {
        ok = false;
        if (reported[index]) return;  // one report per kind is enough to act on
        reported[index] = true;
        int col = 1;
        for (std::size_t i = line_start; i < at && i < body.size(); ++i)
            col += (static_cast<unsigned char>(body[i]) & 0xC0) != 0x80;
        diagnostics.error(path, body_line + static_cast<int>(line), col, limit.rule,
                          "more than " + std::to_string(limit.max) + " " + limit.what +
                              "; cmark-gfm would take quadratic time: " + limit.advice);
    }
};

bool blank(std::string_view line) {
    return std::all_of(line.begin(), line.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// A ``` or ~~~ fence opening or closing a code block: its contents are not
// inline-parsed, so they are not counted.
std::size_t fence_length(std::string_view line, char& fence_char) {
    std::size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ') ++i;
    if (i >= line.size() || (line[i] != '`' && line[i] != '~')) return 0;
    char c = line[i];
    std::size_t n = 0;
    while (i + n < line.size() && line[i + n] == c) ++n;
    if (n < 3) return 0;
    fence_char = c;
    return n;
}

// Block quote markers and list markers at the start of a line.
std::size_t container_depth(std::string_view line) {
    std::size_t depth = 0, i = 0;
    while (i < line.size()) {
        std::size_t j = i;
        while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) ++j;
        if (j >= line.size()) break;
        char c = line[j];
        if (c == '>') {
            i = j + 1;
        } else if ((c == '-' || c == '*' || c == '+') && j + 1 < line.size() &&
                   (line[j + 1] == ' ' || line[j + 1] == '\t')) {
            i = j + 2;
        } else if (c >= '0' && c <= '9') {
            std::size_t k = j;
            while (k < line.size() && k - j < 9 && line[k] >= '0' && line[k] <= '9') ++k;
            if (k + 1 < line.size() && (line[k] == '.' || line[k] == ')') &&
                (line[k + 1] == ' ' || line[k + 1] == '\t'))
                i = k + 2;
            else
                break;
        } else {
            break;
        }
        ++depth;
    }
    return depth;
}

bool html_opener(std::string_view line, std::size_t i) {
    if (i + 1 >= line.size()) return false;
    if (line[i + 1] == '?') return true;
    if (line[i + 1] != '!' || i + 2 >= line.size()) return false;
    char c = static_cast<char>(line[i + 2] | 0x20);
    return line[i + 2] == '[' || (c >= 'a' && c <= 'z');
}

}  // namespace

bool check_markdown_limits(std::string_view body, const std::string& path, int body_line,
                           Diagnostics& diagnostics) {
    if (body.size() > max_markdown_bytes) {
        diagnostics.error(path, body_line, 1, "markdown-too-large",
                          "the Markdown text is " + std::to_string(body.size()) +
                              " bytes, more than the limit of " +
                              std::to_string(max_markdown_bytes) +
                              "; split the page into several pages / เนื้อหายาวเกินกำหนด "
                              "แบ่งเป็นหลายหน้า");
        return false;
    }
    Scan s{body, path, body_line, diagnostics};
    // Counts of the current run of non-blank lines.
    std::size_t emphasis = 0, images = 0, html = 0;
    std::size_t fence = 0;  // length of the open code fence, 0 outside one
    char fence_char = 0;
    std::size_t line_no = 0;
    for (std::size_t start = 0; start < body.size(); ++line_no) {
        std::size_t end = body.find('\n', start);
        if (end == std::string_view::npos) end = body.size();
        std::string_view line = body.substr(start, end - start);
        std::size_t line_start = start;
        start = end + 1;
        if (fence > 0) {
            char c = 0;
            std::size_t n = fence_length(line, c);
            if (n >= fence && c == fence_char && blank(line.substr(line.find(c) + n))) fence = 0;
            continue;
        }
        if (std::size_t n = fence_length(line, fence_char); n > 0) {
            fence = n;
            emphasis = images = html = 0;
            continue;
        }
        if (blank(line)) {
            emphasis = images = html = 0;
            continue;
        }
        if (container_depth(line) > nesting_limit.max)
            s.fail(5, nesting_limit, line_no, line_start, line_start);
        std::size_t pipes = 0, www = 0;
        for (std::size_t i = 0; i < line.size(); ++i) {
            char c = line[i];
            std::size_t at = line_start + i;
            switch (c) {
                case '\\':
                    ++i;  // an escaped character counts as text
                    break;
                case '*':
                case '_':
                    if (i == 0 || line[i - 1] != c) {
                        if (++emphasis > emphasis_limit.max)
                            s.fail(0, emphasis_limit, line_no, line_start, at);
                    }
                    break;
                case '!':
                    if (i + 1 < line.size() && line[i + 1] == '[' && ++images > image_limit.max)
                        s.fail(1, image_limit, line_no, line_start, at);
                    break;
                case '<':
                    // "<?", "<!X" and "<![CDATA[" are scanned to the end of the
                    // paragraph when unclosed; "<!--" is not (its scan stops).
                    if (html_opener(line, i) && ++html > html_limit.max)
                        s.fail(2, html_limit, line_no, line_start, at);
                    break;
                case '|':
                    if (++pipes > column_limit.max + 1)
                        s.fail(4, column_limit, line_no, line_start, at);
                    break;
                case ' ':
                case '\t':
                    www = 0;
                    break;
                case 'w':
                case 'W':
                    if (line.size() - i >= 4 && (line[i + 1] | 0x20) == 'w' &&
                        (line[i + 2] | 0x20) == 'w' && line[i + 3] == '.' && ++www > www_limit.max)
                        s.fail(3, www_limit, line_no, line_start, at);
                    break;
                default:
                    break;
            }
        }
    }
    return s.ok;
}

}  // namespace kmsite::content
