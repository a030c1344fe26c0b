#pragma once
// One served model and its file: the model in use, swapped whole when the file is replaced
// (`retrain --in-place` renames a new file over it). A request takes the current model once and
// keeps it to the end, so requests in flight finish on the model they started with; a file that
// does not load (bad checksum, foreign format, half written) is refused and the old model stays.

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "model/model.hpp"

namespace mlctl::serve {

// What tells one version of a file from another without reading it.
struct FileStamp {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::int64_t size = -1;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

// The stamp of `path` now; a stamp with size -1 when it cannot be stat'ed.
FileStamp stamp_of(const std::string& path);

struct LoadedModel {
  model::Model model;
  FileStamp stamp;
  std::chrono::system_clock::time_point loaded_at;
};

class ModelSlot {
 public:
  // Loads `path`; throws its Error (io, model) if it does not load.
  ModelSlot(std::string name, std::string path);

  const std::string& name() const { return name_; }
  const std::string& path() const { return path_; }

  // The model to use for one whole request.
  std::shared_ptr<const LoadedModel> current() const;

  enum class Outcome { unchanged, reloaded, refused };
  struct Reload {
    Outcome outcome = Outcome::unchanged;
    std::string message;  // refused: the error, as a one-line message
  };
  // Loads the file if its stamp differs from the last one seen (loaded or refused), so that a
  // bad file is tried, and reported, once.
  Reload reload_if_changed();
  // Loads the file whatever its stamp (SIGHUP).
  Reload reload();

 private:
  Reload load_and_swap(const FileStamp& stamp);

  std::string name_;
  std::string path_;
  mutable std::mutex mutex_;  // guards current_ and seen_
  std::shared_ptr<const LoadedModel> current_;
  FileStamp seen_;
  std::mutex reload_mutex_;  // one reload at a time (the watcher and SIGHUP)
};

}  // namespace mlctl::serve
