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
// base forms) and the synsets they point to, sorted, each with a 512-bit
// Bloom signature (one bit per synset) that rejects most unrelated pairs
// with a few ANDs before the sorted lists are intersected.
struct WordSenses {
  static constexpr std::size_t kSigWords = 8;
  std::uint32_t id = 0;  // unique per computed entry (keys the pair memo)
  std::vector<std::uint64_t> synsets, expanded;
  std::uint64_t synsets_sig[kSigWords] = {}, expanded_sig[kSigWords] = {};
  // The synsets that point to one of `synsets` through the links `expanded`
  // follows (sorted), so that "expanded(a) meets synsets(b)" is "synsets(a)
  // meets linked_from(b)": a test over a's few synsets instead of its many
  // related ones (the comparison's SenseFilter probes with it).
  std::vector<std::uint64_t> linked_from;
  // The wider neighbourhood LooselyRelated reads: synsets, the synsets they
  // point to (as `expanded`) and verb hypernyms ("please" -> "satisfy").
  std::vector<std::uint64_t> loose;
  std::uint64_t loose_sig[kSigWords] = {};
};

// Senses of a case-folded word; nullptr when WordNet is missing, the word is
// longer than 64 bytes or has no synset (such a word is related only to
// itself). Memoised once for all threads; the result stays valid after
// eviction.
std::shared_ptr<const WordSenses> LookupSenses(std::string_view folded);

// WordNetRelated for two different words, over their looked-up senses.
// Pair results are memoised per thread (news vocabulary repeats).
bool SensesRelated(const WordSenses* a, const WordSenses* b);

// A wider relation for renderings already tied by other evidence (the same
// speaker): true when the two words' neighbourhoods (synsets, related
// synsets, verb hypernyms) meet, so words one link apart on each side
// relate: "pleased" (also see "contented", verb hypernym "satisfy") and
// "satisfied" (similar to "contented"), or "satisfaction" (derivation of
// "satisfy"). Too loose for the general decision; not memoised.
bool LooselyRelated(const WordSenses* a, const WordSenses* b);

// True once the WordNet files were found and loaded.
bool WordNetAvailable();

// The WordNet blob embedded at build time ("" when the build found no
// WordNet), and the folder WordNet's files are read from when it is empty.
std::string_view EmbeddedWordNetBlob();
const char* WordNetDir();

// Loads WordNet now, if not loaded yet, on up to `threads` threads (2 halve
// the load of a process that has a second core idle at start-up). What is
// loaded does not depend on `threads`.
void LoadWordNet(unsigned threads);

}  // namespace qt::match_internal
