// detect: quote spans from quote marks, then cues, sources and reported
// speech from a token view of each sentence.
//
// The work is done on the normalised text in three passes:
//  1. quote marks are paired per paragraph into quoted spans (straight marks
//     resolved by their neighbours, „…“ and »…« handled, a paragraph that ends
//     inside a quote continues when the next one reopens it);
//  2. each quoted span looks for its attribution after the closing mark
//     ("…," she said / said Smith) and before the opening mark (Smith said:
//     "…"); a span with a reporting clause before it ("Smith said the plan was
//     "a mistake"") becomes part of a mixed quote; short spans with no cue
//     are scare quotes or titles and are dropped;
//  3. sentences with a cue outside any quote give reported speech:
//     "according to X, …", "…, X said.", "X said (that) …".
#include "quotetrack/detect.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>

#include "detect/lexicon.h"
#include "detect/tagger.h"
#include "detect/tokens.h"
#include "detect/word_class.h"

namespace qt {

struct Detector::Impl {};

Detector::Detector() : impl_(std::make_unique<Impl>()) {}
Detector::~Detector() = default;

const Detector& Detector::Default() {
  static const Detector kDetector;
  return kDetector;
}

namespace {

using detect_internal::IsBegin;
using detect_internal::kBCon;
using detect_internal::kBCue;
using detect_internal::kBSrc;
using detect_internal::kO;
using detect_internal::kRuleContent;
using detect_internal::kRuleCue;
using detect_internal::kRuleDirect;
using detect_internal::kRuleNone;
using detect_internal::kRuleSource;
using detect_internal::NamesNoStatement;
using detect_internal::OneContentPerCue;
using detect_internal::RuleRole;
using detect_internal::RunView;
using detect_internal::SpanKind;
using detect_internal::TagDoc;
using detect_internal::Tagger;
using detect_internal::Token;
using detect_internal::Tokenize;
using detect_internal::TokenKind;

// A quoted span: pieces of content (one per paragraph it runs over).
struct QSpan {
  std::size_t open = 0;   // offset of the opening mark
  std::size_t close = 0;  // offset just past the closing mark (or paragraph end)
  std::vector<Span> pieces;
  bool closed = true;
};

bool IsSpaceOrOpenPunct(std::string_view text, std::size_t pos) {
  if (pos == 0) return true;
  unsigned char c = static_cast<unsigned char>(text[pos - 1]);
  return std::isspace(c) || c == '(' || c == '[' || c == '{' || c == '-' || c == '/' || c == ':' ||
         c == ',' || c == ';' || c == '>' || c >= 0x80;
}

bool FollowedByWordChar(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return false;
  unsigned char c = static_cast<unsigned char>(text[pos]);
  return std::isalnum(c) || c >= 0x80;
}

bool PrecededByWordChar(std::string_view text, std::size_t pos) {
  if (pos == 0) return false;
  unsigned char c = static_cast<unsigned char>(text[pos - 1]);
  return std::isalnum(c) || c >= 0x80;
}

// Prepositions of where something was said ("said in a statement", "said
// at a rally", "during the debate", "on television").
bool IsPlacePreposition(std::string_view w) {
  return w == "in" || w == "at" || w == "during" || w == "on";
}

// A dash token: em, en or horizontal bar, or a typed "--".
bool IsDash(std::string_view w) {
  return w == "\xE2\x80\x94" || w == "\xE2\x80\x93" || w == "\xE2\x80\x95" || w == "--";
}

// A verb of belief or feeling that reports a held view ("strategists think
// …", "she feared …").
bool IsBeliefVerb(std::string_view w) {
  // By size, so that most words are turned away on their size or first
  // byte (this runs for every word of every sentence).
  static constexpr std::string_view kBySize[][13] = {
      /*4*/ {"know", "knew", "feel", "felt", "fear", "hope"},
      /*5*/ {"think", "knows", "feels", "fears", "doubt", "hopes", "hoped", "worry"},
      /*6*/ {"thinks", "feared", "doubts", "assume", "expect", "reckon"},
      /*7*/
      {"thought", "believe", "doubted", "suspect", "assumes", "assumed", "realize", "expects",
       "worries", "worried", "imagine", "predict", "reckons"},
      /*8*/ {"believes", "believed", "suspects", "realizes", "realized", "imagined", "predicts"},
      /*9*/ {"suspected", "predicted"},
      /*10*/ {"understand"},
      /*11*/ {"understands"}};
  if (w.size() < 4 || w.size() > 11) return false;
  for (std::string_view v : kBySize[w.size() - 4])
    if (!v.empty() && v[0] == w[0] && v == w) return true;
  return false;
}

// Whether a mark acts as an opening mark here. `inside` tells whether a
// quote of this level is already open.
bool ActsAsOpen(std::string_view text, const QuoteMark& m, bool inside) {
  if (m.role == MarkRole::kOpen) {
    // “ closes a „ quote; inside a quote an opening mark right after a word is
    // a (German-style) closing one.
    return !(inside && PrecededByWordChar(text, m.pos));
  }
  if (m.role == MarkRole::kClose) {
    if (inside || !FollowedByWordChar(text, m.pos + m.len)) return false;
    // »…« style: a closing guillemet glued to the next word opens.
    if (m.cp == U'\u00BB') return IsSpaceOrOpenPunct(text, m.pos);
    // A paragraph that opens on a closing double mark glued to a word
    // ("”Fear. I am afraid …” ― A. Reader"): a typist's wrong-way opening
    // mark, for nothing can close at the start of a paragraph.
    std::size_t p = m.pos;
    while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t')) --p;
    return m.cp == U'\u201D' && (p == 0 || text[p - 1] == '\n');
  }
  // Straight marks.
  bool space_before = IsSpaceOrOpenPunct(text, m.pos);
  std::size_t after = m.pos + m.len;
  bool space_after = after >= text.size() || std::isspace(static_cast<unsigned char>(text[after]));
  if (inside) return false;
  return space_before && !space_after;
}

bool ActsAsClose(std::string_view text, const QuoteMark& m) {
  if (m.role == MarkRole::kClose) return true;
  if (m.role == MarkRole::kOpen) return m.cp == U'\u201C' || m.cp == U'\u00AB' || m.cp == U'\u2018';
  std::size_t after = m.pos + m.len;
  bool word_after = FollowedByWordChar(text, after);
  return !word_after || !PrecededByWordChar(text, m.pos);
}

// Is a single-level mark an apostrophe ("haven’t", "Kyiv’s", "’90s")?
bool IsApostrophe(std::string_view text, const QuoteMark& m) {
  if (m.level != MarkLevel::kSingle) return false;
  if (m.cp != U'\'' && m.cp != U'\u2019') return false;
  return PrecededByWordChar(text, m.pos) && FollowedByWordChar(text, m.pos + m.len);
}

bool InFurniture(const NormalisedText& norm, std::size_t pos) {
  auto it = std::upper_bound(norm.furniture.begin(), norm.furniture.end(), pos,
                             [](std::size_t p, const Span& s) { return p < s.end; });
  return it != norm.furniture.end() && it->start <= pos;
}

// Pairs marks of one level within paragraphs. Double-level spans are found
// first; single-level spans only outside them (inner ‘…’ stays inside).
std::vector<QSpan> PairMarks(const NormalisedText& norm, MarkLevel level,
                             const std::vector<QSpan>& outer) {
  const std::string& text = norm.text;
  std::vector<QSpan> out;
  std::size_t mi = 0;
  const auto& marks = norm.marks;
  // The outer spans as merged open intervals (open, close), sorted, so that
  // each mark is a binary search rather than a walk over every outer span
  // (quadratic in documents with thousands of quotes).
  std::vector<std::pair<std::size_t, std::size_t>> outer_iv;
  outer_iv.reserve(outer.size());
  for (const QSpan& q : outer) outer_iv.emplace_back(q.open, q.close);
  std::sort(outer_iv.begin(), outer_iv.end());
  std::vector<std::pair<std::size_t, std::size_t>> merged_iv;
  for (const auto& iv : outer_iv) {
    if (!merged_iv.empty() && iv.first < merged_iv.back().second) {
      merged_iv.back().second = std::max(merged_iv.back().second, iv.second);
    } else {
      merged_iv.push_back(iv);
    }
  }
  auto inside_outer = [&](std::size_t pos) {
    auto it = std::lower_bound(merged_iv.begin(), merged_iv.end(), pos,
                               [](const auto& iv, std::size_t p) { return iv.first < p; });
    return it != merged_iv.begin() && pos < std::prev(it)->second;
  };
  bool carrying = false;  // a quote continues from the previous paragraph
  QSpan cur;
  for (std::size_t pi = 0; pi < norm.paragraphs.size(); ++pi) {
    const Span para = norm.paragraphs[pi];
    while (mi < marks.size() && marks[mi].pos < para.start) ++mi;
    bool inside = false;
    std::size_t content_start = 0;
    char32_t opener = 0;
    char32_t nested_opener = 0;
    if (carrying) {
      // The continuation must reopen at the start of the paragraph.
      if (mi < marks.size() && marks[mi].pos == para.start && marks[mi].level == level &&
          ActsAsOpen(text, marks[mi], false)) {
        inside = true;
        content_start = marks[mi].pos + marks[mi].len;
        opener = marks[mi].cp;
        ++mi;
      } else {
        // Not reopened: the quote ended with the previous paragraph, and
        // the next quote starts afresh.
        cur.closed = false;
        out.push_back(cur);
        cur = QSpan();
      }
      carrying = false;
    }
    for (; mi < marks.size() && marks[mi].pos < para.end; ++mi) {
      const QuoteMark& m = marks[mi];
      if (m.level != level || IsApostrophe(text, m)) continue;
      if (level == MarkLevel::kSingle && inside_outer(m.pos)) continue;
      if (!inside) {
        if (ActsAsOpen(text, m, false)) {
          inside = true;
          content_start = m.pos + m.len;
          opener = m.cp;
          if (cur.pieces.empty()) cur.open = m.pos;
        }
        continue;
      }
      // Inside: a quote of another style opens a nested one («… „…“ …»),
      // whose marks are skipped until it closes.
      if (nested_opener != 0) {
        bool nested_close =
            (nested_opener == U'\u201E' && (m.cp == U'\u201C' || m.cp == U'\u201D')) ||
            (nested_opener == U'\u201C' && m.cp == U'\u201D') ||
            (nested_opener == U'\u00AB' && m.cp == U'\u00BB') ||
            (nested_opener == U'\u00BB' && m.cp == U'\u00AB');
        if (nested_close) nested_opener = 0;
        continue;
      }
      if (m.role == MarkRole::kOpen && m.cp != opener && opener != 0 &&
          !PrecededByWordChar(text, m.pos) && FollowedByWordChar(text, m.pos + m.len) &&
          !(opener == U'\u201E' && m.cp == U'\u201C')) {
        nested_opener = m.cp;
        continue;
      }
      bool closes = ActsAsClose(text, m);
      if (opener == U'\u201E' && m.cp == U'\u201C') closes = true;
      if (opener == U'\u00BB' && m.cp == U'\u00AB') closes = true;
      if (!closes) {
        // A fresh opener inside an open quote: the first was unbalanced;
        // restart from here.
        if (ActsAsOpen(text, m, false) && m.role == MarkRole::kOpen) {
          cur = QSpan();
          cur.open = m.pos;
          content_start = m.pos + m.len;
          opener = m.cp;
        }
        continue;
      }
      if (level == MarkLevel::kSingle && FollowedByWordChar(text, m.pos + m.len)) continue;
      cur.pieces.push_back({content_start, m.pos});
      cur.close = m.pos + m.len;
      if (!InFurniture(norm, cur.open)) out.push_back(cur);
      cur = QSpan();
      inside = false;
    }
    if (inside) {
      // Paragraph ends inside a quote: a multi-paragraph quote if the next
      // paragraph reopens, else an unbalanced mark closed at paragraph end.
      cur.pieces.push_back({content_start, para.end});
      cur.close = para.end;
      if (cur.pieces.size() == 1 && cur.open == 0 && content_start > 0) {
        // The opening mark's first byte: marks are multi-byte (“ is 3), and
        // an offset inside one is not a character boundary.
        std::size_t p = content_start - 1;
        while (p > 0 && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) --p;
        cur.open = p;
      }
      carrying = level == MarkLevel::kDouble;
      if (!carrying) {
        // A single mark left open is an apostrophe or typo, not a quote.
        cur = QSpan();
      }
    }
  }
  if (carrying) {
    cur.closed = false;
    out.push_back(cur);
  }
  return out;
}

std::size_t WordCount(std::string_view s) {
  std::size_t n = 0;
  bool in = false;
  for (unsigned char c : s) {
    bool w = std::isalnum(c) || c >= 0x80 || c == '\'';
    if (w && !in) ++n;
    in = w;
  }
  return n;
}

// Text already claimed by a quote, kept as disjoint merged intervals so that
// "is this position claimed?" is a binary search. (A list walked per token
// made a document with thousands of quotes quadratic.)
class ClaimedSpans {
 public:
  void Add(Span s) {
    if (s.empty()) return;
    auto it = by_start_.upper_bound(s.start);
    if (it != by_start_.begin()) {
      auto prev = std::prev(it);
      if (prev->second >= s.start) {
        s.start = prev->first;
        s.end = std::max(s.end, prev->second);
        it = by_start_.erase(prev);
      }
    }
    while (it != by_start_.end() && it->first <= s.end) {
      s.end = std::max(s.end, it->second);
      it = by_start_.erase(it);
    }
    by_start_.emplace(s.start, s.end);
  }
  // Whether any claimed text lies in [s.start, s.end).
  bool Overlaps(Span s) const {
    if (s.empty()) return false;
    auto it = by_start_.lower_bound(s.end);  // the first interval starting at or after the end
    if (it == by_start_.begin()) return false;
    return std::prev(it)->second > s.start;
  }
  bool Contains(std::size_t pos) const {
    auto it = by_start_.upper_bound(pos);
    if (it == by_start_.begin()) return false;
    return pos < std::prev(it)->second;
  }

 private:
  std::map<std::size_t, std::size_t> by_start_;  // start -> end
};

struct Sentence {
  Span span;
  std::size_t first_token = 0;
  std::size_t end_token = 0;
};

class DocDetector {
 public:
  // (The document itself is not needed: everything is read from `norm`.)
  DocDetector(const Document& /*doc*/, const NormalisedText& norm) : norm_(norm) {}

  std::vector<Quote> Run();
  // The rule passes only, then the tagger's view of the document (the
  // trainer's entry point: the same features as at run time).
  TagDoc RulesThenTagDoc();

 private:
  void RulePasses();
  // With `share`, the TagDoc reads tokens_ in place (valid while this
  // detector lives) instead of holding a copy.
  TagDoc BuildTagDoc(bool share = false) const;
  // Adds the tagger's attributions that the rules did not find.
  void TaggerPass(const Tagger& tagger, const TagDoc& doc);
  // Token helpers.
  std::size_t SentenceOf(std::size_t pos) const;
  std::size_t FirstTokenAt(std::size_t pos) const;
  bool IsCue(std::size_t t, float min_rate) const;
  // The source noun phrase ending just before token `end` (exclusive),
  // scanning back no further than `limit`. Returns an empty span if none.
  Span NpBefore(std::size_t end, std::size_t limit) const;
  // The source noun phrase starting at token `start`, up to `limit`.
  Span NpAfter(std::size_t start, std::size_t limit) const;
  // "According to X, CONTENT" or "CONTENT, according to X": the frame set
  // off by a comma right before or right after content tokens [a, b) in
  // their sentence. Sets the cue ("according to") and the source (X, with an
  // apposition set off by commas); false if there is none.
  bool AccordingFrame(std::size_t a, std::size_t b, Span* cue, Span* source) const;
  // An apposition opened by the comma at token `comma` ("X, the union's
  // chief negotiator, said"): the token that closes it, the first after at
  // most 13 words that is not a word, or `limit`. Whoever calls decides
  // which closing tokens it accepts (a comma, a full stop).
  std::size_t AppositionClose(std::size_t comma, std::size_t limit) const;
  std::size_t SkipModifiersBack(std::size_t t, std::size_t limit) const;
  // "Tomas Calloway, 58, whose family …, said": when a comma stands right
  // before the cue at `end`, the subject is the noun phrase before the first
  // comma of the clause. Empty if none.
  Span AppositiveSubject(std::size_t end, std::size_t limit) const;
  bool Attribution(std::size_t from, std::size_t to, Span* cue, Span* source,
                   std::size_t* end_token) const;
  bool AttributionBefore(std::size_t from, std::size_t to, Span* cue, Span* source,
                         bool* light) const;
  void ReportedSpeech(const Sentence& s);
  // Records reported speech with `content` (normalised); mixed if it holds a
  // quoted span, whose end then bounds the content.
  // `extra`, when given, is a second piece of the same content on the other
  // side of a parenthetical attribution ("A, she said, B").
  void Emit(Span content, Span cue, Span source, Span extra = {});
  // The clause on the other side of an attribution set off by commas
  // ("A, X said, B") from the content [a, b): empty if there is none.
  Span ParentheticalPiece(std::size_t a, std::size_t b, Span cue, Span source) const;
  // "which critics said was unfair", "what officials called a compromise",
  // "whom he described as …": a cue inside a relative clause, its content
  // after it, reports the clause's pronoun too (it stands for part of what
  // was said). Returns the pronoun as a piece of the content, or empty.
  Span RelativePronounPiece(Span content, Span cue, Span source) const;
  void DirectQuotes();
  // A transcript quoted whole ('"WALLACE: …' / '"PENCE: …', one opening mark
  // per paragraph, as a quotation of several paragraphs is written) is one
  // direct quote per turn: each paragraph that opens on a speaker label in
  // capitals and a colon starts a turn by that speaker; paragraphs without
  // a label go on with the turn before. Only where two or more paragraphs
  // of the quote are labelled.
  void TranscriptTurns();
  // Removes the reports whose flag in `drop` (one per report) is set,
  // keeping the others in order.
  void EraseFound(const std::vector<bool>& drop);
  // "The letter continues: "…"", "Article 33 affirms: "…"", "the board was
  // blunt in its findings: "…"": a direct quote left without a speaker
  // whose sentence opens with a clause that ends in a colon right before
  // it. The clause's subject (its words up to its first verb) is the
  // source, the rest up to the colon the cue. After the tagger.
  void ColonIntroductions();
  // A lower-case word that can be a clause's finite verb: a speech verb, a
  // finite auxiliary, or an -s / -ed form WordNet knows as a verb.
  bool VerbLike(const Token& k) const;
  // "A declined the offer, according to a person familiar with the talks."
  // The source of "according to" is what follows it: a report whose cue
  // opens with "according to" and whose source stands before the cue (the
  // tagger's roles the wrong way round) is read again as the clause: the
  // words before the comma (and, for an insert, "His criticism, according
  // to X, was …", the rest of the sentence) the content, the noun phrase
  // after "according to" the source.
  void AccordingSourceAfter();
  // Whether quote `q` is the rest of the split quote `prev`, whose
  // attribution clause ends at `attr_end`: in the same paragraph, with nothing
  // between them but that clause running on ("…," she said after the vote.
  // "…") or an apposition of the speaker inside one sentence ("…," said X, an
  // economist who …, "is …").
  bool SplitQuoteRest(const QSpan& prev, std::size_t attr_end, const QSpan& q) const;
  // Whether token t is a cue that only sets the scene of the speech: a
  // participle after a subordinator ("when asked about", "after being
  // pressed on") reports nothing of its own.
  bool SceneParticiple(std::size_t t, std::size_t from) const;
  // Whether words [a, b) after an attribution's cue are only its
  // circumstance ("said to a crowd of 500", "said as he opened the vote",
  // "said in response"), not a report of its own ("said that …", "said in
  // an interview she …").
  bool CircumstanceAfterCue(std::size_t a, std::size_t b) const;
  // "Judging by the polls, Hale said, "is like …"": a quote that carries on
  // the sentence's own opening words across an attribution set off by commas
  // (it opens in lower case) says those words too. Returns them, or empty.
  Span LeadBefore(const QSpan& q, Span cue, Span source) const;
  // "This is a "raw time," said X": a quote attributed after its close
  // that opens inside a clause of the sentence (a word right before the
  // mark, no cue, no other quote) reports that clause's opening words too.
  // Returns them, or empty.
  Span OpeningWords(const QSpan& q) const;
  // Tokens [x, y) past their leading punctuation, as one span, when they
  // hold `min_words` words and none is a quote mark, claimed text or (with
  // `no_cue`) a cue: the writer's own words before a quote. Empty otherwise.
  Span FreeWords(std::size_t x, std::size_t y, bool no_cue, std::size_t min_words) const;
  // "Sanders appeared to dismiss the issue", "the plant is expected to
  // close", "he reportedly left": how things seem or are said to be, with
  // no speaker. The subject and the rest of the clause are the content (two
  // pieces), the raising words the cue. Only where nothing else claimed the
  // words.
  void RaisingPass(const Sentence& sent);
  // "The breaking point, she wrote, came on Friday": an attribution set off
  // by commas inside the sentence it reports. The words before and after it
  // are the content (two pieces). Only where nothing else claimed them.
  void ParentheticalReport(const Sentence& sent);
  // "CONTENT, said A B, director of the C institute at D." The sentence
  // ends in an inverted attribution whose apposition is too long for the
  // rule pass's short tail. Only where nothing claimed any of its words.
  void InvertedReport(const Sentence& sent);
  // A sentence that ends "CONTENT, NP VERB." where nothing claimed its
  // words: a speaker or a document after the content ("…, state election
  // records show.", "…, he estimated."), the verb a speech verb or one the
  // cue lexicon often finds reporting.
  void TrailingReport(const Sentence& sent);
  // "Some strategists think (that) CLAUSE": a verb of belief or feeling
  // with its subject before it and a clause after it, where nothing claimed
  // any of it. The rules' cues are verbs of saying; PolNeAR (and a reader
  // following who holds which view) counts a held view as attributed too.
  void BeliefReport(const Sentence& sent);
  // "Tuesday, in her last speech, Clinton plans to call for …, X said." and
  // "As of Wednesday, CONTENT, according to X.": a report whose cue and
  // source end the sentence after a comma vouches for the whole sentence
  // before them, a fronted phrase included, past only a dateline and
  // connectives ("In fact,", "But", "Meanwhile,"). Widens such a content
  // back to there, taking in what the tagger read as smaller reports inside
  // it (PolNeAR's annotation is flat: one report per stretch of text),
  // unless a quote mark, or a report reaching out of the stretch, is in the
  // way. (PolNeAR train: 205 of 253 contents before a sentence-final
  // "according to" start at the sentence start.)
  void TrailingWholeSentence();
  // "Crawford, who recalled …, said in an interview": a relative pronoun
  // taken for the source of a cue after the relative clause has closed (a
  // comma between them) is the noun phrase it stands for.
  void RelativeSourceAntecedent();
  // A speech verb's form used as a noun ("the 15 states that held
  // primaries", "the Islamic State", "secretary of state", "Editor's
  // note") reports nothing: drops the reports whose whole cue is such a
  // word after a determiner, number, possessive or "of", or capitalised
  // inside its sentence.
  void DropNounCues();
  // Whether tokens [a, b) are only a term in quote marks after "so-called"
  // (the so-called "summer clause"): a name for something, not speech.
  bool SoCalledTerm(std::size_t a, std::size_t b) const;
  // Whether tokens [a, b) can name a speaker: not only numbers or dates
  // ("in 2013 alleging"), not a lone connective or subordinator ("So",
  // "whether").
  bool PlausibleMention(std::size_t a, std::size_t b) const;
  // A sign-off right after a quote's closing mark, in tokens [from, to): a
  // dash and a capitalised name, perhaps with an apposition, then nothing
  // else ("“…” ― Tessa Moor, 34"). Sets the dash as the cue and the name as
  // the source, and *end past the sign-off.
  bool SignOff(std::size_t from, std::size_t to, Span* cue, Span* source, std::size_t* end) const;
  // Tokens of a request not to be named opening [a, b) ("anonymity", "not
  // to be named", "to remain anonymous"), 0 if none.
  std::size_t AnonymityRequest(std::size_t a, std::size_t b) const;
  // "The farmer looked at the hall, shook his head and said": for a cue
  // after "and" that closes a chain of verbs, the subject that opens the
  // clause (after a leading "When …," clause). Empty if none is plain.
  Span CoordinatedSubject(std::size_t cue_token) const;
  // The subject of the clause whose verb is at token `v`: a noun phrase
  // opening the sentence (or after its leading subordinate clause, or a
  // ";"/":"), up to five words and before the first verb-like word.
  Span ClauseSubject(std::size_t v) const;
  // Whether a subject starting at token `t` (after its sentence's first)
  // opens a clause: the token before it is punctuation or a conjunction or
  // subordinator ("but", "and", "while", "as", "when", "because", "though",
  // "although", "after").
  bool OpensClause(std::size_t t) const;
  // The subject a noun phrase `np` before a cue belongs to when it is the
  // end of a relative clause or participle phrase on that subject: "a
  // ministry official who spoke on condition of anonymity to discuss the
  // talks said" -> "a ministry official"; "another source speaking to the
  // Harbor Gazette said" -> "another source". Else `np`.
  Span HeadBeforeModifier(Span np, std::size_t from) const;
  // Whether token t follows a comma or a preposition, the comma possibly
  // inside the closing mark of a quote before ("…opportunity," adding …).
  bool AfterCommaOrPreposition(std::size_t t) const;
  // Whether `cue` is a passive ("was asked about", "has been widely
  // criticized", "is seen as", a fronted "Asked about …,"): a passive
  // auxiliary, perhaps adverbs, then a passive participle, inside the cue or
  // right before it; or the participle opening its sentence (after "When").
  // Its subject is the one asked or the thing spoken of, never the speaker;
  // the speaker is the agent of "by" right after the participle or the cue,
  // returned in *agent (empty if none).
  bool PassiveCue(Span cue, Span* agent) const;
  // Where the content of a cue ending at token `cue_last` starts, given a
  // run that starts right after it at `a` (before `b`): past the person
  // told ("told reporters at a rally | that …", "told him | he …") and past
  // a time ("said Saturday | that …").
  std::size_t ContentAfterAddressee(std::size_t cue_last, std::size_t a, std::size_t b) const;
  // The end of content tokens [a, b) before ", and" + a speech or cue verb
  // (perhaps after "has", "also"): the subject's next report, not part of
  // this one. `b` when there is none.
  std::size_t BeforeNextReport(std::size_t a, std::size_t b) const;
  // The same for a content span: `s` up to the end of the last token
  // BeforeNextReport keeps.
  Span BeforeNextReport(Span s) const;
  // Claims the pieces of a direct quote with the marks around them.
  void ClaimPieces(const std::vector<Span>& pieces);
  // The text of `s` without trailing white space.
  std::string_view RightTrimmed(Span s) const;
  // Whether quoted text `s` ends as a clause does (". ! ? ," or an ellipsis).
  bool EndsClause(Span s) const;
  // Whether the first letter or digit of `s` is a lower-case letter.
  bool OpensLowerCase(Span s) const;
  Quote Make(QuoteKind kind, std::vector<Span> pieces, Span cue, Span source) const;
  // A source mention without what is not part of it: a leading connective
  // ("However, the talks …") and the verb phrase after a subject ("it has
  // raised concerns, suggesting": it). The mention itself when nothing is to
  // go, or nothing plausible would stay.
  // Tokens [a, b) opening on a dateline (a word in capitals, then a dash
  // within a dozen tokens: "PORT ELLIS, Vandor (Coastline Wire) —"): the
  // token after the dash; else `a`.
  std::size_t AfterDateline(std::size_t a, std::size_t b) const;
  Span TidySource(Span source) const;
  bool CoveredByQuote(std::size_t pos) const;
  // Length of the quote mark starting at / ending at `pos` (0 if none).
  std::size_t MarkAt(std::size_t pos) const;
  std::size_t MarkEndingAt(std::size_t pos) const;
  // The last paragraph starting at or before `pos` (paragraphs are sorted and
  // disjoint), or nullptr: a binary search instead of a walk over all of them,
  // which made documents with many paragraphs quadratic.
  const Span* ParagraphAtOrBefore(std::size_t pos) const;
  std::string Text(Span s) const { return norm_.text.substr(s.start, s.size()); }

