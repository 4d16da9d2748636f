# What `cmake --install` puts where (GNUInstallDirs), besides the binaries and
# the generated manual pages and completion (app/CMakeLists.txt):
#   share/oversub/{presets,scripts}    found at run time relative to the binary
#                                      (core/engine/external/resources_dir.h)
#   share/applications, share/metainfo, share/mime/packages   the desktop entry
#   share/icons/hicolor/<size>/apps    rendered from resources/icons/oversub.svg
#   share/doc/oversub                  copyright, changelog (docs/packaging.md)
set(oversub_res ${PROJECT_SOURCE_DIR}/resources)

install(DIRECTORY ${oversub_res}/presets ${oversub_res}/scripts DESTINATION ${OVERSUB_INSTALL_DATADIR}
        USE_SOURCE_PERMISSIONS)

if(OVERSUB_BUILD_GUI)
  install(FILES ${oversub_res}/oversub.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${oversub_res}/oversub-mime.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages
          RENAME oversub.xml)

  # The release date: SOURCE_DATE_EPOCH when set (reproducible builds), else today.
  string(TIMESTAMP OVERSUB_RELEASE_DATE "%Y-%m-%d" UTC)
  configure_file(${oversub_res}/oversub.metainfo.xml.in ${OVERSUB_DOCS_DIR}/oversub.metainfo.xml @ONLY)
  install(FILES ${OVERSUB_DOCS_DIR}/oversub.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)

  # The icon: the SVG as scalable, and PNGs at the usual hicolor sizes
  # rendered from it (rsvg-convert, Debian package librsvg2-bin). Without the
  # tool only the SVG and the 64 px PNG the window embeds are installed.
  set(oversub_icons ${CMAKE_INSTALL_DATADIR}/icons/hicolor)
  install(FILES ${oversub_res}/icons/oversub.svg DESTINATION ${oversub_icons}/scalable/apps)
  find_program(OVERSUB_RSVG_CONVERT rsvg-convert)
  if(OVERSUB_RSVG_CONVERT)
    set(oversub_icon_pngs "")
    foreach(size 16 22 24 32 48 64 128 256)
      set(png ${CMAKE_BINARY_DIR}/generated-icons/${size}x${size}/oversub.png)
      add_custom_command(
        OUTPUT ${png}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/generated-icons/${size}x${size}
        COMMAND ${OVERSUB_RSVG_CONVERT} -w ${size} -h ${size} -o ${png} ${oversub_res}/icons/oversub.svg
        DEPENDS ${oversub_res}/icons/oversub.svg
        COMMENT "Rendering the ${size} px icon")
      list(APPEND oversub_icon_pngs ${png})
      install(FILES ${png} DESTINATION ${oversub_icons}/${size}x${size}/apps)
    endforeach()
    add_custom_target(oversub_icons ALL DEPENDS ${oversub_icon_pngs})
  else()
    message(STATUS "rsvg-convert not found (librsvg2-bin): installing the icon as SVG and 64 px only")
    install(FILES ${oversub_res}/icons/oversub.png DESTINATION ${oversub_icons}/64x64/apps)
  endif()
endif()

# Debian's copyright file (machine-readable) and changelog; the licence text
# itself when the source tree has one (docs/packaging.md).
if(EXISTS ${PROJECT_SOURCE_DIR}/LICENSE)
  file(READ ${PROJECT_SOURCE_DIR}/LICENSE oversub_license_text)
  string(REGEX REPLACE "\n\n" "\n.\n" oversub_license_text "${oversub_license_text}")
  string(REGEX REPLACE "\n([^\n])" "\n \\1" oversub_license_text "${oversub_license_text}")
  set(OVERSUB_LICENSE "see-LICENSE\n ${oversub_license_text}")
  install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})
else()
  # No licence has been chosen yet: say so rather than invent one.
  set(OVERSUB_LICENSE "none-chosen\n No licence file (LICENSE) is in the source tree yet; see docs/packaging.md.")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/copyright.in ${OVERSUB_DOCS_DIR}/copyright @ONLY)
install(FILES ${OVERSUB_DOCS_DIR}/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
