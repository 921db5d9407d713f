// Fuzz target: bytes from a client, through the server's framing (FrameReader), JSON-RPC
// classification (classify) and the whole LspServer (lifecycle, binder, handlers, engine).
//
// The transport is an in-process stand-in for StdioTransport: same framing, same
// classification and the same dispatch rules, but it reads from the input buffer and
// keeps what the server writes. The first input byte picks the chunk size the input is
// fed in (framing must not care how the bytes are split).
//
// Invariants checked:
// - nothing crashes, leaks, or hits undefined behaviour (ASan, UBSan);
// - every request gets exactly one reply: after the server is destroyed, the number of
//   replies equals the number of requests handed to it;
// - everything the server writes serialises.
//
// Sandbox: a fuzzed `initialize` or `workspace/didChangeWorkspaceFolders` could name any
// folder ("file:///") and make the server scan the whole disk. The harness rewrites those
// folders to a small scratch workspace before the server sees them; everything else
// reaches the server as sent.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "lsp/handlers/lsp_server.hpp"
#include "lsp/protocol/uri.hpp"
#include "lsp/transport/framing.hpp"
#include "lsp/transport/jsonrpc.hpp"
#include "lsp/transport/transport.hpp"

namespace {

using namespace kgls::lsp;

std::string g_workspace_uri;
std::FILE* g_null = nullptr;

// How long the harness waits for outstanding replies once the input is consumed: the
// engine's pool answers requests asynchronously.
constexpr auto kDrainTimeout = std::chrono::seconds(5);

class FuzzTransport final : public Transport {
 public:
  FuzzTransport(std::string_view input, size_t chunk) : input_(input), chunk_(chunk) {}

  void notify(std::string_view method, json params) override {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }
  void call(std::string_view method, json params, json id) override {
    send({{"jsonrpc", "2.0"}, {"id", std::move(id)}, {"method", method}, {"params", std::move(params)}});
  }
  void reply(json id, json result) override {
    ++replies;
    send({{"jsonrpc", "2.0"}, {"id", std::move(id)}, {"result", std::move(result)}});
  }
  void reply_error(json id, RpcError error) override {
    ++replies;
    send(error_message(std::move(id), error));
  }
  void post(std::function<void()> task) override {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
    wake_.notify_all();
  }
  void stop() override {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    wake_.notify_all();
  }

  End loop(MessageHandler& handler) override {
    FrameReader reader;
    for (size_t at = 0; at < input_.size() && !stopped(); at += chunk_) {
      std::vector<FrameEvent> events;
      reader.feed(input_.substr(at, chunk_), events);
      for (const auto& event : events) {
        if (stopped()) break;  // After `exit`, the rest is not the server's to handle.
        dispatch(handler, event);
      }
      run_tasks();
    }
    // Let the engine answer what it was asked (the real loop would keep running too).
    const auto deadline = std::chrono::steady_clock::now() + kDrainTimeout;
    while (replies.load() < calls && std::chrono::steady_clock::now() < deadline) {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, std::chrono::milliseconds(5), [&] { return !tasks_.empty(); });
      lock.unlock();
      run_tasks();
    }
    run_tasks();
    return stopped() ? End::Stopped : End::EndOfInput;
  }

