#include "lsp/handlers/lsp_server.hpp"

#include <filesystem>

#include "lsp/protocol/uri.hpp"

#ifndef KGLS_VERSION
#define KGLS_VERSION "0.0.0"
#endif

namespace kgls::lsp {

namespace {

// Each group registers its handlers and sets its capabilities (see features.hpp).
constexpr BindFeatures kFeatureGroups[] = {
    bind_sync,
    bind_navigation,
    bind_hierarchy,
    bind_symbols,
    bind_structure,
    bind_assist,
    bind_editing,
    bind_decorations,
};

}  // namespace

const char* server_version() { return KGLS_VERSION; }

LspServer::LspServer(Transport& transport, Logger& log)
    : transport_(transport),
      log_(log),
      services_(std::make_unique<lang::Services>(log)),
      engine_(std::make_unique<lang::Engine>(
          options_,
          lang::EngineCallbacks{
              [this](lang::DiagnosticsUpdate update) { publish(std::move(update)); },
              [this](lang::ScanProgress p) {
                transport_.post([this, p = std::move(p)] { progress(p); });
              }},
          log)),
      context_{*engine_, log_, client_, options_, *services_},
      binder_(log) {
  // The index, similarity and hub-card services hear of each new state of the documents,
  // and add the likely-duplicate warnings (the wiring is in the language layer).
  services_->attach(*engine_);
  bind_lifecycle();
  for (BindFeatures bind : kFeatureGroups) bind(binder_, capabilities_, context_);
}

LspServer::~LspServer() {
  // Stop the background threads first: their pending work refers to this object, and the
  // similarity thread calls the engine.
  services_->stop();
  engine_.reset();
}

int LspServer::run() {
  switch (transport_.loop(*this)) {
    case Transport::End::Stopped:
      return exit_code_;
    case Transport::End::EndOfInput:
      // The client went away without `exit`: a clean end only after `shutdown`.
      return phase_ == Phase::ShutDown ? 0 : 1;
    case Transport::End::Failed:
      return 1;
  }
  return 1;
}

// ---- Incoming messages ---------------------------------------------------------------

void LspServer::on_call(std::string_view method, json params, json id) {
  // Registered now, handled later (see Transport::post): a $/cancelRequest read in the
  // same chunk of input finds the request and flags it before it starts.
  lang::CancelToken cancel;
  {
    std::lock_guard lock(requests_mutex_);
    if (!requests_.emplace(id_key(id), cancel).second)
      log_.warn("request id " + id_key(id) + " is already in use");
  }
  transport_.post([this, method = std::string(method), params = std::move(params),
                   id = std::move(id), cancel] { handle_call(method, params, id, cancel); });
}

void LspServer::on_notify(std::string_view method, json params) {
  if (method == "$/cancelRequest") {
    JsonError error;
    auto parsed = parse_json<CancelParams>(params, "params", error);
    if (!parsed) {
      log_.warn("ignoring $/cancelRequest: invalid params: " + error.message());
      return;
    }
    std::lock_guard lock(requests_mutex_);
    if (auto it = requests_.find(id_key(parsed->id)); it != requests_.end()) it->second.cancel();
    return;
  }
  transport_.post([this, method = std::string(method), params = std::move(params)] {
    handle_notify(method, params);
  });
}

void LspServer::on_reply(json id, json result, std::optional<RpcError> error) {
  auto it = calls_.find(id_key(id));
  if (it == calls_.end()) {
    log_.warn("a reply to an unknown request " + id_key(id));
    return;
  }
  ReplyHandler handler = std::move(it->second);
  calls_.erase(it);
  if (error) log_.info("the client answered an error: " + error->message);
  handler(result, error);
}

void LspServer::handle_call(const std::string& method, const json& params, const json& id,
                            lang::CancelToken cancel) {
  auto reply = std::make_shared<PendingReply>(
      transport_, log_, id, method, cancel, [this, key = id_key(id)] {
        std::lock_guard lock(requests_mutex_);
        requests_.erase(key);
      });
  if (phase_ == Phase::Uninitialized && method != "initialize") {
    reply->error({ErrorCode::ServerNotInitialized,
                  "the server is not initialized: send `initialize` first"});
    return;
  }
  if (phase_ == Phase::ShutDown || phase_ == Phase::Exited) {
    reply->error({ErrorCode::InvalidRequest, "the server is shutting down"});
    return;
  }
  if (method == "initialize" && phase_ != Phase::Uninitialized) {
    reply->error({ErrorCode::InvalidRequest, "`initialize` may only be sent once"});
    return;
  }
  if (cancel.cancelled()) {
    reply->error({ErrorCode::RequestCancelled, "the request was cancelled"});
    return;
  }
  const Binder::CallHandler* handler = binder_.find_call(method);
  if (!handler) {
    reply->error({ErrorCode::MethodNotFound, "method not found: " + method});
    return;
  }
  (*handler)(params, std::move(reply));
}

void LspServer::handle_notify(const std::string& method, const json& params) {
  if (method == "exit") {
    exit_code_ = phase_ == Phase::ShutDown ? 0 : 1;
    if (exit_code_ != 0) log_.warn("exit without shutdown");
    phase_ = Phase::Exited;
    transport_.stop();
    return;
  }
  if (phase_ != Phase::Running) {
    log_.info("dropping " + method + ": " +
              (phase_ == Phase::Uninitialized ? "not initialized yet" : "shutting down"));
    return;
  }
  if (const Binder::NotifyHandler* handler = binder_.find_notification(method)) {
    (*handler)(params);
  } else if (method.rfind("$/", 0) == 0) {
    log_.debug("ignoring " + method);  // Optional protocol notifications.
  } else {
    log_.warn("unhandled notification " + method);
  }
}

// ---- Lifecycle -----------------------------------------------------------------------

void LspServer::bind_lifecycle() {
  binder_.request<InitializeParams, InitializeResult>(
      "initialize", [this](const InitializeParams& params, Callback<InitializeResult> reply) {
        initialize(params, std::move(reply));
      });
  binder_.notification<NoParams>("initialized", [this](const NoParams&) { initialized(); });
  binder_.request<NoParams, json>("shutdown", [this](const NoParams&, Callback<json> reply) {
    phase_ = Phase::ShutDown;
    quiet_ = true;  // No more diagnostics: the client is about to go.
    reply(nullptr);
  });
}

void LspServer::initialize(const InitializeParams& params, Callback<InitializeResult> reply) {
  lang::Options options = options_;
  JsonError error;
  if (!fromJSON(params.initializationOptions, options,
                Where(error, "params.initializationOptions"))) {
    reply.error({ErrorCode::InvalidParams, "invalid params: " + error.message()});
    return;
  }
  options_ = options;
  client_ = params.capabilities;
  engine_->set_options(options_);

  std::vector<std::string> folders;
  const auto add = [&](const std::string& uri) {
    if (auto path = uri_to_path(uri)) {
      folders.push_back(*path);
    } else {
      log_.warn("ignoring workspace folder " + uri + ": not a file:// URI");
    }
  };
  if (params.workspaceFolders && !params.workspaceFolders->empty()) {
    for (const auto& folder : *params.workspaceFolders) add(folder.uri);
  } else if (params.rootUri) {
    add(*params.rootUri);
  } else if (params.rootPath && !params.rootPath->empty() && params.rootPath->front() == '/') {
    folders.push_back(std::filesystem::path(*params.rootPath).lexically_normal().string());
  }

  phase_ = Phase::Running;
  reply({capabilities_, KGLS_VERSION});
  // After the reply: reading the folders reports progress, which the client may only
  // receive once it has the InitializeResult.
  for (const auto& folder : folders) {
    log_.info("workspace folder " + folder);
    engine_->add_folder(folder);
    services_->add_folder(folder, options_);
  }
}

void LspServer::initialized() { register_watchers(); }

void LspServer::register_watchers() {
  if (!client_.watched_files_dynamic_registration) return;
  RegistrationParams params;
  params.registrations.push_back({"kgls-watched-files",
                                  "workspace/didChangeWatchedFiles",
                                  {{"**/*.kg"}, {"**/.kgignore"}}});
  call("client/registerCapability", toJSON(params),
       [this](const json&, const std::optional<RpcError>& error) {
         if (error) log_.warn("the client refused to watch files: " + error->message);
       });
}

void LspServer::call(const std::string& method, json params, ReplyHandler on_reply) {
  const json id = ++next_call_id_;
  calls_[id_key(id)] = std::move(on_reply);
  transport_.call(method, std::move(params), id);
}

// ---- From the engine -----------------------------------------------------------------

void LspServer::publish(lang::DiagnosticsUpdate update) {
  if (quiet_) return;
  PublishDiagnosticsParams params;
  params.uri = key_to_uri(update.path);
  params.version = update.version;
  for (const auto& d : update.diagnostics) {
    Diagnostic out;
    out.range = d.range.utf16;
    out.severity = static_cast<int>(d.severity);
    out.code = d.code;
    out.message = d.message;
    out.data = d.data;
    if (client_.diagnostic_related_information) {
      for (const auto& r : d.related)
        out.relatedInformation.push_back({to_location(r.path, r.range), r.message});
    }
    params.diagnostics.push_back(std::move(out));
  }
  // Written as text: a file can have thousands of diagnostics (json_text.hpp).
  auto text = std::make_shared<std::string>();
  writeJSON(*text, params);
  transport_.notify_text("textDocument/publishDiagnostics", std::move(text));
}

void LspServer::progress(lang::ScanProgress p) {
  if (!client_.work_done_progress || phase_ != Phase::Running) return;
  const uint64_t scan = p.scan;
  const std::string token = "kgls/index/" + std::to_string(scan);
  const auto send = [this, token](const lang::ScanProgress& event) {
    ProgressParams params;
    params.token = token;
    params.kind = event.kind == lang::ScanProgress::Kind::Begin    ? ProgressParams::Kind::Begin
                  : event.kind == lang::ScanProgress::Kind::Report ? ProgressParams::Kind::Report
                                                                   : ProgressParams::Kind::End;
    params.title = event.title;
    params.message = event.message;
    params.percentage = event.percentage;
    transport_.notify("$/progress", toJSON(params));
  };
  ProgressState& state = progress_[scan];
  switch (p.kind) {
    case lang::ScanProgress::Kind::Begin:
      state.begin = p;
      // The token must exist on the client before it is used: ask, then begin.
      call("window/workDoneProgress/create", toJSON(WorkDoneProgressCreateParams{token}),
           [this, scan, send](const json&, const std::optional<RpcError>& error) {
             auto it = progress_.find(scan);
             if (it == progress_.end()) return;
             ProgressState& s = it->second;
             if (error) {
               if (s.ended) progress_.erase(it);
               else s.failed = true;
               return;
             }
             s.created = s.begun = true;
             send(s.begin);
             if (s.latest) send(*s.latest);
             if (s.ended) {
               send({lang::ScanProgress::Kind::End, scan, {}, s.begin.message, 100});
               progress_.erase(it);
             }
           });
      break;
    case lang::ScanProgress::Kind::Report:
      if (state.begun) {
        send(p);
      } else {
        state.latest = p;
      }
      break;
    case lang::ScanProgress::Kind::End:
      if (state.begun || state.failed) {
        if (state.begun) send(p);
        progress_.erase(scan);
      } else {
        state.ended = true;
        state.begin.message = p.message;
      }
      break;
  }
}

}  // namespace kgls::lsp
