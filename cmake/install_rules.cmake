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

# Debian's copyright file (machine-readable) and changelog. Oversub is
# GPL-3.0-or-later (LICENSE, docs/packaging.md says why): the copyright file
# carries the notice and points at Debian's own copy of the text, as Debian
# policy asks, so the full text is not installed a second time.
set(OVERSUB_LICENSE "GPL-3+
 This program is free software: you can redistribute it and/or modify it
 under the terms of the GNU General Public License as published by the Free
 Software Foundation, either version 3 of the License, or (at your option)
 any later version.
 .
 This program is distributed in the hope that it will be useful, but WITHOUT
 ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or
 FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public License for
 more details.
 .
 On Debian systems, the complete text of the GNU General Public License
 version 3 can be found in /usr/share/common-licenses/GPL-3.")
configure_file(${PROJECT_SOURCE_DIR}/cmake/copyright.in ${OVERSUB_DOCS_DIR}/copyright @ONLY)
install(FILES ${OVERSUB_DOCS_DIR}/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
