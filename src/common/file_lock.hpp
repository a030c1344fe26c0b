#pragma once
// An exclusive advisory lock on a file (flock), held for the lifetime of a FileLock.
//
// `retrain --in-place` holds one on "MODEL.mlm.lock" for the whole read-compare-replace, so two
// runs on the same model take turns instead of both replacing it from the same parent. The lock
// file itself is left in place: removing it would let a third process lock a fresh inode while a
// second still waits on the old one. The kernel drops the lock when the process dies, so a
// crashed run never leaves the model locked.

#include <optional>
#include <string>

namespace mlctl {

class FileLock {
 public:
  // Creates `path` if needed and waits until the lock is ours. Throws Error(io) when the file
  // cannot be opened or locked.
  static FileLock acquire(const std::string& path);
  // Like acquire, but returns nullopt at once when another process holds the lock.
  static std::optional<FileLock> try_acquire(const std::string& path);

  ~FileLock();
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  const std::string& path() const { return path_; }

 private:
  FileLock(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;
};

}  // namespace mlctl
