#include "match/wordnet.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <unordered_map>
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

struct WordNet {
  bool loaded = false;
  // lemma -> synsets, per part of speech merged.
  std::unordered_map<std::string, std::vector<SynsetId>> lemma[4];
  // inflected form -> base forms (from the *.exc files).
  std::unordered_map<std::string, std::vector<std::string>> exceptions[4];
  // synset -> directly related synsets.
  std::unordered_map<SynsetId, std::vector<SynsetId>> related;
  // verb synset -> its hypernyms (LooselyRelated only).
  std::unordered_map<SynsetId, std::vector<SynsetId>> verb_hypernyms;

  void Load() {
    const std::string dir = QT_WORDNET_DIR;
    for (int p = 0; p < 4; ++p) {
      std::ifstream in(dir + "/index." + kPos[p]);
      if (!in) return;
      std::string line;
      while (std::getline(in, line)) {
        if (line.empty() || line[0] == ' ') continue;
        std::istringstream ls(line);
        std::string word, pos;
        int synset_cnt = 0, p_cnt = 0;
        ls >> word >> pos >> synset_cnt >> p_cnt;
        if (word.find('_') != std::string::npos) continue;  // multiword lemma
        std::string tok;
        for (int k = 0; k < p_cnt; ++k) ls >> tok;
        int sense_cnt = 0, tagsense_cnt = 0;
        ls >> sense_cnt >> tagsense_cnt;
        auto& v = lemma[p][word];
        for (int k = 0; k < synset_cnt && (ls >> tok); ++k) {
          v.push_back((static_cast<SynsetId>(p) << 32) | std::stoull(tok));
        }
      }
      std::ifstream exc(dir + "/" + kPos[p] + ".exc");
      while (std::getline(exc, line)) {
        std::istringstream ls(line);
        std::string form, base;
        ls >> form;
        while (ls >> base) exceptions[p][form].push_back(base);
      }
    }
    for (int p = 0; p < 4; ++p) {
      std::ifstream in(dir + "/data." + kPos[p]);
      std::string line;
      while (std::getline(in, line)) {
        if (line.empty() || line[0] == ' ') continue;
        std::istringstream ls(line);
        std::string offset, lex, ss_type, wcnt_hex, tok;
        ls >> offset >> lex >> ss_type >> wcnt_hex;
        const int w_cnt = static_cast<int>(std::stoul(wcnt_hex, nullptr, 16));
        for (int k = 0; k < w_cnt; ++k) ls >> tok >> tok;
        int p_cnt = 0;
        ls >> p_cnt;
        const SynsetId self = (static_cast<SynsetId>(p) << 32) | std::stoull(offset);
        for (int k = 0; k < p_cnt; ++k) {
          std::string sym, off, pos, st;
          if (!(ls >> sym >> off >> pos >> st)) break;
          // similar to, also see, derivation, pertainym, verb group, participle.
          if (sym == "&" || sym == "^" || sym == "+" || sym == "\\" || sym == "$" || sym == "<") {
            const int q = PosIndex(pos.empty() ? '?' : pos[0]);
            if (q < 0) continue;
            related[self].push_back((static_cast<SynsetId>(q) << 32) | std::stoull(off));
          } else if (sym == "@" && p == 1) {
            verb_hypernyms[self].push_back((SynsetId{1} << 32) | std::stoull(off));
          }
        }
      }
    }
    loaded = true;
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

const WordNet& Get() {
  static WordNet* wn = [] {
    auto* w = new WordNet();
    try {
      w->Load();
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
  for (SynsetId id : s->synsets) {
    auto it = wn.related.find(id);
    if (it != wn.related.end()) {
      s->expanded.insert(s->expanded.end(), it->second.begin(), it->second.end());
    }
  }
  std::sort(s->expanded.begin(), s->expanded.end());
  s->expanded.erase(std::unique(s->expanded.begin(), s->expanded.end()), s->expanded.end());
  Signature(s->synsets, s->synsets_sig);
  Signature(s->expanded, s->expanded_sig);
  s->loose = s->synsets;
  s->loose.insert(s->loose.end(), s->expanded.begin(), s->expanded.end());
  for (SynsetId id : s->synsets) {
    auto it = wn.verb_hypernyms.find(id);
    if (it != wn.verb_hypernyms.end()) {
      s->loose.insert(s->loose.end(), it->second.begin(), it->second.end());
    }
  }
  std::sort(s->loose.begin(), s->loose.end());
  s->loose.erase(std::unique(s->loose.begin(), s->loose.end()), s->loose.end());
  Signature(s->loose, s->loose_sig);
  return s;
}

}  // namespace

std::shared_ptr<const WordSenses> LookupSenses(std::string_view folded) {
  const WordNet& wn = Get();
  if (!wn.loaded || folded.empty() || folded.size() > 64) return nullptr;
  // Per-thread memo: no locking; bounded (cleared when full) so that a
  // stream of novel words cannot grow it without limit.
  constexpr std::size_t kMaxCached = 1 << 18;
  thread_local std::unordered_map<std::string, std::shared_ptr<const WordSenses>> cache;
  std::string key(folded);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  auto senses = ComputeSenses(wn, key);
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
  // A direct-mapped per-thread cache keyed by the two entries' unique ids
  // (ids are never reused, so an entry cannot go stale).
  struct Slot {
    std::uint64_t key = 0;  // 0: empty (ids start at 1)
    bool related = false;
  };
  constexpr std::size_t kSlots = std::size_t{1} << 15;
  thread_local std::unique_ptr<Slot[]> memo(new Slot[kSlots]);
  const std::uint64_t key = (std::uint64_t{a->id} << 32) | b->id;
  Slot& slot = memo[(key * 0x9E3779B97F4A7C15ULL) >> (64 - 15)];
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
