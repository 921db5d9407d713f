#include "architecture_check.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace kgls::architecture {
namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

bool is_source(const fs::path& path) {
  const auto ext = path.extension().string();
  return ext == ".cpp" || ext == ".hpp" || ext == ".h" || ext == ".c" || ext == ".inc";
}

// The rules of ARCHITECTURE.md's ```layers block.
struct Rules {
  std::vector<std::pair<std::string, std::string>> owners;  // path prefix -> layer
  std::map<std::string, std::set<std::string>> uses;          // layer -> layers right below
  std::vector<std::string> json;                              // path prefixes that may include JSON
  std::set<std::string> layers;
};

bool has_prefix(const std::string& path, const std::string& prefix) {
  if (path == prefix) return true;
  return path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
         path[prefix.size()] == '/';
}

std::optional<std::string> layer_of(const Rules& rules, const std::string& path) {
  std::optional<std::string> best;
  std::size_t best_length = 0;
  for (const auto& [prefix, layer] : rules.owners) {
    if (has_prefix(path, prefix) && prefix.size() >= best_length) {
      best = layer;
      best_length = prefix.size();
    }
  }
  return best;
}

Rules read_rules(const fs::path& root, std::vector<std::string>& problems) {
  Rules rules;
  const std::string doc = read_file(root / "ARCHITECTURE.md");
  const auto start = doc.find("```layers\n");
  if (start == std::string::npos) {
    problems.push_back("ARCHITECTURE.md has no ```layers block");
    return rules;
  }
  const auto body_start = start + std::string("```layers\n").size();
  const auto end = doc.find("```", body_start);
  std::istringstream body(doc.substr(body_start, end - body_start));
  std::string line;
  while (std::getline(body, line)) {
    std::istringstream words(line);
    std::string verb;
    if (!(words >> verb) || verb[0] == '#') continue;
    std::vector<std::string> rest;
    for (std::string word; words >> word;) rest.push_back(word);
    if (verb == "layer" && rest.size() >= 2) {
      rules.layers.insert(rest[0]);
      for (std::size_t i = 1; i < rest.size(); ++i) rules.owners.emplace_back(rest[i], rest[0]);
    } else if (verb == "uses" && !rest.empty()) {
      auto& below = rules.uses[rest[0]];
      below.insert(rest.begin() + 1, rest.end());
    } else if (verb == "json") {
      rules.json.insert(rules.json.end(), rest.begin(), rest.end());
    } else {
      problems.push_back("ARCHITECTURE.md layers block: cannot read \"" + line + "\"");
    }
  }
  for (const auto& [layer, below] : rules.uses) {
    for (const auto& name : below) {
      if (!rules.layers.contains(name) || !rules.layers.contains(layer)) {
        problems.push_back("ARCHITECTURE.md layers block: unknown layer in \"uses " + layer + "\"");
      }
    }
  }
  return rules;
}

// The layers a layer may include: itself and everything below it, transitively.
std::set<std::string> reachable(const Rules& rules, const std::string& layer) {
  std::set<std::string> seen{layer};
  std::vector<std::string> todo{layer};
  while (!todo.empty()) {
    const auto next = todo.back();
    todo.pop_back();
    const auto it = rules.uses.find(next);
    if (it == rules.uses.end()) continue;
    for (const auto& below : it->second) {
      if (seen.insert(below).second) todo.push_back(below);
    }
  }
  return seen;
}

// The file an include names, relative to the root, or nothing when it is not in the tree.
std::optional<std::string> resolve(const fs::path& root, const std::string& file,
                                   const std::string& target) {
  const fs::path candidates[] = {
      fs::path(file).parent_path() / target,
      fs::path("include") / target,
      fs::path("server") / target,
  };
  for (const auto& candidate : candidates) {
    if (fs::is_regular_file(root / candidate)) return candidate.lexically_normal().generic_string();
  }
  return std::nullopt;
}

