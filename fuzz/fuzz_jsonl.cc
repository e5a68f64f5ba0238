// Fuzz target: ingest of jsonl bytes (qt::ParseDocument, Format::kJsonl).
// Any input must give documents that honour document.h, or a Status error
// naming the file; never a crash, a sanitizer report or a hang.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "quotetrack/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string name = "f.jsonl";
  std::size_t docs = 0;
  qt::Status st = qt::ParseDocument(
      name, bytes, qt::Format::kJsonl,
      [&](qt::Document&& d) {
        qt_fuzz::CheckDocument(d);
        ++docs;
        return true;
      },
      [&](const std::string& line) {
        if (line.rfind(name, 0) != 0) qt_fuzz::Fail("error line does not name the file");
      });
  if (!st.ok() && st.message().rfind(name, 0) != 0) {
    qt_fuzz::Fail("error status does not name the file");
  }
  return 0;
}
