// The SQL migrations of db/, embedded at build time (cmake/embed_migrations.cmake).
#pragma once

#include <string_view>
#include <vector>

namespace qt::store_internal {

struct Migration {
  std::string_view name;  // "001_init.sql"
  std::string_view sql;
};

// In name order.
const std::vector<Migration>& Migrations();

}  // namespace qt::store_internal
