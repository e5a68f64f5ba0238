#include "tagger.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <string_view>

#include "lexicon.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

// The shipped weights, embedded at build time (an empty file means "no
// model": detect then runs on rules alone).
#ifndef QT_TAGGER_PATH
#error "QT_TAGGER_PATH must name src/detect/tagger.bin"
#endif
__asm__(
    ".pushsection .rodata\n"
    ".balign 16\n"
    ".global qt_tagger_blob\n"
    "qt_tagger_blob:\n"
    ".incbin \"" QT_TAGGER_PATH
    "\"\n"
    ".global qt_tagger_blob_end\n"
    "qt_tagger_blob_end:\n"
    ".byte 0\n"
    ".popsection\n");
extern "C" const unsigned char qt_tagger_blob[];
extern "C" const unsigned char qt_tagger_blob_end[];

namespace qt::detect_internal {
namespace {

// A feature value: the 64-bit hash of its text. Words, shapes and rule roles
// are hashed once per token; a feature id mixes the template with one or two
// values (no string is built or hashed twice).
struct Hv {
  std::uint64_t v = 0;
  Hv() = default;
  Hv(std::string_view s) : v(XXH3_64bits(s.data(), s.size())) {}  // NOLINT: implicit on purpose
  Hv(const char* s) : Hv(std::string_view(s)) {}                  // NOLINT
  static Hv Raw(std::uint64_t x) {
    Hv h;
    h.v = x;
    return h;
  }
};

// Feature id of template `tpl` with value `a` (and `b`).
std::uint32_t F(std::uint8_t tpl, Hv a, Hv b = Hv::Raw(0)) {
  std::uint64_t h = a.v * 0x9E3779B97F4A7C15ull;
  h ^= (b.v + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
  h ^= (static_cast<std::uint64_t>(tpl) + 1) * 0x165667B19E3779F9ull;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 32;
  return static_cast<std::uint32_t>(h) & kFeatureMask;
}

std::string_view Bucket(std::size_t d) {
  static constexpr std::string_view kB[] = {"0", "1", "2", "3", "4-5", "6-8", "9-13", "14+"};
  if (d <= 3) return kB[d];
  if (d <= 5) return kB[4];
  if (d <= 8) return kB[5];
  if (d <= 13) return kB[6];
  return kB[7];
}

std::string_view RateBucket(float r) {
  if (r <= 0.0f) return "0";
  if (r < 0.05f) return "a";
  if (r < 0.15f) return "b";
  if (r < 0.3f) return "c";
  if (r < 0.5f) return "d";
  if (r < 0.7f) return "e";
  return "f";
}

// The word's shape ("Xxx", "dd.d"), from its lower form; tokens keep only
// that, so the leading capital comes from `cap`.
std::string Shape(const Token& t) {
  if (t.kind == TokenKind::kMark) return t.in_quote ? "M+" : "M-";
  if (t.kind == TokenKind::kPunct) return t.lower.substr(0, 3);
  std::string s;
  for (unsigned char c : t.lower) {
    char k = std::isdigit(c)   ? 'd'
             : std::isupper(c) ? 'X'
             : std::islower(c) ? 'x'
             : c >= 0x80       ? 'u'
                               : static_cast<char>(c);
    if (s.size() >= 2 && s.back() == k && s[s.size() - 2] == k) continue;
    s.push_back(k);
    if (s.size() >= 6) break;
  }
  if (t.cap && !s.empty() && s[0] == 'x') s[0] = 'X';
  return s;
}

constexpr std::string_view kRule[] = {"-", "C", "Q", "S", "D"};

bool CueLike(const Token& t, float rate) {
  return t.kind == TokenKind::kWord &&
         (rate >= 0.2f || lex::IsSpeechVerb(t.lower) || t.lower == "according");
}

}  // namespace

void UnitFeatures(const TagDoc& doc, std::size_t a, std::size_t b,
                  std::vector<std::uint32_t>& feats, std::vector<std::uint32_t>& offs) {
  feats.clear();
  offs.clear();
  const std::size_t n = b - a;
  std::vector<float> rate(n);
  std::vector<std::string> shape(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Token& t = doc.tokens[a + i];
    rate[i] = t.kind == TokenKind::kWord ? lex::CueRate(t.lower) : 0.0f;
    shape[i] = Shape(t);
  }
  // Nearest cue-like word on each side within the sentence.
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> left(n, kNone), right(n, kNone);
  for (std::size_t i = 0, last = kNone; i < n; ++i) {
    if (i > 0 && doc.sentence[a + i] != doc.sentence[a + i - 1]) last = kNone;
    left[i] = last;
    if (CueLike(doc.tokens[a + i], rate[i])) last = i;
  }
  for (std::size_t i = n, next = kNone; i-- > 0;) {
    if (i + 1 < n && doc.sentence[a + i] != doc.sentence[a + i + 1]) next = kNone;
    right[i] = next;
    if (CueLike(doc.tokens[a + i], rate[i])) next = i;
  }
  // Sentence extent (within the unit) and whether it holds quote marks.
  std::vector<std::size_t> sent_first(n), sent_last(n);
  std::vector<bool> sent_marks(n, false);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    bool marks = false;
    while (j < n && doc.sentence[a + j] == doc.sentence[a + i]) {
      marks = marks || doc.tokens[a + j].is_mark;
      ++j;
    }
    for (std::size_t k = i; k < j; ++k) {
      sent_first[k] = i;
      sent_last[k] = j - 1;
      sent_marks[k] = marks;
    }
    i = j;
  }
  // Per sentence: its strongest cue word. Prefix counts of commas and "that".
  std::vector<std::size_t> strongest(n, kNone);
  for (std::size_t i = 0; i < n;) {
    std::size_t best = kNone;
    for (std::size_t k = sent_first[i]; k <= sent_last[i]; ++k)
      if (rate[k] > 0.0f && (best == kNone || rate[k] > rate[best])) best = k;
    for (std::size_t k = sent_first[i]; k <= sent_last[i]; ++k) strongest[k] = best;
    i = sent_last[i] + 1;
  }
  std::vector<std::uint32_t> commas(n + 1, 0), thats(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    commas[i + 1] = commas[i] + (doc.tokens[a + i].lower == "," ? 1u : 0u);
    thats[i + 1] = thats[i] + (doc.tokens[a + i].lower == "that" ? 1u : 0u);
  }
  auto word_text = [&](std::size_t i) -> std::string_view {
    std::string_view w = doc.tokens[a + i].lower;
    return w.size() > 24 ? w.substr(0, 24) : w;
  };
  // Hashes of each token's word, shape and rule role, computed once.
  static const Hv kStart("<s>"), kEnd("</s>"), kEdge("|");
  static const Hv kRuleHash[] = {kRule[0], kRule[1], kRule[2], kRule[3], kRule[4]};
  std::vector<Hv> word_h(n), shape_h(n);
  for (std::size_t i = 0; i < n; ++i) {
    word_h[i] = Hv(word_text(i));
    shape_h[i] = Hv(shape[i]);
  }
  auto word = [&](std::ptrdiff_t i) -> Hv {
    if (i < 0) return kStart;
    if (static_cast<std::size_t>(i) >= n) return kEnd;
    return word_h[static_cast<std::size_t>(i)];
  };
  auto shp = [&](std::ptrdiff_t i) -> Hv {
    if (i < 0) return kStart;
    if (static_cast<std::size_t>(i) >= n) return kEnd;
    return shape_h[static_cast<std::size_t>(i)];
  };
  auto rule = [&](std::ptrdiff_t i) -> Hv {
    if (i < 0 || static_cast<std::size_t>(i) >= n) return kEdge;
    return kRuleHash[doc.rule[a + static_cast<std::size_t>(i)]];
  };
  feats.reserve(n * 52);
  offs.reserve(n + 1);
  for (std::size_t i = 0; i < n; ++i) {
    offs.push_back(static_cast<std::uint32_t>(feats.size()));
    const Token& t = doc.tokens[a + i];
    const auto si = static_cast<std::ptrdiff_t>(i);
    const Hv w = word(si);
    const std::string_view wt = word_text(i);
    static const Hv kBias("bias");
    feats.push_back(F(0, kBias));
    feats.push_back(F(1, w));
    feats.push_back(F(2, word(si - 1)));
    feats.push_back(F(3, word(si + 1)));
    feats.push_back(F(4, word(si - 2)));
    feats.push_back(F(5, word(si + 2)));
    feats.push_back(F(6, word(si - 1), w));
    feats.push_back(F(7, w, word(si + 1)));
    if (wt.size() > 3) feats.push_back(F(8, wt.substr(wt.size() - 3)));
    if (wt.size() > 2) feats.push_back(F(9, wt.substr(wt.size() - 2)));
    feats.push_back(F(10, shp(si)));
    feats.push_back(F(11, shp(si - 1), shp(si)));
    feats.push_back(F(12, shp(si), shp(si + 1)));
    feats.push_back(F(13, RateBucket(rate[i]), lex::IsSpeechVerb(t.lower) ? "v" : "-"));
    feats.push_back(F(14, i > 0 ? RateBucket(rate[i - 1]) : "<s>"));
    feats.push_back(F(15, i + 1 < n ? RateBucket(rate[i + 1]) : "</s>"));
    feats.push_back(
        F(16, t.in_quote ? "q" : "-", i > 0 && doc.tokens[a + i - 1].in_quote ? "q" : "-"));
    feats.push_back(F(17, rule(si)));
    feats.push_back(F(18, rule(si - 1), rule(si)));
    feats.push_back(F(19, rule(si), rule(si + 1)));
    feats.push_back(F(20, rule(si), w));
    const std::size_t from_start = i - sent_first[i];
    const std::size_t to_end = sent_last[i] - i;
    feats.push_back(F(21, Bucket(from_start)));
    feats.push_back(F(22, Bucket(to_end)));
    feats.push_back(F(23, sent_marks[i] ? "m" : "-"));
    feats.push_back(F(24, doc.sentence[a + i] == doc.sentence[a] ? "first" : "later"));
    if (left[i] != kNone) {
      const Hv cw = word(static_cast<std::ptrdiff_t>(left[i]));
      feats.push_back(F(25, Bucket(i - left[i])));
      feats.push_back(F(26, cw));
      feats.push_back(F(27, cw, Bucket(i - left[i])));
      feats.push_back(F(28, RateBucket(rate[left[i]]), Bucket(i - left[i])));
      const bool comma = commas[i] > commas[left[i] + 1];
      feats.push_back(F(29, comma ? "," : "-", Bucket(i - left[i])));
    } else {
      feats.push_back(F(25, "none"));
    }
    if (right[i] != kNone) {
      const Hv cw = word(static_cast<std::ptrdiff_t>(right[i]));
      feats.push_back(F(30, Bucket(right[i] - i)));
      feats.push_back(F(31, cw));
      feats.push_back(F(32, cw, Bucket(right[i] - i)));
      feats.push_back(F(33, RateBucket(rate[right[i]]), Bucket(right[i] - i)));
    } else {
      feats.push_back(F(30, "none"));
    }
    if (lex::IsPronoun(t.lower)) feats.push_back(F(34, "pron"));
    if (t.cap && lex::IsHonorific(t.lower)) feats.push_back(F(34, "hon"));
    if (left[i] != kNone && left[i] + 1 == i) feats.push_back(F(35, "after-cue", w));
    // The sentence's strongest cue word and which side of this token it is on.
    {
      const std::size_t best = strongest[i];
      if (best != kNone) {
        std::string_view side = best < i ? "L" : best > i ? "R" : "=";
        std::size_t dist = best < i ? i - best : best - i;
        feats.push_back(F(37, word(static_cast<std::ptrdiff_t>(best)), side));
        feats.push_back(F(38, RateBucket(rate[best]), side));
        feats.push_back(F(39, side, Bucket(dist)));
      } else {
        feats.push_back(F(37, "none"));
      }
    }
    feats.push_back(F(40, shp(si - 1), Hv::Raw(shp(si).v * 31 + shp(si + 1).v)));
    feats.push_back(F(41, word(si - 1), word(si + 1)));
    if (left[i] != kNone) {
      const std::size_t between = commas[i] - commas[left[i] + 1];
      const bool that = thats[i] > thats[left[i] + 1];
      feats.push_back(F(42, Bucket(between), that ? "that" : "-"));
      feats.push_back(F(43, rule(si - 1), Bucket(i - left[i])));
    }
    if (right[i] != kNone) {
      std::size_t r = right[i];
      bool comma_before = r > 0 && doc.tokens[a + r - 1].lower == ",";
      feats.push_back(F(44, comma_before ? "," : "-", Bucket(r - i)));
      feats.push_back(F(45, word(static_cast<std::ptrdiff_t>(r)), comma_before ? "," : "-"));
    }
    if (from_start == 0) feats.push_back(F(46, w));
    if (right[i] != kNone && right[i] == i + 1) feats.push_back(F(36, "before-cue", w));
  }
  offs.push_back(static_cast<std::uint32_t>(feats.size()));
}

std::vector<std::uint8_t> TagModel::Decode(const std::vector<std::uint32_t>& feats,
                                           const std::vector<std::uint32_t>& offs) const {
  const std::size_t n = offs.empty() ? 0 : offs.size() - 1;
  std::vector<std::uint8_t> out(n, kO);
  if (n == 0 || empty()) return out;
  std::vector<float> score(n * kNumTags);
  std::vector<std::uint8_t> back(n * kNumTags);
  float emit[kStride];
  const bool quantised = !q.empty();
  for (std::size_t i = 0; i < n; ++i) {
    // The rows are scattered over a few MB: ask for the next token's early.
    if (i + 1 < n)
      for (std::uint32_t k = offs[i + 1]; k < offs[i + 2]; ++k) {
        const std::size_t at = static_cast<std::size_t>(feats[k]) * kStride;
        __builtin_prefetch(quantised ? static_cast<const void*>(&q[at])
                                     : static_cast<const void*>(&w[at]));
      }
    if (quantised) {
      std::int32_t acc[kStride] = {};
      for (std::uint32_t k = offs[i]; k < offs[i + 1]; ++k) {
        const std::int16_t* row = &q[static_cast<std::size_t>(feats[k]) * kStride];
        for (int t = 0; t < kStride; ++t) acc[t] += row[t];
      }
      for (int t = 0; t < kStride; ++t) emit[t] = static_cast<float>(acc[t]) * scale;
    } else {
      std::fill(emit, emit + kStride, 0.0f);
      for (std::uint32_t k = offs[i]; k < offs[i + 1]; ++k) {
        const float* row = &w[static_cast<std::size_t>(feats[k]) * kStride];
        for (int t = 0; t < kStride; ++t) emit[t] += row[t];
      }
    }
    for (int t = 0; t < kNumTags; ++t) {
      float best = -std::numeric_limits<float>::infinity();
      std::uint8_t arg = 0;
      if (i == 0) {
        best = trans[kNumTags * kNumTags + static_cast<std::size_t>(t)];
      } else {
        for (int p = 0; p < kNumTags; ++p) {
          float s = score[(i - 1) * kNumTags + static_cast<std::size_t>(p)] +
                    trans[static_cast<std::size_t>(p * kNumTags + t)];
          if (s > best) {
            best = s;
            arg = static_cast<std::uint8_t>(p);
          }
        }
      }
      score[i * kNumTags + static_cast<std::size_t>(t)] = best + emit[t];
      back[i * kNumTags + static_cast<std::size_t>(t)] = arg;
    }
  }
  std::uint8_t cur = 0;
  float best = -std::numeric_limits<float>::infinity();
  for (int t = 0; t < kNumTags; ++t) {
    if (score[(n - 1) * kNumTags + static_cast<std::size_t>(t)] > best) {
      best = score[(n - 1) * kNumTags + static_cast<std::size_t>(t)];
      cur = static_cast<std::uint8_t>(t);
    }
  }
  for (std::size_t i = n; i-- > 0;) {
    out[i] = cur;
    cur = back[i * kNumTags + cur];
  }
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

std::size_t TagModel::ParsePrefix(const unsigned char* data, std::size_t size) {
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
  p += nt * sizeof(float);
  w.clear();
  scale = stored_scale;
  q.assign(static_cast<std::size_t>(1u << kFeatureBits) * kStride, 0);
  for (std::size_t i = 0; i < nw; ++i)
    std::memcpy(&q[(i / kNumTags) * kStride + i % kNumTags], p + 2 * i, 2);
  return need;
}

std::vector<std::uint8_t> Tagger::Tag(const TagDoc& doc, std::size_t a, std::size_t b) const {
  std::vector<std::uint32_t> feats, offs;
  UnitFeatures(doc, a, b, feats, offs);
  std::vector<std::uint8_t> tags = first.Decode(feats, offs);
  if (second.empty()) return tags;
  std::vector<std::uint32_t> feats2, offs2;
  StackedFeatures(feats, offs, tags, feats2, offs2);
  return second.Decode(feats2, offs2);
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
    std::size_t used = t.first.ParsePrefix(qt_tagger_blob, size);
    if (used == 0) return Tagger{};
    if (t.second.ParsePrefix(qt_tagger_blob + used, size - used) == 0) t.second = TagModel{};
    return t;
  }();
  return tagger;
}

void StackedFeatures(const std::vector<std::uint32_t>& feats,
                     const std::vector<std::uint32_t>& offs, const std::vector<std::uint8_t>& first,
                     std::vector<std::uint32_t>& out_feats, std::vector<std::uint32_t>& out_offs) {
  static constexpr std::string_view kTag[] = {"O", "BC", "IC", "BQ", "IQ", "BS", "IS"};
  const std::size_t n = first.size();
  out_feats.clear();
  out_offs.clear();
  static const Hv kTagHash[] = {kTag[0], kTag[1], kTag[2], kTag[3], kTag[4], kTag[5], kTag[6]};
  static const Hv kStart("<s>"), kEnd("</s>");
  auto tag = [&](std::ptrdiff_t i) -> Hv {
    if (i < 0) return kStart;
    if (static_cast<std::size_t>(i) >= n) return kEnd;
    return kTagHash[first[static_cast<std::size_t>(i)]];
  };
  out_feats.reserve(feats.size() + n * 12);
  out_offs.reserve(n + 1);
  // Runs of the first pass: length and position of each token in its run,
  // and the distance to the nearest cue run on each side.
  std::vector<std::size_t> run_len(n, 0), run_pos(n, 0);
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
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> cue_left(n, kNone), cue_right(n, kNone);
  for (std::size_t i = 0, last = kNone; i < n; ++i) {
    cue_left[i] = last;
    if (SpanKind(first[i]) == kBCue) last = i;
  }
  for (std::size_t i = n, next = kNone; i-- > 0;) {
    cue_right[i] = next;
    if (SpanKind(first[i]) == kBCue) next = i;
  }
  for (std::size_t i = 0; i < n; ++i) {
    out_offs.push_back(static_cast<std::uint32_t>(out_feats.size()));
    out_feats.insert(out_feats.end(), feats.begin() + offs[i], feats.begin() + offs[i + 1]);
    const auto si = static_cast<std::ptrdiff_t>(i);
    out_feats.push_back(F(100, tag(si)));
    out_feats.push_back(F(101, tag(si - 1)));
    out_feats.push_back(F(102, tag(si + 1)));
    out_feats.push_back(F(103, tag(si - 2)));
    out_feats.push_back(F(104, tag(si + 2)));
    out_feats.push_back(F(105, tag(si - 1), tag(si)));
    out_feats.push_back(F(106, tag(si), tag(si + 1)));
    const std::string_view pos = run_pos[i] == 0                ? "first"
                                 : run_pos[i] + 1 == run_len[i] ? "last"
                                                                : "mid";
    out_feats.push_back(F(107, tag(si), pos));
    out_feats.push_back(F(108, tag(si), Bucket(run_len[i])));
    out_feats.push_back(F(109, cue_left[i] == kNone ? "none" : Bucket(i - cue_left[i])));
    out_feats.push_back(F(110, cue_right[i] == kNone ? "none" : Bucket(cue_right[i] - i)));
    // The first pass's view combined with the token's own first features
    // (its word is feature 1 of the base list).
    if (offs[i] + 1 < offs[i + 1]) {
      out_feats.push_back(F(111, tag(si), Hv::Raw(feats[offs[i] + 1])));
    }
  }
  out_offs.push_back(static_cast<std::uint32_t>(out_feats.size()));
}

}  // namespace qt::detect_internal
