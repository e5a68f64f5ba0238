#include "tagger.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <string_view>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "lexicon.h"
#include "word_class.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "util/embed_blob.h"

// The shipped weights, embedded at build time (an empty file means "no
// model": detect then runs on rules alone).
#ifndef QT_TAGGER_PATH
#error "QT_TAGGER_PATH must name src/detect/tagger.bin"
#endif
QT_EMBED_BLOB(qt_tagger_blob, QT_TAGGER_PATH);

namespace qt::detect_internal {
namespace {

// A feature value: the 64-bit hash of its text. Words, shapes and rule roles
// are hashed once per token; a feature id mixes the template with one or two
// values (no string is built or hashed twice). Each value also keeps the two
// products F makes of it (as its first or its second value), so that values
// kept in tables and per-word caches are multiplied once, not per feature.
struct Hv {
  static constexpr std::uint64_t kA = 0x9E3779B97F4A7C15ull;
  static constexpr std::uint64_t kB = 0x632BE59BD9B4E019ull, kB2 = 0xC2B2AE3D27D4EB4Full;
  std::uint64_t v = 0;
  std::uint64_t ma = 0;             // v * kA: F's term for a first value
  std::uint64_t mb = kB * kB2;      // (v + kB) * kB2: its term for a second value
  Hv() = default;
  Hv(std::string_view s) : Hv(Raw(XXH3_64bits(s.data(), s.size()))) {}  // NOLINT: implicit
  Hv(const char* s) : Hv(std::string_view(s)) {}                        // NOLINT
  static Hv Raw(std::uint64_t x) {
    Hv h;
    h.v = x;
    h.ma = x * kA;
    h.mb = (x + kB) * kB2;
    return h;
  }
};

// Feature id of template `tpl` with value `a` (and `b`).
std::uint32_t F(std::uint8_t tpl, const Hv& a, const Hv& b = Hv::Raw(0)) {
  std::uint64_t h = a.ma;
  h ^= b.mb;
  h ^= (static_cast<std::uint64_t>(tpl) + 1) * 0x165667B19E3779F9ull;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 32;
  return static_cast<std::uint32_t>(h) & kFeatureMask;
}

// Index of Bucket(d) in kBucketText.
constexpr std::string_view kBucketText[] = {"0", "1", "2", "3", "4-5", "6-8", "9-13", "14+"};
// (A table: the features ask it about eight times a token, and the chain of
// tests mispredicts.)
constexpr std::uint8_t kBucketOf[14] = {0, 1, 2, 3, 4, 4, 5, 5, 5, 6, 6, 6, 6, 6};
int BucketIndex(std::size_t d) { return d < 14 ? kBucketOf[d] : 7; }

// Index of RateBucket(r) in kRateText.
constexpr std::string_view kRateText[] = {"0", "a", "b", "c", "d", "e", "f"};
int RateIndex(float r) {
  if (r <= 0.0f) return 0;
  if (r < 0.05f) return 1;
  if (r < 0.15f) return 2;
  if (r < 0.3f) return 3;
  if (r < 0.5f) return 4;
  if (r < 0.7f) return 5;
  return 6;
}

// The word's shape ("Xxx", "dd.d"), from its lower form; tokens keep only
// that, so the leading capital comes from `cap`.
std::string Shape(TokenKind kind, std::string_view lower, bool cap, bool in_quote) {
  if (kind == TokenKind::kMark) return in_quote ? "M+" : "M-";
  if (kind == TokenKind::kPunct) return std::string(lower.substr(0, 3));
  std::string s;
  // The classes of std::isdigit, isupper and islower in the "C" locale the
  // program runs in (it never calls setlocale), without a call per byte.
  for (unsigned char c : lower) {
    char k = c >= '0' && c <= '9'   ? 'd'
             : c >= 'A' && c <= 'Z' ? 'X'
             : c >= 'a' && c <= 'z' ? 'x'
             : c >= 0x80            ? 'u'
                                    : static_cast<char>(c);
    if (s.size() >= 2 && s.back() == k && s[s.size() - 2] == k) continue;
    s.push_back(k);
    if (s.size() >= 6) break;
  }
  if (cap && !s.empty() && s[0] == 'x') s[0] = 'X';
  return s;
}

constexpr std::string_view kRule[] = {"-", "C", "Q", "S", "D"};

// Hashes of every constant feature value, computed once.
struct ConstHashes {
  Hv start{"<s>"}, end{"</s>"}, edge{"|"}, bias{"bias"}, none{"none"};
  Hv dash{"-"}, v{"v"}, q{"q"}, m{"m"}, first{"first"}, later{"later"}, comma{","};
  Hv pron{"pron"}, hon{"hon"}, after_cue{"after-cue"}, before_cue{"before-cue"}, that{"that"};
  Hv left{"L"}, right{"R"}, same{"="};
  Hv rule[5] = {kRule[0], kRule[1], kRule[2], kRule[3], kRule[4]};
  Hv bucket[8] = {kBucketText[0], kBucketText[1], kBucketText[2], kBucketText[3],
                  kBucketText[4], kBucketText[5], kBucketText[6], kBucketText[7]};
  Hv rate[7] = {kRateText[0], kRateText[1], kRateText[2], kRateText[3],
                kRateText[4], kRateText[5], kRateText[6]};
  Hv mark_in{"M+"}, mark_out{"M-"};
  static const ConstHashes& Get() {
    static const ConstHashes h;
    return h;
  }
};

// What the features need of one word type (a token's lower form), computed
// once per type and kept in a per-thread cache: the lexicon lookups, the
// string hashes and the ids of every feature whose value is the word alone
// (or the word and a value from a small fixed set) are most of the cost of a
// token's features otherwise.
struct WordInfo {
  Hv word;                      // Hv(lower, cut to 24 bytes)
  Hv shape[2];                  // word shape hash without / with a leading capital
  Hv punct_shape;               // Hv(lower.substr(0, 3)): the shape of a punctuation token
  float rate = 0.0f;            // lex::CueRate(lower)
  std::uint8_t rate_index = 0;  // RateIndex(rate)
  std::uint8_t cut_size = 0;    // min(size, 24)
  bool speech = false;          // lex::IsSpeechVerb(lower)
  bool pronoun = false;         // lex::IsPronoun(lower)
  bool honorific = false;       // lex::IsHonorific(lower)
  bool according = false;       // lower == "according"
  bool is_comma = false;        // lower == ","
  bool is_that = false;         // lower == "that"
  bool subordinator = false;    // opens a clause ("that", "who", "because", "and")
  // Feature ids of this word: f[k] = F(k, word) for templates 1..5, 26, 31
  // and 46 (by template number), the rest named by template.
  std::uint32_t f1 = 0, f2 = 0, f3 = 0, f4 = 0, f5 = 0, f26 = 0, f31 = 0, f46 = 0;
  std::uint32_t f8 = 0;         // F(8, last 3 bytes) (when cut_size > 3)
  std::uint32_t f9 = 0;         // F(9, last 2 bytes) (when cut_size > 2)
  std::uint32_t f10[2] = {};    // F(10, shape[cap])
  std::uint32_t f10_punct = 0;  // F(10, punct_shape)
  std::uint32_t f13[2] = {};   // F(13, rate bucket, v/-): [0] as a non-word (rate 0), [1] as a word
  std::uint32_t f20[5] = {};   // F(20, rule role r, word)
  std::uint32_t f35 = 0;       // F(35, after-cue, word)
  std::uint32_t f36 = 0;       // F(36, before-cue, word)
  std::uint32_t f37[3] = {};   // F(37, word, L / R / =)
  std::uint32_t f45[2] = {};   // F(45, word, - / ,)
  std::uint32_t f48_none = 0;  // F(48, none, word)
  // F(51 / 52 / 53, WordNet class): the word's own, as the previous token's
  // and as the next token's (word_class.h).
  std::uint32_t f51 = 0, f52 = 0, f53 = 0;
  // F(58, lexical file) for each of a few telling files that some sense of
  // the word is in (f58_n of them).
  std::uint32_t f58[8] = {};
  std::uint8_t f58_n = 0;
  Hv cls;  // the class value itself
  // Tag's combined row of the features that depend on the word and the
  // token's variant alone (WordCache::WordCombo), by variant, + 1 (0: not
  // made yet).
  std::uint32_t combo[8] = {};
};

// Per-thread cache of WordInfo by word. Lookups return indices into
// Infos(), which stay valid until the next BeginUnit.
class WordCache {
 public:
  // Makes room for `n` new words without a reset before the next BeginUnit.
  void BeginUnit(std::size_t n) {
    if (infos_.size() + n <= max_entries_) return;
    std::size_t slots = kSlots;
    while (slots / 2 < n) slots *= 2;  // a unit with more words than the table holds
    slots_.assign(slots, Slot{});
    mask_ = slots - 1;
    max_entries_ = slots / 2;
    keys_.clear();
    infos_.clear();
    word_rows_.clear();
  }

  // The index in Infos() of the WordInfo of `lower`. A word of 1..16 bytes
  // is keyed by its bytes (LookupShort); a longer one (or an empty one) by
  // its XXH3 hash and its bytes in keys_.
  std::uint32_t Lookup(std::string_view lower) {
    if (!lower.empty() && lower.size() <= 16) {
      unsigned char bytes[16] = {};
      std::memcpy(bytes, lower.data(), lower.size());
      std::uint64_t lo, hi;
      std::memcpy(&lo, bytes, 8);
      std::memcpy(&hi, bytes + 8, 8);
      return LookupShort(lo, hi, lower);
    }
    const std::uint64_t h = XXH3_64bits(lower.data(), lower.size());
    const bool keyed = lower.size() <= kMaxKey;
    std::size_t at = static_cast<std::size_t>(h) & mask_;
    if (keyed) {
      while (true) {
        const Slot& s = slots_[at];
        if (s.len == 0) break;
        if (s.lo == h && static_cast<std::size_t>(s.len) - 1 == lower.size() &&
            std::memcmp(keys_.data() + s.hi, lower.data(), lower.size()) == 0) {
          return s.index;
        }
        at = (at + 1) & mask_;
      }
    }
    const auto index = static_cast<std::uint32_t>(infos_.size());
    infos_.push_back(Make(lower, h));
    if (keyed) {
      Slot& s = slots_[at];
      s.lo = h;
      s.len = static_cast<std::uint16_t>(lower.size() + 1);
      s.hi = keys_.size();
      s.index = index;
      keys_.append(lower);
    }
    return index;
  }
  // Lookup of a word of 1..16 bytes given also as `lo`, `hi`: its bytes as
  // two little-endian words, zero past its end (what Token::key_lo/key_hi
  // hold). The probe compares those words and the size, with no string hash
  // and no memcmp; XXH3 is computed for a new word only.
  // Inlined in PrepareUnit's token loop; a new word goes out of line.
  __attribute__((always_inline)) std::uint32_t LookupShort(std::uint64_t lo, std::uint64_t hi,
                                                           std::string_view lower) {
    const std::size_t len = lower.size() + 1;
    std::uint64_t h = (lo * 0x9E3779B97F4A7C15ull) ^ ((hi + len) * 0xC2B2AE3D27D4EB4Full);
    h ^= h >> 32;
    std::size_t at = static_cast<std::size_t>(h) & mask_;
    while (true) {
      const Slot& s = slots_[at];
      if (s.len == 0) break;
      if (s.len == len && s.lo == lo && s.hi == hi) return s.index;
      at = (at + 1) & mask_;
    }
    return InsertShort(lo, hi, lower, at);
  }

 private:
  // Adds the word of LookupShort to free slot `at`.
  __attribute__((noinline)) std::uint32_t InsertShort(std::uint64_t lo, std::uint64_t hi,
                                                      std::string_view lower, std::size_t at) {
    const std::size_t len = lower.size() + 1;
    const auto index = static_cast<std::uint32_t>(infos_.size());
    infos_.push_back(Make(lower, XXH3_64bits(lower.data(), lower.size())));
    Slot& s = slots_[at];
    s.lo = lo;
    s.hi = hi;
    s.len = static_cast<std::uint16_t>(len);
    s.index = index;
    return index;
  }

