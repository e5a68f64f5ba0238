#include "quotetrack/normalise.h"

#include <unicode/brkiter.h>
#include <unicode/edits.h>
#include <unicode/filteredbrk.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace qt {
namespace {

// Abbreviations after which a full stop does not end a sentence, on top of
// ICU's own list for en@ss=standard.
constexpr const char* kNoBreakAfter[] = {
    "Mr.",   "Mrs.",  "Ms.",   "Dr.",   "Prof.", "Gen.", "Lt.",   "Col.", "Maj.",  "Capt.",
    "Sgt.",  "Adm.",  "Gov.",  "Sen.",  "Rep.",  "Rev.", "St.",   "Sr.",  "Jr.",   "Hon.",
    "Pres.", "U.S.",  "U.K.",  "U.N.",  "E.U.",  "D.C.", "a.m.",  "p.m.", "No.",   "Jan.",
    "Feb.",  "Mar.",  "Apr.",  "Aug.",  "Sept.", "Sep.", "Oct.",  "Nov.", "Dec.",  "Ave.",
    "Co.",   "Corp.", "Inc.",  "Ltd.",  "vs.",   "etc.", "e.g.",  "i.e.", "Supt.", "Cmdr.",
    "Ald.",  "Atty.", "Insp.", "Det.",  "Cpl.",  "Pvt.", "Brig.", "Mt.",  "Ft.",   "Calif.",
    "Fla.",  "Ill.",  "Mass.", "Mich.", "Penn.", "Va.",  "Wash.", "Tex.", "Ariz.", "Colo.",
    "Conn.", "Ga.",   "Md.",   "Minn.", "Mo.",   "Nev.", "Okla.", "Ore.", "Tenn.", "Wis.",
};

// One sentence iterator template; clones are cheap compared with creation.
const icu::BreakIterator& SentenceTemplate() {
  static const icu::BreakIterator* tmpl = [] {
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale("en");
    std::unique_ptr<icu::BreakIterator> base(
        icu::BreakIterator::createSentenceInstance(locale, status));
    if (U_FAILURE(status)) {
      status = U_ZERO_ERROR;
      base.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), status));
    }
    std::unique_ptr<icu::FilteredBreakIteratorBuilder> builder(
        icu::FilteredBreakIteratorBuilder::createInstance(locale, status));
    if (U_SUCCESS(status) && builder) {
      for (const char* abbr : kNoBreakAfter) {
        builder->suppressBreakAfter(icu::UnicodeString::fromUTF8(abbr), status);
        status = U_ZERO_ERROR;
      }
      icu::BreakIterator* filtered = builder->wrapIteratorWithFilter(base.release(), status);
      if (U_SUCCESS(status) && filtered) return filtered;
    }
    return base.release();
  }();
  return *tmpl;
}

icu::BreakIterator& ThreadSentenceIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> it(SentenceTemplate().clone());
  return *it;
}

// Abbreviations that ICU's filter misses when a capital follows ("U.S.
// Capitol"); a break after them is undone unless the next word is one that
// typically starts a sentence.
constexpr std::string_view kAmbiguousAbbrev[] = {"U.S.", "U.K.", "U.N.", "E.U.", "D.C.",
                                                 "a.m.", "p.m.", "Jr.",  "Sr.",  "St."};
constexpr std::string_view kSentenceStarters[] = {
    "The",   "A",      "An",  "He",    "She", "It",    "They", "We",    "I",
    "But",   "And",    "In",  "On",    "At",  "This",  "That", "These", "Those",
    "There", "His",    "Her", "Their", "Our", "Its",   "If",   "When",  "While",
    "After", "Before", "As",  "So",    "Yet", "Still", "Now",  "Then",  "For"};

