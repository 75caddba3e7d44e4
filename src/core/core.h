// core: diagnostics, UTF-8, safe relative paths, hashing, files and a parallel loop.
// Every later stage builds on these; nothing here knows about sites or pages.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/messages.h"

namespace kmsite {

// ---- diagnostics -----------------------------------------------------------

enum class Severity { warning, error };

// One finding about the input. Errors are values: stages collect them and go on,
// so one bad page never hides the others.
struct Diagnostic {
    std::string path;  // relative to the site root; empty for whole-site findings
    int line = 0;      // 1-based; 0 when unknown
    int col = 0;       // 1-based; 0 when unknown
    Severity severity = Severity::error;
    std::string rule;     // stable id, e.g. "front-matter-yaml"
    std::string message;  // English, then Thai after " / " where the rule has it

    // `path:line:col: error: message [rule]`
    std::string format() const;
};

// Thread-safe sink. Stages report from worker threads; `sorted()` gives a
// deterministic order whatever the thread interleaving was.
class Diagnostics {
  public:
    void report(Diagnostic d);
    // The rule is checked against the message catalogue (core/messages.h)
    // when the call site is compiled.
    void error(std::string path, int line, int col, RuleId rule, std::string message);
    void warning(std::string path, int line, int col, RuleId rule, std::string message);
    bool has_errors() const;
    std::size_t error_count() const;
    std::size_t warning_count() const;
    std::vector<Diagnostic> sorted() const;

