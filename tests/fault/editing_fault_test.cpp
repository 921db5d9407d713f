// Fault tests of editing: bursts, bad text, huge files, and files that change under the
// server's feet, against the real `kgls` binary.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "fault_support.hpp"

namespace kgls::fault {
namespace {

using namespace std::string_literals;

json position(int line, int character) { return {{"line", line}, {"character", character}}; }

json text_position(const std::string& uri, int line, int character) {
  return {{"textDocument", {{"uri", uri}}}, {"position", position(line, character)}};
}

// The paths of the locations in a definition/references result.
std::vector<std::string> location_uris(const json& reply) {
  std::vector<std::string> out;
  const json& result = reply["result"];
  if (result.is_object()) out.push_back(result.value("uri", result.value("targetUri", "")));
  if (result.is_array()) {
    for (const auto& l : result) out.push_back(l.value("uri", l.value("targetUri", "")));
  }
  return out;
}

TEST(EditingFaults, AThousandChangesInABurstWithCancels) {
  TempDir ws("burst");
  const std::string text = "paper target {\n  title: \"T\"\n}\n\npaper source {\n  cites target\n}\n";
  write_file(ws / "a.kg", text);
  Session s(ws.path());
  const std::string uri = s.uri(ws / "a.kg");
  s.open(ws / "a.kg", text);

  // One write: 1,000 one-character edits (each inserts 'x' in front of the ID `target`),
  // with a definition request after every tenth, half of them cancelled at once.
  std::string burst;
  std::vector<int64_t> requests;
  std::set<int64_t> cancelled;
  for (int v = 2; v <= 1001; ++v) {
    json change = {{"range", {{"start", position(0, 6)}, {"end", position(0, 6)}}}, {"text", "x"}};
    burst += test::frame(json{{"jsonrpc", "2.0"},
                              {"method", "textDocument/didChange"},
                              {"params", {{"textDocument", {{"uri", uri}, {"version", v}}}, {"contentChanges", {change}}}}}
                             .dump());
    if (v % 10 == 0) {
      const int64_t id = 5000 + v;
      requests.push_back(id);
      burst += test::frame(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", "textDocument/definition"},
                                {"params", text_position(uri, 5, 9)}}
                               .dump());
      if (v % 20 == 0) {
        cancelled.insert(id);
        burst += test::frame(
            json{{"jsonrpc", "2.0"}, {"method", "$/cancelRequest"}, {"params", {{"id", id}}}}.dump());
      }
    }
  }
  ASSERT_TRUE(s.server().write_raw(burst));

  // Every request gets exactly one reply: a result, or -32800 for a cancelled one.
  std::map<int64_t, int> replies;
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (replies.size() < requests.size()) {
    auto r = s.server().next(deadline);
    ASSERT_TRUE(r) << "only " << replies.size() << " of " << requests.size() << " replies";
    const json& b = r->body;
    if (b.contains("method")) continue;
    const int64_t id = b["id"].get<int64_t>();
    ++replies[id];
    if (b.contains("error")) {
      EXPECT_EQ(b["error"]["code"], -32800) << b.dump();
      EXPECT_TRUE(cancelled.count(id)) << "an uncancelled request failed: " << b.dump();
    }
  }
  for (const auto& [id, n] : replies) EXPECT_EQ(n, 1) << "request " << id;

