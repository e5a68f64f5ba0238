// Page furniture: lines of a page that are not article prose. Each line is
// trimmed and tested against one RE2::Set of whole-line patterns (a general
// lexicon of web-page chrome, captions, credits and bylines), plus two costly
// patterns tried only on lines that open as they must; long lines are prose
// unless they end in a photo credit. One pass, no per-byte allocation.
#include <re2/re2.h>
#include <re2/set.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/internal.h"
#include "quotetrack/ingest.h"
#include "util/ascii_match.h"

namespace qt {
namespace {

using ingest_internal::ForEachLine;
using ingest_internal::TrimSpan;

// Lines longer than this are treated as prose by the whole-line patterns.
constexpr std::size_t kMaxFurnitureLine = 320;

// A capitalised name word, e.g. "Jane", "O'Neil", "J.", "Smith-Jones".
#define QT_NAME_WORD R"((?:\p{Lu}[\p{L}\p{M}'’.\-]*))"
#define QT_NAME \
  QT_NAME_WORD R"((?:\s+(?:(?:de|van|von|der|da|al|bin|la|le)\s+)?)" QT_NAME_WORD R"(){0,3})"

// Whole-line patterns (matched with ANCHOR_BOTH on the trimmed line). Lines
// are at most kMaxFurnitureLine bytes, so repetitions are left unbounded
// (bounded ones multiply the automaton size). Every one of them is held to
// the line's opening words, so on a prose line the set's automaton dies
// within a few bytes; the patterns that may match anywhere in a line
// (kAnywherePatterns) are kept out of the set.
const char* const kLinePatterns[] = {
    // "READ MORE: ...", "Related: ...", "Read more", "See also".
    R"((?i)(?:read more|read also|also read|read next|more on this(?: story)?|see also|related(?: stories| articles| content| coverage| news| reading)?|recommended(?: reading| stories| for you)?|most (?:read|popular|viewed)|you may also like|you might also like|don'?t miss|must read|watch|listen|trending(?: now)?|top stories|more from [^:]+|latest news)\s*(?:[:|>»›–—-].*)?)",
    // Interface chrome: menus, selectors, icons, buttons.
    R"((?i)(?:select (?:a )?(?:language|country|region|edition|location)|(?:down|up|close|search|menu|share|arrow|play|chevron)[ -]?(?:icon|arrow)|icon|menu|main menu|toggle (?:navigation|menu)|skip to (?:main )?content|skip navigation|back to top|scroll to (?:top|continue)[^.]*|close|search|home|sections|more|open|show (?:more|less)|load more|next|previous|prev|print|print this (?:article|page)|copy link|link copied|comments?(?: \(\d+\))?|\d+ comments?|view comments|leave a comment|join the conversation)[.!]?)",
    // Adverts and promotions.
    R"((?i)(?:advertisement|advertising|ad|sponsored(?: content| post)?|paid (?:content|post|partnership)|promoted(?: content)?|partner content|story continues (?:below|after)[^.]*|article continues (?:below|after)[^.]*|continue reading(?: below)?|content continues below)[.!]?)",
    // Share and social rows.
    R"((?i)(?:share (?:this|the) (?:article|story|page|post|video)|share (?:on|via) \w+|shares?|tweet|(?:(?:facebook|twitter|x|whatsapp|telegram|linkedin|e-?mail|reddit|pinterest|messenger|flipboard|threads|bluesky|copy link|print|share)\s*[|·•,/]?\s*)+|follow us(?: on)?[^.]*)[.!]?)",
    // Newsletter and subscription promos: an imperative offer that mentions
    // an inbox, a newsletter or e-mail ("Sign up for our daily briefing").
    R"((?i)(?:sign up|signup|subscribe|get|join|enter|never miss|don't miss|receive|want|click|register|stay informed|stay up to date)\b[^"“”«»]*\b(?:newsletters?|inbox|e-?mail|briefing|digest|alerts)\b[^"“”«»]*)",
    R"((?i)(?:sign up|subscribe|subscribe now|sign up now|sign up here|register now)[.!]?)",
    // Captions and credits introduced by a label: "Photo: ...", "Image credit: ...".
    R"((?i)(?:file )?(?:photo|photos|photograph|picture|pic|image|images|video|credit|photo credit|image credit|caption|source image|illustration)\s*(?:credit)?\s*(?::|by\b).*)",
    // Reporter / editor lines and agency sign-offs.
    R"((?i)(?:written|reporting|additional reporting|editing|edited|compiled|translated) by\b[^"“”]*)",
    R"((?i)\((?:additional )?(?:reporting|writing|editing) by [^)]+\))",
    // Image markdown, a lone link, a bare URL.
    R"((?:!\[[^\]]*\]\([^)]*\)\s*)+)",
    R"(\[[^\]]*\]\([^)]*\))",
    R"((?i)(?:https?://|www\.)\S+)",
    // Timestamps: "Published 16 May 2025", "Updated: 10:32 AM EDT".
    R"((?i)(?:published|updated|posted|last updated|first published|last modified)\s*(?:on|at)?\s*:?\s*[^"“”.]*\d[^"“”]*)",
    // Bare dates: "May 16, 2025", "Friday, 16 May 2025 10:32".
    R"((?i)(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?(?:\s*[,|·•-]?\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?)",
    R"((?i)(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}(?:\s*[,|·•-]?\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?)",
    // Copyright lines.
    R"((?i)(?:©|\(c\)|copyright\b|all rights reserved)[^"“”]*)",
    // Separators: lines of punctuation only.
    R"([-–—_=*•·|~#.\s]+)",
};