bool EndsWithAbbrev(std::string_view s, bool* ambiguous) {
  // Views of kNoBreakAfter, so that a comparison is a length check first
  // (this runs once per sentence break).
  static const auto* const kViews = [] {
    auto* v = new std::vector<std::string_view>(std::begin(kNoBreakAfter), std::end(kNoBreakAfter));
    return v;
  }();
  if (s.empty() || s.back() != '.') return false;  // every abbreviation ends in '.'
  std::size_t sp = s.find_last_of(" \t\n(\"");
  std::string_view last = sp == std::string_view::npos ? s : s.substr(sp + 1);
  // A middle initial after a capitalised name ("James A. Baker"), or a first
  // initial after a comma or a closing quote mark (`," R. Dana Okafor
  // said`): no break unless a usual sentence opener follows ("in Plan B. The
  // …").
  if (last.size() == 2 && last[0] >= 'A' && last[0] <= 'Z' && sp != std::string_view::npos &&
      sp > 0 && s[sp] == ' ') {
    const char before = s[sp - 1];
    const bool opens_phrase = before == ',' || before == '"' || before == '\'' ||
                              static_cast<unsigned char>(before) >= 0x80;
    std::size_t w = s.find_last_of(" \t\n(\"", sp - 1);
    w = w == std::string_view::npos ? 0 : w + 1;
    if (opens_phrase || (w < sp && s[w] >= 'A' && s[w] <= 'Z' && before != '.')) {
      *ambiguous = true;
      return true;
    }
  }
  for (std::string_view a : *kViews) {
    if (last == a) {
      *ambiguous = std::find(std::begin(kAmbiguousAbbrev), std::end(kAmbiguousAbbrev), last) !=
                   std::end(kAmbiguousAbbrev);
      return true;
    }
  }
  return false;
}

bool StartsWithSentenceStarter(std::string_view s) {
  std::size_t e = s.find_first_of(" ,;:");
  std::string_view first = s.substr(0, e);
  return std::find(std::begin(kSentenceStarters), std::end(kSentenceStarters), first) !=
         std::end(kSentenceStarters);
}

bool IsBlankLine(std::string_view line) {
  return std::all_of(line.begin(), line.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// The index of the first byte of s[from, size) that is >= 0x80 (or, with
// `quotes`, also '"' or '\''); size if none. Sixteen bytes per step.
std::size_t FindNonAscii(const char* s, std::size_t size, std::size_t from, bool quotes) {
  std::size_t i = from;
#if defined(__SSE2__)
  const __m128i dq = _mm_set1_epi8('"');
  const __m128i sq = _mm_set1_epi8('\'');
  for (; i + 16 <= size; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    __m128i hit = v;  // the high bit: >= 0x80
    if (quotes) hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, dq), _mm_cmpeq_epi8(v, sq)));
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < size; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80 || (quotes && (c == '"' || c == '\''))) return i;
  }
  return size;
}

// The paragraph as UTF-16 for the sentence iterator, and where each UTF-16
// unit starts in the paragraph's UTF-8 bytes. ICU iterates UTF-16 text held
// in one chunk without calling out per character, where a UTF-8 UText is
// converted chunk by chunk as the iterator moves (about a third of the cost
// of breaking). Code points, hence breaks, are the same either way; ill-formed
// bytes become U+FFFD, as the UTF-8 UText reads them. Per-thread buffers.
struct Utf16Para {
  std::vector<char16_t> units;
  std::vector<std::uint32_t> offset;  // UTF-16 index -> UTF-8 offset; size units+1
  bool ascii = true;                  // offsets are the identity

