#include "lsp_process.hpp"
#include "child.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace kgls::test {

std::string file_uri(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri = "file://";
  for (char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      uri += c;
    } else {
      uri += '%';
      uri += kHex[u >> 4];
      uri += kHex[u & 15];
    }
  }
  return uri;
}

std::string frame(std::string_view body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body);
  return out;
}

LspProcess::LspProcess(const ProcessOptions& options) {
  // A server that exits while we write must give us EPIPE, not kill the test.
  ::signal(SIGPIPE, SIG_IGN);

  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  const int err_fd = options.stderr_path.empty() ? -1 : open_for_child(options.stderr_path, /*write=*/true);
  ChildOptions child;
  child.argv = {options.binary};
  child.argv.insert(child.argv.end(), options.args.begin(), options.args.end());
  child.env = options.env;
  child.stdin_fd = in[0];
  child.stdout_fd = out[1];
  child.stderr_fd = err_fd;
  child.cwd = options.cwd;
  child.run_as_uid = options.run_as_uid;
  pid_ = spawn(child);
  ::close(in[0]);
  ::close(out[1]);
  if (err_fd >= 0) ::close(err_fd);
  to_server_ = in[1];
  from_server_ = out[0];
  configuration_ = options.configuration;
  answer_server_requests = options.answer_server_requests;
  reader_ = std::thread([this] { read_loop(); });
}

