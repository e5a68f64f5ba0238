// Internal to match: WordNet 3.0 synonymy (Debian wordnet-base).
//
// Loaded lazily, once, on first use (thread-safe); if the files are missing
// every query answers "not related" and matching falls back to stems.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace qt::match_internal {

// True if the two case-folded words share a synset (after WordNet's
// morphological base forms), or one's synset points to the other's through a
// similar-to, also-see, derivation, pertainym, verb-group or participle link.
bool WordNetRelated(std::string_view a, std::string_view b);

// What WordNetRelated needs of one word, computed once: its synsets (after
// base forms) and the synsets they point to, sorted, each with a 64-bit
// signature (one bit per synset hash) that rejects most pairs with one AND.
struct WordSenses {
  std::vector<std::uint64_t> synsets, expanded;
  std::uint64_t synsets_sig = 0, expanded_sig = 0;
};

// Senses of a case-folded word; nullptr when WordNet is missing, the word is
// longer than 64 bytes or has no synset (such a word is related only to
// itself). Memoised per thread; the result stays valid after eviction.
std::shared_ptr<const WordSenses> LookupSenses(std::string_view folded);

// WordNetRelated for two different words, over their looked-up senses.
bool SensesRelated(const WordSenses* a, const WordSenses* b);

// True once the WordNet files were found and loaded.
bool WordNetAvailable();

}  // namespace qt::match_internal
