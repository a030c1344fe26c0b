#pragma once
// Whole-file writes that never leave a half-written file behind, and bounded whole-file reads.

#include <cstdint>
#include <string>
#include <string_view>

namespace mlctl {

// Replaces `path` with `bytes` atomically: readers see either the old file or the complete
// new one, never a mix, even after a crash or a full disk. Writes an unnamed file (O_TMPFILE)
// in the same directory, syncs it, names it as a hidden temporary (".NAME.tmp.XXXXXX"),
// renames that over `path` and syncs the directory: a process killed in any way (SIGINT,
// SIGTERM, SIGKILL) leaves no file behind, but in the microseconds between naming and
// renaming. Where the file system has no O_TMPFILE (or /proc is not mounted), the hidden
// temporary is made at once, and a killed process may leave it. On any failure the temporary is
// removed, an existing file at `path` is left untouched, and Error(io) names the path and the
// system's reason.
void write_file_atomically(const std::string& path, std::string_view bytes);

// The same, written in pieces (a stream of predictions): the bytes go to a hidden temporary in
// the target's directory, and commit() syncs it and renames it over `path`. Destroyed without
// commit() (an error, an exception), it removes the temporary: `path` is never half-written.
// The constructor refuses the same paths as write_file_atomically (a directory, a device). A
// symlink is followed: the file it names is replaced, and the link stays a link.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(std::string path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  // Appends `bytes`; throws Error(io) naming the path (the temporary is removed).
  void write(std::string_view bytes);
  // Syncs, closes and renames; throws Error(io), after which `path` is untouched.
  void commit();
  const std::string& path() const { return path_; }

 private:
  [[noreturn]] void fail(const char* step, int error_number);
  std::string path_;    // as given, for messages
  std::string target_;  // where the file goes: path_, or the file a symlink at path_ names
  std::string directory_;
  std::string name_;  // the target's file name
  std::string temp_;  // the temporary's path; empty while the file has no name (O_TMPFILE)
  int fd_ = -1;
};

// Reads a whole regular file (or pipe) of at most `max_bytes`. Throws Error(io) naming the
// path if it cannot be opened or read, is a directory, or is larger than `max_bytes` (checked
// before reading when the size is known, so an oversized file is never loaded).
std::string read_file_limited(const std::string& path, std::uint64_t max_bytes);

}  // namespace mlctl