// Whole-line patterns that open with `.*` or `[^"“”«»]*`: in the set they
// kept its automaton alive to the end of every line (~6 k instructions a
// line, a tenth of them for the byte-wise work and the rest for the states
// they multiply). Each is tried alone, compiled on first use, only on a line
// holding a literal that every line it matches holds (AnywhereMayMatch).
// The verdict is the same: a line is furniture if any pattern matches the
// whole of it, in the set or here.
enum Anywhere { kNewsletter, kCookie, kAgencyCredit, kEmail, kAnywhereCount };
const char* const kAnywherePatterns[kAnywhereCount] = {
    // Newsletter promos naming the newsletter first.
    R"((?i)[^"“”«»]*\bnewsletters?\b[^"“”«»]*\b(?:sign up|subscribe|inbox|e-?mail)\b[^"“”«»]*)",
    // Cookie and consent banners.
    R"((?i)(?:[^"“”«»]*\bcookies?\b[^"“”«»]*(?:accept|consent|settings|policy|preferences)[^"“”«»]*|accept(?: all)? cookies|manage (?:cookies|consent|preferences)))",
    // Agency and library photo credits anywhere on a short line.
    R"(.*(?:(?i:getty images|via getty|shutterstock|alamy images|/\s*courtesy\b|\bphoto courtesy\b|\bcourtesy of [^.]+$|\bphoto by\b|\bphotographed by\b)|\bAP Photo\b|\bAFP Photo\b|\bAFP/|\bREUTERS/|\bEPA(?:-EFE)?/|\bPA (?:Wire|Images|Media)\b).*)",
    // Any short line holding an e-mail address (contacts, promos, bylines).
    R"((?:[^"“”«»]*\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b[^"“”«»]*))",
};

