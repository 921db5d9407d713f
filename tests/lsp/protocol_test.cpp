// Protocol types: fromJSON reports where the JSON was wrong; toJSON writes the shapes
// the LSP specification defines.
#include <gtest/gtest.h>

#include "lsp/protocol/protocol.hpp"

namespace kgls::lsp {
namespace {

template <class T>
std::string parse_error(const json& j) {
  JsonError error;
  auto value = parse_json<T>(j, "params", error);
  EXPECT_FALSE(value) << j.dump();
  return error.message();
}

template <class T>
T parse_ok(const json& j) {
  JsonError error;
  auto value = parse_json<T>(j, "params", error);
  EXPECT_TRUE(value) << error.message();
  return value ? *value : T{};
}

TEST(Protocol, PositionParams) {
  auto p = parse_ok<TextDocumentPositionParams>(
      {{"textDocument", {{"uri", "file:///a.kg"}}}, {"position", {{"line", 3}, {"character", 7}}}});
  EXPECT_EQ(p.textDocument.uri, "file:///a.kg");
  EXPECT_EQ(p.position, (Position{3, 7}));
}

TEST(Protocol, ErrorsSayWhere) {
  EXPECT_EQ(parse_error<TextDocumentPositionParams>(
                {{"textDocument", {{"uri", 5}}}, {"position", {{"line", 0}, {"character", 0}}}}),
            "params.textDocument.uri: expected a string, got an integer");
  EXPECT_EQ(parse_error<TextDocumentPositionParams>(
                {{"textDocument", {{"uri", "file:///a"}}}, {"position", {{"line", -1}, {"character", 0}}}}),
            "params.position.line: expected an unsigned integer, got -1");
  EXPECT_EQ(parse_error<TextDocumentPositionParams>({{"textDocument", {{"uri", "file:///a"}}}}),
            "params.position: missing");
  EXPECT_EQ(parse_error<TextDocumentPositionParams>(json::array()),
            "params: expected an object, got an array");
  EXPECT_EQ(parse_error<DidChangeTextDocumentParams>(
                {{"textDocument", {{"uri", "file:///a"}, {"version", 2}}},
                 {"contentChanges", {{{"text", "x"}}, {{"text", 3}}}}}),
            "params.contentChanges[1].text: expected a string, got an integer");
  EXPECT_EQ(parse_error<FileEvent>({{"uri", "file:///a"}, {"type", 9}}),
            "params.type: expected 1, 2 or 3, got 9");
  EXPECT_EQ(parse_error<TextDocumentPositionParams>(
                {{"textDocument", {{"uri", "file:///a"}}}, {"position", {{"line", 1.5}, {"character", 0}}}}),
            "params.position.line: expected an integer, got a fractional number");
}

TEST(Protocol, IntegersWrittenAsWholeFloatsAreAccepted) {
  auto p = parse_ok<Position>({{"line", 2.0}, {"character", 0}});
  EXPECT_EQ(p.line, 2u);
}

TEST(Protocol, ContentChanges) {
  auto p = parse_ok<DidChangeTextDocumentParams>(
      {{"textDocument", {{"uri", "file:///a"}, {"version", 2}}},
       {"contentChanges",
        {{{"range", {{"start", {{"line", 0}, {"character", 1}}}, {"end", {{"line", 0}, {"character", 2}}}}},
          {"rangeLength", 1},
          {"text", "x"}},
         {{"text", "whole"}}}}});
  ASSERT_EQ(p.contentChanges.size(), 2u);
  ASSERT_TRUE(p.contentChanges[0].range);
  EXPECT_EQ(p.contentChanges[0].range->end, (Position{0, 2}));
  EXPECT_FALSE(p.contentChanges[1].range);
  EXPECT_EQ(p.textDocument.version, 2);
}

TEST(Protocol, InitializeIsLenientAboutCapabilities) {
  auto p = parse_ok<InitializeParams>(
      {{"processId", nullptr},
       {"rootUri", nullptr},
       {"capabilities",
        {{"window", {{"workDoneProgress", true}}},
         {"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", "yes"}}}}},
         {"textDocument", {{"documentSymbol", {{"hierarchicalDocumentSymbolSupport", true}}}}}}}});
  EXPECT_TRUE(p.capabilities.work_done_progress);
  EXPECT_FALSE(p.capabilities.watched_files_dynamic_registration);  // "yes" is not true.
  EXPECT_TRUE(p.capabilities.hierarchical_document_symbols);
  EXPECT_FALSE(p.rootUri);
}

