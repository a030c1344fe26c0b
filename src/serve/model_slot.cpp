#include "serve/model_slot.hpp"

#include <sys/stat.h>

#include <utility>

#include "common/error.hpp"
#include "model/model_file.hpp"

namespace mlctl::serve {
namespace {

std::shared_ptr<const LoadedModel> load_stamped(const std::string& path, const FileStamp& stamp) {
  auto loaded = std::make_shared<LoadedModel>();
  loaded->model = model::load(path);
  loaded->stamp = stamp;
  loaded->loaded_at = std::chrono::system_clock::now();
  return loaded;
}

}  // namespace

FileStamp stamp_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
          static_cast<std::int64_t>(st.st_size),
          static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

ModelSlot::ModelSlot(std::string name, std::string path)
    : name_(std::move(name)), path_(std::move(path)) {
  seen_ = stamp_of(path_);
  current_ = load_stamped(path_, seen_);
}

std::shared_ptr<const LoadedModel> ModelSlot::current() const {
  const std::lock_guard lock(mutex_);
  return current_;
}

ModelSlot::Reload ModelSlot::reload_if_changed() {
  const std::lock_guard one_at_a_time(reload_mutex_);
  const FileStamp stamp = stamp_of(path_);
  {
    const std::lock_guard lock(mutex_);
    if (stamp == seen_) return {};
  }
  return load_and_swap(stamp);
}

ModelSlot::Reload ModelSlot::reload() {
  const std::lock_guard one_at_a_time(reload_mutex_);
  return load_and_swap(stamp_of(path_));
}

ModelSlot::Reload ModelSlot::load_and_swap(const FileStamp& stamp) {
  // Loaded outside mutex_: requests keep taking the old model meanwhile.
  std::shared_ptr<const LoadedModel> loaded;
  try {
    loaded = load_stamped(path_, stamp);
  } catch (const Error& e) {
    const std::lock_guard lock(mutex_);
    seen_ = stamp;
    return {Outcome::refused, e.what()};
  }
  std::shared_ptr<const LoadedModel> old;
  {
    const std::lock_guard lock(mutex_);
    seen_ = stamp;
    old = std::exchange(current_, std::move(loaded));
  }
  // `old` is freed here, or by the last request still using it.
  return {Outcome::reloaded, {}};
}

}  // namespace mlctl::serve