// The literals behind AnywhereMayMatch, each required by a pattern above:
// one of them occurs in every line that pattern matches. Under (?i) RE2
// folds by Unicode simple case folding, where the only non-ASCII letters
// equal to ASCII ones are U+017F (= s) and U+212A (= k): so the folded
// literals hold no s or k ("newsletter" -> "letter", "cookie" -> "coo",
// "shutterstock" -> "hutter") and are compared with ASCII case folded.
// The credit pattern's case-sensitive literals ("AP Photo" holds "photo";
// "AFP/", "REUTERS/", "EPA", "PA ") are compared exactly. A line is searched
// for a rare pair of bytes of each literal (kPairs), at `at` in the literal.
struct Literal {
  std::string_view text;  // lower case when `fold`
  bool fold;
  Anywhere pattern;
  std::size_t at;  // where the literal's pair starts in it
};
constexpr Literal kLiterals[] = {
    {"letter", true, kNewsletter, 2},
    {"coo", true, kCookie, 1},
    {"manage", true, kCookie, 3},
    {"getty", true, kAgencyCredit, 2},
    {"hutter", true, kAgencyCredit, 2},
    {"alamy", true, kAgencyCredit, 3},
    {"courte", true, kAgencyCredit, 3},
    {"photo", true, kAgencyCredit, 0},
    {"AFP/", false, kAgencyCredit, 2},
    {"REUTERS/", false, kAgencyCredit, 6},
    {"EPA", false, kAgencyCredit, 1},
    {"PA ", false, kAgencyCredit, 0},
    {"@", false, kEmail, 0},
};
// The distinct pairs (a one-byte literal: its byte, then any byte).
struct Pair {
  char first, second;
  bool fold, single;
};
constexpr Pair kPairs[] = {{'t', 't', true, false},  {'o', 'o', true, false},
                           {'a', 'g', true, false},  {'m', 'y', true, false},
                           {'r', 't', true, false},  {'p', 'h', true, false},
                           {'P', '/', false, false}, {'P', 'A', false, false},
                           {'S', '/', false, false}, {'@', 0, false, true}};

// Bit p set: pattern p of kAnywherePatterns may match `line` (one of its
// literals occurs in it). One pass: sixteen positions a step, every pair of
// kPairs compared at once (a folded pair with the line's bytes OR 0x20,
// which keeps a lower-case letter and lowers a capital, so every occurrence
// passes), then the literals around a position where one matched.
unsigned AnywhereMayMatch(std::string_view line) {
  unsigned patterns = 0;
  auto check = [&](std::size_t i) {  // a pair starts at i
    for (const Literal& l : kLiterals)
      if ((patterns >> l.pattern & 1u) == 0 && i >= l.at &&
          util::AsciiLiteralAt(line, i - l.at, l.text, l.fold))
        patterns |= 1u << l.pattern;
  };
  const char* const p = line.data();
  const std::size_t size = line.size();
  const unsigned all = (1u << kAnywhereCount) - 1;
  std::size_t i = 0;
#if defined(__SSE2__)
  // The pairs starting at q[0..15] (q[16] read as a second byte).
  auto block = [](const char* q) {
    const __m128i lower = _mm_set1_epi8(0x20);
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 1));
    const __m128i fa = _mm_or_si128(a, lower);
    const __m128i fb = _mm_or_si128(b, lower);
    __m128i hit = _mm_setzero_si128();
    for (const Pair& pr : kPairs) {
      const __m128i x = _mm_cmpeq_epi8(pr.fold ? fa : a, _mm_set1_epi8(pr.first));
      if (pr.single) {
        hit = _mm_or_si128(hit, x);
      } else {
        hit = _mm_or_si128(
            hit, _mm_and_si128(x, _mm_cmpeq_epi8(pr.fold ? fb : b, _mm_set1_epi8(pr.second))));
      }
    }
    return static_cast<unsigned>(_mm_movemask_epi8(hit));
  };
  for (; i + 17 <= size && patterns != all; i += 16)
    for (unsigned mask = block(p + i); mask != 0; mask &= mask - 1)
      check(i + static_cast<std::size_t>(__builtin_ctz(mask)));
  if (i < size && patterns != all) {
    // The last (at most sixteen) starts, from a copy padded with NUL bytes,
    // which match no pair's bytes (folded, a NUL is a space).
    char tail[32] = {};
    std::memcpy(tail, p + i, size - i);
    unsigned mask = block(tail) & ((1u << (size - i)) - 1);
    for (; mask != 0; mask &= mask - 1) check(i + static_cast<std::size_t>(__builtin_ctz(mask)));
  }
  return patterns;
