// What the fault tests share: scratch folders, running `kgls` commands, and an editor
// session with the real server (built on tests/support/lsp_process.hpp).
#pragma once
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../support/lsp_process.hpp"
#include "../support/temp_dir.hpp"

namespace kgls::fault {

namespace fs = std::filesystem;
using test::Clock;
using test::json;

/// The uid that tests running as root switch to so that permissions apply ("nobody").
constexpr int kUnprivilegedUid = 65534;

/// A scratch folder (tests/support): TempDir("name").
using test::TempDir;

void write_file(const fs::path& path, std::string_view text);
std::string read_file(const fs::path& path);

struct CommandResult {
  int code = -1;  // Exit code, 128 + signal, or -1 when it had to be killed at the deadline.
  std::string out;
  std::string err;
};

struct CommandOptions {
  std::map<std::string, std::optional<std::string>> env;
  int run_as_uid = -1;  // See ProcessOptions.
  std::chrono::seconds timeout{120};
};

/// Runs `kgls ARGS...` to the end, capturing its output.
CommandResult run_kgls(const std::vector<std::string>& args, const CommandOptions& options = {});

/// A `.kg` workspace of `files` files with `per_file` entities each, edges between them.
void write_workspace(const fs::path& root, size_t files, size_t per_file);

/// An editor session: the server started, initialized on `root` (nothing when empty).
class Session {
 public:
  explicit Session(const fs::path& root, json initialization_options = nullptr,
                   const std::vector<std::string>& args = {"--stdio"});
  ~Session();

  test::LspProcess& server() { return *server_; }
  std::string uri(const fs::path& path) const { return test::file_uri(path.lexically_normal().string()); }

  /// Sends a request and waits for its reply (the whole message); nullopt on timeout.
  std::optional<json> call(const std::string& method, json params,
                           std::chrono::seconds timeout = std::chrono::seconds(60));
  void notify(const std::string& method, json params) { server_->notify(method, std::move(params)); }
  void open(const fs::path& path, const std::string& text, int version = 1);

  /// Waits for a publishDiagnostics for `uri` that `accept` accepts; every message seen
  /// on the way is kept in `seen()`.
  std::optional<json> wait_diagnostics(const std::string& uri, const std::function<bool(const json&)>& accept,
                                       std::chrono::seconds timeout = std::chrono::seconds(60));
  /// Reads messages until none arrives for `quiet`.
  void drain(std::chrono::milliseconds quiet = std::chrono::milliseconds(300));
  /// The latest diagnostics published for each URI so far.
  const std::map<std::string, json>& diagnostics() const { return latest_; }

  /// shutdown + exit; the exit code (nullopt when it did not exit in time).
  std::optional<int> stop();

  std::string stderr_text() const { return read_file(stderr_path_); }

 private:
  void see(const test::Received& r);

  fs::path stderr_path_;
  std::unique_ptr<test::LspProcess> server_;
  std::map<std::string, json> latest_;
};

/// The `message`s of a publishDiagnostics' diagnostics with this code.
std::vector<std::string> with_code(const json& publish, const std::string& code);

}  // namespace kgls::fault