  void Assign(std::string_view s) {
    units.resize(s.size());
    ascii = true;
    const std::size_t i = FindNonAscii(s.data(), s.size(), 0, false);
    for (std::size_t k = 0; k < i; ++k) units[k] = static_cast<unsigned char>(s[k]);
    if (i == s.size()) return;
    ascii = false;
    offset.resize(s.size() + 1);
    for (std::size_t k = 0; k < i; ++k) offset[k] = static_cast<std::uint32_t>(k);
    std::size_t u = i;
    const auto* b = reinterpret_cast<const std::uint8_t*>(s.data());
    const auto n = static_cast<std::int32_t>(s.size());
    for (auto j = static_cast<std::int32_t>(i); j < n;) {
      const std::int32_t start = j;
      UChar32 c;
      U8_NEXT_OR_FFFD(b, j, n, c);
      if (c <= 0xFFFF) {
        offset[u] = static_cast<std::uint32_t>(start);
        units[u++] = static_cast<char16_t>(c);
      } else {
        offset[u] = offset[u + 1] = static_cast<std::uint32_t>(start);
        units[u++] = U16_LEAD(c);
        units[u++] = U16_TRAIL(c);
      }
    }
    units.resize(u);
    offset.resize(u + 1);
    offset[u] = static_cast<std::uint32_t>(s.size());
  }
  std::size_t Utf8Offset(std::int32_t i) const {
    return ascii ? static_cast<std::size_t>(i) : offset[static_cast<std::size_t>(i)];
  }
};

// Whether ICU's sentence rules (UAX #29, which the iterator follows; the
// abbreviation filter only removes breaks) can break `p` only at its end:
// it is all ASCII, holds no CR or LF (paragraph separators) and no . ! ?
// except in one final run of them followed only by closing punctuation
// (" ' ( ) [ ] { }) and spaces, which rules SB8a, SB9 and SB10 keep whole.
// No other rule breaks (SB4 and SB11 need a separator or a terminator), so
// the paragraph is one sentence and ICU need not be asked: about half of
// news paragraphs are.
// A '.' at p[i] that UAX #29 never breaks after, from the bytes after it
// alone: a digit next (SB6: ATerm x Numeric: "3.5"), or a lower-case ASCII
// letter after none or some spaces (SB8: ATerm Close* Sp* x ... Lower:
// "U.S. officials", "e.g"). ICU's filter only takes breaks away.
bool NoBreakAfterDot(std::string_view p, std::size_t i) {
  std::size_t j = i + 1;
  if (j < p.size() && p[j] >= '0' && p[j] <= '9') return true;
  while (j < p.size() && p[j] == ' ') ++j;
  return j < p.size() && p[j] >= 'a' && p[j] <= 'z';
}

// Whether p[i..i+2] is one of the curly quotes ‘ ’ “ ” (Close in UAX #29)
// or the dashes – — (SContinue): no terminator and no separator, so no
// break comes of them unless a terminator is next to them, which
// OneSentence leaves to ICU.
bool IsHarmlessMark(std::string_view p, std::size_t i) {
  if (i + 3 > p.size() || p[i] != '\xE2' || p[i + 1] != '\x80') return false;
  const auto c = static_cast<unsigned char>(p[i + 2]);
  return c == 0x98 || c == 0x99 || c == 0x9C || c == 0x9D || c == 0x93 || c == 0x94;
}

bool OneSentence(std::string_view p) {
  std::size_t end = p.size();
  auto at = [&p](std::size_t i) { return p[i]; };
  while (end > 0 &&
         (at(end - 1) == ' ' || at(end - 1) == '\t' || at(end - 1) == '\v' || at(end - 1) == '\f'))
    --end;
  for (;;) {  // closing marks: ASCII, or the curly quotes ’ ” (Close, E2 80 99/9D)
    if (end > 0 && std::string_view("\"'()[]{}").find(at(end - 1)) != std::string_view::npos) {
      --end;
    } else if (end >= 3 && IsHarmlessMark(p, end - 3) &&
               (p[end - 1] == '\x99' || p[end - 1] == '\x9D')) {
      end -= 3;
    } else {
      break;
    }
  }
  while (end > 0 && (at(end - 1) == '.' || at(end - 1) == '!' || at(end - 1) == '?')) --end;
  std::size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes a step: any byte >= 0x80 (its high bit) or . ! ? CR LF.
  const __m128i dot = _mm_set1_epi8('.');
  const __m128i bang = _mm_set1_epi8('!');
  const __m128i ask = _mm_set1_epi8('?');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i lf = _mm_set1_epi8('\n');
  for (; i + 16 <= end; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p.data() + i));
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(v, _mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, bang))),
                     _mm_or_si128(_mm_cmpeq_epi8(v, ask),
                                  _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf))));
    if (_mm_movemask_epi8(hit) != 0) break;  // the byte loop below looks closer
  }