  private:
    mutable std::mutex mutex_;
    std::vector<Diagnostic> items_;
};

// A problem with the environment rather than the content (a missing directory,
// an unknown revision, an unwritable output): the CLI exits 2 on these.
struct EnvironmentError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// ---- UTF-8 -----------------------------------------------------------------

struct TextPosition {
    int line = 1;
    int col = 1;  // counted in code points, as editors show columns
};

// Offset of the first byte that is not valid UTF-8, or nullopt.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);
// Appends a code point (at most U+10FFFF) as UTF-8.
void append_utf8(std::string& out, char32_t cp);
// Line and column of a byte offset.
TextPosition position_of(std::string_view text, std::size_t offset);
// Length of the valid UTF-8 sequence starting at `at` (1 to 4), or 0 when the
// bytes there are not valid UTF-8 (stray, overlong, surrogate, past U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text, std::size_t at);
// The same, also setting `code_point` to the character there (left as it
// was when the length is 0).
std::size_t utf8_decode_at(std::string_view text, std::size_t at, char32_t& code_point);
// Text that is safe to print on a terminal or in a log: C0 and C1 control
// characters, DEL, Unicode bidirectional overrides and invalid UTF-8 bytes are
// written as visible escapes (\n, \x1b, \u{202e}, \xff). A file name or a
// title can then neither start a forged diagnostic line nor send terminal
// escape sequences. Everything that prints author text or paths goes through it.
std::string terminal_safe(std::string_view text);
// A-Z as a-z; other bytes (UTF-8 too) as they are. For extensions and tags.
std::string lower_ascii(std::string_view text);
// `text` without the spaces, tabs and line breaks (" \t\r\n") at its ends.
std::string_view trim_space(std::string_view text);
// Why an alt text says nothing about the picture it stands for (the file's
// name, a camera's "IMG_1234", a word like "ภาพ"), or "" when it may.
std::string meaningless_alt(std::string_view alt, std::string_view file);

// A character that XML 1.0 or HTML forbid in text: C0 controls other than tab,
// line feed and carriage return, DEL, C1 controls (U+0080..U+009F) and the
// noncharacters U+FFFE and U+FFFF. One in a title or a paragraph makes the
// feeds ill-formed XML and the page invalid HTML.
struct ControlChar {
    std::size_t offset = 0;  // byte offset in the text
    std::size_t length = 1;  // bytes of its UTF-8 sequence
    char32_t code_point = 0;
};
std::optional<ControlChar> find_control_char(std::string_view text);
std::string code_point_name(char32_t cp);  // "U+000B"
// The text without those characters; a vertical tab or form feed separated
// words (Word writes one for a line break), so it becomes a space.
std::string without_control_chars(std::string_view text);
// The finding for one: an error (delete it) or a warning (it was left out).
Diagnostic control_char_diagnostic(const std::string& path, int line, int col, char32_t cp,
                                   Severity severity, RuleId rule);
// The text without those characters. The first of each line is reported at
// its line (counting from `first_line`) and column as `rule`: an error where
// the character must be deleted, or a warning where leaving it out is
// harmless.
std::string remove_control_chars(std::string_view text, const std::string& path, int first_line,
                                 Severity severity, RuleId rule, Diagnostics& diagnostics);

// ---- paths -----------------------------------------------------------------

// Normalizes a '/'-separated relative path: drops "." and empty segments and
// resolves ".." against earlier segments. Returns nullopt when the path is
// absolute or climbs above its root, so no later stage can escape the site.
std::optional<std::string> normalize_relative(std::string_view path);
// Directory part of a relative path ("a/b/c.md" -> "a/b", "c.md" -> "").
std::string_view parent_path(std::string_view path);
std::string_view file_name(std::string_view path);
std::string_view extension(std::string_view path);  // ".md", or "" when none
std::string join_path(std::string_view a, std::string_view b);
bool starts_with_path(std::string_view path, std::string_view prefix);  // segment-wise
// A segment other than "." and ".." starts with a dot (.git, .env).
bool has_hidden_segment(std::string_view path);
// The Content-Type a file is published with, by its extension in any case
// ("text/html; charset=utf-8"); "application/octet-stream" when unknown.
std::string_view media_type(std::string_view path);

// ---- text formats ----------------------------------------------------------

// A JSON string literal, quotes included. "<" is written \u003c so the JSON
// can sit inside an HTML <script> block. The result is always valid UTF-8:
// bytes that are not valid UTF-8 become U+FFFD.
std::string json_string(std::string_view text);
// & < > " as entities: text for an XML or HTML element or a quoted attribute.
std::string xml_escape(std::string_view text);
// %XX escapes decoded (URLs written by editors or found in pages).
std::string percent_decode(std::string_view text);
// %XX escapes for bytes that may not stand in a URL as they are: spaces and
// other controls, non-ASCII bytes, and each byte of `also`.
std::string percent_encode(std::string_view text, std::string_view also);

// ---- URL safety --------------------------------------------------------------

// The scheme of a URL as a browser reads it, lowercased: leading spaces and
// control characters are skipped and tabs and newlines inside are dropped, so
// "java\tscript:" is "javascript". "" for relative URLs ("a/b.md", "/x", "#y").
std::string url_scheme(std::string_view url);
// Schemes an author may link to: http, https, mailto and tel. Everything else
// (javascript:, vbscript:, data:, file:, unknown ones) could run script or
// reach outside the web.
bool allowed_link_scheme(std::string_view scheme);
// A data: URL of a raster picture (png, jpeg, gif, webp), which browsers never run.
bool raster_data_url(std::string_view url);

// ---- hashing ---------------------------------------------------------------

std::uint64_t hash64(std::string_view data);  // XXH3-64; for names in the output, not security
std::string hex64(std::uint64_t value);
// The 16 hex digits that name bytes in the output whose URL changes with
// them (theme CSS/JS/fonts, search files): browsers may keep them forever.
inline std::string content_tag(std::string_view data) {
    return hex64(hash64(data));
}

// A 128-bit content fingerprint (xxHash's XXH3): what caches and the output
// manifest key on. Not for security: an author who wants a different page
// only has to write one, so nobody gains from forging a collision.
struct Digest {
    std::uint64_t hi = 0, lo = 0;
    bool operator==(const Digest&) const = default;
    auto operator<=>(const Digest&) const = default;
    std::string hex() const;
    static std::optional<Digest> from_hex(std::string_view text);
};
Digest digest(std::string_view data);
// digest() of a file's bytes, read a block at a time: the same value as
// digest(*read_file(path)) without holding the file (the kmsite binary the
// cache keys on is 86 MB with its debug information).
std::optional<Digest> digest_file(const std::string& path);
struct DigestHash {  // for unordered containers keyed by Digest
    std::size_t operator()(const Digest& d) const { return static_cast<std::size_t>(d.lo); }
};
// Builds one digest from many values; each is length-prefixed, so ("ab","c")
// and ("a","bc") differ.
class Hasher {
  public:
    Hasher();
    ~Hasher();
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;
    Hasher& add(std::string_view data);  // its length, then its bytes
    // The bytes alone: add_bytes(a) then add_bytes(b) gives digest(a + b).
    Hasher& add_bytes(std::string_view data);
    Hasher& add(std::int64_t value);
    Hasher& add(const Digest& d);
    Digest finish() const;

