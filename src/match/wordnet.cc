#include "match/wordnet.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "match/wordnet_blob.h"
#include "util/embed_blob.h"

#ifndef QT_WORDNET_DIR
#define QT_WORDNET_DIR "/usr/share/wordnet"
#endif

// WordNet's tables as built from the WordNet found at build time
// (tools/wordnet/make_blob.cc, wordnet_blob.h); an empty file when the
// build found none, and the files in QT_WORDNET_DIR are then read at run
// time instead.
#ifndef QT_WORDNET_BLOB_PATH
#error "QT_WORDNET_BLOB_PATH must name the generated WordNet blob"
#endif
QT_EMBED_BLOB(qt_wordnet_blob, QT_WORDNET_BLOB_PATH);

namespace qt::match_internal {
namespace {

using SynsetId = std::uint64_t;  // pos index << 32 | byte offset in data.<pos>

struct WordNet {
  bool loaded = false;
  // The blob built at run time when the build embedded none.
  std::string owned;
  wordnet_blob::View view;

  void Load(unsigned threads) {
    if (view.Open(EmbeddedWordNetBlob())) {
      loaded = true;
      return;
    }
    owned = wordnet_blob::Build(QT_WORDNET_DIR, threads);
    loaded = view.Open(owned);
  }

  // WordNet's "morphy": base forms of `w` in part of speech `p` found in the index.
  void BaseForms(std::string_view w, int p, std::vector<wordnet_blob::List>& out) const {
    auto add = [&](std::string_view base) {
      wordnet_blob::List l;
      if (view.Lemma(p, base, &l)) out.push_back(l);
    };
    add(w);
    const wordnet_blob::List exc = view.Exceptions(p, w);
    for (std::uint32_t k = 0; k < exc.size(); k += 2) add(view.Str(exc[k], exc[k + 1]));
    struct Rule {
      std::string_view suf, rep;
    };
    static constexpr Rule kNoun[] = {{"s", ""},      {"ses", "s"},   {"xes", "x"},   {"zes", "z"},
                                     {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}};
    static constexpr Rule kVerb[] = {{"s", ""},   {"ies", "y"}, {"es", "e"},  {"es", ""},
                                     {"ed", "e"}, {"ed", ""},   {"ing", "e"}, {"ing", ""}};
    static constexpr Rule kAdj[] = {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}};
    std::span<const Rule> rules;
    if (p == 0) rules = kNoun;
    if (p == 1) rules = kVerb;
    if (p == 2) rules = kAdj;
    char buf[80];  // LookupSenses passes words of at most 64 bytes
    for (const Rule& r : rules) {
      if (w.size() > r.suf.size() + 1 && w.ends_with(r.suf)) {
        const std::size_t stem = w.size() - r.suf.size();
        if (stem + r.rep.size() > sizeof buf) continue;
        std::memcpy(buf, w.data(), stem);
        std::memcpy(buf + stem, r.rep.data(), r.rep.size());
        add(std::string_view(buf, stem + r.rep.size()));
      }
    }
  }

  std::vector<SynsetId> Synsets(std::string_view w) const {
    std::vector<wordnet_blob::List> lists;
    for (int p = 0; p < 4; ++p) BaseForms(w, p, lists);
    std::vector<SynsetId> out;
    for (const auto& l : lists) {
      for (std::uint32_t k = 0; k < l.size(); ++k) out.push_back(wordnet_blob::Unpack(l[k]));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
};

// Threads the first Get() loads with (LoadWordNet).
std::atomic<unsigned> load_threads{1};

const WordNet& Get() {
  static WordNet* wn = [] {
    auto* w = new WordNet();
    try {
      w->Load(load_threads.load());
    } catch (...) {
      w->loaded = false;
    }
    return w;
  }();
  return *wn;
}

bool Intersects(const std::vector<SynsetId>& a, const std::vector<SynsetId>& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) return true;
    if (a[i] < b[j])
      ++i;
    else
      ++j;
  }
  return false;
}

}  // namespace

bool WordNetAvailable() { return Get().loaded; }

std::string_view EmbeddedWordNetBlob() {
  return {reinterpret_cast<const char*>(qt_wordnet_blob),
          static_cast<std::size_t>(qt_wordnet_blob_end - qt_wordnet_blob)};
}

const char* WordNetDir() { return QT_WORDNET_DIR; }

void LoadWordNet(unsigned threads) {
  load_threads.store(threads);
  Get();
}

