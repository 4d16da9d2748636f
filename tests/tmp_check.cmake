# The tmp_clean fixture of tests/CMakeLists.txt: the suite leaves the temp
# directory as it found it.
#   cmake -DMODE=snapshot -DSTATE=<file> -DTEST_TMP=<dir> -P tmp_check.cmake
#   cmake -DMODE=compare  -DSTATE=<file> -DTEST_TMP=<dir> -P tmp_check.cmake
#
# Every test runs with TMPDIR=TEST_TMP, a folder of the build tree that only
# the tests write to. "snapshot" (first test of a run) empties it and records
# the entries of the system temp directory (TMPDIR of ctest, else /tmp) that
# Oversub's tests could have made; "compare" (last test) fails naming every
# entry left in TEST_TMP and every such entry of the system temp directory
# that the snapshot did not hold (a path written as "/tmp/..." skips TMPDIR).
#
# Which system temp entries count: other programs on the machine (compilers,
# editors, other test trees) create files there while the tests run, so only
# names Oversub's tests and programs use are compared: "oversub*" and
# ".oversub*" (every temp name in tests/, core/, app/ and ui/), the test
# executables' names "core_*", "cli_*", "faults_*", "ui_*" (Qt's default
# QTemporaryDir / QTemporaryFile template is <tmp>/<application name>-XXXXXX,
# and QTest names the application after the executable), "qt_temp*" (the same
# template without an application name) and "gtest*" (GoogleTest's captured
# output). TEST_TMP itself needs no rule: anything in it is the tests'.

cmake_minimum_required(VERSION 3.20)

if(NOT DEFINED STATE OR NOT DEFINED TEST_TMP)
  message(FATAL_ERROR "tmp_check.cmake: pass -DSTATE=<file> -DTEST_TMP=<dir>")
endif()

if(DEFINED ENV{TMPDIR} AND NOT "$ENV{TMPDIR}" STREQUAL "")
  set(system_tmp "$ENV{TMPDIR}")
else()
  set(system_tmp "/tmp")
endif()
string(REGEX REPLACE "(.)/+$" "\\1" system_tmp "${system_tmp}")

set(owned_prefix_regex "^(oversub|\\.oversub|core_|cli_|faults_|ui_|qt_temp|gtest)")

# The entries of ${dir} (hidden ones included), one list item each; with
# `owned_only`, only those named by the rule above.
function(list_entries out dir owned_only)
  file(GLOB entries LIST_DIRECTORIES true RELATIVE "${dir}" "${dir}/*")
  set(kept "")
  foreach(name IN LISTS entries)
    if(NOT owned_only OR name MATCHES "${owned_prefix_regex}")
      list(APPEND kept "${name}")
    endif()
  endforeach()
  list(SORT kept)
  set(${out} "${kept}" PARENT_SCOPE)
endfunction()

if(MODE STREQUAL "snapshot")
  # What an earlier run left in TEST_TMP was reported by that run.
  file(REMOVE_RECURSE "${TEST_TMP}")
  file(MAKE_DIRECTORY "${TEST_TMP}")
  list_entries(before "${system_tmp}" TRUE)
  get_filename_component(state_dir "${STATE}" DIRECTORY)
  file(MAKE_DIRECTORY "${state_dir}")
  string(REPLACE ";" "\n" lines "${before}")
  file(WRITE "${STATE}" "${lines}\n")
  list(LENGTH before count)
  message("tmp_check: ${system_tmp} holds ${count} entries named like Oversub's; TEST_TMP ${TEST_TMP} emptied")
elseif(MODE STREQUAL "compare")
  if(NOT EXISTS "${STATE}")
    message(FATAL_ERROR "tmp_check: no snapshot at ${STATE} (tmp_snapshot did not run)")
  endif()
  file(STRINGS "${STATE}" before)
  list_entries(now "${system_tmp}" TRUE)
  set(left "")
  foreach(name IN LISTS now)
    if(NOT name IN_LIST before)
      list(APPEND left "${system_tmp}/${name}")
    endif()
  endforeach()
  if(IS_DIRECTORY "${TEST_TMP}")
    list_entries(in_test_tmp "${TEST_TMP}" FALSE)
    foreach(name IN LISTS in_test_tmp)
      list(APPEND left "${TEST_TMP}/${name}")
    endforeach()
  endif()
  if(left)
    list(LENGTH left count)
    string(REPLACE ";" "\n  " lines "${left}")
    message(FATAL_ERROR "tmp_check: the tests left ${count} entries in the temp directory:\n  ${lines}")
  endif()
  message("tmp_check: nothing left in ${TEST_TMP} nor in ${system_tmp}")
else()
  message(FATAL_ERROR "tmp_check.cmake: MODE must be snapshot or compare")
endif()
