// Word lists shared by detect and attribute. General English news usage only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace qt::lex {

// A fixed set of short words for the hot lexicon questions (asked several
// times per token): open addressing over a power-of-two table, keyed by the
// size and two loads covering the first and last bytes (the whole word up to
// 16 bytes, so no byte-wise compare), where std::unordered_set hashed every
// byte, divided by a prime and compared with memcmp per lookup.
// Read-only after construction, so safe to share between threads. The
// words' storage must outlive the set (string literals do).
class WordIndex {
 public:
  WordIndex(std::initializer_list<std::string_view> words);
  explicit WordIndex(std::vector<std::string_view> words);
  // The index of `w` in the construction list (the last, for a repeated
  // word), or -1.
  int Find(std::string_view w) const;
  bool Contains(std::string_view w) const { return Find(w) >= 0; }

 private:
  struct Key {
    std::uint64_t head = 0, tail = 0, hash = 0;
    std::size_t size = 0;
  };
  static Key MakeKey(std::string_view w);
  static bool Same(const Key& a, std::string_view a_word, const Key& b, std::string_view b_word);
  void Insert(int index);
  // Bit min(size, 31) of entry [first byte] (entry 0, bit 0 for the empty
  // word) is set for each word of the set: most words asked about miss on
  // this alone, before the key is made and the table probed.
  static std::size_t FirstByte(std::string_view w) {
    return w.empty() ? 0 : static_cast<unsigned char>(w[0]);
  }
  static std::uint32_t SizeBit(std::size_t size) {
    return std::uint32_t{1} << (size < 31 ? size : 31);
  }
  std::uint32_t first_sizes_[256] = {};
  std::vector<std::string_view> words_;
  std::vector<Key> keys_;            // by index into words_
  std::vector<std::int32_t> slots_;  // index into words_, -1 empty
  std::size_t mask_ = 0;
  std::size_t max_size_ = 0;
};

// Learned cue rate of a lower-cased word (0 if not a cue word); see
// tools/learn_cues.py.
float CueRate(std::string_view lower);

// Verbs that introduce speech in every frame ("said", "told", "added").
bool IsSpeechVerb(std::string_view lower);
// Auxiliaries and adverbs that may sit between a subject and its cue.
bool IsCueModifier(std::string_view lower);
bool IsPronoun(std::string_view lower);
// Pronouns that open a clause as its subject ("he", "they", "I"); "it" and
// "you" are left out, being objects as often.
bool IsSubjectPronoun(std::string_view lower);
// Closed-class words: determiners, pronouns, complementisers, wh-words,
// prepositions, auxiliaries and modals, conjunctions, a few degree words.
// A run of nothing else names no statement.
bool IsFunctionWord(std::string_view lower);
// Object pronouns that a cue may take as its whole content ("attacked
// her", "praised them").
bool IsObjectPronoun(std::string_view lower);
// Possessive determiners ("his", "their"): never the subject of a verb.
bool IsPossessive(std::string_view lower);
// "not", "never", "n't" forms: a negated cue reports nothing.
bool IsNegation(std::string_view lower);
// Words that end a backward noun-phrase scan.
bool IsNpStopper(std::string_view lower);
// News agencies and wire services ("Reuters", "AFP", "Associated Press").
bool IsAgency(std::string_view text);
// Honorifics, with or without their full stop ("Mr", "Ms.", "Dr").
bool IsHonorific(std::string_view lower);
// Words that open a sentence or clause and never belong to a source mention
// ("However", "Despite", "But").
bool IsSentenceOpener(std::string_view lower);
// Cues that report how things seem or are said to be, with no speaker; the
// subject before them belongs to the content. kVerb: "The returns seemed a
// reminder …", "X appears to …"; kPredicate, after a form of "be" and before
// "to": "she is expected to run", "it is likely to"; kAdverb: "he reportedly
// left"; kHedge: "her seemingly shocked gaze" (too loose to find attributions
// by rule, but a cue the tagger found with it has no speaker either).
enum class Raising : unsigned char { kNone, kVerb, kPredicate, kAdverb, kHedge };
Raising RaisingKind(std::string_view lower);
inline bool IsRaisingCue(std::string_view lower) { return RaisingKind(lower) != Raising::kNone; }

