#pragma once
// Unlinked temporary files in $TMPDIR (else /tmp): gone when closed, whatever way the process
// ends (SIGKILL included), so no spill is ever left behind.

#include <string>

namespace mlctl {

// $TMPDIR when set and not empty, else /tmp.
std::string temporary_directory();

// A new unlinked file open for reading and writing in `directory` (O_TMPFILE, or a named file
// unlinked at once where the file system lacks it). Throws Error(io) naming the directory.
int open_temporary_file(const std::string& directory);

// Throws Error(io) "`what`: <strerror(error)>" naming `directory`: a temporary file's failure.
[[noreturn]] void throw_temporary_file_error(const std::string& what, const std::string& directory,
                                             int error);

}  // namespace mlctl
