#include "attribute/full_names.h"

#include <re2/re2.h>
#include <unicode/utf8.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace qt::attribute_internal {
namespace {

constexpr std::size_t kNo = static_cast<std::size_t>(-1);

enum : std::uint8_t { kLu = 1, kLl = 2 };

// Whether RE2 reads code point c (>= 0x80, well formed) as \p{Lu} and as
// \p{Ll}: asked of RE2 itself, so that its Unicode tables decide, once per
// BMP code point (the answers kept in a table shared by all threads).
std::uint8_t NonAsciiClasses(UChar32 c) {
  static std::array<std::atomic<std::uint8_t>, 0x10000>
      bmp{};  // 0: not asked yet, else 1 + classes
  if (c < 0x10000) {
    const std::uint8_t known = bmp[static_cast<std::size_t>(c)].load(std::memory_order_relaxed);
    if (known != 0) return static_cast<std::uint8_t>(known - 1);
  }
  static const RE2 upper(R"(\p{Lu})"), lower(R"(\p{Ll})");
  char buf[U8_MAX_LENGTH];
  std::int32_t len = 0;
  UBool error = false;
  U8_APPEND(buf, len, U8_MAX_LENGTH, c, error);
  const re2::StringPiece cp(buf, static_cast<std::size_t>(len));
  const auto classes = static_cast<std::uint8_t>((!error && RE2::FullMatch(cp, upper) ? kLu : 0) |
                                                 (!error && RE2::FullMatch(cp, lower) ? kLl : 0));
  if (c < 0x10000)
    bmp[static_cast<std::size_t>(c)].store(static_cast<std::uint8_t>(classes + 1),
                                           std::memory_order_relaxed);
  return classes;
}

// RE2's \b word bytes: [0-9A-Za-z_] (every byte >= 0x80 is a non-word byte).
constexpr bool IsWordByte(std::uint8_t b) {
  return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || b == '_';
}

// Bytes where an upper-case letter may begin: A-Z and UTF-8 lead bytes.
struct StartBytes {
  bool may[256] = {};
  constexpr StartBytes() {
    for (int b = 'A'; b <= 'Z'; ++b) may[b] = true;
    for (int b = 0xC2; b <= 0xF4; ++b) may[b] = true;
  }
};
constexpr StartBytes kStart;

class Scanner {
 public:
  Scanner(std::string_view text, std::size_t lo)
      : s_(reinterpret_cast<const std::uint8_t*>(text.data())), n_(text.size()), lo_(lo) {}

  // The end of the match starting at p, or kNo.
  std::size_t MatchAt(std::size_t p) const {
    if (!Boundary(p)) return kNo;
    // (?:\p{Lu}[\p{Ll}\-'’]+[ \t\x{00A0}]){1,4}, greedy: each repetition
    // has one way to match (its run of inner letters must end where the
    // space is), so only the count backtracks.
    std::size_t after[5] = {p};
    int reps = 0;
    while (reps < 4) {
      const std::size_t e = Group(after[reps]);
      if (e == kNo) break;
      after[++reps] = e;
    }
    for (int k = reps; k >= 1; --k)
      if (const std::size_t e = Last(after[k]); e != kNo) return e;
    return kNo;
  }

 private:
  bool Boundary(std::size_t p) const {
    const bool before = p > lo_ && IsWordByte(s_[p - 1]);
    const bool after = p < n_ && IsWordByte(s_[p]);
    return before != after;
  }

  // The code point at p (negative if ill-formed) and where it ends.
  UChar32 At(std::size_t p, std::size_t* next) const {
    const std::uint8_t b = s_[p];
    if (b < 0x80) {
      *next = p + 1;
      return b;
    }
    const auto avail = static_cast<std::int32_t>(std::min<std::size_t>(n_ - p, 4));
    std::int32_t j = 0;
    UChar32 c;
    U8_NEXT(s_ + p, j, avail, c);
    *next = p + static_cast<std::size_t>(j);
    return c;
  }

  std::uint8_t Classes(UChar32 c) const {
    if (c < 0) return 0;
    if (c < 0x80) return c >= 'A' && c <= 'Z' ? kLu : c >= 'a' && c <= 'z' ? kLl : 0;
    return NonAsciiClasses(c);
  }

