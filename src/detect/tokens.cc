#include "detect/tokens.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>

namespace qt::detect_internal {
namespace {

bool IsMarkCp(UChar32 c) {
  switch (c) {
    case '"':
    case '\'':
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:
    case 0x00BB:
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2039:
    case 0x203A:
    case 0x300C:
    case 0x300D:
    case 0x300E:
    case 0x300F:
    case 0xFF02:
      return true;
    default:
      return false;
  }
}

bool IsWordCpIcu(UChar32 c) {
  return c >= 0 && (u_isalnum(c) || u_hasBinaryProperty(c, UCHAR_ALPHABETIC));
}

// The ICU answers for ASCII, asked once: most text is ASCII, and a table
// lookup is far cheaper than ICU's property tries.
struct AsciiProps {
  bool word[128], space[128], cap[128];
  // word[] by byte, false from 0x80 (a lead or continuation byte is not an
  // ASCII word character): one test per byte of an ASCII run.
  bool word_byte[256] = {};
  AsciiProps() {
    for (UChar32 c = 0; c < 128; ++c) {
      word[c] = IsWordCpIcu(c);
      space[c] = u_isUWhiteSpace(c);
      cap[c] = u_isupper(c) || u_istitle(c);
      word_byte[c] = word[c];
    }
  }
};
const AsciiProps& Ascii() {
  static const AsciiProps props;
  return props;
}

inline bool IsWordCp(const AsciiProps& a, UChar32 c) {
  return c >= 0 && c < 128 ? a.word[c] : IsWordCpIcu(c);
}
// U8_NEXT gives a negative code point for an ill-formed sequence: ICU, not
// the table, answers for it.
inline bool IsSpaceCp(const AsciiProps& a, UChar32 c) {
  return c >= 0 && c < 128 ? a.space[c] : u_isUWhiteSpace(c);
}
inline bool IsCapCp(const AsciiProps& a, UChar32 c) {
  return c >= 0 && c < 128 ? a.cap[c] : (u_isupper(c) || u_istitle(c));
}

// Eight bytes lowered at once (SWAR), each below 0x80: 'A'..'Z' gain 0x20,
// every other byte stays. No carry crosses a byte: a byte below 0x80 plus
// 0x3F or 0x25 stays below 0x100.
inline std::uint64_t LowerAscii8(std::uint64_t x) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  const std::uint64_t from_a = x + (0x80 - 'A') * kOnes;      // high bit: byte >= 'A'
  const std::uint64_t past_z = x + (0x80 - 'Z' - 1) * kOnes;  // high bit: byte > 'Z'
  return x | ((from_a & ~past_z & kHigh) >> 2);
}

// The common case of the lowering below: a token of at most 16 bytes, all
// ASCII, with 16 bytes readable at `raw` (`avail` of them): `out` = the
// token lowered, as the byte loop would make it (nothing to fold: no byte
// is >= 0x80), and `lo`, `hi` its bytes as lex::ShortFacts wants them.
// False, `out` untouched, for any other token.
bool LowerShortAscii(const std::uint8_t* raw, std::size_t size, std::size_t avail,
                     std::string& out, std::uint64_t& lo, std::uint64_t& hi) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (size > 16 || avail < 16) return false;
  std::uint64_t w[2];
  std::memcpy(w, raw, sizeof w);
  // Keep the token's bytes only (the low `size` bytes, little-endian).
  auto keep = [](std::size_t bytes) {
    return bytes >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * bytes)) - 1;
  };
  w[0] &= keep(size);
  w[1] &= size > 8 ? keep(size - 8) : 0;
  if (((w[0] | w[1]) & 0x8080808080808080ull) != 0) return false;
  w[0] = LowerAscii8(w[0]);
  w[1] = LowerAscii8(w[1]);
  out.assign(reinterpret_cast<const char*>(w), size);
  lo = w[0];
  hi = w[1];
  return true;
#else
  (void)raw, (void)size, (void)avail, (void)out, (void)lo, (void)hi;
  return false;
#endif
}

}  // namespace

