// The server's settings, as the language side sees them (the LSP layer reads them from
// initializationOptions and workspace/didChangeConfiguration).
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace kgls::lang {

struct Options {
  /// Quiet time after the last edit before diagnostics are recomputed and published;
  /// 0 publishes after every change (tests).
  std::chrono::milliseconds diagnostics_delay{75};
  /// Publish diagnostics for every workspace file, not only for open ones.
  bool workspace_diagnostics = true;
  /// At most this many workspace symbols per query.
  size_t workspace_symbol_limit = 200;
  /// Workspace files larger than this are not read (a guard against a stray dump).
  uint64_t max_file_size = 32ull * 1024 * 1024;
};

}  // namespace kgls::lang
