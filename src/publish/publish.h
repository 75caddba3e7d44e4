// publish: getting a finished build into place without ever leaving a broken
// or half-written output behind.
#pragma once

#include <string>
#include <utility>

namespace kmsite::publish {

// Refuses output paths that would clobber the site itself (its root, an
// ancestor of it, its source folders) or a directory that is not a previous
// build. Throws EnvironmentError.
void check_output_path(const std::string& out, const std::string& site_root);

// A fresh empty directory beside `out` (same file system, so the swap is one
// rename). Throws EnvironmentError.
std::string make_staging(const std::string& out);

// Puts `staging` in place of `out` in one atomic step and removes the previous
// output. Readers of `out` see the old site or the new one, never a mix.
void swap_into_place(const std::string& staging, const std::string& out);

// Removes a staging directory after a failed build; `out` is untouched.
void discard(const std::string& staging);

// A staging directory for one build: swapped into place by commit(), removed
// on every other path out (errors, exceptions), so nothing is left behind.
class Staging {
  public:
    explicit Staging(std::string out) : out_(std::move(out)), path_(make_staging(out_)) {}
    ~Staging() {
        if (!committed_) discard(path_);
    }
    Staging(const Staging&) = delete;
    Staging& operator=(const Staging&) = delete;

    const std::string& path() const { return path_; }
    void commit() {
        swap_into_place(path_, out_);
        committed_ = true;
    }

  private:
    std::string out_;
    std::string path_;
    bool committed_ = false;
};

}  // namespace kmsite::publish
