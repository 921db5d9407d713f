// Loading a workspace from disk for the command-line tools.
#pragma once
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "kgls/workspace.hpp"

namespace kgls::cli {

struct LoadedWorkspace {
  Workspace workspace;
  std::set<std::string> reported;   // Document paths whose diagnostics are printed.
  std::vector<std::string> errors;  // Files or folders that could not be read.
};

/// Reads and parses files on all cores. Document paths are as the user would type them:
/// relative to the current folder when inside it.
void load_files(const std::vector<std::filesystem::path>& files, LoadedWorkspace& out);

/// `kgls check` semantics: folders are scanned whole; a file is checked within its workspace
/// (the nearest folder above it with schema.kg, .kgignore or .git), but only it is reported.
/// Returns false with a one-line reason when a path does not exist.
bool load_for_check(const std::vector<std::string>& paths, LoadedWorkspace& out, std::string& error);

/// Every diagnostic of the workspace, by document path: syntax, workspace and schema checks
/// (and, where the similarity layer is built in, likely duplicates).
std::map<std::string, std::vector<Diagnostic>> all_diagnostics(const Workspace& workspace);

/// How a path is shown: relative to the current folder when inside it, else absolute.
std::string display_path(const std::filesystem::path& path);

}  // namespace kgls::cli
