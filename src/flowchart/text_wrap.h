// Private to flowchart: fitting Thai text into boxes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kmsite::flowchart {

// Approximate rendered width in pixels at the chart's font size: Thai vowel
// and tone marks above or below a letter take no width of their own.
double text_width(std::string_view text);
// Breaks text into lines no wider than `max_width`, at ICU's Thai-aware line
// break opportunities (Thai has no spaces between words), splitting a word
// only when it alone is too wide.
std::vector<std::string> wrap(std::string_view text, double max_width);


}  // namespace kmsite::flowchart
