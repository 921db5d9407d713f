// The server process driver: an editor's side of the Language Server Protocol, for the
// transcript runner, the fault tests and the benchmark driver. It starts the real `kgls` binary with pipes on stdin/stdout, frames JSON-RPC
// messages itself (not with the server's code, so a framing bug cannot hide behind the
// same bug here), answers the server's own requests as an editor would, and timestamps
// every message on arrival.
//
// Threading: one reader thread per process parses the server's output and queues
// messages; every public function may be called from the test's thread.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace kgls::test {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

/// A `file://` URI for an absolute path (percent-encodes all but unreserved chars and '/').
std::string file_uri(const std::string& path);

struct ProcessOptions {
  std::string binary;
  std::vector<std::string> args;
  /// Variables to set (a value) or unset (nullopt) on top of this process's environment.
  std::map<std::string, std::optional<std::string>> env;
  std::string stderr_path;  // Empty: inherit.
  std::string cwd;          // Empty: inherit.
  /// When running as root, switch to this uid/gid before exec (so that file permissions
  /// apply, as they do for a normal user); -1 keeps the current user.
  int run_as_uid = -1;
  /// What the editor answers to `workspace/configuration`: each item's `section` looked up
  /// in this object (a dot descends: "yaml.schemas"), null when absent. Null: no settings.
  json configuration;
  /// Answer the server's own requests as an editor would (see LspProcess); off, they are
  /// queued like any other message (the transcripts expect them).
  bool answer_server_requests = true;
};

/// One message from the server, with the moment it was fully read.
struct Received {
  json body;
  Clock::time_point at;
};

class LspProcess {
 public:
  explicit LspProcess(const ProcessOptions& options);
  /// Kills the server (SIGKILL) when it is still running.
  ~LspProcess();
  LspProcess(const LspProcess&) = delete;
  LspProcess& operator=(const LspProcess&) = delete;

  pid_t pid() const { return pid_; }

  /// Writes bytes as they are (no framing). False when the server closed its input.
  bool write_raw(std::string_view bytes);
  /// Frames and writes one message.
  bool send(const json& message);
  /// Sends a request with a fresh integer id and returns the id.
  int64_t request(const std::string& method, json params);
  void notify(const std::string& method, json params);
  void close_input();

  /// The next message that is not a server request answered automatically (see
  /// `answer_server_requests`), or nullopt at the deadline or the end of output.
  std::optional<Received> next(Clock::time_point deadline);
  /// Waits for the reply to `id`; other messages are handed to `other` (if set) in order.
  std::optional<Received> wait_reply(int64_t id, Clock::time_point deadline,
                                     const std::function<void(const Received&)>& other = {});
  /// Waits for the next notification `method`; other messages are handed to `other` (if
  /// set) in order.
  std::optional<Received> wait_notification(const std::string& method, Clock::time_point deadline,
                                            const std::function<void(const Received&)>& other = {});
  /// True once the server's output is closed and every message was taken.
  bool output_closed();

  /// The exit code (or 128 + signal), or nullopt when it did not exit by the deadline.
  std::optional<int> wait_exit(Clock::time_point deadline);
  void kill_now(int signal);
  /// Peak resident set size of the running server in KiB (VmHWM), 0 when unknown.
  size_t peak_rss_kib() const;

  /// Calls `observer` on the reader thread for every message as it arrives (before it is
  /// queued), e.g. to timestamp something whichever function later takes the message.
  void observe(std::function<void(const Received&)> observer);

  /// Replaces the settings `workspace/configuration` is answered from (see ProcessOptions).
  void set_configuration(json settings);
  json configuration() const;

  /// Server requests seen so far (method names), answered automatically.
  std::vector<std::string> server_requests() const;
  /// How the editor answers `window/workDoneProgress/create` etc.; on by default
  /// (ProcessOptions::answer_server_requests).
  bool answer_server_requests = true;

 private:
  void read_loop();
  void handle(json message, Clock::time_point at);

  pid_t pid_ = -1;
  int to_server_ = -1;
  int from_server_ = -1;
  bool exited_ = false;
  int exit_status_ = 0;
  int64_t next_id_ = 1000000;  // Away from ids the tests write by hand.

  std::mutex write_mutex_;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<Received> queue_;
  std::vector<std::string> server_requests_;
  std::function<void(const Received&)> observer_;
  bool closed_ = false;
  json configuration_;
  std::thread reader_;
};

/// Frames a body: "Content-Length: N\r\n\r\n" + body.
std::string frame(std::string_view body);

}  // namespace kgls::test
