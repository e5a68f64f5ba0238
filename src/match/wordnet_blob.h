// Internal to match: WordNet's tables in one flat, position-independent
// byte block (the "blob") that the matcher reads in place.
//
// Parsing WordNet's 28 MB of text files into hash maps cost every process
// about 0.5 G instructions (5% of an `ingest -j1` of PolNeAR train). The
// build runs tools/wordnet/make_blob.cc over the installed files once and
// embeds the result (wordnet.cc); a process then only points a View at it.
// When the build found no WordNet the embedded blob is empty and the
// process builds the same blob from QT_WORDNET_DIR on first use, as costly
// as the old load. Both come from Build() below, so they hold the same
// tables.
//
// Format (all integers little-endian uint32, sections 4-aligned): a header
// (magic, version, the string and list sections, then one descriptor per
// table), the strings, the lists, and per table an open-addressing slot
// array (entry number + 1, 0 empty; linear probing; a power of two at most
// half full) and its entries of four words {key_a, key_b, list, count}.
// String keys: key_a/key_b are the string's offset/length in the string
// section, hashed with XXH3-64; synset keys: key_a is the packed synset,
// key_b 0. A list is `count` words from word `list` of the list section.
// Keys are laid out in sorted order, so a blob depends only on the files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace qt::wordnet_blob {

// A synset as the blob stores it: part of speech (0 noun, 1 verb, 2 adj,
// 3 adv) << 30 | byte offset of its line in data.<pos>.
inline std::uint32_t Pack(std::uint64_t synset) {
  return static_cast<std::uint32_t>(((synset >> 32) << 30) | (synset & 0x3fffffffu));
}
// The matcher's synset id: pos << 32 | offset.
inline std::uint64_t Unpack(std::uint32_t packed) {
  return (std::uint64_t{packed >> 30} << 32) | (packed & 0x3fffffffu);
}

// The tables, by number.
enum Table : int {
  kLemma = 0,           // 4 tables (by part of speech): lemma -> packed synsets
  kExceptions = 4,      // 4 tables: inflected form -> base forms, as (offset, length) pairs
  kRelated = 8,         // synset -> synsets it links to (similar to, also see, derivation,
                        // pertainym, verb group, participle)
  kRelatedFrom = 9,     // the same links reversed (each list sorted)
  kVerbHypernyms = 10,  // verb synset -> its hypernyms
  kTables = 11,
};

// Reads WordNet's index, exception and data files from `dir` and returns
// the blob; "" when an index file is missing (WordNet unavailable). With
// `threads` > 1 the index and data files are parsed on two threads; the
// blob does not depend on it.
std::string Build(const std::string& dir, unsigned threads);

// A list inside a blob.
struct List {
  const unsigned char* p = nullptr;
  std::uint32_t n = 0;
  bool empty() const { return n == 0; }
  std::uint32_t size() const { return n; }
  std::uint32_t operator[](std::uint32_t i) const {
    std::uint32_t v;
    std::memcpy(&v, p + 4 * std::size_t{i}, 4);
    return v;
  }
};

// Read-only access to a blob (which must outlive the view).
class View {
 public:
  // False when `blob` is empty, not of this version, or its sections do not
  // fit in it. Entries are not checked one by one (that would read the whole
  // blob at start-up): a blob comes from Build(), at build or at run time.
  bool Open(std::string_view blob);

  // The lemma's packed synsets in part of speech `pos`, and whether the
  // lemma is there (a lemma may have an empty list).
  bool Lemma(int pos, std::string_view word, List* out) const;
  // The base forms the exception list gives `form` in part of speech `pos`:
  // pairs of words (offset, length) into the strings, read with Str().
  List Exceptions(int pos, std::string_view form) const;
  // The list of a synset-keyed table (kRelated, kRelatedFrom, kVerbHypernyms).
  List Links(int table, std::uint32_t packed) const;
  std::string_view Str(std::uint32_t off, std::uint32_t len) const {
    return {reinterpret_cast<const char*>(strings_) + off, len};
  }

 private:
  struct Tab {
    const unsigned char* slots = nullptr;
    const unsigned char* entries = nullptr;
    std::uint32_t mask = 0, count = 0;
  };
  std::uint32_t Word(const unsigned char* p, std::size_t i) const {
    std::uint32_t v;
    std::memcpy(&v, p + 4 * i, 4);
    return v;
  }
  List ListAt(const unsigned char* entry) const {
    return List{lists_ + 4 * std::size_t{Word(entry, 2)}, Word(entry, 3)};
  }
  const unsigned char* FindString(const Tab& t, std::string_view key) const;

  const unsigned char* strings_ = nullptr;
  const unsigned char* lists_ = nullptr;
  Tab tabs_[kTables];
};

}  // namespace qt::wordnet_blob