  const NormalisedText& norm_;
  std::vector<Token> tokens_;
  // FirstTokenAt's answer for every eighth position 0, 8, 16, ... up to the
  // text size (built once the tokens are; FirstTokenAt is asked ~700 times
  // per document, a binary search each): a query walks on from the answer of
  // the eighth position at or before it, past at most a few tokens.
  static constexpr unsigned kTokenAtShift = 3;
  std::vector<std::uint32_t> first_token_at_;
  std::vector<Sentence> sentences_;
  ClaimedSpans used_;  // text already claimed by a quote (normalised)
  struct Found {
    Quote quote;
    std::size_t order = 0;  // normalised start, for sorting
    // The same spans in normalised offsets (the tagger's stacked features).
    std::vector<Span> pieces;
    Span cue, source;
  };
  // Whether the rules' reported speech `f` is a speech verb's that-clause:
  // "X warned that CONTENT", the content opening at "that".
  bool SaysThatClause(const Found& f) const;
  std::vector<Found> found_;
  std::vector<QSpan> spans_;
};

void DocDetector::Emit(Span content, Span cue, Span source, Span extra) {
  bool mixed = false;
  for (const QSpan& q : spans_) {
    if (q.close > content.start && q.open < content.end) {
      mixed = true;
      if (q.close > content.end) content.end = q.close;
      if (q.open < content.start) content.start = q.open;
    }
  }
  // Keep the closing quote mark out of the stripped edge but inside the span
  // when the content ends with a quote; trim trailing sentence punctuation.
  while (content.end > content.start) {
    char c = norm_.text[content.end - 1];
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == ' ') {
      --content.end;
      continue;
    }
    break;
  }
  if (content.empty()) return;
  std::vector<Span> pieces = {content};
  if (!extra.empty()) {
    if (extra.start < content.start)
      pieces.insert(pieces.begin(), extra);
    else
      pieces.push_back(extra);
  }
  Found f;
  f.quote = Make(mixed ? QuoteKind::kMixed : QuoteKind::kIndirect, pieces, cue, source);
  f.order = pieces.front().start;
  f.pieces = pieces;
  f.cue = cue;
  f.source = source;
  found_.push_back(std::move(f));
  for (const Span& piece : pieces) used_.Add(piece);
}

Span DocDetector::ParentheticalPiece(std::size_t a, std::size_t b, Span cue, Span source) const {
  if (cue.empty() || source.empty() || b <= a) return {};
  const std::size_t lo = FirstTokenAt(std::min(cue.start, source.start));
  const std::size_t hi = FirstTokenAt(std::max(cue.end, source.end));  // one past the last
  const Sentence& sent = sentences_[SentenceOf(tokens_[a].start)];
  const std::size_t first = sent.first_token, last = sent.end_token;
  if (lo <= first || hi >= last) return {};
  auto comma = [&](std::size_t t) { return t < tokens_.size() && tokens_[t].lower == ","; };
  auto words_free = [&](std::size_t x, std::size_t y) -> Span {
    // Edges trimmed of punctuation; at least two words, none quoted or
    // taken, or one that opens the sentence ("But, he said, …", "Instead,
    // X said, …").
    while (x < y && tokens_[x].kind != TokenKind::kWord) ++x;
    while (y > x && tokens_[y - 1].kind != TokenKind::kWord) --y;
    if (y < x + (x == first ? 1 : 2)) return {};
    for (std::size_t t = x; t < y; ++t)
      if (CoveredByQuote(tokens_[t].start) || used_.Contains(tokens_[t].start) ||
          tokens_[t].is_mark)
        return {};
    return {tokens_[x].start, tokens_[y - 1].end};
  };
  // "A, X said, [content]": the clause before the first comma.
  if (comma(lo - 1) && comma(hi) && hi + 1 == a) return words_free(first, lo - 1);
  // "[content], X said, B": the clause after the second comma.
  if (comma(b) && b + 1 == lo && comma(hi)) return words_free(hi + 1, last);
  return {};
}

Span DocDetector::RelativePronounPiece(Span content, Span cue, Span source) const {
  if (cue.empty() || content.start < cue.end) return {};
  if (!source.empty() && source.start > cue.start) return {};
  const std::size_t ft = FirstTokenAt(source.empty() ? cue.start : source.start);
  if (ft == 0) return {};
  const Token& w = tokens_[ft - 1];
  if (w.lower != "which" && w.lower != "what" && w.lower != "who" && w.lower != "whom") return {};
  if (SentenceOf(w.start) != SentenceOf(cue.start) || used_.Contains(w.start) ||
      CoveredByQuote(w.start))
    return {};
  // "in which he says he will …": the pronoun is the preposition's.
  if (ft >= 2 && lex::IsPreposition(tokens_[ft - 2].lower)) return {};
  return {w.start, w.end};
}

bool DocDetector::SplitQuoteRest(const QSpan& prev, std::size_t attr_end, const QSpan& q) const {
  const std::string& text = norm_.text;
  if (prev.pieces.empty() || q.pieces.empty() || prev.close > q.open || attr_end > q.open)
    return false;
  if (text.find('\n', prev.close) < q.open) return false;
  const std::size_t from = FirstTokenAt(prev.close), to = FirstTokenAt(q.open);
  constexpr std::size_t kMaxGap = 40;  // tokens: one attribution sentence
  if (to < from || to - from > kMaxGap) return false;
  for (std::size_t t = from; t < to; ++t)
    if (tokens_[t].is_mark) return false;
  // The rest is a whole quoted clause: it ends with its own punctuation, not
  // inside a sentence of the writer's ("…" to drive up the price).
  if (!EndsClause(q.pieces.back())) return false;
  // "…," said X, an economist who …, "is that …": the quoted sentence runs on.
  const bool runs_on =
      RightTrimmed(prev.pieces.back()).ends_with(',') && OpensLowerCase(q.pieces.front());
  // The words after the attribution report nothing of their own ("adding
  // that …", "and, he said, …"): a circumstance at most ("said of the plan",
  // "speaking at a rally").
  const std::size_t tail = FirstTokenAt(attr_end);
  if (SentenceOf(q.open) > SentenceOf(attr_end) + 1) return false;
  for (std::size_t t = tail; t < to; ++t) {
    // A capitalised cue word inside the apposition is part of a name ("the
    // director of the Midvale Forecast").
    if (!IsCue(t, 0.6f) || tokens_[t].cap || SceneParticiple(t, tail)) continue;
    const std::string& w = tokens_[t].lower;
    const std::string next = t + 1 < to ? tokens_[t + 1].lower : std::string();
    const bool circumstance =
        w.size() > 4 && w.ends_with("ing") &&
        (next == "at" || next == "to" || next == "on" || next == "in" || next == "with" ||
         next == "from" || next == "after" || next == "before" || next == "during" ||
         (next.size() > 3 && next.ends_with("ly")));
    if (!circumstance) return false;
  }
  std::size_t e = q.open;
  while (e > prev.close && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  const char before = e > prev.close ? text[e - 1] : '\0';
  // The running-on rest comes right after the attribution's closing comma;
  // a fragment inside the apposition's own clause ("said X, who thinks the
  // staff "need to listen"") is that clause's, not the speaker's.
  if (runs_on) return before == ',';
  // Otherwise a new quoted sentence after the clause has ended.
  return before == '.' || before == ':' || before == ';' || e == prev.close;
}

bool DocDetector::SceneParticiple(std::size_t t, std::size_t from) const {
  const std::string& w = tokens_[t].lower;
  if (!(w.ends_with("ed") || w == "told") || t <= from) return false;
  std::size_t p = t - 1;
  if (tokens_[p].lower == "being" && p > from) --p;
  const std::string& s = tokens_[p].lower;
  return s == "when" || s == "after" || s == "before" || s == "if" || s == "as" || s == "once" ||
         s == "until" || s == "unless" || s == "while";
}

bool DocDetector::CircumstanceAfterCue(std::size_t a, std::size_t b) const {
  if (a >= b || tokens_[a].kind != TokenKind::kWord) return false;
  const std::string& first = tokens_[a].lower;
  if (first == "that" || !(lex::IsPreposition(first) || first == "as" || first == "when" ||
                           first == "while" || first == "after" || first == "before"))
    return false;
  constexpr std::size_t kMaxWords = 15;
  std::size_t words = 0;
  for (std::size_t t = a; t < b; ++t) {
    const Token& tok = tokens_[t];
    if (tok.kind != TokenKind::kWord) continue;
    if (++words > kMaxWords) return false;
    if (tok.lower == "that" || tok.lower == "whether" || tok.lower == "which") return false;
    if (t > a && IsCue(t, 0.6f) && !SceneParticiple(t, a)) return false;
  }
  return true;
}

void DocDetector::ParentheticalReport(const Sentence& sent) {
  const std::size_t first = sent.first_token;
  std::size_t last = sent.end_token;
  while (last > first && tokens_[last - 1].kind == TokenKind::kPunct && !tokens_[last - 1].is_mark)
    --last;
  // The clause before the first comma: at least two words (or one that
  // opens the sentence, "But"), none claimed.
  std::size_t c1 = first;
  while (c1 < last && c1 - first < 25 && tokens_[c1].lower != ",") ++c1;
  if (c1 >= last || c1 == first || tokens_[c1].lower != ",") return;
  for (std::size_t t = first; t < c1; ++t)
    if (CoveredByQuote(tokens_[t].start) || tokens_[t].is_mark) return;
  // A fronted adverbial ("In her speech,", "When asked …,", "Last
  // month,") is the attribution's own: it is the main clause.
  {
    const Token& f0 = tokens_[first];
    const std::string_view w = f0.lower;
    if (f0.kind != TokenKind::kWord || lex::IsPreposition(w) || lex::OpensFrontedClause(w) ||
        lex::IsTimeWord(w) || w == "as" || w == "if" || w == "once" || w == "until" ||
        (f0.cap && (w.ends_with("ed") || w.ends_with("ing"))))
      return;
  }
  Span cue, source;
  std::size_t end_token = 0;
  if (!Attribution(c1, last, &cue, &source, &end_token)) return;
  const std::size_t ct = FirstTokenAt(cue.start);
  const std::size_t sa = FirstTokenAt(source.start), sb = FirstTokenAt(source.end);
  if (!tokens_[ct].speech_verb || tokens_[ct].cap || tokens_[ct].lower.ends_with("ing") ||
      lex::IsTextVerb(tokens_[ct].lower) || !PlausibleMention(sa, sb))
    return;
  // ("fighting continued": a lone gerund is no speaker.)
  if (sb == sa + 1 && !tokens_[sa].cap && tokens_[sa].lower.ends_with("ing")) return;
  // The attribution ends at the next comma, after the source and at most a
  // few words of time or place ("she said on Tuesday,").
  std::size_t c2 = std::max(end_token, FirstTokenAt(source.end));
  if (c2 < last && (lex::IsTimeWord(tokens_[c2].lower) || lex::IsPreposition(tokens_[c2].lower))) {
    const std::size_t from = c2;
    while (c2 < last && c2 - from < 5 && tokens_[c2].kind == TokenKind::kWord &&
           !tokens_[c2].speech_verb && tokens_[c2].lower != "that")
      ++c2;
  }
  if (c2 >= last || tokens_[c2].lower != ",") return;
  // The rest of the sentence: at least two words; it ends where claimed
  // words begin.
  std::size_t e = c2 + 1;
  while (e < last && !CoveredByQuote(tokens_[e].start)) ++e;
  while (e > c2 + 1 && tokens_[e - 1].kind == TokenKind::kPunct && !tokens_[e - 1].is_mark) --e;
  std::size_t words = 0;
  for (std::size_t t = c2 + 1; t < e; ++t) words += tokens_[t].kind == TokenKind::kWord ? 1 : 0;
  if (words < 2) return;
  if (c1 - first < 2 && tokens_[first].kind != TokenKind::kWord) return;
  // The sentence goes on after the attribution: not a relative clause on
  // the source ("…, said A, who notes …"), and after an inverted one ("…,
  // says A B, is that …") a verb, not the rest of an apposition ("…, said
  // A B, the firm's director").
  const Token& next = tokens_[c2 + 1];
  const std::string_view nw = next.lower;
  // ("that" here goes on with what was said: "X indicates, he said, that …".)
  if ((lex::IsRelativePronoun(nw) && nw != "that") || nw == "where") return;
  if (source.start > cue.start && (next.kind != TokenKind::kWord || next.cap ||
                                   !(lex::IsFiniteAuxiliary(nw) || nw.ends_with("ed"))))
    return;
  Emit({tokens_[c2 + 1].start, tokens_[e - 1].end}, cue, source,
       {tokens_[first].start, tokens_[c1 - 1].end});
  // The attribution itself ("wrote to the harbour board") reports nothing more.
  used_.Add({tokens_[c1].start, tokens_[c2].end});
}

void DocDetector::InvertedReport(const Sentence& sent) {
  const std::size_t first = sent.first_token;
  std::size_t last = sent.end_token;
  if (last < first + 6) return;
  // The sentence ends in a full stop after a word.
  if (tokens_[last - 1].lower != "." || tokens_[last - 2].kind != TokenKind::kWord) return;
  for (std::size_t t = first; t < last; ++t)
    if (CoveredByQuote(tokens_[t].start)) return;
  --last;
  for (std::size_t c = first + 3; c + 2 < last; ++c) {
    if (tokens_[c].lower != ",") continue;
    Span cue, source;
    std::size_t end_token = 0;
    if (!Attribution(c, last, &cue, &source, &end_token)) continue;
    const std::size_t ct = FirstTokenAt(cue.start);
    // ("…, pledged delegates …": a verb form before a bare plural is an
    // adjective; a speaker is a name or opens with a determiner.)
    const Token& s0 = tokens_[ct + 1];
    if (ct != c + 1 || FirstTokenAt(source.start) != ct + 1 || !tokens_[ct].speech_verb ||
        tokens_[ct].cap || !(s0.cap || lex::IsDeterminer(s0.lower) || s0.lower == "one"))
      return;
    // The rest is the source's apposition: words and commas, no quote
    // mark, no clause of its own ("who", "that", a cue).
    std::size_t e = FirstTokenAt(source.end);
    if (e < last && tokens_[e].lower != ",") return;
    for (std::size_t t = e; t < last; ++t) {
      const Token& k = tokens_[t];
      if (k.is_mark || (k.kind != TokenKind::kWord && k.lower != "," && k.lower != "." &&
                        k.lower != "-" && k.lower != "&"))
        return;
      const std::string_view w = k.lower;
      // ("…, said A B, a longtime adviser to C who oversees D.": a relative
      // clause on the apposition's noun is still the apposition.)
      const bool apposition_relative = t > e + 2 && e + 1 < last &&
                                       lex::IsDeterminer(tokens_[e + 1].lower) &&
                                       (w == "who" || w == "that" || w == "which");
      if (((lex::IsRelativePronoun(w) || w == "where") && !apposition_relative) ||
          (k.speech_verb && !k.cap) || t - e > 30)
        return;
    }
    if (e < last) source.end = tokens_[last - 1].end;
    if (!PlausibleMention(FirstTokenAt(source.start), ct + 2)) return;
    Emit({tokens_[first].start, tokens_[c - 1].end}, cue, source);
    return;
  }
}

void DocDetector::TrailingReport(const Sentence& sent) {
  const std::size_t first = sent.first_token;
  std::size_t last = sent.end_token;
  if (last < first + 6) return;
  if (tokens_[last - 1].lower != "." || tokens_[last - 2].kind != TokenKind::kWord) return;
  --last;
  const std::size_t v = last - 1;
  const Token& verb = tokens_[v];
  // A speech verb, or a verb by which records, polls and studies report.
  static const std::unordered_set<std::string_view> kFindingVerbs = {
      "show",     "shows",     "showed",    "found",    "find",      "finds",
      "indicate", "indicates", "indicated", "suggest",  "suggests",  "suggested",
      "estimate", "estimates", "estimated", "reveal",   "reveals",   "revealed",
      "confirm",  "confirms",  "confirmed", "conclude", "concludes", "concluded"};
  if (verb.cap || verb.lower.ends_with("ing") ||
      !(verb.speech_verb || kFindingVerbs.count(verb.lower) > 0))
    return;
  // The noun phrase between the last comma and the verb: one to six words,
  // no clause of its own.
  std::size_t c = v;
  while (c > first && tokens_[c - 1].lower != "," && v - c < 7) --c;
  if (c <= first || tokens_[c - 1].lower != ",") return;
  const std::size_t np_a = c, np_b = v;
  if (np_b == np_a || np_b - np_a > 6) return;
  for (std::size_t t = np_a; t < np_b; ++t) {
    const Token& k = tokens_[t];
    if (k.kind != TokenKind::kWord && k.lower != "-" && k.lower != "'s" && k.lower != "’s") return;
    const std::string_view w = k.lower;
    if (lex::IsSubordinator(w) || lex::IsFiniteAuxiliary(w) || w == "and" || w == "or" ||
        w == "but" || lex::IsRelativePronoun(w) || w == "as" || w == "than" ||
        (lex::IsPreposition(w) && w != "of"))
      return;
  }
  if (lex::IsObjectPronoun(tokens_[np_a].lower) && !lex::IsSubjectPronoun(tokens_[np_a].lower))
    return;
  if (!PlausibleMention(np_a, np_b)) return;
  // What was said: the words before the comma (after a dateline), at
  // least three.
  const std::size_t ce = c - 1;
  const std::size_t cs = AfterDateline(first, ce);
  std::size_t words = 0;
  for (std::size_t t = cs; t < ce; ++t) words += tokens_[t].kind == TokenKind::kWord ? 1 : 0;
  if (words < 3) return;
  // Nothing of the sentence claimed, no quote mark in it.
  for (std::size_t t = first; t <= last; ++t)
    if (CoveredByQuote(tokens_[t].start) || tokens_[t].is_mark) return;
  Emit({tokens_[cs].start, tokens_[ce - 1].end}, {verb.start, verb.end},
       {tokens_[np_a].start, tokens_[np_b - 1].end});
  used_.Add({tokens_[first].start, verb.end});
}

void DocDetector::BeliefReport(const Sentence& sent) {
  // After these a noun phrase is mostly their object ("knew Meles well",
  // "feel a budget pinch", "assumed an organization"): only "that" or a
  // subject pronoun opens a clause there.
  static const std::unordered_set<std::string_view> kObjectVerbs = {
      "know",    "knows",   "knew",    "feel",     "feels",    "felt",       "assume",
      "assumes", "assumed", "realize", "realizes", "realized", "understand", "understands"};
  const std::size_t first = sent.first_token;
  std::size_t end_tok = sent.end_token;
  while (end_tok > first && tokens_[end_tok - 1].kind == TokenKind::kPunct &&
         !tokens_[end_tok - 1].is_mark)
    --end_tok;
  for (std::size_t v = first + 1; v + 3 < end_tok; ++v) {
    const Token& verb = tokens_[v];
    if (verb.kind != TokenKind::kWord || verb.cap || verb.in_quote || !IsBeliefVerb(verb.lower) ||
        CoveredByQuote(verb.start))
      continue;
    if (lex::IsNegation(tokens_[v - 1].lower) || tokens_[v - 1].lower == "to") continue;
    // The clause after it: "that", or a subject opening it.
    std::size_t c = v + 1;
    const Token& open = tokens_[c];
    const std::string_view ow = open.lower;
    const bool that = ow == "that";
    // ("her" is as often an object as a subject.)
    const bool object_verb = kObjectVerbs.count(verb.lower) > 0;
    const bool pronoun = lex::IsSubjectPronoun(ow) && ow != "her" && ow != "you" && ow != "it";
    // A bare noun opens a clause when a finite auxiliary follows it within
    // three words ("think women are likely to …", "fear prices will …").
    bool bare_subject = false;
    if (open.kind == TokenKind::kWord && !open.cap && !lex::IsPreposition(ow) &&
        !lex::IsFunctionWord(ow))
      for (std::size_t k = c + 1; k < std::min(c + 4, end_tok) && !bare_subject; ++k) {
        if (tokens_[k].kind != TokenKind::kWord) break;
        bare_subject = lex::IsFiniteAuxiliary(tokens_[k].lower);
      }
    if (!that && !pronoun &&
        (object_verb || !(ow == "it" || ow == "there" || (lex::IsDeterminer(ow) && ow != "her") ||
                          (open.cap && open.kind == TokenKind::kWord) || bare_subject)))
      continue;
    // The subject: a noun phrase right before the verb (past adverbs), at
    // the start of the sentence or after a clause boundary.
    const std::size_t p = SkipModifiersBack(v, first);
    const Span np = NpBefore(p, first);
    if (np.empty()) continue;
    const std::size_t np_a = FirstTokenAt(np.start), np_b = FirstTokenAt(np.end);
    if (!PlausibleMention(np_a, np_b)) continue;
    {
      const std::string_view w0 = tokens_[np_a].lower;
      if (lex::IsRelativePronoun(w0)) continue;
    }
    if (np_a > first && !OpensClause(np_a)) continue;
    // The content runs to the end of the sentence, or to claimed words, or
    // to the subject's next report.
    std::size_t ce = c;
    while (ce < end_tok && !CoveredByQuote(tokens_[ce].start)) ++ce;
    while (ce > c && tokens_[ce - 1].kind == TokenKind::kPunct && !tokens_[ce - 1].is_mark) --ce;
    ce = BeforeNextReport(c, ce);
    std::size_t words = 0;
    for (std::size_t t = c; t < ce; ++t) words += tokens_[t].kind == TokenKind::kWord ? 1 : 0;
    if (words < 3) continue;
    bool claimed = false;
    for (std::size_t t = np_a; t < ce && !claimed; ++t) claimed = CoveredByQuote(tokens_[t].start);
    if (claimed) continue;
    Emit({tokens_[c].start, tokens_[ce - 1].end}, {verb.start, verb.end},
         {tokens_[np_a].start, tokens_[np_b - 1].end});
    used_.Add({tokens_[np_a].start, tokens_[ce - 1].end});
    return;
  }
}

void DocDetector::TrailingWholeSentence() {
  std::vector<bool> drop(found_.size(), false);
  // The reports by each sentence their spans reach, in order, so that a
  // widened stretch (inside one sentence) is compared with the reports of
  // its sentence only, not with every report of the document.
  std::vector<std::vector<std::size_t>> by_sentence(sentences_.size());
  for (std::size_t gi = 0; gi < found_.size(); ++gi) {
    const Found& g = found_[gi];
    std::size_t lo = std::numeric_limits<std::size_t>::max(), hi = 0;
    auto reach = [&](Span sp) {
      if (sp.empty()) return;
      lo = std::min(lo, sp.start);
      hi = std::max(hi, sp.end);
    };
    for (const Span& piece : g.pieces) reach(piece);
    reach(g.cue);
    reach(g.source);
    if (hi == 0) continue;
    for (std::size_t k = SentenceOf(lo), e = SentenceOf(hi - 1); k <= e && k < by_sentence.size();
         ++k)
      by_sentence[k].push_back(gi);
  }
  for (std::size_t fi = 0; fi < found_.size(); ++fi) {
    Found& f = found_[fi];
    if (drop[fi] || f.quote.kind != QuoteKind::kIndirect || f.pieces.size() != 1 || f.cue.empty() ||
        f.source.empty())
      continue;
    const Span content = f.pieces.front();
    if (content.end > f.cue.start || content.end > f.source.start) continue;
    const std::size_t ct = FirstTokenAt(f.cue.start);
    const std::size_t cs = FirstTokenAt(content.start);
    std::size_t ce = FirstTokenAt(content.end);
    // "… could run as soon as this| week, said X": a word or two the tagger
    // left out before the comma are the content's last words.
    std::size_t content_end = content.end;
    if (ce < tokens_.size() && tokens_[ce].lower != ",") {
      std::size_t c = ce;
      while (c < tokens_.size() && c < ce + 2 && tokens_[c].kind == TokenKind::kWord &&
             !tokens_[c].in_quote && !(tokens_[c].speech_verb && !tokens_[c].cap))
        ++c;
      if (c > ce && c < tokens_.size() && tokens_[c].lower == ",") {
        content_end = tokens_[c - 1].end;
        ce = c;
      }
    }
    if (ce >= tokens_.size() || tokens_[ce].lower != ",") continue;
    const std::size_t sid = SentenceOf(content.start);
    if (SentenceOf(f.cue.start) != sid || SentenceOf(f.source.start) != sid) continue;
    const Sentence& sent = sentences_[sid];
    // The cue or the source right after the comma, and after them only the
    // source's apposition or a time to the end of the sentence.
    const std::size_t after = ce + 1;
    if (after != ct && after != FirstTokenAt(f.source.start)) continue;
    bool tail_ok = true;
    const std::size_t tail_from = FirstTokenAt(std::max(f.cue.end, f.source.end));
    for (std::size_t t = tail_from; t < sent.end_token && tail_ok; ++t) {
      const Token& k = tokens_[t];
      if (k.is_mark || k.lower == "that" || (k.speech_verb && !k.cap) || t - tail_from > 16)
        tail_ok = false;
    }
    if (!tail_ok) continue;
    std::size_t from = AfterDateline(sent.first_token, ce);
    for (bool moved = true; moved && from < cs;) {
      moved = false;
      const std::string_view w = tokens_[from].lower;
      if (tokens_[from].kind != TokenKind::kWord) {
        ++from;
        moved = true;
      } else if (lex::IsDiscourseAdverb(w) || w == "but" || w == "and" || w == "so" || w == "yet" ||
                 w == "or" || w == "now" || w == "still" || w == "also" || w == "meanwhile") {
        ++from;
        moved = true;
      } else if (w == "in" && from + 1 < cs &&
                 (tokens_[from + 1].lower == "fact" || tokens_[from + 1].lower == "all" ||
                  tokens_[from + 1].lower == "addition")) {
        from += 2;
        moved = true;
      }
    }
    if (from > cs || (from == cs && content_end == content.end)) continue;
    bool ok = true;
    for (std::size_t t = from; t < cs && ok; ++t) ok = !tokens_[t].is_mark && !tokens_[t].in_quote;
    if (!ok) continue;
    // Reports inside the widened stretch are taken in; one reaching out of
    // it, or a direct or mixed one, leaves things as they are.
    const Span wide{tokens_[from].start, content_end};
    std::vector<std::size_t> inside;
    for (const std::size_t gi : by_sentence[sid]) {
      if (!ok) break;
      if (gi == fi || drop[gi]) continue;
      const Found& g = found_[gi];
      bool touches = false, within = true;
      auto check = [&](Span sp) {
        if (sp.empty()) return;
        if (sp.start < wide.end && wide.start < sp.end) touches = true;
        if (sp.start < wide.start || sp.end > wide.end) within = false;
      };
      for (const Span& piece : g.pieces) check(piece);
      check(g.cue);
      check(g.source);
      if (!touches) continue;
      if (g.quote.kind != QuoteKind::kIndirect || !within) ok = false;
      inside.push_back(gi);
    }
    if (!ok) continue;
    for (std::size_t gi : inside) drop[gi] = true;
    f.pieces.front() = wide;
    f.order = wide.start;
    f.quote = Make(f.quote.kind, f.pieces, f.cue, f.source);
  }
  EraseFound(drop);
}

void DocDetector::RelativeSourceAntecedent() {
  for (Found& f : found_) {
    if (f.source.empty() || f.cue.empty() || f.source.end > f.cue.start) continue;
    const std::size_t st = FirstTokenAt(f.source.start);
    if (FirstTokenAt(f.source.end) != st + 1) continue;
    const std::string_view w = tokens_[st].lower;
    if (w != "who" && w != "which") continue;
    if (st == 0 || tokens_[st - 1].lower != ",") continue;
    const std::size_t sid = SentenceOf(f.source.start);
    if (SentenceOf(f.cue.start) != sid) continue;
    // The relative clause closes before the cue.
    const std::size_t ct = FirstTokenAt(f.cue.start);
    bool closed = false;
    for (std::size_t t = st + 1; t < ct; ++t) closed = closed || tokens_[t].lower == ",";
    if (!closed || tokens_[ct - 1].lower != ",") continue;
    const Span np = NpBefore(st - 1, sentences_[sid].first_token);
    if (np.empty() || !PlausibleMention(FirstTokenAt(np.start), FirstTokenAt(np.end))) continue;
    f.source = np;
    f.quote = Make(f.quote.kind, f.pieces, f.cue, f.source);
  }
}

void DocDetector::DropNounCues() {
  auto noun = [&](const Found& f) {
    if (f.cue.empty() || f.quote.kind == QuoteKind::kDirect) return false;
    const std::size_t ct = FirstTokenAt(f.cue.start);
    if (FirstTokenAt(f.cue.end) != ct + 1 || ct == 0) return false;
    const Token& k = tokens_[ct];
    // (Only the verb "state": the nouns of the other speech verbs, "a
    // statement", "his claim", "the report", are cues themselves.)
    if (k.lower != "state" && k.lower != "states") return false;
    const Sentence& sent = sentences_[SentenceOf(k.start)];
    if (k.cap && ct > sent.first_token && tokens_[ct - 1].kind == TokenKind::kWord) return true;
    const Token& p = tokens_[ct - 1];
    const std::string_view w = p.lower;
    const bool number = !w.empty() && std::all_of(w.begin(), w.end(), [](char ch) {
      return std::isdigit(static_cast<unsigned char>(ch)) != 0;
    });
    return lex::IsDeterminer(w) || number || w == "of" || w == "each" || w == "every" ||
           w == "both" || w == "many" || w == "other" || w == "several" || w == "all" ||
           w == "two" || w == "three" || w == "four" || w == "five" || w.ends_with("'s");
  };
  found_.erase(std::remove_if(found_.begin(), found_.end(), noun), found_.end());
}

void DocDetector::RaisingPass(const Sentence& sent) {
  const std::size_t first = sent.first_token, last = sent.end_token;
  auto is = [&](std::size_t t, std::initializer_list<std::string_view> words) {
    if (t >= last) return false;
    for (std::string_view w : words)
      if (tokens_[t].lower == w) return true;
    return false;
  };
  auto auxiliary = [&](std::size_t t) {
    return is(t, {"has",       "have",      "had",       "is",      "are",          "was", "were",
                  "be",        "been",      "will",      "would",   "could",        "may", "might",
                  "also",      "still",     "just",      "now",     "only",         "all", "widely",
                  "generally", "initially", "sometimes", "already", "increasingly", "not", "n't",
                  "does",      "do",        "did"});
  };
  for (std::size_t t = first; t < last; ++t) {
    // The raising words: [cue_a, cue_b), the complement from `rest`.
    std::size_t cue_a = t, cue_b = t + 1, rest = t + 1;
    switch (tokens_[t].raising) {
      case lex::Raising::kVerb:
        if (!is(t + 1, {"to", "like", "poised", "ready", "likely", "unlikely", "certain", "set"}))
          continue;
        break;
      case lex::Raising::kPredicate: {
        // "is (widely) expected to", "are likely to": a form of be before it.
        if (!is(t + 1, {"to"})) continue;
        std::size_t b = t;
        while (b > first && auxiliary(b - 1) && !is(b - 1, {"is", "are", "was", "were", "be"})) --b;
        if (b == first || !is(b - 1, {"is", "are", "was", "were", "be"})) continue;
        break;
      }
      case lex::Raising::kAdverb:
        if (t + 1 >= last || tokens_[t + 1].kind != TokenKind::kWord) continue;
        break;
      case lex::Raising::kHedge:
      case lex::Raising::kNone:
        continue;
    }
    // Auxiliaries and adverbs before the raising word belong to the cue.
    while (cue_a > first && auxiliary(cue_a - 1)) --cue_a;
    // The subject: back to the clause's start.
    std::size_t subj_b = cue_a, subj_a = cue_a;
    while (subj_a > first && cue_a - subj_a < 12) {
      const Token& p = tokens_[subj_a - 1];
      if (p.kind != TokenKind::kWord || p.is_mark) break;
      // "Analysts say the senator is likely to …": the subject starts after
      // a speech verb, whose report the clause then is.
      if ((p.speech_verb || IsBeliefVerb(p.lower)) && !p.cap) break;
      if (is(subj_a - 1, {"and", "but", "because", "while", "if", "when", "as", "where", "though",
                          "although", "since", "so", "whether", "than"}))
        break;
      --subj_a;
      if (is(subj_a, {"who", "which", "that"})) break;
    }
    const bool expletive = subj_b - subj_a == 1 && is(subj_a, {"it", "there"});
    if (subj_a == subj_b && !expletive) continue;
    // The complement: to the clause's end, or to a comma before a cue of
    // its own (", the engineer warned").
    std::size_t end = rest;
    auto cue_follows = [&](std::size_t comma) {
      for (std::size_t k = comma + 1; k < last; ++k)
        if (IsCue(k, 0.45f)) return true;
      return false;
    };
    while (end < last && !tokens_[end].is_mark &&
           !is(end, {";", ":", "\xE2\x80\x94", "(", "?", "!"}) &&
           !(is(end, {","}) && cue_follows(end)))
      ++end;
    while (end > rest && tokens_[end - 1].kind == TokenKind::kPunct) --end;
    if (end <= rest) continue;
    // Inside what someone says ("she said the plan seemed dead", "… is
    // likely to fail, he warned") it is part of that speech.
    // (A cue in an earlier clause joined by ", and" or ";" is not.)
    std::size_t clause = first;
    for (std::size_t k = first; k + 1 < subj_a; ++k)
      if (is(k, {";"}) || (is(k, {","}) && is(k + 1, {"and", "but"}))) clause = k + 1;
    bool reported = false;
    for (std::size_t k = clause; k < last && !reported; ++k)
      reported = (k < subj_a || k >= end) &&
                 (IsCue(k, 0.45f) || (IsBeliefVerb(tokens_[k].lower) && !tokens_[k].cap));
    if (reported) continue;
    bool free = true;
    for (std::size_t k = subj_a; k < end && free; ++k)
      free = !used_.Contains(tokens_[k].start) && !CoveredByQuote(tokens_[k].start);
    if (!free) continue;
    const Span complement{tokens_[rest].start, tokens_[end - 1].end};
    const Span cue{tokens_[cue_a].start, tokens_[cue_b - 1].end};
    const Span subject = expletive ? Span{} : Span{tokens_[subj_a].start, tokens_[subj_b - 1].end};
    Emit(complement, cue, {}, subject);
    t = end;
  }
}

bool DocDetector::SoCalledTerm(std::size_t a, std::size_t b) const {
  std::size_t words = 0;
  for (std::size_t t = a; t < b; ++t) {
    if (tokens_[t].kind != TokenKind::kWord) continue;
    if (!tokens_[t].in_quote) return false;
    ++words;
  }
  std::size_t before = a;
  while (before > 0 &&
         (tokens_[before - 1].is_mark || tokens_[before - 1].kind == TokenKind::kPunct))
    --before;
  return words > 0 && words <= 4 && before > 0 && tokens_[before - 1].lower == "so-called";
}

Span DocDetector::LeadBefore(const QSpan& q, Span cue, Span source) const {
  if (q.pieces.empty() || cue.empty() || source.empty() || !OpensLowerCase(q.pieces.front()))
    return {};
  const std::size_t open_tok = FirstTokenAt(q.open);
  const std::size_t attr = FirstTokenAt(std::min(cue.start, source.start));
  const Sentence& sent = sentences_[SentenceOf(q.open)];
  // ", X said, "…": commas on both sides of the attribution.
  if (open_tok == 0 || tokens_[open_tok - 1].lower != "," || attr <= sent.first_token + 1 ||
      tokens_[attr - 1].lower != ",")
    return {};
  return FreeWords(sent.first_token, attr - 1, false, 1);
}

Span DocDetector::FreeWords(std::size_t x, std::size_t y, bool no_cue,
                            std::size_t min_words) const {
  std::size_t words = 0;
  for (std::size_t t = x; t < y; ++t) {
    if (tokens_[t].is_mark || used_.Contains(tokens_[t].start) || (no_cue && IsCue(t, 0.45f)))
      return {};
    words += tokens_[t].kind == TokenKind::kWord;
  }
  while (x < y && tokens_[x].kind != TokenKind::kWord) ++x;
  if (words < min_words || x >= y) return {};
  return {tokens_[x].start, tokens_[y - 1].end};
}

Span DocDetector::OpeningWords(const QSpan& q) const {
  if (sentences_.empty()) return {};
  const std::size_t open_tok = FirstTokenAt(q.open);
  const Sentence& sent = sentences_[SentenceOf(q.open)];
  if (open_tok < sent.first_token + 1 || tokens_[open_tok - 1].kind != TokenKind::kWord) return {};
  if (open_tok == sent.first_token + 1) {
    // One word: a name whose sentence the quote carries on, lower-case
    // ("Okafor "has taken on a tough task," said …"), not a connective
    // ("But "if you are …"") or a determiner ("The "market accident" …").
    const Token& w = tokens_[sent.first_token];
    const Token* next = open_tok + 1 < tokens_.size() ? &tokens_[open_tok + 1] : nullptr;
    if (!w.cap || lex::IsSentenceOpener(w.lower) || lex::IsDiscourseAdverb(w.lower) ||
        lex::IsPronoun(w.lower) || lex::IsDeterminer(w.lower) || lex::IsFunctionWord(w.lower) ||
        w.lower.starts_with("wh") || w.lower.starts_with("how") || next == nullptr ||
        next->kind != TokenKind::kWord || next->cap)
      return {};
    return FreeWords(sent.first_token, open_tok, true, 1);
  }
  return FreeWords(sent.first_token, open_tok, true, 2);
}

std::string_view DocDetector::RightTrimmed(Span s) const {
  std::string_view t = std::string_view(norm_.text).substr(s.start, s.size());
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
  return t;
}

bool DocDetector::EndsClause(Span s) const {
  const std::string_view t = RightTrimmed(s);
  if (t.empty()) return false;
  const char c = t.back();
  return c == '.' || c == '!' || c == '?' || c == ',' || t.ends_with("\xE2\x80\xA6");
}

bool DocDetector::OpensLowerCase(Span s) const {
  std::size_t b = s.start;
  while (b < s.end && !std::isalnum(static_cast<unsigned char>(norm_.text[b]))) ++b;
  return b < s.end && std::islower(static_cast<unsigned char>(norm_.text[b]));
}

Span DocDetector::CoordinatedSubject(std::size_t cue_token) const {
  const Sentence& sent = sentences_[SentenceOf(tokens_[cue_token].start)];
  const std::size_t first = sent.first_token;
  const std::size_t v = SkipModifiersBack(cue_token, first);
  if (v <= first || tokens_[v - 1].lower != "and") return {};
  return ClauseSubject(v);
}

bool DocDetector::AfterCommaOrPreposition(std::size_t t) const {
  if (t == 0) return false;
  std::size_t p = t - 1;
  if (tokens_[p].is_mark && p > 0 && tokens_[p - 1].lower == ",") --p;
  return tokens_[p].lower == "," || lex::IsPreposition(tokens_[p].lower);
}

bool DocDetector::AccordingFrame(std::size_t a, std::size_t b, Span* cue, Span* source) const {
  if (a >= b) return false;
  const Sentence& sent = sentences_[SentenceOf(tokens_[a].start)];
  const std::size_t first = sent.first_token, end = sent.end_token;
  // The noun phrase after "according to" at token k, with an apposition up
  // to the next comma; its last token + 1 in *after.
  auto frame_at = [&](std::size_t k, std::size_t* after) {
    if (k + 2 >= end || tokens_[k].lower != "according" || tokens_[k + 1].lower != "to")
      return false;
    const Span np = NpAfter(k + 2, end);
    if (np.empty()) return false;
    std::size_t t = FirstTokenAt(np.end);
    Span src = np;
    if (t + 1 < end && tokens_[t].lower == ",") {
      const std::size_t c = AppositionClose(t, end);
      if (c < end && tokens_[c].lower == "," && c > t + 1) {
        src.end = tokens_[c - 1].end;
        t = c;
      }
    }
    *cue = {tokens_[k].start, tokens_[k + 1].end};
    *source = src;
    *after = t;
    return true;
  };
  // Before: "According to X[, apposition], CONTENT".
  for (std::size_t k = a; k-- > first && a - k < 24;) {
    if (tokens_[k].lower != "according") continue;
    std::size_t after = 0;
    if (frame_at(k, &after) && after + 1 == a && tokens_[after].lower == ",") return true;
    break;
  }
  // After: "CONTENT, according to X".
  if (b + 1 < end && tokens_[b].lower == ",") {
    std::size_t after = 0;
    if (frame_at(b + 1, &after)) return true;
  }
  *cue = *source = {};
  return false;
}

std::size_t DocDetector::AppositionClose(std::size_t comma, std::size_t limit) const {
  std::size_t c = comma + 1;
  while (c < limit && tokens_[c].kind == TokenKind::kWord && c - comma < 14) ++c;
  return c;
}

bool DocDetector::PassiveCue(Span cue, Span* agent) const {
  *agent = {};
  if (cue.empty()) return false;
  const std::size_t ct = FirstTokenAt(cue.start), ce = FirstTokenAt(cue.end);
  if (ct >= ce) return false;
  const std::size_t first = sentences_[SentenceOf(cue.start)].first_token;
  auto adverb = [&](std::size_t t) {
    const std::string_view w = tokens_[t].lower;
    return tokens_[t].kind == TokenKind::kWord && !tokens_[t].cap &&
           (lex::IsNegation(w) || w == "also" || w == "still" || w == "often" || w == "later" ||
            w == "again" || w == "then" || w == "first" || (w.size() > 4 && w.ends_with("ly")));
  };
  // The participle: the cue's first word past auxiliaries and adverbs; an
  // auxiliary must stand right before it (adverbs between).
  auto auxiliary = [&](std::size_t t) {
    const std::string_view w = tokens_[t].lower;
    return lex::IsPassiveAuxiliary(w) || w == "has" || w == "have" || w == "had" || w == "will" ||
           w == "would" || w == "may" || w == "might" || w == "could" || w == "can" ||
           w == "should" || w == "must";
  };
  std::size_t p = ct;
  while (p < ce && (auxiliary(p) || adverb(p))) ++p;
  if (p >= ce || tokens_[p].kind != TokenKind::kWord) return false;
  std::size_t aux = p;
  while (aux > first && adverb(aux - 1)) --aux;
  // A reduced passive clause, opening the sentence or after a
  // subordinator ("Asked about the deal, she said …", "When pressed, …",
  // "…," she said when asked whether …) needs no auxiliary.
  const std::string_view before = aux > first ? std::string_view(tokens_[aux - 1].lower) : "";
  const bool opens = aux == first || lex::IsSubordinator(before) || before == "whenever" ||
                     before == "if" || before == "once" || before == "until";
  if (!opens && (aux == first || !lex::IsPassiveAuxiliary(tokens_[aux - 1].lower))) return false;
  if (!lex::IsPassiveParticiple(tokens_[p].lower)) return false;
  // "by" + the agent right after the participle or after the cue.
  const std::size_t last = sentences_[SentenceOf(cue.start)].end_token;
  for (std::size_t b : {p + 1, ce}) {
    if (b + 1 < last && tokens_[b].lower == "by") {
      const Span np = NpAfter(b + 1, last);
      if (!np.empty() && PlausibleMention(b + 1, FirstTokenAt(np.end))) {
        *agent = np;
        break;
      }
    }
  }
  return true;
}

bool DocDetector::OpensClause(std::size_t t) const {
  const Token& before = tokens_[t - 1];
  const std::string_view w = before.lower;
  return before.kind != TokenKind::kWord || w == "but" || w == "and" || w == "while" || w == "as" ||
         w == "when" || w == "because" || w == "though" || w == "although" || w == "after";
}

Span DocDetector::ClauseSubject(std::size_t v) const {
  std::size_t first = sentences_[SentenceOf(tokens_[v].start)].first_token;
  // The clause opens the sentence, or follows a leading subordinate clause
  // and its comma, or a ";" / ":".
  std::size_t start = first;
  for (std::size_t t = first; t + 1 < v; ++t)
    if (tokens_[t].lower == ";" || tokens_[t].lower == ":") start = t + 1;
  // A dateline ("PORT ELLIS, Vandor (Coastline Wire) —") opens the
  // article, not the clause.
  if (start == first) start = first = AfterDateline(first, v);
  // A fronted phrase set off by a comma opens the sentence, not its
  // subject: a connective ("However,"), a sentence adverb, a prepositional
  // phrase ("Outside the campaign,", "By contrast,") or a participle phrase
  // ("Walking to the next address,").
  const std::string_view opener = tokens_[first].lower;
  const bool fronted = lex::IsPreposition(opener) || opener == "besides" ||
                       (opener.size() > 4 && opener.ends_with("ing"));
  if (start == first &&
      (lex::IsSentenceOpener(opener) ||
       (lex::IsDiscourseAdverb(opener) && first + 1 < v && tokens_[first + 1].lower == ",") ||
       fronted)) {
    std::size_t c = first;
    while (c < v && tokens_[c].lower != ",") ++c;
    if (c >= v && !fronted) return {};
    if (c < v) start = c + 1;
  }
  if (start < v && lex::IsPronoun(tokens_[start].lower) && tokens_[start].lower != "it" &&
      tokens_[start].lower != "who")
    return {tokens_[start].start, tokens_[start].end};
  // A noun phrase: up to five words, ending before the first verb-like word
  // (one in -ed or a cue word not right after a determiner).
  static const std::unordered_set<std::string_view> kDeterminers = {"the", "a", "an", "this",
                                                                    "that"};
  std::size_t t = start;
  while (t < v && t - start < 5 && tokens_[t].kind == TokenKind::kWord) {
    const Token& tok = tokens_[t];
    const bool after_det = t > start && kDeterminers.count(tokens_[t - 1].lower) > 0;
    // "Russia regards these talks": a word in -s after a name and before a
    // determiner is the verb ("Russian officials said" keeps its noun).
    const bool s_verb = !tok.cap && t > start && tokens_[t - 1].cap && tok.lower.size() > 3 &&
                        tok.lower.ends_with("s") && !tok.lower.ends_with("ss") && t + 1 < v &&
                        lex::IsDeterminer(tokens_[t + 1].lower);
    const bool verb_like = !tok.cap && t > start && !after_det &&
                           (tok.lower.ends_with("ed") || tok.speech_verb || s_verb);
    if (verb_like || (!tok.cap && lex::IsNpStopper(tok.lower))) break;
    ++t;
  }
  if (t == start || t >= v || !PlausibleMention(start, t)) return {};
  return {tokens_[start].start, tokens_[t - 1].end};
}

std::size_t DocDetector::ContentAfterAddressee(std::size_t cue_last, std::size_t a,
                                               std::size_t b) const {
  if (a >= b || lex::OpensComplement(tokens_[a].lower)) return a;
  const std::size_t limit = std::min(b, a + 8);
  if (!lex::TakesAddressee(tokens_[cue_last].lower)) {
    // "said in a separate briefing that …", "said at a rally on Tuesday
    // that …": where it was said, then what.
    if (IsPlacePreposition(tokens_[cue_last].lower) || IsPlacePreposition(tokens_[a].lower)) {
      for (std::size_t t = a + 1; t < limit; ++t) {
        const Token& k = tokens_[t];
        if (k.kind != TokenKind::kWord || k.in_quote || k.speech_verb) break;
        if (k.lower == "that") return t;
        if (lex::IsNpStopper(k.lower) && !IsPlacePreposition(k.lower)) break;
      }
    }
    // "said Saturday that …", "announced last week that …".
    std::size_t t = a;
    while (t < limit && tokens_[t].kind == TokenKind::kWord && lex::IsTimeWord(tokens_[t].lower))
      ++t;
    // "said Wednesday she, too, wants …": the time is the cue's, the
    // clause after it the content.
    return t > a && t < b &&
                   (tokens_[t].lower == "that" || lex::IsSubjectPronoun(tokens_[t].lower))
               ? t
               : a;
  }
  // The addressee is a short noun phrase, perhaps placed ("told reporters
  // at a rally that"): words only, none of them a verb form the scan can
  // recognise ("told the story would end" has no addressee to skip).
  for (std::size_t t = a; t < limit; ++t) {
    const Token& k = tokens_[t];
    if (k.kind != TokenKind::kWord || k.in_quote) return a;
    if (t > a) {
      if (lex::OpensComplement(k.lower)) return t;
      // "told him he was", "told reporters they would".
      if (lex::IsSubjectPronoun(k.lower)) return t;
    }
    const bool placed = k.lower == "and" || k.lower == "in" || k.lower == "at" || k.lower == "on" ||
                        k.lower == "during";
    if (!placed &&
        (lex::IsNpStopper(k.lower) || k.speech_verb || (k.lower.ends_with("ed") && !k.cap)))
      return a;
  }
  return a;
}

bool DocDetector::SaysThatClause(const Found& f) const {
  if (f.cue.empty() || f.pieces.empty()) return false;
  const std::size_t after = FirstTokenAt(f.cue.end);
  return tokens_[FirstTokenAt(f.cue.start)].speech_verb && after < tokens_.size() &&
         tokens_[after].lower == "that" && FirstTokenAt(f.pieces.front().start) == after;
}

Span DocDetector::BeforeNextReport(Span s) const {
  const std::size_t a = FirstTokenAt(s.start), b = FirstTokenAt(s.end);
  const std::size_t e = BeforeNextReport(a, b);
  if (e > a && e < b) s.end = tokens_[e - 1].end;
  return s;
}

std::size_t DocDetector::BeforeNextReport(std::size_t a, std::size_t b) const {
  std::size_t words = 0;
  for (std::size_t t = a; t < b; ++t) {
    const Token& k = tokens_[t];
    if (k.kind == TokenKind::kWord) ++words;
    // "He said that is a "distortion," describing the team as …", "X said
    // A, an acknowledgment that …": a participle of speech or a noun of
    // report after a comma is the writer's next report.
    if (std::string_view(k.lower) == "," && words >= 3) {
      // (A comma inside the quote marks ends the quote: "… a "distortion,"
      // describing …".)
      std::size_t j = t + 1;
      while (j < b && tokens_[j].is_mark) ++j;
      const bool closes = j > t + 1 || !k.in_quote;
      if (closes && j + 1 < b) {
        const Token& n = tokens_[j];
        const Token& n2 = tokens_[j + 1];
        const bool participle = n.kind == TokenKind::kWord && !n.cap && n.lower.ends_with("ing") &&
                                (n.speech_verb || n.cue_rate >= 0.3f);
        const bool noun = (std::string_view(n.lower) == "an" || std::string_view(n.lower) == "a") &&
                          n2.kind == TokenKind::kWord && !n2.cap && n2.cue_rate >= 0.3f &&
                          !n2.speech_verb;
        // ", an offer Hallam had not answered": a noun phrase in apposition
        // with a relative clause of its own subject is the writer's comment.
        const bool commented =
            (std::string_view(n.lower) == "an" || std::string_view(n.lower) == "a") &&
            n2.kind == TokenKind::kWord && !n2.cap && !n2.speech_verb && j + 3 < b &&
            (tokens_[j + 2].cap || lex::IsSubjectPronoun(tokens_[j + 2].lower)) &&
            tokens_[j + 2].kind == TokenKind::kWord &&
            (lex::IsFiniteAuxiliary(tokens_[j + 3].lower) || tokens_[j + 3].lower.ends_with("ed"));
        if ((participle || noun || commented) &&
            std::none_of(tokens_.begin() + static_cast<std::ptrdiff_t>(j),
                         tokens_.begin() + static_cast<std::ptrdiff_t>(b),
                         [](const Token& q) { return q.in_quote || q.is_mark; }))
          return j > t + 1 ? j : t;
      }
    }
    // (string_view: std::string == "..." is an out-of-line call, and this
    // and the two tests like it below run for every token.)
    if (std::string_view(k.lower) != "and" || words < 4 || k.in_quote) continue;
    std::size_t v = t + 1;
    while (v < b && lex::IsCueModifier(tokens_[v].lower)) ++v;
    if (v >= b || tokens_[v].cap || tokens_[v].kind != TokenKind::kWord) continue;
    if (!tokens_[v].speech_verb && tokens_[v].cue_rate < 0.3f) continue;
    // Quoted words after it make one mixed quote of the whole: leave it.
    if (std::any_of(tokens_.begin() + static_cast<std::ptrdiff_t>(v),
                    tokens_.begin() + static_cast<std::ptrdiff_t>(b),
                    [](const Token& q) { return q.in_quote || q.is_mark; }))
      return b;
    std::size_t end = t;
    while (end > a && tokens_[end - 1].kind == TokenKind::kPunct) --end;
    return end;
  }
  return b;
}

std::size_t DocDetector::AnonymityRequest(std::size_t a, std::size_t b) const {
  auto low = [&](std::size_t t) -> std::string_view {
    return t < b ? std::string_view(tokens_[t].lower) : std::string_view();
  };
  // "anonymity", "anonymity to discuss …"
  if (low(a) == "anonymity") return 1;
  // "not to be named / identified / quoted (by name)"
  if (low(a) == "not" && low(a + 1) == "to" && low(a + 2) == "be" &&
      (low(a + 3) == "named" || low(a + 3) == "identified" || low(a + 3) == "quoted")) {
    std::size_t n = 4;
    if (low(a + 4) == "by" && low(a + 5) == "name") n = 6;
    return n;
  }
  // "to remain anonymous", "that his name not be used"
  if (low(a) == "to" && low(a + 1) == "remain" && low(a + 2) == "anonymous") return 3;
  if (low(a) == "that" && lex::IsPossessive(low(a + 1)) && low(a + 2) == "name" &&
      low(a + 3) == "not" && low(a + 4) == "be" && low(a + 5) == "used")
    return 6;
  return 0;
}

// Labels of a headline or paragraph that name no speaker: "Explainer:",
// "LIVE:", "VIDEO:".
bool IsKicker(std::string_view w) {
  static const std::unordered_set<std::string_view> kKickers = {
      "explainer", "analysis", "opinion", "live",      "watch",   "exclusive",  "breaking",
      "update",    "review",   "comment", "editorial", "factbox", "timeline",   "q&a",
      "interview", "read",     "photos",  "video",     "listen",  "correction", "fact"};
  return kKickers.count(w) > 0;
}

// Words of dates and times ("Tuesday", "last week"): no part of a name.
bool IsDateWord(std::string_view w) {
  static const std::unordered_set<std::string_view> kDateWords = {
      "january",   "february",  "march",   "april",    "may",      "june",   "july",
      "august",    "september", "october", "november", "december", "monday", "tuesday",
      "wednesday", "thursday",  "friday",  "saturday", "sunday",   "today",  "yesterday",
      "tomorrow",  "week",      "month",   "year",     "last",     "next",   "this"};
  return kDateWords.count(w) > 0;
}

bool DocDetector::PlausibleMention(std::size_t a, std::size_t b) const {
  std::size_t words = 0;
  bool content = false;
  const Token* only = nullptr;
  for (std::size_t t = a; t < b; ++t) {
    const Token& tok = tokens_[t];
    if (tok.kind != TokenKind::kWord) continue;
    ++words;
    only = &tok;
    const bool digits = std::all_of(tok.lower.begin(), tok.lower.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) || c == ',' || c == '.';
    });
    if (!digits && !IsDateWord(tok.lower)) content = true;
  }
  if (!content) return false;
  if (words == 1 && !lex::IsPronoun(only->lower) &&
      (lex::IsSentenceOpener(only->lower) || lex::IsNpStopper(only->lower) ||
       only->lower == "the" || only->lower == "a" || only->lower == "an"))
    return false;
  // A lone lower-case adverb ("actively" of "is actively seeking") names
  // nobody.
  if (words == 1 && !only->cap &&
      (lex::IsDiscourseAdverb(only->lower) || lex::IsCueModifier(only->lower)))
    return false;
  // Nor does a phrase cut after a preposition or article ("secretary of",
  // "including a"), or one that opens on a lower-case participle in -ing
  // with its object ("protecting the pro-business rulings", "regaling
  // them"; not "polling" alone).
  std::size_t last = b;
  while (last > a && tokens_[last - 1].kind != TokenKind::kWord) --last;
  if (last > a) {
    const std::string_view w = tokens_[last - 1].lower;
    if (words > 1 && (w == "of" || w == "a" || w == "an" || w == "the" || w == "to")) return false;
  }
  std::size_t lead = a;
  while (lead < b && tokens_[lead].kind != TokenKind::kWord) ++lead;
  if (lead + 1 < b && !tokens_[lead].cap && tokens_[lead].lower.size() > 5 &&
      tokens_[lead].lower.ends_with("ing") &&
      (lex::IsDeterminer(tokens_[lead + 1].lower) || lex::IsObjectPronoun(tokens_[lead + 1].lower)))
    return false;
  return true;
}

