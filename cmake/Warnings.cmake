# One INTERFACE target carries the project's warnings; third-party headers are SYSTEM includes.
option(BROBYGGER_WARNINGS_AS_ERRORS "Treat warnings as errors" OFF)
add_library(brobygger_warnings INTERFACE)
target_compile_options(brobygger_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wconversion -Wsign-conversion -Wpedantic -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
# GCC 12 at -O3 reports std::string concatenation as overlapping memcpy (GCC bug 105651, a false
# positive fixed in GCC 13).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(brobygger_warnings INTERFACE -Wno-restrict)
endif()
if(BROBYGGER_WARNINGS_AS_ERRORS)
  target_compile_options(brobygger_warnings INTERFACE -Werror)
endif()
