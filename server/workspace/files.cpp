// Workspace file discovery: `*.kg` files, `.kgignore` (gitignore syntax), safe symlinks.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "kgls/files.hpp"

namespace fs = std::filesystem;

namespace kgls {

namespace {

// gitignore-style glob: `*` and `?` stay within a path segment, `**` crosses segments,
// `[...]` is a character class, `\x` is a literal x.
bool glob(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.substr(0, 2) == "**") {
      std::string_view rest = p.substr(2);
      if (!rest.empty() && rest.front() == '/') {
        rest.remove_prefix(1);
        // `**/` matches zero or more whole segments.
        if (glob(rest, s)) return true;
        for (size_t i = 0; i < s.size(); ++i) {
          if (s[i] == '/' && glob(rest, s.substr(i + 1))) return true;
        }
        return false;
      }
      for (size_t i = 0; i <= s.size(); ++i) {
        if (glob(rest, s.substr(i))) return true;
      }
      return false;
    }
    const char c = p.front();
    if (c == '*') {
      std::string_view rest = p.substr(1);
      for (size_t i = 0; i <= s.size(); ++i) {
        if (glob(rest, s.substr(i))) return true;
        if (i < s.size() && s[i] == '/') break;
      }
      return false;
    }
    if (s.empty()) return false;
    if (c == '?') {
      if (s.front() == '/') return false;
    } else if (c == '[') {
      const size_t close = p.find(']', 2);
      if (close == std::string_view::npos) {
        if (s.front() != '[') return false;
      } else {
        std::string_view set = p.substr(1, close - 1);
        bool negate = !set.empty() && (set.front() == '!' || set.front() == '^');
        if (negate) set.remove_prefix(1);
        bool match = false;
        for (size_t i = 0; i < set.size(); ++i) {
          if (i + 2 < set.size() && set[i + 1] == '-') {
            match |= set[i] <= s.front() && s.front() <= set[i + 2];
            i += 2;
          } else {
            match |= set[i] == s.front();
          }
        }
        if (match == negate || s.front() == '/') return false;
        p.remove_prefix(close + 1);
        s.remove_prefix(1);
        continue;
      }
    } else if (c == '\\' && p.size() > 1) {
      p.remove_prefix(1);
      if (s.front() != p.front()) return false;
    } else if (c != s.front()) {
      return false;
    }
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}

bool inside(const fs::path& root, const fs::path& path) {
  auto r = root.begin(), p = path.begin();
  for (; r != root.end(); ++r, ++p) {
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

}  // namespace

void IgnoreRules::add(const std::string& base, const std::string& content) {
  std::istringstream in(content);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Trailing spaces are ignored unless escaped.
    while (!line.empty() && line.back() == ' ' && !(line.size() > 1 && line[line.size() - 2] == '\\')) line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    Rule rule;
    rule.base = base;
    if (line.front() == '!') {
      rule.negate = true;
      line.erase(0, 1);
    } else if (line.front() == '\\') {
      line.erase(0, 1);  // `\#` and `\!` start a literal pattern.
    }
    if (!line.empty() && line.back() == '/') {
      rule.dir_only = true;
      line.pop_back();
    }
    if (line.empty()) continue;
    rule.anchored = line.find('/') != std::string::npos;
    if (line.front() == '/') line.erase(0, 1);
    rule.pattern = line;
    rules_.push_back(std::move(rule));
  }
}

bool IgnoreRules::ignored(const std::string& relative, bool is_dir) const {
  bool result = false;
  for (const auto& rule : rules_) {
    if (rule.dir_only && !is_dir) continue;
    std::string_view path = relative;
    if (!rule.base.empty()) {
      if (path.substr(0, rule.base.size()) != rule.base || path.size() <= rule.base.size() ||
          path[rule.base.size()] != '/')
        continue;
      path.remove_prefix(rule.base.size() + 1);
    }
    bool match;
    if (rule.anchored) {
      match = glob(rule.pattern, path);
    } else {
      const size_t slash = path.rfind('/');
      match = glob(rule.pattern, slash == std::string_view::npos ? path : path.substr(slash + 1));
    }
    if (match) result = !rule.negate;
  }
  return result;
}

bool read_file(const fs::path& path, std::string& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open " + path.string() + ": " + std::strerror(errno);
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    error = "cannot read " + path.string() + ": " + std::strerror(errno);
    return false;
  }
  out = std::move(buffer).str();
  return true;
}

FileScan find_kg_files(const fs::path& root_in) {
  FileScan scan;
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(root_in, ec);
  if (ec || !fs::is_directory(root, ec)) {
    scan.errors.push_back("not a folder: " + root_in.string());
    return scan;
  }
  IgnoreRules rules;
  std::set<fs::path> visited;  // Canonical folders already walked: no symlink loops.

  // Depth-first walk by hand, so that symlinks are checked before they are followed.
  struct Frame {
    fs::path dir;
    std::string relative;
  };
  std::vector<Frame> stack{{root, ""}};
  while (!stack.empty()) {
    Frame frame = std::move(stack.back());
    stack.pop_back();
    const fs::path canonical = fs::canonical(frame.dir, ec);
    if (ec || !visited.insert(canonical).second) continue;

    std::string ignore_text, error;
    if (fs::exists(frame.dir / ".kgignore", ec) && read_file(frame.dir / ".kgignore", ignore_text, error)) {
      rules.add(frame.relative, ignore_text);
    }
    std::vector<fs::directory_entry> entries;
    fs::directory_iterator it(frame.dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
      scan.errors.push_back("cannot read folder " + frame.dir.string() + ": " + ec.message());
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      entries.push_back(*it);
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.path().filename() > b.path().filename(); });
    for (const auto& entry : entries) {
      const std::string name = entry.path().filename().string();
      const std::string relative = frame.relative.empty() ? name : frame.relative + "/" + name;
      const bool is_link = entry.is_symlink(ec);
      const bool is_dir = entry.is_directory(ec);
      if (is_dir) {
        if (name == ".git" || name == "node_modules") continue;
        if (rules.ignored(relative, true)) continue;
        if (is_link) {
          const fs::path target = fs::canonical(entry.path(), ec);
          if (ec || !inside(root, target)) continue;  // Never leave the workspace.
        }
        stack.push_back({entry.path(), relative});
      } else if (entry.path().extension() == ".kg" && entry.is_regular_file(ec)) {
        if (rules.ignored(relative, false)) continue;
        if (is_link) {
          const fs::path target = fs::canonical(entry.path(), ec);
          if (ec || !inside(root, target)) continue;
        }
        scan.files.push_back(entry.path());
      }
    }
  }
  std::sort(scan.files.begin(), scan.files.end());
  return scan;
}

}  // namespace kgls
