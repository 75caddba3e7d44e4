// CSV files of plan tables and open data.
#include "content/csv.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::optional<kmsite::content::CsvError> error;
    kmsite::content::parse_csv(std::string_view(reinterpret_cast<const char*>(data), size), error);
    return 0;
}
