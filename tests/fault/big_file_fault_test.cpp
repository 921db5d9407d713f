// Fault tests of big files open in the editor (issue 15): a 10 MB file on one line and a
// file of 50,000 entities. Every request answers, the outline (documentSymbol) is
// complete and right to the UTF-16 column, and another file's requests are answered while
// the big one is still being parsed. Through the real `kgls` binary; no timing is asserted, only what
// arrives and in which order, with generous timeouts.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "fault_support.hpp"

namespace kgls::fault {
namespace {

json position(size_t line, size_t character) { return {{"line", line}, {"character", character}}; }

json text_position(const std::string& uri, size_t line, size_t character) {
  return {{"textDocument", {{"uri", uri}}}, {"position", position(line, character)}};
}

// UTF-16 code units of valid UTF-8 text (the LSP's columns).
size_t utf16_units(std::string_view text) {
  size_t units = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;  // A continuation byte.
    units += c >= 0xF0 ? 2 : 1;
  }
  return units;
}

// A file of `count` entities `e-<i>`, each with a title and an edge to e-<i/2>, every
// entity on its own lines or all of them on one line. `start[i]` is where entity i's ID
// starts (line, UTF-16 column), `edge[i]` where its edge's target does.
struct BigFile {
  std::string text;
  std::vector<std::pair<size_t, size_t>> start, edge;
};

BigFile make_big_file(size_t count, bool one_line, size_t min_bytes = 0) {
  BigFile f;
  size_t line = 0, column = 0;  // Where the text ends.
  for (size_t i = 0; i < count || f.text.size() < min_bytes; ++i) {
    // Non-ASCII before the IDs: a column counted in bytes or code points would be wrong.
    const std::string title = "Entit\xC3\xA9 " + std::to_string(i) + " \xF0\x9F\x98\x80 \\\"q\\\"";
    std::string entity = "paper e-" + std::to_string(i) + (one_line ? " { " : " {\n  ") + "title: \"" + title +
                         "\"" + (one_line ? " " : "\n  ") + "cites e-" + std::to_string(i / 2) + (one_line ? " }" : "\n}\n");
    if (one_line && i > 0) entity = " " + entity;
    const size_t id_at = entity.find("e-"), target_at = entity.rfind("e-");
    f.start.emplace_back(line, column + utf16_units(entity.substr(0, id_at)));
    if (one_line) f.edge.emplace_back(line, column + utf16_units(entity.substr(0, target_at)));
    else f.edge.emplace_back(line + 2, 8);
    f.text += entity;
    if (one_line) {
      column += utf16_units(entity);
    } else {
      line += 4;
    }
  }
  return f;
}

size_t symbol_count(const json& symbols) {
  size_t n = 0;
  for (const auto& s : symbols) n += 1 + (s.contains("children") ? symbol_count(s["children"]) : 0);
  return n;
}

// The outline of the big file is complete: every entity, in order, each with its title
// field and its edge, at the right line and UTF-16 column.
void expect_complete_outline(const json& reply, const BigFile& f) {
  ASSERT_TRUE(reply.contains("result") && reply["result"].is_array()) << reply.dump().substr(0, 500);
  const json& symbols = reply["result"];
  ASSERT_EQ(symbols.size(), f.start.size());
  EXPECT_EQ(symbol_count(symbols), 3 * f.start.size());
  for (size_t i = 0; i < symbols.size(); ++i) {
    const json& s = symbols[i];
    ASSERT_EQ(s["name"], "e-" + std::to_string(i));
    ASSERT_EQ(s["selectionRange"]["start"], position(f.start[i].first, f.start[i].second)) << "entity " << i;
    ASSERT_EQ(s["children"].size(), 2u) << "entity " << i;
    ASSERT_EQ(s["children"][1]["name"], "cites e-" + std::to_string(i / 2)) << "entity " << i;
  }
}

// A small file beside the big one that points into it, and requests on both.
void check_both_files(Session& s, const fs::path& big_path, const BigFile& f, const fs::path& small_path) {
  const std::string big = s.uri(big_path), small = s.uri(small_path);
  const size_t last = f.start.size() - 1;
  const auto [last_line, last_column] = f.start[last];

  auto outline = s.call("textDocument/documentSymbol", {{"textDocument", {{"uri", big}}}}, std::chrono::seconds(300));
  ASSERT_TRUE(outline) << "no outline of the big file";
  expect_complete_outline(*outline, f);

  // Hover on the last entity's ID, far along the line.
  auto hover = s.call("textDocument/hover", text_position(big, last_line, last_column + 2), std::chrono::seconds(120));
  ASSERT_TRUE(hover);
  EXPECT_NE(hover->dump().find("Entit\xC3\xA9 " + std::to_string(last)), std::string::npos) << hover->dump().substr(0, 500);

  // Definition inside the big file: the last entity's edge goes to e-<last/2>.
  const auto [edge_line, edge_column] = f.edge[last];
  auto def = s.call("textDocument/definition", text_position(big, edge_line, edge_column + 1), std::chrono::seconds(120));
  ASSERT_TRUE(def);
  ASSERT_TRUE(def->contains("result") && !(*def)["result"].empty()) << def->dump();
  const json& to = (*def)["result"].is_array() ? (*def)["result"][0] : (*def)["result"];
  EXPECT_EQ(to.value("uri", to.value("targetUri", "")), big);
  EXPECT_EQ(to.contains("range") ? to["range"]["start"] : to["targetSelectionRange"]["start"],
            position(f.start[last / 2].first, f.start[last / 2].second));

  // The small file: its outline, and a definition from it into the big file.
  auto small_outline = s.call("textDocument/documentSymbol", {{"textDocument", {{"uri", small}}}});
  ASSERT_TRUE(small_outline);
  ASSERT_EQ((*small_outline)["result"].size(), 1u) << small_outline->dump();
  EXPECT_EQ((*small_outline)["result"][0]["name"], "user");
  def = s.call("textDocument/definition", text_position(small, 1, 9));
  ASSERT_TRUE(def);
  ASSERT_TRUE(def->contains("result") && !(*def)["result"].empty()) << def->dump();
  const json& into = (*def)["result"].is_array() ? (*def)["result"][0] : (*def)["result"];
  EXPECT_EQ(into.value("uri", into.value("targetUri", "")), big);
  EXPECT_EQ(into.contains("range") ? into["range"]["start"] : into["targetSelectionRange"]["start"],
            position(last_line, last_column));
}

TEST(BigFileFaults, ATenMegabyteFileOnOneLine) {
  TempDir ws("one-line");
  const BigFile f = make_big_file(0, /*one_line=*/true, 10u * 1024 * 1024);
  ASSERT_EQ(f.text.find('\n'), std::string::npos);
  write_file(ws / "line.kg", f.text);
  write_file(ws / "user.kg", "paper user {\n  cites e-" + std::to_string(f.start.size() - 1) + "\n}\n");
  Session s(ws.path());
  s.open(ws / "line.kg", f.text);
  s.open(ws / "user.kg", read_file(ws / "user.kg"));
  check_both_files(s, ws / "line.kg", f, ws / "user.kg");
  EXPECT_EQ(s.stop(), 0) << s.stderr_text();
}

TEST(BigFileFaults, FiftyThousandEntitiesInOneFile) {
  TempDir ws("fifty-thousand");
  const BigFile f = make_big_file(50000, /*one_line=*/false);
  write_file(ws / "big.kg", f.text);
  write_file(ws / "user.kg", "paper user {\n  cites e-49999\n}\n");
  Session s(ws.path());
  s.open(ws / "big.kg", f.text);
  s.open(ws / "user.kg", read_file(ws / "user.kg"));
  check_both_files(s, ws / "big.kg", f, ws / "user.kg");
  EXPECT_EQ(s.stop(), 0) << s.stderr_text();
}

// While a big file is still being parsed, requests about another file answer: the small
// file's definition and hover, sent after the big file's didOpen and outline request, are
// answered before the big file's diagnostics are published and before its outline, and
// on a state without the big file's text: the small file's edge into the big file has no
// definition yet (a request that had waited for the parse would find one). Once the big
// file's diagnostics are out, the same definition goes into it; its outline is complete,
// and an edit of it is seen by the next request about it. Only the order and content of
// the messages are checked.
void expect_not_held_up(const BigFile& f, const std::string& name) {
  TempDir ws(name);
  // Only the small file is on disk: the big one exists only in the editor, so nothing
  // about it is known or published before its didOpen is parsed.
  const size_t last = f.start.size() - 1;
  write_file(ws / "small.kg", "paper user {\n  cites e-" + std::to_string(last) + "\n}\n\npaper known { title: \"K\" }\n");
  Session s(ws.path());
  const std::string small = s.uri(ws / "small.kg"), big = s.uri(ws / "big.kg");
  s.open(ws / "small.kg", read_file(ws / "small.kg"));
  auto ready = s.call("textDocument/hover", text_position(small, 4, 7));
  ASSERT_TRUE(ready);

  s.open(ws / "big.kg", f.text);
  const int64_t outline_id = s.server().request("textDocument/documentSymbol", {{"textDocument", {{"uri", big}}}});
  const int64_t definition_id = s.server().request("textDocument/definition", text_position(small, 1, 9));
  const int64_t hover_id = s.server().request("textDocument/hover", text_position(small, 4, 7));
  // The order of the replies and of the big file's first publishDiagnostics.
  std::vector<std::string> order;
  std::map<int64_t, json> replies;
  const auto deadline = Clock::now() + std::chrono::seconds(300);
  const auto position_of = [&](const std::string& what) {
    return std::find(order.begin(), order.end(), what) - order.begin();
  };
  while (replies.size() < 3 || position_of("diagnostics") == static_cast<ptrdiff_t>(order.size())) {
    auto r = s.server().next(deadline);
    ASSERT_TRUE(r) << "seen so far: " << ::testing::PrintToString(order) << "\n" << s.stderr_text();
    const json& body = r->body;
    if (body.value("method", "") == "textDocument/publishDiagnostics" && body["params"]["uri"] == big) {
      if (position_of("diagnostics") == static_cast<ptrdiff_t>(order.size())) order.push_back("diagnostics");
      continue;
    }
    if (!body.contains("id") || body.contains("method")) continue;
    const int64_t id = body["id"].get<int64_t>();
    order.push_back(id == outline_id ? "outline" : id == definition_id ? "definition" : id == hover_id ? "hover" : "other");
    replies[id] = body;
  }
  const std::string seen = ::testing::PrintToString(order);
  EXPECT_LT(position_of("definition"), position_of("diagnostics")) << "the small file's definition waited for the big file's parse: " << seen;
  EXPECT_LT(position_of("hover"), position_of("diagnostics")) << "the small file's hover waited for the big file's parse: " << seen;
  EXPECT_LT(position_of("definition"), position_of("outline")) << seen;
  ASSERT_TRUE(replies[definition_id].contains("result")) << replies[definition_id].dump();
  EXPECT_TRUE(replies[definition_id]["result"].empty())
      << "the small file's definition saw the big file, so it waited for its parse: " << replies[definition_id].dump();
  ASSERT_TRUE(replies[hover_id].contains("result") && replies[hover_id]["result"].is_object()) << replies[hover_id].dump();
  EXPECT_NE(replies[hover_id]["result"].dump().find("known"), std::string::npos) << replies[hover_id].dump();
  expect_complete_outline(replies[outline_id], f);
  // The big file is in every snapshot now: the same definition goes into it.
  auto def = s.call("textDocument/definition", text_position(small, 1, 9));
  ASSERT_TRUE(def && def->contains("result") && !(*def)["result"].empty()) << (def ? def->dump() : "no reply");
  const json& into = (*def)["result"].is_array() ? (*def)["result"][0] : (*def)["result"];
  EXPECT_EQ(into.value("uri", into.value("targetUri", "")), big);
  EXPECT_EQ(into.contains("range") ? into["range"]["start"] : into["targetSelectionRange"]["start"],
            position(f.start[last].first, f.start[last].second));

  // The server stays responsive: an edit of the big file (a line before everything), the
  // small file's request again, and the big file's outline of version 2.
  const json change = {{"range", {{"start", position(0, 0)}, {"end", position(0, 0)}}}, {"text", "# edited\n"}};
  s.notify("textDocument/didChange",
           {{"textDocument", {{"uri", big}, {"version", 2}}}, {"contentChanges", json::array({change})}});
  auto again = s.call("textDocument/definition", text_position(small, 1, 9));
  ASSERT_TRUE(again && again->contains("result"));
  auto edited = s.call("textDocument/documentSymbol", {{"textDocument", {{"uri", big}}}}, std::chrono::seconds(300));
  ASSERT_TRUE(edited);
  ASSERT_EQ((*edited)["result"].size(), f.start.size());
  EXPECT_EQ((*edited)["result"][0]["selectionRange"]["start"], position(1, 6)) << "the outline of version 1, not 2";
  EXPECT_EQ(s.stop(), 0) << s.stderr_text();
}

TEST(BigFileFaults, AnotherFilesRequestIsNotHeldUpByFiftyThousandEntities) {
  expect_not_held_up(make_big_file(50000, /*one_line=*/false), "not-held-up-50k");
}

TEST(BigFileFaults, AnotherFilesRequestIsNotHeldUpByATenMegabyteLine) {
  expect_not_held_up(make_big_file(0, /*one_line=*/true, 10u * 1024 * 1024), "not-held-up-10mb");
}

// The outline of one text of a document is computed once; a new version, or the same
// version number after a close and reopen with another text, gets its own.
TEST(BigFileFaults, TheOutlineIsReusedOnlyForTheSameText) {
  TempDir ws("outline-cache");
  Session s(ws.path());
  const fs::path a = ws / "a.kg";
  const std::string uri = s.uri(a);
  const auto names = [&] {
    std::vector<std::string> out;
    auto reply = s.call("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}});
    if (reply && reply->contains("result"))
      for (const auto& sym : (*reply)["result"]) out.push_back(sym["name"]);
    return out;
  };
  s.open(a, "paper a { title: \"A\" }\n", 1);
  EXPECT_EQ(names(), std::vector<std::string>{"a"});
  EXPECT_EQ(names(), std::vector<std::string>{"a"});
  s.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", 2}}},
                                      {"contentChanges", {{{"text", "paper a { }\npaper b { }\n"}}}}});
  EXPECT_EQ(names(), (std::vector<std::string>{"a", "b"}));
  s.notify("textDocument/didClose", {{"textDocument", {{"uri", uri}}}});
  s.open(a, "paper c { }\n", 2);
  EXPECT_EQ(names(), std::vector<std::string>{"c"}) << "a cached outline of another text";
  EXPECT_EQ(s.stop(), 0);
}

}  // namespace
}  // namespace kgls::fault
