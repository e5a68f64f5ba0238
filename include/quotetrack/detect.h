// detect: finds what was said in a normalised document.
//
//  - direct quotes in every common quote-mark style, nested quotes, quotes
//    split by their attribution ("...," she said, "..."), quotes running over
//    several paragraphs (reopened at each paragraph);
//  - mixed quotes: reported speech holding quoted fragments;
//  - reported speech without quote marks: "X said (that) ...", "according to
//    X, ...", "X told Reuters ...", "X urged/warned/insisted ...";
//  - the cue (speech verb or phrase) and the source mention beside it.
// Scare quotes, titles and names in quote marks are not speech.
//
// Quotes come back in document order with offsets into Document::text (mapped
// through NormalisedText::to_source). `speaker` fields are left for attribute.
#pragma once

#include <memory>
#include <vector>

#include "quotetrack/document.h"
#include "quotetrack/normalise.h"
#include "quotetrack/quote.h"

namespace qt {

class Detector {
 public:
  // Compiles every pattern once; a Detector is immutable and thread-safe.
  Detector();
  ~Detector();
  Detector(const Detector&) = delete;
  Detector& operator=(const Detector&) = delete;

  std::vector<Quote> Detect(const Document& doc, const NormalisedText& norm) const;

  // The shared instance.
  static const Detector& Default();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace qt
