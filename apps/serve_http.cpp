#include "serve_http.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/error.hpp"
#include "serve/query.hpp"
#include "serve/request_log.hpp"
#include "serve/token.hpp"
#include "serve_connections.hpp"
#include "serve_predict.hpp"
#include "serve_v2.hpp"

namespace mlctl::cli {
namespace {

constexpr const char* kText = "text/plain; charset=utf-8";
constexpr const char* kJson = "application/json";

void reply_text(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(message + "\n", kText);
}

// From the URL only: httplib also puts a form body's fields in req.params, and curl's
// --data-binary sends a CSV body as a form unless told otherwise.
std::vector<std::pair<std::string, std::string>> query_of(const httplib::Request& req) {
  return serve::query_of_target(req.target);
}

// The whole body, or nothing when it is over `max` bytes (with a ContentReader, httplib leaves
// the limit to the handler).
std::optional<std::string> body_of(const httplib::ContentReader& reader, std::size_t max) {
  std::string body;
  bool over = false;
  reader([&](const char* data, std::size_t size) {
    over = size > max - std::min(max, body.size());
    if (!over) body.append(data, size);
    return !over;
  });
  if (over) return std::nullopt;
  return body;
}

// A JSON Lines body: application/x-ndjson, the type the issue names, or application/jsonl
// (jsonlines.org's), parameters after ';' ignored.
bool is_jsonl(const httplib::Request& req) {
  std::string type = req.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type == "application/x-ndjson" || type == "application/jsonl";
}

// What the request log line needs beyond the request and the response. A request is read,
// handled and answered on one worker thread, so each thread notes its own.
struct RequestNote {
  std::chrono::steady_clock::time_point start{};
  std::uint64_t rows = 0;
  std::string model;
  std::string model_id;
};
thread_local RequestNote request_note;

}  // namespace

struct HttpServer::Impl {
  HttpSettings settings;
  std::atomic<bool> finished{false};  // run() has returned
  const std::vector<std::unique_ptr<serve::ModelSlot>>& models;
  serve::Metrics& metrics;
  LimitedServer server;  // --threads workers, --max-connections open connections

  Impl(const HttpSettings& s, const std::vector<std::unique_ptr<serve::ModelSlot>>& m,
       serve::Metrics& counters)
      : settings(s), models(m), metrics(counters), server(s.threads, s.max_connections) {}

  // The model a request names (path, then ?model=), or the only one. Null with a 404 written.
  const serve::ModelSlot* find_model(const std::string& named, httplib::Response& res) const {
    if (named.empty() && models.size() == 1) return models.front().get();
    std::string known;
    for (const auto& slot : models) {
      if (slot->name() == named) return slot.get();
      known += (known.empty() ? "" : ", ") + slot->name();
    }
    reply_text(res, 404,
               named.empty() ? fmt::format("several models are served; name one with "
                                           "/predict/NAME or ?model=NAME ({})",
                                           known)
                             : fmt::format("no model named \"{}\" (served: {})", named, known));
    return nullptr;
  }

  void too_large(httplib::Response& res) const {
    reply_text(res, 413, fmt::format("the body is over --max-body ({} bytes)", settings.max_body));
    res.set_header("Connection", "close");  // the rest of the body is not read
  }

  void predict(const httplib::Request& req, httplib::Response& res, const std::string& path_name,
               const std::optional<std::string>& body) {
    if (!body) {
      too_large(res);
      return metrics.record({"", 413, 0, 0, 0, 0.0});
    }
    const auto start = std::chrono::steady_clock::now();
    serve::PredictQuery query;
    auto seconds = [&start] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    try {
      query = serve::parse_predict_query(query_of(req));
    } catch (const Error& e) {
      reply_text(res, 400, e.what());
      return metrics.record({"", 400, 0, 0, 0, seconds()});
    }
    if (!path_name.empty() && !query.model.empty() && path_name != query.model) {
      reply_text(res, 400,
                 fmt::format("the path names model \"{}\" and ?model= names \"{}\"", path_name,
                             query.model));
      return metrics.record({"", 400, 0, 0, 0, seconds()});
    }
    const serve::ModelSlot* slot = find_model(path_name.empty() ? query.model : path_name, res);
    if (slot == nullptr) return metrics.record({"", 404, 0, 0, 0, seconds()});
    // Taken once: a reload during this request leaves it on this model.
    const auto loaded = slot->current();
    const bool jsonl_in = is_jsonl(req);
    PredictReply reply = jsonl_in ? predict_jsonl_body(loaded->model, query, *body)
                                  : predict_body(loaded->model, query, *body);
    res.status = reply.status;
    res.set_header("Mlctl-Model", slot->name());
    res.set_header("Mlctl-Model-Id", loaded->model.provenance.id);
    const char* type = reply.status != 200       ? kText
                       : jsonl_in || query.jsonl ? "application/x-ndjson"
                                                 : "text/csv";
    res.set_content(std::move(reply.body), type);
    metrics.record({slot->name(), reply.status, reply.rows, reply.rows_imputed, reply.unseen_values,
                    seconds()});
    request_note.rows = reply.rows;
    request_note.model = slot->name();
    request_note.model_id = loaded->model.provenance.id;
  }

