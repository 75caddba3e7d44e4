// publish: getting a finished build into place without ever leaving a broken
// or half-written output behind, without losing files that kmsite did not
// write (a gh-pages .git, CNAME, .well-known/), and without litter from
// builds that were killed.
#pragma once

#include <string>
#include <vector>

namespace kmsite::publish {

// The list of files a build wrote, kept inside the output. The next build
// replaces exactly these and carries every other file of the output over.
inline constexpr const char* manifest_name = ".kmsite-manifest";

// Refuses output paths that would clobber the site itself (its root, an
// ancestor of it, its source folders) or a directory that is not a previous
// build. Throws EnvironmentError.
void check_output_path(const std::string& out, const std::string& site_root);

// Removes the staging folders beside `out` that builds killed before they
// finished left behind (".public.kmsite-XXXXXX"). A folder whose build is still
// running is locked by it and left alone. Returns the number removed.
std::size_t remove_stale_staging(const std::string& out);

// The manifest's text for these output paths, and the paths read back from it.
std::string manifest_text(std::vector<std::string> files);
std::vector<std::string> parse_manifest(const std::string& text);

// A staging directory for one build, created beside `out` (same file system,
// so the swap is one rename), with the modes the umask gives (0755 under the
// usual 022), and locked for as long as the build runs. commit() puts it in
// place of `out` in one atomic step; on every other way out (errors,
// exceptions) it is removed, so nothing is left behind.
class Staging {
  public:
    // Removes stale staging folders of earlier builds first. Throws
    // EnvironmentError.
    explicit Staging(std::string out);
    ~Staging();
    Staging(const Staging&) = delete;
    Staging& operator=(const Staging&) = delete;

    const std::string& path() const { return path_; }
    // Writes the manifest of `written` (paths relative to the output), links
    // the files of the previous output that kmsite did not write into the new
    // one, then swaps. Readers of `out` see the old site or the new one, never
    // a mix. Throws EnvironmentError, leaving `out` unchanged, when a kept
    // file is at a path this build writes.
    void commit(const std::vector<std::string>& written);

  private:
    std::string out_;
    std::string path_;
    int lock_fd_ = -1;
    bool committed_ = false;
};

}  // namespace kmsite::publish
