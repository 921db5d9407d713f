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
};

void usage(std::FILE* out) {
  std::fprintf(out, "usage: kgls <command> [options]\n\ncommands:\n");
  for (const auto& c : kCommands) std::fprintf(out, "  %-12s %s\n", c.name, c.summary);
  std::fprintf(out, "\n`kgls <command> --help` describes a command's options.\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    usage(stderr);
    return 2;
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
