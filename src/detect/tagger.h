// The learned half of detect: a first-order averaged-perceptron sequence
// tagger over the tokens of each paragraph, trained on PolNeAR's train split
// (tools/train_tagger.cc; `scripts/train-tagger.sh` reproduces the shipped
// weights in src/detect/tagger.bin).
//
// It labels every token as part of an attribution's content, cue or source
// (BIO), seeing the words around it, the learned cue lexicon, quote marks,
// sentence position, the nearest cue word on either side, and what the rule
// pass already found (stacking). The rules stay in charge of quote marks and
// of what they are sure of; the tagger adds the broad reported speech that no
// rule covers ("She has no illusions about ...", "polls show ...") and the
// clause boundaries of what it finds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "quotetrack/document.h"
#include "quotetrack/normalise.h"
#include "tokens.h"

namespace qt::detect_internal {

enum Tag : std::uint8_t { kO, kBCon, kICon, kBCue, kICue, kBSrc, kISrc, kNumTags };

// What the rule pass labelled a token as: the stacked feature.
enum RuleRole : std::uint8_t { kRuleNone, kRuleContent, kRuleCue, kRuleSource, kRuleDirect };

// The tagger's view of one document (all offsets in NormalisedText::text).
struct TagDoc {
  std::vector<Token> tokens;            // prose tokens in order, in_quote set
  // Detect's own tokens, when it tags them while they live: then `tokens`
  // stays empty (the tokens are not copied). Readers use Tokens().
  const std::vector<Token>* shared_tokens = nullptr;
  const std::vector<Token>& Tokens() const { return shared_tokens ? *shared_tokens : tokens; }
  std::vector<std::uint32_t> sentence;  // sentence index of each token
  std::vector<std::uint8_t> rule;       // RuleRole of each token
  // Token ranges [first, second) tagged as one sequence: the paragraphs.
  std::vector<std::pair<std::size_t, std::size_t>> units;
};

// Runs detect's rule passes over a document and returns the tagger's view of
// it, rule labels included: what the trainer learns from.
TagDoc RulesThenTagDoc(const Document& doc, const NormalisedText& norm);

// Hashed feature ids of tokens [a, b) of one unit: feats[offs[i-a] ..
// offs[i-a+1]) belong to token i.
void UnitFeatures(const TagDoc& doc, std::size_t a, std::size_t b,
                  std::vector<std::uint32_t>& feats, std::vector<std::uint32_t>& offs);

// The second pass sees everything the first saw plus the first pass's tags
// around each token (stacked learning: the first pass's tags for training are
// predicted by models that did not see those articles).
void StackedFeatures(const std::vector<std::uint32_t>& feats,
                     const std::vector<std::uint32_t>& offs, const std::vector<std::uint8_t>& first,
                     std::vector<std::uint32_t>& out_feats, std::vector<std::uint32_t>& out_offs);
// Only the features StackedFeatures adds to each token's base features:
// extra[extra_offs[i] .. extra_offs[i+1]) are appended to token i's.
void StackedExtras(const std::vector<std::uint32_t>& feats, const std::vector<std::uint32_t>& offs,
                   const std::vector<std::uint8_t>& first, std::vector<std::uint32_t>& extra,
                   std::vector<std::uint32_t>& extra_offs);

inline constexpr int kFeatureBits = 17;
inline constexpr std::uint32_t kFeatureMask = (1u << kFeatureBits) - 1;

// Weights: per feature bucket one score per tag; transitions from the previous
// tag (kNumTags = sentence start) to the next.
inline constexpr int kStride = 8;  // a row of weights padded to 8 floats (one vector load)

struct TagModel {
  std::vector<float> w;      // (1 << kFeatureBits) * kStride; padding stays 0
  std::vector<float> trans;  // (kNumTags + 1) * kNumTags
  // Parsed (shipped) weights stay in their int16 form, `w` empty: half the
  // memory of floats, so more of the rows a document touches stay in cache.
  // Emission scores are the exact integer sums times `scale`.
  std::vector<std::int16_t> q;
  float scale = 1.0f;

  bool empty() const { return w.empty() && q.empty(); }
  // Best tag sequence for one unit (Viterbi).
  // With `gold` (training only), every tag but gold[i] scores `cost` more
  // at token i: loss-augmented decoding, so that an update also comes when
  // the right sequence wins by less than the margin.
  std::vector<std::uint8_t> Decode(const std::vector<std::uint32_t>& feats,
                                   const std::vector<std::uint32_t>& offs,
                                   const std::uint8_t* gold = nullptr, float cost = 0.0f) const;
  // Binary form: magic, bits, tags, scale, transitions, int16 weights.
  std::string Serialise() const;

