// Prints, for each line of standard input, the words the search index would
// look up for it (normalised, segmented by ICU), as a JSON array per line.
// The browser tests compare this with what the search script computes.
#include <iostream>
#include <string>

#include "thai/thai.h"

int main() {
    std::string line;
    while (std::getline(std::cin, line)) {
        std::cout << '[';
        bool first = true;
        for (const auto& w : kmsite::thai::query_words(kmsite::thai::normalize_for_search(line))) {
            std::cout << (first ? "" : ",") << '"';
            for (char c : w)
                std::cout << (c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c));
            std::cout << '"';
            first = false;
        }
        std::cout << "]\n";
    }
}
