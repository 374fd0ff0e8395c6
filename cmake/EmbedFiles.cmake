# brobygger_embed(<target> <namespace> <header> <files...>): compiles the files' contents into the target as
# `std::span<const <namespace>::File> <namespace>::files()` as declared in <header>, so the binary carries its migrations and seed
# data and runs from any directory.
function(brobygger_embed target ns header)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cpp)
  string(REPLACE ";" "," files_arg "${ARGN}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNS=${ns} -DHEADER=${header} -DBASE=${CMAKE_CURRENT_SOURCE_DIR}
            -DFILES=${files_arg} -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFilesScript.cmake
    DEPENDS ${ARGN} ${PROJECT_SOURCE_DIR}/cmake/EmbedFilesScript.cmake
    COMMENT "Embedding ${ns} files"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