TEST(Protocol, Settings) {
  lang::Options options;
  JsonError error;
  ASSERT_TRUE(fromJSON(json{{"kgls", {{"diagnostics", {{"delay", 0}, {"workspace", false}}}}}},
                       options, Where(error, "settings")));
  EXPECT_EQ(options.diagnostics_delay.count(), 0);
  EXPECT_FALSE(options.workspace_diagnostics);
  EXPECT_EQ(options.workspace_symbol_limit, 200u);  // Untouched.

  ASSERT_TRUE(fromJSON(json{{"workspaceSymbols", {{"limit", 5}}}}, options, Where(error, "settings")));
  EXPECT_EQ(options.workspace_symbol_limit, 5u);
  EXPECT_FALSE(options.workspace_diagnostics);  // A partial update keeps the rest.

  EXPECT_FALSE(fromJSON(json{{"diagnostics", {{"delay", "soon"}}}}, options,
                        Where(error, "params.initializationOptions")));
  EXPECT_EQ(error.message(),
            "params.initializationOptions.diagnostics.delay: expected an unsigned integer, got a string");
}

TEST(Protocol, CancelIdMustBeIntegerOrString) {
  EXPECT_EQ(parse_error<CancelParams>({{"id", true}}),
            "params.id: expected an integer or a string, got a boolean");
  EXPECT_EQ(parse_ok<CancelParams>({{"id", "r1"}}).id, "r1");
}

TEST(Protocol, SelectionRangeNestsParents) {
  SelectionRange s{{Range{{0, 1}, {0, 2}}, Range{{0, 0}, {1, 0}}}};
  EXPECT_EQ(toJSON(s), json::parse(R"({
    "range": {"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 2}},
    "parent": {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}}
  })"));
}

TEST(Protocol, CapabilitiesAnnounceOnlyWhatIsBound) {
  ServerCapabilities caps;
  caps.definition = true;
  const json j = toJSON(caps);
  EXPECT_EQ(j["definitionProvider"], true);
  EXPECT_FALSE(j.contains("referencesProvider"));
  EXPECT_EQ(j["textDocumentSync"]["change"], 2);
  EXPECT_EQ(j["positionEncoding"], "utf-16");
  EXPECT_EQ(j["workspace"]["workspaceFolders"]["changeNotifications"], true);
}

TEST(Protocol, Diagnostic) {
  Diagnostic d;
  d.range = {{1, 2}, {1, 5}};
  d.severity = 2;
  d.code = "unknown-kind";
  d.message = "m";
  EXPECT_EQ(toJSON(d), json::parse(R"({
    "range": {"start": {"line": 1, "character": 2}, "end": {"line": 1, "character": 5}},
    "severity": 2, "code": "unknown-kind", "source": "kgls", "message": "m"
  })"));
}

TEST(Protocol, Progress) {
  ProgressParams p{"t", ProgressParams::Kind::Begin, "Indexing", "0/3 files", 0};
  EXPECT_EQ(toJSON(p), json::parse(R"({"token": "t", "value": {"kind": "begin",
    "title": "Indexing", "cancellable": false, "message": "0/3 files", "percentage": 0}})"));
  p.kind = ProgressParams::Kind::End;
  EXPECT_EQ(toJSON(p)["value"], json::parse(R"({"kind": "end", "message": "0/3 files"})"));
}

}  // namespace
}  // namespace kgls::lsp