  void run_tasks() {
    for (;;) {
      std::function<void()> task;
      {
        std::lock_guard lock(mutex_);
        if (tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  // Tasks posted after loop() returned are never run, as with io_context: they are
  // destroyed with the transport, which this does early so the replies can be counted.
  void discard_tasks() {
    std::deque<std::function<void()>> tasks;
    {
      std::lock_guard lock(mutex_);
      tasks.swap(tasks_);
    }
  }

  size_t calls = 0;
  std::atomic<size_t> replies{0};

 private:
  static json error_message(json id, const RpcError& error) {
    return {{"jsonrpc", "2.0"},
            {"id", std::move(id)},
            {"error", {{"code", static_cast<int>(error.code)}, {"message", error.message}}}};
  }

  bool stopped() {
    std::lock_guard lock(mutex_);
    return stopped_;
  }

  void send(const json& message) {
    const std::string body = serialize(message);  // Must not throw, whatever the text.
    FUZZ_CHECK(!body.empty(), "empty serialisation");
  }

  // As StdioTransport::dispatch.
  void dispatch(MessageHandler& handler, const FrameEvent& event) {
    if (event.kind != FrameEvent::Kind::Message) {
      send(error_message(nullptr, {ErrorCode::ParseError, event.text}));
      return;
    }
    Incoming in = classify(event.text);
    try {
      switch (in.kind) {
        case Incoming::Kind::Invalid:
          FUZZ_CHECK(in.error.has_value(), "an invalid message without an error");
          send(error_message(in.id, *in.error));
          break;
        case Incoming::Kind::Call:
          ++calls;
          handler.on_call(in.method, std::move(in.params), in.id);
          break;
        case Incoming::Kind::Notify:
          handler.on_notify(in.method, std::move(in.params));
          break;
        case Incoming::Kind::Reply:
          handler.on_reply(std::move(in.id), std::move(in.result), std::move(in.error));
          break;
      }
    } catch (const std::exception& e) {
      if (in.kind == Incoming::Kind::Call) reply_error(in.id, {ErrorCode::InternalError, e.what()});
    }
  }

  std::string_view input_;
  size_t chunk_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopped_ = false;
};

// Points every workspace folder the client names at the scratch workspace (see above).
class Sandbox final : public MessageHandler {
 public:
  explicit Sandbox(MessageHandler& server) : server_(server) {}

  void on_call(std::string_view method, json params, json id) override {
    if (method == "initialize" && params.is_object()) {
      params["rootUri"] = g_workspace_uri;
      params.erase("rootPath");
      params["workspaceFolders"] = json::array({{{"uri", g_workspace_uri}, {"name", "fuzz"}}});
    }
    server_.on_call(method, std::move(params), std::move(id));
  }
  void on_notify(std::string_view method, json params) override {
    if (method == "workspace/didChangeWorkspaceFolders" && params.is_object() &&
        params.contains("event") && params["event"].is_object()) {
      json& added = params["event"]["added"];
      if (added.is_array()) {
        for (json& folder : added) {
          if (folder.is_object()) folder["uri"] = g_workspace_uri;
        }
      }
    }
    server_.on_notify(method, std::move(params));
  }
  void on_reply(json id, json result, std::optional<RpcError> error) override {
    server_.on_reply(std::move(id), std::move(result), std::move(error));
  }

 private:
  MessageHandler& server_;
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_null = std::fopen("/dev/null", "w");
  const std::string root = kgls::fuzz::scratch_folder("jsonrpc");
  FUZZ_CHECK(!root.empty(), "cannot make a scratch folder");
  // A small workspace with a schema, edges across files, a duplicate and an error.
  kgls::fuzz::write_text(root + "/schema.kg",
                         "kind paper { plural: \"Papers\" required: [title] }\n"
                         "kind method {}\n"
                         "relation uses { from: [paper, method] to: [method] }\n");
  kgls::fuzz::write_text(root + "/a.kg",
                         "paper p1 {\n  title: \"First\"\n  summary: \"A *bold* <b>claim</b> [x](command:y)\"\n"
                         "  uses m1 \"note\"\n  uses missing\n}\n");
  kgls::fuzz::write_text(root + "/sub/b.kg",
                         "method m1 { title: \"Method\" aliases: [\"M\"] }\n"
                         "method p1 { }\n"
                         "paper broken {\n");
  g_workspace_uri = kgls::lsp::path_to_uri(root);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // Chunk sizes 1..256, or the whole input at once.
  const size_t chunk = data[0] == 0 ? size : data[0];
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);

  Logger log(g_null, LogLevel::Debug);
  FuzzTransport transport(input, chunk);
  size_t calls = 0, replies = 0;
  {
    LspServer server(transport, log);
    Sandbox sandbox(server);
    transport.loop(sandbox);
    calls = transport.calls;
  }  // The server's destructor stops the engine: abandoned requests get their reply now.
  transport.discard_tasks();
  replies = transport.replies.load();
  FUZZ_CHECK(replies == calls, "requests: " + std::to_string(calls) + ", replies: " + std::to_string(replies));
  return 0;
}
