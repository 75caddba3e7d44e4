// publish: getting a finished build into place without ever leaving a broken
// or half-written output behind.
#pragma once

#include <string>

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

}  // namespace kmsite::publish