 public:
  const WordInfo* Infos() const { return infos_.data(); }

  // Tag's combined rows are sums of one tagger's fused rows: made afresh
  // when another tagger's table is used.
  void UseRows(const std::int16_t* rows) {
    if (rows == word_rows_of_) return;
    for (WordInfo& w : infos_) std::fill(std::begin(w.combo), std::end(w.combo), 0u);
    word_rows_.clear();
    word_rows_of_ = rows;
  }
  // The index in WordRows() of the combined row of word `index` as a token
  // of `variant` (WordVariant): the exact int32 sum (kComboLanes lanes) of
  // the fused rows of features 1, 8, 9, 10, 13, 34, 51 and 58, made on first use.
  std::uint32_t WordCombo(std::uint32_t index, unsigned variant);
  const std::int32_t* WordRows() const { return word_rows_.data(); }

  static WordCache& ForThread() {
    thread_local WordCache cache;
    return cache;
  }

 private:
  // 32k words before the cache starts over: PolNeAR's 840 training articles
  // made 49k WordInfos with room for 16k, 28k with room for 32k (~6 MB when
  // full).
  static constexpr std::size_t kSlots = std::size_t{1} << 16;
  static constexpr std::size_t kMaxKey = 256;
  struct Slot {
    // A word of 1..16 bytes: its bytes (LookupShort's lo, hi); any other:
    // lo = its XXH3 hash, hi = its offset in keys_.
    std::uint64_t lo = 0, hi = 0;
    std::uint32_t index = 0;  // into infos_
    std::uint16_t len = 0;    // word size + 1; 0: empty slot
  };

  WordCache() : slots_(kSlots) { infos_.reserve(max_entries_); }

  static WordInfo Make(std::string_view lower, std::uint64_t full_hash);

  std::vector<Slot> slots_;
  std::size_t mask_ = kSlots - 1;
  // At most half the slots hold words (words longer than kMaxKey take no
  // slot but count): probes stay short and always end.
  std::size_t max_entries_ = kSlots / 2;
  std::string keys_;
  std::vector<WordInfo> infos_;
  std::vector<std::int32_t> word_rows_;  // WordCombo rows, kComboLanes each
  const std::int16_t* word_rows_of_ = nullptr;
};

// Ids of the features whose values all come from small fixed sets (buckets,
// rate buckets, rule roles, flags, the edges), computed once: a token's
// feature is then a table read. Indices: rate bucket 0..6 (7: the unit's
// edge), distance bucket 0..7, rule role 0..4 (5: the edge), side L, R, =.
struct FeatTables {
  std::uint32_t bias;
  std::uint32_t f14[8], f15[8];  // [7]: <s> / </s>
  std::uint32_t f16[2][2];       // [token in quote][previous in quote]
  std::uint32_t f17[6], f18[6][6], f19[6][6];
  std::uint32_t f21[8], f22[8], f23[2], f24[2];  // f23: [marks], f24: [later sentence]
  std::uint32_t f25[8], f25_none, f28[7][8], f29[2][8];
  std::uint32_t f30[8], f30_none, f33[7][8];
  std::uint32_t f34_pron, f34_hon;
  std::uint32_t f10_mark[2];  // [in quote]
  std::uint32_t f37_none, f38[7][3], f39[3][8];
  std::uint32_t f42[8][2], f43[6][8], f44[2][8];
  std::uint32_t f47_none, f50_none;  // F(47, none, -), F(50, none, -)
  // The unit's edges as words: the word hash and F(2..5) of <s> and </s>.
  WordInfo start, end;
  // StackedExtras: tag index 0..6 (7: <s>, 8: </s>), run position first,
  // last, mid, bucket 0..7 (8: none).
  std::uint32_t f100[9], f101[9], f102[9], f103[9], f104[9], f105[9][9], f106[9][9];
  std::uint32_t f107[9][3], f108[9][8], f109[9], f110[9];
  Hv tag[9];

  static const FeatTables& Get() {
    static const FeatTables t;
    return t;
  }

 private:
  FeatTables() {
    const ConstHashes& K = ConstHashes::Get();
    const Hv rule[6] = {K.rule[0], K.rule[1], K.rule[2], K.rule[3], K.rule[4], K.edge};
    const Hv side[3] = {K.left, K.right, K.same};
    const Hv flag[2] = {K.dash, K.q};
    const Hv comma[2] = {K.dash, K.comma};
    bias = F(0, K.bias);
    for (int r = 0; r < 7; ++r) {
      f14[r] = F(14, K.rate[r]);
      f15[r] = F(15, K.rate[r]);
    }
    f14[7] = F(14, K.start);
    f15[7] = F(15, K.end);
    for (int x = 0; x < 2; ++x)
      for (int y = 0; y < 2; ++y) f16[x][y] = F(16, flag[x], flag[y]);
    for (int x = 0; x < 6; ++x) {
      f17[x] = F(17, rule[x]);
      for (int y = 0; y < 6; ++y) {
        f18[x][y] = F(18, rule[x], rule[y]);
        f19[x][y] = F(19, rule[x], rule[y]);
      }
      for (int b = 0; b < 8; ++b) f43[x][b] = F(43, rule[x], K.bucket[b]);
    }
    for (int b = 0; b < 8; ++b) {
      const Hv bk = K.bucket[b];
      f21[b] = F(21, bk);
      f22[b] = F(22, bk);
      f25[b] = F(25, bk);
      f30[b] = F(30, bk);
      for (int r = 0; r < 7; ++r) {
        f28[r][b] = F(28, K.rate[r], bk);
        f33[r][b] = F(33, K.rate[r], bk);
      }
      for (int c = 0; c < 2; ++c) {
        f29[c][b] = F(29, comma[c], bk);
        f44[c][b] = F(44, comma[c], bk);
      }
      f42[b][0] = F(42, bk, K.dash);
      f42[b][1] = F(42, bk, K.that);
      for (int sd = 0; sd < 3; ++sd) f39[sd][b] = F(39, side[sd], bk);
    }
    f23[0] = F(23, K.dash);
    f23[1] = F(23, K.m);
    f24[0] = F(24, K.first);
    f24[1] = F(24, K.later);
    f25_none = F(25, K.none);
    f30_none = F(30, K.none);
    f34_pron = F(34, K.pron);
    f34_hon = F(34, K.hon);
    f10_mark[0] = F(10, K.mark_out);
    f10_mark[1] = F(10, K.mark_in);
    f37_none = F(37, K.none);
    for (int r = 0; r < 7; ++r)
      for (int sd = 0; sd < 3; ++sd) f38[r][sd] = F(38, K.rate[r], side[sd]);
    f47_none = F(47, K.none, K.dash);
    f50_none = F(50, K.none, K.dash);
    start.word = K.start;
    start.f2 = F(2, K.start);
    start.f4 = F(4, K.start);
    start.f52 = F(52, K.start);
    start.cls = K.start;
    end.word = K.end;
    end.f3 = F(3, K.end);
    end.f5 = F(5, K.end);
    end.f53 = F(53, K.end);
    end.cls = K.end;
    static constexpr std::string_view kTag[] = {"O", "BC", "IC", "BQ", "IQ", "BS", "IS"};
    for (int t = 0; t < 7; ++t) tag[t] = Hv(kTag[t]);
    tag[7] = K.start;
    tag[8] = K.end;
    const Hv pos[3] = {"first", "last", "mid"};
    for (int t = 0; t < 9; ++t) {
      f100[t] = F(100, tag[t]);
      f101[t] = F(101, tag[t]);
      f102[t] = F(102, tag[t]);
      f103[t] = F(103, tag[t]);
      f104[t] = F(104, tag[t]);
      for (int u = 0; u < 9; ++u) {
        f105[t][u] = F(105, tag[t], tag[u]);
        f106[t][u] = F(106, tag[t], tag[u]);
      }
      for (int p = 0; p < 3; ++p) f107[t][p] = F(107, tag[t], pos[p]);
      for (int b = 0; b < 8; ++b) f108[t][b] = F(108, tag[t], K.bucket[b]);
      f109[t] = F(109, t < 8 ? K.bucket[t] : K.none);
      f110[t] = F(110, t < 8 ? K.bucket[t] : K.none);
    }
  }
};

// Combined rows (Tagger::BuildCombos): where a token's features include
// several whose values all come from small fixed sets, Tag adds one
// precomputed row, the exact int32 sum of theirs for that combination of
// values, instead of each. By family, its first row and what it sums:
constexpr std::uint32_t kC1 = 0;                // bias, f14, f15, f16, f23, f24: 8*8*2*2*2*2 rows
constexpr std::uint32_t kC2 = kC1 + 1024;       // f17, f18, f19 (rule roles): 6*6*6
constexpr std::uint32_t kC3 = kC2 + 216;        // f21, f22 and the five "none" ids: 8*8*32
constexpr std::uint32_t kC4 = kC3 + 2048;       // left cue: f25, f28, f29, f43: 8*7*2*6
constexpr std::uint32_t kC5 = kC4 + 672;        // right cue: f30, f33, f44: 8*7*2
constexpr std::uint32_t kC6 = kC5 + 112;        // strongest cue: f38, f39: 7*3*8
constexpr std::uint32_t kS1 = kC6 + 168;        // stacked f100, f101, f102, f105, f106: 7*9*9
constexpr std::uint32_t kS2 = kS1 + 567;        // stacked f103, f104: 9*9
constexpr std::uint32_t kS3 = kS2 + 81;         // stacked f107, f108: 7*3*8
constexpr std::uint32_t kS4 = kS3 + 168;        // stacked f109, f110: 9*9
constexpr std::uint32_t kZeroCombo = kS4 + 81;  // nothing (a family a token lacks)
constexpr std::uint32_t kComboRows = kZeroCombo + 1;
constexpr std::size_t kComboLanes = 2 * kStride;  // both passes' sums
// Combined rows per token: the first pass's families C1..C6, the stacked S1..S4.
constexpr std::size_t kCombosFirst = 6;
constexpr std::size_t kCombosStacked = 4;
// The "none" bits of C3.
constexpr unsigned kNoLeft = 1, kNoRight = 2, kNoStrongest = 4, kNoPrevBreak = 8, kNoNextBreak = 16;

constexpr std::uint32_t C1Index(unsigned rate_prev, unsigned rate_next, unsigned quote,
                                unsigned quote_prev, unsigned marks, unsigned later) {
  return kC1 + ((((rate_prev * 8 + rate_next) * 2 + quote) * 2 + quote_prev) * 2 + marks) * 2 +
         later;
}
constexpr std::uint32_t C2Index(unsigned rule_prev, unsigned rule, unsigned rule_next) {
  return kC2 + (rule_prev * 6 + rule) * 6 + rule_next;
}
constexpr std::uint32_t C3Index(unsigned from_start, unsigned to_end, unsigned none) {
  return kC3 + (from_start * 8 + to_end) * 32 + none;
}
constexpr std::uint32_t C4Index(unsigned bucket, unsigned rate, unsigned comma,
                                unsigned rule_prev) {
  return kC4 + ((bucket * 7 + rate) * 2 + comma) * 6 + rule_prev;
}
constexpr std::uint32_t C5Index(unsigned bucket, unsigned rate, unsigned comma) {
  return kC5 + (bucket * 7 + rate) * 2 + comma;
}
constexpr std::uint32_t C6Index(unsigned rate, unsigned side, unsigned bucket) {
  return kC6 + (rate * 3 + side) * 8 + bucket;
}
constexpr std::uint32_t S1Index(unsigned tag, unsigned prev, unsigned next) {
  return kS1 + (tag * 9 + prev) * 9 + next;
}
constexpr std::uint32_t S2Index(unsigned prev2, unsigned next2) { return kS2 + prev2 * 9 + next2; }
constexpr std::uint32_t S3Index(unsigned tag, unsigned pos, unsigned len_bucket) {
  return kS3 + (tag * 3 + pos) * 8 + len_bucket;
}
constexpr std::uint32_t S4Index(unsigned left, unsigned right) { return kS4 + left * 9 + right; }
static_assert(C1Index(7, 7, 1, 1, 1, 1) + 1 == kC2 && C2Index(5, 5, 5) + 1 == kC3 &&
              C3Index(7, 7, 31) + 1 == kC4 && C4Index(7, 6, 1, 5) + 1 == kC5 &&
              C5Index(7, 6, 1) + 1 == kC6 && C6Index(6, 2, 7) + 1 == kS1 &&
              S1Index(6, 8, 8) + 1 == kS2 && S2Index(8, 8) + 1 == kS3 &&
              S3Index(6, 2, 7) + 1 == kS4 && S4Index(8, 8) + 1 == kZeroCombo);

WordInfo WordCache::Make(std::string_view lower, std::uint64_t full_hash) {
  const ConstHashes& K = ConstHashes::Get();
  WordInfo w;
  const std::string_view cut = lower.size() > 24 ? lower.substr(0, 24) : lower;
  w.cut_size = static_cast<std::uint8_t>(cut.size());
  w.word = lower.size() > 24 ? Hv(cut) : Hv::Raw(full_hash);
  if (cut.size() > 3) w.f8 = F(8, Hv(cut.substr(cut.size() - 3)));
  if (cut.size() > 2) w.f9 = F(9, Hv(cut.substr(cut.size() - 2)));
  w.shape[0] = Hv(Shape(TokenKind::kWord, lower, false, false));
  w.shape[1] = Hv(Shape(TokenKind::kWord, lower, true, false));
  w.punct_shape = Hv(lower.substr(0, 3));
  w.rate = lex::CueRate(lower);
  w.rate_index = static_cast<std::uint8_t>(RateIndex(w.rate));
  w.speech = lex::IsSpeechVerb(lower);
  w.pronoun = lex::IsPronoun(lower);
  w.honorific = lex::IsHonorific(lower);
  w.according = lower == "according";
  w.is_comma = lower == ",";
  w.is_that = lower == "that";
  static constexpr std::string_view kSub[] = {
      "that", "who",   "which",  "because",  "if", "when",  "while", "whether", "and",
      "but",  "after", "before", "although", "as", "where", "whom",  "whose"};
  for (std::string_view sub : kSub) w.subordinator = w.subordinator || lower == sub;
  const Hv word = w.word;
  w.f1 = F(1, word);
  w.f2 = F(2, word);
  w.f3 = F(3, word);
  w.f4 = F(4, word);
  w.f5 = F(5, word);
  w.f26 = F(26, word);
  w.f31 = F(31, word);
  w.f46 = F(46, word);
  w.f10[0] = F(10, w.shape[0]);
  w.f10[1] = F(10, w.shape[1]);
  w.f10_punct = F(10, w.punct_shape);
  const Hv v = w.speech ? K.v : K.dash;
  w.f13[0] = F(13, K.rate[0], v);
  w.f13[1] = F(13, K.rate[w.rate_index], v);
  for (int r = 0; r < 5; ++r) w.f20[r] = F(20, K.rule[r], word);
  w.f35 = F(35, K.after_cue, word);
  w.f36 = F(36, K.before_cue, word);
  w.f37[0] = F(37, word, K.left);
  w.f37[1] = F(37, word, K.right);
  w.f37[2] = F(37, word, K.same);
  w.f45[0] = F(45, word, K.dash);
  w.f45[1] = F(45, word, K.comma);
  w.f48_none = F(48, K.none, word);
  const WordClass wc = ClassOf(lower);
  const Hv cls = Hv::Raw(0x57430000u + wc.noun * 256u + wc.verb);
  w.f51 = F(51, cls);
  w.f52 = F(52, cls);
  w.f53 = F(53, cls);
  w.cls = cls;
  static constexpr std::uint8_t kTelling[] = {9, 10, 14, 18, 31, 32, 37, 41};
  for (std::uint8_t file : kTelling)
    if (wc.mask >> file & 1) w.f58[w.f58_n++] = F(58, Hv::Raw(0x4C460000u + file));
  return w;
}

// Edge values padded on each side of a unit's per-token arrays, and "no
// such token" in its index arrays.
constexpr std::size_t kPad = 2;
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

// Per-token values UnitFeatures reads, kept across calls on one thread.
struct UnitScratch {
  // The unit's words with kPad edge words on each side (<s> before, </s>
  // after), and likewise shape hashes, rule roles (5: the edge) and rate
  // buckets (7: the edge), so that the features index them without bounds
  // tests.
  std::vector<const WordInfo*> info;
  std::vector<std::uint32_t> index;
  std::vector<float> rate;
  std::vector<Hv> shape_h;
  std::vector<std::uint8_t> rule_i, rate_i;
  std::vector<std::size_t> left, right, sent_first, sent_last, strongest;
  std::vector<std::size_t> prev_break, next_break;
  std::vector<std::uint8_t> sent_marks, cue_like, is_break;
  std::vector<std::uint32_t> commas, thats;
  static UnitScratch& ForThread() {
    thread_local UnitScratch s;
    return s;
  }
};

// What the feature writers (UnitFeaturesInto, UnitRowsInto) read of a
// prepared unit, as raw pointers: token i's values at [i], and for the
// padded arrays also at [-kPad, 0) and [n, n + kPad).
struct UnitView {
  const WordInfo* const* W;
  const Hv* shape_h;
  const std::uint8_t* rule_i;
  const std::uint8_t* rate_i;
  const std::size_t* left;
  const std::size_t* right;
  const std::size_t* prev_break;
  const std::size_t* next_break;
  const std::uint32_t* commas;
  const std::uint32_t* thats;
  const std::size_t* sent_first;
  const std::size_t* sent_last;
  static UnitView Of(const UnitScratch& S) {
    return {S.info.data() + kPad,   S.shape_h.data() + kPad, S.rule_i.data() + kPad,
            S.rate_i.data() + kPad, S.left.data(),           S.right.data(),
            S.prev_break.data(),    S.next_break.data(),     S.commas.data(),
            S.thats.data(),         S.sent_first.data(),     S.sent_last.data()};
  }
};

// The most features UnitFeatures gives one token, and StackedExtras.
constexpr std::size_t kMaxBasePerToken = 66;
constexpr std::size_t kMaxExtraPerToken = 12;

// UnitFeatures into caller-provided room: `feats` for n * kMaxBasePerToken
// ids, `offs` for n + 1 offsets (n = b - a). Returns the number of ids.
std::size_t UnitFeaturesInto(const TagDoc& doc, std::size_t a, std::size_t b, std::uint32_t* feats,
                             std::uint32_t* offs);
// StackedExtras likewise: `extra` has room for n * kMaxExtraPerToken ids,
// `extra_offs` for n + 1 (n = first.size()).
std::size_t StackedExtrasInto(const std::uint32_t* feats, const std::uint32_t* offs,
                              const std::vector<std::uint8_t>& first, std::uint32_t* extra,
                              std::uint32_t* extra_offs);
void StackedRowsInto(const std::uint32_t* word_f1, const std::vector<std::uint8_t>& first,
                     std::uint32_t* x111, std::uint32_t* combos);

// Room for ids that, unlike std::vector::resize, is not zeroed each time it
// grows back: Tag writes every id it reads.
class IdBuffer {
 public:
  std::uint32_t* Room(std::size_t n) {
    if (n > size_) {
      data_.reset(new std::uint32_t[n]);
      size_ = n;
    }
    return data_.get();
  }

