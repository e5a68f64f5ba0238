#include "match/wordnet.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <memory>
#include <exception>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <thread>
#include <vector>

#ifndef QT_WORDNET_DIR
#define QT_WORDNET_DIR "/usr/share/wordnet"
#endif

namespace qt::match_internal {
namespace {

using SynsetId = std::uint64_t;  // pos index << 32 | byte offset in data.<pos>

constexpr const char* kPos[] = {"noun", "verb", "adj", "adv"};

int PosIndex(char c) {
  switch (c) {
    case 'n':
      return 0;
    case 'v':
      return 1;
    case 'a':
    case 's':
      return 2;
    case 'r':
      return 3;
  }
  return -1;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) return false;
  out->resize(static_cast<std::size_t>(size));
  in.seekg(0);
  in.read(out->data(), size);
  return static_cast<bool>(in);
}

template <typename Fn>
void ForEachLine(std::string_view text, Fn fn) {
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    if (nl == std::string_view::npos) nl = text.size();
    fn(text.substr(0, nl));
    text.remove_prefix(std::min(text.size(), nl + 1));
  }
}

// Space-separated fields of one line.
class Fields {
 public:
  explicit Fields(std::string_view line) : rest_(line) {}
  bool Done() const { return rest_.find_first_not_of(' ') == std::string_view::npos; }
  // The next field, or "" at the end.
  std::string_view Next() {
    const std::size_t b = rest_.find_first_not_of(' ');
    if (b == std::string_view::npos) {
      rest_ = {};
      return {};
    }
    std::size_t e = rest_.find(' ', b);
    if (e == std::string_view::npos) e = rest_.size();
    const std::string_view f = rest_.substr(b, e - b);
    rest_.remove_prefix(e);
    return f;
  }
  // The next field as a number (0 if it is not one).
  std::uint64_t Number(int base = 10) {
    const std::string_view f = Next();
    std::uint64_t v = 0;
    std::from_chars(f.data(), f.data() + f.size(), v, base);
    return v;
  }

 private:
  std::string_view rest_;
};

struct WordNet {
  bool loaded = false;
  // lemma -> synsets, per part of speech merged.
  std::unordered_map<std::string, std::vector<SynsetId>> lemma[4];
  // inflected form -> base forms (from the *.exc files).
  std::unordered_map<std::string, std::vector<std::string>> exceptions[4];
  // synset -> directly related synsets.
  std::unordered_map<SynsetId, std::vector<SynsetId>> related;
  // The same links reversed: synset -> the synsets `related` ties to it.
  std::unordered_map<SynsetId, std::vector<SynsetId>> related_from;
  // verb synset -> its hypernyms (LooselyRelated only).
  std::unordered_map<SynsetId, std::vector<SynsetId>> verb_hypernyms;

  // Reads the files whole and splits them by hand: istringstream parsing of
  // the 30 MB of data files was most of the load (2.5G instructions).
  // The index and exception files (lemma, exceptions) and the data files
  // (related, verb_hypernyms) fill separate tables, so with `threads` > 1
  // the two halves load at once (about 0.2 and 0.3 G instructions).
  void Load(unsigned threads) {
    std::exception_ptr data_error;
    std::thread data;
    if (threads > 1) {
      try {
        data = std::thread([&] {
          try {
            LoadData();
          } catch (...) {
            data_error = std::current_exception();
          }
        });
      } catch (const std::system_error&) {
        // No thread to be had: loaded on this one, as below.
      }
    }
    if (data.joinable()) {
      bool index_ok = false;
      try {
        index_ok = LoadIndex();
      } catch (...) {
        data.join();
        throw;
      }
      data.join();
      if (data_error) std::rethrow_exception(data_error);
      loaded = index_ok;
      return;
    }
    // One thread: the data files are not read when an index file is missing.
    if (!LoadIndex()) return;
    LoadData();
    loaded = true;
  }

