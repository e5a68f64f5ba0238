// The shipped tagger runs fused (both passes' rows interleaved) and adds
// precomputed sums of the rows of features whose values come from small
// fixed sets (Tagger::BuildCombos) instead of each row. Integer sums are
// exact, so it must tag every token as the plain two-pass decoder does over
// the feature ids the trainer sees (UnitFeatures, StackedFeatures).
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "detect/tagger.h"
#include "detect/tokens.h"
#include "tag_doc_util.h"

extern "C" const unsigned char qt_tagger_blob[];
extern "C" const unsigned char qt_tagger_blob_end[];

namespace {

using namespace qt::detect_internal;

qt::detect_internal::TagDoc MakeTagDoc(const std::string& text) {
  return qt_test::MakeTagDoc(text, {"that", "would"});
}

const char kProse[] =
    "The harbour authority said on Monday that the new pier \"will open before winter\", "
    "according to two engineers in Valmora. Residents, however, warned it could flood.\n"
    "\"We have waited eleven years for this,\" the mayor told reporters after the vote. "
    "Economists say tourism is likely to grow; the port operator declined to comment.\n"
    "Ms. Tandefelt, 61, whose shop faces the quay, insisted the fees were unfair and "
    "has voiced support for a 2,500-signature petition. Surveys show 42.5% backing.\n"
    "She speaks to hundreds every market day. Asked whether she would stand, Tandefelt "
    "answered: \xE2\x80\x9CPerhaps.\xE2\x80\x9D The council\xE2\x80\x99s spokesman said little.\n"
    "Officials believe the plan, which critics call reckless, would cost more than "
    "expected, a report found, while unions argued that wages had fallen and that "
    "nobody, they claimed, had asked them. \"It is a disgrace,\" one said.";

// The same weights, parsed per pass and not fused: Tag decodes each pass
// from the trainer's feature ids.
Tagger Unfused() {
  Tagger t;
  const auto size = static_cast<std::size_t>(qt_tagger_blob_end - qt_tagger_blob);
  const std::size_t used = t.first.ParsePrefix(qt_tagger_blob, size);
  if (used == 0) return Tagger{};
  if (t.second.ParsePrefix(qt_tagger_blob + used, size - used) == 0) return Tagger{};
  return t;
}

}  // namespace

TEST_CASE("fused tagger with combined rows tags as the plain decoder", "[tagger]") {
  const Tagger& fused = Tagger::Default();
  if (fused.empty()) return;  // built without shipped weights
  const Tagger plain = Unfused();
  REQUIRE_FALSE(plain.empty());
  std::string text = kProse;
  // Long and short units, one of a single token.
  text += "\nYes\n";
  for (int i = 0; i < 30; ++i) text += "Critics said the talks, which began in May, had stalled. ";
  const TagDoc doc = MakeTagDoc(text);
  REQUIRE(doc.units.size() >= 7);
  std::size_t tagged = 0, non_o = 0;
  for (auto [a, b] : doc.units) {
    const std::vector<std::uint8_t> want = plain.Tag(doc, a, b);
    const std::vector<std::uint8_t> got = fused.Tag(doc, a, b);
    CHECK(got == want);
    tagged += got.size();
    for (std::uint8_t t : got) non_o += t != kO;
  }
  CHECK(tagged == doc.tokens.size());
  CHECK(non_o > 20);  // the tagger found speech, so the scores were exercised
}

// The tagger's per-thread word cache finds a short word by the bytes
// Tokenize leaves on its token (Token::key_lo/key_hi) or, for a token
// without them, by its lower form: both must reach the same word, whichever
// put it in the cache first, and tag alike. Words new to this thread's cache
// come first through the string (keys cleared), then through the keys; long
// and non-ASCII words always go through the string.
TEST_CASE("tagger word cache finds a word by its token keys or its string alike", "[tagger]") {
  const Tagger& fused = Tagger::Default();
  if (fused.empty()) return;
  const std::string text =
      "Quarrymen at Oskelund grumbled, the overseer Brandvold conceded yesterday.\n"
      "\"Hydroelectricity internationalisation was never our plan,\" Z\xC3\xBCrich's envoy "
      "Thorvaldsen-Ekblom insisted, adding that Oskelund's quarrymen had grumbled.\n"
      "Brandvold said: \"We conceded nothing.\"";
  const TagDoc keyed = MakeTagDoc(text);
  TagDoc plain = keyed;
  std::size_t with_keys = 0;
  for (Token& t : plain.tokens) {
    with_keys += t.key_size != 0;
    t.key_size = 0;
  }
  // All but the long and non-ASCII words and the last ones (fewer than 16
  // bytes after them).
  CHECK(with_keys + 8 >= keyed.tokens.size());
  CHECK(with_keys < keyed.tokens.size());
  // A stale key (not the lower form's size) is ignored.
  TagDoc stale = keyed;
  for (Token& t : stale.tokens)
    if (t.key_size > 1) t.key_size = static_cast<std::uint8_t>(t.key_size - 1);
  for (auto [a, b] : keyed.units) {
    const std::vector<std::uint8_t> by_string = fused.Tag(plain, a, b);
    const std::vector<std::uint8_t> by_keys = fused.Tag(keyed, a, b);
    CHECK(by_keys == by_string);
    CHECK(fused.Tag(stale, a, b) == by_string);
    CHECK(fused.Tag(plain, a, b) == by_string);
  }
}