bool DocDetector::SignOff(std::size_t from, std::size_t to, Span* cue, Span* source,
                          std::size_t* end) const {
  if (from >= to || from >= tokens_.size()) return false;
  const std::string_view dash = tokens_[from].lower;
  if (!IsDash(dash)) return false;
  // Nothing after the quote but the sign-off: the paragraph (or the text
  // before the next quote) ends within a few words of a name.
  std::size_t t = from + 1;
  std::size_t name_end = t;
  while (t < to && name_end - (from + 1) < 5 && tokens_[t].kind == TokenKind::kWord &&
         tokens_[t].cap) {
    name_end = ++t;
  }
  if (name_end == from + 1) return false;
  // "― Tessa Moor, 34, teacher": the apposition stays the sign-off's.
  std::size_t e = name_end;
  if (e < to && tokens_[e].lower != ",") {
    if (!(tokens_[e].lower == "." && e + 1 >= to)) return false;
  }
  while (e < to && e - name_end < 12 && !tokens_[e].is_mark) ++e;
  if (e < to && !tokens_[e].is_mark) return false;
  *cue = {tokens_[from].start, tokens_[from].end};
  *source = {tokens_[from + 1].start, tokens_[name_end - 1].end};
  *end = e;
  return PlausibleMention(from + 1, name_end);
}