// CueRate, IsSpeechVerb and RaisingKind of one word from a single look-up
// (the tokenizer stores them on each token; the rule passes ask them of
// every token several times).
struct WordFacts {
  float cue_rate = 0.0f;
  bool speech_verb = false;
  Raising raising = Raising::kNone;
};
const WordFacts& Facts(std::string_view lower);
// Facts for the tokenizer's common case, a word of 1..16 bytes it holds as
// two little-endian 64-bit words (`lo` = bytes 0..7, `hi` = bytes 8..15,
// zero past the word's end), without a call or a re-read of the bytes: one
// multiply and one probe of a table of 24-byte slots keyed by exactly those
// words and the size (every Facts word of 1..16 bytes). Same answers as
// Facts(word).
class ShortFacts {
 public:
  static const ShortFacts& Get();
  const WordFacts& Find(std::uint64_t lo, std::uint64_t hi, std::size_t size) const {
    std::size_t at = Slot(lo, hi, size);
    while (true) {
      const Entry& e = entries_[at];
      if (e.size == 0) return none_;
      if (e.lo == lo && e.hi == hi && e.size == size) return facts_[e.index];
      at = (at + 1) & mask_;
    }
  }

 private:
  struct Entry {
    std::uint64_t lo = 0, hi = 0;
    std::uint32_t size = 0;  // 0: empty slot
    std::uint32_t index = 0;
  };
  ShortFacts();
  std::size_t Slot(std::uint64_t lo, std::uint64_t hi, std::size_t size) const {
    return static_cast<std::size_t>(((lo ^ (hi + size) * 0xC2B2AE3D27D4EB4Full) *
                                     0x9E3779B97F4A7C15ull) >> shift_);
  }
  std::vector<Entry> entries_;
  std::vector<WordFacts> facts_;
  std::size_t mask_ = 0;
  unsigned shift_ = 64;
  WordFacts none_;
};
// Every word Facts knows (sorted), for tests.
std::vector<std::string_view> FactWords();
// Cues whose object is the person told before the content ("told reporters
// that …", "reminded voters that …", "assured her he …"): the addressee is
// no part of what was said. Verbs whose object may be the content itself
// ("asked whether", "urged restraint", "warned of") are not among them.
bool TakesAddressee(std::string_view lower);
// Verbs by which a text speaks: "read the statement", "the sign reads".
// Attribute a quote right beside them only; elsewhere they are reading.
bool IsTextVerb(std::string_view lower);
// A sentence adverb that opens a sentence before its comma ("Nevertheless,",
// "Finally,"): it is no subject.
bool IsDiscourseAdverb(std::string_view lower);
// Words that open the content after an addressee: complementisers, "to",
// wh-words.
bool OpensComplement(std::string_view lower);
// Day and time words that may follow a cue before its content ("said
// Saturday that", "announced last week that").
bool IsTimeWord(std::string_view lower);
// Articles, demonstratives and possessive determiners: what opens a noun
// phrase ("the", "these", "their").
bool IsDeterminer(std::string_view lower);
// Words that may stand lower-case inside a source noun phrase.
bool IsNpFunctionWord(std::string_view lower);
// The auxiliaries of a passive: forms of "be" and "get" ("was asked",
// "has been told", "got fired"). "'s" is left out, being "has" as often.
bool IsPassiveAuxiliary(std::string_view lower);
// Finite auxiliaries and modals ("would", "is", "has", "could"): after
// "that" they mark it as a relative clause's subject ("the agreement that
// would set").
bool IsFiniteAuxiliary(std::string_view lower);
// A past participle that, after a passive auxiliary, makes a passive whose
// subject is the one acted on ("was asked", "were told", "is seen as", "was
// announced"): a form in -ed or an irregular participle, less the
// participles of feeling and stance, whose subject is the one who feels or
// holds the view ("is worried that", "are convinced", "was quick to").
bool IsPassiveParticiple(std::string_view lower);
// Prepositions that may strand a relative pronoun's role ("in which", "to
// whom"): the pronoun is then their object, not the verb's.
bool IsPreposition(std::string_view lower);
// Subordinators that open an adverbial clause ("when", "although",
// "because"); "since" is left out, being a preposition of time as often.
bool IsSubordinator(std::string_view lower);
// Relative pronouns: "who", "whom", "whose", "which", "that".
bool IsRelativePronoun(std::string_view lower);
// What opens a fronted clause or clause-like phrase before the main clause:
// a subordinator, "since", or a preposition that takes one ("Despite X's
// warning about A, B", "Amid", "Following").
bool OpensFrontedClause(std::string_view lower);

}  // namespace qt::lex
