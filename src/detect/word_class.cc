#include "word_class.h"

#include <cstring>
#include <vector>

#include "util/embed_blob.h"

// Built from WordNet by tools/wordnet/make_classes.cc (cmake/word_classes.cmake).
#ifndef QT_WORD_CLASSES_PATH
#error "QT_WORD_CLASSES_PATH must name the generated word-class table"
#endif
QT_EMBED_BLOB(qt_word_classes_blob, QT_WORD_CLASSES_PATH);

namespace qt::detect_internal {
namespace {

constexpr std::size_t kHeader = 12;  // "QTWC0001", u32 count
constexpr std::size_t kEntry = 16;   // u32 offset, u8 noun, u8 verb, u16 length, u64 mask

std::uint32_t Load32(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

// The first two bytes of a word (0 for a missing second byte): entries
// sorted by bytes are sorted by this key too.
unsigned BucketKey(std::string_view w) {
  return static_cast<unsigned>(static_cast<unsigned char>(w[0])) << 8 |
         (w.size() > 1 ? static_cast<unsigned char>(w[1]) : 0u);
}

struct Table {
  const unsigned char* entries = nullptr;
  const char* pool = nullptr;
  std::size_t count = 0;
  // bucket[k] .. bucket[k + 1]: the entries whose key is k, so that a
  // look-up searches a few entries (ClassOf runs once per new word type,
  // up to 17 look-ups each with WordNet's detachment rules).
  std::vector<std::uint32_t> bucket;

  std::string_view Word(const unsigned char* e) const {
    return {pool + Load32(e), static_cast<std::size_t>(e[6] | e[7] << 8)};
  }

  static const Table& Get() {
    static const Table t = [] {
      Table r;
      const auto size = static_cast<std::size_t>(qt_word_classes_blob_end - qt_word_classes_blob);
      if (size < kHeader || std::memcmp(qt_word_classes_blob, "QTWC0001", 8) != 0) return r;
      const std::size_t n = Load32(qt_word_classes_blob + 8);
      if (size < kHeader + n * kEntry) return r;
      r.entries = qt_word_classes_blob + kHeader;
      r.pool = reinterpret_cast<const char*>(r.entries + n * kEntry);
      r.count = n;
      r.bucket.assign((1u << 16) + 1, 0);
      std::size_t i = 0;
      for (unsigned k = 0; k < (1u << 16); ++k) {
        r.bucket[k] = static_cast<std::uint32_t>(i);
        while (i < n) {
          const std::string_view w = r.Word(r.entries + i * kEntry);
          if (w.empty() || BucketKey(w) != k) break;
          ++i;
        }
      }
      r.bucket[1u << 16] = static_cast<std::uint32_t>(n);
      return r;
    }();
    return t;
  }

  // The entry of exactly `w`, or nullptr.
  const unsigned char* Find(std::string_view w) const {
    if (w.empty() || count == 0) return nullptr;
    const unsigned k = BucketKey(w);
    std::size_t lo = bucket[k], hi = bucket[k + 1];
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      const unsigned char* e = entries + mid * kEntry;
      const int c = Word(e).compare(w);
      if (c == 0) return e;
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return nullptr;
  }
};

std::uint64_t MaskOf(const unsigned char* e) {
  return static_cast<std::uint64_t>(Load32(e + 8)) | static_cast<std::uint64_t>(Load32(e + 12))
                                                         << 32;
}

// WordNet's detachment rules (morphy) for nouns and verbs: suffix -> ending.
struct Rule {
  std::string_view suffix, ending;
};
constexpr Rule kNounRules[] = {{"s", ""},      {"ses", "s"},   {"xes", "x"},   {"zes", "z"},
                               {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}};
constexpr Rule kVerbRules[] = {{"s", ""},   {"ies", "y"}, {"es", "e"},  {"es", ""},
                               {"ed", "e"}, {"ed", ""},   {"ing", "e"}, {"ing", ""}};

// The first base form of `w` by `rules` that has a sense of the part of
// speech at byte `pos_at` of the entry (4: noun, 5: verb).
const unsigned char* BaseForm(const Table& t, std::string_view w, const Rule* rules,
                              std::size_t n_rules, std::size_t pos_at) {
  char buf[64];
  for (std::size_t k = 0; k < n_rules; ++k) {
    const Rule& r = rules[k];
    if (w.size() <= r.suffix.size() || !w.ends_with(r.suffix)) continue;
    const std::size_t stem = w.size() - r.suffix.size();
    if (stem + r.ending.size() > sizeof buf) continue;
    std::memcpy(buf, w.data(), stem);
    std::memcpy(buf + stem, r.ending.data(), r.ending.size());
    const unsigned char* e = t.Find(std::string_view(buf, stem + r.ending.size()));
    if (e != nullptr && e[pos_at] != WordClass::kNone) return e;
  }
  return nullptr;
}

}  // namespace

WordClass ClassOf(std::string_view lower) {
  const Table& t = Table::Get();
  WordClass c;
  if (t.count == 0 || lower.empty() || lower.size() > 48) return c;
  const unsigned char* e = t.Find(lower);
  if (e != nullptr) {
    c.noun = e[4];
    c.verb = e[5];
    c.mask = MaskOf(e);
  }
  if (c.noun == WordClass::kNone) {
    if (const unsigned char* b = BaseForm(t, lower, kNounRules, std::size(kNounRules), 4)) {
      c.noun = b[4];
      c.mask |= MaskOf(b);
    }
  }
  if (c.verb == WordClass::kNone) {
    if (const unsigned char* b = BaseForm(t, lower, kVerbRules, std::size(kVerbRules), 5)) {
      c.verb = b[5];
      c.mask |= MaskOf(b);
    }
  }
  return c;
}

bool WordClassesAvailable() { return Table::Get().count > 0; }

}  // namespace qt::detect_internal
