#include "detect/lexicon.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace qt::lex {
namespace {

struct CueEntry {
  const char* word;
  float rate;
  int count;
};

constexpr CueEntry kLearnedCues[] = {
#include "detect/cue_lexicon.inc"
};

using WordSet = std::unordered_set<std::string_view>;

}  // namespace

float CueRate(std::string_view lower) {
  static const auto* table = [] {
    auto* m = new std::unordered_map<std::string_view, float>();
    for (const CueEntry& e : kLearnedCues) (*m)[e.word] = e.rate;
    return m;
  }();
  auto it = table->find(lower);
  return it == table->end() ? 0.0f : it->second;
}

bool IsSpeechVerb(std::string_view w) {
  static const WordSet kSet = {
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
      "signalled",   "signaled",   "pointed",     "indicated"};
  return kSet.count(w) > 0;
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
  if (kSet.count(w) > 0) return true;
  // Any other manner adverb ("loudly said", "tersely replied"), but not the
  // nouns and adjectives in -ly that stand before a cue as its subject ("a
  // close ally said", "the family said", "the daily reported").
  static const WordSet kNotAdverb = {"family",    "ally",     "rally",   "assembly", "supply",
                                     "monopoly",  "anomaly",  "daily",   "weekly",   "monthly",
                                     "quarterly", "biweekly", "elderly", "homily",   "melancholy"};
  return w.size() >= 6 && w.substr(w.size() - 2) == "ly" && kNotAdverb.count(w) == 0;
}

bool IsPronoun(std::string_view w) {
  static const WordSet kSet = {"he", "she", "they", "it", "we", "i", "you", "who"};
  return kSet.count(w) > 0;
}

bool IsPossessive(std::string_view w) {
  static const WordSet kSet = {"his", "her", "their", "its", "my", "our", "your"};
  return kSet.count(w) > 0;
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
  return kSet.count(w) > 0;
}

bool IsNpFunctionWord(std::string_view w) {
  static const WordSet kSet = {"the",     "a",     "an",      "of",     "'s",  "\xE2\x80\x99s",
                               "for",     "de",    "van",     "von",    "der", "la",
                               "le",      "al",    "bin",     "and",    "its", "his",
                               "her",     "their", "another", "one",    "two", "some",
                               "several", "many",  "other",   "senior", "top", "former"};
  return kSet.count(w) > 0;
}

bool IsHonorific(std::string_view w) {
  static const WordSet kSet = {"mr",   "mrs",  "ms",   "miss",  "dr",  "sir", "dame",
                               "prof", "lord", "lady", "madam", "mme", "m"};
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  return kSet.count(w) > 0;
}

bool IsNegation(std::string_view w) { return w == "not" || w == "never" || w.ends_with("n't"); }

Raising RaisingKind(std::string_view w) {
  static const WordSet kVerb = {"seem", "seems", "seemed", "appear", "appears", "appeared"};
  static const WordSet kPredicate = {"expected", "likely", "unlikely", "poised"};
  static const WordSet kAdverb = {"reportedly", "allegedly"};
  static const WordSet kHedge = {"apparently", "seemingly", "supposedly", "purportedly",
                                 "ostensibly"};
  if (kVerb.count(w)) return Raising::kVerb;
  if (kPredicate.count(w)) return Raising::kPredicate;
  if (kAdverb.count(w)) return Raising::kAdverb;
  if (kHedge.count(w)) return Raising::kHedge;
  return Raising::kNone;
}

bool IsSentenceOpener(std::string_view w) {
  static const WordSet kSet = {"despite", "but",       "however", "and",      "as",
                               "when",    "after",     "while",   "although", "though",
                               "since",   "meanwhile", "still",   "yet",      "so",
                               "then",    "also",      "in",      "on",       "at",
                               "for",     "with",      "because", "instead",  "moreover"};
  return kSet.count(w) > 0;
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
  return kSet.count(text) > 0;
}

}  // namespace qt::lex