  // The document is all 1,000 edits, in order: the ID is 1,000 x's + "target", so the
  // reference is unresolved, and diagnostics arrive for the last version.
  auto symbols = s.call("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}});
  ASSERT_TRUE(symbols);
  ASSERT_TRUE((*symbols)["result"].is_array() && !(*symbols)["result"].empty()) << symbols->dump();
  EXPECT_EQ((*symbols)["result"][0]["name"], std::string(1000, 'x') + "target");
  auto last = s.wait_diagnostics(uri, [](const json& p) { return p.value("version", 0) == 1001; });
  ASSERT_TRUE(last) << "no diagnostics for the last version";
  EXPECT_EQ(with_code(*last, "unresolved-reference").size(), 1u) << last->dump();
  EXPECT_EQ(s.stop(), 0);
}

TEST(EditingFaults, InvalidUtf8AndNulBytesInWorkspaceFiles) {
  TempDir ws("bytes");
  write_file(ws / "bad.kg", "paper ok-one { title: \"caf\xe9\" }\npaper nul\0-two { }\n\xff\xfe{{\n"s);
  write_file(ws / "good.kg", "paper user {\n  cites ok-one\n}\n");
  Session s(ws.path());
  // bad.kg gets diagnostics that the client can read (valid JSON, valid UTF-8).
  auto diags = s.wait_diagnostics(s.uri(ws / "bad.kg"), [](const json& p) { return !p["diagnostics"].empty(); });
  ASSERT_TRUE(diags) << s.stderr_text();
  EXPECT_FALSE(with_code(*diags, "syntax").empty()) << diags->dump();
  // What parsed is still there: the reference from good.kg resolves into bad.kg.
  auto def = s.call("textDocument/definition", text_position(s.uri(ws / "good.kg"), 1, 9));
  ASSERT_TRUE(def);
  EXPECT_EQ(location_uris(*def), std::vector<std::string>{s.uri(ws / "bad.kg")}) << def->dump();

  // The same bytes through didOpen: JSON carries NUL as \u0000 (and cannot carry invalid
  // UTF-8 at all); the server takes the text and answers.
  s.open(ws / "open.kg", "paper n\0ul {\n  cites ok-one\n}\n"s);
  auto open_def = s.call("textDocument/definition", text_position(s.uri(ws / "open.kg"), 1, 9));
  ASSERT_TRUE(open_def);
  EXPECT_TRUE(open_def->contains("result")) << open_def->dump();
  EXPECT_EQ(s.stop(), 0);

  // `kgls check` reports the file and exits 1 (errors), not with a crash.
  const auto check = run_kgls({"check", ws.path().string()});
  EXPECT_EQ(check.code, 1) << check.err;
  EXPECT_NE(check.out.find("bad.kg:"), std::string::npos) << check.out;
}

TEST(EditingFaults, ATenMegabyteFileOnDiskAndThroughDidOpen) {
  TempDir ws("huge");
  std::string big;
  for (int i = 0; big.size() < 10u * 1024 * 1024; ++i) {
    big += "paper big-" + std::to_string(i) + " {\n  title: \"Entity " + std::to_string(i) +
           "\"\n  summary: \"" + std::string(400, 'w') + "\"\n  cites big-" + std::to_string(i / 2) + "\n}\n";
  }
  write_file(ws / "big.kg", big);
  write_file(ws / "user.kg", "paper user {\n  cites big-12345\n}\n");
  Session s(ws.path());
  // The scan has read the big file once the reference into it resolves.
  std::optional<json> def;
  for (int attempt = 0; attempt < 600; ++attempt) {
    def = s.call("textDocument/definition", text_position(s.uri(ws / "user.kg"), 1, 10));
    ASSERT_TRUE(def);
    if (!location_uris(*def).empty()) break;
    ::usleep(100 * 1000);
  }
  EXPECT_EQ(location_uris(*def), std::vector<std::string>{s.uri(ws / "big.kg")}) << def->dump();

  // Open it (a 10 MB didOpen), type one character, and ask again: answers keep coming.
  s.open(ws / "big.kg", big);
  const json change = {{"range", {{"start", position(0, 0)}, {"end", position(0, 0)}}}, {"text", "#"}};
  s.notify("textDocument/didChange", {{"textDocument", {{"uri", s.uri(ws / "big.kg")}, {"version", 2}}},
                                      {"contentChanges", json::array({change})}});
  auto symbols = s.call("workspace/symbol", {{"query", "big-12345"}});
  ASSERT_TRUE(symbols);
  EXPECT_TRUE(symbols->contains("result")) << symbols->dump();
  def = s.call("textDocument/definition", text_position(s.uri(ws / "user.kg"), 1, 10));
  ASSERT_TRUE(def);
  EXPECT_EQ(location_uris(*def), std::vector<std::string>{s.uri(ws / "big.kg")});
  EXPECT_EQ(s.stop(), 0);

  const auto check = run_kgls({"check", ws.path().string()});
  EXPECT_EQ(check.code, 0) << check.out << check.err;
}

TEST(EditingFaults, AFileDeletedWhileOpenLivesUntilClosed) {
  TempDir ws("deleted");
  write_file(ws / "a.kg", "paper a {\n  cites b\n}\n");
  write_file(ws / "b.kg", "paper b { title: \"B\" }\n");
  Session s(ws.path());
  const std::string a = s.uri(ws / "a.kg"), b = s.uri(ws / "b.kg");
  // Both open, as in an editor that asks for a definition in a: the request must not
  // depend on whether the initial scan has read a.kg yet.
  s.open(ws / "a.kg", read_file(ws / "a.kg"));
  s.open(ws / "b.kg", read_file(ws / "b.kg"));
  // A request about a waits for a's messages only, not for b's parse (a big file's parse
  // holds up no other file): b counts once its open is answered with its diagnostics.
  ASSERT_TRUE(s.wait_diagnostics(b, [](const json&) { return true; }));
  auto def = s.call("textDocument/definition", text_position(a, 1, 8));
  ASSERT_TRUE(def);
  ASSERT_EQ(location_uris(*def), std::vector<std::string>{b}) << def->dump();

  fs::remove(ws / "b.kg");
  s.notify("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", b}, {"type", 3}}}}});
  // The editor's buffer is the truth while it is open.
  def = s.call("textDocument/definition", text_position(a, 1, 8));
  ASSERT_TRUE(def);
  EXPECT_EQ(location_uris(*def), std::vector<std::string>{b}) << "the open buffer was dropped";

  // Closed, with no file behind it: b is gone and a's reference is unresolved.
  s.notify("textDocument/didClose", {{"textDocument", {{"uri", b}}}});
  auto diags = s.wait_diagnostics(a, [](const json& p) { return !with_code(p, "unresolved-reference").empty(); });
  ASSERT_TRUE(diags) << "no unresolved-reference after the deleted file was closed";
  def = s.call("textDocument/definition", text_position(a, 1, 8));
  ASSERT_TRUE(def);
  EXPECT_TRUE(location_uris(*def).empty()) << def->dump();
  EXPECT_EQ(s.stop(), 0);
}

