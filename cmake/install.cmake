# What `cmake --install` puts where (docs/install.md), in two components (three with MPI):
# - runtime: the mlctl command, mlctl-serve (the server mlctl serve execs), mlctl's man page and
#   shell completions (the mlctl .deb);
# - mpi: the mlctl-mpi command, when built (the mlctl-mpi .deb);
# - development: the core library, its headers and the CMake package config that makes
#   find_package(mlcore) work for programs that embed it (the libmlcore-dev .deb).

install(TARGETS mlctl mlctl-serve RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
# mlctl-mpi, when built, is a component of its own (the mlctl-mpi .deb): installing mlctl never
# pulls in Open MPI.
if(TARGET mlctl-mpi)
  install(TARGETS mlctl-mpi RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT mpi)
endif()

# The man page and the completions are written apart from the code and are installed once they
# exist. A CONFIGURE_DEPENDS glob, rather than if(EXISTS), makes the next build re-run CMake
# when one appears, so a tree configured before it landed installs it too.
function(mlctl_install_if_present source destination name)
  file(GLOB found CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/${source})
  if(found)
    install(FILES ${found} DESTINATION ${destination} RENAME ${name} COMPONENT runtime)
  endif()
endfunction()
mlctl_install_if_present(docs/mlctl.1 ${CMAKE_INSTALL_MANDIR}/man1 mlctl.1)
mlctl_install_if_present(completions/mlctl.bash
                         ${CMAKE_INSTALL_DATADIR}/bash-completion/completions mlctl)
mlctl_install_if_present(completions/_mlctl ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions
                         _mlctl)
mlctl_install_if_present(completions/mlctl.fish
                         ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d mlctl.fish)

# Embedding: code includes "model/model_file.hpp" relative to src/, so the headers keep that
# tree under include/mlcore/ (the include directory the exported target names).
set(MLCORE_CONFIG_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/mlcore)
install(TARGETS mlcore EXPORT mlcoreTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/src/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mlcore
        COMPONENT development FILES_MATCHING PATTERN "*.hpp")
install(FILES ${CMAKE_BINARY_DIR}/generated/common/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mlcore/common COMPONENT development)
install(EXPORT mlcoreTargets NAMESPACE mlcore:: DESTINATION ${MLCORE_CONFIG_DIR}
        COMPONENT development)

include(CMakePackageConfigHelpers)
configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/mlcoreConfig.cmake.in
                              ${CMAKE_BINARY_DIR}/mlcoreConfig.cmake
                              INSTALL_DESTINATION ${MLCORE_CONFIG_DIR})
# Before 1.0 a minor release may change the API, so only the same major.minor is compatible.
write_basic_package_version_file(${CMAKE_BINARY_DIR}/mlcoreConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/mlcoreConfig.cmake ${CMAKE_BINARY_DIR}/mlcoreConfigVersion.cmake
        DESTINATION ${MLCORE_CONFIG_DIR} COMPONENT development)
