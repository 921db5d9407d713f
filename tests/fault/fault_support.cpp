#include "fault_support.hpp"
#include "../support/child.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kgls::fault {

using test::ChildOptions;
using test::open_for_child;
using test::spawn;
using test::wait_or_kill;

void write_file(const fs::path& path, std::string_view text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

CommandResult run_kgls(const std::vector<std::string>& args, const CommandOptions& options) {
  TempDir scratch("cmd");
  const fs::path out_path = scratch / "out", err_path = scratch / "err";

  const int out_fd = open_for_child(out_path.string(), /*write=*/true);
  const int err_fd = open_for_child(err_path.string(), /*write=*/true);
  const int null_fd = open_for_child("/dev/null", /*write=*/false);
  ChildOptions child;
  child.argv = {KGLS_BINARY};
  child.argv.insert(child.argv.end(), args.begin(), args.end());
  child.env = options.env;
  child.stdin_fd = null_fd;
  child.stdout_fd = out_fd;
  child.stderr_fd = err_fd;
  child.run_as_uid = options.run_as_uid;
  const pid_t pid = spawn(child);
  ::close(out_fd);
  ::close(err_fd);
  ::close(null_fd);
  CommandResult result;
  if (auto code = wait_or_kill(pid, Clock::now() + options.timeout)) result.code = *code;
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

void write_workspace(const fs::path& root, size_t files, size_t per_file) {
  write_file(root / "schema.kg", "kind paper { plural: \"Papers\" }\nrelation cites { from: [paper] to: [paper] }\n");
  const size_t total = files * per_file;
  for (size_t f = 0; f < files; ++f) {
    std::string text;
    for (size_t i = f * per_file; i < (f + 1) * per_file; ++i) {
      text += "paper p" + std::to_string(i) + " {\n  title: \"Paper number " + std::to_string(i) +
              "\"\n  summary: \"A summary long enough to look like one: it mentions graphs, " +
              "indexes and the number " + std::to_string(i * 7919 % 10007) + ".\"\n";
      text += "  cites p" + std::to_string((i * 31 + 7) % total) + "\n";
      text += "  cites p" + std::to_string((i * 17 + 3) % total) + " \"a note\"\n}\n\n";
    }
    write_file(root / ("part-" + std::to_string(f) + ".kg"), text);
  }
}

// ---- Session -------------------------------------------------------------------------

Session::Session(const fs::path& root, json initialization_options, const std::vector<std::string>& args) {
  char path[] = "/tmp/kgls-fault-stderr-XXXXXX";
  const int fd = ::mkstemp(path);
  if (fd >= 0) ::close(fd);
  stderr_path_ = path;
  test::ProcessOptions options;
  options.binary = KGLS_BINARY;
  options.args = args;
  options.stderr_path = stderr_path_.string();
  server_ = std::make_unique<test::LspProcess>(options);

  json params = {{"processId", nullptr},
                 {"capabilities",
                  {{"window", {{"workDoneProgress", true}}},
                   {"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}},
                   {"textDocument",
                    {{"publishDiagnostics", {{"relatedInformation", true}}},
                     {"documentSymbol", {{"hierarchicalDocumentSymbolSupport", true}}},
                     {"hover", {{"contentFormat", {"markdown", "plaintext"}}}}}}}}};
  if (!root.empty()) {
    params["rootUri"] = uri(root);
    params["workspaceFolders"] = json::array({{{"uri", uri(root)}, {"name", root.filename().string()}}});
  } else {
    params["rootUri"] = nullptr;
  }
  if (!initialization_options.is_null()) params["initializationOptions"] = initialization_options;
  auto reply = call("initialize", params);
  if (!reply || !reply->contains("result")) throw std::runtime_error("initialize failed: " + stderr_text());
  notify("initialized", json::object());
}

Session::~Session() {
  server_.reset();
  std::error_code ec;
  fs::remove(stderr_path_, ec);
}

void Session::see(const test::Received& r) {
  if (r.body.value("method", "") == "textDocument/publishDiagnostics")
    latest_[r.body["params"]["uri"].get<std::string>()] = r.body["params"];
}

std::optional<json> Session::call(const std::string& method, json params, std::chrono::seconds timeout) {
  const int64_t id = server_->request(method, std::move(params));
  auto reply = server_->wait_reply(id, Clock::now() + timeout, [&](const test::Received& r) { see(r); });
  if (!reply) return std::nullopt;
  return reply->body;
}

void Session::open(const fs::path& path, const std::string& text, int version) {
  notify("textDocument/didOpen",
         {{"textDocument", {{"uri", uri(path)}, {"languageId", "kg"}, {"version", version}, {"text", text}}}});
}

std::optional<json> Session::wait_diagnostics(const std::string& uri, const std::function<bool(const json&)>& accept,
                                              std::chrono::seconds timeout) {
  if (auto it = latest_.find(uri); it != latest_.end() && accept(it->second)) return it->second;
  const auto deadline = Clock::now() + timeout;
  const auto other = [&](const test::Received& m) { see(m); };
  while (auto r = server_->wait_notification("textDocument/publishDiagnostics", deadline, other)) {
    see(*r);
    const json& b = r->body;
    if (b["params"]["uri"] == uri && accept(b["params"])) return b["params"];
  }
  return std::nullopt;
}

void Session::drain(std::chrono::milliseconds quiet) {
  while (auto r = server_->next(Clock::now() + quiet)) see(*r);
}

std::optional<int> Session::stop() {
  auto reply = call("shutdown", nullptr, std::chrono::seconds(30));
  if (!reply) return std::nullopt;
  notify("exit", nullptr);
  return server_->wait_exit(Clock::now() + std::chrono::seconds(30));
}

std::vector<std::string> with_code(const json& publish, const std::string& code) {
  std::vector<std::string> out;
  for (const auto& d : publish.value("diagnostics", json::array())) {
    if (d.value("code", "") == code) out.push_back(d.value("message", ""));
  }
  return out;
}

}  // namespace kgls::fault