  // Parses one model from the front of [data, data+size); returns the bytes
  // used, 0 on failure.
  std::size_t ParsePrefix(const unsigned char* data, std::size_t size);
  // ParsePrefix without the weights: magic, sizes, scale and transitions
  // (`w` and `q` left empty). Returns the bytes the whole model takes, whose
  // last kWeightBytes are its weights; 0 on failure.
  std::size_t ParseHeader(const unsigned char* data, std::size_t size);
  // Bytes of a serialised model's weights: per feature bucket kNumTags int16.
  static constexpr std::size_t kWeightBytes =
      (std::size_t{1} << kFeatureBits) * kNumTags * sizeof(std::int16_t);
};

// The shipped tagger: a first pass and, when present, a stacked second pass.
struct Tagger {
  TagModel first, second;
  // A fused tagger keeps its weights only in the fused table (ParseFused).
  bool empty() const { return first.empty() && fused_.empty(); }
  std::vector<std::uint8_t> Tag(const TagDoc& doc, std::size_t a, std::size_t b) const;
  // Interleaves two quantised passes' rows (per bucket: the first pass's 8
  // weights, then the second's) so that Tag sums a token's base features
  // for both passes from one 32-byte row: the second pass then adds only its
  // stacked features instead of reading every base row again. Tag gives the
  // same tags with or without it (integer sums are exact).
  void Fuse();
  // Parses a two-pass model (two ParsePrefix blocks) straight into the fused
  // table: the passes keep only their transitions and scales (their `q`
  // stays empty), so the weights are held once (4 MB), not twice (8 MB).
  // Returns false, leaving an empty Tagger, unless both passes parse.
  bool ParseFused(const unsigned char* data, std::size_t size);

  // The weights compiled into the binary (empty if none were shipped).
  static const Tagger& Default();

 private:
  // Zeroed room for both passes' rows, the first row on a 64-byte line.
  std::int16_t* AllocateFused();
  // Fills combos_ from the fused rows (after Fuse or ParseFused).
  void BuildCombos();
  std::vector<std::int16_t> fused_;  // over-allocated; rows start at fused_off_
  std::size_t fused_off_ = 0;
  // Exact int32 sums of the fused rows (both passes: 2 * kStride lanes a
  // row) of features whose values all come from small fixed sets, one row
  // per combination of values that Tag adds in one step instead of several
  // (tagger.cc: the combo families).
  std::vector<std::int32_t> combos_;
};

// A content run the tagger found, with the cue paired to it (source offsets
// of NormalisedText::text; the cue may be empty).
struct RunView {
  Span content, cue;
  bool quoted = false;  // holds words inside quote marks
};

// Which runs to keep when one cue serves several: a cue introduces one
// content, the run nearest to it ("X has acknowledged A, which B": B is the
// writer's remark, not what X acknowledged). Runs with quoted words always
// stay (the marks make them speech), as do runs without a cue.
std::vector<bool> OneContentPerCue(const std::vector<RunView>& runs);

// Whether content tokens [a, b) outside quote marks are one to three
// closed-class words and no object pronoun: "he" of "he appears before
// thousands", "that", "which", "the" -- the edge of a clause the tagger cut
// short, never what was said. ("attacked her": an object pronoun may be the
// whole content of a cue.)
bool NamesNoStatement(const std::vector<Token>& tokens, std::size_t a, std::size_t b);

// The end of content tokens [a, b) without a conjunction (and the
// punctuation around it) left dangling at its end outside quote marks ("to
// end the war through diplomatic means and"): the words after it were not
// taken, so the conjunction joins nothing. Never less than a + 1.
std::size_t WithoutDanglingConjunction(const std::vector<Token>& tokens, std::size_t a,
                                       std::size_t b);

// Whether a tag continues (I-) or begins (B-) a span of `kind` (kBCon, kBCue, kBSrc).
inline bool IsBegin(std::uint8_t t) { return t == kBCon || t == kBCue || t == kBSrc; }
inline std::uint8_t SpanKind(std::uint8_t t) {
  if (t == kO) return kO;
  return static_cast<std::uint8_t>(IsBegin(t) ? t : t - 1);
}

}  // namespace qt::detect_internal
