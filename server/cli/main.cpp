// kgls: the command line. `kgls check`, and the other commands as their layers land.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const kgls::cli::Args&);
};

// Add a row per subcommand (keep the table sorted by name).
const Command kCommands[] = {
    {"check", "report syntax and workspace problems in .kg files", kgls::cli::run_check},
    {"duplicates", "list pairs of entities that look like the same thing", kgls::cli::run_duplicates},
    {"eval", "measure similar entities and duplicate warnings against labelled pairs", kgls::cli::run_eval},
    {"export", "write the graph as JSON, Graphviz DOT or GraphML", kgls::cli::run_export},
    {"format", "print .kg files in the canonical layout, or check or rewrite them", kgls::cli::run_format},
    {"graph", "draw an entity's neighbourhood (SVG, DOT or an HTML page)", kgls::cli::run_graph},
    {"index", "build or refresh the SQLite graph index", kgls::cli::run_index},
    {"serve", "serve the Language Server Protocol on stdio (also: kgls, kgls --stdio)",
     kgls::cli::run_serve},
    {"show", "print an entity's card", kgls::cli::run_show},
    {"similar", "list the entities most similar to one, by embedding", kgls::cli::run_similar},
};

void usage(std::FILE* out) {
  std::fprintf(out, "usage: kgls <command> [options]\n\ncommands:\n");
  for (const auto& c : kCommands) std::fprintf(out, "  %-12s %s\n", c.name, c.summary);
  std::fprintf(out, "\n`kgls <command> --help` describes a command's options.\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // An editor starts a language server with no command or with `--stdio`.
  if (args.empty() || args[0] == "--stdio" || args[0].rfind("--log", 0) == 0) {
    return kgls::cli::run_serve(args);
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    usage(stdout);
    return 0;
  }
  if (args[0] == "--version") {
    std::printf("kgls 0.1.0\n");
    return 0;
  }
  for (const auto& c : kCommands) {
    if (args[0] == c.name) return c.run({args.begin() + 1, args.end()});
  }
  std::fprintf(stderr, "kgls: unknown command '%s' (try `kgls --help`)\n", args[0].c_str());
  return 2;
}
