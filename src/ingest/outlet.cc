// Outlet guessing: agency datelines, sign-offs and bylines in the text, else
// the URL's host. The lexicons are general: wire agencies and well-known news
// hosts, not any one corpus.
#include <re2/re2.h>

#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "ingest/internal.h"
#include "quotetrack/ingest.h"

namespace qt {
namespace {

using ingest_internal::Lower;
using ingest_internal::Trim;

// Agency codes as they appear in datelines "(AP) —" and their outlet names.
constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kAgencies = {{
    {"ap", "AP"},
    {"associated press", "AP"},
    {"the associated press", "AP"},
    {"reuters", "Reuters"},
    {"thomson reuters", "Reuters"},
    {"afp", "AFP"},
    {"agence france-presse", "AFP"},
    {"agence france presse", "AFP"},
    {"upi", "UPI"},
    {"united press international", "UPI"},
    {"bloomberg", "Bloomberg"},
    {"dpa", "dpa"},
    {"xinhua", "Xinhua"},
    {"tass", "TASS"},
    {"efe", "EFE"},
    {"ansa", "ANSA"},
    {"anadolu", "Anadolu Agency"},
    {"pti", "PTI"},
    {"ians", "IANS"},
    {"yonhap", "Yonhap"},
    {"kyodo", "Kyodo"},
    {"cnn", "CNN"},
}};

std::string AgencyName(std::string_view code) {
  std::string key = Lower(Trim(code));
  for (const auto& [k, v] : kAgencies) {
    if (key == k) return std::string(v);
  }
  return {};
}

// Well-known news hosts (registrable domain) and how the outlet is named.
constexpr std::pair<std::string_view, std::string_view> kHosts[] = {
    {"apnews.com", "AP"},
    {"ap.org", "AP"},
    {"reuters.com", "Reuters"},
    {"afp.com", "AFP"},
    {"upi.com", "UPI"},
    {"bloomberg.com", "Bloomberg"},
    {"bbc.co.uk", "BBC"},
    {"bbc.com", "BBC"},
    {"theguardian.com", "The Guardian"},
    {"guardian.co.uk", "The Guardian"},
    {"nytimes.com", "The New York Times"},
    {"washingtonpost.com", "The Washington Post"},
    {"wsj.com", "The Wall Street Journal"},
    {"latimes.com", "Los Angeles Times"},
    {"usatoday.com", "USA Today"},
    {"nypost.com", "New York Post"},
    {"cnn.com", "CNN"},
    {"foxnews.com", "Fox News"},
    {"nbcnews.com", "NBC News"},
    {"cbsnews.com", "CBS News"},
    {"abcnews.go.com", "ABC News"},
    {"npr.org", "NPR"},
    {"pbs.org", "PBS"},
    {"politico.com", "Politico"},
    {"politico.eu", "Politico"},
    {"axios.com", "Axios"},
    {"thehill.com", "The Hill"},
    {"newsweek.com", "Newsweek"},
    {"time.com", "Time"},
    {"huffpost.com", "HuffPost"},
    {"huffingtonpost.com", "HuffPost"},
    {"breitbart.com", "Breitbart"},
    {"vox.com", "Vox"},
    {"theatlantic.com", "The Atlantic"},
    {"news.yahoo.com", "Yahoo News"},
    {"aljazeera.com", "Al Jazeera"},
    {"aljazeera.net", "Al Jazeera"},
    {"ft.com", "Financial Times"},
    {"economist.com", "The Economist"},
    {"independent.co.uk", "The Independent"},
    {"telegraph.co.uk", "The Telegraph"},
    {"thetimes.co.uk", "The Times"},
    {"dailymail.co.uk", "Daily Mail"},
    {"mirror.co.uk", "Daily Mirror"},
    {"express.co.uk", "Daily Express"},
    {"thesun.co.uk", "The Sun"},
    {"news.sky.com", "Sky News"},
    {"sky.com", "Sky News"},
    {"france24.com", "France 24"},
    {"dw.com", "DW"},
    {"euronews.com", "Euronews"},
    {"lemonde.fr", "Le Monde"},
    {"spiegel.de", "Der Spiegel"},
    {"elpais.com", "El País"},
    {"ansa.it", "ANSA"},
    {"aa.com.tr", "Anadolu Agency"},
    {"dailysabah.com", "Daily Sabah"},
    {"tass.com", "TASS"},
    {"tass.ru", "TASS"},
    {"ria.ru", "RIA Novosti"},
    {"rt.com", "RT"},
    {"meduza.io", "Meduza"},
    {"themoscowtimes.com", "The Moscow Times"},
    {"kyivindependent.com", "The Kyiv Independent"},
    {"kyivpost.com", "Kyiv Post"},
    {"pravda.com.ua", "Ukrainska Pravda"},
    {"ukrinform.net", "Ukrinform"},
    {"rferl.org", "RFE/RL"},
    {"voanews.com", "Voice of America"},
    {"xinhuanet.com", "Xinhua"},
    {"scmp.com", "South China Morning Post"},
    {"yna.co.kr", "Yonhap"},
    {"japantimes.co.jp", "The Japan Times"},
    {"nhk.or.jp", "NHK"},
    {"thehindu.com", "The Hindu"},
    {"hindustantimes.com", "Hindustan Times"},
    {"timesofindia.indiatimes.com", "The Times of India"},
    {"ndtv.com", "NDTV"},
    {"abc.net.au", "ABC News (Australia)"},
    {"smh.com.au", "The Sydney Morning Herald"},
    {"cbc.ca", "CBC"},
    {"theglobeandmail.com", "The Globe and Mail"},
    {"timesofisrael.com", "The Times of Israel"},
    {"haaretz.com", "Haaretz"},
    {"jpost.com", "The Jerusalem Post"},
};

// Second-level labels under which registrable names take three labels
// ("example.co.uk").
constexpr std::string_view kSecondLevel[] = {"co",  "com", "org", "net", "ac",
                                             "gov", "edu", "or",  "ne",  "go"};

bool EndsWithLabel(std::string_view host, std::string_view suffix) {
  if (host == suffix) return true;
  return host.size() > suffix.size() && host.substr(host.size() - suffix.size()) == suffix &&
         host[host.size() - suffix.size() - 1] == '.';
}

// Each pattern is compiled on first use (thread-safe: a function-local
// static each), and GuessOutlet tries one only where its cheap necessary
// condition below holds: most articles need none of them, and compiling them
// all cost every process ~15 ms, dateline_any (\p{Lu} inside bounded
// repetitions: a 34k-instruction program) most of it.

// A dateline at the start of a line: "ISTANBUL, Turkey (AP) —",
// "KYIV, May 16 (Reuters) -", "(AFP) -".
const RE2& DatelinePattern() {
  static const RE2* const re = new RE2(
      R"((?m)^[ \t]*(?:[^\n()]{0,80}?)\(\s*(AP|Reuters|AFP|UPI|Bloomberg|dpa|DPA|Xinhua|TASS|EFE|ANSA|Anadolu|PTI|IANS|Yonhap|Kyodo|CNN)\s*\)\s*(?:—|–|―|-|--|:))");
  return *re;
}
// Any outlet named in a dateline: "VELGRAD (Meridian Press) —", the
// city in capitals, the outlet in parentheses, then a dash.
const RE2& DatelineAnyPattern() {
  static const RE2* const re = new RE2(
      R"((?m)^[ \t]*\p{Lu}[\p{Lu} .'\-]{1,40}(?:,[^()\n]{0,40})?\s*\(\s*(\p{Lu}[\w.&' \-]{1,40}?)\s*\)\s*(?:—|–|―|-|--))",
      ingest_internal::QuietPatternOptions());
  return *re;
}
// A gate for DatelineAnyPattern, which takes ~100 M instructions (25 ms) to
// compile: a pattern that matches wherever it does and compiles in
// microseconds. Read as Latin-1, so that any byte of a multi-byte character
// is one of [\x80-\xff]: every \p{Lu} becomes [A-Z\x80-\xff] (the other
// classes are ASCII or negated, and keep their bytes), and the bounded
// repetitions become unbounded ones. Most articles whose head has a
// parenthesis and a dash have no capitalised word run before it at the
// start of a line, and never compile the real pattern.
const RE2& DatelineAnyGate() {
  static const RE2* const re = [] {
    RE2::Options o = ingest_internal::QuietPatternOptions();
    o.set_encoding(RE2::Options::EncodingLatin1);
    return new RE2(
        "(?m)^[ \t]*[A-Z\x80-\xff][A-Z\x80-\xff .'\\-]+(?:,[^()\n]*)?\\s*\\(\\s*"
        "[A-Z\x80-\xff][\\w\x80-\xff.&' \\-]+?\\s*\\)\\s*"
        "(?:\xe2\x80\x94|\xe2\x80\x93|\xe2\x80\x95|-)",
        o);
  }();
  return *re;
}
// Reuters sign-off "(Reporting by X; Editing by Y)".
const RE2& ReportingByPattern() {
  static const RE2* const re =
      new RE2(R"((?i)\((?:additional )?(?:reporting|writing) by [^)\n]{1,300}\))");
  return *re;
}
// A closing agency credit on the last line: "— Reuters", "-- AP".
const RE2& SignOffPattern() {
  static const RE2* const re = new RE2(
      R"((?:^|\n)[ \t]*(?:—|–|-|--)\s*(The Associated Press|Associated Press|AP|Reuters|AFP|Agence France-Presse|Bloomberg|UPI)\s*\.?\s*$)");
  return *re;
}
// "By Jane Doe, Associated Press" / "By Jane Doe | Reuters".
const RE2& BylinePattern() {
  static const RE2* const re = new RE2(
      R"((?m)^[ \t]*(?:By|BY)\s+[^\n]{1,120}?\s*(?:,|\||—|–|-)\s*(The Associated Press|Associated Press|Reuters|AFP|Agence France-Presse|Bloomberg|UPI)\s*$)");
  return *re;
}

// The first `n` bytes of `s`, not cutting a UTF-8 sequence.
std::string_view HeadBytes(std::string_view s, std::size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string_view TailBytes(std::string_view s, std::size_t n) {
  if (s.size() <= n) return s;
  std::size_t start = s.size() - n;
  while (start < s.size() && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) ++start;
  return s.substr(start);
}

// Cheap necessary conditions for the patterns above: most articles name no
// agency at all, and each skipped pattern saves a DFA pass over kilobytes.

// Both datelines need a ')' followed (after whitespace) by a dash or colon.
bool MayHoldDateline(std::string_view s) {
  for (std::size_t p = s.find(')'); p != std::string_view::npos; p = s.find(')', p + 1)) {
    std::size_t i = p + 1;
    while (i < s.size() && ingest_internal::IsSpaceByte(s[i])) ++i;
    // '-', ':' or the first byte of an en, em or horizontal-bar dash.
    if (i < s.size() && (s[i] == '-' || s[i] == ':' || s[i] == '\xE2')) return true;
  }
  return false;
}

// The byline pattern needs a line that starts (after spaces and tabs) with "By" or "BY".
bool MayHoldByline(std::string_view s) {
  for (std::size_t start = 0; start < s.size();) {
    std::size_t i = start;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i + 1 < s.size() && s[i] == 'B' && (s[i + 1] == 'y' || s[i + 1] == 'Y')) return true;
    std::size_t nl = s.find('\n', i);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return false;
}

// The sign-off pattern is anchored at the end: the text, less trailing
// whitespace and one full stop, ends with an agency name.
bool MayHoldSignOff(std::string_view s) {
  auto trim_end = [&s] {
    while (!s.empty() && ingest_internal::IsSpaceByte(s.back())) s.remove_suffix(1);
  };
  trim_end();
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  trim_end();
  for (std::string_view name : {"Press", "AP", "Reuters", "AFP", "Presse", "Bloomberg", "UPI"}) {
    if (s.size() >= name.size() && s.substr(s.size() - name.size()) == name) return true;
  }
  return false;
}

// "(Reporting by" / "(additional writing by", in any case, after a '('.
bool MayHoldReportingBy(std::string_view s) {
  auto starts_with_ci = [](std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      char c = text[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != prefix[i]) return false;
    }
    return true;
  };
  for (std::size_t p = s.find('('); p != std::string_view::npos; p = s.find('(', p + 1)) {
    std::string_view rest = s.substr(p + 1);
    if (starts_with_ci(rest, "additional ")) rest.remove_prefix(11);
    if (starts_with_ci(rest, "reporting by ") || starts_with_ci(rest, "writing by ")) return true;
  }
  return false;
}

// The two dateline patterns' matches start at a line start ((?m)^) before a
// '(' of the head, so instead of an unanchored scan of the whole head (a
// DFA pass over 4 KB; the dateline pattern's {0,80} makes it ~70
// instructions a byte) each is tried anchored at the few line starts where
// a match could begin, found from the '(' bytes. RE2::Match with a start
// position keeps the whole head as context, so ^ still sees the byte before
// it. The start for a '(' is never before the start for an earlier '(', so
// the first success is the leftmost match, and its capture the one
// PartialMatch gives.
//
// DatelinePattern: `^[ \t]*[^\n()]{0,80}?\(`: the '(' is on the match's
// first line. DatelineAnyGate: `^[ \t]*CAP[CAP .'-]+(?:,[^()\n]*)?\s*\(`:
// only the \s* before the '(' may cross a line, so the last byte before the
// '(' that is not in \s (RE2's [\t\n\f\r ]) is on the first line.
enum class StartRule { kLineOfParen, kLineBeforeSpace };

bool IsRe2Space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool MatchAtParenLines(std::string_view text, const RE2& re, StartRule rule,
                       std::string* capture) {
  std::size_t last = std::string_view::npos;  // the start tried last
  for (std::size_t p = text.find('('); p != std::string_view::npos; p = text.find('(', p + 1)) {
    std::size_t k = p;
    if (rule == StartRule::kLineBeforeSpace) {
      while (k > 0 && IsRe2Space(text[k - 1])) --k;
      if (k == 0) continue;  // no capital before the '('
      --k;
    }
    const std::size_t nl = text.rfind('\n', k);
    const std::size_t start = nl == std::string_view::npos ? 0 : nl + 1;
    if (start == last) continue;
    last = start;
    re2::StringPiece sub[2];
    const int n = capture ? 2 : 0;
    if (re.Match(re2::StringPiece(text.data(), text.size()), start, text.size(), RE2::ANCHOR_START,
                 sub, n)) {
      if (capture) capture->assign(sub[1].data(), sub[1].size());
      return true;
    }
  }
  return false;
}

}  // namespace

std::string OutletForHost(std::string_view url) {
  std::string_view h = Trim(url);
  std::size_t scheme = h.find("://");
  if (scheme != std::string_view::npos)
    h.remove_prefix(scheme + 3);
  else if (h.substr(0, 2) == "//")
    h.remove_prefix(2);
  std::size_t end = h.find_first_of("/?#");
  if (end != std::string_view::npos) h = h.substr(0, end);
  std::size_t at = h.rfind('@');
  if (at != std::string_view::npos) h.remove_prefix(at + 1);
  std::size_t colon = h.find(':');
  if (colon != std::string_view::npos) h = h.substr(0, colon);
  while (!h.empty() && h.back() == '.') h.remove_suffix(1);
  std::string host = Lower(h);
  if (host.empty() || host.find('.') == std::string::npos) return {};
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              (static_cast<unsigned char>(c) & 0x80) != 0;
    if (!ok) return {};
  }
  for (const auto& [k, v] : kHosts) {
    if (EndsWithLabel(host, k)) return std::string(v);
  }
  // Registrable name: the last two labels, three under "co.uk"-like suffixes.
  std::size_t last = host.rfind('.');
  std::size_t second = last == 0 ? std::string::npos : host.rfind('.', last - 1);
  if (second == std::string::npos) return host;
  std::string_view sld = std::string_view(host).substr(second + 1, last - second - 1);
  std::string_view tld = std::string_view(host).substr(last + 1);
  bool three = tld.size() == 2;
  if (three) {
    three = false;
    for (std::string_view s : kSecondLevel) three = three || sld == s;
  }
  if (three) {
    std::size_t third = second == 0 ? std::string::npos : host.rfind('.', second - 1);
    return third == std::string::npos ? host : host.substr(third + 1);
  }
  return host.substr(second + 1);
}

