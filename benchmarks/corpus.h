// A generator of synthetic news corpora for the benchmarks.
//
// Deterministic for a given seed. Articles come in several outlet styles
// (wire copy with datelines and sign-offs, broadsheet with honorifics, tabloid
// with furniture lines and straight quote marks) and quote invented speakers
// whose names are spelt differently by different outlets. Statements are
// reused across articles verbatim, truncated, elided, altered (a number, a
// negation, a word), retranslated, paraphrased and reported, so that statement
// matching has real work. All word lists and templates are invented here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace qtbench {

struct CorpusOptions {
  std::uint64_t seed = 1;
  std::size_t quotes = 0;  // stop after about this many quote renderings
  std::size_t mb = 0;      // or after this many megabytes of article text
};

struct Article {
  std::string id;
  std::string title;
  std::string outlet;
  std::string published;  // ISO 8601
  std::string url;
  std::string body;       // article text without header lines
  std::size_t quotes = 0;  // quote renderings placed in the body
};

class CorpusGenerator {
 public:
  explicit CorpusGenerator(const CorpusOptions& options);
  ~CorpusGenerator();
  CorpusGenerator(const CorpusGenerator&) = delete;
  CorpusGenerator& operator=(const CorpusGenerator&) = delete;

  // Produces the next article; false once the quote or size budget is spent.
  bool Next(Article* article);

  std::size_t quotes_emitted() const;
  std::size_t bytes_emitted() const;
  // Spellings of the most quoted speakers (for latency queries), and words
  // that occur in quotes (for search queries).
  std::vector<std::string> SampleSpeakerNames(std::size_t n) const;
  std::vector<std::string> SampleSearchTerms(std::size_t n) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A .txt article: title line, Outlet:/Published:/URL: header lines, blank line, body.
std::string ToText(const Article& a);
// One JSON Lines record {"id","url","outlet","published","title","text"} with a newline.
std::string ToJsonl(const Article& a);

}  // namespace qtbench
