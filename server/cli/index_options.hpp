// The options every index-backed command shares (`--workspace DIR`, `--index PATH`,
// `--no-index`), and opening + refreshing the index with its notices on stderr.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "kgls/index.hpp"

namespace kgls::cli {

struct IndexArgs {
  std::filesystem::path workspace = ".";
  std::optional<std::filesystem::path> index;
  bool no_index = false;
};

/// Help text for the shared options, to append to a command's usage.
extern const char* const kIndexOptionsHelp;

/// Takes the shared options out of `args` (both `--opt VALUE` and `--opt=VALUE`); the
/// rest go to `rest` in order. Returns false with a one-line `error` on a bad option.
bool parse_index_args(const Args& args, IndexArgs& out, std::vector<std::string>& rest, std::string& error);

/// `--name VALUE` or `--name=VALUE` at args[i]: true when it matches (advancing i past a
/// separate value); `error` is set when the value is missing.
bool take_value(const std::vector<std::string>& args, size_t& i, const std::string& name, std::string& value,
                std::string& error);

/// Opens the workspace's index and refreshes it, printing notices and file errors to
/// stderr as `kgls: ...` lines. With `progress`, draws a progress bar on stderr when it
/// is a terminal. Returns null (after printing why) when the workspace is not a folder.
std::unique_ptr<Index> open_index(const IndexArgs& args, IndexStats* stats = nullptr, bool progress = false);

/// Prints notices the index gathered since the last call (a query that found a damaged
/// page rebuilds the index and says so).
void print_notices(Index& index);

/// Prints "did you mean:" and the IDs and titles of the index closest to `id` on stderr
/// (nothing when none is close), for a command that found no entity `id`.
void print_did_you_mean(Index& index, std::string_view id);

/// True when stdout is a terminal and NO_COLOR is not set.
bool stdout_wants_color();

}  // namespace kgls::cli
