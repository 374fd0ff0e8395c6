# libFuzzer targets (preset `fuzz`, clang only; tests/fuzz/README.md). Every library the targets link is
# built with the coverage instrumentation libFuzzer needs and with ASan+UBSan, so a bad read or
# undefined behaviour in the project's code stops a run as a crash does.
option(BROBYGGER_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang)" OFF)
if(BROBYGGER_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "BROBYGGER_FUZZ needs clang (libFuzzer): use `cmake --preset fuzz`")
  endif()
  # -fno-sanitize=vptr: as in Sanitizers.cmake (Debian's libsoci exports no RTTI for its backends).
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