void DocDetector::ClaimPieces(const std::vector<Span>& pieces) {
  for (const Span& p : pieces) {
    std::size_t a = p.start, b = p.end;
    if (std::size_t m = MarkEndingAt(a)) a -= m;
    if (std::size_t m = MarkAt(b)) b += m;
    used_.Add({a, b});
  }
}

void DocDetector::DirectQuotes() {
  const std::string& text = norm_.text;
  struct Pending {
    QSpan span;
    Span cue, source;
    std::size_t attr_end_pos = 0;  // end of the attribution clause after the quote
    bool after_attr = false;
    bool continues = false;  // the rest of the previous quote (SplitQuoteRest)
    Span lead;               // the sentence's own opening words (LeadBefore)
  };
  std::vector<Pending> direct;
  for (const QSpan& q : spans_) {
    std::string inner;
    for (const Span& p : q.pieces) inner += text.substr(p.start, p.size()) + " ";
    std::size_t words = WordCount(inner);
    if (words == 0) continue;
    std::size_t open_tok = FirstTokenAt(q.open);
    std::size_t close_tok = FirstTokenAt(q.close);
    std::size_t close_sent = SentenceOf(q.close > 0 ? q.close - 1 : 0);
    // The attribution after the quote runs to the end of the sentence that
    // holds the closing mark (or of the next one when the quote ends one).
    std::size_t after_end = sentences_.empty() ? tokens_.size() : sentences_[close_sent].end_token;
    if (close_tok >= after_end && close_sent + 1 < sentences_.size())
      after_end = sentences_[close_sent + 1].end_token;
    // Stop at the next quote mark.
    for (std::size_t t = close_tok; t < after_end; ++t)
      if (tokens_[t].is_mark) {
        after_end = t;
        break;
      }
    std::size_t para_end = norm_.text.size();
    if (const Span* para = ParagraphAtOrBefore(q.close); para && q.close <= para->end)
      para_end = para->end;
    while (after_end > close_tok && tokens_[after_end - 1].start >= para_end) --after_end;

    Pending pd;
    pd.span = q;
    std::size_t attr_end_tok = 0;
    // A quote that ends its own sentence ("….") takes an attribution after
    // it only if that attribution ends there too; "X stated, "…"" introduces
    // the next quote instead.
    const std::string_view lastp = RightTrimmed(q.pieces.back());
    const bool ends_sentence = lastp.ends_with('.') || lastp.ends_with('!') || lastp.ends_with('?');
    bool attr = Attribution(close_tok, after_end, &pd.cue, &pd.source, &attr_end_tok);
    // A sign-off: "“…” ― Tessa Moor" (vox pops, letters, epigraphs), the
    // dash the cue and the name the source, to the end of the paragraph.
    if (!attr && SignOff(close_tok, after_end, &pd.cue, &pd.source, &attr_end_tok)) {
      pd.after_attr = true;
      pd.attr_end_pos = attr_end_tok < tokens_.size() ? tokens_[attr_end_tok].start : text.size();
      direct.push_back(pd);
      continue;
    }
    if (attr && ends_sentence) {
      std::size_t e = attr_end_tok;
      if (!pd.source.empty()) e = std::max(e, FirstTokenAt(pd.source.end));
      // "…." She added that the vote was rushed: the next sentence's cue
      // introduces its own content (a complement or a clause), so it does
      // not attribute the quote before it.
      // In a sentence of its own, the attribution is all there is to it
      // ("She said.", "said X, a lawyer.", "he said on Tuesday."): more words
      // after it ("He said Nunberg was …", "X said Wednesday she …") make a
      // report of its own.
      // "he told me.", "asked reporters rhetorically during …": the person
      // told or asked, and a manner adverb, are part of the attribution too.
      if (e < after_end && lex::TakesAddressee(Text(pd.cue))) {
        std::size_t k = e;
        if (lex::IsObjectPronoun(tokens_[k].lower)) {
          ++k;
        } else {
          while (k < after_end && k - e < 3 && tokens_[k].kind == TokenKind::kWord &&
                 !lex::IsPreposition(tokens_[k].lower) && !lex::OpensComplement(tokens_[k].lower) &&
                 !lex::IsSubjectPronoun(tokens_[k].lower) && !lex::IsSubordinator(tokens_[k].lower))
            ++k;
        }
        while (k < after_end && lex::IsCueModifier(tokens_[k].lower) &&
               tokens_[k].lower.ends_with("ly"))
          ++k;
        if (k > e && (k >= after_end || tokens_[k].kind != TokenKind::kWord ||
                      CircumstanceAfterCue(k, after_end)))
          e = k;
      }
      std::size_t after = e;
      while (after < after_end && lex::IsTimeWord(tokens_[after].lower)) ++after;
      const bool own_sentence = SentenceOf(pd.cue.start) > close_sent;
      if (after < after_end && tokens_[after].kind == TokenKind::kWord &&
          !CircumstanceAfterCue(e, after_end) &&
          (own_sentence ||
           (tokens_[after].lower != "to" && lex::OpensComplement(tokens_[after].lower)) ||
           lex::IsSubjectPronoun(tokens_[after].lower)))
        attr = false;
      while (e < tokens_.size() && e < after_end + 1 && tokens_[e].kind == TokenKind::kWord &&
             e - attr_end_tok < 6)
        ++e;
      if (e < tokens_.size() && (tokens_[e].lower == "," || tokens_[e].lower == ":") &&
          e + 1 < tokens_.size() && tokens_[e + 1].is_mark)
        attr = false;
    }
    if (!attr) {
      pd.cue = {};
      pd.source = {};
    }
    if (attr) {
      pd.after_attr = true;
      pd.lead = OpeningWords(q);
      std::size_t e = attr_end_tok;
      if (!pd.source.empty()) e = std::max(e, FirstTokenAt(pd.source.end));
      pd.attr_end_pos = e < tokens_.size() ? tokens_[e].start : text.size();
      direct.push_back(pd);
      continue;
    }
    if (!direct.empty() && direct.back().after_attr &&
        SplitQuoteRest(direct.back().span, direct.back().attr_end_pos, q)) {
      pd.continues = true;
      direct.push_back(pd);
      continue;
    }
    std::size_t open_sent = SentenceOf(q.open);
    std::size_t from = sentences_.empty() ? 0 : sentences_[open_sent].first_token;
    // Do not reach back over an earlier quote's closing mark.
    for (std::size_t t = open_tok; t > from; --t)
      if (tokens_[t - 1].is_mark) {
        from = t;
        break;
      }
    bool light = false;
    Span cue, source;
    // A quote opening a paragraph may be introduced by the previous one
    // ("Mayor Lena Holm said:" then the quote).
    if (from == open_tok && open_sent > 0 && sentences_[open_sent].span.start == q.open) {
      const Sentence& prev_s = sentences_[open_sent - 1];
      if (prev_s.end_token > prev_s.first_token && tokens_[prev_s.end_token - 1].lower == ":") {
        from = prev_s.first_token;
        if (AttributionBefore(from, prev_s.end_token, &cue, &source, &light) && light) {
          pd.cue = cue;
          pd.source = source;
          direct.push_back(pd);
          continue;
        }
      }
    }
    if (AttributionBefore(from, open_tok, &cue, &source, &light)) {
      if (light) {
        pd.cue = cue;
        pd.source = source;
        pd.lead = LeadBefore(q, cue, source);
        direct.push_back(pd);
      }
      // Otherwise the quote is a fragment of reported speech: left for the
      // sentence pass, which makes it mixed.
      continue;
    }
    // "Jones: "…"" (transcripts, round-ups, headlines): a name and a colon
    // attribute the quote with no verb; the colon is the cue.
    if (open_tok > from + 1 && tokens_[open_tok - 1].lower == ":") {
      Span np = NpBefore(open_tok - 1, from);
      bool names = !np.empty();
      for (std::size_t k = names ? FirstTokenAt(np.start) : open_tok; k + 1 < open_tok && names;
           ++k)
        names = tokens_[k].kind != TokenKind::kWord || tokens_[k].cap;
      if (names && WordCount(Text(np)) <= 4) {
        pd.cue = {tokens_[open_tok - 1].start, tokens_[open_tok - 1].end};
        pd.source = np;
        direct.push_back(pd);
        continue;
      }
    }
    // No cue: a full-sentence quote is speech (inherited speaker); a short
    // one is a scare quote, a title or a name.
    const bool sentence_like = EndsClause(q.pieces.back());
    std::size_t first_tok_of_sent = sentences_.empty() ? 0 : sentences_[open_sent].first_token;
    bool starts_sentence = open_tok <= first_tok_of_sent + 1;
    // Coordinated quotes: "…," and "…" share the first one's attribution.
    bool coordinated = false;
    if (!direct.empty()) {
      std::size_t g = direct.back().span.close;
      std::string_view gap =
          g <= q.open ? std::string_view(text).substr(g, q.open - g) : std::string_view();
      std::string rest;
      for (char c : gap)
        if (std::isalpha(static_cast<unsigned char>(c))) rest.push_back(c);
      coordinated = !gap.empty() && gap.size() < 12 && (rest == "and" || rest.empty()) &&
                    gap.find('\n') == std::string_view::npos;
    }
    if (coordinated) {
      direct.back().span.pieces.insert(direct.back().span.pieces.end(), q.pieces.begin(),
                                       q.pieces.end());
      direct.back().span.close = q.close;
      continue;
    }
    // A quote introduced by a colon or comma ("sagte, „…“") is speech too.
    bool intro_punct = open_tok > 0 && tokens_[open_tok - 1].kind == TokenKind::kPunct &&
                       (tokens_[open_tok - 1].lower == ":" || tokens_[open_tok - 1].lower == ",");
    if ((words >= 6 && sentence_like && (starts_sentence || intro_punct)) || words >= 12 ||
        q.pieces.size() > 1) {
      direct.push_back(pd);
    }
  }
  // Split quotes: "…," she said, "…" and "…," she said. "…" — a quote with no
  // attribution of its own that opens right after the previous quote's
  // attribution clause joins it as another piece.
  std::vector<Pending> merged;
  for (Pending& pd : direct) {
    // The second half of a split quote may also see the attribution as its
    // own ("…," she said, "…"): the same cue.
    if (pd.continues && !merged.empty()) {
      for (const Span& p : pd.span.pieces) merged.back().span.pieces.push_back(p);
      merged.back().span.close = pd.span.close;
      merged.back().attr_end_pos = pd.span.close;
      continue;
    }
    if (!merged.empty() && merged.back().after_attr &&
        (pd.cue.empty() || pd.cue == merged.back().cue)) {
      const Pending& prev = merged.back();
      std::size_t gap_from = prev.attr_end_pos;
      bool adjacent = gap_from <= pd.span.open;
      for (std::size_t i = gap_from; adjacent && i < pd.span.open; ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (!(std::isspace(c) || c == '.' || c == ',' || c == ':' || c == ';')) adjacent = false;
        if (c == '\n') adjacent = false;
      }
      if (adjacent) {
        for (const Span& p : pd.span.pieces) merged.back().span.pieces.push_back(p);
        merged.back().span.close = pd.span.close;
        merged.back().attr_end_pos = pd.span.close;
        continue;
      }
    }
    merged.push_back(pd);
  }
  for (const Pending& pd : merged) {
    Found f;
    std::vector<Span> pieces = pd.span.pieces;
    if (!pd.lead.empty()) pieces.insert(pieces.begin(), pd.lead);
    f.quote =
        Make(pd.lead.empty() ? QuoteKind::kDirect : QuoteKind::kMixed, pieces, pd.cue, pd.source);
    f.order = pieces.front().start;
    f.pieces = pieces;
    f.cue = pd.cue;
    f.source = pd.source;
    found_.push_back(std::move(f));
    // Each piece with its marks: the attribution clause between the pieces
    // of a split quote stays free for what else it reports.
    ClaimPieces(pieces);
    if (!pd.cue.empty()) used_.Add(pd.cue);
    if (!pd.source.empty()) used_.Add(pd.source);
  }
}

