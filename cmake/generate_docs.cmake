# Writes the manual pages and the bash completion that the programs print
# about themselves (app/cli/cli_docs.h), run by the build (app/CMakeLists.txt):
#   cmake -DCLI=oversub-cli [-DWINDOW=oversub] -DOUT_DIR=dir -DGZIP=gzip -P generate_docs.cmake
# Makes OUT_DIR/oversub-cli.1(.gz), OUT_DIR/oversub-cli.bash and, with WINDOW,
# OUT_DIR/oversub.1(.gz) from what `oversub --help` prints offscreen.
cmake_minimum_required(VERSION 3.25)
foreach(var CLI OUT_DIR GZIP)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "generate_docs.cmake: ${var} is not set")
  endif()
endforeach()
file(MAKE_DIRECTORY ${OUT_DIR})
# An instrumented build (OVERSUB_SANITIZE) runs these too; a leak report at
# exit is not the docs' business.
set(ENV{ASAN_OPTIONS} "detect_leaks=0")

function(run_to_file output)
  execute_process(COMMAND ${ARGN} OUTPUT_FILE ${output}.tmp ERROR_VARIABLE err RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    file(REMOVE ${output}.tmp)
    message(FATAL_ERROR "generate_docs.cmake: `${ARGN}` failed (${status}): ${err}")
  endif()
  file(RENAME ${output}.tmp ${output})
endfunction()

# Compressed as Debian wants man pages: -9, and -n so the bytes do not depend on the time.
function(gzip_copy file)
  run_to_file(${file}.gz ${GZIP} -9nc ${file})
endfunction()

run_to_file(${OUT_DIR}/oversub-cli.1 ${CLI} docs man)
gzip_copy(${OUT_DIR}/oversub-cli.1)
run_to_file(${OUT_DIR}/oversub-cli.bash ${CLI} docs bash-completion)
if(WINDOW)
  set(ENV{QT_QPA_PLATFORM} offscreen)
  run_to_file(${OUT_DIR}/oversub-help.txt ${WINDOW} --help)
  run_to_file(${OUT_DIR}/oversub.1 ${CLI} docs window-man ${OUT_DIR}/oversub-help.txt)
  gzip_copy(${OUT_DIR}/oversub.1)
endif()