  // False when an index file is missing (WordNet is then unavailable).
  bool LoadIndex() {
    const std::string dir = QT_WORDNET_DIR;
    std::string buf;
    for (int p = 0; p < 4; ++p) {
      if (!ReadFile(dir + "/index." + kPos[p], &buf)) return false;
      ForEachLine(buf, [&](std::string_view line) {
        if (line.empty() || line[0] == ' ') return;
        Fields f(line);
        const std::string_view word = f.Next();
        f.Next();  // pos
        const std::size_t synset_cnt = f.Number();
        const std::size_t p_cnt = f.Number();
        if (word.find('_') != std::string_view::npos) return;  // multiword lemma
        for (std::size_t k = 0; k < p_cnt; ++k) f.Next();
        f.Next();  // sense_cnt
        f.Next();  // tagsense_cnt
        auto& v = lemma[p][std::string(word)];
        for (std::size_t k = 0; k < synset_cnt && !f.Done(); ++k) {
          v.push_back((static_cast<SynsetId>(p) << 32) | f.Number());
        }
      });
      if (ReadFile(dir + "/" + kPos[p] + ".exc", &buf)) {
        ForEachLine(buf, [&](std::string_view line) {
          Fields f(line);
          const std::string_view form = f.Next();
          if (form.empty()) return;
          auto& bases = exceptions[p][std::string(form)];
          for (std::string_view base = f.Next(); !base.empty(); base = f.Next()) {
            bases.emplace_back(base);
          }
        });
      }
    }
    return true;
  }

  void LoadData() {
    LoadLinks();
    related_from.reserve(related.size());
    for (const auto& [from, tos] : related) {
      for (const SynsetId to : tos) related_from[to].push_back(from);
    }
  }

  void LoadLinks() {
    const std::string dir = QT_WORDNET_DIR;
    std::string buf;
    for (int p = 0; p < 4; ++p) {
      if (!ReadFile(dir + "/data." + kPos[p], &buf)) continue;
      ForEachLine(buf, [&](std::string_view line) {
        if (line.empty() || line[0] == ' ') return;
        Fields f(line);
        const SynsetId self = (static_cast<SynsetId>(p) << 32) | f.Number();
        f.Next();  // lex_filenum
        f.Next();  // ss_type
        const std::size_t w_cnt = f.Number(16);
        for (std::size_t k = 0; k < w_cnt; ++k) {
          f.Next();
          f.Next();
        }
        const std::size_t p_cnt = f.Number();
        for (std::size_t k = 0; k < p_cnt && !f.Done(); ++k) {
          const std::string_view sym = f.Next();
          const std::uint64_t off = f.Number();
          const std::string_view pos = f.Next();
          f.Next();  // source/target
          // similar to, also see, derivation, pertainym, verb group, participle.
          if (sym == "&" || sym == "^" || sym == "+" || sym == "\\" || sym == "$" || sym == "<") {
            const int q = PosIndex(pos.empty() ? '?' : pos[0]);
            if (q < 0) continue;
            related[self].push_back((static_cast<SynsetId>(q) << 32) | off);
          } else if (sym == "@" && p == 1) {
            verb_hypernyms[self].push_back((SynsetId{1} << 32) | off);
          }
        }
      });
    }
  }