void DocDetector::RulePasses() {
  const std::string& text = norm_.text;
  for (const Span& s : norm_.sentences) {
    Sentence sent;
    sent.span = s;
    sent.first_token = tokens_.size();
    Tokenize(text, s.start, s.end, tokens_);
    sent.end_token = tokens_.size();
    sentences_.push_back(sent);
  }
  // Tokens come in text order (sentences are ordered and disjoint).
  first_token_at_.resize((text.size() >> kTokenAtShift) + 1);
  {
    std::size_t b = 0;  // entries [0, b) filled
    for (std::size_t t = 0; t < tokens_.size() && b < first_token_at_.size(); ++t)
      for (; b < first_token_at_.size() && (b << kTokenAtShift) <= tokens_[t].start; ++b)
        first_token_at_[b] = static_cast<std::uint32_t>(t);
    for (; b < first_token_at_.size(); ++b)
      first_token_at_[b] = static_cast<std::uint32_t>(tokens_.size());
  }
  std::vector<QSpan> doubles = PairMarks(norm_, MarkLevel::kDouble, {});
  std::vector<QSpan> singles = PairMarks(norm_, MarkLevel::kSingle, doubles);
  spans_ = doubles;
  spans_.insert(spans_.end(), singles.begin(), singles.end());
  std::sort(spans_.begin(), spans_.end(),
            [](const QSpan& a, const QSpan& b) { return a.open < b.open; });
  // Flag tokens inside quoted spans.
  {
    std::size_t qi = 0;
    for (Token& t : tokens_) {
      while (qi < spans_.size() && spans_[qi].close <= t.start) ++qi;
      for (std::size_t k = qi; k < spans_.size() && spans_[k].open <= t.start; ++k)
        if (t.start > spans_[k].open && t.start < spans_[k].close) t.in_quote = true;
    }
  }
  DirectQuotes();
  for (const Sentence& s : sentences_) ReportedSpeech(s);
}

void DocDetector::EraseFound(const std::vector<bool>& drop) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < found_.size(); ++i)
    if (!drop[i]) {
      if (w != i) found_[w] = std::move(found_[i]);
      ++w;
    }
  found_.resize(w);
}

void DocDetector::AccordingSourceAfter() {
  for (std::size_t fi = 0; fi < found_.size(); ++fi) {
    Found& f = found_[fi];
    if (f.cue.empty() || f.source.empty() || f.source.end > f.cue.start || f.pieces.empty())
      continue;
    const std::size_t t = FirstTokenAt(f.cue.start);
    if (t == 0 || t + 3 >= tokens_.size() || tokens_[t].lower != "according" ||
        tokens_[t + 1].lower != "to" || tokens_[t - 1].lower != ",")
      continue;
    const std::size_t sid = SentenceOf(f.cue.start);
    const Sentence& sent = sentences_[sid];
    std::size_t send = sent.end_token;
    while (send > t && tokens_[send - 1].kind == TokenKind::kPunct && !tokens_[send - 1].is_mark)
      --send;
    // The noun phrase after "according to", to the next comma or the end.
    std::size_t np_end = t + 2;
    while (np_end < send && tokens_[np_end].lower != ",") ++np_end;
    if (np_end == t + 2 || np_end - (t + 2) > 14 || !PlausibleMention(t + 2, np_end)) continue;
    // The words before the comma, from the sentence's start.
    const std::size_t cs = AfterDateline(sent.first_token, t - 1);
    std::size_t words = 0;
    for (std::size_t k = cs; k + 1 < t; ++k) words += tokens_[k].kind == TokenKind::kWord ? 1 : 0;
    if (words < 2) continue;
    std::vector<Span> pieces = {{tokens_[cs].start, tokens_[t - 2].end}};
    // An insert: the sentence goes on with the verb of the words before it.
    if (np_end < send) {
      if (np_end + 1 >= send || !VerbLike(tokens_[np_end + 1])) continue;
      pieces.push_back({tokens_[np_end + 1].start, tokens_[send - 1].end});
    }
    bool ok = true;
    for (std::size_t k = sent.first_token; k < sent.end_token && ok; ++k) ok = !tokens_[k].is_mark;
    for (std::size_t gi = 0; gi < found_.size() && ok; ++gi) {
      if (gi == fi) continue;
      for (const Span& p : found_[gi].pieces)
        for (const Span& q : pieces) ok = ok && !(p.start < q.end && q.start < p.end);
    }
    if (!ok) continue;
    f.pieces = pieces;
    f.cue = {tokens_[t].start, tokens_[t + 1].end};
    f.source = {tokens_[t + 2].start, tokens_[np_end - 1].end};
    f.order = pieces.front().start;
    f.quote = Make(QuoteKind::kIndirect, f.pieces, f.cue, f.source);
  }
}

bool DocDetector::VerbLike(const Token& k) const {
  if (k.kind != TokenKind::kWord || k.cap) return false;
  if (k.speech_verb || lex::IsFiniteAuxiliary(k.lower)) return true;
  const std::string_view w = k.lower;
  return (w.ends_with("s") || w.ends_with("ed")) &&
         detect_internal::ClassOf(w).verb != detect_internal::WordClass::kNone;
}

void DocDetector::ColonIntroductions() {
  for (Found& f : found_) {
    if (f.quote.kind != QuoteKind::kDirect || !f.cue.empty() || !f.source.empty() ||
        f.pieces.empty())
      continue;
    const std::size_t first = FirstTokenAt(f.pieces.front().start);
    if (first < 2 || !tokens_[first - 1].is_mark || tokens_[first - 2].lower != ":") continue;
    const std::size_t colon = first - 2;
    std::size_t s0 = sentences_[SentenceOf(tokens_[colon].start)].first_token;
    while (s0 < colon &&
           (tokens_[s0].kind != TokenKind::kWord || lex::IsSentenceOpener(tokens_[s0].lower)))
      ++s0;
    std::size_t v = s0 + 1;
    while (v < colon && v - s0 <= 6 && !VerbLike(tokens_[v]) &&
           (tokens_[v].kind == TokenKind::kWord || tokens_[v].lower == "'s" ||
            tokens_[v].lower == "\xE2\x80\x99s"))
      ++v;
    if (v >= colon || !VerbLike(tokens_[v]) || colon - v > 8 || !PlausibleMention(s0, v)) continue;
    bool clean = true;
    for (std::size_t k = s0; k < colon && clean; ++k)
      clean = !tokens_[k].is_mark && !tokens_[k].in_quote &&
              !used_.Overlaps(Span{tokens_[k].start, tokens_[k].end});
    if (!clean) continue;
    f.cue = {tokens_[v].start, tokens_[colon - 1].end};
    f.source = {tokens_[s0].start, tokens_[v - 1].end};
    f.quote = Make(f.quote.kind, f.pieces, f.cue, f.source);
  }
}

void DocDetector::TranscriptTurns() {
  const std::string& text = norm_.text;
  // The label of a piece: its speaker's tokens [t0, colon), or t0 == colon.
  auto label = [&](const Span& piece, std::size_t* t0, std::size_t* colon) {
    *t0 = *colon = FirstTokenAt(piece.start);
    std::size_t k = *t0;
    while (k < tokens_.size() && k < *t0 + 3 && tokens_[k].end <= piece.end &&
           tokens_[k].kind == TokenKind::kWord) {
      std::size_t letters = 0;
      bool upper = true;
      for (std::size_t i = tokens_[k].start; i < tokens_[k].end; ++i) {
        const auto ch = static_cast<unsigned char>(text[i]);
        if (std::isalpha(ch)) {
          ++letters;
          upper = upper && std::isupper(ch);
        }
      }
      if (!upper || letters < 2) break;
      ++k;
    }
    if (k > *t0 && k + 1 < tokens_.size() && tokens_[k].lower == ":" &&
        tokens_[k + 1].start < piece.end && !IsKicker(tokens_[*t0].lower))
      *colon = k;
  };
  std::vector<Found> turns;
  std::vector<bool> split(found_.size(), false);
  for (std::size_t fi = 0; fi < found_.size(); ++fi) {
    const Found& f = found_[fi];
    if (f.quote.kind != QuoteKind::kDirect || !f.cue.empty() || f.pieces.size() < 2) continue;
    std::size_t labelled = 0;
    for (const Span& piece : f.pieces) {
      std::size_t t0, colon;
      label(piece, &t0, &colon);
      labelled += colon > t0 ? 1 : 0;
    }
    if (labelled < 2) continue;
    split[fi] = true;
    Found cur;
    auto flush = [&] {
      if (cur.pieces.empty()) return;
      cur.order = cur.pieces.front().start;
      cur.quote = Make(QuoteKind::kDirect, cur.pieces, cur.cue, cur.source);
      turns.push_back(std::move(cur));
      cur = Found{};
    };
    for (const Span& piece : f.pieces) {
      std::size_t t0, colon;
      label(piece, &t0, &colon);
      if (colon > t0) {
        flush();
        cur.source = {tokens_[t0].start, tokens_[colon - 1].end};
        cur.cue = {tokens_[colon].start, tokens_[colon].end};
        cur.pieces.push_back({tokens_[colon + 1].start, piece.end});
      } else {
        cur.pieces.push_back(piece);
      }
    }
    flush();
  }
  if (turns.empty()) return;
  EraseFound(split);
  for (Found& t : turns) found_.push_back(std::move(t));
}

TagDoc DocDetector::RulesThenTagDoc() {
  RulePasses();
  return BuildTagDoc();
}

TagDoc DocDetector::BuildTagDoc(bool share) const {
  TagDoc d;
  if (share)
    d.shared_tokens = &tokens_;
  else
    d.tokens = tokens_;
  d.sentence.resize(tokens_.size());
  for (std::size_t s = 0; s < sentences_.size(); ++s)
    for (std::size_t t = sentences_[s].first_token; t < sentences_[s].end_token; ++t)
      d.sentence[t] = static_cast<std::uint32_t>(s);
  d.rule.assign(tokens_.size(), kRuleNone);
  auto mark = [&](Span s, RuleRole role) {
    if (s.empty()) return;
    for (std::size_t t = FirstTokenAt(s.start); t < tokens_.size() && tokens_[t].start < s.end; ++t)
      d.rule[t] = role;
  };
  for (const Found& f : found_) {
    RuleRole role = f.quote.kind == QuoteKind::kDirect ? kRuleDirect : kRuleContent;
    if (!f.pieces.empty()) mark({f.pieces.front().start, f.pieces.back().end}, role);
    mark(f.cue, kRuleCue);
    mark(f.source, kRuleSource);
  }
  // Units: the tokens of each paragraph.
  std::size_t t = 0;
  for (const Span& p : norm_.paragraphs) {
    while (t < tokens_.size() && tokens_[t].start < p.start) {
      d.units.emplace_back(t, t + 1);  // a token outside every paragraph
      ++t;
    }
    std::size_t a = t;
    while (t < tokens_.size() && tokens_[t].start < p.end) ++t;
    // Very long paragraphs are cut at sentence ends (and an endless
    // sentence at a fixed length) so memory stays bounded.
    constexpr std::size_t kMaxUnit = 600;
    while (t - a > kMaxUnit) {
      std::size_t cut = a + kMaxUnit;
      for (std::size_t k = cut; k > a + kMaxUnit / 2; --k)
        if (d.sentence[k] != d.sentence[k - 1]) {
          cut = k;
          break;
        }
      d.units.emplace_back(a, cut);
      a = cut;
    }
    if (t > a) d.units.emplace_back(a, t);
  }
  if (t < tokens_.size()) d.units.emplace_back(t, tokens_.size());
  return d;
}

