// mlctl-serve's server: the model behind HTTP (docs/serve.md). Only in mlctl-serve, which links
// cpp-httplib; mlctl serve execs it.
//
// Threads: the HTTP workers; one that waits for signals (SIGTERM/SIGINT stop, SIGHUP reloads);
// one that watches the model files and swaps in a replaced one. Signals are blocked in every
// thread but the signal thread, which gets them with sigwait: no work in a signal handler.

#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli.hpp"
#include "common/error.hpp"
#include "common/memory_limit.hpp"
#include "common/plural.hpp"
#include "messages.hpp"
#include "serve/listen.hpp"
#include "serve/metrics.hpp"
#include "serve/model_slot.hpp"
#include "serve/request_log.hpp"
#include "serve/token.hpp"
#include "serve_flags.hpp"
#include "serve_http.hpp"

namespace mlctl::cli {
namespace {

using Slots = std::vector<std::unique_ptr<serve::ModelSlot>>;

// "NAME=FILE" or "FILE" (named after the file: titanic.mlm serves as "titanic").
Slots load_models(const std::vector<std::string>& specs) {
  Slots slots;
  std::set<std::string> names;
  for (const auto& spec : specs) {
    const auto eq = spec.find('=');
    std::string name =
        eq == std::string::npos ? std::filesystem::path(spec).stem().string() : spec.substr(0, eq);
    const std::string path = eq == std::string::npos ? spec : spec.substr(eq + 1);
    if (name.empty() || name.find('/') != std::string::npos) {
      throw Error(ErrorKind::usage, fmt::format("-m {}: the model name must be a non-empty "
                                                "name without '/' (NAME=FILE)",
                                                spec));
    }
    if (!names.insert(name).second) {
      throw Error(
          ErrorKind::usage,
          fmt::format("-m {}: two models named \"{}\"; name them (-m NAME=FILE)", spec, name));
    }
    slots.push_back(std::make_unique<serve::ModelSlot>(name, path));
  }
  return slots;
}

void loaded(serve::Metrics& metrics, const serve::ModelSlot& slot) {
  const auto current = slot.current();
  metrics.model_loaded(slot.name(), current->model.provenance.id, current->loaded_at);
}

void reload_all(Slots& slots, serve::Metrics& metrics, bool forced) {
  for (auto& slot : slots) {
    const auto result = forced ? slot->reload() : slot->reload_if_changed();
    if (result.outcome == serve::ModelSlot::Outcome::reloaded) {
      loaded(metrics, *slot);
      note("model \"{}\" reloaded from {}: id {}", slot->name(), slot->path(),
           slot->current()->model.provenance.id);
    } else if (result.outcome == serve::ModelSlot::Outcome::refused) {
      metrics.reload_refused(slot->name());
      spdlog::warn("model \"{}\": the new {} was refused, the old model keeps serving: {}",
                   slot->name(), slot->path(), result.message);
    }
  }
}

// Stops when `stop` is set; checks the files every `interval` seconds (0: never).
class Watcher {
 public:
  Watcher(Slots& slots, serve::Metrics& metrics, double interval) {
    if (interval <= 0) return;
    thread_ = std::thread([this, &slots, &metrics, interval] {
      std::unique_lock lock(mutex_);
      while (
          !cv_.wait_for(lock, std::chrono::duration<double>(interval), [this] { return done_; })) {
        lock.unlock();
        reload_all(slots, metrics, false);
        lock.lock();
      }
    });
  }
  ~Watcher() {
    {
      const std::lock_guard lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace

int run_serve(const ServeFlags& flags) {
  HttpSettings settings;
  settings.listen = serve::parse_listen(flags.listen);
  if (!flags.token_file.empty()) settings.token = serve::read_token_file(flags.token_file);
  serve::check_exposure(settings.listen, !settings.token.empty(), flags.insecure_no_auth);
  settings.threads = flags.threads;
  settings.max_connections = flags.max_connections;
  settings.max_body = parse_memory_size(flags.max_body);
  settings.read_timeout_seconds = flags.read_timeout;
  settings.log_format = serve::parse_log_format(flags.log_format);
  Slots slots = load_models(flags.models);
  serve::Metrics metrics;
  for (const auto& slot : slots) loaded(metrics, *slot);

  // Before any thread starts, so that every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  // SIGUSR1: from this thread, to end the signal thread when the server stops by itself.
  for (int s : {SIGTERM, SIGINT, SIGHUP, SIGUSR1}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  HttpServer server(settings, slots, metrics);
  const int port = server.bind();
  note("serving {} on http://{}:{}/", count_of(slots.size(), "model"), settings.listen.host, port);
  Watcher watcher(slots, metrics, flags.reload_check);

  std::mutex mutex;
  std::condition_variable drained_cv;
  bool drained = false;
  std::thread signal_thread([&] {
    for (;;) {
      int received = 0;
      if (sigwait(&signals, &received) != 0) continue;
      if (received == SIGHUP) {
        reload_all(slots, metrics, true);
        continue;
      }
      if (received == SIGUSR1) return;
      note("{}: finishing the requests in flight, then stopping",
           received == SIGINT ? "SIGINT" : "SIGTERM");
      server.stop();
      // The drain is bounded: a request still running after --drain-timeout is abandoned.
      std::unique_lock lock(mutex);
      if (!drained_cv.wait_for(lock, std::chrono::duration<double>(flags.drain_timeout),
                               [&] { return drained; })) {
        spdlog::error("requests still in flight after --drain-timeout {} s; stopping anyway",
                      flags.drain_timeout);
        std::_Exit(kFailure);
      }
      return;
    }
  });
  server.run();
  {
    const std::lock_guard lock(mutex);
    drained = true;
  }
  drained_cv.notify_all();
  pthread_kill(signal_thread.native_handle(), SIGUSR1);
  signal_thread.join();
  return kSuccess;
}

}  // namespace mlctl::cli
