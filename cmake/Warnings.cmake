# One INTERFACE target carries the project's warnings; third-party headers are SYSTEM includes.
option(BROBYGGER_WARNINGS_AS_ERRORS "Treat warnings as errors" OFF)
add_library(brobygger_warnings INTERFACE)
target_compile_options(brobygger_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wconversion -Wsign-conversion -Wpedantic -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(BROBYGGER_WARNINGS_AS_ERRORS)
  target_compile_options(brobygger_warnings INTERFACE -Werror)
endif()