#endif
  for (; i < end; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c == '.' && NoBreakAfterDot(p, i)) continue;
    if (c == 0xE2 && IsHarmlessMark(p, i)) {
      i += 2;
      continue;
    }
    if (c >= 0x80 || c == '.' || c == '!' || c == '?' || c == '\r' || c == '\n') return false;
  }
  for (std::size_t k = end; k < p.size(); ++k) {
    if (IsHarmlessMark(p, k)) {
      k += 2;
      continue;
    }
    if (static_cast<unsigned char>(p[k]) >= 0x80 || p[k] == '\r' || p[k] == '\n') return false;
  }
  return true;
}

// Appends the sentences of [start, end) of `text` to `out`, trimmed of
// surrounding whitespace.
void SplitSentences(const std::string& text, Span para, std::vector<Span>& out) {
  if (para.size() >= static_cast<std::size_t>(INT32_MAX)) {
    out.push_back(para);
    return;
  }
  if (OneSentence(std::string_view(text).substr(para.start, para.size()))) {
    // What the loop below makes of ICU's one break at the end: the span
    // trimmed, and not joined to a sentence of an earlier paragraph.
    std::size_t s = para.start;
    std::size_t e = para.end;
    while (s < e && (text[s] == ' ' || text[s] == '\t' || text[s] == '\r')) ++s;
    while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r' ||
                     text[e - 1] == '\n'))
      --e;
    if (e > s) out.push_back({s, e});
    return;
  }
  thread_local Utf16Para u16;
  u16.Assign(std::string_view(text).substr(para.start, para.size()));
  UErrorCode status = U_ZERO_ERROR;
  UText local = UTEXT_INITIALIZER;
  UText* ut =
      utext_openUChars(&local, u16.units.data(), static_cast<int64_t>(u16.units.size()), &status);
  if (U_FAILURE(status)) {
    out.push_back(para);
    return;
  }
  icu::BreakIterator& it = ThreadSentenceIterator();
  it.setText(ut, status);
  std::size_t prev = u16.Utf8Offset(it.first());
  for (int32_t next = it.next(); next != icu::BreakIterator::DONE; next = it.next()) {
    const std::size_t pos = u16.Utf8Offset(next);
    std::size_t s = para.start + prev;
    std::size_t e = para.start + pos;
    while (s < e && (text[s] == ' ' || text[s] == '\t' || text[s] == '\r')) ++s;
    while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r' ||
                     text[e - 1] == '\n'))
      --e;
    if (e > s) {
      bool ambiguous = false;
      std::string_view before;
      if (!out.empty() && out.back().start >= para.start)
        before = std::string_view(text).substr(out.back().start, out.back().size());
      if (!before.empty() && EndsWithAbbrev(before, &ambiguous) &&
          !(ambiguous && StartsWithSentenceStarter(std::string_view(text).substr(s, e - s)))) {
        out.back().end = e;
      } else {
        out.push_back({s, e});
      }
    }
    prev = pos;
  }
  // setText cloned `local` (shallow: it reads the thread's buffer until the
  // next setText), so the struct itself may go.
  utext_close(ut);
}

bool AllAscii(std::string_view s) { return FindNonAscii(s.data(), s.size(), 0, false) == s.size(); }

}  // namespace

Span NormalisedText::ToSource(Span s) const {
  if (to_source.empty()) return s;
  auto at = [&](std::size_t i) -> std::size_t {
    return to_source[std::min(i, to_source.size() - 1)];
  };
  return {at(s.start), at(s.end)};
}