// Backticked names of a code map, with `{a,b}` alternatives expanded.
std::vector<std::string> code_map_names(const std::string& readme) {
  std::vector<std::string> names;
  static const std::regex ticked("`([^`\\s]+)`");
  for (auto it = std::sregex_iterator(readme.begin(), readme.end(), ticked);
       it != std::sregex_iterator(); ++it) {
    std::vector<std::string> pending{(*it)[1].str()};
    while (!pending.empty()) {
      const auto name = pending.back();
      pending.pop_back();
      const auto open = name.find('{');
      const auto close = name.find('}', open == std::string::npos ? 0 : open);
      if (open == std::string::npos || close == std::string::npos) {
        names.push_back(name);
        continue;
      }
      std::istringstream options(name.substr(open + 1, close - open - 1));
      for (std::string option; std::getline(options, option, ',');) {
        pending.push_back(name.substr(0, open) + option + name.substr(close + 1));
      }
    }
  }
  return names;
}

// `name` names `file` (a path relative to the README's folder): exactly, or with `.*` for
// every extension.
bool names_file(const std::string& name, const std::string& file) {
  if (name == file) return true;
  if (name.size() > 2 && name.ends_with(".*")) {
    const auto stem = name.substr(0, name.size() - 1);
    return file.compare(0, stem.size(), stem) == 0 && file.find('/', stem.size()) == std::string::npos;
  }
  return false;
}

}  // namespace

std::vector<std::string> check_tree(const fs::path& root) {
  std::vector<std::string> problems;
  const Rules rules = read_rules(root, problems);
  if (!problems.empty()) return problems;

  static const std::regex include_line(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
  std::vector<std::string> files;
  for (const auto* top : {"server", "include"}) {
    if (!fs::is_directory(root / top)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      if (entry.is_regular_file() && is_source(entry.path())) {
        files.push_back(fs::relative(entry.path(), root).generic_string());
      }
    }
  }
  std::sort(files.begin(), files.end());

  for (const auto& file : files) {
    const auto layer = layer_of(rules, file);
    if (!layer) {
      problems.push_back(file + " belongs to no layer of ARCHITECTURE.md's layers block");
      continue;
    }
    const auto allowed = reachable(rules, *layer);
    const bool json_allowed = std::any_of(rules.json.begin(), rules.json.end(),
                                          [&](const auto& prefix) { return has_prefix(file, prefix); });
    std::istringstream text(read_file(root / file));
    std::string line;
    for (int number = 1; std::getline(text, line); ++number) {
      std::smatch match;
      if (!std::regex_search(line, match, include_line)) continue;
      const std::string target = match[2];
      const std::string where = file + ":" + std::to_string(number);
      if (target.starts_with("nlohmann/")) {
        if (!json_allowed) {
          problems.push_back(where + " includes <" + target +
                             ">, and only the places in ARCHITECTURE.md's json line may");
        }
        continue;
      }
      const auto resolved = resolve(root, file, target);
      if (!resolved) continue;  // a system or library header
      const auto target_layer = layer_of(rules, *resolved);
      if (!target_layer) continue;  // reported as a file of no layer
      if (!allowed.contains(*target_layer)) {
        problems.push_back(where + " includes " + target + " (layer " + *target_layer +
                           "), which is not below its layer " + *layer);
      }
    }
  }

  // Every folder of server/ that holds a layer has a code map (its README.md), and every
  // source file under it is on that map.
  if (fs::is_directory(root / "server")) {
    for (const auto& folder : fs::directory_iterator(root / "server")) {
      if (!folder.is_directory()) continue;
      const auto readme = folder.path() / "README.md";
      if (!fs::is_regular_file(readme)) {
        const auto name = fs::relative(folder.path(), root).generic_string();
        const bool holds_layer = std::any_of(rules.owners.begin(), rules.owners.end(), [&](const auto& owner) {
          return owner.first == name || has_prefix(owner.first, name);
        });
        if (holds_layer) problems.push_back(name + " has no code map (" + name + "/README.md)");
        continue;
      }
      const auto names = code_map_names(read_file(readme));
      for (const auto& entry : fs::recursive_directory_iterator(folder.path())) {
        if (!entry.is_regular_file() || !is_source(entry.path())) continue;
        const auto relative = fs::relative(entry.path(), folder.path()).generic_string();
        const bool mapped = std::any_of(names.begin(), names.end(),
                                        [&](const auto& name) { return names_file(name, relative); });
        if (!mapped) {
          problems.push_back(fs::relative(entry.path(), root).generic_string() +
                             " is missing from the code map " +
                             fs::relative(readme, root).generic_string());
        }
      }
    }
  }
  return problems;
}

}  // namespace kgls::architecture
