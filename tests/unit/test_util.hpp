// Helpers shared by the unit tests.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "kgls/model.hpp"
#include "kgls/workspace.hpp"

namespace kgls::test {

inline std::shared_ptr<const Document> parse(std::string text, std::string path = "test.kg") {
  return parse_document(std::move(path), std::move(text));
}

/// Codes of a document's syntax diagnostics, in order.
inline std::vector<std::string> codes(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics) out.push_back(d.code);
  return out;
}

/// "line:col message" (1-based line, 1-based UTF-16 column) of each diagnostic, for whole-message asserts.
inline std::vector<std::string> described(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics) {
    out.push_back(std::to_string(d.range.utf16.start.line + 1) + ":" + std::to_string(d.range.utf16.start.character + 1) +
                  " " + d.message + " [" + d.code + "]");
  }
  return out;
}

/// The text a range covers.
inline std::string slice(const Document& doc, const SourceRange& r) {
  return doc.text.substr(r.bytes.begin, r.bytes.end - r.bytes.begin);
}

inline Workspace workspace(const std::vector<std::pair<std::string, std::string>>& files) {
  Workspace ws;
  for (const auto& [path, text] : files) ws.set_document(parse_document(path, text));
  return ws;
}

}  // namespace kgls::test
