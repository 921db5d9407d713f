// The replies written straight to JSON text (protocol/json_text.hpp) against the same
// replies built as nlohmann::json trees and serialised as the transport does: byte for
// byte, and equal once parsed back, on the examples, the shared data sets and a file of odd
// text (quotes, escapes, control characters, astral and line-separator characters, invalid
// UTF-8, NUL).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "kgls/workspace.hpp"
#include "lsp/language/decorations.hpp"
#include "lsp/language/symbols.hpp"
#include "lsp/protocol/editing.hpp"
#include "lsp/protocol/protocol.hpp"
#include "lsp/transport/jsonrpc.hpp"

namespace kgls::lsp {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> kg_files(const fs::path& root) {
  std::vector<fs::path> out;
  if (!fs::is_directory(root)) return out;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".kg") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// Text a user may well write, and text no one should but a file may hold.
const std::string kOddFile =
    "# Odd text: quotes, escapes, control characters, astral and separator characters.\n"
    "paper odd-\xC3\xA9t\xC3\xA9 {\n"
    "  title: \"A \\\"quoted\\\" title with a \\\\ backslash, a tab\\t and \\u{2028} \xE2\x80\xA8 here\"\n"
    "  summary: \"emoji \xF0\x9F\x98\x80 astral \xF0\x9D\x84\x9E, CJK \xE6\x97\xA5\xE6\x9C\xAC, bidi \xE2\x80\xAE text\"\n"
    "  note: \"\"\"\n"
    "    a text block with \"quotes\" and a \\ and a control \x01 char and DEL \x7F\n"
    "    \"\"\"\n"
    "  cites missing-\xF0\x9F\x98\x80-target \"a note with </script> and \\\"\"\n"
    "  uses odd-\xC3\xA9t\xC3\xA9\n"
    "}\n"
    "paper bad-\xFF\xFE-bytes { title: \"caf\xE9 \xC0\xAF \xED\xA0\x80 \xE6\x97\" }\n"
    "paper n\0ul {\n  title: \"nul \0 inside\"\n}\n"
    "paper odd-\xC3\xA9t\xC3\xA9 { }\n"
    "paper unclosed { title: \"no end\n"s;

template <class T>
void expect_same_text(const T& value, const std::string& what) {
  std::string direct;
  writeJSON(direct, value);
  const std::string tree = serialize(toJSON(value));
  EXPECT_EQ(direct, tree) << what;
  const json parsed = json::parse(direct, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(parsed.is_discarded()) << what << ": not JSON";
  EXPECT_EQ(parsed, json::parse(tree)) << what;
}

SymbolKind kind_of(lang::SymbolRole role) {
  return role == lang::SymbolRole::Field ? SymbolKind::Field
         : role == lang::SymbolRole::Edge ? SymbolKind::Property
                                          : SymbolKind::Object;
}

DocumentSymbol to_symbol(const lang::OutlineNode& node) {
  DocumentSymbol out{node.name, node.detail, kind_of(node.role), node.range.utf16, node.selection.utf16, {}};
  for (const auto& child : node.children) out.children.push_back(to_symbol(child));
  return out;
}

// Every large reply of one workspace: the outline of each file (hierarchical and flat),
// its semantic tokens, and its diagnostics with related information.
size_t compare_workspace(const std::vector<std::pair<std::string, std::string>>& files) {
  Workspace ws;
  for (const auto& [path, text] : files) ws.set_document(parse_document(path, text));
  const auto diagnostics = ws.diagnostics();
  size_t symbols = 0;
  for (const auto& [path, text] : files) {
    const Document& doc = *ws.document(path);
    const std::string uri = "file://" + path;
    std::vector<DocumentSymbol> outline;
    std::vector<SymbolInformation> flat;
    for (const auto& node : lang::document_outline(doc)) {
      outline.push_back(to_symbol(node));
      flat.push_back({node.name, kind_of(node.role), {uri, node.range.utf16}, {}});
      for (const auto& child : node.children)
        flat.push_back({child.name, kind_of(child.role), {uri, child.range.utf16}, node.name});
      symbols += 1 + node.children.size();
    }
    expect_same_text(outline, path + " outline");
    expect_same_text(flat, path + " flat outline");
    expect_same_text(SemanticTokens{lang::encode_tokens(lang::semantic_tokens(doc))}, path + " tokens");
    PublishDiagnosticsParams publish{uri, 7, {}};
    for (const auto& d : diagnostics.at(path)) {
      Diagnostic out{d.range.utf16, static_cast<int>(d.severity), d.code, d.message, {}, d.data};
      for (const auto& r : d.related) out.relatedInformation.push_back({{"file://" + r.path, r.range.utf16}, r.message});
      publish.diagnostics.push_back(std::move(out));
    }
    expect_same_text(publish, path + " diagnostics");
    publish.version.reset();
    expect_same_text(publish, path + " diagnostics, closed");
  }
  return symbols;
}

TEST(JsonText, StringsAreWrittenAsNlohmannWritesThem) {
  const std::vector<std::string> strings = {
      "", "plain-id", "with \"quotes\"", "back\\slash", "all\b\f\n\r\tshort escapes",
      "\x01\x1F control", "DEL \x7F", "nul \0 inside"s, "caf\xC3\xA9", "\xE6\x97\xA5\xE6\x9C\xAC",
      "\xF0\x9F\x98\x80 astral", "line\xE2\x80\xA8separator", "</script>",
      "bad \xFF byte", "cut \xE6\x97", "overlong \xC0\xAF", "surrogate \xED\xA0\x80", "\xC3", "\x80"};
  for (const auto& s : strings) {
    std::string direct;
    append_json_string(direct, s);
    EXPECT_EQ(direct, json(s).dump(-1, ' ', false, json::error_handler_t::replace)) << s;
    const json back = json::parse(direct, nullptr, false);
    ASSERT_TRUE(back.is_string()) << direct;
    if (is_valid_utf8(s)) EXPECT_EQ(back.get<std::string>(), s);
  }
  for (const int64_t n : {int64_t{0}, int64_t{7}, int64_t{-1}, int64_t{4294967295}, int64_t{-2147483648}}) {
    std::string direct;
    append_json_number(direct, n);
    EXPECT_EQ(direct, json(n).dump());
  }
}

TEST(JsonText, RepliesOnOddTextEqualTheTree) {
  EXPECT_GT(compare_workspace({{"/w/odd.kg", kOddFile}, {"/w/other.kg", "paper other {\n  cites odd-\xC3\xA9t\xC3\xA9\n}\n"}}), 10u);
}

TEST(JsonText, RepliesOnTheExamplesEqualTheTree) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& f : kg_files(fs::path(KGLS_SOURCE_DIR) / "examples")) files.emplace_back(f.string(), read(f));
  ASSERT_FALSE(files.empty());
  EXPECT_GT(compare_workspace(files), 100u);
}

TEST(JsonText, RepliesOnTheSharedDataSetsEqualTheTree) {
  size_t sets = 0;
  for (const char* set : {"schemaorg", "dblp-acm", "abt-buy", "envo"}) {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& f : kg_files(fs::path(KGLS_SHARED_DATA) / set)) files.emplace_back(f.string(), read(f));
    if (files.empty()) continue;
    ++sets;
    EXPECT_GT(compare_workspace(files), 1000u) << set;
  }
  if (sets == 0) GTEST_SKIP() << "shared data sets not found beside the repository";
}

}  // namespace
}  // namespace kgls::lsp
