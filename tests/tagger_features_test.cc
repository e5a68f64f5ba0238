// The tagger's feature ids are pinned: the shipped weights (tagger.bin) are
// indexed by them, so a change in how they are computed must leave every id
// where it was. The digests below were taken from the implementation that
// hashed every feature value on every token (before the per-word and
// fixed-set id tables); retraining the tagger does not change them, a change
// to the feature templates does (and then needs a retrained tagger.bin).
// Since the WordNet word classes (features 51-55, 58) they also depend on the
// WordNet the build found (Debian wordnet-base 3.0).
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "detect/tagger.h"
#include "detect/tokens.h"
#include "detect/word_class.h"
#include "tag_doc_util.h"

namespace {

qt::detect_internal::TagDoc MakeTagDoc(const std::string& text) {
  return qt_test::MakeTagDoc(text, {"that"});
}

const char kProse[] =
    "Finance Minister Ana Perez said on Tuesday that the budget \"will not be cut again\", "
    "according to officials in Lisbon. Critics, however, warned it could fail.\n"
    "\"We have done everything we could,\" she told reporters after the meeting. "
    "Analysts say growth is likely to slow; the central bank declined to comment.\n"
    "Mr. Okafor, 58, whose family farms near the river, insisted the plan was unfair and "
    "has expressed support for a 10,000-signature petition. Polls show 3.5% backing.\n"
    "He appears before thousands every week. Asked whether he would resign, Okafor "
    "replied: \xE2\x80\x9CNever.\xE2\x80\x9D The Kremlin\xE2\x80\x99s spokesman said nothing.";

// FNV-style digest of every feature id and offset, in order.
std::uint64_t Digest(std::uint64_t h, const std::vector<std::uint32_t>& v) {
  for (std::uint32_t x : v) h = (h ^ x) * 0x100000001B3ull;
  return (h ^ v.size()) * 0x100000001B3ull;
}

std::uint64_t FeatureDigest(const qt::detect_internal::TagDoc& d) {
  using namespace qt::detect_internal;
  std::uint64_t h = 0xCBF29CE484222325ull;
  for (auto [a, b] : d.units) {
    std::vector<std::uint32_t> feats, offs, ex, exo, all, all_offs;
    UnitFeatures(d, a, b, feats, offs);
    std::vector<std::uint8_t> first(b - a);
    for (std::size_t i = 0; i < first.size(); ++i)
      first[i] = static_cast<std::uint8_t>((i * 5 + i / 3) % kNumTags);
    StackedExtras(feats, offs, first, ex, exo);
    StackedFeatures(feats, offs, first, all, all_offs);
    for (const auto* v : {&feats, &offs, &ex, &exo, &all, &all_offs}) h = Digest(h, *v);
  }
  return h;
}

// A unit of more distinct words than the per-thread word cache holds.
std::string ManyWords(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s += (i % 7 == 0) ? "Word" : "word";
    for (std::size_t k = i; k > 0; k /= 26) s += static_cast<char>('a' + k % 26);
    s += (i % 11 == 10) ? ", " : (i % 29 == 28 ? ". " : " ");
  }
  return s;
}

}  // namespace

TEST_CASE("tagger feature ids of realistic prose are the pinned ones", "[tagger]") {
  if (!qt::detect_internal::WordClassesAvailable()) {
    WARN("built without WordNet: the word-class features differ from the pinned ones");
    return;
  }
  const auto doc = MakeTagDoc(kProse);
  REQUIRE(doc.units.size() == 4);
  CHECK(FeatureDigest(doc) == 0x12c3bfa551a806b9ull);
}

TEST_CASE("tagger feature ids hold for a unit of more words than the word cache", "[tagger]") {
  // 40,000 distinct words in one unit, then the prose again on the same
  // thread: the cache grows and starts over without changing an id.
  if (!qt::detect_internal::WordClassesAvailable()) {
    WARN("built without WordNet: the word-class features differ from the pinned ones");
    return;
  }
  CHECK(FeatureDigest(MakeTagDoc(ManyWords(40000))) == 0xe88db8bf31c1ba8aull);
  CHECK(FeatureDigest(MakeTagDoc(kProse)) == 0x12c3bfa551a806b9ull);
}