namespace {

void Signature(const std::vector<SynsetId>& ids, std::uint64_t* sig) {
  for (SynsetId id : ids) {
    const std::uint64_t bit = (id * 0x9E3779B97F4A7C15ULL) >> 55;  // 0..511
    sig[bit >> 6] |= std::uint64_t{1} << (bit & 63);
  }
}

bool SigOverlap(const std::uint64_t* a, const std::uint64_t* b) {
  std::uint64_t any = 0;
  for (std::size_t k = 0; k < WordSenses::kSigWords; ++k) any |= a[k] & b[k];
  return any != 0;
}

std::shared_ptr<const WordSenses> ComputeSenses(const WordNet& wn, std::string_view w) {
  static std::atomic<std::uint32_t> next_id{1};
  auto s = std::make_shared<WordSenses>();
  s->id = next_id.fetch_add(1, std::memory_order_relaxed);
  s->synsets = wn.Synsets(w);
  if (s->synsets.empty()) return nullptr;
  // The synsets `links` ties to any of the word's synsets, added to `out`,
  // which is then sorted without repeats.
  auto add_linked = [&s, &wn](int table, std::vector<SynsetId>& out) {
    thread_local std::vector<wordnet_blob::List> lists;
    lists.clear();
    std::size_t total = out.size();
    for (SynsetId id : s->synsets) {
      lists.push_back(wn.view.Links(table, wordnet_blob::Pack(id)));
      total += lists.back().size();
    }
    out.reserve(total);  // one allocation, not one per doubling
    for (const wordnet_blob::List& l : lists) {
      for (std::uint32_t k = 0; k < l.size(); ++k) out.push_back(wordnet_blob::Unpack(l[k]));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  };
  add_linked(wordnet_blob::kRelated, s->expanded);
  add_linked(wordnet_blob::kRelatedFrom, s->linked_from);
  Signature(s->synsets, s->synsets_sig);
  Signature(s->expanded, s->expanded_sig);
  s->loose.reserve(s->synsets.size() + s->expanded.size());
  s->loose = s->synsets;
  s->loose.insert(s->loose.end(), s->expanded.begin(), s->expanded.end());
  add_linked(wordnet_blob::kVerbHypernyms, s->loose);
  Signature(s->loose, s->loose_sig);
  return s;
}

}  // namespace

std::shared_ptr<const WordSenses> LookupSenses(std::string_view folded) {
  const WordNet& wn = Get();
  if (!wn.loaded || folded.empty() || folded.size() > 64) return nullptr;
  // One memo shared by every thread, bounded (cleared when full) so that a
  // stream of novel words cannot grow it without limit: each word's senses
  // are computed once per process, not once per extraction worker and
  // again on the store writer (at -j2 the workers computed the writer's
  // words again: 30% more WordNet samples than at -j1). Senses are a pure
  // function of the word; only their `id` (a memo key) depends on which
  // thread computed them first. There is no per-thread level in front of
  // it: the comparison's words come from Tokenize's per-thread word cache,
  // which asks once per distinct word, so such a level cost an insertion
  // per word and almost never answered.
  constexpr std::size_t kMaxCached = 1 << 18;
  using Memo = std::unordered_map<std::string, std::shared_ptr<const WordSenses>>;
  std::string key(folded);
  static std::shared_mutex shared_mu;
  static Memo shared;
  std::shared_ptr<const WordSenses> senses;
  {
    std::shared_lock<std::shared_mutex> lock(shared_mu);
    if (auto it = shared.find(key); it != shared.end()) return it->second;
  }
  senses = ComputeSenses(wn, key);
  std::unique_lock<std::shared_mutex> lock(shared_mu);
  if (shared.size() >= kMaxCached) shared.clear();
  // Another thread may have computed the word meanwhile: one entry wins.
  senses = shared.try_emplace(std::move(key), senses).first->second;
  return senses;
}

namespace {

bool ComputeRelated(const WordSenses* a, const WordSenses* b) {
  if (SigOverlap(a->synsets_sig, b->synsets_sig) && Intersects(a->synsets, b->synsets)) return true;
  if (SigOverlap(a->expanded_sig, b->synsets_sig) && Intersects(a->expanded, b->synsets)) {
    return true;
  }
  return SigOverlap(b->expanded_sig, a->synsets_sig) && Intersects(b->expanded, a->synsets);
}

}  // namespace

bool SensesRelated(const WordSenses* a, const WordSenses* b) {
  if (a == nullptr || b == nullptr) return false;
  if (a == b) return true;
  // Most pairs share no signature bit at all: answered without the memo
  // (a lookup in it is a likely cache miss, the signatures are at hand).
  std::uint64_t any = 0;
  for (std::size_t k = 0; k < WordSenses::kSigWords; ++k) {
    any |= b->synsets_sig[k] & (a->synsets_sig[k] | a->expanded_sig[k]);
    any |= a->synsets_sig[k] & b->expanded_sig[k];
  }
  if (any == 0) return false;
  // A direct-mapped per-thread cache keyed by the two entries' unique ids
  // (ids are never reused, so an entry cannot go stale).
  struct Slot {
    std::uint64_t key = 0;  // 0: empty (ids start at 1)
    bool related = false;
  };
  // 2^17 slots (2 MiB): at 2^15, 61% of the lookups past the signature
  // test missed on PolNeAR train (2.57M of 4.25M) and intersected the
  // synset lists again.
  constexpr int kSlotBits = 17;
  constexpr std::size_t kSlots = std::size_t{1} << kSlotBits;
  thread_local std::unique_ptr<Slot[]> memo(new Slot[kSlots]);
  const std::uint64_t key = (std::uint64_t{a->id} << 32) | b->id;
  Slot& slot = memo[(key * 0x9E3779B97F4A7C15ULL) >> (64 - kSlotBits)];
  if (slot.key == key) return slot.related;
  slot.key = key;
  slot.related = ComputeRelated(a, b);
  return slot.related;
}

bool LooselyRelated(const WordSenses* a, const WordSenses* b) {
  if (a == nullptr || b == nullptr) return false;
  if (a == b) return true;
  return SigOverlap(a->loose_sig, b->loose_sig) && Intersects(a->loose, b->loose);
}

bool WordNetRelated(std::string_view a, std::string_view b) {
  const WordNet& wn = Get();
  if (!wn.loaded || a.empty() || b.empty()) return false;
  if (a == b) return true;
  const auto sa = LookupSenses(a);
  if (!sa) return false;
  const auto sb = LookupSenses(b);
  return SensesRelated(sa.get(), sb.get());
}

}  // namespace qt::match_internal