void DocDetector::TaggerPass(const Tagger& tagger, const TagDoc& doc) {
  struct Seg {
    std::size_t a, b;  // tokens [a, b)
    std::uint8_t kind;
  };
  struct Run {
    Seg content;
    Span cue, source;
  };
  std::vector<Run> runs;
  std::vector<Found> rules;
  rules.swap(found_);
  // Direct quotes the rules left without attribution, by the token after
  // their closing mark.
  std::map<std::size_t, Found*> bare_direct;
  for (Found& f : rules)
    if (f.quote.kind == QuoteKind::kDirect && f.cue.empty() && !f.pieces.empty())
      bare_direct[FirstTokenAt(f.pieces.back().end)] = &f;
  // Direct quotes with a cue but no source, by the cue's first token.
  std::map<std::size_t, Found*> sourceless_direct;
  for (Found& f : rules)
    if (f.quote.kind == QuoteKind::kDirect && !f.cue.empty() && f.source.empty() &&
        !f.pieces.empty())
      sourceless_direct[FirstTokenAt(f.cue.start)] = &f;
  // The cue words of direct quotes the rules attributed after the quote:
  // what follows them that only sets the scene ("…," Brandt said to a crowd
  // of 500; "…," she said when asked about it) is no content of theirs. By
  // the token after each such cue, in order.
  std::vector<std::size_t> trailing_cues;
  for (const Found& f : rules)
    if (f.quote.kind == QuoteKind::kDirect && !f.cue.empty() && !f.pieces.empty() &&
        f.pieces.back().end <= f.cue.start)
      trailing_cues.push_back(FirstTokenAt(f.cue.end));
  std::sort(trailing_cues.begin(), trailing_cues.end());
  for (const auto& [ua, ub] : doc.units) {
    std::vector<std::uint8_t> tags = tagger.Tag(doc, ua, ub);
    std::vector<Seg> segs;
    for (std::size_t i = 0; i < tags.size(); ++i) {
      std::uint8_t k = SpanKind(tags[i]);
      if (k == kO) continue;
      if (IsBegin(tags[i]) || segs.empty() || segs.back().kind != k || segs.back().b != ua + i)
        segs.push_back({ua + i, ua + i + 1, k});
      else
        segs.back().b = ua + i + 1;
    }
    // A source does not stop inside a name: "Senator| Ada Korhonen is
    // making a pitch …" (the tagger knows the title, not the names). It takes
    // the capitalised words the tagger left untagged right after it.
    for (Seg& s : segs) {
      if (s.kind != kBSrc || !tokens_[s.b - 1].cap || tokens_[s.b - 1].kind != TokenKind::kWord)
        continue;
      std::size_t e = s.b;
      while (e < ub && tags[e - ua] == kO && tokens_[e].kind == TokenKind::kWord &&
             tokens_[e].cap && !tokens_[e].in_quote && doc.sentence[e] == doc.sentence[s.a] &&
             !IsDateWord(tokens_[e].lower) && e < s.b + 4)
        ++e;
      s.b = e;
    }
    // How far segment `s` is from tokens [a, b): the tokens between them,
    // and far more when it is in another sentence.
    auto distance = [&](const Seg& s, std::size_t a, std::size_t b) -> std::size_t {
      std::size_t dist = s.a >= b ? s.a - b : a >= s.b ? a - s.b : 0;
      bool same = doc.sentence[s.a] == doc.sentence[a] || doc.sentence[s.a] == doc.sentence[b - 1];
      return dist + (same ? 0 : 1000);
    };
    auto nearest = [&](std::uint8_t kind, std::size_t a, std::size_t b) -> const Seg* {
      const Seg* best = nullptr;
      std::size_t best_key = 0;
      for (const Seg& s : segs) {
        if (s.kind != kind) continue;
        if (kind == kBSrc && !PlausibleMention(s.a, s.b)) continue;
        std::size_t key = distance(s, a, b);
        if (!best || key < best_key) {
          best = &s;
          best_key = key;
        }
      }
      return best;
    };
    // A span of tokens without the punctuation at its edges.
    auto span_of = [&](const Seg* s) -> Span {
      if (!s) return {};
      std::size_t a = s->a, b = s->b;
      while (a < b && tokens_[a].kind == TokenKind::kPunct) ++a;
      while (b > a && tokens_[b - 1].kind == TokenKind::kPunct) --b;
      return a < b ? Span{tokens_[a].start, tokens_[b - 1].end} : Span{};
    };
    // A direct quote with no attribution from the rules takes a cue the
    // tagger found right after it in its sentence ("..." Mr. Fidan
    // expressed at the onset), with the source beside that cue; the cue then
    // introduces nothing else.
    std::vector<std::size_t> taken_cues;
    // Words after a direct quote's trailing cue that only set the scene.
    auto scene_of_direct = [&](std::size_t a, std::size_t b) {
      auto it = std::upper_bound(trailing_cues.begin(), trailing_cues.end(), a);
      if (it == trailing_cues.begin()) return false;
      const std::size_t t = *--it;
      return a - t <= 3 && doc.sentence[t] == doc.sentence[a] && CircumstanceAfterCue(t, b);
    };
    for (auto it = bare_direct.lower_bound(ua); it != bare_direct.end() && it->first < ub; ++it) {
      const std::size_t after = it->first;
      for (const Seg& s : segs) {
        if (s.kind != kBCue || s.a < after || s.a > after + 6 ||
            doc.sentence[s.a] != doc.sentence[after])
          continue;
        const Seg* src = nullptr;
        for (const Seg& t : segs)
          if (t.kind == kBSrc && t.a >= after && t.a <= s.b + 1 &&
              doc.sentence[t.a] == doc.sentence[s.a])
            src = &t;
        if (!src) break;
        Found& f = *it->second;
        f.cue = {tokens_[s.a].start, tokens_[s.b - 1].end};
        f.source = {tokens_[src->a].start, tokens_[src->b - 1].end};
        f.quote = Make(QuoteKind::kDirect, f.pieces, f.cue, f.source);
        taken_cues.push_back(s.a);
        break;
      }
    }
    // A direct quote whose cue the rules found but whose speaker they could
    // not parse ("X called on her to resign and said, "…"", "he looked up,
    // paused and said: "…"") takes the source the tagger found for that cue:
    // the nearest one in the cue's sentence, outside the quote.
    // The tagger's source for a direct quote's cue at token `ct`: the
    // nearest plausible one in the cue's sentence, outside the quote, never
    // a possessive.
    auto tagger_source = [&](const Found& f, std::size_t ct) -> Span {
      const Seg* best = nullptr;
      std::size_t best_dist = 0;
      for (const Seg& s : segs) {
        if (s.kind != kBSrc || doc.sentence[s.a] != doc.sentence[ct] || !PlausibleMention(s.a, s.b))
          continue;
        const Span sp = span_of(&s);
        const bool inside_quote =
            sp.end >= f.pieces.front().start && sp.start <= f.pieces.back().end;
        if (sp.empty() || inside_quote || lex::IsPossessive(tokens_[s.a].lower)) continue;
        const std::size_t dist = s.b <= ct ? ct - s.b : s.a - ct;
        if (!best || dist < best_dist) {
          best = &s;
          best_dist = dist;
        }
      }
      return span_of(best);
    };
    for (auto it = sourceless_direct.lower_bound(ua);
         it != sourceless_direct.end() && it->first < ub; ++it) {
      Found& f = *it->second;
      f.source = CoordinatedSubject(it->first);
      if (f.source.empty()) f.source = tagger_source(f, it->first);
      if (f.source.empty()) continue;
      f.quote = Make(QuoteKind::kDirect, f.pieces, f.cue, f.source);
    }
    // Contents and cues are paired one to one, nearest pairs first ("X said
    // A, warning B": A goes with "said", B with "warning"); a content left
    // without a free cue takes its nearest one, which it then shares.
    std::vector<const Seg*> cue_of(segs.size(), nullptr);
    {
      struct Pair {
        std::size_t key, content, cue;
      };
      std::vector<Pair> pairs;
      for (std::size_t ci = 0; ci < segs.size(); ++ci) {
        if (segs[ci].kind != kBCon) continue;
        for (std::size_t qi = 0; qi < segs.size(); ++qi)
          if (segs[qi].kind == kBCue)
            pairs.push_back({distance(segs[qi], segs[ci].a, segs[ci].b), ci, qi});
      }
      std::stable_sort(pairs.begin(), pairs.end(),
                       [](const Pair& x, const Pair& y) { return x.key < y.key; });
      std::vector<bool> cue_taken(segs.size(), false);
      for (const Pair& p : pairs) {
        if (cue_of[p.content] || cue_taken[p.cue]) continue;
        cue_of[p.content] = &segs[p.cue];
        cue_taken[p.cue] = true;
      }
    }
    for (std::size_t si = 0; si < segs.size(); ++si) {
      Seg c = segs[si];
      if (c.kind != kBCon) continue;
      // Content never ends on a dangling preposition or article ("the dam
      // will open in"): the tagger stopped one word short; take the words
      // up to the next punctuation, within the sentence.
      for (int extra = 0; extra < 4 && c.b < ub; ++extra) {
        const std::string_view last = tokens_[c.b - 1].lower;  // (inline compares)
        const bool dangling = last == "in" || last == "of" || last == "to" || last == "for" ||
                              last == "with" || last == "at" || last == "on" || last == "by" ||
                              last == "from" || last == "the" || last == "a" || last == "an";
        if (!dangling || tokens_[c.b].kind != TokenKind::kWord ||
            doc.sentence[c.b] != doc.sentence[c.b - 1] || tags[c.b - ua] != kO)
          break;
        ++c.b;
      }
      // Nor on a conjunction ("to end the war through diplomatic means
      // and"): what follows it is not part of this content.
      c.b = WithoutDanglingConjunction(tokens_, c.a, c.b);
      bool words = false;
      for (std::size_t t = c.a; t < c.b; ++t)
        if (tokens_[t].kind == TokenKind::kWord) words = true;
      if (!words || NamesNoStatement(tokens_, c.a, c.b)) continue;
      const Seg* cue = cue_of[si] ? cue_of[si] : nearest(kBCue, c.a, c.b);
      if (cue && std::find(taken_cues.begin(), taken_cues.end(), cue->a) != taken_cues.end())
        continue;
      if (scene_of_direct(c.a, c.b)) continue;
      // A negated cue reports nothing ("He did not say which doors"), as in
      // the rules.
      if (cue) {
        bool negated = false;
        for (std::size_t t = cue->a > 0 ? cue->a - 1 : 0; t < cue->b; ++t) {
          negated = negated || lex::IsNegation(tokens_[t].lower);
        }
        if (negated) continue;
        // "Despite X's mention of A, B happened": a cue inside a fronted
        // clause reports only up to the comma that closes that clause.
        std::size_t sf = sentences_[SentenceOf(tokens_[c.a].start)].first_token;
        while (sf < cue->a && tokens_[sf].kind == TokenKind::kPunct) ++sf;  // a bullet
        if (lex::OpensFrontedClause(tokens_[sf].lower) && cue->a > sf && c.a >= cue->b) {
          std::size_t k = sf + 1;
          while (k < c.b && tokens_[k].lower != ",") ++k;
          if (k > cue->b && k > c.a && k < c.b) c.b = k;
        }
      }
      // "quoted a senior official as saying, …": the one quoted speaks what
      // follows; he is not what the cue reports.
      {
        std::size_t last = c.b;
        while (last > c.a && tokens_[last - 1].kind == TokenKind::kPunct) --last;
        // (ub passed in: clang does not capture a structured binding.)
        auto saying = [this, end = ub](std::size_t t) {
          return t < end && tokens_[t].speech_verb && tokens_[t].lower.ends_with("ing");
        };
        if (last > c.a + 1 && saying(last - 1) && tokens_[last - 2].lower == "as") continue;
        if (last > c.a && tokens_[last - 1].lower == "as" && saying(last)) continue;
      }
      // "Strategists think fishermen| are likely to …": a content that is
      // only the subject of the clause after its cue, with the clause's
      // finite verb left untagged right after it, runs on to the end of the
      // clause (the sentence, or the next tagged span).
      if (cue && c.a == cue->b && c.b < ub && c.b - c.a <= 3 &&
          tokens_[c.b].kind == TokenKind::kWord && !tokens_[c.b].cap &&
          lex::IsFiniteAuxiliary(tokens_[c.b].lower) && doc.sentence[c.b] == doc.sentence[c.a]) {
        std::size_t e = c.b;
        while (e < ub && doc.sentence[e] == doc.sentence[c.a] && tags[e - ua] == kO &&
               !tokens_[e].is_mark)
          ++e;
        while (e > c.b && tokens_[e - 1].kind == TokenKind::kPunct) --e;
        if (e > c.b + 1) c.b = e;
      }
      // "An official who asked not to be named … said A", "who requested
      // anonymity to discuss …": asking not to be named reports nothing. The
      // sentence's report is the speech verb after the request, if the run
      // reaches one; else there is none.
      Seg cue_after_request{};
      if (cue && c.a >= cue->b) {
        if (const std::size_t n = AnonymityRequest(c.a, c.b)) {
          std::size_t v = c.a + n;
          while (v < c.b && !(tokens_[v].speech_verb && !tokens_[v].cap &&
                              tokens_[v].kind == TokenKind::kWord))
            ++v;
          if (v + 1 >= c.b) continue;
          cue_after_request = {v, v + 1, kBCue};
          cue = &cue_after_request;
          c.a = v + 1;
        }
      }
      // "a clause in the draft agreement that would set …": "that" right
      // before a finite verb is the subject of a relative clause on a noun,
      // not the complementiser of a report ("said that would be" keeps its
      // verb of speech).
      if (cue && c.a >= cue->b && c.a + 1 < c.b && tokens_[c.a].lower == "that") {
        // The cue ends on a noun: after a determiner ("a concern"), or one
        // with a noun's suffix ("agreement", "legislation").
        const Token& head = tokens_[cue->b - 1];
        const std::string_view h = head.lower;
        const bool noun = !head.speech_verb &&
                          ((cue->b >= 2 && lex::IsDeterminer(tokens_[cue->b - 2].lower)) ||
                           h.ends_with("ment") || h.ends_with("tion") || h.ends_with("sion") ||
                           h.ends_with("ance") || h.ends_with("ence") || h.ends_with("ity"));
        if (noun && lex::IsFiniteAuxiliary(tokens_[c.a + 1].lower)) continue;
      }
      // ", an offer Porthaven had not answered": a noun phrase as the cue
      // with a clause right after it that has its own subject and no "that"
      // is a relative clause on the noun (the offer is what was not
      // answered), not what the noun reports.
      if (cue && c.a == cue->b && lex::IsDeterminer(tokens_[cue->a].lower) &&
          !tokens_[cue->b - 1].speech_verb && !tokens_[cue->b - 1].cap && !tokens_[c.a].in_quote &&
          (tokens_[c.a].cap || lex::IsSubjectPronoun(tokens_[c.a].lower)))
        continue;
      const Seg* src = cue ? nearest(kBSrc, cue->a, cue->b) : nullptr;
      // A source tagged in another sentence is not this cue's ("The US and
      // Russia agree on X. President Y said, …"); the clause's own subject
      // is sought below.
      if (src && doc.sentence[src->a] != doc.sentence[cue->a]) src = nullptr;
      // A non-finite cue ("…, asking him to probe", "to argue that …",
      // "making a pitch to voters saying …") has no subject of its own: its
      // speaker is the clause's subject, the first source tagged before it
      // in the sentence, not the nearest noun phrase (often its object).
      if (src) {
        const Token& c0 = tokens_[cue->a];
        const bool nonfinite = !c0.cap && c0.lower != "according" &&
                               (c0.lower.ends_with("ing") || c0.lower == "to" ||
                                (cue->a > 0 && tokens_[cue->a - 1].lower == "to"));
        if (nonfinite) {
          const Seg* before = nullptr;
          for (const Seg& s : segs) {
            if (s.a >= cue->a) break;
            if (s.kind == kBSrc && doc.sentence[s.a] == doc.sentence[cue->a] &&
                PlausibleMention(s.a, s.b)) {
              before = &s;
              break;
            }
          }
          if (before) src = before;
        }
      }
      // A cue run that starts with the speaker ("king calls for"): the words
      // before its first cue word or modifier are the source when none was
      // tagged.
      Seg cue_seg = cue ? *cue : Seg{};
      Seg head{};
      if (cue && !src) {
        std::size_t k = cue->a;
        while (k < cue->b && tokens_[k].kind == TokenKind::kWord && tokens_[k].cue_rate == 0.0f &&
               !tokens_[k].speech_verb && !lex::IsCueModifier(tokens_[k].lower))
          ++k;
        if (k > cue->a && k < cue->b) {
          head = {cue->a, k, kBSrc};
          cue_seg.a = k;
          src = &head;
        }
      }
      // A source never opens with the sentence's connective ("However, the
      // talks", "But Medinsky", "Despite Putin's").
      Seg src_seg = src ? *src : Seg{};
      if (src) {
        while (src_seg.a + 1 < src_seg.b && (tokens_[src_seg.a].kind == TokenKind::kPunct ||
                                             lex::IsSentenceOpener(tokens_[src_seg.a].lower)))
          ++src_seg.a;
      }
      // A cue cut inside where it was said ("said in a| separate briefing
      // that …"): the phrase goes back to the content's side, and is then
      // placed as below.
      // (A cue ending on its particle, "called on", "focused on", stays.)
      if (cue && cue_seg.b == c.a && cue_seg.b > cue_seg.a + 2 &&
          lex::IsDeterminer(tokens_[cue_seg.b - 1].lower) &&
          IsPlacePreposition(tokens_[cue_seg.b - 2].lower))
        c.a = cue_seg.b = cue_seg.b - 2;
      // The person told is not what was said ("told reporters that …").
      if (cue && cue_seg.b == c.a) {
        const std::size_t from = c.a;
        c.a = ContentAfterAddressee(cue_seg.b - 1, c.a, c.b);
        // Where it was said belongs to the cue ("said in a statement").
        if (c.a > from && (IsPlacePreposition(tokens_[cue_seg.b - 1].lower) ||
                           IsPlacePreposition(tokens_[from].lower)))
          cue_seg.b = c.a;
        // "stated at the summit held in Tirana, "…"": a cue that ends on
        // where it was said, with no clause after it, reports the quote that
        // follows, which the rules hold; the place is no content.
        else if (c.a == from &&
                 (tokens_[cue_seg.b - 1].lower == "at" ||
                  tokens_[cue_seg.b - 1].lower == "during") &&
                 lex::IsDeterminer(tokens_[c.a].lower)) {
          bool quote_follows = false;
          for (std::size_t t = c.b; t < ub && doc.sentence[t] == doc.sentence[c.a]; ++t)
            quote_follows = quote_follows || tokens_[t].is_mark;
          bool quoted = false;
          for (std::size_t t = c.a; t < c.b; ++t) quoted = quoted || tokens_[t].in_quote;
          if (quote_follows && !quoted) continue;
        }
      }
      // The speaker's next verb closes the content: "X said A and called B"
      // reports A, then B.
      if (cue && cue_seg.b <= c.a) c.b = BeforeNextReport(c.a, c.b);
      runs.push_back({c, span_of(cue ? &cue_seg : nullptr), span_of(src ? &src_seg : nullptr)});
    }
  }
  // A cue introduces one content (see OneContentPerCue).
  {
    std::vector<RunView> views;
    for (const Run& r : runs) {
      bool quoted = false;
      for (std::size_t t = r.content.a; t < r.content.b; ++t)
        quoted = quoted || tokens_[t].in_quote;
      views.push_back({{tokens_[r.content.a].start, tokens_[r.content.b - 1].end}, r.cue, quoted});
    }
    std::vector<bool> keep = OneContentPerCue(views);
    std::vector<Run> kept;
    for (std::size_t i = 0; i < runs.size(); ++i)
      if (keep[i]) kept.push_back(runs[i]);
    runs.swap(kept);
  }
  // The rules' reported speech gives way to the tagger's runs (the tagger saw
  // it as a feature and learned where to trust it, and where its clause
  // boundaries are wrong). Direct quotes stay, and claim their text first.
  used_ = ClaimedSpans{};
  // A rule's source before its cue that ends a relative clause or
  // participle phrase on the speaker is that speaker (HeadBeforeModifier).
  // (Done here, after tagging, so that the rules' roles the tagger was
  // trained on stay what they were.)
  for (Found& f : rules) {
    if (f.quote.kind == QuoteKind::kIndirect || f.source.empty() || f.cue.empty() ||
        f.source.end > f.cue.start)
      continue;
    const std::size_t first = sentences_[SentenceOf(f.source.start)].first_token;
    const Span head = HeadBeforeModifier(f.source, first);
    if (head.start == f.source.start && head.end == f.source.end) continue;
    f.source = head;
    f.quote = Make(f.quote.kind, f.pieces, f.cue, f.source);
  }
  for (Found& f : rules) {
    if (f.quote.kind != QuoteKind::kDirect) continue;
    ClaimPieces(f.pieces);
    used_.Add(f.cue);
    used_.Add(f.source);
  }
  // Raising constructions are read by rule, before the tagger's runs.
  for (const Sentence& sent : sentences_) RaisingPass(sent);
  for (const Sentence& sent : sentences_) ParentheticalReport(sent);
  // The rules' reported speech with a cue, by position (their contents are
  // disjoint: each claims its text), for a binary search per run.
  std::vector<const Found*> reported;
  for (const Found& f : rules)
    if (f.quote.kind != QuoteKind::kDirect && !f.pieces.empty() && !f.cue.empty())
      reported.push_back(&f);
  std::sort(reported.begin(), reported.end(), [](const Found* x, const Found* y) {
    return x->pieces.front().start < y->pieces.front().start;
  });
  // Bare direct quotes a report took in (below).
  std::vector<const Found*> absorbed;
  for (const Run& r : runs) {
    Span content{tokens_[r.content.a].start, tokens_[r.content.b - 1].end};
    // A run that reaches into words already claimed (a raising clause after
    // ", and") keeps what comes before them; one that starts in them or runs
    // into a quote is dropped.
    std::size_t r_end = r.content.a;
    while (r_end < r.content.b && !CoveredByQuote(tokens_[r_end].start)) ++r_end;
    // "The president said that he imagined a "quiet sunset" and knowing
    // that "our work … planet."": a run that goes through a direct quote
    // the rules left without a cue, to its end, is one mixed report; the
    // quote is part of it, not a quote of its own.
    // (The run opens on the writer's words, two or more before the quote,
    // not on a title in quote marks: '"Meet the Press." "…"'.)
    std::size_t own_words = 0;
    for (std::size_t k = r.content.a; k < r_end; ++k)
      own_words += tokens_[k].kind == TokenKind::kWord && !tokens_[k].in_quote ? 1 : 0;
    if (own_words >= 2 && !tokens_[r.content.a].in_quote && !tokens_[r.content.a].is_mark &&
        r_end < r.content.b && tokens_[r_end].is_mark) {
      for (Found& f : rules) {
        if (f.quote.kind != QuoteKind::kDirect || !f.cue.empty() || !f.source.empty() ||
            f.pieces.size() != 1 || f.pieces[0].start < tokens_[r_end].start ||
            FirstTokenAt(f.pieces[0].start) > r_end + 1 || f.pieces[0].end > content.end)
          continue;
        std::size_t k = FirstTokenAt(f.pieces[0].end);
        while (k < r.content.b && (tokens_[k].is_mark || tokens_[k].kind == TokenKind::kPunct)) ++k;
        while (k < r.content.b && !CoveredByQuote(tokens_[k].start)) ++k;
        if (k < r.content.b) break;
        absorbed.push_back(&f);
        r_end = r.content.b;
        break;
      }
    }
    if (r_end < r.content.b) {
      if (tokens_[r_end].is_mark) continue;
      while (r_end > r.content.a &&
             (tokens_[r_end - 1].kind == TokenKind::kPunct || tokens_[r_end - 1].lower == "and" ||
              tokens_[r_end - 1].lower == "but"))
        --r_end;
      if (r_end == r.content.a) continue;
      content.end = tokens_[r_end - 1].end;
    }
    if (SoCalledTerm(r.content.a, r_end)) continue;
    // Where a rule found the same speech, its source (parsed with care:
    // "told Reuters", appositions) wins over the tagger's; its cue stands in
    // when the tagger has none.
    Span cue = r.cue, source = r.source;
    auto it = std::partition_point(reported.begin(), reported.end(), [&](const Found* f) {
      return f->pieces.back().end <= content.start;
    });
    if (it != reported.end() && (*it)->pieces.front().start < content.end) {
      const Found& f = **it;
      // "According to the survey, 51 percent … supported X": the frame is
      // the cue of its whole clause, never a verb inside it.
      const bool according =
          !f.cue.empty() && tokens_[FirstTokenAt(f.cue.start)].lower == "according";
      // (A tagger cue inside the rule's content is a report within the
      // report, "X said A, though she noted B": its source is its own.)
      // A participle there ("…, saying …") has no subject of its own: the
      // rule's stands.
      const bool within = !cue.empty() && !according && cue.start >= f.pieces.front().start &&
                          cue.end <= f.pieces.back().end &&
                          !tokens_[FirstTokenAt(cue.start)].lower.ends_with("ing");
      if (cue.empty() || according) cue = f.cue;
      if (!f.source.empty() && !within) source = f.source;
      // "X emphasised that A was prepared to provide B": a run that starts
      // inside the that-clause of the rule's speech verb, for that cue or
      // for a cue inside the clause, is the clause the verb reports: the
      // tagger cut its opening words, or read a verb of the report as a cue.
      const Span& first = f.pieces.front();
      const bool inner_cue = cue.start >= first.start && cue.end <= first.end;
      if ((cue == f.cue || inner_cue) && first.start < content.start && content.start < first.end &&
          SaysThatClause(f) && !used_.Overlaps(Span{first.start, content.start})) {
        content.start = first.start;
        content.end = std::max(content.end, first.end);
        cue = f.cue;
        source = f.source;
      }
    }
    // "According to the survey, 51 percent … supported X": a frame right
    // beside the content is the cue of the whole clause, unless the tagger's
    // cue is itself a speech verb ("X said …, according to press reports":
    // X speaks).
    if (cue.empty() || !tokens_[FirstTokenAt(cue.start)].speech_verb) {
      std::size_t b = FirstTokenAt(content.end);
      if (Span fc, fs; AccordingFrame(r.content.a, b, &fc, &fs)) {
        cue = fc;
        source = fs;
      }
    }
    // Speech without a cue is not an attribution (titles, kickers).
    if (cue.empty()) continue;
    if (!source.empty()) {
      const std::size_t sa = FirstTokenAt(source.start), sb = FirstTokenAt(source.end);
      if (!PlausibleMention(sa, sb)) {
        // A run cut after its determiner ("The" of "The state attorney
        // general") is the noun phrase it opens; anything else is no name.
        const std::size_t ct = FirstTokenAt(cue.start);
        const Span np = sa < ct ? NpAfter(sa, ct) : Span{};
        const std::size_t nb = FirstTokenAt(np.end);
        source = !np.empty() && nb > sb && PlausibleMention(sa, nb) ? np : Span{};
      }
    }
    // A cue with no source tagged: the noun phrase that opens its clause
    // before an apposition ending at the cue ("Two brothers, Luis and Pablo
    // Serra, 24 and 21, were talking about …"), else the noun phrase right
    // before the cue when it is the clause's subject (it opens the sentence
    // or a clause after ";" or ":", as in a headline "king calls for ...")
    // or the cue comes before its content.
    if (source.empty()) {
      const std::size_t ct = FirstTokenAt(cue.start);
      const std::size_t first = sentences_[SentenceOf(cue.start)].first_token;
      Span np = AppositiveSubject(ct, first);
      if (np.empty()) {
        np = NpBefore(ct, first);
        const std::size_t nt = FirstTokenAt(np.start);
        const bool subject = !np.empty() && (nt == first || tokens_[nt - 1].lower == ";" ||
                                             tokens_[nt - 1].lower == ":");
        if (np.empty() || tokens_[ct - 1].end != np.end || !(subject || content.start >= cue.end))
          np = {};
      }
      if (!np.empty() && PlausibleMention(FirstTokenAt(np.start), FirstTokenAt(np.end)))
        source = np;
    }
    // Else the subject of the cue's clause speaks, when the content follows
    // the cue ("Nevertheless, the US and Russia still agree on …") or the
    // cue is a participle after a comma or a preposition ("opened the talks
    // by urging …, adding …").
    if (source.empty()) {
      const std::size_t ct = FirstTokenAt(cue.start);
      const std::size_t first = sentences_[SentenceOf(cue.start)].first_token;
      const std::size_t v = SkipModifiersBack(ct, first);
      const bool participle = tokens_[ct].lower.ends_with("ing") && AfterCommaOrPreposition(ct);
      if (v > first && (participle || content.start >= cue.end)) source = ClauseSubject(v);
    }
    // "The returns seemed a reminder that …", "she is expected to run": how
    // things seem or are said to be. Nobody speaks; the subject is the first
    // piece of the content.
    if (!source.empty() && source.end <= cue.start && content.start >= cue.end) {
      const std::size_t last = FirstTokenAt(cue.end) - 1;
      if (lex::IsRaisingCue(tokens_[last].lower) ||
          lex::IsRaisingCue(tokens_[FirstTokenAt(cue.start)].lower)) {
        Emit(content, cue, {}, source);
        continue;
      }
    }
    // "It is important to note that …", "There's reason to believe …": an
    // expletive subject is nobody.
    if (!source.empty()) {
      const std::size_t s0 = FirstTokenAt(source.start);
      const std::size_t ct = FirstTokenAt(cue.start);
      const std::string_view w = tokens_[s0].lower;
      const bool there = w == "there" || w == "there's" || w == "there\xE2\x80\x99s";
      const bool it_subject = (w == "it" || w == "it's" || w == "it\xE2\x80\x99s") && s0 < ct &&
                              ct - s0 <= 5 && tokens_[ct - 1].lower == "to";
      if (there || it_subject) source = {};
    }
    // "X was asked about Y", "Asked about Y, X said …", "the plan was
    // criticized by Z": the subject of a passive cue, or of the clause after
    // a fronted one, was asked or spoken of; the agent, if any, speaks.
    if (Span agent; PassiveCue(cue, &agent)) {
      source = agent;
    }
    // The writer's next report ends the content, also where a rule's
    // clause lengthened it (see BeforeNextReport).
    if (!cue.empty() && cue.end <= content.start) content = BeforeNextReport(content);
    Span extra = ParentheticalPiece(r.content.a, r_end, cue, source);
    if (extra.empty()) extra = RelativePronounPiece(content, cue, source);
    Emit(content, cue, source, extra);
  }
  // The tagger's silence is no verdict on a plain "X emphasised that …" the
  // rules read: such reported speech (a speech verb, then "that" or a
  // subject pronoun opening the content, or the content, then ", X warned."
  // ending the sentence) stays when no run took any of its words.
  for (Found& f : rules) {
    if (f.quote.kind == QuoteKind::kDirect || f.pieces.empty() || f.cue.empty() || f.source.empty())
      continue;
    const std::size_t ct = FirstTokenAt(f.cue.start);
    const std::size_t after = FirstTokenAt(f.cue.end);
    if (!tokens_[ct].speech_verb) continue;
    // "X warned that CONTENT" or "CONTENT, X warned."
    const bool that_clause = SaysThatClause(f);
    const std::size_t st = FirstTokenAt(f.source.start);
    const bool trailing = f.pieces.back().end <= f.source.start && st > 0 &&
                          tokens_[st - 1].lower == "," && after < tokens_.size() &&
                          SentenceOf(tokens_[after].start) == SentenceOf(f.cue.start) &&
                          tokens_[after].kind == TokenKind::kPunct && tokens_[after].lower == ".";
    // "X said she intended …": the content a clause right after the cue,
    // opened by its subject pronoun.
    const bool pronoun_clause = f.source.end <= f.cue.start && f.pieces.size() == 1 &&
                                !tokens_[ct].cap && after < tokens_.size() &&
                                FirstTokenAt(f.pieces.front().start) == after &&
                                lex::IsSubjectPronoun(tokens_[after].lower);
    if (!that_clause && !trailing && !pronoun_clause) continue;
    if (std::any_of(f.pieces.begin(), f.pieces.end(),
                    [&](const Span& p) { return used_.Overlaps(p); }))
      continue;
    if (that_clause && f.pieces.size() == 1) {
      if (const Span cut = BeforeNextReport(f.pieces[0]); cut.end != f.pieces[0].end) {
        f.pieces[0] = cut;
        f.quote = Make(f.quote.kind, f.pieces, f.cue, f.source);
      }
    }
    for (const Span& p : f.pieces) used_.Add(p);
    found_.push_back(std::move(f));
  }
  for (const Sentence& sent : sentences_) InvertedReport(sent);
  for (const Sentence& sent : sentences_) TrailingReport(sent);
  for (const Sentence& sent : sentences_) BeliefReport(sent);
  TrailingWholeSentence();
  RelativeSourceAntecedent();
  DropNounCues();
  for (Found& f : rules)
    if (f.quote.kind == QuoteKind::kDirect &&
        std::find(absorbed.begin(), absorbed.end(), &f) == absorbed.end())
      found_.push_back(std::move(f));
}

