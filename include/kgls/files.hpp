// Finding the `.kg` files of a workspace folder.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace kgls {

struct FileScan {
  std::vector<std::filesystem::path> files;  // Sorted.
  std::vector<std::string> errors;           // Unreadable folders, with the reason.
};

/// Every `*.kg` file under root, recursively: skips `.git` and `node_modules`, honours
/// `.kgignore` files (gitignore syntax) in root and below, and never follows a symlink to
/// a folder outside root or into a loop.
FileScan find_kg_files(const std::filesystem::path& root);

/// Reads a whole file; returns false and sets `error` to a one-line reason on failure.
bool read_file(const std::filesystem::path& path, std::string& out, std::string& error);

/// A gitignore-style pattern list (one `.kgignore`).
class IgnoreRules {
 public:
  /// Adds the lines of a `.kgignore` found in `base` (relative to the scan root, "" for root).
  void add(const std::string& base, const std::string& content);
  /// `relative` uses '/' and is relative to the scan root.
  bool ignored(const std::string& relative, bool is_dir) const;

 private:
  struct Rule {
    std::string base;
    std::string pattern;
    bool negate = false;
    bool dir_only = false;
    bool anchored = false;
  };
  std::vector<Rule> rules_;
};

}  // namespace kgls
