// The LSP server: protocol glue only. It owns the lifecycle (initialize, shutdown, exit),
// turns messages into typed handler calls, tracks requests for $/cancelRequest, and
// forwards the engine's diagnostics and progress to the client. The language logic lives
// in lang::Engine and the language/ features, behind a path + position API.
#pragma once
#include <atomic>
#include <map>
#include <memory>
#include <mutex>

#include "lsp/handlers/binder.hpp"
#include "lsp/handlers/features.hpp"
#include "lsp/language/engine.hpp"
#include "lsp/transport/transport.hpp"

namespace kgls::lsp {

/// The version announced in serverInfo.
const char* server_version();

class LspServer final : public MessageHandler {
 public:
  LspServer(Transport& transport, Logger& log);
  ~LspServer() override;

  /// Serves until `exit` or the end of input. Returns the process exit code: 0 after a
  /// shutdown request, 1 otherwise (as the LSP specification asks).
  int run();

  void on_notify(std::string_view method, json params) override;
  void on_call(std::string_view method, json params, json id) override;
  void on_reply(json id, json result, std::optional<RpcError> error) override;

 private:
  enum class Phase { Uninitialized, Running, ShutDown, Exited };
  using ReplyHandler = std::function<void(const json& result, const std::optional<RpcError>&)>;

  void handle_call(const std::string& method, const json& params, const json& id,
                   lang::CancelToken cancel);
  void handle_notify(const std::string& method, const json& params);
  void bind_lifecycle();
  void initialize(const InitializeParams& params, Callback<InitializeResult> reply);
  void initialized();
  /// A request from us to the client; `on_reply` runs on the I/O thread.
  void call(const std::string& method, json params, ReplyHandler on_reply);
  void publish(lang::DiagnosticsUpdate update);
  void progress(lang::ScanProgress progress);  // I/O thread.
  void register_watchers();

  Transport& transport_;
  Logger& log_;
  ClientCapabilities client_;
  lang::Options options_;
  std::unique_ptr<lang::Services> services_;  // Outlives the engine, which calls it.
  std::unique_ptr<lang::Engine> engine_;
  ServerContext context_;
  Binder binder_;
  ServerCapabilities capabilities_;
  std::vector<std::string> initial_folders_;

  // I/O thread only.
  Phase phase_ = Phase::Uninitialized;
  int exit_code_ = 1;
  int64_t next_call_id_ = 0;
  std::map<std::string, ReplyHandler> calls_;  // Our requests awaiting the client's reply.
  struct ProgressState {
    bool created = false;  // The client accepted the token.
    bool begun = false;
    bool ended = false;
    bool failed = false;  // The client refused the token.
    lang::ScanProgress begin;  // Kept until the token exists.
    std::optional<lang::ScanProgress> latest;
  };
  std::map<uint64_t, ProgressState> progress_;

  std::atomic<bool> quiet_{false};  // After shutdown; read on engine threads.

  // Requests in flight, for $/cancelRequest; any thread.
  std::mutex requests_mutex_;
  std::map<std::string, lang::CancelToken> requests_;
};

}  // namespace kgls::lsp