#else
  for (; i < size && patterns != all; ++i) check(i);
  return patterns;
#endif
}

// Each compiled on first use (thread-safe: function-local statics).
template <Anywhere which>
const RE2& AnywherePattern() {
  static const RE2* re = new RE2(kAnywherePatterns[which], ingest_internal::QuietPatternOptions());
  return *re;
}

// Whether one of kAnywherePatterns matches the whole line.
bool AnywhereMatch(std::string_view line) {
  const unsigned may = AnywhereMayMatch(line);
  if (may == 0) return false;
  return ((may >> kNewsletter & 1u) && RE2::FullMatch(line, AnywherePattern<kNewsletter>())) ||
         ((may >> kCookie & 1u) && RE2::FullMatch(line, AnywherePattern<kCookie>())) ||
         ((may >> kAgencyCredit & 1u) && RE2::FullMatch(line, AnywherePattern<kAgencyCredit>())) ||
         ((may >> kEmail & 1u) && RE2::FullMatch(line, AnywherePattern<kEmail>()));
}

// Two whole-line patterns kept out of the set: their name classes
// (\p{Lu}, \p{L} repeated up to 4 + 7 times) make them most of the set's
// compiled size (a 32k-instruction program, ~20 ms to compile, paid by every
// process). Each is tried only on a line passing a cheap test that every
// line it matches passes (ByLineMayMatch, ReporterLineMayMatch), and
// compiled on first use, so a process whose documents have no such line
// never builds it. The set's verdict is the same: a line is furniture if
// any pattern matches the whole of it.
//
// Bylines: "By Jane Doe", "By Jane Doe and John Roe, Associated Press".
const char kBylinePattern[] =
    R"((?:By|BY|by)\s+)" QT_NAME R"((?:\s*(?:,|and|&)\s*)" QT_NAME
    R"()*(?:\s*(?:,|\||/|-|–|—|\bin\b)\s*(?:\p{Lu}[\p{L}\p{M}'’.\-]*|and|in|for|of|the|at|&)(?:\s+(?:\p{Lu}[\p{L}\p{M}'’.\-]*|and|in|for|of|the|at|&)){0,6})?\.?)";
// Reporter / editor lines: "Staff reporter: Jane Doe".
const char kReporterPattern[] =
    R"((?i:(?:senior |chief |staff |political |foreign )?(?:reporter|correspondent|editor|contributor|columnist|author)s?)\s*(?:[:|]\s*[^"“”]*|\s+)" QT_NAME
    R"((?:\s*[,|]?\s*[\w.+-]+@\S+)?))";

// Gates for the two patterns above, which cost ~105 M and ~30 M
// instructions to compile: patterns that fully match every line the real
// ones do and compile in microseconds, so that prose lines opening with
// "By" or a role word ("By winning the primary, ...", "Reporters have been
// waiting ...") do not make a process compile them.
//
// Byline: the real pattern's lines are "By" + \s+ + a capitalised word and
// then only capitalised words, its lower-case words (and, in, for, of, the,
// at, de, van, von, der, da, al, bin, la, le) and separators (whitespace
// , | / - – — & .). Read as Latin-1, so that \p{Lu} is within
// [A-Z\x80-\xff] and [\p{L}\p{M}'’.\-] within [A-Za-z\x80-\xff'.\-]
// (every byte of a non-ASCII character is \x80-\xff).
const char kBylineGate[] =
    "(?:By|BY|by)[\t\n\f\r ]+[A-Z\x80-\xff][A-Za-z\x80-\xff'.\\-]*"
    "(?:[\t\n\f\r ,|/&.\\-]|\xe2\x80\x93|\xe2\x80\x94|[A-Z\x80-\xff][A-Za-z\x80-\xff'.\\-]*|"
    "and|in|for|of|the|at|de|van|von|der|da|al|bin|la|le)*";