 private:
  std::unique_ptr<std::uint32_t[]> data_;
  std::size_t size_ = 0;
};

}  // namespace

void UnitFeatures(const TagDoc& doc, std::size_t a, std::size_t b,
                  std::vector<std::uint32_t>& feats, std::vector<std::uint32_t>& offs) {
  const std::size_t n = b - a;
  feats.resize(n * kMaxBasePerToken);
  offs.resize(n + 1);
  feats.resize(UnitFeaturesInto(doc, a, b, feats.data(), offs.data()));
}

void StackedExtras(const std::vector<std::uint32_t>& feats, const std::vector<std::uint32_t>& offs,
                   const std::vector<std::uint8_t>& first, std::vector<std::uint32_t>& extra,
                   std::vector<std::uint32_t>& extra_offs) {
  const std::size_t n = first.size();
  extra.resize(n * kMaxExtraPerToken);
  extra_offs.resize(n + 1);
  extra.resize(
      StackedExtrasInto(feats.data(), offs.data(), first, extra.data(), extra_offs.data()));
}

namespace {

// Fills the thread's UnitScratch with the per-token values of tokens [a, b)
// of a unit that both feature loops (ids for training, rows for Tag) read.
UnitScratch& PrepareUnit(const TagDoc& doc, std::size_t a, std::size_t b) {
  const ConstHashes& K = ConstHashes::Get();
  const FeatTables& T = FeatTables::Get();
  WordCache& cache = WordCache::ForThread();
  UnitScratch& S = UnitScratch::ForThread();
  const std::size_t n = b - a;
  const Token* const tok = doc.Tokens().data() + a;  // the unit's tokens
  cache.BeginUnit(n);
  S.index.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Token& t = tok[i];
    S.index[i] = t.key_size != 0 && t.key_size == t.lower.size()
                     ? cache.LookupShort(t.key_lo, t.key_hi, t.lower)
                     : cache.Lookup(t.lower);
  }
  const WordInfo* const infos = cache.Infos();  // stable now: no more lookups
  S.rate.resize(n);
  S.info.resize(n + 2 * kPad);
  S.shape_h.resize(n + 2 * kPad);
  S.rule_i.resize(n + 2 * kPad);
  S.rate_i.resize(n + 2 * kPad);
  for (std::size_t p = 0; p < kPad; ++p) {
    S.info[p] = &T.start;
    S.info[n + kPad + p] = &T.end;
    S.shape_h[p] = K.start;
    S.shape_h[n + kPad + p] = K.end;
    S.rule_i[p] = S.rule_i[n + kPad + p] = 5;
    S.rate_i[p] = S.rate_i[n + kPad + p] = 7;
  }
  S.cue_like.resize(n);
  S.is_break.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Token& t = tok[i];
    const WordInfo& wi = infos[S.index[i]];
    S.info[kPad + i] = &wi;
    const bool word = t.kind == TokenKind::kWord;
    S.rate[i] = word ? wi.rate : 0.0f;
    S.rate_i[kPad + i] = word ? wi.rate_index : 0;
    S.rule_i[kPad + i] = doc.rule[a + i];
    S.shape_h[kPad + i] = t.kind == TokenKind::kMark    ? (t.in_quote ? K.mark_in : K.mark_out)
                          : t.kind == TokenKind::kPunct ? wi.punct_shape
                                                        : wi.shape[t.cap ? 1 : 0];
    // CueLike: a word with a cue rate of 0.2 or more, a speech verb, "according".
    S.cue_like[i] = word && (S.rate[i] >= 0.2f || wi.speech || wi.according);
    // A clause break: punctuation, a quote mark, a word that opens a clause.
    S.is_break[i] = !word || wi.subordinator;
  }
  const float* rate = S.rate.data();
  // Token i's values at [i] for i in [-kPad, n + kPad).
  const WordInfo* const* const W = S.info.data() + kPad;
  // Nearest cue-like word and nearest clause break on each side within the
  // sentence (one pass each way), and prefix counts of commas and "that".
  S.left.resize(n);
  S.right.resize(n);
  S.prev_break.resize(n);
  S.next_break.resize(n);
  S.commas.resize(n + 1);
  S.thats.resize(n + 1);
  std::size_t* left = S.left.data();
  std::size_t* right = S.right.data();
  std::size_t* prev_break = S.prev_break.data();
  std::size_t* next_break = S.next_break.data();
  std::uint32_t* commas = S.commas.data();
  std::uint32_t* thats = S.thats.data();
  const std::uint8_t* const cue_like = S.cue_like.data();
  const std::uint8_t* const is_break = S.is_break.data();
  commas[0] = thats[0] = 0;
  for (std::size_t i = 0, last = kNone, last_break = kNone; i < n; ++i) {
    if (i > 0 && doc.sentence[a + i] != doc.sentence[a + i - 1]) last = last_break = kNone;
    left[i] = last;
    if (cue_like[i]) last = i;
    prev_break[i] = last_break;
    if (is_break[i]) last_break = i;
    commas[i + 1] = commas[i] + (W[i]->is_comma ? 1u : 0u);
    thats[i + 1] = thats[i] + (W[i]->is_that ? 1u : 0u);
  }
  for (std::size_t i = n, next = kNone, next_brk = kNone; i-- > 0;) {
    if (i + 1 < n && doc.sentence[a + i] != doc.sentence[a + i + 1]) next = next_brk = kNone;
    right[i] = next;
    if (cue_like[i]) next = i;
    next_break[i] = next_brk;
    if (is_break[i]) next_brk = i;
  }
  // Sentence extent (within the unit) and whether it holds quote marks; per
  // sentence its strongest cue word.
  S.sent_first.resize(n);
  S.sent_last.resize(n);
  S.sent_marks.resize(n);
  S.strongest.resize(n);
  std::size_t* sent_first = S.sent_first.data();
  std::size_t* sent_last = S.sent_last.data();
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    bool marks = false;
    std::size_t best = kNone;
    while (j < n && doc.sentence[a + j] == doc.sentence[a + i]) {
      marks = marks || tok[j].is_mark;
      if (rate[j] > 0.0f && (best == kNone || rate[j] > rate[best])) best = j;
      ++j;
    }
    for (std::size_t k = i; k < j; ++k) {
      sent_first[k] = i;
      sent_last[k] = j - 1;
      S.sent_marks[k] = marks;
      S.strongest[k] = best;
    }
    i = j;
  }
  return S;
}

