// Build step: writes detect's word-class table (src/detect/word_class.h) to
// OUT from the WordNet files in DIR: for every single-word noun and verb
// lemma, and every irregular form listed in noun.exc / verb.exc, the lexical
// file ("supersense": noun.person, verb.communication, ...) of its most
// frequent noun and verb sense and the set of lexical files of all its
// senses. Writes an empty file when DIR holds no WordNet: the tagger's
// word-class features are then absent.
//
//   qt_make_word_classes DIR OUT
//
// Layout (little-endian): "QTWC0001", u32 count, then `count` entries of
// {u32 offset of the word in the string pool, u8 first noun file, u8 first
// verb file, u16 the word's length, u64 mask of all files}, sorted by word
// bytes, then the pool of NUL-terminated words. 0xFF: no such sense.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

struct Entry {
  std::uint8_t noun = 0xFF, verb = 0xFF;
  std::uint64_t mask = 0;
};

// Offset in data.<pos> -> lex_filenum (second field of a synset line).
std::unordered_map<std::uint64_t, std::uint8_t> ReadLexFiles(const std::string& path) {
  std::unordered_map<std::uint64_t, std::uint8_t> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == ' ') continue;  // licence header
    std::istringstream fields(line);
    std::uint64_t offset = 0;
    unsigned lex = 0;
    if (fields >> offset >> lex) out[offset] = static_cast<std::uint8_t>(lex);
  }
  return out;
}

// index.<pos>: "lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt
// offset...", offsets in order of sense frequency. Records the first sense's
// file and the mask of all of them, for single-word lemmas.
void ReadIndex(const std::string& path, const std::unordered_map<std::uint64_t, std::uint8_t>& lex,
               bool verb, std::map<std::string, Entry>* table) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == ' ') continue;
    std::istringstream fields(line);
    std::string lemma, pos;
    std::size_t synsets = 0, pointers = 0;
    if (!(fields >> lemma >> pos >> synsets >> pointers)) continue;
    if (lemma.find('_') != std::string::npos || lemma.size() > 0xFFFF) continue;
    std::string skip;
    for (std::size_t k = 0; k < pointers; ++k) fields >> skip;
    fields >> skip >> skip;  // sense_cnt, tagsense_cnt
    Entry& e = (*table)[lemma];
    for (std::size_t k = 0; k < synsets; ++k) {
      std::uint64_t offset = 0;
      if (!(fields >> offset)) break;
      const auto it = lex.find(offset);
      if (it == lex.end() || it->second >= 64) continue;
      std::uint8_t& first = verb ? e.verb : e.noun;
      if (first == 0xFF) first = it->second;
      e.mask |= std::uint64_t{1} << it->second;
    }
  }
}

// <pos>.exc: "form lemma [lemma...]". An irregular form takes its first
// lemma's first class for the part of speech, also where the form is a lemma
// of its own ("found" is "find" in news far more often than "establish"),
// and adds the lemma's classes to its mask.
void ReadExceptions(const std::string& path, bool verb, std::map<std::string, Entry>* table) {
  std::ifstream in(path);
  std::string line;
  std::vector<std::pair<std::string, Entry>> add;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string form, lemma;
    if (!(fields >> form >> lemma) || form.find('_') != std::string::npos) continue;
    const auto base = table->find(lemma);
    if (base == table->end()) continue;
    const std::uint8_t first = verb ? base->second.verb : base->second.noun;
    if (first == 0xFF) continue;
    Entry e;
    (verb ? e.verb : e.noun) = first;
    e.mask = base->second.mask;
    add.emplace_back(form, e);
  }
  for (const auto& [form, e] : add) {
    Entry& t = (*table)[form];
    if (verb) {
      t.verb = e.verb;
    } else {
      t.noun = e.noun;
    }
    t.mask |= e.mask;
  }
}

void Put32(std::string* out, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) out->push_back(static_cast<char>((v >> (8 * k)) & 0xFF));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: qt_make_word_classes WORDNET_DIR OUT\n");
    return 2;
  }
  const std::string dir = argv[1];
  std::string blob;
  if (std::ifstream(dir + "/index.verb") && std::ifstream(dir + "/data.verb")) {
    std::map<std::string, Entry> table;
    ReadIndex(dir + "/index.noun", ReadLexFiles(dir + "/data.noun"), false, &table);
    ReadIndex(dir + "/index.verb", ReadLexFiles(dir + "/data.verb"), true, &table);
    ReadExceptions(dir + "/noun.exc", false, &table);
    ReadExceptions(dir + "/verb.exc", true, &table);
    blob = "QTWC0001";
    Put32(&blob, static_cast<std::uint32_t>(table.size()));
    std::string pool;
    for (const auto& [word, e] : table) {
      Put32(&blob, static_cast<std::uint32_t>(pool.size()));
      blob.push_back(static_cast<char>(e.noun));
      blob.push_back(static_cast<char>(e.verb));
      blob.push_back(static_cast<char>(word.size() & 0xFF));
      blob.push_back(static_cast<char>((word.size() >> 8) & 0xFF));
      Put32(&blob, static_cast<std::uint32_t>(e.mask & 0xFFFFFFFFu));
      Put32(&blob, static_cast<std::uint32_t>(e.mask >> 32));
      pool += word;
      pool.push_back('\0');
    }
    blob += pool;
  } else {
    std::fprintf(stderr, "qt_make_word_classes: no WordNet in %s; no word-class features\n",
                 dir.c_str());
  }
  const std::string tmp = std::string(argv[2]) + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
    if (!out) {
      std::fprintf(stderr, "qt_make_word_classes: cannot write %s\n", tmp.c_str());
      return 1;
    }
  }
  if (std::rename(tmp.c_str(), argv[2]) != 0) {
    std::fprintf(stderr, "qt_make_word_classes: cannot rename %s\n", tmp.c_str());
    return 1;
  }
  return 0;
}
