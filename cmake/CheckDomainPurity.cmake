# Fails when a domain file includes a header that is neither standard C++ nor part of domain/.
set(allowed algorithm any array atomic bit cassert cctype cerrno charconv chrono cmath compare concepts condition_variable
  cstddef cstdint cstdio cstdlib cstring ctime deque exception expected format functional future initializer_list
  iomanip iosfwd iostream istream iterator limits list map memory mutex numeric optional ostream random ranges
  regex set shared_mutex source_location span sstream stdexcept string string_view system_error thread tuple
  type_traits unordered_map unordered_set utility variant vector)
file(GLOB FILES ${DIR}/*.hpp ${DIR}/*.cpp)
foreach(f IN LISTS FILES)
  file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS lines)
    if(line MATCHES "#[ \t]*include[ \t]*\"domain/[a-z_]+\\.hpp\"")
      continue()
    endif()
    if(line MATCHES "#[ \t]*include[ \t]*<([a-z_]+)>")
      list(FIND allowed "${CMAKE_MATCH_1}" idx)
      if(NOT idx EQUAL -1)
        continue()
      endif()
    endif()
    message(FATAL_ERROR "${f}: domain/ may include only the standard library and domain headers, found: ${line}")
  endforeach()
endforeach()
