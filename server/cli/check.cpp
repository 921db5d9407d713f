// `kgls check [PATH...]`: parse, check, print diagnostics; exit 0 / 1 (errors) / 2 (usage, I/O).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/commands.hpp"
#include "cli/workspace_loader.hpp"
#include "kgls/files.hpp"
#include "kgls/workspace.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace kgls::cli {

namespace {

const char* kCheckHelp = R"(usage: kgls check [PATH...] [--format text|json|sarif] [--warnings-as-errors]

Checks .kg files: syntax, duplicate IDs, unresolved references and the schema.
PATH is a folder (checked recursively, honouring .kgignore, skipping .git and
node_modules) or a file (checked within its workspace: the nearest folder above it
holding schema.kg, .kgignore or .git; without one, the .kg files beside it).
Default: the current folder.

Output: file:line:col: severity: message [code], columns in Unicode characters.
  --format json    an array of {file,line,column,endLine,endColumn,severity,code,message}
  --format sarif   SARIF 2.1.0 for code scanning
Exit: 0 no errors, 1 errors (or warnings with --warnings-as-errors), 2 usage or I/O problem.
)";

struct Finding {
  const Document* doc;
  const Diagnostic* diag;
};

json related_json(const Workspace& ws, const Diagnostic& d) {
  json out = json::array();
  for (const auto& r : d.related) {
    const Document* other = ws.document(r.path);
    out.push_back({{"file", r.path},
                   {"line", r.range.utf16.start.line + 1},
                   {"column", other ? other->lines.display_column(r.range.bytes.begin) : r.range.utf16.start.character + 1},
                   {"message", r.message}});
  }
  return out;
}

json sarif(const Workspace& ws, const std::vector<Finding>& findings) {
  static const std::map<std::string, std::string> kRules = {
      {"syntax", "The text does not parse."},
      {"duplicate-id", "An ID is defined more than once."},
      {"unresolved-reference", "An edge target that no file defines."},
      {"unknown-kind", "A kind the schema does not declare."},
      {"unknown-relation", "A relation the schema does not declare."},
      {"missing-field", "A field the kind requires is absent."},
      {"relation-kinds", "The edge's source or target kind is outside the relation's from/to."},
      {"invalid-value", "A value the field's declaration does not list in its values."},
      {"likely-duplicate", "Two entities look like the same thing and no typed edge joins them."},
  };
  json rules = json::array();
  for (const auto& [id, text] : kRules) rules.push_back({{"id", id}, {"shortDescription", {{"text", text}}}});
  json results = json::array();
  for (const auto& f : findings) {
    const auto& r = f.diag->range.utf16;
    json location = {{"physicalLocation",
                      {{"artifactLocation", {{"uri", fs::path(f.doc->path).generic_string()}}},
                       {"region",
                        {{"startLine", r.start.line + 1},
                         {"startColumn", r.start.character + 1},
                         {"endLine", r.end.line + 1},
                         {"endColumn", r.end.character + 1}}}}}};
    json result = {{"ruleId", f.diag->code},
                   {"level", f.diag->severity == Severity::Error     ? "error"
                             : f.diag->severity == Severity::Warning ? "warning"
                                                                     : "note"},
                   {"message", {{"text", f.diag->message}}},
                   {"locations", json::array({location})}};
    if (!f.diag->related.empty()) {
      json related = json::array();
      for (const auto& rel : f.diag->related) {
        related.push_back({{"physicalLocation",
                            {{"artifactLocation", {{"uri", fs::path(rel.path).generic_string()}}},
                             {"region",
                              {{"startLine", rel.range.utf16.start.line + 1},
                               {"startColumn", rel.range.utf16.start.character + 1}}}}},
                           {"message", {{"text", rel.message}}}});
      }
      result["relatedLocations"] = related;
    }
    results.push_back(result);
  }
  (void)ws;
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", json::array({{{"tool",
                                  {{"driver",
                                    {{"name", "kgls"},
                                     {"version", "0.1.0"},
                                     {"informationUri", "https://github.com/kgls/kgls"},
                                     {"rules", rules}}}}},
                                 {"columnKind", "utf16CodeUnits"},
                                 {"results", results}}})}};
}

}  // namespace

int run_check(const Args& args) {
  std::string format = "text";
  bool warnings_as_errors = false;
  std::vector<std::string> paths;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      std::cout << kCheckHelp;
      return 0;
    } else if (a == "--format" || a.rfind("--format=", 0) == 0) {
      if (a == "--format") {
        if (i + 1 >= args.size()) {
          std::cerr << "kgls check: --format needs a value: text, json or sarif\n";
          return 2;
        }
        format = args[++i];
      } else {
        format = a.substr(9);
      }
      if (format != "text" && format != "json" && format != "sarif") {
        std::cerr << "kgls check: unknown format '" << format << "' (use text, json or sarif)\n";
        return 2;
      }
    } else if (a == "--warnings-as-errors") {
      warnings_as_errors = true;
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      std::cerr << "kgls check: unknown option '" << a << "' (see `kgls check --help`)\n";
      return 2;
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty()) paths.push_back(".");

  LoadedWorkspace loaded;
  std::string error;
  if (!load_for_check(paths, loaded, error)) {
    std::cerr << "kgls check: " << error << "\n";
    return 2;
  }
  for (const auto& e : loaded.errors) std::cerr << "kgls check: " << e << "\n";

  const auto diagnostics = all_diagnostics(loaded.workspace);
  std::vector<Finding> findings;
  size_t errors = 0, warnings = 0;
  for (const auto& [path, list] : diagnostics) {
    if (!loaded.reported.count(path)) continue;
    const Document* doc = loaded.workspace.document(path);
    for (const auto& d : list) {
      findings.push_back({doc, &d});
      if (d.severity == Severity::Error) ++errors;
      if (d.severity == Severity::Warning) ++warnings;
    }
  }

  if (format == "json") {
    json out = json::array();
    for (const auto& f : findings) {
      const auto& d = *f.diag;
      json item = {{"file", f.doc->path},
                   {"line", d.range.utf16.start.line + 1},
                   {"column", f.doc->lines.display_column(d.range.bytes.begin)},
                   {"endLine", d.range.utf16.end.line + 1},
                   {"endColumn", f.doc->lines.display_column(d.range.bytes.end)},
                   {"severity", to_string(d.severity)},
                   {"code", d.code},
                   {"message", d.message}};
      if (!d.related.empty()) item["related"] = related_json(loaded.workspace, d);
      out.push_back(std::move(item));
    }
    std::cout << out.dump(2) << "\n";
  } else if (format == "sarif") {
    std::cout << sarif(loaded.workspace, findings).dump(2) << "\n";
  } else {
    for (const auto& f : findings) {
      const auto& d = *f.diag;
      std::cout << f.doc->path << ":" << d.range.utf16.start.line + 1 << ":"
                << f.doc->lines.display_column(d.range.bytes.begin) << ": " << to_string(d.severity) << ": "
                << d.message << " [" << d.code << "]\n";
    }
    std::cerr << loaded.reported.size() << (loaded.reported.size() == 1 ? " file" : " files") << " checked: "
              << errors << (errors == 1 ? " error" : " errors") << ", " << warnings
              << (warnings == 1 ? " warning" : " warnings") << "\n";
  }
  if (!loaded.errors.empty()) return 2;
  return errors > 0 || (warnings_as_errors && warnings > 0) ? 1 : 0;
}

}  // namespace kgls::cli
