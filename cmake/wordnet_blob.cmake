# WordNet's tables are parsed at build time into a blob the matcher reads in
# place (src/match/wordnet_blob.h) and embeds (.incbin in wordnet.cc). The
# blob is empty when the build finds no WordNet in QT_WORDNET_DIR; the
# matcher then reads the folder's files at run time.
#
#   qt_add_wordnet_blob(TARGET ROOT)   TARGET: the library compiling ROOT/src/match/wordnet.cc
set(QT_WORDNET_DIR /usr/share/wordnet CACHE PATH "WordNet 3.0 (Debian wordnet-base)")
find_package(Threads REQUIRED)

function(qt_add_wordnet_blob target root)
  add_executable(qt_make_wordnet_blob ${root}/tools/wordnet/make_blob.cc
                                      ${root}/src/match/wordnet_blob.cc)
  target_include_directories(qt_make_wordnet_blob PRIVATE ${root}/src)
  target_compile_options(qt_make_wordnet_blob PRIVATE ${QT_WARNINGS})
  target_link_libraries(qt_make_wordnet_blob PRIVATE Threads::Threads)
  set(blob ${CMAKE_CURRENT_BINARY_DIR}/generated/wordnet.blob)
  set(files)
  foreach(f index.noun index.verb index.adj index.adv noun.exc verb.exc adj.exc adv.exc
            data.noun data.verb data.adj data.adv)
    if(EXISTS ${QT_WORDNET_DIR}/${f})
      list(APPEND files ${QT_WORDNET_DIR}/${f})
    endif()
  endforeach()
  add_custom_command(
    OUTPUT ${blob}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/generated
    COMMAND qt_make_wordnet_blob ${QT_WORDNET_DIR} ${blob}
    DEPENDS qt_make_wordnet_blob ${files}
    COMMENT "Building the WordNet blob from ${QT_WORDNET_DIR}")
  target_sources(${target} PRIVATE ${blob})
  target_compile_definitions(${target} PRIVATE QT_WORDNET_DIR="${QT_WORDNET_DIR}")
  set_source_files_properties(${root}/src/match/wordnet.cc PROPERTIES
    COMPILE_DEFINITIONS QT_WORDNET_BLOB_PATH="${blob}" OBJECT_DEPENDS ${blob})
endfunction()

# Detect's word-class table (src/detect/word_class.h): WordNet's lexical file
# of each noun and verb, for the tagger's features. Empty without WordNet.
#
#   qt_add_word_classes(TARGET ROOT)   TARGET: the library compiling ROOT/src/detect/word_class.cc
function(qt_add_word_classes target root)
  add_executable(qt_make_word_classes ${root}/tools/wordnet/make_classes.cc)
  target_compile_options(qt_make_word_classes PRIVATE ${QT_WARNINGS})
  set(table ${CMAKE_CURRENT_BINARY_DIR}/generated/word_classes.bin)
  set(files)
  foreach(f index.noun index.verb noun.exc verb.exc data.noun data.verb)
    if(EXISTS ${QT_WORDNET_DIR}/${f})
      list(APPEND files ${QT_WORDNET_DIR}/${f})
    endif()
  endforeach()
  add_custom_command(
    OUTPUT ${table}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/generated
    COMMAND qt_make_word_classes ${QT_WORDNET_DIR} ${table}
    DEPENDS qt_make_word_classes ${files}
    COMMENT "Building detect's word classes from ${QT_WORDNET_DIR}")
  target_sources(${target} PRIVATE ${table})
  set_source_files_properties(${root}/src/detect/word_class.cc PROPERTIES
    COMPILE_DEFINITIONS QT_WORD_CLASSES_PATH="${table}" OBJECT_DEPENDS ${table})
endfunction()
