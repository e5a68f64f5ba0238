#include "match/wordnet.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
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

bool WordNetRelated(std::string_view a, std::string_view b) {
  const WordNet& wn = Get();
  if (!wn.loaded || a.empty() || b.empty()) return false;
  if (a == b) return true;
  if (a.size() > 64 || b.size() > 64) return false;
  const auto sa = wn.Synsets(std::string(a));
  if (sa.empty()) return false;
  const auto sb = wn.Synsets(std::string(b));
  if (sb.empty()) return false;
  if (Intersects(sa, sb)) return true;
  auto expand = [&](const std::vector<SynsetId>& s) {
    std::vector<SynsetId> e;
    for (SynsetId id : s) {
      auto it = wn.related.find(id);
      if (it != wn.related.end()) e.insert(e.end(), it->second.begin(), it->second.end());
    }
    std::sort(e.begin(), e.end());
    e.erase(std::unique(e.begin(), e.end()), e.end());
    return e;
  };
  return Intersects(expand(sa), sb) || Intersects(expand(sb), sa);
}

}  // namespace qt::match_internal
