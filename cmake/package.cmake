# CPack: Debian packages of the install components (cmake/install.cmake).
#   cpack --config build/CPackConfig.cmake -B OUTDIR
# makes mlctl_<version>_<arch>.deb (the command, man page, completions),
# libmlcore-dev_<version>_<arch>.deb (library, headers, CMake config) and, when it is built,
# mlctl-mpi_<version>_<arch>.deb (mlctl-mpi).

set(MLCTL_PACKAGE_MAINTAINER "mlctl maintainers <maintainers@users.noreply.b-seed-ed34b619.example>"
    CACHE STRING "The Maintainer field of the .deb packages")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mlctl)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Each package's description starts with its own synopsis line. CPackDeb prepends the summary
# to it unless the summary is CPack's default, so it is kept at that default.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CMAKE_PROJECT_NAME} built using CMake")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)  # executables only; CMake never strips a static library
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime development)
if(TARGET mlctl-mpi)
  list(APPEND CPACK_COMPONENTS_ALL mpi)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # name_version_arch.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${MLCTL_PACKAGE_MAINTAINER}")

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME mlctl)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION science)
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION
    "${PROJECT_DESCRIPTION}\nTrain, check and serve ridge and logistic regression models on CSV \
data, with checked model files, monitoring counters and exit codes made for scripts and CI.")
# mlctl links fmt, spdlog, xxhash, zlib and zstd as Debian's shared libraries: dpkg-shlibdeps (dpkg-dev)
# computes the exact dependencies; without it they are listed as it computes them on Debian 12.
find_program(MLCTL_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(MLCTL_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS
      "libc6 (>= 2.34), libfmt9 (>= 9.1.0+ds1), libgcc-s1 (>= 3.0), libspdlog1.10-fmt9, \
libcpp-httplib0.11, libstdc++6 (>= 11), libxxhash0 (>= 0.7.1), libzstd1 (>= 1.5.4), zlib1g (>= 1:1.2.0)")
endif()

set(CPACK_DEBIAN_MPI_PACKAGE_NAME mlctl-mpi)
set(CPACK_DEBIAN_MPI_PACKAGE_SECTION science)
set(CPACK_DEBIAN_MPI_DESCRIPTION
    "mlctl over the processes of an MPI job\nmpirun -np N mlctl-mpi train DATA... trains the \
model mlctl train makes, each process reading its share of the data, on one machine or many.")
set(CPACK_DEBIAN_MPI_PACKAGE_RECOMMENDS "openmpi-bin")  # mpirun, to launch it
if(MLCTL_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_MPI_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_MPI_PACKAGE_DEPENDS "${CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS}, libopenmpi3 (>= 4.1.4)")
endif()

set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME libmlcore-dev)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEVELOPMENT_DESCRIPTION
    "mlctl's core library, to embed its models in C++ programs\nThe static library, its headers \
and a CMake package config: find_package(mlcore) and link mlcore::mlcore to load .mlm model \
files and predict.")
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS
    "libeigen3-dev (>= 3.4), libfmt-dev, nlohmann-json3-dev, libxxhash-dev, zlib1g-dev, libzstd-dev, libfccp-dev, pkg-config")

include(CPack)
