# Sanitizer builds (presets `dev` and `asan`: AddressSanitizer + UndefinedBehaviorSanitizer; preset `tsan`:
# ThreadSanitizer). They instrument the project's code only: Debian's libraries (Pistache, SOCI, libmariadb,
# libical...) are not rebuilt, so races or leaks inside them are out of reach (see tsan.supp).
option(BROBYGGER_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(BROBYGGER_SANITIZE_THREAD "Build with ThreadSanitizer" OFF)
if(BROBYGGER_SANITIZE AND BROBYGGER_SANITIZE_THREAD)
  message(FATAL_ERROR "ThreadSanitizer cannot be combined with AddressSanitizer: pick one of the presets")
endif()
if(BROBYGGER_SANITIZE)
  # -fno-sanitize=vptr: the vptr check needs the RTTI of SOCI's backend classes, which Debian's
  # libsoci does not export (link errors on soci::sqlite3_session_backend).
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(BROBYGGER_SANITIZE_THREAD)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
