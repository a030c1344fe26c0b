# The unity build of mlctl and of the fuzz project (tests/fuzz/CMakeLists.txt): several sources
# compiled as one translation unit, so that Eigen, CLI11, fmt, spdlog, nlohmann/json and doctest
# are parsed a few dozen times instead of three hundred. A clean build takes a third of the time
# (.ci/run builds three times). -DCMAKE_UNITY_BUILD=OFF compiles each file alone, for
# incremental work and to check that a file includes what it uses.
if(NOT DEFINED CMAKE_UNITY_BUILD)
  set(CMAKE_UNITY_BUILD ON CACHE BOOL "Compile sources in batches (unity build)")
endif()
# A batch is a folder (src/csv/, tests/training/...): two files share a translation unit exactly
# when they share a folder, so a clash of names in anonymous namespaces shows when it is written.
# (CMake's default batches of 8 shift when a file is added, and a clash written weeks before then
# breaks someone else's build.)
function(mlctl_unity_by_folder target)
  get_target_property(sources ${target} SOURCES)
  foreach(source IN LISTS sources)
    get_filename_component(path "${source}" ABSOLUTE)
    get_filename_component(folder "${path}" DIRECTORY)
    file(RELATIVE_PATH folder "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/.." "${folder}")
    string(MAKE_C_IDENTIFIER "${folder}" group)  # the name of the generated file
    set_source_files_properties("${source}" TARGET_DIRECTORY ${target}
                                PROPERTIES UNITY_GROUP "${group}")
  endforeach()
  set_target_properties(${target} PROPERTIES UNITY_BUILD_MODE GROUP)
endfunction()
