// Transcript tests: each tests/lsp/transcripts/*.jsonrpc file is a script of JSON-RPC
// messages sent to the real `kgls` binary over stdio, and of the messages expected back,
// run by the transcript runner (tests/support/transcript.hpp). The format is described in
// tests/lsp/transcripts/README.md.
#include <signal.h>

#include <cctype>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "../support/transcript.hpp"

namespace {

namespace fs = std::filesystem;

fs::path transcript_dir() { return fs::path(KGLS_SOURCE_DIR).lexically_normal() / "tests/lsp/transcripts"; }

class Transcript : public ::testing::TestWithParam<std::string> {};

TEST_P(Transcript, Runs) {
  signal(SIGPIPE, SIG_IGN);  // A server that exits early must fail the test, not kill it.
  kgls::test::run_transcript(transcript_dir() / GetParam());
}

INSTANTIATE_TEST_SUITE_P(Lsp, Transcript, ::testing::ValuesIn(kgls::test::transcript_names(transcript_dir())),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = fs::path(param.param).stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
