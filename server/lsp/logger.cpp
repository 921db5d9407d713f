#include "lsp/logger.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

namespace kgls::lsp {

std::optional<LogLevel> parse_log_level(std::string_view text) {
  if (text == "error") return LogLevel::Error;
  if (text == "warn" || text == "warning") return LogLevel::Warn;
  if (text == "info") return LogLevel::Info;
  if (text == "debug") return LogLevel::Debug;
  if (text == "trace") return LogLevel::Trace;
  return std::nullopt;
}

Logger::Logger(std::FILE* out, LogLevel level) : out_(out), level_(level) {}

Logger::~Logger() {
  if (owned_) std::fclose(out_);
}

bool Logger::open_file(const std::string& path, std::string& error) {
  std::FILE* file = std::fopen(path.c_str(), "a");
  if (!file) {
    error = "cannot open log file '" + path + "': " + std::strerror(errno);
    return false;
  }
  std::lock_guard lock(mutex_);
  if (owned_) std::fclose(out_);
  out_ = file;
  owned_ = true;
  return true;
}

void Logger::log(LogLevel level, std::string_view message) {
  if (!enabled(level)) return;
  static constexpr char kLetters[] = {'E', 'W', 'I', 'D', 'T'};
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                          now.time_since_epoch()).count() % 1000;
  std::tm local{};
  localtime_r(&seconds, &local);
  char stamp[16];
  std::strftime(stamp, sizeof stamp, "%H:%M:%S", &local);
  std::lock_guard lock(mutex_);
  std::fprintf(out_, "%c[%s.%03d] %.*s\n", kLetters[static_cast<int>(level)], stamp,
               static_cast<int>(millis), static_cast<int>(message.size()), message.data());
  std::fflush(out_);
}

}  // namespace kgls::lsp