  // WordNet's "morphy": base forms of `w` in part of speech `p` found in the index.
  void BaseForms(const std::string& w, int p,
                 std::vector<const std::vector<SynsetId>*>& out) const {
    auto add = [&](const std::string& base) {
      auto it = lemma[p].find(base);
      if (it != lemma[p].end()) out.push_back(&it->second);
    };
    add(w);
    if (auto it = exceptions[p].find(w); it != exceptions[p].end()) {
      for (const auto& b : it->second) add(b);
    }
    static const std::vector<std::pair<std::string, std::string>> kRules[4] = {
        {{"s", ""},
         {"ses", "s"},
         {"xes", "x"},
         {"zes", "z"},
         {"ches", "ch"},
         {"shes", "sh"},
         {"men", "man"},
         {"ies", "y"}},
        {{"s", ""},
         {"ies", "y"},
         {"es", "e"},
         {"es", ""},
         {"ed", "e"},
         {"ed", ""},
         {"ing", "e"},
         {"ing", ""}},
        {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}},
        {}};
    for (const auto& [suf, rep] : kRules[p]) {
      if (w.size() > suf.size() + 1 && w.compare(w.size() - suf.size(), suf.size(), suf) == 0) {
        add(w.substr(0, w.size() - suf.size()) + rep);
      }
    }
  }

  std::vector<SynsetId> Synsets(const std::string& w) const {
    std::vector<const std::vector<SynsetId>*> lists;
    for (int p = 0; p < 4; ++p) BaseForms(w, p, lists);
    std::vector<SynsetId> out;
    for (const auto* l : lists) out.insert(out.end(), l->begin(), l->end());
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

std::shared_ptr<const WordSenses> ComputeSenses(const WordNet& wn, const std::string& w) {
  static std::atomic<std::uint32_t> next_id{1};
  auto s = std::make_shared<WordSenses>();
  s->id = next_id.fetch_add(1, std::memory_order_relaxed);
  s->synsets = wn.Synsets(w);
  if (s->synsets.empty()) return nullptr;
  // The synsets `links` ties to any of the word's synsets, added to `out`,
  // which is then sorted without repeats.
  auto add_linked = [&s](const auto& links, std::vector<SynsetId>& out) {
    for (SynsetId id : s->synsets) {
      auto it = links.find(id);
      if (it != links.end()) out.insert(out.end(), it->second.begin(), it->second.end());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  };
  add_linked(wn.related, s->expanded);
  add_linked(wn.related_from, s->linked_from);
  Signature(s->synsets, s->synsets_sig);
  Signature(s->expanded, s->expanded_sig);
  s->loose = s->synsets;
  s->loose.insert(s->loose.end(), s->expanded.begin(), s->expanded.end());
  add_linked(wn.verb_hypernyms, s->loose);
  Signature(s->loose, s->loose_sig);
  return s;
}

}  // namespace

std::shared_ptr<const WordSenses> LookupSenses(std::string_view folded) {
  const WordNet& wn = Get();
  if (!wn.loaded || folded.empty() || folded.size() > 64) return nullptr;
  // Two levels, each bounded (cleared when full) so that a stream of novel
  // words cannot grow them without limit: a per-thread memo (no locking),
  // in front of one memo shared by every thread, so that each word's senses
  // are computed once per process, not once per extraction worker and again
  // on the store writer (at -j2 the workers computed the writer's words
  // again: 30% more WordNet samples than at -j1). Senses are a pure
  // function of the word; only their `id` (a memo key) depends on which
  // thread computed them first.
  constexpr std::size_t kMaxCached = 1 << 18;
  using Memo = std::unordered_map<std::string, std::shared_ptr<const WordSenses>>;
  thread_local Memo cache;
  std::string key(folded);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  static std::shared_mutex shared_mu;
  static Memo shared;
  std::shared_ptr<const WordSenses> senses;
  bool found = false;
  {
    std::shared_lock<std::shared_mutex> lock(shared_mu);
    if (auto it = shared.find(key); it != shared.end()) {
      senses = it->second;
      found = true;
    }
  }
  if (!found) {
    senses = ComputeSenses(wn, key);
    std::unique_lock<std::shared_mutex> lock(shared_mu);
    if (shared.size() >= kMaxCached) shared.clear();
    // Another thread may have computed the word meanwhile: one entry wins.
    senses = shared.try_emplace(key, senses).first->second;
  }
  if (cache.size() >= kMaxCached) cache.clear();
  cache.emplace(std::move(key), senses);
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
