// The kgls subcommands. Each returns the process exit code:
// 0 success, 1 findings (errors, a miss), 2 usage or I/O problems.
#pragma once
#include <string>
#include <vector>

namespace kgls::cli {

using Args = std::vector<std::string>;  // Arguments after the subcommand name.

int run_check(const Args& args);
int run_duplicates(const Args& args);  // server/cli/similarity_cmd.cpp
int run_eval(const Args& args);    // server/cli/eval_cmd.cpp
int run_export(const Args& args);  // server/cli/export_cmd.cpp
int run_format(const Args& args);  // server/cli/format_cmd.cpp
int run_graph(const Args& args);   // server/cli/graph_cmd.cpp
int run_index(const Args& args);   // server/cli/index_cmd.cpp
int run_serve(const Args& args);   // server/cli/serve.cpp
int run_show(const Args& args);    // server/cli/show_cmd.cpp
int run_similar(const Args& args);  // server/cli/similarity_cmd.cpp

}  // namespace kgls::cli