std::size_t DocDetector::AfterDateline(std::size_t a, std::size_t b) const {
  const std::string_view first =
      std::string_view(norm_.text).substr(tokens_[a].start, tokens_[a].end - tokens_[a].start);
  const bool caps =
      first.size() >= 3 &&
      std::none_of(first.begin(), first.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
      std::any_of(first.begin(), first.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  for (std::size_t t = a + 1; caps && t + 1 < b && t < a + 12; ++t) {
    const std::string_view w = tokens_[t].lower;
    if (IsDash(w)) return t + 1;
  }
  return a;
}

Span DocDetector::TidySource(Span source) const {
  if (source.empty()) return source;
  std::size_t a = FirstTokenAt(source.start), b = FirstTokenAt(source.end);
  if (b > tokens_.size() || a >= b) return source;
  auto low = [&](std::size_t t) -> std::string_view { return tokens_[t].lower; };
  // A dateline opens the article, not the mention: "CASTELMAR, Sarnland
  // (Meridian Press) — Maradia's foreign minister" starts after the dash.
  a = AfterDateline(a, b);
  // A connective set off by a comma, or a bare "but"/"and", opens the
  // sentence, not the mention.
  while (a + 1 < b) {
    if (tokens_[a].kind == TokenKind::kPunct) {
      ++a;
    } else if (lex::IsSentenceOpener(low(a)) && low(a + 1) == ",") {
      a += 2;
    } else if (low(a) == "but" || low(a) == "and" || low(a) == "yet" || low(a) == "however") {
      ++a;
    } else {
      break;
    }
  }
  auto relative = [&](std::size_t t) { return lex::IsRelativePronoun(low(t)); };
  // A subject and its verb phrase: cut at the first finite auxiliary that no
  // relative pronoun governs ("officials who have seen it" stays whole).
  for (std::size_t t = a + 1; t < b && !relative(a); ++t) {
    if (relative(t) || tokens_[t].kind != TokenKind::kWord) break;
    const std::string_view w = low(t);
    // A past tense with its particle is the verb ("Maradia's foreign
    // minister walked out of talks …", "the chairman stepped down"): a
    // participle that modifies a noun rarely takes one.
    static const std::unordered_set<std::string_view> kParticle = {"out",  "up",   "off", "down",
                                                                   "away", "back", "over"};
    if (!tokens_[t].cap && w.size() > 4 && w.ends_with("ed") && t + 1 < b &&
        kParticle.count(low(t + 1)) > 0 && PlausibleMention(a, t)) {
      b = t;
      break;
    }
    if (lex::IsFiniteAuxiliary(w)) {
      // Only a plain verb phrase goes: a name after the verb may be the
      // speaker the mention ends on ("… is now the place Pentagon officials").
      bool names = false;
      for (std::size_t u = t + 1; u < b; ++u) names = names || tokens_[u].cap;
      if (!names && PlausibleMention(a, t)) b = t;
      break;
    }
  }
  while (b > a + 1 && tokens_[b - 1].lower == ",") --b;
  if (!PlausibleMention(a, b)) return source;
  return {std::max(source.start, tokens_[a].start), std::min(source.end, tokens_[b - 1].end)};
}

std::vector<Quote> DocDetector::Run() {
  RulePasses();
  const Tagger& tagger = Tagger::Default();
  if (!tagger.empty()) TaggerPass(tagger, BuildTagDoc(/*share=*/true));
  // (After the tagger, which learns from the rules' output before it.)
  TranscriptTurns();
  ColonIntroductions();
  AccordingSourceAfter();
  for (Found& f : found_) {
    if (f.source.empty()) continue;
    const Span tidy = TidySource(f.source);
    if (tidy == f.source) continue;
    f.source = tidy;
    f.quote.source = Mention{norm_.ToSource(tidy), Text(tidy)};
  }
  std::sort(found_.begin(), found_.end(),
            [](const Found& a, const Found& b) { return a.order < b.order; });
  std::vector<Quote> out;
  out.reserve(found_.size());
  for (Found& f : found_) out.push_back(std::move(f.quote));
  return out;
}

std::size_t DocDetector::SentenceOf(std::size_t pos) const {
  auto it = std::upper_bound(sentences_.begin(), sentences_.end(), pos,
                             [](std::size_t p, const Sentence& s) { return p < s.span.end; });
  if (it == sentences_.end()) return sentences_.empty() ? 0 : sentences_.size() - 1;
  return static_cast<std::size_t>(it - sentences_.begin());
}

std::size_t DocDetector::FirstTokenAt(std::size_t pos) const {
  // The first token starting at or after pos.
  if ((pos >> kTokenAtShift) < first_token_at_.size()) {
    // Every token before the entry's starts before pos.
    std::size_t t = first_token_at_[pos >> kTokenAtShift];
    while (t < tokens_.size() && tokens_[t].start < pos) ++t;
    return t;
  }
  auto it = std::lower_bound(tokens_.begin(), tokens_.end(), pos,
                             [](const Token& t, std::size_t p) { return t.start < p; });
  return static_cast<std::size_t>(it - tokens_.begin());
}

bool DocDetector::IsCue(std::size_t t, float min_rate) const {
  const Token& tok = tokens_[t];
  if (tok.kind != TokenKind::kWord) return false;
  if (tok.speech_verb) return true;
  return tok.cue_rate >= min_rate;
}

std::size_t DocDetector::SkipModifiersBack(std::size_t t, std::size_t limit) const {
  while (t > limit && tokens_[t - 1].kind == TokenKind::kWord &&
         lex::IsCueModifier(tokens_[t - 1].lower) && !tokens_[t - 1].cap)
    --t;
  return t;
}

Span DocDetector::NpBefore(std::size_t end, std::size_t limit) const {
  std::size_t t = end;
  std::size_t words = 0;
  bool has_head = false;
  while (t > limit && words < 9) {
    const Token& tok = tokens_[t - 1];
    if (tok.kind != TokenKind::kWord) {
      // Hyphens and apostrophes inside names are part of the word token.
      if (tok.kind == TokenKind::kPunct && (tok.lower == "(" || tok.lower == ")") && words > 0)
        break;
      break;
    }
    // A reporting verb is never inside the subject ("AFP quoted a source
    // saying").
    if (!tok.cap && words > 0 && (tok.speech_verb || tok.cue_rate >= 0.5f)) break;
    if (!tok.cap && lex::IsNpStopper(tok.lower)) {
      // "spokeswoman for the ministry", "head of the delegation"
      if ((tok.lower == "for" || tok.lower == "of") && has_head && t - 1 > limit &&
          tokens_[t - 2].kind == TokenKind::kWord && !lex::IsNpStopper(tokens_[t - 2].lower)) {
        --t;
        ++words;
        continue;
      }
      // "a source in Castelmar", "officials at the ministry in Velgrad"
      if ((tok.lower == "in" || tok.lower == "at" || tok.lower == "from") && has_head &&
          tokens_[t].cap && t - 1 > limit && tokens_[t - 2].kind == TokenKind::kWord &&
          !lex::IsNpStopper(tokens_[t - 2].lower)) {
        --t;
        ++words;
        continue;
      }
      // "officials familiar with the talks", "the memo in question"
      if (has_head && t - 1 > limit &&
          ((tok.lower == "with" && tokens_[t - 2].lower == "familiar") ||
           (tok.lower == "in" && tokens_[t].lower == "question"))) {
        --t;
        ++words;
        continue;
      }
      if (tok.lower == "and" && t - 1 > limit && tokens_[t - 2].cap && has_head) {
        --t;
        ++words;
        continue;
      }
      break;
    }
    if (!tok.cap && !lex::IsNpFunctionWord(tok.lower) && words > 0 && has_head && tokens_[t].cap) {
      // A lower-case word before a capitalised name: keep it only if it is
      // a role noun ("spokesman Alex Conant"), which we cannot tell here;
      // take it when it is the only word before the name.
    }
    --t;
    ++words;
    has_head = true;
    if (tok.lower == "who" || lex::IsPronoun(tok.lower)) break;
  }
  if (!has_head) return {};
  // Trim leading function words ("of", "and") and the clause's connective
  // ("When reporters asked", "But the minister said").
  while (t < end && (tokens_[t].lower == "of" || tokens_[t].lower == "and" ||
                     (t + 1 < end && lex::IsSentenceOpener(tokens_[t].lower))))
    ++t;
  if (t >= end) return {};
  return {tokens_[t].start, tokens_[end - 1].end};
}

Span DocDetector::AppositiveSubject(std::size_t end, std::size_t limit) const {
  if (end < limit + 2 || tokens_[end - 1].lower != ",") return {};
  // "… faded when Mr. Ortega, wrapping up a trip, claimed": a subordinator
  // opens the clause the cue belongs to; commas before it are another
  // clause's.
  std::size_t first_comma = end - 1;
  std::size_t opener = limit;  // the clause's first token
  for (std::size_t c = end - 1; c > limit && end - c < 40; --c) {
    const Token& tok = tokens_[c - 1];
    if (tok.lower == ";" || tok.lower == ":") break;
    if (tok.lower == ",") first_comma = c - 1;
    if (!tok.cap && lex::IsSubordinator(tok.lower) && c - 1 < first_comma) {
      opener = c;
      break;
    }
  }
  if (first_comma == end - 1) return {};
  Span head = NpBefore(first_comma, opener);
  if (head.empty()) return {};
  // The phrase must open the clause.
  std::size_t hs = FirstTokenAt(head.start);
  if (hs > opener && tokens_[hs - 1].kind == TokenKind::kWord &&
      !lex::IsNpStopper(tokens_[hs - 1].lower))
    return {};
  return head;
}

Span DocDetector::NpAfter(std::size_t start, std::size_t limit) const {
  std::size_t t = start;
  std::size_t words = 0;
  while (t < limit && words < 10) {
    const Token& tok = tokens_[t];
    if (tok.kind != TokenKind::kWord) break;
    if (!tok.cap && lex::IsNpStopper(tok.lower) && tok.lower != "of") break;
    if (!tok.cap && words > 0 && tok.speech_verb) break;
    ++t;
    ++words;
  }
  if (t == start) return {};
  while (t > start && (tokens_[t - 1].lower == "of" || tokens_[t - 1].lower == "the")) --t;
  if (t == start) return {};
  return {tokens_[start].start, tokens_[t - 1].end};
}

// Attribution in tokens [from, to) right after a closing quote mark:
// ", she said", ", said Smith", " Smith told reporters", ", according to X".
bool DocDetector::Attribution(std::size_t from, std::size_t to, Span* cue, Span* source,
                              std::size_t* end_token) const {
  std::size_t t = from;
  while (t < to && tokens_[t].kind == TokenKind::kPunct &&
         (tokens_[t].lower == "," || tokens_[t].lower == "\xE2\x80\x94" ||
          tokens_[t].lower == "-" || tokens_[t].lower == "\xE2\x80\x93"))
    ++t;
  if (t >= to) return false;
  // "according to X"
  if (tokens_[t].lower == "according" && t + 1 < to && tokens_[t + 1].lower == "to") {
    *cue = {tokens_[t].start, tokens_[t + 1].end};
    *source = NpAfter(t + 2, to);
    *end_token = t + 2;
    return !source->empty();
  }
  // "said Smith" / "said the minister"
  std::size_t v = t;
  while (v < to && tokens_[v].kind == TokenKind::kWord && lex::IsCueModifier(tokens_[v].lower) &&
         v - t < 2)
    ++v;
  // Only a finite form inverts with its subject ("said the minister",
  // "adds Smith"); "state Rep. Park" is a noun.
  auto finite = [](std::string_view w) {
    return w.ends_with("ed") || w.ends_with("s") || w == "said" || w == "told" || w == "wrote";
  };
  if (v < to && ((IsCue(v, 0.5f) && tokens_[v].speech_verb && finite(tokens_[v].lower)) ||
                 lex::IsTextVerb(tokens_[v].lower))) {
    Span np = NpAfter(v + 1, to);
    if (!np.empty()) {
      // "said Karl Ames, the union's chief negotiator.": an apposition that
      // ends the sentence or is set off by commas belongs to the source.
      const std::size_t k = FirstTokenAt(np.end);
      if (k + 2 < to && tokens_[k].lower == "," && lex::IsDeterminer(tokens_[k + 1].lower)) {
        const std::size_t c = AppositionClose(k, to);
        if (c == to || tokens_[c].lower == "," || tokens_[c].lower == ".")
          np.end = tokens_[c - 1].end;
      }
      *cue = {tokens_[v].start, tokens_[v].end};
      *source = np;
      *end_token = v + 1;
      return true;
    }
  }
  // "Smith said", "the minister told reporters"
  // A name, then a phrase set off from it that ends at token `close`, then
  // the cue (after at most two modifiers); the source ends at token
  // `source_last`.
  auto cue_after_insert = [&](std::size_t close, std::size_t source_last, bool speech_verb) {
    std::size_t w = close + 1;
    // ("told" modifies a later cue in "was told", but here it is the cue.)
    while (w < to && lex::IsCueModifier(tokens_[w].lower) && !tokens_[w].speech_verb &&
           w - close < 3)
      ++w;
    if (w >= to || !IsCue(w, 0.5f) || (speech_verb && !tokens_[w].speech_verb)) return false;
    *cue = {tokens_[w].start, tokens_[w].end};
    *source = {tokens_[t].start, tokens_[source_last].end};
    *end_token = w + 1;
    return true;
  };
  std::size_t words = 0;
  for (std::size_t u = t; u < to && words < 12; ++u, ++words) {
    const Token& tok = tokens_[u];
    if (tok.kind != TokenKind::kWord) {
      if (words == 0) return false;
      // "Sen. Ana Ruiz (D-Ore.) said": a short parenthetical after the name
      // (party and state, age) belongs to the source.
      if (tok.lower == "(") {
        std::size_t c = u + 1;
        while (c < to && c - u < 8 && tokens_[c].lower != ")" && tokens_[c].lower != "(") ++c;
        return c < to && tokens_[c].lower == ")" && cue_after_insert(c, c, true);
      }
      // "R. Dana Okafor said": an initial's full stop is part of the name.
      if (tok.lower == "." && tokens_[u - 1].cap && tokens_[u - 1].lower.size() == 1 &&
          tokens_[u - 1].end == tok.start)
        continue;
      // "Smith, a spokesman for the ministry, said", "the firm's chief
      // economist, Lars Berg, told": the apposition belongs to the source
      // (attribute reads the role from it). Up to three inserts in a row
      // ("Ivo Marsh, 30, of Lakeside, who took part in the survey, said").
      if (tok.lower == ",") {
        std::size_t open = u;
        for (int inserts = 0; inserts < 3; ++inserts) {
          std::size_t c = open + 1;
          while (c < to && tokens_[c].lower != "," && c - open < 14) ++c;
          if (c >= to || tokens_[c].lower != ",") return false;
          if (cue_after_insert(c, c - 1, false)) return true;
          open = c;
        }
        return false;
      }
      return false;
    }
    // After a determiner the word is a noun ("the note says", "a report
    // claims"): the cue comes later.
    if (((IsCue(u, 0.5f) && tok.speech_verb) || lex::IsTextVerb(tok.lower)) && u > t &&
        !lex::IsDeterminer(tokens_[u - 1].lower)) {
      std::size_t np_end = SkipModifiersBack(u, t);
      if (np_end == t) return false;
      *cue = {tok.start, tok.end};
      *source = {tokens_[t].start, tokens_[np_end - 1].end};
      *end_token = u + 1;
      return true;
    }
    // "Mayor Ilse Brandt and council leader Tom Ruiz said", "X and
    // council leader Tom Ruiz said": "and" joins two mentions when a noun
    // phrase follows it (a determiner, or a name within three words with no
    // speech verb before it; not "smiled and said").
    if (tok.lower == "and" && u > t && u + 1 < to) {
      bool mention = lex::IsDeterminer(tokens_[u + 1].lower);
      for (std::size_t k = u + 1; k < to && k <= u + 3 && !mention; ++k) {
        if (tokens_[k].kind != TokenKind::kWord || tokens_[k].speech_verb) break;
        mention = tokens_[k].cap;
      }
      if (mention) continue;
    }
    if (!tok.cap && lex::IsNpStopper(tok.lower) && !lex::IsCueModifier(tok.lower)) return false;
  }
  return false;
}

Span DocDetector::HeadBeforeModifier(Span np, std::size_t from) const {
  const std::size_t s0 = FirstTokenAt(np.start);
  // Back over the modifier to the word that opens it, within the clause (a
  // comma ends the scan: an insert set off by commas is an apposition).
  for (std::size_t k = s0; k-- > from && s0 - k <= 14;) {
    const Token& w = tokens_[k];
    if (w.kind != TokenKind::kWord || w.in_quote || IsCue(k, 0.45f)) break;
    const bool relative = w.lower == "who";
    const bool participle = !w.cap && w.lower.size() > 4 && w.lower.ends_with("ing") &&
                            !lex::IsCueModifier(w.lower) && k > from &&
                            tokens_[k - 1].kind == TokenKind::kWord &&
                            !lex::IsFunctionWord(tokens_[k - 1].lower);
    if (!relative && !participle) continue;
    const Span head = NpBefore(k, from);
    if (!head.empty() && PlausibleMention(FirstTokenAt(head.start), k)) return head;
    if (participle) break;
  }
  return np;
}

// Attribution in tokens [from, to) just before an opening quote mark:
// "Smith said:", "Smith said,", "According to X,". Sets *light when only
// punctuation or a short phrase lies between the cue and the quote (a direct
// quote); otherwise the quote sits inside reported speech (mixed).
bool DocDetector::AttributionBefore(std::size_t from, std::size_t to, Span* cue, Span* source,
                                    bool* light) const {
  if (to <= from) return false;
  for (std::size_t u = to; u-- > from;) {
    const Token& tok = tokens_[u];
    if (tok.kind == TokenKind::kMark) return false;  // another quote in between
    bool according = tok.lower == "according" && u + 1 < to && tokens_[u + 1].lower == "to";
    if (!according && !IsCue(u, 0.45f)) continue;
    // Between the cue and the quote.
    std::size_t gap_words = 0;
    bool has_that = false;
    std::size_t gap_from = according ? u + 2 : u + 1;
    if (according) {
      // "according to X, "…"" : X runs to the comma.
      std::size_t c = gap_from;
      while (c < to && tokens_[c].lower != ",") ++c;
      *cue = {tok.start, tokens_[u + 1].end};
      *source = NpAfter(gap_from, c);
      *light = c + 1 >= to;
      return !source->empty();
    }
    for (std::size_t g = gap_from; g < to; ++g) {
      if (tokens_[g].kind == TokenKind::kWord) {
        ++gap_words;
        if (tokens_[g].lower == "that") has_that = true;
      }
    }
    *cue = {tok.start, tok.end};
    std::size_t np_end = SkipModifiersBack(u, from);
    *source = NpBefore(np_end, from);
    if (source->empty()) {
      // "…, saying "…"": the subject is further back, or the cue's object
      // ("quoted a source saying") is given later by attribute.
      std::size_t w = np_end;
      while (w > from && tokens_[w - 1].kind == TokenKind::kPunct) --w;
      Span head = AppositiveSubject(np_end, from);
      if (!head.empty()) {
        *source = {head.start, tokens_[np_end - 2].end};
      } else if (w < np_end && w > from && tokens_[w - 1].cap) {
        *source = NpBefore(w, from);
        if (!source->empty() && tokens_[FirstTokenAt(source->start)].lower == "who") *source = {};
      }
    }
    // A participle's subject is the clause's ("Hundreds marched on Monday,
    // chanting "…"", "She answered on Facebook, writing: "…""), not the
    // name or time just before its comma or after a preposition.
    if (tok.lower.ends_with("ing") && !source->empty()) {
      const std::size_t s0 = FirstTokenAt(source->start);
      const bool object = (np_end > from && tokens_[np_end - 1].lower == ",") ||
                          (s0 > from && lex::IsPreposition(tokens_[s0 - 1].lower));
      if (object) {
        const Span subject = ClauseSubject(u);
        if (!subject.empty() && subject.start < source->start) *source = subject;
      }
    }
    // Direct when the quote follows the cue directly or after a colon or
    // comma ("said:", "told reporters in Kyiv,"); anything else before the
    // quote ("called his plan "a disaster"") makes it a fragment.
    const Token& last = tokens_[to - 1];
    bool punct_before = last.kind == TokenKind::kPunct && (last.lower == ":" || last.lower == ",");
    // Right after the cue with no punctuation ("urged "tough sanctions""),
    // only a capitalised quote is a direct one.
    bool capital_quote = false;
    if (to < tokens_.size()) {
      std::size_t k = to + 1;
      if (k < tokens_.size() && tokens_[k].kind == TokenKind::kWord) capital_quote = tokens_[k].cap;
    }
    // A longer gap after a speech verb is still only the circumstance of the
    // speech when it opens with a preposition or a time (or is the person
    // told) and holds no clause of its own
    // ("said at a business forum held in Porto, Portugal,", "told a crowd in
    // the main square on Sunday,").
    bool circumstance = false;
    if (punct_before && tok.speech_verb && gap_words > 6 && gap_words <= 14 && gap_from < to &&
        (lex::IsPreposition(tokens_[gap_from].lower) || lex::IsTimeWord(tokens_[gap_from].lower) ||
         lex::TakesAddressee(tok.lower))) {
      circumstance = true;
      for (std::size_t g = gap_from; g < to && circumstance; ++g) {
        const Token& w = tokens_[g];
        if (w.kind != TokenKind::kWord) continue;
        if (IsCue(g, 0.45f) || lex::IsSubjectPronoun(w.lower) || w.lower == "which" ||
            w.lower == "who" || w.lower == "whether" || w.lower == "if")
          circumstance = false;
      }
    }
    *light = !has_that && ((gap_words == 0 && (punct_before || capital_quote)) ||
                           (punct_before && gap_words <= 6) || circumstance);
    // "told Reuters:" and "said in a statement:" stay light.
    return true;
  }
  return false;
}

Quote DocDetector::Make(QuoteKind kind, std::vector<Span> pieces, Span cue, Span source) const {
  Quote q;
  q.kind = kind;
  for (const Span& p : pieces) {
    Span trimmed = p;
    while (trimmed.start < trimmed.end &&
           std::isspace(static_cast<unsigned char>(norm_.text[trimmed.start])))
      ++trimmed.start;
    while (trimmed.end > trimmed.start &&
           std::isspace(static_cast<unsigned char>(norm_.text[trimmed.end - 1])))
      --trimmed.end;
    // A mixed quote that is all one quoted fragment ("fair settlement") drops
    // the marks around it, as a direct quote does; inner marks stay.
    if (kind != QuoteKind::kDirect) {
      if (std::size_t open = MarkAt(trimmed.start); open && open < trimmed.size()) {
        trimmed.start += open;
        if (std::size_t close = MarkEndingAt(trimmed.end);
            close && trimmed.end - close >= trimmed.start)
          trimmed.end -= close;
      }
    }
    if (trimmed.empty()) continue;
    if (!q.text.empty()) q.text.push_back(' ');
    q.text += Text(trimmed);
    q.content.push_back(norm_.ToSource(trimmed));
  }
  if (!cue.empty()) q.cue = Mention{norm_.ToSource(cue), Text(cue)};
  if (!source.empty()) q.source = Mention{norm_.ToSource(source), Text(source)};
  if (!pieces.empty() && !sentences_.empty()) {
    std::size_t first = SentenceOf(pieces.front().start);
    std::size_t last = SentenceOf(pieces.back().end > 0 ? pieces.back().end - 1 : 0);
    Span ctx{std::min(sentences_[first].span.start, pieces.front().start),
             std::max(sentences_[last].span.end, pieces.back().end)};
    if (!cue.empty()) {
      ctx.start = std::min(ctx.start, sentences_[SentenceOf(cue.start)].span.start);
      ctx.end = std::max(ctx.end, sentences_[SentenceOf(cue.start)].span.end);
    }
    q.sentence = norm_.ToSource(ctx);
  }
  return q;
}

bool DocDetector::CoveredByQuote(std::size_t pos) const { return used_.Contains(pos); }

std::size_t DocDetector::MarkAt(std::size_t pos) const {
  auto it = std::lower_bound(norm_.marks.begin(), norm_.marks.end(), pos,
                             [](const QuoteMark& m, std::size_t p) { return m.pos < p; });
  return it != norm_.marks.end() && it->pos == pos ? it->len : 0;
}

std::size_t DocDetector::MarkEndingAt(std::size_t pos) const {
  auto it = std::lower_bound(norm_.marks.begin(), norm_.marks.end(), pos,
                             [](const QuoteMark& m, std::size_t p) { return m.pos < p; });
  if (it == norm_.marks.begin()) return 0;
  --it;
  return it->pos + it->len == pos ? it->len : 0;
}

const Span* DocDetector::ParagraphAtOrBefore(std::size_t pos) const {
  const auto& paras = norm_.paragraphs;
  auto it = std::upper_bound(paras.begin(), paras.end(), pos,
                             [](std::size_t p, const Span& s) { return p < s.start; });
  return it == paras.begin() ? nullptr : &*std::prev(it);
}

void DocDetector::ReportedSpeech(const Sentence& s) {
  std::size_t a = s.first_token, b = s.end_token;
  if (b <= a + 2) return;
  // "Name: what they said" at the start of a paragraph: headlines ("Poll:
  // Voters Shift") and transcripts ("SMITH: Well, look, ...").
  const Span* para = ParagraphAtOrBefore(s.span.start);
  const bool para_start = para != nullptr && para->start == s.span.start;
  if (para_start && !CoveredByQuote(tokens_[a].start)) {
    std::size_t k = a;
    while (k < b && k - a < 5 && tokens_[k].kind == TokenKind::kWord && tokens_[k].cap) ++k;
    // Kickers are not speakers: "Explainer:", "LIVE:", "TRACTOR WAR:".
    bool all_caps_phrase = k - a > 1;
    for (std::size_t u = a; u < k; ++u)
      for (char ch : tokens_[u].lower)
        if (std::isalpha(static_cast<unsigned char>(ch)) &&
            norm_.text[tokens_[u].start] !=
                std::toupper(static_cast<unsigned char>(norm_.text[tokens_[u].start])))
          all_caps_phrase = false;
    if (k > a && (IsKicker(tokens_[a].lower) || all_caps_phrase)) k = a;
    if (k > a && k + 3 < b && tokens_[k].lower == ":") {
      const std::size_t para_end = para->end;
      Emit({tokens_[k + 1].start, para_end}, {tokens_[k].start, tokens_[k].end},
           {tokens_[a].start, tokens_[k - 1].end});
      return;
    }
  }
  for (std::size_t t = a; t < b; ++t) {
    if (tokens_[t].kind != TokenKind::kWord || CoveredByQuote(tokens_[t].start)) continue;
    const Token& tok = tokens_[t];
    bool according =
        std::string_view(tok.lower) == "according" && t + 1 < b && tokens_[t + 1].lower == "to";
    // A strong cue anywhere; a weaker one when a "that" clause follows.
    // A negated cue reports nothing ("He did not say which doors").
    if (t > a && lex::IsNegation(tokens_[t - 1].lower)) continue;
    if (!according && !IsCue(t, 0.6f)) {
      if (!(IsCue(t, 0.15f) && t + 1 < b && tokens_[t + 1].lower == "that")) continue;
    }
    if (tok.in_quote) continue;
    std::size_t end_tok = b;
    while (end_tok > a && tokens_[end_tok - 1].kind == TokenKind::kPunct &&
           tokens_[end_tok - 1].lower != "\"" && !tokens_[end_tok - 1].is_mark)
      --end_tok;
    if (according) {
      // "According to X, CONTENT." or "CONTENT, according to X."
      std::size_t c = t + 2;
      while (c < b && tokens_[c].lower != ",") ++c;
      Span src = NpAfter(t + 2, c);
      if (src.empty()) continue;
      Span cue{tok.start, tokens_[t + 1].end};
      if (t == a || (t == a + 1 && tokens_[a].kind == TokenKind::kWord)) {
        if (c + 1 >= end_tok) continue;
        // "According to AGENCY, he said …": the speaker is inside.
        {
          std::size_t v = c + 1;
          while (v < end_tok && v - c < 8 && tokens_[v].kind == TokenKind::kWord &&
                 !(tokens_[v].speech_verb && !tokens_[v].cap))
            ++v;
          if (v < end_tok && v > c + 1 && tokens_[v].speech_verb) {
            std::size_t np_end = SkipModifiersBack(v, c + 1);
            Span inner = NpBefore(np_end, c + 1);
            if (!inner.empty() && FirstTokenAt(inner.start) == c + 1) {
              std::size_t from = v + 1;
              if (from < end_tok && tokens_[from].lower == "that") {
                // keep "that" in the content
              }
              if (from + 1 < end_tok) {
                Emit({tokens_[from].start, tokens_[end_tok - 1].end},
                     {tokens_[v].start, tokens_[v].end}, inner);
                return;
              }
            }
          }
        }
        Span content{tokens_[c + 1].start, tokens_[end_tok - 1].end};
        Emit(content, cue, src);
      } else {
        std::size_t ce = t;
        while (ce > a && tokens_[ce - 1].kind == TokenKind::kPunct) --ce;
        if (ce <= a) continue;
        Emit({tokens_[a].start, tokens_[ce - 1].end}, cue, src);
      }
      return;
    }
    // Cue at the end: "CONTENT, X said." / "CONTENT, said X."
    std::size_t cue_t = t;
    std::size_t p = SkipModifiersBack(cue_t, a);
    Span np = NpBefore(p, a);
    std::size_t np_start = np.empty() ? p : FirstTokenAt(np.start);
    auto is_sep = [&](std::size_t i) {
      return tokens_[i].lower == "," || tokens_[i].is_mark || tokens_[i].lower == "\xE2\x80\x94";
    };
    bool after_comma = np_start > a && is_sep(np_start - 1);
    // Few words after the cue: "…, she said on Monday." (no "that" clause).
    bool short_tail = end_tok - cue_t <= 8;
    for (std::size_t u = cue_t + 1; u < end_tok; ++u)
      if (std::string_view(tokens_[u].lower) == "that") short_tail = false;
    if (!after_comma && cue_t > a + 1 && is_sep(cue_t - 1)) {
      // ", said X." and ", said one source in the room."
      Span src = NpAfter(cue_t + 1, b);
      if (!src.empty() && short_tail) {
        std::size_t ce = cue_t - 1;
        while (ce > a && is_sep(ce - 1) && !tokens_[ce - 1].is_mark) --ce;
        Emit({tokens_[a].start, tokens_[ce - 1].end}, {tok.start, tok.end}, src);
        return;
      }
    }
    if (after_comma && !np.empty() && short_tail && np_start - 1 > a) {
      std::size_t ce = np_start - 1;
      // "The museum, Mr. Obama said, would…": the attribution sits inside
      // the content; the content is the whole sentence.
      if (cue_t + 1 < end_tok && tokens_[cue_t + 1].lower == "," && end_tok - cue_t > 3) {
        Emit({tokens_[a].start, tokens_[end_tok - 1].end}, {tok.start, tok.end}, np);
        return;
      }
      Emit({tokens_[a].start, tokens_[ce - 1].end}, {tok.start, tok.end}, np);
      return;
    }
    // "X, a spokesman for Y, said (that) CONTENT": the subject is before the
    // apposition.
    if (np.empty()) {
      Span head = AppositiveSubject(p, a);
      if (!head.empty()) {
        np = {head.start, tokens_[p - 2].end};
        np_start = FirstTokenAt(head.start);
      }
    }
    // "A Zarovian official who asked not to be named … said …": the subject
    // is the noun phrase before the relative pronoun.
    bool relative = false;
    if (np_start > a && tokens_[np_start - 1].kind == TokenKind::kWord) {
      for (std::size_t w = np_start; w > a && cue_t - w < 30; --w) {
        const Token& rt = tokens_[w - 1];
        if (rt.kind != TokenKind::kWord) break;
        if (std::string_view(rt.lower) == "who" || std::string_view(rt.lower) == "which") {
          Span head = NpBefore(w - 1, a);
          std::size_t hs = head.empty() ? 0 : FirstTokenAt(head.start);
          if (!head.empty() && (hs == a || tokens_[hs - 1].kind != TokenKind::kWord)) {
            np = head;
            np_start = hs;
            relative = true;
          }
          break;
        }
      }
    }
    (void)relative;
    // "X said (that) CONTENT."
    if (np.empty()) continue;
    std::size_t c = cue_t + 1;
    // Objects and adjuncts before the content: "told reporters on Monday that".
    std::size_t that_at = b;
    for (std::size_t u = c; u < std::min(end_tok, c + 9); ++u) {
      if (std::string_view(tokens_[u].lower) == "that") {
        that_at = u;
        break;
      }
      if (tokens_[u].kind == TokenKind::kPunct && tokens_[u].lower != ",") break;
    }
    if (np_start > a) {
      // The subject must open the sentence or follow a clause boundary,
      // unless a "that" clause makes the frame unmistakable.
      if (!OpensClause(np_start) && that_at == b) continue;
    }
    if (that_at < b) {
      c = that_at;
    } else {
      while (c < end_tok && tokens_[c].kind == TokenKind::kPunct && !tokens_[c].is_mark) ++c;
    }
    if (end_tok <= c + 1) continue;
    // The content stops where another attribution begins.
    std::size_t ce = end_tok;
    for (std::size_t u = c; u < end_tok; ++u) {
      if (CoveredByQuote(tokens_[u].start) && !tokens_[u].in_quote && !tokens_[u].is_mark) {
        ce = u;
        while (ce > c && tokens_[ce - 1].lower != "," && ce - u < 12) --ce;
        if (ce <= c + 1) ce = u;
        while (ce > c && tokens_[ce - 1].kind == TokenKind::kPunct && !tokens_[ce - 1].is_mark)
          --ce;
        break;
      }
    }
    if (ce <= c) continue;
    Emit({tokens_[c].start, tokens_[ce - 1].end}, {tok.start, tok.end}, np);
    return;
  }
}

}  // namespace

std::vector<Quote> Detector::Detect(const Document& doc, const NormalisedText& norm) const {
  DocDetector d(doc, norm);
  return d.Run();
}

namespace detect_internal {
TagDoc RulesThenTagDoc(const Document& doc, const NormalisedText& norm) {
  DocDetector d(doc, norm);
  return d.RulesThenTagDoc();
}
}  // namespace detect_internal

}  // namespace qt