bool ClassifyQuoteMark(char32_t cp, MarkRole* role, MarkLevel* level) {
  switch (cp) {
    case U'"':
      *role = MarkRole::kAmbiguous;
      *level = MarkLevel::kDouble;
      return true;
    case U'\'':
      *role = MarkRole::kAmbiguous;
      *level = MarkLevel::kSingle;
      return true;
    case U'\u201C':
      *role = MarkRole::kOpen;
      *level = MarkLevel::kDouble;
      return true;  // “
    case U'\u201D':
      *role = MarkRole::kClose;
      *level = MarkLevel::kDouble;
      return true;  // ”
    case U'\u201E':
      *role = MarkRole::kOpen;
      *level = MarkLevel::kDouble;
      return true;  // „
    case U'\u201F':
      *role = MarkRole::kOpen;
      *level = MarkLevel::kDouble;
      return true;  // ‟
    case U'\u00AB':
      *role = MarkRole::kOpen;
      *level = MarkLevel::kDouble;
      return true;  // «
    case U'\u00BB':
      *role = MarkRole::kClose;
      *level = MarkLevel::kDouble;
      return true;  // »
    case U'\u2018':
      *role = MarkRole::kOpen;
      *level = MarkLevel::kSingle;
      return true;  // ‘
    case U'\u2019':
      *role = MarkRole::kClose;
      *level = MarkLevel::kSingle;
      return true;  // ’
    case U'\u201A':
      *role = MarkRole::kOpen;
      *level = MarkLevel::kSingle;
      return true;  // ‚
    case U'\u201B':
      *role = MarkRole::kOpen;
      *level = MarkLevel::kSingle;
      return true;  // ‛
    case U'\u2039':
      *role = MarkRole::kOpen;
      *level = MarkLevel::kSingle;
      return true;  // ‹
    case U'\u203A':
      *role = MarkRole::kClose;
      *level = MarkLevel::kSingle;
      return true;  // ›
    case U'\u300C':
      *role = MarkRole::kOpen;
      *level = MarkLevel::kDouble;
      return true;  // 「
    case U'\u300D':
      *role = MarkRole::kClose;
      *level = MarkLevel::kDouble;
      return true;  // 」
    case U'\u300E':
      *role = MarkRole::kOpen;
      *level = MarkLevel::kSingle;
      return true;  // 『
    case U'\u300F':
      *role = MarkRole::kClose;
      *level = MarkLevel::kSingle;
      return true;  // 』
    case U'\uFF02':
      *role = MarkRole::kAmbiguous;
      *level = MarkLevel::kDouble;
      return true;  // ＂
    default:
      return false;
  }
}