std::size_t UnitFeaturesInto(const TagDoc& doc, std::size_t a, std::size_t b, std::uint32_t* feats,
                             std::uint32_t* offs) {
  const ConstHashes& K = ConstHashes::Get();
  const FeatTables& T = FeatTables::Get();
  const std::size_t n = b - a;
  const Token* const tok = doc.Tokens().data() + a;  // the unit's tokens
  UnitScratch& S = PrepareUnit(doc, a, b);
  const auto [W, shape_h, rule_i, rate_i, left, right, prev_break, next_break, commas, thats,
              sent_first, sent_last] = UnitView::Of(S);
  auto word = [W = W](std::size_t i) -> Hv { return W[i]->word; };
  auto shp = [shape_h = shape_h](std::ptrdiff_t i) -> Hv { return shape_h[i]; };
  // Written through a raw pointer into room for the most a token can have.
  // Same ids in the same order as F of each template's values; where all of
  // a template's values come from the word or from small fixed sets, the id
  // is read from WordInfo or FeatTables.
  std::uint32_t* const base = feats;
  std::uint32_t* out = base;
  const std::uint32_t first_sentence = doc.sentence[a];
  for (std::size_t i = 0; i < n; ++i) {
    offs[i] = static_cast<std::uint32_t>(out - base);
    const Token& t = tok[i];
    const WordInfo& wi = *W[i];
    const auto si = static_cast<std::ptrdiff_t>(i);
    const Hv w = wi.word;
    *out++ = T.bias;
    *out++ = wi.f1;
    *out++ = W[si - 1]->f2;
    *out++ = W[si + 1]->f3;
    *out++ = W[si - 2]->f4;
    *out++ = W[si + 2]->f5;
    *out++ = F(6, W[si - 1]->word, w);
    *out++ = F(7, w, W[si + 1]->word);
    *out++ = wi.f51;
    for (std::uint8_t k = 0; k < wi.f58_n; ++k) *out++ = wi.f58[k];
    *out++ = W[si - 1]->f52;
    *out++ = W[si + 1]->f53;
    *out++ = F(54, W[si - 1]->cls, wi.cls);
    *out++ = F(55, wi.cls, W[si + 1]->cls);
    if (wi.cut_size > 3) *out++ = wi.f8;
    if (wi.cut_size > 2) *out++ = wi.f9;
    *out++ = t.kind == TokenKind::kMark    ? T.f10_mark[t.in_quote ? 1 : 0]
             : t.kind == TokenKind::kPunct ? wi.f10_punct
                                           : wi.f10[t.cap ? 1 : 0];
    *out++ = F(11, shp(si - 1), shp(si));
    *out++ = F(12, shp(si), shp(si + 1));
    *out++ = wi.f13[t.kind == TokenKind::kWord ? 1 : 0];
    *out++ = T.f14[rate_i[si - 1]];
    *out++ = T.f15[rate_i[si + 1]];
    *out++ = T.f16[t.in_quote ? 1 : 0][i > 0 && tok[i - 1].in_quote ? 1 : 0];
    const std::uint8_t r = rule_i[si];
    *out++ = T.f17[r];
    *out++ = T.f18[rule_i[si - 1]][r];
    *out++ = T.f19[r][rule_i[si + 1]];
    *out++ = wi.f20[r];
    const std::size_t from_start = i - sent_first[i];
    const std::size_t to_end = sent_last[i] - i;
    *out++ = T.f21[BucketIndex(from_start)];
    *out++ = T.f22[BucketIndex(to_end)];
    *out++ = T.f23[S.sent_marks[i] ? 1 : 0];
    *out++ = T.f24[doc.sentence[a + i] == first_sentence ? 0 : 1];
    const std::size_t li = left[i];
    const int bl = li != kNone ? BucketIndex(i - li) : 0;
    if (li != kNone) {
      *out++ = T.f25[bl];
      *out++ = W[li]->f26;
      *out++ = F(27, word(li), K.bucket[bl]);
      *out++ = T.f28[rate_i[li]][bl];
      const bool comma = commas[i] > commas[li + 1];
      *out++ = T.f29[comma ? 1 : 0][bl];
    } else {
      *out++ = T.f25_none;
    }
    const std::size_t ri = right[i];
    const int br = ri != kNone ? BucketIndex(ri - i) : 0;
    if (ri != kNone) {
      *out++ = T.f30[br];
      *out++ = W[ri]->f31;
      *out++ = F(32, word(ri), K.bucket[br]);
      *out++ = T.f33[rate_i[ri]][br];
    } else {
      *out++ = T.f30_none;
    }
    if (wi.pronoun) *out++ = T.f34_pron;
    if (t.cap && wi.honorific) *out++ = T.f34_hon;
    if (li != kNone && li + 1 == i) *out++ = wi.f35;
    // The sentence's strongest cue word and which side of this token it is on.
    {
      const std::size_t best = S.strongest[i];
      if (best != kNone) {
        const int side = best < i ? 0 : best > i ? 1 : 2;
        std::size_t dist = best < i ? i - best : best - i;
        *out++ = W[best]->f37[side];
        *out++ = T.f38[rate_i[best]][side];
        *out++ = T.f39[side][BucketIndex(dist)];
      } else {
        *out++ = T.f37_none;
      }
    }
    *out++ = F(40, shp(si - 1), Hv::Raw(shp(si).v * 31 + shp(si + 1).v));
    *out++ = F(41, W[si - 1]->word, W[si + 1]->word);
    if (li != kNone) {
      const std::size_t between = commas[i] - commas[li + 1];
      const bool that = thats[i] > thats[li + 1];
      *out++ = T.f42[BucketIndex(between)][that ? 1 : 0];
      *out++ = T.f43[rule_i[si - 1]][bl];
    }
    if (ri != kNone) {
      const bool comma_before = ri > 0 && W[ri - 1]->is_comma;
      *out++ = T.f44[comma_before ? 1 : 0][br];
      *out++ = W[ri]->f45[comma_before ? 1 : 0];
    }
    if (from_start == 0) *out++ = wi.f46;
    if (ri != kNone && ri == i + 1) *out++ = wi.f36;
    // Clause context: the last clause break before the token and how far
    // back it is, alone, with the word and with the left cue's strength and
    // side; the next break after it.
    {
      const std::size_t pb = prev_break[i];
      if (pb == kNone) {
        *out++ = T.f47_none;
        *out++ = wi.f48_none;
      } else {
        const Hv bw = word(pb);
        *out++ = F(47, bw, K.bucket[BucketIndex(i - pb)]);
        *out++ = F(48, bw, w);
      }
      if (li != kNone) {
        const Hv bw = pb == kNone ? K.none : word(pb);
        *out++ =
            F(49, bw,
              Hv::Raw(K.rate[rate_i[li]].v * 131 + (pb != kNone && pb > li ? K.right : K.left).v));
      }
      const std::size_t nb = next_break[i];
      if (nb == kNone) {
        *out++ = T.f50_none;
      } else {
        *out++ = F(50, word(nb), K.bucket[BucketIndex(nb - i)]);
      }
    }
  }
  offs[n] = static_cast<std::uint32_t>(out - base);
  return offs[n];
}

// The most hashed ids UnitRowsInto gives one token (27; room for more).
constexpr std::size_t kMaxRowIdsPerToken = 32;