  // The end of one character of `classes` at p, or kNo.
  std::size_t One(std::size_t p, std::uint8_t classes) const {
    if (p >= n_) return kNo;
    std::size_t next = 0;
    const UChar32 c = At(p, &next);
    return (Classes(c) & classes) != 0 ? next : kNo;
  }
  // [\p{Ll}\-'’]
  std::size_t Inner(std::size_t p) const {
    if (p >= n_) return kNo;
    std::size_t next = 0;
    const UChar32 c = At(p, &next);
    return c == '-' || c == '\'' || c == 0x2019 || (Classes(c) & kLl) != 0 ? next : kNo;
  }
  // [ \t\x{00A0}]
  std::size_t Space(std::size_t p) const {
    if (p >= n_) return kNo;
    std::size_t next = 0;
    const UChar32 c = At(p, &next);
    return c == ' ' || c == '\t' || c == 0xA0 ? next : kNo;
  }

  // \p{Lu}[\p{Ll}\-'’]+[ \t\x{00A0}]
  std::size_t Group(std::size_t p) const {
    const std::size_t q = One(p, kLu);
    if (q == kNo) return kNo;
    std::size_t r = q;
    while (r < n_) {
      if (s_[r] < 0x80) {  // ASCII: a-z, '-', '\''
        const std::uint8_t b = s_[r];
        if (!((b >= 'a' && b <= 'z') || b == '-' || b == '\'')) break;
        ++r;
      } else {
        const std::size_t e = Inner(r);
        if (e == kNo) break;
        r = e;
      }
    }
    return r == q ? kNo : Space(r);
  }

  // \p{Ll}+ then \b, greedy, from p (after an upper-case letter), trying
  // the whole run first and then shorter ones, as a backtracking matcher
  // does: returns the end of the longest proper prefix of the run followed
  // by a boundary (kNo if none), and `whole` gets the end of the whole run
  // (kNo if there is none), which the caller tries first, with what may
  // follow it.
  std::size_t RunThenBoundary(std::size_t p, std::size_t* whole) const {
    std::size_t end = p;
    std::size_t shorter = kNo;  // the longest proper prefix run followed by a boundary
    while (end < n_) {
      std::size_t next;
      if (s_[end] < 0x80) {
        if (s_[end] < 'a' || s_[end] > 'z') break;
        next = end + 1;
      } else {
        next = One(end, kLl);
        if (next == kNo) break;
      }
      // (Between two ASCII letters there is never a boundary.)
      if (end > p && (s_[end] >= 0x80 || s_[end - 1] >= 0x80) && Boundary(end)) shorter = end;
      end = next;
    }
    *whole = end == p ? kNo : end;
    return shorter;
  }

  // \p{Lu}[\p{Ll}]+(?:-\p{Lu}\p{Ll}+)?\b from p: the end, or kNo.
  std::size_t Last(std::size_t p) const {
    const std::size_t q = One(p, kLu);
    if (q == kNo) return kNo;
    std::size_t whole = kNo;
    const std::size_t shorter = RunThenBoundary(q, &whole);
    if (whole == kNo) return kNo;
    // The whole run: first with the hyphenated part (greedy ?), then without.
    if (whole < n_ && s_[whole] == '-') {
      const std::size_t u = One(whole + 1, kLu);
      if (u != kNo) {
        std::size_t whole2 = kNo;
        const std::size_t shorter2 = RunThenBoundary(u, &whole2);
        if (whole2 != kNo) {
          if (Boundary(whole2)) return whole2;
          if (shorter2 != kNo) return shorter2;
        }
      }
    }
    if (Boundary(whole)) return whole;
    // A shorter run: what follows it is a lower-case letter, never '-'.
    return shorter;
  }

  const std::uint8_t* s_;
  std::size_t n_, lo_;
};

}  // namespace

bool NextFullName(std::string_view text, std::size_t from, std::size_t* start, std::size_t* end) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const std::size_t n = text.size();
  const Scanner scan(text, from);
  for (std::size_t i = from; i < n; ++i) {
#if defined(__SSE2__)
    // Sixteen bytes a step to the next A-Z or byte >= 0xC2.
    const __m128i a = _mm_set1_epi8('A'), span = _mm_set1_epi8(25);
    const __m128i lead = _mm_set1_epi8(static_cast<char>(0xC2));
    while (i + 16 <= n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
      const __m128i off = _mm_sub_epi8(v, a);
      const __m128i upper = _mm_cmpeq_epi8(_mm_min_epu8(off, span), off);  // v - 'A' <= 25
      const __m128i high = _mm_cmpeq_epi8(_mm_max_epu8(v, lead), v);       // v >= 0xC2
      const int mask = _mm_movemask_epi8(_mm_or_si128(upper, high));
      if (mask != 0) {
        i += static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
        break;
      }
      i += 16;
    }
    if (i >= n) break;
#endif
    if (!kStart.may[s[i]]) continue;
    if (const std::size_t e = scan.MatchAt(i); e != kNo) {
      *start = i;
      *end = e;
      return true;
    }
  }
  return false;
}

}  // namespace qt::attribute_internal
