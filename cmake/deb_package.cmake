# `cpack -G DEB` in a build dir makes oversub_<version>_<arch>.deb from what
# `cmake --install` installs (docs/packaging.md). Library dependencies come
# from the binaries (dpkg-shlibdeps); the tools Oversub starts are added here.
set(OVERSUB_PACKAGE_MAINTAINER "Oversub maintainers <oversub@example.org>"
    CACHE STRING "Maintainer field of the .deb and its changelog: Name <email>")

# Debian's changelog for a native package, compressed as Debian wants it.
string(TIMESTAMP OVERSUB_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file(${PROJECT_SOURCE_DIR}/cmake/changelog.in ${OVERSUB_DOCS_DIR}/changelog @ONLY)
find_program(OVERSUB_GZIP gzip REQUIRED)
add_custom_command(
  OUTPUT ${OVERSUB_DOCS_DIR}/changelog.gz
  COMMAND ${OVERSUB_GZIP} -9nc ${OVERSUB_DOCS_DIR}/changelog > ${OVERSUB_DOCS_DIR}/changelog.gz
  DEPENDS ${OVERSUB_DOCS_DIR}/changelog
  COMMENT "Compressing the Debian changelog")
add_custom_target(oversub_changelog ALL DEPENDS ${OVERSUB_DOCS_DIR}/changelog.gz)
install(FILES ${OVERSUB_DOCS_DIR}/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${PROJECT_NAME})
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${OVERSUB_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_VENDOR "Oversub")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "lab for why parallel numeric code slows down with more processes")
# The body; CPack puts the summary above it and indents it as Debian wants.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Oversub runs numeric experiments (GEMM, SVD, element-wise, a scalar loop,
a bandwidth triad, or your own program) in pinned worker processes, sweeps
workers, BLAS threads, placement and data delivery, shows what every core
and worker thread does while they run, then explains what happened and
exports charts and data. Teaching presets show inherited affinity, data
delivery costs, oversubscription and memory- versus compute-bound work.

This package holds the window (oversub) and the command line engine
(oversub-cli).")
# oversub_0.1.0_amd64.deb
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
# Beyond the libraries: the window loads a Qt platform plugin to show itself
# (Recommended only by libqt6gui6). The your-own-script preset runs a Python
# that imports NumPy ({python}); hwloc's lstopo shows what `topology` reads.
if(OVERSUB_BUILD_GUI)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
endif()
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3, python3-numpy")
# The MPI preset's program (resources/mpi) links Open MPI (shlibdeps); its
# command starts Open MPI's mpirun.
if(OVERSUB_MPI_PROGRAM)
  string(APPEND CPACK_DEBIAN_PACKAGE_RECOMMENDS ", openmpi-bin")
endif()
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "hwloc")
# Files under /usr are root's, whoever built the package.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