// UnitFeaturesInto as Tag reads it: the same features of tokens [a, b) of
// a unit, but those whose values all come from small fixed sets as combined
// rows (kCombosFirst a token, kZeroCombo where a family is absent) into
// `combos`, those of the word and its variant alone as the index of the
// word's combined row (WordCache::WordCombo, summed from `rows`) into
// word_combos[i], and only the rest as ids into `ids` (room for n *
// kMaxRowIdsPerToken) with `offs` (n + 1). Each token's word id (feature
// 1, which the stacked pass reads) goes to word_f1[i]. Returns the number
// of ids. The rows of ids and combos add up to those of UnitFeaturesInto's
// ids exactly (integer sums); tagger_fused_test checks the tags.
std::size_t UnitRowsInto(const TagDoc& doc, std::size_t a, std::size_t b, const std::int16_t* rows,
                         std::uint32_t* ids, std::uint32_t* offs, std::uint32_t* combos,
                         std::uint32_t* word_combos, std::uint32_t* word_f1) {
  const ConstHashes& K = ConstHashes::Get();
  const std::size_t n = b - a;
  const Token* const tok = doc.Tokens().data() + a;  // the unit's tokens
  WordCache& cache = WordCache::ForThread();
  cache.UseRows(rows);
  UnitScratch& S = PrepareUnit(doc, a, b);
  const auto [W, shape_h, rule_i, rate_i, left, right, prev_break, next_break, commas, thats,
              sent_first, sent_last] = UnitView::Of(S);
  auto word = [W = W](std::size_t i) -> Hv { return W[i]->word; };
  auto shp = [shape_h = shape_h](std::ptrdiff_t i) -> Hv { return shape_h[i]; };
  std::uint32_t* const base = ids;
  std::uint32_t* out = base;
  const std::uint32_t first_sentence = doc.sentence[a];
  for (std::size_t i = 0; i < n; ++i) {
    offs[i] = static_cast<std::uint32_t>(out - base);
    std::uint32_t* const c = combos + i * kCombosFirst;
    const Token& t = tok[i];
    const WordInfo& wi = *W[i];
    const auto si = static_cast<std::ptrdiff_t>(i);
    const Hv w = wi.word;
    word_f1[i] = wi.f1;
    // Features 1, 8, 9, 10, 13, 34, 51 and 58: the word's combined row.
    const unsigned variant = (t.kind == TokenKind::kWord    ? 0u
                              : t.kind == TokenKind::kPunct ? 1u
                              : t.in_quote                  ? 3u
                                                            : 2u) *
                                 2 +
                             (t.cap ? 1u : 0u);
    word_combos[i] = cache.WordCombo(S.index[i], variant);
    *out++ = W[si - 1]->f2;
    *out++ = W[si + 1]->f3;
    *out++ = W[si - 2]->f4;
    *out++ = W[si + 2]->f5;
    *out++ = F(6, W[si - 1]->word, w);
    *out++ = F(7, w, W[si + 1]->word);
    *out++ = W[si - 1]->f52;
    *out++ = W[si + 1]->f53;
    *out++ = F(54, W[si - 1]->cls, wi.cls);
    *out++ = F(55, wi.cls, W[si + 1]->cls);
    *out++ = F(11, shp(si - 1), shp(si));
    *out++ = F(12, shp(si), shp(si + 1));
    c[0] = C1Index(rate_i[si - 1], rate_i[si + 1], t.in_quote ? 1 : 0,
                   i > 0 && tok[i - 1].in_quote ? 1 : 0, S.sent_marks[i] ? 1 : 0,
                   doc.sentence[a + i] == first_sentence ? 0 : 1);
    const std::uint8_t r = rule_i[si];
    c[1] = C2Index(rule_i[si - 1], r, rule_i[si + 1]);
    *out++ = wi.f20[r];
    const std::size_t from_start = i - sent_first[i];
    const std::size_t to_end = sent_last[i] - i;
    unsigned none = 0;
    const std::size_t li = left[i];
    const int bl = li != kNone ? BucketIndex(i - li) : 0;
    if (li != kNone) {
      *out++ = W[li]->f26;
      *out++ = F(27, word(li), K.bucket[bl]);
      const bool comma = commas[i] > commas[li + 1];
      c[3] = C4Index(static_cast<unsigned>(bl), rate_i[li], comma ? 1 : 0, rule_i[si - 1]);
    } else {
      none |= kNoLeft;
      c[3] = kZeroCombo;
    }
    const std::size_t ri = right[i];
    const int br = ri != kNone ? BucketIndex(ri - i) : 0;
    if (ri != kNone) {
      *out++ = W[ri]->f31;
      *out++ = F(32, word(ri), K.bucket[br]);
      const bool comma_before = ri > 0 && W[ri - 1]->is_comma;
      c[4] = C5Index(static_cast<unsigned>(br), rate_i[ri], comma_before ? 1 : 0);
      *out++ = W[ri]->f45[comma_before ? 1 : 0];
    } else {
      none |= kNoRight;
      c[4] = kZeroCombo;
    }
    if (li != kNone && li + 1 == i) *out++ = wi.f35;
    {
      const std::size_t best = S.strongest[i];
      if (best != kNone) {
        const int side = best < i ? 0 : best > i ? 1 : 2;
        std::size_t dist = best < i ? i - best : best - i;
        *out++ = W[best]->f37[side];
        c[5] = C6Index(rate_i[best], static_cast<unsigned>(side),
                       static_cast<unsigned>(BucketIndex(dist)));
      } else {
        none |= kNoStrongest;
        c[5] = kZeroCombo;
      }
    }
    *out++ = F(40, shp(si - 1), Hv::Raw(shp(si).v * 31 + shp(si + 1).v));
    *out++ = F(41, W[si - 1]->word, W[si + 1]->word);
    if (li != kNone) {
      const std::size_t between = commas[i] - commas[li + 1];
      const bool that = thats[i] > thats[li + 1];
      *out++ = FeatTables::Get().f42[BucketIndex(between)][that ? 1 : 0];
    }
    if (from_start == 0) *out++ = wi.f46;
    if (ri != kNone && ri == i + 1) *out++ = wi.f36;
    {
      const std::size_t pb = prev_break[i];
      if (pb == kNone) {
        none |= kNoPrevBreak;
        *out++ = wi.f48_none;
      } else {
        const Hv bw = word(pb);
        *out++ = F(47, bw, K.bucket[BucketIndex(i - pb)]);
        *out++ = F(48, bw, w);
      }
      if (li != kNone) {
        const Hv bw = pb == kNone ? K.none : word(pb);
        *out++ =
            F(49, bw,
              Hv::Raw(K.rate[rate_i[li]].v * 131 + (pb != kNone && pb > li ? K.right : K.left).v));
      }
      const std::size_t nb = next_break[i];
      if (nb == kNone) {
        none |= kNoNextBreak;
      } else {
        *out++ = F(50, word(nb), K.bucket[BucketIndex(nb - i)]);
      }
    }
    c[2] = C3Index(static_cast<unsigned>(BucketIndex(from_start)),
                   static_cast<unsigned>(BucketIndex(to_end)), none);
  }
  offs[n] = static_cast<std::uint32_t>(out - base);
  return offs[n];
}

}  // namespace

namespace {

// The forward steps of Viterbi for tokens 1..n-1: prev[] holds token 0's
// scores on entry and token n-1's on return; back[i * kStride + t] the best
// previous tag of tag t at token i.
using ViterbiStepsFn = void (*)(const float (*tr)[kStride], const float* emit, std::size_t n,
                                float* prev, std::uint8_t* back);

void ViterbiSteps(const float (*tr)[kStride], const float* emit, std::size_t n, float* prev,
                  std::uint8_t* back) {
  constexpr int kT = kNumTags;
#if defined(__SSE2__)
  const __m128 neg_inf = _mm_set1_ps(-std::numeric_limits<float>::infinity());
  for (std::size_t i = 1; i < n; ++i) {
    __m128 best_lo = neg_inf, best_hi = neg_inf;
    __m128i arg_lo = _mm_setzero_si128(), arg_hi = _mm_setzero_si128();
    for (int p = 0; p < kT; ++p) {
      const __m128 pp = _mm_set1_ps(prev[p]);
      const __m128 s_lo = _mm_add_ps(pp, _mm_load_ps(&tr[p][0]));
      const __m128 s_hi = _mm_add_ps(pp, _mm_load_ps(&tr[p][4]));
      const __m128 m_lo = _mm_cmpgt_ps(s_lo, best_lo);
      const __m128 m_hi = _mm_cmpgt_ps(s_hi, best_hi);
      best_lo = _mm_or_ps(_mm_and_ps(m_lo, s_lo), _mm_andnot_ps(m_lo, best_lo));
      best_hi = _mm_or_ps(_mm_and_ps(m_hi, s_hi), _mm_andnot_ps(m_hi, best_hi));
      const __m128i pv = _mm_set1_epi32(p);
      const __m128i mi_lo = _mm_castps_si128(m_lo), mi_hi = _mm_castps_si128(m_hi);
      arg_lo = _mm_or_si128(_mm_and_si128(mi_lo, pv), _mm_andnot_si128(mi_lo, arg_lo));
      arg_hi = _mm_or_si128(_mm_and_si128(mi_hi, pv), _mm_andnot_si128(mi_hi, arg_hi));
    }
    const float* e = emit + i * kStride;
    _mm_store_ps(prev, _mm_add_ps(best_lo, _mm_loadu_ps(e)));
    _mm_store_ps(prev + 4, _mm_add_ps(best_hi, _mm_loadu_ps(e + 4)));
    const __m128i args = _mm_packus_epi16(_mm_packs_epi32(arg_lo, arg_hi), _mm_setzero_si128());
    _mm_storel_epi64(reinterpret_cast<__m128i*>(&back[i * kStride]), args);
  }
#else
  for (std::size_t i = 1; i < n; ++i) {
    float cur[kStride];
    for (int t = 0; t < kT; ++t) {
      float best = -std::numeric_limits<float>::infinity();
      std::uint8_t arg = 0;
      for (int p = 0; p < kT; ++p) {
        const float sc = prev[p] + tr[p][t];
        if (sc > best) {
          best = sc;
          arg = static_cast<std::uint8_t>(p);
        }
      }
      cur[t] = best + emit[i * kStride + t];
      back[i * kStride + t] = arg;
    }
    std::copy(cur, cur + kT, prev);
  }
#endif
}

#if defined(__x86_64__) && defined(__GNUC__)
// The same steps over all eight lanes in one AVX register: the same float
// additions, the same strict greater-than (ordered, as SSE's cmpgt) and the
// same selection, so the same scores and back pointers.
__attribute__((target("avx2"))) void ViterbiStepsAvx2(const float (*tr)[kStride], const float* emit,
                                                      std::size_t n, float* prev,
                                                      std::uint8_t* back) {
  constexpr int kT = kNumTags;
  const __m256 neg_inf = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
  __m256 row[kT];
  for (int p = 0; p < kT; ++p) row[p] = _mm256_load_ps(&tr[p][0]);
  __m256 cur = _mm256_load_ps(prev);
  for (std::size_t i = 1; i < n; ++i) {
    alignas(32) float pv[kStride];
    _mm256_store_ps(pv, cur);
    __m256 best = neg_inf;
    __m256i arg = _mm256_setzero_si256();
    for (int p = 0; p < kT; ++p) {
      const __m256 sc = _mm256_add_ps(_mm256_set1_ps(pv[p]), row[p]);
      const __m256 m = _mm256_cmp_ps(sc, best, _CMP_GT_OS);
      best = _mm256_blendv_ps(best, sc, m);
      arg = _mm256_blendv_epi8(arg, _mm256_set1_epi32(p), _mm256_castps_si256(m));
    }
    cur = _mm256_add_ps(best, _mm256_loadu_ps(emit + i * kStride));
    const __m128i packed =
        _mm_packs_epi32(_mm256_castsi256_si128(arg), _mm256_extracti128_si256(arg, 1));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(&back[i * kStride]),
                     _mm_packus_epi16(packed, _mm_setzero_si128()));
  }
  _mm256_store_ps(prev, cur);
}
#endif

ViterbiStepsFn PickViterbiSteps() {
#if defined(__x86_64__) && defined(__GNUC__)
  if (__builtin_cpu_supports("avx2")) return ViterbiStepsAvx2;
#endif
  return ViterbiSteps;
}

// Best tag sequence given emission scores emit[i * kStride + t] of n tokens.
// For each tag t, the best previous tag is the first p (in order 0..6)
// whose score[p] + trans[p][t] is strictly greater than all before it, and
// the token's score is that sum plus emit[t]. The SSE2 and AVX2 paths compute
// the eight lanes t = 0..7 (7 is padding) of each step at once with the
// same float additions and comparisons, so it picks the same tags.
void Viterbi(const std::vector<float>& trans, const float* emit, std::size_t n, std::uint8_t* out) {
  constexpr int kT = kNumTags;
  static_assert(kT < kStride, "a padding lane is needed");
  // tr[p][t], rows padded to kStride (padding lanes 0: never read back).
  alignas(32) float tr[kT + 1][kStride] = {};
  for (int p = 0; p <= kT; ++p)
    for (int t = 0; t < kT; ++t) tr[p][t] = trans[static_cast<std::size_t>(p * kT + t)];
  thread_local std::vector<std::uint8_t> back;  // [i][t], rows of kStride
  back.resize(n * kStride);
  alignas(32) float prev[kStride];
  for (int t = 0; t < kStride; ++t) prev[t] = tr[kT][t] + emit[t];
  static const ViterbiStepsFn steps = PickViterbiSteps();
  steps(tr, emit, n, prev, back.data());
  std::uint8_t tag = 0;
  float best = -std::numeric_limits<float>::infinity();
  for (int t = 0; t < kT; ++t) {
    if (prev[t] > best) {
      best = prev[t];
      tag = static_cast<std::uint8_t>(t);
    }
  }
  for (std::size_t i = n; i-- > 0;) {
    out[i] = tag;
    if (i > 0) tag = back[i * kStride + tag];
  }
}

// Rows a fused sum asks the memory for ahead of the one it adds: far enough
// for a miss to the outer caches to return in time.
constexpr std::size_t kPrefetchAhead = 24;

