#include "match/wordnet_blob.h"

#include <algorithm>
#include <charconv>
#include <exception>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace qt::wordnet_blob {
namespace {

using SynsetId = std::uint64_t;  // pos index << 32 | byte offset in data.<pos>

constexpr std::uint32_t kMagic = 0x4e575451;  // "QTWN"
constexpr std::uint32_t kVersion = 1;
// Header words: magic, version, strings (offset, bytes), lists (offset,
// words), then per table (slots offset, slot count, entries offset, entry count).
constexpr std::size_t kHeaderWords = 6 + 4 * kTables;

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

// WordNet's text files parsed into maps (what the matcher held before the
// blob; the parsing is unchanged).
struct Parsed {
  // lemma -> synsets, per part of speech.
  std::unordered_map<std::string, std::vector<SynsetId>> lemma[4];
  // inflected form -> base forms (from the *.exc files).
  std::unordered_map<std::string, std::vector<std::string>> exceptions[4];
  // synset -> directly related synsets.
  std::unordered_map<SynsetId, std::vector<SynsetId>> related;
  // verb synset -> its hypernyms.
  std::unordered_map<SynsetId, std::vector<SynsetId>> verb_hypernyms;

  // False when an index file is missing (WordNet is then unavailable).
  bool LoadIndex(const std::string& dir) {
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

  void LoadLinks(const std::string& dir) {
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

  // Index files on this thread, data files on a second one when `threads` > 1.
  bool Load(const std::string& dir, unsigned threads) {
    std::exception_ptr data_error;
    std::thread data;
    if (threads > 1) {
      try {
        data = std::thread([&] {
          try {
            LoadLinks(dir);
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
        index_ok = LoadIndex(dir);
      } catch (...) {
        data.join();
        throw;
      }
      data.join();
      if (data_error) std::rethrow_exception(data_error);
      return index_ok;
    }
    // One thread: the data files are not read when an index file is missing.
    if (!LoadIndex(dir)) return false;
    LoadLinks(dir);
    return true;
  }
};

std::uint32_t HashString(std::string_view s) {
  return static_cast<std::uint32_t>(XXH3_64bits(s.data(), s.size()));
}
std::uint32_t HashSynset(std::uint32_t packed) {
  return static_cast<std::uint32_t>((packed * 0x9E3779B97F4A7C15ULL) >> 32);
}

class Writer {
 public:
  std::uint32_t AddString(std::string_view s) {
    const auto off = Narrow(strings_.size());
    strings_.append(s);
    return off;
  }
  std::uint32_t ListStart() const { return Narrow(lists_.size()); }
  void ListPush(std::uint32_t v) { lists_.push_back(v); }

  // Adds a table whose entries are `entries` (4 words each) with hashes `hashes`.
  void AddTable(int t, std::vector<std::uint32_t> entries,
                const std::vector<std::uint32_t>& hashes) {
    const std::size_t n = hashes.size();
    std::size_t size = 2;
    while (size < 2 * n) size *= 2;
    std::vector<std::uint32_t> slots(size, 0);
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t s = hashes[i] & (size - 1);
      while (slots[s] != 0) s = (s + 1) & (size - 1);
      slots[s] = Narrow(i + 1);
    }
    tables_[t].slots = std::move(slots);
    tables_[t].entries = std::move(entries);
  }

  std::string Finish() const {
    std::vector<std::uint32_t> header(kHeaderWords, 0);
    std::string body;
    auto place = [&](const void* data, std::size_t bytes) {
      const auto off = Narrow(kHeaderWords * 4 + body.size());
      body.append(static_cast<const char*>(data), bytes);
      body.resize((body.size() + 3) & ~std::size_t{3}, '\0');
      return off;
    };
    header[0] = kMagic;
    header[1] = kVersion;
    header[2] = place(strings_.data(), strings_.size());
    header[3] = Narrow(strings_.size());
    header[4] = place(lists_.data(), lists_.size() * 4);
    header[5] = Narrow(lists_.size());
    for (int t = 0; t < kTables; ++t) {
      const Tab& tab = tables_[t];
      header[6 + 4 * t] = place(tab.slots.data(), tab.slots.size() * 4);
      header[7 + 4 * t] = Narrow(tab.slots.size());
      header[8 + 4 * t] = place(tab.entries.data(), tab.entries.size() * 4);
      header[9 + 4 * t] = Narrow(tab.entries.size() / 4);
    }
    std::string out(reinterpret_cast<const char*>(header.data()), header.size() * 4);
    out += body;
    return out;
  }

  static std::uint32_t Narrow(std::size_t v) {
    if (v > 0xffffffffu) throw std::length_error("WordNet blob over 4 GiB");
    return static_cast<std::uint32_t>(v);
  }

 private:
  struct Tab {
    std::vector<std::uint32_t> slots, entries;
  };
  std::string strings_;
  std::vector<std::uint32_t> lists_;
  Tab tables_[kTables];
};

std::uint32_t PackChecked(SynsetId id) {
  if ((id >> 32) > 3 || (id & 0xffffffffu) > 0x3fffffffu) {
    throw std::length_error("WordNet synset offset over 2^30");
  }
  return Pack(id);
}

template <typename Map>
std::vector<const typename Map::value_type*> Sorted(const Map& m) {
  std::vector<const typename Map::value_type*> out;
  out.reserve(m.size());
  for (const auto& kv : m) out.push_back(&kv);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->first < b->first; });
  return out;
}

void AddSynsetTable(Writer& w, int t,
                    const std::unordered_map<SynsetId, std::vector<SynsetId>>& m) {
  std::vector<std::uint32_t> entries, hashes;
  for (const auto* kv : Sorted(m)) {
    const std::uint32_t key = PackChecked(kv->first);
    entries.insert(entries.end(), {key, 0, w.ListStart(), Writer::Narrow(kv->second.size())});
    for (const SynsetId id : kv->second) w.ListPush(PackChecked(id));
    hashes.push_back(HashSynset(key));
  }
  w.AddTable(t, std::move(entries), hashes);
}

}  // namespace

std::string Build(const std::string& dir, unsigned threads) {
  Parsed wn;
  if (!wn.Load(dir, threads)) return {};
  Writer w;
  for (int p = 0; p < 4; ++p) {
    std::vector<std::uint32_t> entries, hashes;
    for (const auto* kv : Sorted(wn.lemma[p])) {
      const std::uint32_t s = w.AddString(kv->first);
      entries.insert(entries.end(), {s, Writer::Narrow(kv->first.size()), w.ListStart(),
                                     Writer::Narrow(kv->second.size())});
      for (const SynsetId id : kv->second) w.ListPush(PackChecked(id));
      hashes.push_back(HashString(kv->first));
    }
    w.AddTable(kLemma + p, std::move(entries), hashes);
  }
  for (int p = 0; p < 4; ++p) {
    std::vector<std::uint32_t> entries, hashes;
    for (const auto* kv : Sorted(wn.exceptions[p])) {
      const std::uint32_t s = w.AddString(kv->first);
      std::vector<std::uint32_t> bases;
      for (const std::string& b : kv->second) {
        bases.push_back(w.AddString(b));
        bases.push_back(Writer::Narrow(b.size()));
      }
      entries.insert(entries.end(), {s, Writer::Narrow(kv->first.size()), w.ListStart(),
                                     Writer::Narrow(bases.size())});
      for (const std::uint32_t v : bases) w.ListPush(v);
      hashes.push_back(HashString(kv->first));
    }
    w.AddTable(kExceptions + p, std::move(entries), hashes);
  }
  std::unordered_map<SynsetId, std::vector<SynsetId>> related_from;
  related_from.reserve(wn.related.size());
  for (const auto& [from, tos] : wn.related) {
    for (const SynsetId to : tos) related_from[to].push_back(from);
  }
  for (auto& [to, froms] : related_from) std::sort(froms.begin(), froms.end());
  AddSynsetTable(w, kRelated, wn.related);
  AddSynsetTable(w, kRelatedFrom, related_from);
  AddSynsetTable(w, kVerbHypernyms, wn.verb_hypernyms);
  return w.Finish();
}

bool View::Open(std::string_view blob) {
  const auto* base = reinterpret_cast<const unsigned char*>(blob.data());
  if (blob.size() < kHeaderWords * 4) return false;
  if (Word(base, 0) != kMagic || Word(base, 1) != kVersion) return false;
  // Every section inside the blob and 4-aligned.
  auto fits = [&](std::uint32_t off, std::uint64_t bytes) {
    return off % 4 == 0 && off <= blob.size() && bytes <= blob.size() - off;
  };
  if (!fits(Word(base, 2), Word(base, 3)) ||
      !fits(Word(base, 4), std::uint64_t{Word(base, 5)} * 4)) {
    return false;
  }
  strings_ = base + Word(base, 2);
  lists_ = base + Word(base, 4);
  for (int t = 0; t < kTables; ++t) {
    const std::uint32_t slots_off = Word(base, 6 + 4 * t), slots = Word(base, 7 + 4 * t);
    const std::uint32_t entries_off = Word(base, 8 + 4 * t), n = Word(base, 9 + 4 * t);
    if (slots == 0 || (slots & (slots - 1)) != 0 || n >= slots) return false;
    if (!fits(slots_off, std::uint64_t{slots} * 4) || !fits(entries_off, std::uint64_t{n} * 16)) {
      return false;
    }
    Tab& tab = tabs_[t];
    tab.slots = base + slots_off;
    tab.entries = base + entries_off;
    tab.mask = slots - 1;
    tab.count = n;
  }
  return true;
}

const unsigned char* View::FindString(const Tab& t, std::string_view key) const {
  if (t.count == 0) return nullptr;
  for (std::uint32_t s = HashString(key) & t.mask;; s = (s + 1) & t.mask) {
    const std::uint32_t i = Word(t.slots, s);
    if (i == 0) return nullptr;
    const unsigned char* e = t.entries + 16 * std::size_t{i - 1};
    if (Word(e, 1) == key.size() && Str(Word(e, 0), Word(e, 1)) == key) return e;
  }
}

bool View::Lemma(int pos, std::string_view word, List* out) const {
  const unsigned char* e = FindString(tabs_[kLemma + pos], word);
  if (e == nullptr) return false;
  *out = ListAt(e);
  return true;
}

List View::Exceptions(int pos, std::string_view form) const {
  const unsigned char* e = FindString(tabs_[kExceptions + pos], form);
  return e == nullptr ? List{} : ListAt(e);
}

List View::Links(int table, std::uint32_t packed) const {
  const Tab& t = tabs_[table];
  if (t.count == 0) return {};
  for (std::uint32_t s = HashSynset(packed) & t.mask;; s = (s + 1) & t.mask) {
    const std::uint32_t i = Word(t.slots, s);
    if (i == 0) return {};
    const unsigned char* e = t.entries + 16 * std::size_t{i - 1};
    if (Word(e, 0) == packed) return ListAt(e);
  }
}

}  // namespace qt::wordnet_blob
