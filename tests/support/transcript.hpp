// The transcript runner: a script of JSON-RPC messages (tests/lsp/transcripts/*.jsonrpc,
// the format in tests/lsp/transcripts/README.md) sent to the real `kgls` binary through the
// server process driver (lsp_process.hpp), and the messages expected back.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace kgls::test {

/// Runs one transcript; every mismatch is a GoogleTest failure of the calling test.
void run_transcript(const std::filesystem::path& transcript);

/// The file names of the transcripts (`*.jsonrpc`) in `folder`, sorted.
std::vector<std::string> transcript_names(const std::filesystem::path& folder);

}  // namespace kgls::test
