// HTML placeholder, replaced below.
#include "quotetrack/ingest.h"
namespace qt {
Document ParseHtmlArticle(std::string_view id, std::string_view html) {
  return ParseTextArticle(id, std::string(html));
}
}  // namespace qt
