option(BROBYGGER_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(BROBYGGER_SANITIZE)
  # -fno-sanitize=vptr: the vptr check needs the RTTI of SOCI's backend classes, which Debian's
  # libsoci does not export (link errors on soci::sqlite3_session_backend).
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