// The emission scores of both passes' base features for tokens [0, n) of a
// unit: token i's features are the fused rows of ids[offs[i] .. offs[i+1])
// and the combined rows combo_rows + combos[i * kCombosFirst + k] *
// kComboLanes (k < kCombosFirst). For each token the first pass's integer
// sums (first half of each row), times `scale`, go to emit[i * kStride ..],
// and the second pass's sums (second half) to acc2[i * kStride ..].
// Prefetches the fused row kPrefetchAhead ids further on (the caller leaves
// that many valid ids after the last one); the combined rows are few and
// stay in cache. Integer sums are exact, so the order of additions does not
// matter, and float(sum) * scale is the same single rounding whichever way
// it is done: every path gives the same scores.
using FirstSumsFn = void (*)(const std::int16_t* rows, const std::uint32_t* ids,
                             const std::uint32_t* offs, const std::int32_t* combo_rows,
                             const std::uint32_t* combos, const std::int32_t* word_rows,
                             const std::uint32_t* word_combos, std::size_t n, float scale,
                             float* emit, std::int32_t* acc2);
// The second pass's stacked features: acc2[i * kStride ..] += the second
// half of the fused row x111[i] and of the combined rows of combos[i *
// kCombosStacked ..], then emit[i * kStride ..] = acc2 * scale. x111 has
// kPrefetchAhead valid ids after the last.
using SecondSumsFn = void (*)(const std::int16_t* rows, const std::uint32_t* x111,
                              const std::int32_t* combo_rows, const std::uint32_t* combos,
                              std::size_t n, float scale, std::int32_t* acc2, float* emit);

inline const std::int16_t* FusedRow(const std::int16_t* rows, std::uint32_t id) {
  return rows + static_cast<std::size_t>(id) * 2 * kStride;
}

inline const std::int32_t* ComboRow(const std::int32_t* combo_rows, std::uint32_t c) {
  return combo_rows + static_cast<std::size_t>(c) * kComboLanes;
}

std::uint32_t WordCache::WordCombo(std::uint32_t index, unsigned variant) {
  WordInfo& w = infos_[index];
  if (w.combo[variant] != 0) return w.combo[variant] - 1;
  const FeatTables& T = FeatTables::Get();
  const unsigned kind = variant / 2;
  const bool cap = variant % 2 != 0;
  const std::size_t at = word_rows_.size() / kComboLanes;
  word_rows_.resize(word_rows_.size() + kComboLanes, 0);
  std::int32_t* const out = word_rows_.data() + at * kComboLanes;
  auto add = [this, out](std::uint32_t id) {
    const std::int16_t* row = FusedRow(word_rows_of_, id);
    for (std::size_t t = 0; t < kComboLanes; ++t) out[t] += row[t];
  };
  // As UnitFeaturesInto gives them.
  add(w.f1);
  if (w.cut_size > 3) add(w.f8);
  if (w.cut_size > 2) add(w.f9);
  add(kind == 0 ? w.f10[cap ? 1 : 0] : kind == 1 ? w.f10_punct : T.f10_mark[kind == 3 ? 1 : 0]);
  add(w.f13[kind == 0 ? 1 : 0]);
  add(w.f51);
  for (std::uint8_t k = 0; k < w.f58_n; ++k) add(w.f58[k]);
  if (w.pronoun) add(T.f34_pron);
  if (cap && w.honorific) add(T.f34_hon);
  w.combo[variant] = static_cast<std::uint32_t>(at + 1);
  return static_cast<std::uint32_t>(at);
}

void FirstSums(const std::int16_t* rows, const std::uint32_t* ids, const std::uint32_t* offs,
               const std::int32_t* combo_rows, const std::uint32_t* combos,
               const std::int32_t* word_rows, const std::uint32_t* word_combos, std::size_t n,
               float scale, float* emit, std::int32_t* acc2) {
  for (std::size_t i = 0; i < n; ++i) {
    std::int32_t acc[2 * kStride] = {};
    for (const std::uint32_t* f = ids + offs[i]; f < ids + offs[i + 1]; ++f) {
      __builtin_prefetch(FusedRow(rows, f[kPrefetchAhead]));
      const std::int16_t* row = FusedRow(rows, *f);
      for (int t = 0; t < 2 * kStride; ++t) acc[t] += row[t];
    }
    for (std::size_t k = 0; k < kCombosFirst; ++k) {
      const std::int32_t* row = ComboRow(combo_rows, combos[i * kCombosFirst + k]);
      for (int t = 0; t < 2 * kStride; ++t) acc[t] += row[t];
    }
    const std::int32_t* wrow = ComboRow(word_rows, word_combos[i]);
    for (int t = 0; t < 2 * kStride; ++t) acc[t] += wrow[t];
    for (int t = 0; t < kStride; ++t) {
      emit[i * kStride + t] = static_cast<float>(acc[t]) * scale;
      acc2[i * kStride + t] = acc[kStride + t];
    }
  }
}

void SecondSums(const std::int16_t* rows, const std::uint32_t* x111, const std::int32_t* combo_rows,
                const std::uint32_t* combos, std::size_t n, float scale, std::int32_t* acc2,
                float* emit) {
  for (std::size_t i = 0; i < n; ++i) {
    std::int32_t* acc = acc2 + i * kStride;
    __builtin_prefetch(FusedRow(rows, x111[i + kPrefetchAhead]));
    const std::int16_t* row = FusedRow(rows, x111[i]) + kStride;
    for (int t = 0; t < kStride; ++t) acc[t] += row[t];
    for (std::size_t k = 0; k < kCombosStacked; ++k) {
      const std::int32_t* c = ComboRow(combo_rows, combos[i * kCombosStacked + k]) + kStride;
      for (int t = 0; t < kStride; ++t) acc[t] += c[t];
    }
    for (int t = 0; t < kStride; ++t) emit[i * kStride + t] = static_cast<float>(acc[t]) * scale;
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
// The same with AVX2, all tokens of the unit in one call, four rows a step:
// the int16 weights of two rows are interleaved (unpack) and each adjacent
// pair, one weight of each row for the same tag, is added into 32 bits by
// one madd with ones (exact: two int16 fit). Chosen at run time where the
// CPU has AVX2.
__attribute__((target("avx2"))) void FirstSumsAvx2(
    const std::int16_t* rows, const std::uint32_t* ids, const std::uint32_t* offs,
    const std::int32_t* combo_rows, const std::uint32_t* combos, const std::int32_t* word_rows,
    const std::uint32_t* word_combos, std::size_t n, float scale, float* emit, std::int32_t* acc2) {
  const __m256i ones = _mm256_set1_epi16(1);
  const __m256i zero = _mm256_setzero_si256();
  const __m256 sc = _mm256_set1_ps(scale);
  // (Lambdas do not take the function's target: the loads stay in its body.)
  auto row = [rows](std::uint32_t id) {
    return reinterpret_cast<const __m256i*>(FusedRow(rows, id));
  };
  auto ahead = [rows](const std::uint32_t* f) {
    __builtin_prefetch(FusedRow(rows, f[kPrefetchAhead]));
  };
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t* f = ids + offs[i];
    const std::uint32_t* const end = ids + offs[i + 1];
    // lo: tags 0-3 of the first pass (low lane) and of the second (high
    // lane); hi: tags 4-7 likewise. Two sets, so that two rows' adds do not
    // wait on each other.
    __m256i lo = zero, hi = zero, lo2 = zero, hi2 = zero;
    for (; end - f >= 4; f += 4) {
      ahead(f);
      ahead(f + 1);
      ahead(f + 2);
      ahead(f + 3);
      const __m256i r0 = _mm256_load_si256(row(f[0])), r1 = _mm256_load_si256(row(f[1]));
      const __m256i r2 = _mm256_load_si256(row(f[2])), r3 = _mm256_load_si256(row(f[3]));
      lo = _mm256_add_epi32(lo, _mm256_madd_epi16(_mm256_unpacklo_epi16(r0, r1), ones));
      hi = _mm256_add_epi32(hi, _mm256_madd_epi16(_mm256_unpackhi_epi16(r0, r1), ones));
      lo2 = _mm256_add_epi32(lo2, _mm256_madd_epi16(_mm256_unpacklo_epi16(r2, r3), ones));
      hi2 = _mm256_add_epi32(hi2, _mm256_madd_epi16(_mm256_unpackhi_epi16(r2, r3), ones));
    }
    if (end - f >= 2) {
      ahead(f);
      ahead(f + 1);
      const __m256i r0 = _mm256_load_si256(row(f[0])), r1 = _mm256_load_si256(row(f[1]));
      lo = _mm256_add_epi32(lo, _mm256_madd_epi16(_mm256_unpacklo_epi16(r0, r1), ones));
      hi = _mm256_add_epi32(hi, _mm256_madd_epi16(_mm256_unpackhi_epi16(r0, r1), ones));
      f += 2;
    }
    if (f < end) {
      ahead(f);
      const __m256i r0 = _mm256_load_si256(row(f[0]));
      lo2 = _mm256_add_epi32(lo2, _mm256_madd_epi16(_mm256_unpacklo_epi16(r0, zero), ones));
      hi2 = _mm256_add_epi32(hi2, _mm256_madd_epi16(_mm256_unpackhi_epi16(r0, zero), ones));
    }
    lo = _mm256_add_epi32(lo, lo2);
    hi = _mm256_add_epi32(hi, hi2);
    // The first pass's tags 0-7, then the second's.
    __m256i first = _mm256_permute2x128_si256(lo, hi, 0x20);
    __m256i second = _mm256_permute2x128_si256(lo, hi, 0x31);
    const std::uint32_t* const c = combos + i * kCombosFirst;
    const auto* wr = reinterpret_cast<const __m256i*>(ComboRow(word_rows, word_combos[i]));
    __m256i first2 = _mm256_loadu_si256(wr), second2 = _mm256_loadu_si256(wr + 1);
    for (std::size_t k = 0; k < kCombosFirst; k += 2) {
      const auto* r0 = reinterpret_cast<const __m256i*>(ComboRow(combo_rows, c[k]));
      const auto* r1 = reinterpret_cast<const __m256i*>(ComboRow(combo_rows, c[k + 1]));
      first = _mm256_add_epi32(first, _mm256_loadu_si256(r0));
      second = _mm256_add_epi32(second, _mm256_loadu_si256(r0 + 1));
      first2 = _mm256_add_epi32(first2, _mm256_loadu_si256(r1));
      second2 = _mm256_add_epi32(second2, _mm256_loadu_si256(r1 + 1));
    }
    first = _mm256_add_epi32(first, first2);
    second = _mm256_add_epi32(second, second2);
    _mm256_storeu_ps(emit + i * kStride, _mm256_mul_ps(_mm256_cvtepi32_ps(first), sc));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc2 + i * kStride), second);
  }
}

// SecondSums with AVX2: per token one fused half row (widened to 32 bits)
// and the combined rows' second halves.
__attribute__((target("avx2"))) void SecondSumsAvx2(const std::int16_t* rows,
                                                    const std::uint32_t* x111,
                                                    const std::int32_t* combo_rows,
                                                    const std::uint32_t* combos, std::size_t n,
                                                    float scale, std::int32_t* acc2, float* emit) {
  const __m256 sc = _mm256_set1_ps(scale);
  for (std::size_t i = 0; i < n; ++i) {
    __builtin_prefetch(FusedRow(rows, x111[i + kPrefetchAhead]));
    std::int32_t* acc = acc2 + i * kStride;
    const std::uint32_t* const c = combos + i * kCombosStacked;
    static_assert(kCombosStacked == 4, "four combined rows a token");
    auto half = [combo_rows](std::uint32_t k) {
      return reinterpret_cast<const __m256i*>(ComboRow(combo_rows, k) + kStride);
    };
    const __m256i x = _mm256_cvtepi16_epi32(
        _mm_load_si128(reinterpret_cast<const __m128i*>(FusedRow(rows, x111[i]) + kStride)));
    const __m256i s0 = _mm256_add_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(acc)),
                                        _mm256_loadu_si256(half(c[0])));
    const __m256i s1 = _mm256_add_epi32(x, _mm256_loadu_si256(half(c[1])));
    const __m256i s2 =
        _mm256_add_epi32(_mm256_loadu_si256(half(c[2])), _mm256_loadu_si256(half(c[3])));
    const __m256i sum = _mm256_add_epi32(_mm256_add_epi32(s0, s1), s2);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc), sum);
    _mm256_storeu_ps(emit + i * kStride, _mm256_mul_ps(_mm256_cvtepi32_ps(sum), sc));
  }
}
#endif

