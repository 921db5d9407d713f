// Timing for logs and statistics (never for assertions: speed is measured in the benchmark).
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace kgls {

using SteadyClock = std::chrono::steady_clock;

/// Seconds from `start` to now.
inline double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

/// Milliseconds from `start` to now, with their fraction.
inline double milliseconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

/// Whole milliseconds from `start` to now.
inline int64_t whole_milliseconds_since(SteadyClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start).count();
}

/// A duration as "12.3 ms" (tenths, cut not rounded), for a log line.
inline std::string milliseconds_text(SteadyClock::duration d) {
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  return std::to_string(micros / 1000) + "." + std::to_string(micros % 1000 / 100) + " ms";
}

}  // namespace kgls