// Reporter: the real pattern with its name (capitalised words, particles
// between them) widened to one capital or non-ASCII character followed by
// letters, non-ASCII characters, ' . - and whitespace. UTF-8, like the
// real one: the role words fold case the same way.
const char kReporterGate[] =
    R"((?i:(?:senior |chief |staff |political |foreign )?(?:reporter|correspondent|editor|contributor|columnist|author)s?)\s*(?:[:|]\s*[^"“”]*|\s+[A-Z\x{80}-\x{10FFFF}][A-Za-z\x{80}-\x{10FFFF}'.\-\s]*(?:\s*[,|]?\s*[\w.+-]+@\S+)?))";

// kBylinePattern opens with "By", "BY" or "by" and then RE2's \s.
bool ByLineMayMatch(std::string_view line) {
  if (line.size() < 3) return false;
  const std::string_view by = line.substr(0, 2);
  if (by != "By" && by != "BY" && by != "by") return false;
  const char c = line[2];
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

// kReporterPattern opens, case-insensitively, with one of its modifiers or
// role words. RE2's (?i) folds by Unicode simple case folding, under which
// the only non-ASCII letters equal to ASCII ones are U+017F (long s, = s)
// and U+212A (Kelvin sign, = k): the line's head is folded the same way.
bool ReporterLineMayMatch(std::string_view line) {
  char head[16];
  std::size_t n = 0;
  for (std::size_t i = 0; i < line.size() && n < sizeof head;) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c == 0xC5 && i + 1 < line.size() && static_cast<unsigned char>(line[i + 1]) == 0xBF) {
      head[n++] = 's';
      i += 2;
    } else if (c == 0xE2 && line.substr(i, 3) == "\xE2\x84\xAA") {
      head[n++] = 'k';
      i += 3;
    } else {
      head[n++] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
      ++i;
    }
  }
  const std::string_view folded(head, n);
  for (std::string_view w : {"senior ", "chief ", "staff ", "political ", "foreign ", "reporter",
                             "correspondent", "editor", "contributor", "columnist", "author"}) {
    if (folded.substr(0, w.size()) == w) return true;
  }
  return false;
}

// A trailing credit on a caption line: "... (Image: AP)", "... (Photo:
// Ministry of Defence)", "... /Courtesy of X". Only the line's tail is tested.
const char kTrailingCredit[] =
    R"((?i)(?:\((?:image|photo|photograph|picture|pic|credit|video|file photo|photo credit|image credit|illustration)s?\s*(?::|by\b)[^()]*\)|\((?:file photo|getty images|photo|image)\)|/\s*courtesy of [^/()]+)\s*\.?$)";
// An agency credit in parentheses closing a short caption: "(AP Photo/Jo Li)",
// "(Getty Images)", "(REUTERS/Jo Li)". Case-sensitive: "(Pa.)" is a state.
const char kTrailingAgency[] =
    R"(\((?:AP Photo|AFP Photo|AFP|REUTERS|Reuters|EPA|EPA-EFE|PA|PA Wire|PA Images|Getty Images|Shutterstock|Alamy)(?:/[^()]*)?\)\s*\.?$)";

// A language or country picker ("Select Language") is followed by its current
// value on the next line ("English"): one to three words, no punctuation.
const char kPickerLabel[] = R"((?i)select (?:a )?(?:language|country|region|edition|location))";
const char kPickerValue[] = R"([\p{L}\p{M}()]+(?:[ -][\p{L}\p{M}()]+){0,2})";