LspProcess::~LspProcess() {
  close_input();
  if (pid_ > 0 && !exited_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (reader_.joinable()) reader_.join();
  if (from_server_ >= 0) ::close(from_server_);
}

bool LspProcess::write_raw(std::string_view bytes) {
  std::lock_guard lock(write_mutex_);
  if (to_server_ < 0) return false;
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(to_server_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool LspProcess::send(const json& message) { return write_raw(frame(message.dump())); }

int64_t LspProcess::request(const std::string& method, json params) {
  const int64_t id = ++next_id_;
  json message = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) message["params"] = std::move(params);
  send(message);
  return id;
}

void LspProcess::notify(const std::string& method, json params) {
  json message = {{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null()) message["params"] = std::move(params);
  send(message);
}

void LspProcess::close_input() {
  std::lock_guard lock(write_mutex_);
  if (to_server_ >= 0) ::close(to_server_);
  to_server_ = -1;
}

void LspProcess::read_loop() {
  std::string buffer;
  std::vector<char> chunk(1 << 16);
  for (;;) {
    // Take every complete frame out of the buffer.
    for (;;) {
      const size_t header_end = buffer.find("\r\n\r\n");
      if (header_end == std::string::npos) break;
      std::optional<size_t> length;
      size_t line_start = 0;
      while (line_start < header_end) {
        size_t line_end = buffer.find("\r\n", line_start);
        if (line_end == std::string::npos || line_end > header_end) line_end = header_end;
        std::string line = buffer.substr(line_start, line_end - line_start);
        const size_t colon = line.find(':');
        if (colon != std::string::npos) {
          std::string name = line.substr(0, colon);
          for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (name == "content-length") length = std::strtoull(line.c_str() + colon + 1, nullptr, 10);
        }
        line_start = line_end + 2;
      }
      if (!length) {
        // The server broke its own framing: report it as a message the tests can see.
        handle(json{{"kgls-test-error", "a frame without Content-Length"}}, Clock::now());
        buffer.erase(0, header_end + 4);
        continue;
      }
      if (buffer.size() < header_end + 4 + *length) break;
      const auto at = Clock::now();
      std::string body = buffer.substr(header_end + 4, *length);
      buffer.erase(0, header_end + 4 + *length);
      json message = json::parse(body, nullptr, /*allow_exceptions=*/false);
      if (message.is_discarded()) message = json{{"kgls-test-error", "invalid JSON: " + body}};
      handle(std::move(message), at);
    }
    const ssize_t n = ::read(from_server_, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(chunk.data(), static_cast<size_t>(n));
  }
  std::lock_guard lock(mutex_);
  closed_ = true;
  arrived_.notify_all();
}

void LspProcess::handle(json message, Clock::time_point at) {
  const bool server_request = message.is_object() && message.contains("method") &&
                              message.contains("id");
  if (server_request && answer_server_requests) {
    const std::string method = message.value("method", "");
    json reply = {{"jsonrpc", "2.0"}, {"id", message["id"]}};
    if (method == "workspace/configuration") {
      // Each item's section from the configured settings; null ("no settings of my own",
      // as an editor without any would say) for the rest.
      json result = json::array();
      const json configuration = this->configuration();
      for (const auto& item : message["params"].value("items", json::array())) {
        const json* value = &configuration;
        const std::string section = item.is_object() ? item.value("section", "") : "";
        for (size_t start = 0; value && !section.empty() && start <= section.size();) {
          const size_t dot = std::min(section.find('.', start), section.size());
          const std::string key = section.substr(start, dot - start);
          value = value->is_object() && value->contains(key) ? &(*value)[key] : nullptr;
          start = dot + 1;
        }
        result.push_back(value && !section.empty() ? *value : json());
      }
      reply["result"] = std::move(result);
    } else if (method == "window/workDoneProgress/create" || method == "client/registerCapability" ||
               method == "client/unregisterCapability" || method == "workspace/diagnostic/refresh" ||
               method == "workspace/semanticTokens/refresh" || method == "workspace/inlayHint/refresh" ||
               method == "workspace/codeLens/refresh") {
      reply["result"] = nullptr;
    } else if (method == "window/showMessageRequest") {
      reply["result"] = nullptr;
    } else {
      reply["error"] = {{"code", -32601}, {"message", "the test client does not handle " + method}};
    }
    send(reply);
    std::lock_guard lock(mutex_);
    server_requests_.push_back(method);
    return;
  }
  std::lock_guard lock(mutex_);
  queue_.push_back({std::move(message), at});
  if (observer_) observer_(queue_.back());
  arrived_.notify_all();
}

void LspProcess::set_configuration(json settings) {
  std::lock_guard lock(mutex_);
  configuration_ = std::move(settings);
}

json LspProcess::configuration() const {
  std::lock_guard lock(mutex_);
  return configuration_;
}

void LspProcess::observe(std::function<void(const Received&)> observer) {
  std::lock_guard lock(mutex_);
  observer_ = std::move(observer);
}

std::optional<Received> LspProcess::next(Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  if (!arrived_.wait_until(lock, deadline, [&] { return !queue_.empty() || closed_; })) return {};
  if (queue_.empty()) return {};
  Received r = std::move(queue_.front());
  queue_.pop_front();
  return r;
}

std::optional<Received> LspProcess::wait_reply(int64_t id, Clock::time_point deadline,
                                               const std::function<void(const Received&)>& other) {
  for (;;) {
    auto r = next(deadline);
    if (!r) return {};
    const json& b = r->body;
    if (b.is_object() && !b.contains("method") && b.contains("id") && b["id"] == id) return r;
    if (other) other(*r);
  }
}

std::optional<Received> LspProcess::wait_notification(const std::string& method, Clock::time_point deadline,
                                                      const std::function<void(const Received&)>& other) {
  for (;;) {
    auto r = next(deadline);
    if (!r) return {};
    const json& b = r->body;
    if (b.is_object() && !b.contains("id") && b.value("method", "") == method) return r;
    if (other) other(*r);
  }
}

bool LspProcess::output_closed() {
  std::lock_guard lock(mutex_);
  return closed_ && queue_.empty();
}

std::optional<int> LspProcess::wait_exit(Clock::time_point deadline) {
  if (exited_) return exit_status_;
  const auto code = wait_child(pid_, deadline);
  if (code) {
    exited_ = true;
    exit_status_ = *code;
  }
  return code;
}

void LspProcess::kill_now(int signal) {
  if (pid_ > 0 && !exited_) ::kill(pid_, signal);
}

size_t LspProcess::peak_rss_kib() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtoull(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

std::vector<std::string> LspProcess::server_requests() const {
  std::lock_guard lock(mutex_);
  return server_requests_;
}

}  // namespace kgls::test
