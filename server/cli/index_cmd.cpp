// `kgls index`: build or refresh the workspace's SQLite index; prints counts and time.
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/index_options.hpp"

namespace kgls::cli {

namespace {

const char* kIndexHelp = R"(usage: kgls index [--workspace DIR] [--index PATH | --no-index]

Builds the workspace's graph index, or brings it up to date: files whose size, mtime and
content hash are unchanged are not parsed again. The index is a cache of the .kg files
(schema: docs/index.md); a damaged or outdated one is rebuilt.
)";

}  // namespace

int run_index(const Args& args) {
  IndexArgs options;
  std::vector<std::string> rest;
  std::string error;
  if (!parse_index_args(args, options, rest, error)) {
    std::fprintf(stderr, "kgls index: %s\n", error.c_str());
    return 2;
  }
  for (const auto& a : rest) {
    if (a == "--help" || a == "-h") {
      std::cout << kIndexHelp << "\noptions:" << kIndexOptionsHelp;
      return 0;
    }
    std::fprintf(stderr, "kgls index: unexpected argument '%s' (try `kgls index --help`)\n", a.c_str());
    return 2;
  }
  IndexStats stats;
  const auto index = open_index(options, &stats, /*progress=*/true);
  if (!index) return 2;
  std::printf("indexed %zu files in %.0f ms: %zu parsed, %zu unchanged, %zu touched, %zu renamed, %zu removed\n",
              stats.files, stats.milliseconds, stats.parsed, stats.unchanged, stats.touched, stats.renamed,
              stats.removed);
  std::printf("%zu entities, %zu edges\n", stats.entities, stats.edges);
  std::printf("index: %s\n", index->in_memory() ? "in memory" : index->location().string().c_str());
  return 0;
}

}  // namespace kgls::cli
