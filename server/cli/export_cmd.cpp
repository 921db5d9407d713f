// `kgls export --format json|dot|graphml [--output FILE]`: the indexed graph for other tools.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/index_options.hpp"
#include "index/export.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace kgls::cli {

namespace {

const char* kExportHelp = R"(usage: kgls export --format json|dot|graphml [--output FILE]
                   [--workspace DIR] [--index PATH | --no-index]

Writes the workspace graph (from the index, refreshed first) to FILE or stdout:
  json     {"entities": [...], "edges": [...]}
  dot      a Graphviz digraph (render with `dot -Tsvg`)
  graphml  GraphML with node attributes (kind, title, status, summary, aliases, tags,
           file) and edge attributes (relation, note)
)";

json field_value(const FieldRecord& f) {
  if (f.type == Value::Type::List) return f.items;
  const std::string& text = f.items.empty() ? f.value : f.items.front();
  if (f.type == Value::Type::Bool) return text == "true";
  if (f.type == Value::Type::Number) {
    // Numbers stay as written when JSON cannot hold them exactly (2021 vs 2021.0).
    try {
      size_t used = 0;
      if (text.find_first_of(".eE") == std::string::npos) {
        const long long n = std::stoll(text, &used);
        if (used == text.size()) return n;
      } else {
        const double d = std::stod(text, &used);
        if (used == text.size()) return d;
      }
    } catch (const std::exception&) {
    }
  }
  return text;
}

void write_json(Index& index, std::ostream& out) {
  json entities = json::array();
  for (const EntityRecord& e : index.all_entities()) {
    json fields = json::object();
    for (const FieldRecord& f : index.fields(e.key)) fields[f.key] = field_value(f);
    entities.push_back({{"id", e.id},
                        {"kind", e.kind},
                        {"title", e.title},
                        {"status", e.status},
                        {"summary", e.summary},
                        {"aliases", index.aliases(e.key)},
                        {"fields", fields},
                        {"file", e.path},
                        {"line", e.id_range.utf16.start.line + 1}});
  }
  json edges = json::array();
  for (const EdgeRecord& d : index.all_edges()) {
    json edge = {{"source", d.source}, {"relation", d.relation}, {"target", d.target}};
    if (!d.note.empty()) edge["note"] = d.note;
    edge["file"] = d.path;
    edge["line"] = d.range.utf16.start.line + 1;
    edges.push_back(std::move(edge));
  }
  // Invalid UTF-8 in a file must not abort the export: replace it.
  out << json{{"entities", entities}, {"edges", edges}}.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace

int run_export(const Args& args) {
  IndexArgs options;
  std::vector<std::string> rest;
  std::string error;
  if (!parse_index_args(args, options, rest, error)) {
    std::fprintf(stderr, "kgls export: %s\n", error.c_str());
    return 2;
  }
  std::string format, output;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == "--help" || rest[i] == "-h") {
      std::cout << kExportHelp << "\noptions:" << kIndexOptionsHelp;
      return 0;
    }
    if (take_value(rest, i, "--format", format, error) || take_value(rest, i, "--output", output, error)) {
      if (!error.empty()) {
        std::fprintf(stderr, "kgls export: %s\n", error.c_str());
        return 2;
      }
      continue;
    }
    std::fprintf(stderr, "kgls export: unexpected argument '%s' (try `kgls export --help`)\n", rest[i].c_str());
    return 2;
  }
  if (format != "json" && format != "dot" && format != "graphml") {
    std::fprintf(stderr, "kgls export: --format must be json, dot or graphml%s\n",
                 format.empty() ? "" : (" (not '" + format + "')").c_str());
    return 2;
  }
  // The .kg files are the truth and kgls never writes one.
  if (fs::path(output).extension() == ".kg") {
    std::fprintf(stderr, "kgls export: refusing to write %s: .kg files are never written\n", output.c_str());
    return 2;
  }
  const auto index = open_index(options);
  if (!index) return 2;

  // Render fully first, so a failure never leaves a half-written file.
  std::ostringstream text;
  try {
    if (format == "json") write_json(*index, text);
    if (format == "dot") write_dot(*index, text);
    if (format == "graphml") write_graphml(*index, text);
  } catch (const sql::Error& e) {
    std::fprintf(stderr, "kgls export: reading the index failed: %s\n", e.what());
    return 2;
  }
  print_notices(*index);
  if (output.empty() || output == "-") {
    std::cout << text.str();
    std::cout.flush();
    return std::cout ? 0 : 2;
  }
  std::ofstream file(output, std::ios::binary | std::ios::trunc);
  file << text.str();
  file.close();
  if (!file) {
    std::fprintf(stderr, "kgls export: cannot write %s\n", output.c_str());
    return 2;
  }
  return 0;
}

}  // namespace kgls::cli
