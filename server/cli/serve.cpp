// `kgls serve` (also `kgls`, `kgls --stdio`): the language server on stdin/stdout.
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <string>

#include <unistd.h>

#include "cli/commands.hpp"
#include "lsp/handlers/lsp_server.hpp"
#include "lsp/transport/stdio_transport.hpp"

namespace kgls::cli {

namespace {

void serve_usage(std::FILE* out) {
  std::fprintf(out,
               "usage: kgls serve [--stdio] [--log FILE] [--log-level LEVEL]\n"
               "\n"
               "Serves the Language Server Protocol on stdin/stdout; an editor starts it.\n"
               "  --stdio            talk over stdin/stdout (the default and only transport)\n"
               "  --log FILE         append the log to FILE instead of stderr\n"
               "  --log-level LEVEL  error, warn, info (default), debug or trace\n"
               "                     (trace logs every message)\n");
}

}  // namespace

int run_serve(const Args& args) {
  std::string log_file;
  lsp::LogLevel level = lsp::LogLevel::Info;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    // Both `--log FILE` and `--log=FILE`.
    const auto value = [&](const std::string& name, std::string& out) {
      if (arg == name) {
        if (i + 1 >= args.size()) return false;
        out = args[++i];
        return true;
      }
      if (arg.rfind(name + "=", 0) == 0) {
        out = arg.substr(name.size() + 1);
        return true;
      }
      return false;
    };
    std::string text;
    if (arg == "--stdio") continue;
    if (arg == "--help" || arg == "-h") {
      serve_usage(stdout);
      return 0;
    }
    if (value("--log", log_file)) continue;
    if (value("--log-level", text)) {
      auto parsed = lsp::parse_log_level(text);
      if (!parsed) {
        std::fprintf(stderr, "kgls serve: unknown log level '%s' (error, warn, info, debug, trace)\n",
                     text.c_str());
        return 2;
      }
      level = *parsed;
      continue;
    }
    std::fprintf(stderr, "kgls serve: unknown or incomplete option '%s'\n", arg.c_str());
    serve_usage(stderr);
    return 2;
  }

  // A client that dies mid-write must not kill us with SIGPIPE: the write fails instead
  // and the transport ends the loop.
  std::signal(SIGPIPE, SIG_IGN);

  lsp::Logger log(stderr, level);
  if (!log_file.empty()) {
    std::string error;
    if (!log.open_file(log_file, error)) {
      std::fprintf(stderr, "kgls serve: %s\n", error.c_str());
      return 2;
    }
  }
  if (isatty(STDIN_FILENO)) {
    log.warn("kgls speaks LSP on stdin/stdout and is meant to be started by an editor; "
             "`kgls --help` lists the other commands");
  }
  log.info(std::string("kgls ") + lsp::server_version() + " serving LSP on stdio");
  lsp::StdioTransport transport(STDIN_FILENO, STDOUT_FILENO, log);
  lsp::LspServer server(transport, log);
  const int code = server.run();
  // The editor said `exit` (or went away): end now, whatever runs in the background. A
  // similarity pass over 100,000 entities or an index write would keep the process alive
  // for seconds after the editor closed, and neither has anything left to give: passes
  // live in memory, and an index transaction not yet committed is rolled back by SQLite
  // (WAL) when the index is next opened, so the next start finds the index as the last
  // committed write left it. The replies are written already (run() returns once the
  // transport has flushed them); the log writes each line as it goes.
  log.info("exiting with code " + std::to_string(code) + "; background work, if any, is abandoned");
  std::fflush(nullptr);
  std::_Exit(code);
}

}  // namespace kgls::cli