NormalisedText Normalise(const Document& doc) {
  NormalisedText out;
  const std::string& src = doc.text;
  bool identity = true;
  if (!AllAscii(src)) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    icu::Edits edits;
    std::string normalised;
    icu::StringByteSink<std::string> sink(&normalised, static_cast<int32_t>(src.size()));
    if (U_SUCCESS(status) && src.size() < static_cast<std::size_t>(INT32_MAX)) {
      nfc->normalizeUTF8(0, icu::StringPiece(src.data(), static_cast<int32_t>(src.size())), sink,
                         &edits, status);
    }
    if (U_SUCCESS(status) && edits.hasChanges()) {
      identity = false;
      out.text = std::move(normalised);
      out.to_source.assign(out.text.size() + 1, 0);
      icu::Edits::Iterator ei = edits.getFineIterator();
      while (ei.next(status)) {
        auto src_i = static_cast<std::size_t>(ei.sourceIndex());
        auto dst_i = static_cast<std::size_t>(ei.destinationIndex());
        auto dst_len = static_cast<std::size_t>(ei.newLength());
        auto src_len = static_cast<std::size_t>(ei.oldLength());
        for (std::size_t k = 0; k < dst_len; ++k)
          out.to_source[dst_i + k] =
              static_cast<std::uint32_t>(ei.hasChange() ? src_i : src_i + std::min(k, src_len));
      }
      out.to_source[out.text.size()] = static_cast<std::uint32_t>(src.size());
    }
  }
  if (identity) out.text = src;
  const std::string& text = out.text;

  // Furniture into normalised offsets (identity or via a reverse scan).
  for (const Span& f : doc.furniture) {
    if (identity) {
      out.furniture.push_back(f);
      continue;
    }
    auto lo = std::lower_bound(out.to_source.begin(), out.to_source.end(), f.start);
    auto hi = std::lower_bound(out.to_source.begin(), out.to_source.end(), f.end);
    out.furniture.push_back({static_cast<std::size_t>(lo - out.to_source.begin()),
                             static_cast<std::size_t>(hi - out.to_source.begin())});
  }

  // Paragraphs are lines; blank lines and furniture separate them.
  std::size_t fi = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + pos, nl - pos);
    while (fi < out.furniture.size() && out.furniture[fi].end <= pos) ++fi;
    bool furniture =
        fi < out.furniture.size() && out.furniture[fi].start <= pos && out.furniture[fi].end >= nl;
    if (!IsBlankLine(line) && !furniture) {
      std::size_t s = pos, e = nl;
      while (s < e && (text[s] == ' ' || text[s] == '\t')) ++s;
      while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r')) --e;
      out.paragraphs.push_back({s, e});
    }
    pos = nl + 1;
  }
  for (const Span& p : out.paragraphs) SplitSentences(text, p, out.sentences);

  // Quote marks.
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(std::min<std::size_t>(text.size(), INT32_MAX));
  for (int32_t i = 0; i < n;) {
    uint8_t b = bytes[i];
    if (b < 0x80 && b != '"' && b != '\'') {
      // Skip to the next byte that may start a mark.
      i = static_cast<int32_t>(FindNonAscii(text.data(), static_cast<std::size_t>(n),
                                            static_cast<std::size_t>(i), true));
      continue;
    }
    int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c < 0) continue;
    QuoteMark m;
    if (ClassifyQuoteMark(static_cast<char32_t>(c), &m.role, &m.level)) {
      m.pos = static_cast<std::size_t>(start);
      m.len = static_cast<std::size_t>(i - start);
      m.cp = static_cast<char32_t>(c);
      // Two straight apostrophes are one double mark (the typewriter
      // convention of some wire copy: ''We will not sign,'' she said).
      if (c == '\'' && i < n && bytes[i] == '\'') {
        ++i;
        m.len = 2;
        m.cp = U'"';
        m.level = MarkLevel::kDouble;
      }
      out.marks.push_back(m);
    }
  }
  return out;
}