struct FurniturePatterns {
  RE2::Set lines{ingest_internal::QuietPatternOptions(), RE2::ANCHOR_BOTH};
  RE2 trailing_credit{kTrailingCredit, ingest_internal::QuietPatternOptions()};
  RE2 trailing_agency{kTrailingAgency, ingest_internal::QuietPatternOptions()};
  RE2 picker_label{kPickerLabel, ingest_internal::QuietPatternOptions()};
  bool ok = true;

  FurniturePatterns() {
    for (const char* p : kLinePatterns) {
      std::string err;
      if (lines.Add(p, &err) < 0) ok = false;
    }
    ok = lines.Compile() && ok && trailing_credit.ok() && trailing_agency.ok() && picker_label.ok();
  }
};

const FurniturePatterns& Patterns() {
  static const FurniturePatterns* p = new FurniturePatterns();
  return *p;
}

// The patterns used only on rare lines, each compiled on first use
// (thread-safe: function-local statics).
const RE2& BylinePattern() {
  static const RE2* re = new RE2(kBylinePattern, ingest_internal::QuietPatternOptions());
  return *re;
}
const RE2& ReporterPattern() {
  static const RE2* re = new RE2(kReporterPattern, ingest_internal::QuietPatternOptions());
  return *re;
}
const RE2& BylineGate() {
  static const RE2* re = [] {
    RE2::Options o = ingest_internal::QuietPatternOptions();
    o.set_encoding(RE2::Options::EncodingLatin1);
    return new RE2(kBylineGate, o);
  }();
  return *re;
}
const RE2& ReporterGate() {
  static const RE2* re = new RE2(kReporterGate, ingest_internal::QuietPatternOptions());
  return *re;
}
// The value after a picker label (2 ms to compile: \p{L} three times).
const RE2& PickerValuePattern() {
  static const RE2* re = new RE2(kPickerValue, ingest_internal::QuietPatternOptions());
  return *re;
}

}  // namespace

std::vector<Span> FindFurniture(std::string_view text) {
  const FurniturePatterns& p = Patterns();
  std::vector<Span> out;
  std::size_t offset = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    out.push_back(Span{0, 3});
    offset = 3;
  }
  std::string_view body = text;
  bool after_picker = false;
  ForEachLine(body, [&](std::size_t start, std::size_t end) {
    if (start < offset) start = offset;
    Span t = TrimSpan(body, start, end);
    if (t.empty()) return;  // blank lines do not break a picker pair
    std::string_view line = body.substr(t.start, t.size());
    bool furniture = false;
    bool picker = false;
    if (line.size() <= kMaxFurnitureLine) {
      furniture = p.lines.Match(line, nullptr) || AnywhereMatch(line) ||
                  (ByLineMayMatch(line) && RE2::FullMatch(line, BylineGate()) &&
                   RE2::FullMatch(line, BylinePattern())) ||
                  (ReporterLineMayMatch(line) && RE2::FullMatch(line, ReporterGate()) &&
                   RE2::FullMatch(line, ReporterPattern()));
      if (furniture) picker = RE2::FullMatch(line, p.picker_label);
      if (!furniture && after_picker && line.size() <= 40) {
        furniture = RE2::FullMatch(line, PickerValuePattern());
      }
    }
    if (!furniture && !line.empty() && line.size() <= 2 * kMaxFurnitureLine &&
        (line.back() == ')' || (line.size() > 1 && line[line.size() - 2] == ')') ||
         line.find("ourtesy of") != std::string_view::npos)) {
      // Credits are short: test the tail only, so the match stays cheap.
      std::string_view tail = line.size() > 160 ? line.substr(line.size() - 160) : line;
      furniture = RE2::PartialMatch(tail, p.trailing_credit) ||
                  (line.size() <= kMaxFurnitureLine && RE2::PartialMatch(tail, p.trailing_agency));
    }
    after_picker = picker;
    if (furniture) out.push_back(t);
  });
  return out;
}

}  // namespace qt