void Tokenize(std::string_view text, std::size_t from, std::size_t to, std::vector<Token>& out) {
  const AsciiProps& ascii = Ascii();
  const lex::ShortFacts& short_facts = lex::ShortFacts::Get();
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  auto n = static_cast<int32_t>(to);
  auto i = static_cast<int32_t>(from);
  // Room for the sentence's tokens ahead (about one per 5.5 bytes of
  // English; one per 3 leaves spare), grown geometrically: the caller
  // appends sentence after sentence to one vector, and each reallocation
  // moves every token (and its string) so far. An empty vector is the
  // first sentence of a text: it gets room for the rest of the text at
  // once (one per 4 bytes), so a document's tokens are seldom moved.
  if (out.empty() && out.capacity() == 0)
    out.reserve((text.size() - std::min(from, text.size())) / 4 + 1);
  if (const std::size_t want = out.size() + (to - from) / 3 + 1; want > out.capacity())
    out.reserve(std::max(want, 2 * out.capacity()));
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0 || IsSpaceCp(ascii, c)) continue;
    // Built in place: nothing below skips the token.
    Token& tok = out.emplace_back();
    tok.start = static_cast<std::size_t>(start);
    if (IsWordCp(ascii, c)) {
      tok.kind = TokenKind::kWord;
      tok.cap = IsCapCp(ascii, c);
      // Extend over word characters, inner apostrophes/hyphens/dots.
      while (i < n) {
        // ASCII word characters, the common case, straight from the table
        // (what U8_NEXT and IsWordCp below answer for them).
        {
          const std::uint8_t* p = s + i;
          const std::uint8_t* const stop = s + n;
          while (p < stop && ascii.word_byte[*p]) ++p;
          i = static_cast<int32_t>(p - s);
        }
        if (i >= n) break;
        int32_t j = i;
        UChar32 d;
        U8_NEXT(s, j, n, d);
        if (IsWordCp(ascii, d)) {
          i = j;
          continue;
        }
        // "10,000" and "3.5" stay one token.
        if (d == ',' && start < i && std::isdigit(s[i - 1])) {
          int32_t k = j;
          UChar32 e = -1;
          if (k < n) U8_NEXT(s, k, n, e);
          if (e >= '0' && e <= '9') {
            i = j;
            continue;
          }
        }
        if (d == '\'' || d == 0x2019 || d == '-' || d == '.' || d == '&') {
          int32_t k = j;
          UChar32 e = -1;
          if (k < n) U8_NEXT(s, k, n, e);
          if (e >= 0 && IsWordCp(ascii, e)) {
            i = j;
            continue;
          }
          // Abbreviation dot: "U.S." "Gen." keep the final dot on short
          // capitalised tokens or single letters.
          if (d == '.') {
            std::size_t len = static_cast<std::size_t>(i - start);
            bool dotted = false;
            for (int32_t q = start; q < i; ++q)
              if (s[q] == '.') dotted = true;
            if (dotted || (len <= 4 && tok.cap && (e < 0 || e == ' ' || e == ','))) {
              if (dotted || len <= 3) {
                i = j;
              }
            }
          }
        }
        break;
      }
      tok.end = static_cast<std::size_t>(i);
    } else {
      tok.kind = IsMarkCp(c) ? TokenKind::kMark : TokenKind::kPunct;
      tok.is_mark = tok.kind == TokenKind::kMark;
      tok.end = static_cast<std::size_t>(i);
      // Runs of dashes and dots stay one token.
    }
    const std::size_t size = tok.end - tok.start;
    const auto* raw = s + tok.start;
    // ASCII lowered (std::tolower in the "C" locale leaves bytes >= 0x80
    // alone), ’ folded to '.
    std::uint64_t lo, hi;
    const lex::WordFacts* facts;
    if (LowerShortAscii(raw, size, text.size() - tok.start, tok.lower, lo, hi)) {
      facts = &short_facts.Find(lo, hi, size);
      tok.key_size = static_cast<std::uint8_t>(size);
      tok.key_lo = lo;
      tok.key_hi = hi;
    } else {
      tok.lower.resize(size);
      char* lower = tok.lower.data();
      std::size_t len = 0;
      for (std::size_t k = 0; k < size; ++k) {
        const std::uint8_t ch = raw[k];
        if (ch == 0xE2 && k + 2 < size && raw[k + 1] == 0x80 && raw[k + 2] == 0x99) {
          lower[len++] = '\'';
          k += 2;
          continue;
        }
        lower[len++] =
            static_cast<char>(static_cast<unsigned>(ch - 'A') < 26u ? ch + ('a' - 'A') : ch);
      }
      if (len != size) tok.lower.resize(len);
      facts = &lex::Facts(tok.lower);
    }
    tok.cue_rate = facts->cue_rate;
    tok.speech_verb = facts->speech_verb;
    tok.raising = facts->raising;
  }
}

}  // namespace qt::detect_internal
