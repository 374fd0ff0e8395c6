# The Debian package (CPack, DEB generator): `make package`, docs/operations.md "Installing the Debian
# package". The built web admin (scripts/build-web.sh, web-admin/dist) must exist before cpack runs.
include(GNUInstallDirs)
install(TARGETS brobygger RUNTIME DESTINATION bin)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web-admin/dist/ DESTINATION share/brobygger/web)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/brobygger.service DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/brobygger.env DESTINATION /etc/brobygger)
install(FILES ${PROJECT_SOURCE_DIR}/docs/operations.md ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION share/doc/brobygger)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME brobygger)
set(CPACK_PACKAGE_VENDOR "Brobygger")
set(CPACK_PACKAGE_CONTACT "Brobygger <drift@brobygger.dk>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Outreach and event management for the prevention cooperation")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Beyond the libraries dpkg-shlibdeps finds: the postinst's adduser, the time zone data date-tz reads.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, tzdata")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "mariadb-server, nginx, sqlite3")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/prerm ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
