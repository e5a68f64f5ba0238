#include "detect/lexicon.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <string>

namespace qt::lex {

// A word's probe key: its size and two loads that between them cover every
// byte of a word of up to 16 bytes (the first and last 8, 4 or 1-2 bytes),
// so equal keys mean equal words up to that size; longer words compare
// their middle bytes too. Inlined into Find (asked ~1.4M times per PolNeAR
// training run): as a call returning the key through memory it cost as
// much as the probe itself.
__attribute__((always_inline)) inline WordIndex::Key WordIndex::MakeKey(std::string_view w) {
  Key k;
  k.size = w.size();
  const char* p = w.data();
  const std::size_t n = w.size();
  if (n >= 8) {
    std::memcpy(&k.head, p, 8);
    std::memcpy(&k.tail, p + n - 8, 8);
  } else if (n >= 4) {
    std::uint32_t h = 0, t = 0;
    std::memcpy(&h, p, 4);
    std::memcpy(&t, p + n - 4, 4);
    k.head = h;
    k.tail = t;
  } else if (n > 0) {
    k.head = static_cast<unsigned char>(p[0]) |
             static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
             static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
  }
  std::uint64_t h = (k.head * 0x9E3779B97F4A7C15ull) ^ ((k.tail + n) * 0xC2B2AE3D27D4EB4Full);
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ull;
  k.hash = h ^ (h >> 29);
  return k;
}

inline bool WordIndex::Same(const Key& a, std::string_view a_word, const Key& b, std::string_view b_word) {
  if (a.size != b.size || a.head != b.head || a.tail != b.tail) return false;
  return a.size <= 16 || std::memcmp(a_word.data() + 8, b_word.data() + 8, a.size - 16) == 0;
}

WordIndex::WordIndex(std::initializer_list<std::string_view> words)
    : WordIndex(std::vector<std::string_view>(words)) {}

WordIndex::WordIndex(std::vector<std::string_view> words) : words_(std::move(words)) {
  std::size_t slots = 16;
  while (slots < 4 * words_.size()) slots *= 2;
  slots_.assign(slots, -1);
  mask_ = slots - 1;
  keys_.reserve(words_.size());
  for (std::string_view w : words_) keys_.push_back(MakeKey(w));
  for (std::size_t i = 0; i < words_.size(); ++i) Insert(static_cast<int>(i));
}

void WordIndex::Insert(int index) {
  const auto i = static_cast<std::size_t>(index);
  max_size_ = std::max(max_size_, words_[i].size());
  first_sizes_[FirstByte(words_[i])] |= SizeBit(words_[i].size());
  for (std::size_t at = keys_[i].hash & mask_;; at = (at + 1) & mask_) {
    std::int32_t& slot = slots_[at];
    if (slot < 0 || Same(keys_[static_cast<std::size_t>(slot)],
                         words_[static_cast<std::size_t>(slot)], keys_[i], words_[i])) {
      slot = index;
      return;
    }
  }
}

int WordIndex::Find(std::string_view w) const {
  if (w.size() > max_size_ || (first_sizes_[FirstByte(w)] & SizeBit(w.size())) == 0) return -1;
  const Key k = MakeKey(w);
  for (std::size_t at = k.hash & mask_;; at = (at + 1) & mask_) {
    const std::int32_t slot = slots_[at];
    if (slot < 0) return -1;
    const auto s = static_cast<std::size_t>(slot);
    if (Same(keys_[s], words_[s], k, w)) return slot;
  }
}

namespace {

struct CueEntry {
  const char* word;
  float rate;
  int count;
};

constexpr CueEntry kLearnedCues[] = {
#include "detect/cue_lexicon.inc"
};

using WordSet = WordIndex;

// Verbs that introduce speech in every frame (IsSpeechVerb).
constexpr std::string_view kSpeechVerbs[] = {
    "say",         "says",       "said",        "saying",       "tell",       "tells",
    "told",        "telling",    "add",         "adds",         "added",      "adding",
    "state",       "states",     "stated",      "note",         "notes",      "noted",
    "noting",      "explain",    "explains",    "explained",    "argue",      "argues",
    "argued",      "arguing",    "insist",      "insists",      "insisted",   "warn",
    "warns",       "warned",     "warning",     "urge",         "urges",      "urged",
    "claim",       "claims",     "claimed",     "declare",      "declares",   "declared",
    "announce",    "announced",  "announces",   "write",        "writes",     "wrote",
    "tweeted",     "tweets",     "posted",      "recalled",     "recalls",    "continued",
    "replied",     "responded",  "answered",    "asked",        "asks",       "stressed",
    "stresses",    "emphasised", "emphasized",  "emphasises",   "emphasizes", "emphasising",
    "emphasizing", "underlined", "underscored", "acknowledged", "admitted",   "conceded",
    "confirmed",   "denied",     "maintained",  "contended",    "asserted",   "observed",
    "remarked",    "commented",  "predicted",   "promised",     "pledged",    "vowed",
    "suggested",   "suggests",   "cautioned",   "complained",   "quipped",    "joked",
    "mused",       "shouted",    "yelled",      "recounted",    "reiterated", "repeated",
    "retorted",    "testified",  "wondered",    "boasted",      "alleged",    "assured",
    "proclaimed",  "pronounced", "demanded",    "concluded",    "countered",  "charged",
    "lamented",    "announcing", "stating",     "explaining",   "insisting",  "urging",
    "claiming",    "declaring",  "writing",     "reported",     "reports",    "quoted",
    "quoting",     "citing",     "cited",       "affirmed",     "reaffirmed", "hinted",
    "signalled",   "signaled",   "pointed",     "indicated",    "exclaimed",  "chanted",
    "chanting",    "chants",     "screamed",    "whispered",    "muttered",   "scoffed",
    "snapped",     "thundered",  "bellowed",    "surmised",     "reasoned",   "speculated",
    "opined",      "marveled",   "marvelled"};

// RaisingKind's words in the order of its kinds: 6 verbs, 4 predicates, 2
// adverbs, 5 hedges.
constexpr std::string_view kRaisingWords[] = {
    "seem",       "seems",     "seemed",     "appear",      "appears",    "appeared",
    "expected",   "likely",    "unlikely",   "poised",      "reportedly", "allegedly",
    "apparently", "seemingly", "supposedly", "purportedly", "ostensibly"};

}  // namespace

float CueRate(std::string_view lower) {
  // The learned words and, by index, their rates (a word listed twice keeps
  // its last rate, as the map this replaces did).
  struct Table {
    WordIndex words;
    std::vector<float> rates;
  };
  static const Table* table = [] {
    std::vector<std::string_view> words;
    auto* t = new Table{WordIndex({}), {}};
    for (const CueEntry& e : kLearnedCues) {
      words.emplace_back(e.word);
      t->rates.push_back(e.rate);
    }
    t->words = WordIndex(std::move(words));
    return t;
  }();
  const int i = table->words.Find(lower);
  return i < 0 ? 0.0f : table->rates[static_cast<std::size_t>(i)];
}

bool IsSpeechVerb(std::string_view w) {
  static const WordIndex kSet(
      std::vector<std::string_view>(std::begin(kSpeechVerbs), std::end(kSpeechVerbs)));
  return kSet.Contains(w);
}

bool IsCueModifier(std::string_view w) {
  static const WordSet kSet = {
      "has",      "have",       "had",        "also",      "previously", "reportedly",
      "later",    "repeatedly", "then",       "once",      "again",      "recently",
      "publicly", "quickly",    "is",         "was",       "were",       "are",
      "will",     "would",      "had",        "already",   "often",      "frequently",
      "further",  "similarly",  "separately", "privately", "earlier",    "subsequently",
      "simply",   "just",       "even",       "still",     "never",      "flatly",
      "firmly",   "strongly",   "angrily",    "bluntly",   "openly",     "clearly",
      "has",      "had",        "did",        "does",      "do",         "not",
      "may",      "might",      "could",      "can",       "should",     "been",
      "being",    "be",         "initially",  "first",     "finally",    "told",
      "directly", "immediately"};
  if (kSet.Contains(w)) return true;
  // Any other manner adverb ("loudly said", "tersely replied"), but not the
  // nouns and adjectives in -ly that stand before a cue as its subject ("a
  // close ally said", "the family said", "the daily reported").
  static const WordSet kNotAdverb = {"family",    "ally",     "rally",   "assembly", "supply",
                                     "monopoly",  "anomaly",  "daily",   "weekly",   "monthly",
                                     "quarterly", "biweekly", "elderly", "homily",   "melancholy"};
  return w.size() >= 6 && w.substr(w.size() - 2) == "ly" && !kNotAdverb.Contains(w);
}

bool IsPronoun(std::string_view w) {
  static const WordSet kSet = {"he", "she", "they", "it", "we", "i", "you", "who"};
  return kSet.Contains(w);
}

bool IsSubjectPronoun(std::string_view w) {
  return w == "he" || w == "she" || w == "they" || w == "we" || w == "i";
}

bool IsFunctionWord(std::string_view w) {
  static const WordSet kSet = {
      "a",     "an",    "the",   "this",  "that",  "these", "those", "it",    "its",   "he",
      "she",   "they",  "we",    "i",     "you",   "me",    "him",   "her",   "them",  "us",
      "my",    "your",  "his",   "our",   "their", "which", "who",   "whom",  "whose", "what",
      "there", "here",  "then",  "so",    "and",   "or",    "but",   "if",    "as",    "of",
      "to",    "in",    "on",    "at",    "by",    "for",   "with",  "from",  "about", "over",
      "into",  "than",  "also",  "not",   "no",    "just",  "only",  "too",   "some",  "any",
      "all",   "both",  "each",  "one",   "have",  "has",   "had",   "be",    "been",  "is",
      "are",   "was",   "were",  "will",  "would", "could", "should", "can",  "may",   "might",
      "must",  "do",    "does",  "did",   "n't",   "'s"};
  return kSet.Contains(w);
}

bool IsObjectPronoun(std::string_view w) {
  return w == "him" || w == "her" || w == "them" || w == "me" || w == "us";
}

bool IsPossessive(std::string_view w) {
  static const WordSet kSet = {"his", "her", "their", "its", "my", "our", "your"};
  return kSet.Contains(w);
}

bool IsNpStopper(std::string_view w) {
  static const WordSet kSet = {
      "that",   "which", "when",   "while", "because", "if",    "but",   "since",  "although",
      "though", "after", "before", "where", "whether", "as",    "so",    "than",   "and",
      "or",     "to",    "in",     "on",    "at",      "by",    "with",  "from",   "into",
      "about",  "for",   "there",  "this",  "these",   "those", "what",  "how",    "why",
      "is",     "was",   "were",   "are",   "be",      "been",  "not",   "no",     "also",
      "has",    "have",  "had",    "will",  "would",   "can",   "could", "should", "may",
      "might",  "do",    "does",   "did",   "then",    "now",   "here",  "yet",    "even",
      "just",   "only",  "still"};
  return kSet.Contains(w);
}

bool IsDeterminer(std::string_view w) {
  static const WordSet kSet = {"the", "a",   "an",  "this", "that", "these", "those",
                               "his", "her", "its", "our",  "my",   "your",  "their"};
  return kSet.Contains(w);
}

bool IsNpFunctionWord(std::string_view w) {
  static const WordSet kSet = {"the",     "a",     "an",      "of",     "'s",  "\xE2\x80\x99s",
                               "for",     "de",    "van",     "von",    "der", "la",
                               "le",      "al",    "bin",     "and",    "its", "his",
                               "her",     "their", "another", "one",    "two", "some",
                               "several", "many",  "other",   "senior", "top", "former"};
  return kSet.Contains(w);
}

bool IsPreposition(std::string_view w) {
  static const WordSet kSet = {"in",     "on",      "at",      "by",     "for",   "with",
                               "from",   "about",   "over",    "into",   "of",    "to",
                               "under",  "through", "during",  "after",  "before", "against",
                               "among",  "between", "without", "within", "upon",  "toward",
                               "towards", "across", "behind",  "beyond", "via",   "despite"};
  return kSet.Contains(w);
}

bool IsRelativePronoun(std::string_view w) {
  return w == "who" || w == "whom" || w == "whose" || w == "which" || w == "that";
}

bool IsSubordinator(std::string_view w) {
  static const WordSet kSet = {"when",    "while",  "because", "although", "though",
                               "whereas", "unless", "after",   "before"};
  return kSet.Contains(w);
}

bool OpensFrontedClause(std::string_view w) {
  return IsSubordinator(w) || w == "since" || w == "despite" || w == "amid" || w == "following";
}

bool IsHonorific(std::string_view w) {
  static const WordSet kSet = {"mr",   "mrs",  "ms",   "miss",  "dr",  "sir", "dame",
                               "prof", "lord", "lady", "madam", "mme", "m"};
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  return kSet.Contains(w);
}

bool IsNegation(std::string_view w) { return w == "not" || w == "never" || w.ends_with("n't"); }

Raising RaisingKind(std::string_view w) {
  // One look-up for the four lists: verbs, predicates, adverbs, hedges.
  static const WordIndex kWords(
      std::vector<std::string_view>(std::begin(kRaisingWords), std::end(kRaisingWords)));
  const int i = kWords.Find(w);
  if (i < 0) return Raising::kNone;
  if (i < 6) return Raising::kVerb;
  if (i < 10) return Raising::kPredicate;
  if (i < 12) return Raising::kAdverb;
  return Raising::kHedge;
}

std::vector<std::string_view> FactWords() {
  // Every word with a fact: the learned cues, the speech verbs and the
  // raising words.
  std::vector<std::string_view> words;
  for (const CueEntry& e : kLearnedCues) words.emplace_back(e.word);
  words.insert(words.end(), std::begin(kSpeechVerbs), std::end(kSpeechVerbs));
  words.insert(words.end(), std::begin(kRaisingWords), std::end(kRaisingWords));
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

const WordFacts& Facts(std::string_view lower) {
  // Each word's facts asked of the functions above once.
  struct Table {
    WordIndex words;
    std::vector<WordFacts> facts;
  };
  static const Table* table = [] {
    std::vector<std::string_view> words = FactWords();
    auto* t = new Table{WordIndex({}), {}};
    for (std::string_view w : words)
      t->facts.push_back(WordFacts{CueRate(w), IsSpeechVerb(w), RaisingKind(w)});
    t->words = WordIndex(std::move(words));
    return t;
  }();
  static const WordFacts kNone;
  const int i = table->words.Find(lower);
  return i < 0 ? kNone : table->facts[static_cast<std::size_t>(i)];
}

const ShortFacts& ShortFacts::Get() {
  static const ShortFacts* table = new ShortFacts();
  return *table;
}

ShortFacts::ShortFacts() {
  std::vector<std::string_view> words;
  for (std::string_view w : FactWords())
    if (!w.empty() && w.size() <= 16) words.push_back(w);
  std::size_t slots = 16;
  unsigned bits = 4;
  while (slots < 4 * words.size()) slots *= 2, ++bits;
  entries_.assign(slots, Entry{});
  mask_ = slots - 1;
  shift_ = 64 - bits;
  for (std::string_view w : words) {
    Entry e;
    char bytes[16] = {};
    std::memcpy(bytes, w.data(), w.size());
    std::memcpy(&e.lo, bytes, 8);
    std::memcpy(&e.hi, bytes + 8, 8);
    e.size = static_cast<std::uint32_t>(w.size());
    e.index = static_cast<std::uint32_t>(facts_.size());
    facts_.push_back(Facts(w));
    std::size_t at = Slot(e.lo, e.hi, w.size());
    while (entries_[at].size != 0) at = (at + 1) & mask_;
    entries_[at] = e;
  }
}

bool IsSentenceOpener(std::string_view w) {
  static const WordSet kSet = {"despite", "but",       "however", "and",      "as",
                               "when",    "after",     "while",   "although", "though",
                               "since",   "meanwhile", "still",   "yet",      "so",
                               "then",    "also",      "in",      "on",       "at",
                               "for",     "with",      "because", "instead",  "moreover"};
  return kSet.Contains(w);
}

bool IsAgency(std::string_view text) {
  static const WordSet kSet = {"Reuters",
                               "AFP",
                               "Agence France-Presse",
                               "Agence France Presse",
                               "AP",
                               "Associated Press",
                               "The Associated Press",
                               "the Associated Press",
                               "Bloomberg",
                               "Interfax",
                               "TASS",
                               "Tass",
                               "RIA Novosti",
                               "RIA",
                               "Ukrinform",
                               "Xinhua",
                               "Yonhap",
                               "Kyodo",
                               "Kyodo News",
                               "dpa",
                               "DPA",
                               "EFE",
                               "ANSA",
                               "PTI",
                               "Anadolu",
                               "Anadolu Agency",
                               "UNIAN",
                               "Dow Jones",
                               "AAP",
                               "Press Association",
                               "PA",
                               "United Press International",
                               "UPI",
                               "ITAR-TASS",
                               "Europa Press",
                               "Kyiv Independent",
                               "CNN",
                               "BBC",
                               "Al Jazeera",
                               "Axios",
                               "Politico"};
  return kSet.Contains(text);
}

bool IsDiscourseAdverb(std::string_view w) {
  static const WordSet kSet = {"nevertheless", "nonetheless", "furthermore", "therefore",
                               "thus",         "indeed",      "overall",     "now",
                               "later",        "earlier",     "today",       "yesterday",
                               "likewise",     "otherwise",   "again",       "here"};
  return kSet.Contains(w) || (w.size() > 4 && w.ends_with("ly"));
}

bool IsTextVerb(std::string_view w) { return w == "read" || w == "reads"; }

bool TakesAddressee(std::string_view w) {
  static const WordSet kSet = {
      "tell",      "tells",     "told",       "telling",  "remind",   "reminds",   "reminded",
      "reminding", "assure",    "assures",    "assured",  "assuring", "inform",    "informs",
      "informed",  "informing", "notify",     "notifies", "notified", "notifying", "reassure",
      "reassures", "reassured", "reassuring", "ask",      "asks",     "asked",     "asking"};
  return kSet.Contains(w);
}

bool OpensComplement(std::string_view w) {
  static const WordSet kSet = {"that", "if",   "whether", "to",    "why",
                               "how",  "what", "when",    "where", "who"};
  return kSet.Contains(w);
}

bool IsTimeWord(std::string_view w) {
  static const WordSet kSet = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",  "yesterday",
      "today",  "tonight", "earlier",   "later",    "last",   "this",     "week",    "month",
      "year",   "morning", "afternoon", "evening",  "night",  "on",       "weekend", "recently"};
  return kSet.Contains(w);
}

bool IsPassiveAuxiliary(std::string_view w) {
  static const WordSet kSet = {"is",  "are", "was", "were", "be",  "been",   "being",  "am",
                               "'re", "’re", "get", "gets", "got", "gotten", "getting"};
  return kSet.Contains(w);
}

bool IsFiniteAuxiliary(std::string_view w) {
  static const WordSet kSet = {"is",    "are",   "was",    "were", "has",   "have",
                               "had",   "will",  "would",  "can",  "could", "may",
                               "might", "shall", "should", "must", "does",  "did"};
  return kSet.Contains(w);
}

bool IsPassiveParticiple(std::string_view w) {
  // Irregular participles of verbs that report, show or judge.
  static const WordSet kIrregular = {
      "told",      "known",     "seen",     "shown", "said",    "thought", "heard",      "held",
      "found",     "given",     "taken",    "made",  "written", "spoken",  "sought",     "chosen",
      "drawn",     "brought",   "taught",   "meant", "sent",    "read",    "understood", "forgiven",
      "forbidden", "overheard", "withheld", "kept",  "led",     "left"};
  // Participles of feeling, stance and readiness: their subject feels or
  // holds the view ("she is worried that", "they are divided over").
  static const WordSet kStance = {
      "worried",    "concerned",  "convinced",    "unconvinced", "impressed",    "unimpressed",
      "divided",    "united",     "outraged",     "shocked",     "inclined",     "disinclined",
      "poised",     "focused",    "enamored",     "enamoured",   "determined",   "committed",
      "pleased",    "displeased", "disappointed", "frustrated",  "surprised",    "excited",
      "interested", "opposed",    "prepared",     "satisfied",   "dissatisfied", "troubled",
      "alarmed",    "dismayed",   "relieved",     "amazed",      "confused",     "annoyed",
      "scared",     "terrified",  "frightened",   "tired",       "embarrassed",  "offended",
      "disturbed",  "undecided",  "engaged",      "involved",    "obsessed",     "fixated",
      "agreed",     "resigned",   "inspired",     "encouraged",  "heartened",    "thrilled",
      "delighted",  "angered",    "incensed",     "infuriated",  "horrified",    "appalled",
      "disgusted",  "irritated",  "puzzled",      "perplexed",   "baffled",      "stunned",
      "saddened",   "distressed", "depressed",    "entitled",    "obliged",      "obligated",
      "supposed",   "used",       "accustomed",   "aligned",     "allied",       "invested",
      "persuaded",  "assured",    "reassured",    "set",         "bound",        "based"};
  if (kStance.Contains(w)) return false;
  if (kIrregular.Contains(w)) return true;
  return w.size() > 4 && w.ends_with("ed");
}

}  // namespace qt::lex
