// Internal to match: WordNet 3.0 synonymy (Debian wordnet-base).
//
// Loaded lazily, once, on first use (thread-safe); if the files are missing
// every query answers "not related" and matching falls back to stems.
#pragma once

#include <string_view>

namespace qt::match_internal {

// True if the two case-folded words share a synset (after WordNet's
// morphological base forms), or one's synset points to the other's through a
// similar-to, also-see, derivation, pertainym, verb-group or participle link.
bool WordNetRelated(std::string_view a, std::string_view b);

// True once the WordNet files were found and loaded.
bool WordNetAvailable();

}  // namespace qt::match_internal