  private:
    void* state_;
};

// ---- files -----------------------------------------------------------------

std::optional<std::string> read_file(const std::string& path);
// The regular file at `relative` (a '/'-separated path) inside `dir`, read
// without following any symbolic link on the way and refused past
// `max_bytes`: for folders someone else made (the sites `kmsite merge`
// combines), whose links must not make kmsite read files outside them.
std::optional<std::string> read_file_beneath(const std::string& dir, std::string_view relative,
                                             std::size_t max_bytes);
// Writes a whole file with plain open/write (sites have tens of thousands of
// small files). Creates parent directories unless the caller already has.
// Returns false with errno set on failure.
bool write_file(const std::string& path, std::string_view data, bool make_parents = true);
// All of `data` to an open file, through short writes and interruptions;
// false with errno set when the file takes no more.
bool write_all(int fd, std::string_view data);
bool make_directories(const std::string& path);
bool remove_tree(const std::string& path);
// True for the errno values that mean the output's storage cannot take more
// (disk or quota full, read-only, I/O error, file size limit): a problem with
// the environment, not with one file's content, so a build stops at once.
bool is_storage_error(int err);
// Throws the EnvironmentError for a storage error met while writing `path`:
// one message, in English and Thai, that says what to do.
[[noreturn]] void throw_storage_error(const std::string& path, int err);
// Paths of the regular files under `dir`, relative to it and '/'-separated,
// in no particular order. Symbolic links are not followed.
std::vector<std::string> list_files(const std::string& dir);

// ---- output ----------------------------------------------------------------

// Where a build's files go: a folder on disk (written only where bytes
// changed) or memory (`kmsite serve`). Paths are site-relative and already
// checked. Called from several threads at once; a second put of a path
// replaces the first. Storage failures throw EnvironmentError.
class FileSink {
  public:
    virtual ~FileSink() = default;
    virtual void put(const std::string& path, std::string_view data) = 0;
    // The same, for bytes someone else keeps too (a cache): a sink that keeps
    // files in memory shares them instead of copying.
    virtual void put_shared(const std::string& path, std::shared_ptr<const std::string> data) {
        put(path, *data);
    }
    // The file at `path` is made again with the bytes whose digest is
    // `digest`: a sink that already holds exactly those (the output folder,
    // as its last build left it) keeps them and returns true, and the caller
    // need not make them; otherwise the caller must put() them.
    virtual bool keep(const std::string& path, const Digest& digest) {
        (void)path, (void)digest;
        return false;
    }
};

// ---- parallelism -----------------------------------------------------------

// Runs body(index, worker) for index in [0, count) on `jobs` threads. Work is
// handed out one index at a time, so uneven pages balance themselves; `worker`
// (0..jobs-1) lets callers keep per-thread state without locks.
void parallel_for(std::size_t count, unsigned jobs,
                  const std::function<void(std::size_t index, unsigned worker)>& body);
unsigned default_jobs();

// ---- CSV for spreadsheets ----------------------------------------------------

// Every CSV file kmsite writes (open data, templates) goes through this writer.
// The file starts with a UTF-8 byte order mark, so Excel on Thai Windows reads
// Thai as UTF-8 rather than the ANSI code page. A text cell that a spreadsheet
// would run as a formula (it begins with =, +, -, @, tab or carriage return:
// OWASP's CSV-injection rule) is written quoted behind a single quote, so it
// shows as text; numbers go through number() and stay numbers, -500 included.
class CsvWriter {
  public:
    CsvWriter();
    CsvWriter& text(std::string_view cell);
    // A number in machine form ("-500", "1234.5"); anything else is written as text().
    CsvWriter& number(std::string_view plain);
    void end_row();
    const std::string& str() const { return out_; }

  private:
    void separate();
    std::string out_;
    bool row_start_ = true;
};

// Hands an object over to the end of the process, never to be destroyed: a
// command about to exit need not free a whole site's pages and plans
// string by string (0.1-0.2 s at 10,000 pages) when the system takes the
// heap back at once. Held through a global, so leak checkers do not count
// it as lost.
void keep_until_exit(void* object);
template <typename T>
void keep_until_exit(std::unique_ptr<T> object) {
    keep_until_exit(static_cast<void*>(object.release()));
}
}  // namespace kmsite
