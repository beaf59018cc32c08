# The runnable installation and the Debian package.
#
# `cmake --install build --prefix P` gives P/bin/rolecall, P/lib/rolecall/plugins,
# P/share/rolecall/{templates,vendor}, P/etc/rolecall/rolecall.ini (a prefix
# named `usr` keeps it in ../etc instead), the unit file and the plugin SDK.
# The server finds all of it from its own location (InstallLayout.cpp), so
# the tree may be moved. `cpack` builds rolecall_<version>_<arch>.deb from it.

# Installing (and cpack) copies what was built; it does not build `all`
# (the tests) first. Build `serve` (or everything) before.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

# A build tree's binary reads the checkout's files; the marker says where.
file(WRITE ${CMAKE_BINARY_DIR}/rolecall-build-tree.properties
  "# Written by CMake: rolecall in this folder runs from a build tree.\n"
  "config = ${PROJECT_SOURCE_DIR}/conf/rolecall.ini\n"
  "template_dir = ${PROJECT_SOURCE_DIR}/templates\n"
  "vendor_dir = ${PROJECT_SOURCE_DIR}/node_modules\n"
  "state_dir = ${PROJECT_SOURCE_DIR}/var\n")

install(TARGETS rolecall RUNTIME DESTINATION bin)
# The plugins install themselves (rolecall_add_role_plugin) to lib/rolecall/plugins.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/templates/ DESTINATION share/rolecall/templates)

# Only the browser files the pages load, not all of node_modules.
set(npm ${PROJECT_SOURCE_DIR}/node_modules)
set(vendor share/rolecall/vendor)
install(FILES ${npm}/bootstrap/dist/css/bootstrap.min.css
  ${npm}/bootstrap/dist/css/bootstrap.min.css.map
  DESTINATION ${vendor}/bootstrap/dist/css)
install(FILES ${npm}/bootstrap/LICENSE DESTINATION ${vendor}/bootstrap)
install(FILES ${npm}/bootstrap-icons/font/bootstrap-icons.min.css
  DESTINATION ${vendor}/bootstrap-icons/font)
install(FILES ${npm}/bootstrap-icons/font/fonts/bootstrap-icons.woff2
  ${npm}/bootstrap-icons/font/fonts/bootstrap-icons.woff
  DESTINATION ${vendor}/bootstrap-icons/font/fonts)
install(FILES ${npm}/bootstrap-icons/LICENSE DESTINATION ${vendor}/bootstrap-icons)
install(FILES ${npm}/@signalwire/js/dist/index.umd.js ${npm}/@signalwire/js/dist/index.umd.js.map
  DESTINATION ${vendor}/@signalwire/js/dist)
install(FILES ${npm}/@signalwire/js/package.json DESTINATION ${vendor}/@signalwire/js)

# Decided at install time, when the prefix is known: /usr -> /etc.
install(CODE [[
  get_filename_component(rolecall_prefix_name "${CMAKE_INSTALL_PREFIX}" NAME)
  if(rolecall_prefix_name STREQUAL "usr")
    set(ROLECALL_ETC_DESTINATION ../etc/rolecall)
  else()
    set(ROLECALL_ETC_DESTINATION etc/rolecall)
  endif()
]])
install(FILES ${PROJECT_SOURCE_DIR}/conf/rolecall.ini DESTINATION \${ROLECALL_ETC_DESTINATION})
install(FILES ${PROJECT_SOURCE_DIR}/conf/nginx/rolecall.conf DESTINATION share/rolecall/nginx)
install(FILES ${PROJECT_SOURCE_DIR}/conf/systemd/rolecall.service DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION share/doc/rolecall)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rolecall)
set(CPACK_PACKAGE_VENDOR rolecall)
set(CPACK_PACKAGE_CONTACT "rolecall maintainers <maintainers@rolecall.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Self-hosted video rooms with per-role pages from role plugins")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/cmake/debian/conffiles
  ${PROJECT_SOURCE_DIR}/cmake/debian/postinst ${PROJECT_SOURCE_DIR}/cmake/debian/prerm
  ${PROJECT_SOURCE_DIR}/cmake/debian/postrm)
include(CPack)
