# rolecall_add_role_plugin(NAME SOURCES file.cpp... [TEMPLATE page.html])
# Builds a role plugin: a MODULE library named NAME (no "lib" prefix) that
# the server finds as <plugin_dir>/NAME.so when the config says `plugin = NAME`.
# TEMPLATE: the plugin's own page template, copied beside the library (the
# server looks there when its template folder has no file of that name).
# `cmake --install` puts both in <prefix>/${ROLECALL_PLUGIN_INSTALL_DIR}
# (default lib/rolecall/plugins, where an installed server looks).
function(rolecall_add_role_plugin name)
  cmake_parse_arguments(ARG "" "TEMPLATE" "SOURCES" ${ARGN})
  add_library(${name} MODULE ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES PREFIX "" CXX_VISIBILITY_PRESET hidden)
  if(ROLECALL_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ROLECALL_PLUGIN_OUTPUT_DIR})
  endif()
  if(TARGET rolecall::sdk)
    target_link_libraries(${name} PRIVATE rolecall::sdk)
  else()
    target_link_libraries(${name} PRIVATE rolecall_sdk)
  endif()
  if(NOT ROLECALL_PLUGIN_INSTALL_DIR)
    set(ROLECALL_PLUGIN_INSTALL_DIR lib/rolecall/plugins)
  endif()
  install(TARGETS ${name} LIBRARY DESTINATION ${ROLECALL_PLUGIN_INSTALL_DIR})
  if(ARG_TEMPLATE)
    get_filename_component(template ${ARG_TEMPLATE} ABSOLUTE)
    get_filename_component(template_name ${ARG_TEMPLATE} NAME)
    add_custom_command(TARGET ${name} POST_BUILD
      COMMAND ${CMAKE_COMMAND} -E copy_if_different ${template}
        $<TARGET_FILE_DIR:${name}>/${template_name}
      COMMENT "Copying ${template_name} beside ${name}")
    install(FILES ${template} DESTINATION ${ROLECALL_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
