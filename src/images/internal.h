// Private to the images stage.
#pragma once

#include <optional>

#include "images/images.h"

namespace kmsite::images {

// The cache folder of one key ("<cache>/ab/ab12...").
std::string entry_dir(const std::string& cache_dir, const std::string& key);
// A complete entry whose files are all there, or nullopt.
std::optional<Picture> read_entry(const std::string& dir);
bool write_entry(const std::string& dir, const Picture& picture);
// Written under a temporary name, then renamed into place.
bool write_cache_file(const std::string& path, std::string_view data);

}  // namespace kmsite::images
