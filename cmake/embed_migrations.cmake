# Writes a C++ source holding every db/NNN_*.sql file, in name order, so the
# binary applies its migrations without reading the source tree at run time.
file(GLOB files "${DIR}/*.sql")
list(SORT files)
set(body "// Generated from db/*.sql by cmake/embed_migrations.cmake. Do not edit.\n")
string(APPEND body "#include \"store/migrations.h\"\n\nnamespace qt::store_internal {\n")
string(APPEND body "const std::vector<Migration>& Migrations() {\n  static const std::vector<Migration> kAll = {\n")
foreach(f IN LISTS files)
  get_filename_component(name "${f}" NAME)
  file(READ "${f}" sql)
  string(APPEND body "    {\"${name}\", R\"qtsql(${sql})qtsql\"},\n")
endforeach()
string(APPEND body "  };\n  return kAll;\n}\n\n}  // namespace qt::store_internal\n")
file(WRITE "${OUT}" "${body}")
