// Internal to match: token alignment and the pair features the classifier
// reads. Exposed to tools/ (training and evaluation) through this header.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "match/text.h"
#include "match/wordnet.h"

namespace qt::match_internal {

// The classes of one token that the comparison reads (its strings are in
// Prepared::folds and Prepared::stems_text). One byte: a prepared root is
// kept in memory for the life of its statement.
struct TokenClass {
  bool cap : 1 = false;
  bool number : 1 = false;
  bool negation : 1 = false;
  bool modal : 1 = false;
  bool stop : 1 = false;
  // A content word, not a number, with WordNet senses: the tokens WordNet
  // may pair (Prepared::senses[k] is set exactly for these).
  bool wordnet : 1 = false;
};

// Words of a string of words each followed by kWordEnd (Prepared::folds,
// Prepared::stems_text). Tokens never hold control characters.
inline constexpr char kWordEnd = '\x1f';
std::vector<std::string_view> Words(std::string_view joined);
// The same into `out` (cleared first), which keeps its capacity.
void Words(std::string_view joined, std::vector<std::string_view>* out);

// A token sequence analysed once for comparison: words become 64-bit ids
// (hashes of their stems), content words carry their WordNet senses, and the
// multisets the features count are kept sorted, so that comparing two
// prepared sequences is merges of integer vectors and two small dynamic
// programmes: no strings hashed, no WordNet lookups.
struct Prepared {
  // Unique per Prepare call, from 1 (keys per-thread memos of derived data).
  std::uint64_t id = 0;
  std::vector<TokenClass> tokens;
  std::string folds;                // every token's folded form, each followed by kWordEnd
  std::string stems_text;           // every token's stem, each followed by kWordEnd
  std::vector<std::uint64_t> stem;  // per token: id of its stem
  // Per token: WordNet senses of a content word that is not a number; null
  // for other tokens and for words WordNet does not know.
  std::vector<std::shared_ptr<const WordSenses>> senses;
  // Per token: senses[k]->id, 0 where senses[k] is null. The comparison's
  // per-thread memos are keyed by it, so a memo hit reads no WordSenses
  // (each one a likely cache miss).
  std::vector<std::uint32_t> sense_id;
  std::vector<std::uint64_t> stems;                       // sorted stem ids (multiset)
  std::vector<std::uint64_t> content_stems;               // sorted stem ids of non-stopwords
  std::vector<std::uint64_t> numbers;                     // sorted stem ids of number tokens
  std::array<std::vector<std::uint64_t>, 3> ngrams;       // sorted stem 2-, 3-, 4-gram ids
  std::vector<std::pair<std::uint64_t, double>> weights;  // stem -> summed TokenWeight, by stem
  double weight_total = 0;
  // Byte trigrams with their counts, sorted: trigram << 8 | count for
  // counts below 255; 255 marks a count held in char3_big (trigram, count).
  std::vector<std::uint32_t> char3;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> char3_big;
  double char3_norm2 = 0;
  std::size_t content = 0;    // non-stopword tokens
  std::size_t negations = 0;  // negation tokens
  // The non-stopword tokens in order (`content` of them), what stem and
  // WordNet matching read of each: the pair loops visit these only, not
  // every token.
  struct ContentToken {
    std::uint16_t index;  // in tokens
    // Among the non-stopword tokens with its stem, how many come before it
    // (stem matching pairs the k-th occurrences of a stem).
    std::uint16_t rank;
    // The index in content_stems of its stem's first entry, so that a pair
    // counts each token's stem on the other side with one merge instead of
    // a search per token.
    std::uint16_t pos;
    bool wordnet;  // tokens[index].wordnet
  };
  std::vector<ContentToken> content_tokens;

  // Approximate heap bytes held.
  std::size_t memory_bytes() const;
};
Prepared Prepare(std::vector<Token> tokens);

// An order-preserving alignment of `member` tokens onto `root` tokens by equal
// stems (longest common subsequence, preferring contiguous blocks).
struct Alignment {
  std::vector<std::pair<std::size_t, std::size_t>> pairs;  // (root index, member index), increasing
  std::size_t blocks = 0;  // maximal runs contiguous in both sequences
  std::size_t lcs = 0;     // length of the longest common subsequence of stems
};
Alignment Align(const Prepared& root, const Prepared& member);

// Content tokens of `b` matched one-to-one to content tokens of `a` by stem
// (first) or WordNet relation: (by stem, by stem or WordNet). With `need` >
// 0 the second count is exact when it reaches `need` and some smaller number
// otherwise (the WordNet pass gives up once `need` is out of reach).
std::pair<std::size_t, std::size_t> ContentMatched(const Prepared& a, const Prepared& b,
                                                   std::size_t need = 0);

// Per token of `a`, 1 if its WordNet senses may be related (SensesRelated)
// to those of some token of `b` that has senses, 0 when provably not (and
// for tokens without senses): a superset test, exact where it says 0.
void MayRelateTo(const Prepared& a, const Prepared& b, std::vector<char>* out);

// Content stems the two sequences share (multiset intersection size).
std::size_t SharedContentStems(const Prepared& a, const Prepared& b);

// Number of features PairFeatures returns, and their names (for tools).
inline constexpr std::size_t kNumFeatures = 30;
extern const std::array<std::string_view, kNumFeatures> kFeatureNames;

// Symmetric similarity features of two token sequences (see align.cc).
std::array<double, kNumFeatures> PairFeatures(const Prepared& a, const Prepared& b);

// Everything Compare decides from: the alignment, the features, and whether
// the structural excerpt rules alone make the pair one statement.
struct PairAnalysis {
  Alignment al;
  std::array<double, kNumFeatures> features{};
  bool contained = false;       // every member token aligned, in order
  bool root_contained = false;  // every root token aligned
  bool rule_same = false;       // an excerpt of the root with enough information
  // Enough shared content for the model to decide: at least two content
  // words with one stem on both sides, and half of the shorter side's
  // content words matched by stem or WordNet.
  bool evidence = false;
  double containment = 0, coverage = 0;
  std::size_t content_aligned = 0, content_member = 0;
};
PairAnalysis Analyse(const Prepared& root, const Prepared& member);
// Analyse for the matcher while filing, which reads a pair further only when
// rule_same or evidence holds: false (and `out` partial) when the pair can
// be shown cheaply to have neither, before the alignment or the WordNet
// pass is complete; otherwise true and `*out` is Analyse(root, member).
// `shared_content_stems`: SharedContentStems(root, member) when the caller
// has it already (SIZE_MAX: not known).
bool AnalyseCandidate(const Prepared& root, const Prepared& member, PairAnalysis* out,
                      std::size_t shared_content_stems = SIZE_MAX);

// The model reads the features and all their pairwise products (a quadratic
// logistic regression): kNumFeatures + kNumFeatures*(kNumFeatures+1)/2 inputs.
inline constexpr std::size_t kNumModelInputs = kNumFeatures + kNumFeatures * (kNumFeatures + 1) / 2;
std::vector<double> ModelInputs(const std::array<double, kNumFeatures>& f);

// The trained linear model (src/match/model_weights.cc, generated by tools/).
struct LinearModel {
  const double* mean;    // kNumModelInputs
  const double* scale;   // kNumModelInputs
  const double* weight;  // kNumModelInputs
  double bias;
  double threshold;  // probability at or above which the pair is one statement
};
const LinearModel& TrainedModel();

// Probability that the pair renders one statement, from the features.
double ModelProbability(const LinearModel& m, const std::array<double, kNumFeatures>& f);

}  // namespace qt::match_internal