FirstSumsFn PickFirstSums() {
#if defined(__x86_64__) && defined(__GNUC__)
  if (__builtin_cpu_supports("avx2")) return FirstSumsAvx2;
#endif
  return FirstSums;
}

SecondSumsFn PickSecondSums() {
#if defined(__x86_64__) && defined(__GNUC__)
  if (__builtin_cpu_supports("avx2")) return SecondSumsAvx2;
#endif
  return SecondSums;
}
}  // namespace

std::vector<std::uint8_t> TagModel::Decode(const std::vector<std::uint32_t>& feats,
                                           const std::vector<std::uint32_t>& offs,
                                           const std::uint8_t* gold, float cost) const {
  const std::size_t n = offs.empty() ? 0 : offs.size() - 1;
  std::vector<std::uint8_t> out(n, kO);
  if (n == 0 || empty()) return out;
  std::vector<float> emit(n * kStride);
  const bool quantised = !q.empty();
  for (std::size_t i = 0; i < n; ++i) {
    // The rows are scattered over a few MB: ask for the next token's early.
    if (i + 1 < n)
      for (std::uint32_t k = offs[i + 1]; k < offs[i + 2]; ++k) {
        const std::size_t at = static_cast<std::size_t>(feats[k]) * kStride;
        __builtin_prefetch(quantised ? static_cast<const void*>(&q[at])
                                     : static_cast<const void*>(&w[at]));
      }
    float* e = &emit[i * kStride];
    if (quantised) {
      std::int32_t acc[kStride] = {};
      for (std::uint32_t k = offs[i]; k < offs[i + 1]; ++k) {
        const std::int16_t* row = &q[static_cast<std::size_t>(feats[k]) * kStride];
        for (int t = 0; t < kStride; ++t) acc[t] += row[t];
      }
      for (int t = 0; t < kStride; ++t) e[t] = static_cast<float>(acc[t]) * scale;
    } else {
      for (std::uint32_t k = offs[i]; k < offs[i + 1]; ++k) {
        const float* row = &w[static_cast<std::size_t>(feats[k]) * kStride];
        for (int t = 0; t < kStride; ++t) e[t] += row[t];
      }
    }
    if (gold != nullptr)
      for (int t = 0; t < kNumTags; ++t)
        if (t != gold[i]) e[t] += cost;
  }
  Viterbi(trans, emit.data(), n, out.data());
  return out;
}

namespace {
constexpr char kMagic[8] = {'Q', 'T', 'T', 'A', 'G', '0', '0', '1'};
}

std::string TagModel::Serialise() const {
  float maxabs = 0.0f;
  for (float x : w) maxabs = std::max(maxabs, std::fabs(x));
  const float out_scale = maxabs > 0.0f ? maxabs / 32767.0f : 1.0f;
  std::string out(kMagic, sizeof kMagic);
  auto put = [&out](const void* p, std::size_t size) {
    out.append(static_cast<const char*>(p), size);
  };
  const std::uint32_t bits = kFeatureBits, tags = kNumTags;
  put(&bits, 4);
  put(&tags, 4);
  put(&out_scale, 4);
  put(trans.data(), trans.size() * sizeof(float));
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (i % kStride >= kNumTags) continue;  // padding is not stored
    auto v = static_cast<std::int16_t>(std::lround(w[i] / out_scale));
    put(&v, 2);
  }
  return out;
}

std::size_t TagModel::ParseHeader(const unsigned char* data, std::size_t size) {
  const std::size_t nw = static_cast<std::size_t>(1u << kFeatureBits) * kNumTags;
  const std::size_t nt = static_cast<std::size_t>(kNumTags + 1) * kNumTags;
  const std::size_t need = sizeof kMagic + 12 + nt * sizeof(float) + nw * 2;
  if (size < need || std::memcmp(data, kMagic, sizeof kMagic) != 0) return 0;
  std::uint32_t bits = 0, tags = 0;
  float stored_scale = 0.0f;
  const unsigned char* p = data + sizeof kMagic;
  std::memcpy(&bits, p, 4);
  std::memcpy(&tags, p + 4, 4);
  std::memcpy(&stored_scale, p + 8, 4);
  p += 12;
  if (bits != kFeatureBits || tags != kNumTags) return 0;
  trans.resize(nt);
  std::memcpy(trans.data(), p, nt * sizeof(float));
  w.clear();
  q.clear();
  scale = stored_scale;
  return need;
}

std::size_t TagModel::ParsePrefix(const unsigned char* data, std::size_t size) {
  const std::size_t need = ParseHeader(data, size);
  if (need == 0) return 0;
  const unsigned char* p = data + need - kWeightBytes;
  q.assign(static_cast<std::size_t>(1u << kFeatureBits) * kStride, 0);
  for (std::size_t r = 0; r < (std::size_t{1} << kFeatureBits); ++r)
    std::memcpy(&q[r * kStride], p + r * kNumTags * 2, kNumTags * 2);
  return need;
}

std::int16_t* Tagger::AllocateFused() {
  constexpr std::size_t kRows = std::size_t{1} << kFeatureBits;
  constexpr std::size_t kAlign = 64 / sizeof(std::int16_t);
  fused_.assign(kRows * 2 * kStride + kAlign, 0);
  const auto addr = reinterpret_cast<std::uintptr_t>(fused_.data());
  fused_off_ = ((64 - addr % 64) % 64) / sizeof(std::int16_t);
  return fused_.data() + fused_off_;
}

void Tagger::Fuse() {
  fused_.clear();
  fused_off_ = 0;
  combos_.clear();
  if (first.q.empty() || second.q.empty()) return;
  constexpr std::size_t kRows = std::size_t{1} << kFeatureBits;
  std::int16_t* rows = AllocateFused();
  for (std::size_t r = 0; r < kRows; ++r) {
    std::memcpy(rows + r * 2 * kStride, &first.q[r * kStride], kStride * sizeof(std::int16_t));
    std::memcpy(rows + r * 2 * kStride + kStride, &second.q[r * kStride],
                kStride * sizeof(std::int16_t));
  }
  BuildCombos();
}

bool Tagger::ParseFused(const unsigned char* data, std::size_t size) {
  *this = Tagger{};
  const std::size_t used = first.ParseHeader(data, size);
  const std::size_t used2 = used == 0 ? 0 : second.ParseHeader(data + used, size - used);
  if (used2 == 0) {
    *this = Tagger{};
    return false;
  }
  // The weights of each pass are rows of kNumTags int16 at the end of its
  // block: copied straight into the halves of the fused rows (padding 0).
  const unsigned char* w1 = data + used - TagModel::kWeightBytes;
  const unsigned char* w2 = data + used + used2 - TagModel::kWeightBytes;
  constexpr std::size_t kRows = std::size_t{1} << kFeatureBits;
  std::int16_t* rows = AllocateFused();
  constexpr std::size_t kRowBytes = kNumTags * sizeof(std::int16_t);
  for (std::size_t r = 0; r < kRows; ++r) {
    std::memcpy(rows + r * 2 * kStride, w1 + r * kRowBytes, kRowBytes);
    std::memcpy(rows + r * 2 * kStride + kStride, w2 + r * kRowBytes, kRowBytes);
  }
  BuildCombos();
  return true;
}

std::vector<std::uint8_t> Tagger::Tag(const TagDoc& doc, std::size_t a, std::size_t b) const {
  if (fused_.empty()) {
    thread_local std::vector<std::uint32_t> feats, offs;
    UnitFeatures(doc, a, b, feats, offs);
    std::vector<std::uint8_t> tags = first.Decode(feats, offs);
    if (second.empty()) return tags;
    std::vector<std::uint32_t> feats2, offs2;
    StackedFeatures(feats, offs, tags, feats2, offs2);
    return second.Decode(feats2, offs2);
  }
  const std::size_t n = b - a;
  std::vector<std::uint8_t> tags(n, kO);
  if (n == 0) return tags;
  const std::int16_t* rows = fused_.data() + fused_off_;
  thread_local std::vector<float> emit;
  thread_local std::vector<std::int32_t> acc2;  // the second pass's sums
  emit.resize(n * kStride);
  acc2.resize(n * kStride);
  // Pass one, summing the second pass's base rows on the way. The rows are
  // scattered over a few MB: the sums prefetch ahead, over ids padded at the
  // end so that every prefetch reads a valid id.
  static const FirstSumsFn first_sums = PickFirstSums();
  static const SecondSumsFn second_sums = PickSecondSums();
  thread_local IdBuffer feat_room, offs_room, combo_room, f1_room, x111_room, combo2_room,
      word_combo_room;
  std::uint32_t* const fd = feat_room.Room(n * kMaxRowIdsPerToken + kPrefetchAhead);
  std::uint32_t* const od = offs_room.Room(n + 1);
  std::uint32_t* const cd = combo_room.Room(n * kCombosFirst);
  std::uint32_t* const f1 = f1_room.Room(n);
  std::uint32_t* const wc = word_combo_room.Room(n);
  const std::size_t nf = UnitRowsInto(doc, a, b, rows, fd, od, cd, wc, f1);
  std::fill(fd + nf, fd + nf + kPrefetchAhead, 0u);
  float* const em = emit.data();
  std::int32_t* const a2 = acc2.data();
  const std::int32_t* const combo_rows = combos_.data();
  // (The word rows are all made now: their address holds.)
  first_sums(rows, fd, od, combo_rows, cd, WordCache::ForThread().WordRows(), wc, n, first.scale,
             em, a2);
  Viterbi(first.trans, em, n, tags.data());
  // Pass two: its base sums plus its stacked features (the second half of
  // their rows).
  std::uint32_t* const xd = x111_room.Room(n + kPrefetchAhead);
  std::uint32_t* const xc = combo2_room.Room(n * kCombosStacked);
  StackedRowsInto(f1, tags, xd, xc);
  std::fill(xd + n, xd + n + kPrefetchAhead, 0u);
  second_sums(rows, xd, combo_rows, xc, n, second.scale, a2, em);
  Viterbi(second.trans, em, n, tags.data());
  return tags;
}

