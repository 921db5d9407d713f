// Shared options and index opening for `kgls index`, `kgls show` and `kgls export`.
#include "cli/index_options.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <system_error>

#include "kgls/card.hpp"

namespace kgls::cli {

const char* const kIndexOptionsHelp = R"(
  --workspace DIR  the workspace folder (default: the current folder)
  --index PATH     keep the index in PATH (default: $XDG_CACHE_HOME/kgls/<hash>/index.db,
                   else ~/.cache/kgls/<hash>/index.db)
  --no-index       keep the index in memory only
)";

bool take_value(const std::vector<std::string>& args, size_t& i, const std::string& name, std::string& value,
                std::string& error) {
  const std::string& a = args[i];
  if (a == name) {
    if (i + 1 >= args.size()) {
      error = name + " needs a value";
      return true;
    }
    value = args[++i];
    return true;
  }
  if (a.rfind(name + "=", 0) == 0) {
    value = a.substr(name.size() + 1);
    if (value.empty()) error = name + " needs a value";
    return true;
  }
  return false;
}

bool parse_index_args(const Args& args, IndexArgs& out, std::vector<std::string>& rest, std::string& error) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string value;
    if (take_value(args, i, "--workspace", value, error)) {
      if (!error.empty()) return false;
      out.workspace = value;
    } else if (take_value(args, i, "--index", value, error)) {
      if (!error.empty()) return false;
      out.index = value;
    } else if (args[i] == "--no-index") {
      out.no_index = true;
    } else {
      rest.push_back(args[i]);
    }
  }
  if (out.no_index && out.index) {
    error = "--index and --no-index exclude each other";
    return false;
  }
  return true;
}

void print_notices(Index& index) {
  for (const auto& notice : index.take_notices()) std::fprintf(stderr, "kgls: %s\n", notice.c_str());
}

void print_did_you_mean(Index& index, std::string_view id) {
  const auto suggestions = index.did_you_mean(id);
  print_notices(index);
  if (suggestions.empty()) return;
  std::fprintf(stderr, "did you mean:\n");
  for (const Suggestion& s : suggestions) {
    const std::string sid = strip_controls(s.id), title = strip_controls(s.title);
    if (title == sid) {
      std::fprintf(stderr, "  %s\n", sid.c_str());
    } else {
      std::fprintf(stderr, "  %s  (%s)\n", sid.c_str(), title.c_str());
    }
  }
}

bool stdout_wants_color() {
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && !(no_color && *no_color);
}

std::unique_ptr<Index> open_index(const IndexArgs& args, IndexStats* stats_out, bool progress) {
  std::error_code ec;
  if (!std::filesystem::is_directory(args.workspace, ec)) {
    std::fprintf(stderr, "kgls: not a folder: %s\n", args.workspace.string().c_str());
    return nullptr;
  }
  std::vector<std::string> notices;
  IndexOptions options;
  options.root = args.workspace;
  options.file = args.index;
  options.in_memory = args.no_index;
  std::unique_ptr<Index> index;
  try {
    index = Index::open(options, notices);
  } catch (const sql::Error& error) {
    std::fprintf(stderr, "kgls: cannot make an index: %s\n", error.what());
    return nullptr;
  }
  for (const auto& notice : notices) std::fprintf(stderr, "kgls: %s\n", notice.c_str());

  // A bar on a terminal only: in a pipe or a log it would be noise.
  const bool bar = progress && isatty(STDERR_FILENO);
  Index::Progress draw;
  if (bar) {
    draw = [](size_t done, size_t total) {
      constexpr size_t kWidth = 30;
      const size_t filled = total ? done * kWidth / total : kWidth;
      std::fprintf(stderr, "\r[%s%s] %zu/%zu files", std::string(filled, '#').c_str(),
                   std::string(kWidth - filled, ' ').c_str(), done, total);
      std::fflush(stderr);
    };
  }
  IndexStats stats;
  try {
    stats = index->refresh(draw);
  } catch (const sql::Error& error) {
    if (bar) std::fprintf(stderr, "\n");
    std::fprintf(stderr, "kgls: indexing failed: %s\n", error.what());
    return nullptr;
  }
  if (bar) std::fprintf(stderr, "\r\x1b[K");
  print_notices(*index);
  for (const auto& error : stats.errors) std::fprintf(stderr, "kgls: %s\n", error.c_str());
  if (stats_out) *stats_out = std::move(stats);
  return index;
}

}  // namespace kgls::cli
