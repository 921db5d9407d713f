// The server's log: one line per event, to stderr or to the file given by `--log`.
// Editors show a server's stderr in an output panel, so stdout stays reserved for LSP.
#pragma once
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace kgls::lsp {

enum class LogLevel { Error = 0, Warn = 1, Info = 2, Debug = 3, Trace = 4 };

/// "error", "warn", "info", "debug" or "trace"; nullopt for anything else.
std::optional<LogLevel> parse_log_level(std::string_view text);

/// Thread-safe: any thread may log; lines never interleave.
class Logger {
 public:
  /// Logs to `out` (not owned, e.g. stderr).
  explicit Logger(std::FILE* out = stderr, LogLevel level = LogLevel::Info);
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  /// Appends to the file at `path` instead; false and `error` set when it cannot be opened.
  bool open_file(const std::string& path, std::string& error);
  void set_level(LogLevel level) { level_ = level; }
  LogLevel level() const { return level_; }
  bool enabled(LogLevel level) const { return level <= level_; }

  void log(LogLevel level, std::string_view message);
  void error(std::string_view m) { log(LogLevel::Error, m); }
  void warn(std::string_view m) { log(LogLevel::Warn, m); }
  void info(std::string_view m) { log(LogLevel::Info, m); }
  void debug(std::string_view m) { log(LogLevel::Debug, m); }
  void trace(std::string_view m) { log(LogLevel::Trace, m); }

 private:
  std::mutex mutex_;
  std::FILE* out_;
  bool owned_ = false;
  LogLevel level_;
};

}  // namespace kgls::lsp