void Tagger::BuildCombos() {
  combos_.clear();
  if (fused_.empty()) return;
  const std::int16_t* const rows = fused_.data() + fused_off_;
  const FeatTables& T = FeatTables::Get();
  combos_.assign(static_cast<std::size_t>(kComboRows) * kComboLanes, 0);
  // Row c is the sum of the fused rows of `ids`.
  auto put = [&](std::uint32_t c, std::initializer_list<std::uint32_t> ids) {
    std::int32_t* out = combos_.data() + static_cast<std::size_t>(c) * kComboLanes;
    for (std::uint32_t id : ids) {
      const std::int16_t* row = FusedRow(rows, id);
      for (std::size_t t = 0; t < kComboLanes; ++t) out[t] += row[t];
    }
  };
  for (unsigned rp = 0; rp < 8; ++rp)
    for (unsigned rn = 0; rn < 8; ++rn)
      for (unsigned q = 0; q < 2; ++q)
        for (unsigned qp = 0; qp < 2; ++qp)
          for (unsigned m = 0; m < 2; ++m)
            for (unsigned l = 0; l < 2; ++l)
              put(C1Index(rp, rn, q, qp, m, l),
                  {T.bias, T.f14[rp], T.f15[rn], T.f16[q][qp], T.f23[m], T.f24[l]});
  for (unsigned rp = 0; rp < 6; ++rp)
    for (unsigned r = 0; r < 6; ++r)
      for (unsigned rn = 0; rn < 6; ++rn)
        put(C2Index(rp, r, rn), {T.f17[r], T.f18[rp][r], T.f19[r][rn]});
  for (unsigned b1 = 0; b1 < 8; ++b1)
    for (unsigned b2 = 0; b2 < 8; ++b2)
      for (unsigned none = 0; none < 32; ++none) {
        const std::uint32_t c = C3Index(b1, b2, none);
        put(c, {T.f21[b1], T.f22[b2]});
        if (none & kNoLeft) put(c, {T.f25_none});
        if (none & kNoRight) put(c, {T.f30_none});
        if (none & kNoStrongest) put(c, {T.f37_none});
        if (none & kNoPrevBreak) put(c, {T.f47_none});
        if (none & kNoNextBreak) put(c, {T.f50_none});
      }
  for (unsigned bk = 0; bk < 8; ++bk)
    for (unsigned rate = 0; rate < 7; ++rate)
      for (unsigned comma = 0; comma < 2; ++comma) {
        for (unsigned rp = 0; rp < 6; ++rp)
          put(C4Index(bk, rate, comma, rp),
              {T.f25[bk], T.f28[rate][bk], T.f29[comma][bk], T.f43[rp][bk]});
        put(C5Index(bk, rate, comma), {T.f30[bk], T.f33[rate][bk], T.f44[comma][bk]});
      }
  for (unsigned rate = 0; rate < 7; ++rate)
    for (unsigned side = 0; side < 3; ++side)
      for (unsigned bk = 0; bk < 8; ++bk)
        put(C6Index(rate, side, bk), {T.f38[rate][side], T.f39[side][bk]});
  for (unsigned tg = 0; tg < 7; ++tg)
    for (unsigned p = 0; p < 9; ++p)
      for (unsigned nx = 0; nx < 9; ++nx)
        put(S1Index(tg, p, nx), {T.f100[tg], T.f101[p], T.f102[nx], T.f105[p][tg], T.f106[tg][nx]});
  for (unsigned p = 0; p < 9; ++p)
    for (unsigned nx = 0; nx < 9; ++nx) {
      put(S2Index(p, nx), {T.f103[p], T.f104[nx]});
      put(S4Index(p, nx), {T.f109[p], T.f110[nx]});
    }
  for (unsigned tg = 0; tg < 7; ++tg)
    for (unsigned pos = 0; pos < 3; ++pos)
      for (unsigned bk = 0; bk < 8; ++bk)
        put(S3Index(tg, pos, bk), {T.f107[tg][pos], T.f108[tg][bk]});
}

std::size_t WithoutDanglingConjunction(const std::vector<Token>& tokens, std::size_t a,
                                       std::size_t b) {
  std::size_t e = b;
  while (e > a + 1 && !tokens[e - 1].in_quote && tokens[e - 1].kind == TokenKind::kPunct) --e;
  if (e <= a + 1 || tokens[e - 1].in_quote) return b;
  const std::string& w = tokens[e - 1].lower;
  if (w != "and" && w != "or" && w != "but") return b;
  --e;
  while (e > a + 1 && tokens[e - 1].kind == TokenKind::kPunct) --e;
  return e;
}

bool NamesNoStatement(const std::vector<Token>& tokens, std::size_t a, std::size_t b) {
  std::size_t words = 0;
  for (std::size_t t = a; t < b; ++t) {
    const Token& k = tokens[t];
    if (k.kind != TokenKind::kWord) continue;
    if (++words > 3 || k.in_quote || !lex::IsFunctionWord(k.lower) ||
        lex::IsObjectPronoun(k.lower))
      return false;
  }
  return words > 0;
}

std::vector<bool> OneContentPerCue(const std::vector<RunView>& runs) {
  auto dist = [](const RunView& r) -> std::size_t {
    const Span& c = r.content;
    return c.start >= r.cue.end   ? c.start - r.cue.end
           : r.cue.start >= c.end ? r.cue.start - c.end
                                  : 0;
  };
  std::map<std::size_t, std::size_t> nearest;  // cue start -> its nearest run
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].cue.empty()) continue;
    auto [it, fresh] = nearest.emplace(runs[i].cue.start, i);
    if (!fresh && dist(runs[i]) < dist(runs[it->second])) it->second = i;
  }
  std::vector<bool> keep(runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i)
    keep[i] = runs[i].cue.empty() || runs[i].quoted || nearest[runs[i].cue.start] == i;
  return keep;
}

const Tagger& Tagger::Default() {
  static const Tagger tagger = [] {
    Tagger t;
    const auto size = static_cast<std::size_t>(qt_tagger_blob_end - qt_tagger_blob);
    if (t.ParseFused(qt_tagger_blob, size)) return t;
    // A first pass alone (or nothing usable): parsed per pass, not fused.
    std::size_t used = t.first.ParsePrefix(qt_tagger_blob, size);
    if (used == 0) return Tagger{};
    if (t.second.ParsePrefix(qt_tagger_blob + used, size - used) == 0) t.second = TagModel{};
    t.Fuse();
    return t;
  }();
  return tagger;
}

namespace {

// The first pass's runs as the stacked features read them (thread-local).
struct StackedScratch {
  std::vector<std::size_t> run_len, run_pos, cue_left, cue_right;
  std::vector<std::uint8_t> padded;  // the tags with two edge values each side
};

StackedScratch& PrepareStacked(const std::vector<std::uint8_t>& first) {
  const std::size_t n = first.size();
  thread_local StackedScratch S;
  std::vector<std::size_t>& run_len = S.run_len;
  std::vector<std::size_t>& run_pos = S.run_pos;
  std::vector<std::size_t>& cue_left = S.cue_left;
  std::vector<std::size_t>& cue_right = S.cue_right;
  std::vector<std::uint8_t>& padded = S.padded;
  // Runs of the first pass: length and position of each token in its run,
  // and the distance to the nearest cue run on each side. The tags padded
  // with two edge values on each side (7: <s>, 8: </s>).
  padded.resize(n + 2 * kPad);
  padded[0] = padded[1] = 7;
  padded[n + kPad] = padded[n + kPad + 1] = 8;
  std::copy(first.begin(), first.end(), padded.begin() + kPad);
  run_len.assign(n, 0);
  run_pos.assign(n, 0);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    const std::uint8_t k = SpanKind(first[i]);
    while (j < n && SpanKind(first[j]) == k && !IsBegin(first[j])) ++j;
    for (std::size_t m = i; m < j; ++m) {
      run_len[m] = j - i;
      run_pos[m] = m - i;
    }
    i = j;
  }
  cue_left.assign(n, kNone);
  cue_right.assign(n, kNone);
  for (std::size_t i = 0, last = kNone; i < n; ++i) {
    cue_left[i] = last;
    if (SpanKind(first[i]) == kBCue) last = i;
  }
  for (std::size_t i = n, next = kNone; i-- > 0;) {
    cue_right[i] = next;
    if (SpanKind(first[i]) == kBCue) next = i;
  }
  return S;
}

std::size_t StackedExtrasInto(const std::uint32_t* feats, const std::uint32_t* offs,
                              const std::vector<std::uint8_t>& first, std::uint32_t* extra,
                              std::uint32_t* extra_offs) {
  const std::size_t n = first.size();
  const FeatTables& T = FeatTables::Get();
  const StackedScratch& S = PrepareStacked(first);
  const std::uint8_t* const tg = S.padded.data() + kPad;
  const std::size_t* const run_len = S.run_len.data();
  const std::size_t* const run_pos = S.run_pos.data();
  const std::size_t* const cue_left = S.cue_left.data();
  const std::size_t* const cue_right = S.cue_right.data();
  std::uint32_t* const base = extra;
  std::uint32_t* out = base;
  // Same ids in the same order as F of each template's values (FeatTables).
  for (std::size_t i = 0; i < n; ++i) {
    extra_offs[i] = static_cast<std::uint32_t>(out - base);
    const auto si = static_cast<std::ptrdiff_t>(i);
    const std::uint8_t ti = tg[si];
    *out++ = T.f100[ti];
    *out++ = T.f101[tg[si - 1]];
    *out++ = T.f102[tg[si + 1]];
    *out++ = T.f103[tg[si - 2]];
    *out++ = T.f104[tg[si + 2]];
    *out++ = T.f105[tg[si - 1]][ti];
    *out++ = T.f106[ti][tg[si + 1]];
    const int pos = run_pos[i] == 0 ? 0 : run_pos[i] + 1 == run_len[i] ? 1 : 2;
    *out++ = T.f107[ti][pos];
    *out++ = T.f108[ti][BucketIndex(run_len[i])];
    *out++ = T.f109[cue_left[i] == kNone ? 8 : BucketIndex(i - cue_left[i])];
    *out++ = T.f110[cue_right[i] == kNone ? 8 : BucketIndex(cue_right[i] - i)];
    // The first pass's view combined with the token's own first features
    // (its word is feature 1 of the base list).
    if (offs[i] + 1 < offs[i + 1]) *out++ = F(111, T.tag[ti], Hv::Raw(feats[offs[i] + 1]));
  }
  extra_offs[n] = static_cast<std::uint32_t>(out - base);
  return extra_offs[n];
}

// StackedExtrasInto as Tag reads it: per token the id of F111 (into x111)
// and kCombosStacked combined rows (into combos) for the rest.
void StackedRowsInto(const std::uint32_t* word_f1, const std::vector<std::uint8_t>& first,
                     std::uint32_t* x111, std::uint32_t* combos) {
  const std::size_t n = first.size();
  const FeatTables& T = FeatTables::Get();
  const StackedScratch& S = PrepareStacked(first);
  const std::uint8_t* const tg = S.padded.data() + kPad;
  for (std::size_t i = 0; i < n; ++i) {
    const auto si = static_cast<std::ptrdiff_t>(i);
    const std::uint8_t ti = tg[si];
    std::uint32_t* const c = combos + i * kCombosStacked;
    c[0] = S1Index(ti, tg[si - 1], tg[si + 1]);
    c[1] = S2Index(tg[si - 2], tg[si + 2]);
    const std::size_t rp = S.run_pos[i], rl = S.run_len[i];
    const unsigned pos = rp == 0 ? 0 : rp + 1 == rl ? 1 : 2;
    c[2] = S3Index(ti, pos, static_cast<unsigned>(BucketIndex(rl)));
    c[3] = S4Index(
        S.cue_left[i] == kNone ? 8u : static_cast<unsigned>(BucketIndex(i - S.cue_left[i])),
        S.cue_right[i] == kNone ? 8u : static_cast<unsigned>(BucketIndex(S.cue_right[i] - i)));
    x111[i] = F(111, T.tag[ti], Hv::Raw(word_f1[i]));
  }
}

}  // namespace

void StackedFeatures(const std::vector<std::uint32_t>& feats,
                     const std::vector<std::uint32_t>& offs, const std::vector<std::uint8_t>& first,
                     std::vector<std::uint32_t>& out_feats, std::vector<std::uint32_t>& out_offs) {
  const std::size_t n = first.size();
  std::vector<std::uint32_t> extra, extra_offs;
  StackedExtras(feats, offs, first, extra, extra_offs);
  out_feats.clear();
  out_offs.clear();
  out_feats.reserve(feats.size() + extra.size());
  out_offs.reserve(n + 1);
  for (std::size_t i = 0; i < n; ++i) {
    out_offs.push_back(static_cast<std::uint32_t>(out_feats.size()));
    out_feats.insert(out_feats.end(), feats.begin() + offs[i], feats.begin() + offs[i + 1]);
    out_feats.insert(out_feats.end(), extra.begin() + extra_offs[i],
                     extra.begin() + extra_offs[i + 1]);
  }
  out_offs.push_back(static_cast<std::uint32_t>(out_feats.size()));
}

}  // namespace qt::detect_internal