  void routes() {
    // Bodies through a ContentReader: read as they are, whatever the content type (httplib
    // refuses a form body over 8 KiB with 413, and curl sends one as a form by default).
    server.Post("/predict", [this](const httplib::Request& req, httplib::Response& res,
                                   const httplib::ContentReader& reader) {
      predict(req, res, "", body_of(reader, settings.max_body));
    });
    server.Post(R"(/predict/([^/]+))", [this](const httplib::Request& req, httplib::Response& res,
                                              const httplib::ContentReader& reader) {
      predict(req, res, req.matches[1], body_of(reader, settings.max_body));
    });
    server.Get("/v2/health/live",
               [](const httplib::Request&, httplib::Response& res) { res.status = 200; });
    server.Get(R"(/v2/models/([^/]+))",
               [this](const httplib::Request& req, httplib::Response& res) {
                 const serve::ModelSlot* slot = find_model(req.matches[1], res);
                 if (slot == nullptr) return;
                 res.set_content(v2_metadata(slot->name(), slot->current()->model).dump(), kJson);
               });
    server.Post(
        R"(/v2/models/([^/]+)/infer)", [this](const httplib::Request& req, httplib::Response& res,
                                              const httplib::ContentReader& reader) {
          const auto body = body_of(reader, settings.max_body);
          if (!body) return too_large(res);
          const auto start = std::chrono::steady_clock::now();
          const serve::ModelSlot* slot = find_model(req.matches[1], res);
          if (slot == nullptr) return metrics.record({"", 404, 0, 0, 0, 0.0});
          const auto loaded = slot->current();
          const V2Reply reply = v2_infer(slot->name(), loaded->model, *body);
          request_note.model = slot->name();
          request_note.model_id = loaded->model.provenance.id;
          res.status = reply.status;
          res.set_header("Mlctl-Model", slot->name());
          res.set_header("Mlctl-Model-Id", loaded->model.provenance.id);
          res.set_content(reply.body.dump(), kJson);
          metrics.record(
              {slot->name(), reply.status, 0, 0, 0,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()});
        });
    server.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(metrics.render({server.open(), server.refused()}),
                      "text/plain; version=0.0.4; charset=utf-8");
    });
    // Ready once every model is loaded, which is before the server listens.
    server.Get("/v2/health/ready",
               [](const httplib::Request&, httplib::Response& res) { res.status = 200; });
  }

  void limits() {
    server.set_tcp_nodelay(true);  // else each small response waits on delayed ACKs (~40 ms)
    // Not set_payload_max_length: beyond it httplib answers a ContentReader route with 400.
    // body_of() applies --max-body.
    server.set_read_timeout(settings.read_timeout_seconds, 0);
    server.set_write_timeout(settings.read_timeout_seconds, 0);
    server.set_keep_alive_timeout(settings.keep_alive_seconds);
    server.set_keep_alive_max_count(1000);
    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      request_note = {std::chrono::steady_clock::now(), 0, {}, {}};
      if (settings.token.empty() || req.path.rfind("/v2/health/", 0) == 0)
        return httplib::Server::HandlerResponse::Unhandled;
      if (serve::bearer_matches(req.get_header_value("Authorization"), settings.token))
        return httplib::Server::HandlerResponse::Unhandled;
      res.set_header("WWW-Authenticate", "Bearer");
      reply_text(res, 401, "a valid \"Authorization: Bearer TOKEN\" header is needed");
      return httplib::Server::HandlerResponse::Handled;
    });
    // After each answer is written: the request log line, at -v.
    server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      RequestNote note = std::exchange(request_note, {});
      if (!spdlog::should_log(spdlog::level::info)) return;
      const auto now = std::chrono::steady_clock::now();
      serve::RequestLine record{std::chrono::system_clock::now(),
                                req.method,
                                req.path,
                                res.status,
                                note.rows,
                                note.start == std::chrono::steady_clock::time_point{}
                                    ? 0.0
                                    : std::chrono::duration<double>(now - note.start).count(),
                                std::move(note.model),
                                std::move(note.model_id)};
      const std::string line = serve::format_request(record, settings.log_format);
      if (settings.log_format == serve::LogFormat::text) {
        spdlog::info("{}", line);
      } else {
        // Alone on its line, without the "mlctl: info: " of the text log; one write per line,
        // so lines of requests answered at once never interleave.
        std::fprintf(stderr, "%s\n", line.c_str());
      }
    });
    server.set_exception_handler(
        [](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
          std::string message = "unexpected error";
          try {
            std::rethrow_exception(std::move(error));
          } catch (const std::exception& e) {
            message = e.what();
          } catch (...) {
          }
          spdlog::error("{} {}: {}", req.method, req.path, message);
          reply_text(res, 500, message);
        });
  }
};

HttpServer::HttpServer(const HttpSettings& settings,
                       const std::vector<std::unique_ptr<serve::ModelSlot>>& models,
                       serve::Metrics& metrics)
    : impl_(std::make_unique<Impl>(settings, models, metrics)) {
  impl_->limits();
  impl_->routes();
}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
  const auto& listen = impl_->settings.listen;
  const int port = listen.port == 0
                       ? impl_->server.bind_to_any_port(listen.host)
                       : (impl_->server.bind_to_port(listen.host, listen.port) ? listen.port : -1);
  if (port < 0) {
    throw Error(ErrorKind::io, fmt::format("cannot listen on {}:{}", listen.host, listen.port));
  }
  return port;
}

void HttpServer::run() {
  impl_->server.listen_after_bind();
  impl_->finished.store(true);
}

void HttpServer::stop() {
  // cpp-httplib's stop() does nothing until listen_after_bind() has started: a SIGTERM in the
  // moment between the signal thread's start and run()'s would be lost, and the server would
  // serve on until the drain timeout killed it with exit 1. So wait for it (or for its end).
  while (!impl_->server.is_running() && !impl_->finished.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  impl_->server.stop();
}

}  // namespace mlctl::cli
