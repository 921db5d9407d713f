// Helpers for the edit layer's tests: build workspaces from texts, apply edits, and describe
// documents in ways that layout does not change (tokens, model).
#pragma once
#include <gtest/gtest.h>
#include <tree_sitter/api.h>

#include <map>
#include <string>
#include <vector>

#include "kgls/edit.hpp"
#include "kgls/model.hpp"
#include "kgls/workspace.hpp"
#include "syntax/unescape.hpp"

namespace kgls::test {

using Files = std::map<std::string, std::string>;

inline Workspace workspace(const Files& files) {
  Workspace ws;
  for (const auto& [path, text] : files) ws.set_document(parse_document(path, text));
  return ws;
}

/// Applies edits that all refer to the text as it is (LSP WorkspaceEdit semantics), checking
/// the layer's promise: sorted, non-overlapping, inside the text.
inline std::string apply_edits(std::string text, std::vector<FileEdit> edits) {
  for (size_t i = 1; i < edits.size(); ++i) {
    EXPECT_LE(edits[i - 1].span.end, edits[i].span.begin) << "edits overlap or are not sorted";
  }
  for (auto it = edits.rbegin(); it != edits.rend(); ++it) {
    EXPECT_LE(it->span.begin, it->span.end);
    EXPECT_LE(it->span.end, text.size());
    if (it->span.begin > it->span.end || it->span.end > text.size()) continue;
    text.replace(it->span.begin, it->span.end - it->span.begin, it->text);
  }
  return text;
}

inline Files apply_edits(const WorkspaceEdit& edit, Files files) {
  std::map<std::string, std::vector<FileEdit>> by_path;
  for (const auto& e : edit.edits) by_path[e.path].push_back(e);
  for (auto& [path, edits] : by_path) {
    auto it = files.find(path);
    if (it == files.end()) {
      ADD_FAILURE() << "edit for a file not in the workspace: " << path;
      continue;
    }
    it->second = apply_edits(it->second, edits);
  }
  return files;
}

inline void leaves(const std::string& text, TSNode node, std::vector<std::string>& out) {
  const std::string_view type = ts_node_type(node);
  const uint32_t b = ts_node_start_byte(node), e = ts_node_end_byte(node);
  std::string_view s = std::string_view(text).substr(b, e - b);
  if (type == "text_block" && !ts_node_has_error(node) && s.size() >= 6) {
    // A text block's lines may be re-indented; what must survive is its value.
    out.push_back("TEXT_BLOCK " + dedent(s.substr(3, s.size() - 6)));
    return;
  }
  if (type == "string" || ts_node_child_count(node) == 0) {
    if (type == ",") return;  // List commas are re-made: a trailing one only on multi-line lists.
    if (type == "comment") {
      while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    }
    if (!s.empty()) out.emplace_back(s);
    return;
  }
  for (uint32_t i = 0; i < ts_node_child_count(node); ++i) leaves(text, ts_node_child(node, i), out);
}

/// The tree's tokens in order (strings and text blocks as one token each; no list commas).
inline std::vector<std::string> tokens(const Document& doc) {
  std::vector<std::string> out;
  leaves(doc.text, ts_tree_root_node(doc.tree->get()), out);
  return out;
}

/// Everything the model knows, without positions.
inline std::string model(const Document& doc) {
  std::string out;
  auto value = [](const Value& v) {
    std::string s = std::to_string(static_cast<int>(v.type)) + ":" + v.text;
    for (const auto& item : v.items) s += "|" + std::to_string(static_cast<int>(item.type)) + ":" + item.text;
    return s;
  };
  for (const auto& e : doc.entities) {
    out += e.kind + " " + e.id + "\n";
    for (const auto& f : e.fields) out += "  " + f.key + " = " + value(f.value) + "\n";
    for (const auto& g : e.edges) out += "  " + g.relation + " -> " + g.target + (g.note ? " \"" + *g.note + "\"" : "") + "\n";
  }
  return out;
}

/// "path: code" of every diagnostic.
inline std::vector<std::string> diagnostic_codes(const std::map<std::string, std::vector<Diagnostic>>& all) {
  std::vector<std::string> out;
  for (const auto& [path, list] : all)
    for (const auto& d : list) out.push_back(path + ": " + d.code);
  return out;
}

}  // namespace kgls::test
