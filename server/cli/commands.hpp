// The kgls subcommands. Each returns the process exit code:
// 0 success, 1 findings (errors, a miss), 2 usage or I/O problems.
#pragma once
#include <string>
#include <vector>

namespace kgls::cli {

using Args = std::vector<std::string>;  // Arguments after the subcommand name.

int run_check(const Args& args);

}  // namespace kgls::cli
