// Literal matching for the hand-written pre-filters (attribution's context
// words, furniture's anywhere-patterns): does `lit` stand at `text[i]`?
#pragma once

#include <cstddef>
#include <string_view>

namespace qt::util {

// `lit` is lower-case where `fold` is set: then ASCII capitals in `text`
// match their lower-case letters (and nothing else is folded).
inline bool AsciiLiteralAt(std::string_view text, std::size_t i, std::string_view lit, bool fold) {
  if (i > text.size() || text.size() - i < lit.size()) return false;
  for (std::size_t k = 0; k < lit.size(); ++k) {
    char c = text[i + k];
    if (fold && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lit[k]) return false;
  }
  return true;
}

}  // namespace qt::util
