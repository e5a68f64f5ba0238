// A TagDoc of prose for the tagger tests: one unit per line, a sentence per
// full stop or question mark, rule roles set from simple cues (speech verbs
// are cues, words in quote marks direct, capitalised words inside a
// sentence sources, `content_words` content) so that every rule-role value
// occurs.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "detect/tagger.h"
#include "detect/tokens.h"

namespace qt_test {

inline qt::detect_internal::TagDoc MakeTagDoc(
    const std::string& text, std::initializer_list<std::string_view> content_words) {
  using namespace qt::detect_internal;
  TagDoc d;
  std::size_t sent = 0, from = 0;
  while (from <= text.size()) {
    std::size_t nl = text.find('\n', from);
    if (nl == std::string::npos) nl = text.size();
    const std::size_t first = d.tokens.size();
    Tokenize(text, from, nl, d.tokens);
    for (std::size_t t = first; t < d.tokens.size(); ++t) {
      d.sentence.push_back(static_cast<std::uint32_t>(sent));
      if (d.tokens[t].lower == "." || d.tokens[t].lower == "?") ++sent;
    }
    if (d.tokens.size() > first) d.units.emplace_back(first, d.tokens.size());
    ++sent;
    from = nl + 1;
  }
  bool in_quote = false;
  for (std::size_t t = 0; t < d.tokens.size(); ++t) {
    Token& tok = d.tokens[t];
    if (tok.kind == TokenKind::kMark) in_quote = !in_quote;
    tok.in_quote = in_quote && tok.kind != TokenKind::kMark;
    std::uint8_t role = kRuleNone;
    bool content = false;
    for (std::string_view w : content_words) content = content || tok.lower == w;
    if (tok.speech_verb)
      role = kRuleCue;
    else if (tok.in_quote)
      role = kRuleDirect;
    else if (tok.cap && t > 0 && d.tokens[t - 1].lower != ".")
      role = kRuleSource;
    else if (content)
      role = kRuleContent;
    d.rule.push_back(role);
  }
  return d;
}

}  // namespace qt_test