TEST(EditingFaults, AFileRenamedWhileOpen) {
  TempDir ws("renamed");
  write_file(ws / "a.kg", "paper a {\n  cites c\n}\n");
  write_file(ws / "c.kg", "paper c { title: \"C\" }\n");
  Session s(ws.path());
  const std::string a = s.uri(ws / "a.kg"), c = s.uri(ws / "c.kg"), d = s.uri(ws / "d.kg");
  s.open(ws / "c.kg", read_file(ws / "c.kg"));
  s.drain();

  // The rename as an editor reports it: the file events, then close old + open new.
  fs::rename(ws / "c.kg", ws / "d.kg");
  s.notify("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", c}, {"type", 3}}, {{"uri", d}, {"type", 1}}}}});
  s.notify("textDocument/didClose", {{"textDocument", {{"uri", c}}}});
  s.open(ws / "d.kg", read_file(ws / "d.kg"));

  // One definition, in the new file; no duplicate left behind by the old path.
  std::optional<json> def;
  for (int attempt = 0; attempt < 100; ++attempt) {
    def = s.call("textDocument/definition", text_position(a, 1, 8));
    ASSERT_TRUE(def);
    if (location_uris(*def) == std::vector<std::string>{d}) break;
    ::usleep(50 * 1000);
  }
  EXPECT_EQ(location_uris(*def), std::vector<std::string>{d}) << def->dump();
  s.drain();
  for (const auto& [uri, publish] : s.diagnostics()) {
    EXPECT_TRUE(with_code(publish, "duplicate-id").empty()) << uri << ": " << publish.dump();
  }
  EXPECT_EQ(s.stop(), 0);
}

// Markdown in hover must be inert. The card layer's tests check the renderer; this one
// checks what the server actually sends.
TEST(EditingFaults, HostileTextIsEscapedInHover) {
  TempDir ws("hostile");
  write_file(ws / "a.kg",
             "paper evil {\n"
             "  title: \"<img src=x onerror=alert(1)> [click](command:workbench.action.quit)\"\n"
             "  summary: \"![x](https://example.com/t.png) <script>alert(2)</script> &amp; www.example.com\"\n"
             "  note: \"[run](command:kgls.rm?%5B%22%2F%22%5D) `code`\"\n"
             "}\n"
             "paper user {\n  cites evil\n}\n");
  Session s(ws.path());
  s.drain();
  auto hover = s.call("textDocument/hover", text_position(s.uri(ws / "a.kg"), 6, 9));
  ASSERT_TRUE(hover);
  ASSERT_FALSE(hover->contains("error")) << "hover is served: " << hover->dump();
  ASSERT_TRUE(hover->contains("result")) << hover->dump();
  const json& contents = (*hover)["result"]["contents"];
  const std::string md = contents.is_object() ? contents.value("value", "") : contents.dump();
  ASSERT_FALSE(md.empty()) << hover->dump();
  EXPECT_NE(md.find("evil"), std::string::npos) << md;
  // The card's own links are its backlinks, `[← relation](file:///path#L<line>)` with the
  // path percent-encoded: one here (user cites evil). Outside them, every '<', '[', ']' and
  // '&' is escaped, and no "command:" survives as a link scheme.
  const std::regex backlink(R"(\[← [a-z-]+\]\(file:///[A-Za-z0-9._~/%-]+#L[0-9]+\))");
  EXPECT_EQ(std::distance(std::sregex_iterator(md.begin(), md.end(), backlink), std::sregex_iterator()), 1) << md;
  const std::string text = std::regex_replace(md, backlink, "");
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
      continue;
    }
    EXPECT_TRUE(text[i] != '<' && text[i] != '[' && text[i] != ']' && text[i] != '&')
        << "unescaped '" << text[i] << "' at " << i << " in:\n" << text;
  }
  EXPECT_EQ(md.find("command:"), std::string::npos) << md;
  EXPECT_EQ(md.find("https://"), std::string::npos) << md;
  EXPECT_EQ(s.stop(), 0);
}

}  // namespace
}  // namespace kgls::fault