std::string GuessOutlet(std::string_view text, std::string_view url) {
  // Datelines and bylines sit at the top of the story.
  std::string_view head = HeadBytes(text, 4096);
  std::string code;
  const bool dateline = MayHoldDateline(head);
  if (dateline && MatchAtParenLines(head, DatelinePattern(), StartRule::kLineOfParen, &code)) {
    std::string name = AgencyName(code);
    if (!name.empty()) return name;
  }
  if (dateline &&
      MatchAtParenLines(head, DatelineAnyGate(), StartRule::kLineBeforeSpace, nullptr) &&
      RE2::PartialMatch(head, DatelineAnyPattern(), &code)) {
    std::string name = AgencyName(code);
    return name.empty() ? code : name;
  }
  if (MayHoldByline(head) && RE2::PartialMatch(head, BylinePattern(), &code)) {
    std::string name = AgencyName(code);
    if (!name.empty()) return name;
  }
  // Sign-offs sit at the end.
  std::string_view tail = TailBytes(text, 2048);
  std::string_view trimmed_tail = Trim(tail);
  if (MayHoldSignOff(trimmed_tail) && RE2::PartialMatch(trimmed_tail, SignOffPattern(), &code)) {
    std::string name = AgencyName(code);
    if (!name.empty()) return name;
  }
  if (MayHoldReportingBy(tail) && RE2::PartialMatch(tail, ReportingByPattern())) return "Reuters";
  return OutletForHost(url);
}

}  // namespace qt
