// Embeds a file built beside the sources (the tagger's weights, the WordNet
// blob) in the binary's read-only data, 16-byte aligned, with a zero byte
// after its end: QT_EMBED_BLOB(qt_x_blob, "path") defines the symbols
// qt_x_blob and qt_x_blob_end and declares them as `extern "C" const
// unsigned char[]`. `path` is a string literal (usually a macro the build
// defines); an empty file gives an empty range.
#pragma once

#define QT_EMBED_BLOB(name, path)                                            \
  __asm__(".pushsection .rodata\n"                                           \
          ".balign 16\n"                                                     \
          ".global " #name "\n" #name ":\n"                                  \
          ".incbin \"" path "\"\n"                                           \
          ".global " #name "_end\n" #name "_end:\n"                          \
          ".byte 0\n"                                                        \
          ".popsection\n");                                                  \
  extern "C" const unsigned char name[];                                     \
  extern "C" const unsigned char name##_end[]
