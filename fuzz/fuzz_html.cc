// Fuzz target: ingest of html bytes (qt::ParseDocument, Format::kHtml).
// Any input must give documents that honour document.h, or a Status error
// naming the file; never a crash, a sanitizer report or a hang.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return qt_fuzz::ParseAndCheck(data, size, "f.html", qt::Format::kHtml);
}