std::vector<Span> SplitIntoWindows(std::string_view text, std::size_t max_bytes) {
  std::vector<Span> out;
  if (max_bytes == 0) max_bytes = 1;
  std::size_t start = 0;
  while (text.size() - start > max_bytes) {
    const std::size_t limit = start + max_bytes;  // the cut is at or before it
    const std::size_t floor = start + max_bytes / 2;
    std::string_view win = text.substr(start, max_bytes);
    std::size_t cut = 0;
    // After the last newline; then after the space that follows a sentence
    // end; then after the last space. Only in the second half, so that every
    // window is at least half full and the number of windows stays linear.
    std::size_t nl = win.rfind('\n');
    if (nl != std::string_view::npos && start + nl + 1 > floor) cut = start + nl + 1;
    for (std::size_t sp = win.size(); cut == 0;) {
      sp = win.rfind(' ', sp - 1);
      if (sp == std::string_view::npos || sp == 0 || start + sp + 1 <= floor) break;
      char before = win[sp - 1];
      if (before == '.' || before == '?' || before == '!') cut = start + sp + 1;
    }
    if (cut == 0) {
      std::size_t sp = win.rfind(' ');
      if (sp != std::string_view::npos && start + sp + 1 > floor) cut = start + sp + 1;
    }
    if (cut == 0) {
      // No space at all: back off continuation bytes to a character boundary.
      cut = limit;
      while (cut > floor && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      if (cut <= start) cut = limit;  // tiny windows: never an empty one
    }
    out.push_back({start, cut});
    start = cut;
  }
  out.push_back({start, text.size()});
  return out;
}

Document WindowOf(const Document& doc, Span window) {
  Document part;
  part.id = doc.id;
  part.title = doc.title;
  part.outlet = doc.outlet;
  part.published = doc.published;
  part.url = doc.url;
  part.text = doc.text.substr(window.start, window.size());
  for (const Span& f : doc.furniture) {
    std::size_t s = std::max(f.start, window.start);
    std::size_t e = std::min(f.end, window.end);
    if (e > s) part.furniture.push_back({s - window.start, e - window.start});
  }
  return part;
}

namespace {

// What ICU's "Any-Latin; Latin-ASCII; NFKC; Lower" (FoldNonAscii) makes of
// each character U+00C0..U+017F (Latin-1 letters and Latin Extended-A, with
// the signs U+00D7 and U+00F7), read from ICU 72 itself: ASCII, lower case.
// Latin-ASCII's only context rules choose between "AE" and "Ae" for a capital
// ligature, which Lower makes the same, so a word folds letter by letter.
constexpr std::string_view kLatinFold[0x180 - 0xC0] = {
    "a", "a", "a",  "a",  "a", "a", "ae", "c", "e", "e",  "e", "e", "i", "i", "i",  "i",
    "d", "n", "o",  "o",  "o", "o", "o",  "*", "o", "u",  "u", "u", "u", "y", "th", "ss",
    "a", "a", "a",  "a",  "a", "a", "ae", "c", "e", "e",  "e", "e", "i", "i", "i",  "i",
    "d", "n", "o",  "o",  "o", "o", "o",  "/", "o", "u",  "u", "u", "u", "y", "th", "y",
    "a", "a", "a",  "a",  "a", "a", "c",  "c", "c", "c",  "c", "c", "c", "c", "d",  "d",
    "d", "d", "e",  "e",  "e", "e", "e",  "e", "e", "e",  "e", "e", "g", "g", "g",  "g",
    "g", "g", "g",  "g",  "h", "h", "h",  "h", "i", "i",  "i", "i", "i", "i", "i",  "i",
    "i", "i", "ij", "ij", "j", "j", "k",  "k", "q", "l",  "l", "l", "l", "l", "l",  "l",
    "l", "l", "l",  "n",  "n", "n", "n",  "n", "n", "'n", "n", "n", "o", "o", "o",  "o",
    "o", "o", "oe", "oe", "r", "r", "r",  "r", "r", "r",  "s", "s", "s", "s", "s",  "s",
    "s", "s", "t",  "t",  "t", "t", "t",  "t", "u", "u",  "u", "u", "u", "u", "u",  "u",
    "u", "u", "u",  "u",  "w", "w", "y",  "y", "y", "z",  "z", "z", "z", "z", "z",  "s",
};

// The same for U+00A0..U+00BF, read from ICU 72 likewise: some answers are
// not ASCII (the currency and other signs stay, the spacing accents become a
// space and a combining accent, the fractions gain a space) and none depends
// on the neighbours: every pair of the characters FoldLatin takes, and 100k
// random strings of them, fold as their characters do one by one.
constexpr std::string_view kLatin1SignFold[0xC0 - 0xA0] = {
    " ",         "!",   "\xC2\xA2", "\xC2\xA3", "\xC2\xA4",  "\xC2\xA5", "\xC2\xA6", "\xC2\xA7",
    " \xCC\x88", "(c)", "a",        "<<",       "\xC2\xAC",  "-",        "(r)",      " \xCC\x84",
    "\xC2\xB0",  "+/-", "2",        "3",        " \xCC\x81", "\xCE\xBC", "\xC2\xB6", "\xC2\xB7",
    " \xCC\xA7", "1",   "o",        ">>",       " 1/4",      " 1/2",     " 3/4",     "?"};

// FoldNonAscii for text whose only non-ASCII characters are those of
// kLatinFold and kLatin1SignFold, C1 controls, and the common dashes, quotes and ellipsis
// (U+2010..U+2015, U+2018, U+2019, U+201C, U+201D, U+2026): the same
// string, without building ICU's transliterator (~30 ms on first use, paid
// by any process that keys one accented name). Returns false, `out`
// unspecified, for any other character or ill-formed UTF-8.
bool FoldLatin(std::string_view text, std::string* out) {
  out->clear();
  out->reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      out->push_back(b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a')
                                          : static_cast<char>(b));
      ++i;
      continue;
    }
    if (b >= 0xC2 && b <= 0xC5 && i + 1 < text.size()) {
      const auto c = static_cast<unsigned char>(text[i + 1]);
      if ((c & 0xC0) != 0x80) return false;
      const unsigned cp = ((b & 0x1Fu) << 6) | (c & 0x3Fu);
      if (cp >= 0xC0) {
        out->append(kLatinFold[cp - 0xC0]);
      } else if (cp >= 0xA0 && !kLatin1SignFold[cp - 0xA0].empty()) {
        out->append(kLatin1SignFold[cp - 0xA0]);
      } else if (cp < 0xA0) {
        // C1 controls (mojibake leaves them in names) pass through ICU as
        // they are.
        out->append(text.substr(i, 2));
      } else {
        return false;
      }
      i += 2;
      continue;
    }
    if (b == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
      const auto c = static_cast<unsigned char>(text[i + 2]);
      if ((c & 0xC0) != 0x80) return false;
      const unsigned cp = 0x2000u | (c & 0x3Fu);
      if (cp >= 0x2010 && cp <= 0x2015) {
        out->push_back('-');
      } else if (cp == 0x2018 || cp == 0x2019) {
        out->push_back('\'');
      } else if (cp == 0x201C || cp == 0x201D) {
        out->push_back('"');
      } else if (cp == 0x2026) {
        out->append("...");
      } else {
        return false;
      }
      i += 3;
      continue;
    }
    return false;
  }
  return true;
}

std::string FoldNonAscii(std::string_view text) {
  // Transliterators are not thread-safe: one per thread.
  thread_local std::unique_ptr<icu::Transliterator> tr = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
        "Any-Latin; Latin-ASCII; NFKC; Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) t.reset();
    return t;
  }();
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(
      text.data(), static_cast<int32_t>(std::min<std::size_t>(text.size(), INT32_MAX))));
  if (tr) {
    tr->transliterate(u);
  } else {
    u.foldCase();
  }
  std::string folded;
  u.toUTF8String(folded);
  return folded;
}

}  // namespace

std::string FoldForMatch(std::string_view text) {
  // ASCII needs no transliteration: lowering it gives the same string, and
  // skips building ICU's transliterator (tens of milliseconds, which a
  // one-shot `quotes --speaker` would otherwise pay). Lowering and collapsing
  // are then one pass with no intermediate string (names are folded often).
  const bool ascii = std::all_of(text.begin(), text.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  std::string folded;
  if (!ascii && !FoldLatin(text, &folded)) folded = FoldNonAscii(text);
  const std::string_view in = ascii ? text : std::string_view(folded);
  std::string out;
  out.reserve(in.size());
  bool space = false;
  for (unsigned char c : in) {
    if (ascii && c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if (std::isalnum(c) || c >= 0x80) {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(static_cast<char>(c));
    } else if (c == '\'') {
      // apostrophes vanish: "Zelens'kij" -> "zelenskij", "don't" -> "dont"
    } else {
      space = true;
    }
  }
  return out;
}

}  // namespace qt
