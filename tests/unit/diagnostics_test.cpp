// Syntax diagnostics: each code, range and whole message, and recovery that keeps the next entity.
#include <gtest/gtest.h>

#include "test_util.hpp"

namespace kgls {
namespace {

using test::described;
using test::parse;

std::vector<std::string> ids(const Document& doc) {
  std::vector<std::string> out;
  for (const auto& e : doc.entities) out.push_back(e.id);
  return out;
}

TEST(SyntaxDiagnostics, MissingClosingBraceKeepsTheNextEntity) {
  auto doc = parse("paper a {\n  title: \"A\"\n\npaper b {\n  title: \"B\"\n}\n");
  EXPECT_EQ(described(doc->diagnostics),
            std::vector<std::string>{"4:1 expected `}` to close entity `a` opened at 1:1 before entity `b` [syntax]"});
  EXPECT_EQ(ids(*doc), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(doc->entities[1].title(), "B");
  EXPECT_EQ(doc->entities[0].title(), "A");
}

TEST(SyntaxDiagnostics, MissingClosingBraceAtEndOfFile) {
  auto doc = parse("paper a {\n  title: \"A\"\n");
  EXPECT_EQ(described(doc->diagnostics),
            std::vector<std::string>{"2:13 expected `}` to close entity `a` opened at 1:1 [syntax]"});
  EXPECT_EQ(ids(*doc), std::vector<std::string>{"a"});
}

TEST(SyntaxDiagnostics, MissingValueBeforeClosingBrace) {
  auto doc = parse("paper a { title: }\npaper b { }");
  EXPECT_EQ(described(doc->diagnostics), std::vector<std::string>{"1:16 expected a value after `title:` [syntax]"});
  EXPECT_EQ(ids(*doc), (std::vector<std::string>{"a", "b"}));
}

TEST(SyntaxDiagnostics, MissingValueBeforeNextFieldRecoversThatField) {
  auto doc = parse("paper a {\n  title:\n  status: active\n}\n");
  EXPECT_EQ(described(doc->diagnostics), std::vector<std::string>{"2:8 expected a value after `title:` [syntax]"});
  ASSERT_EQ(doc->entities.size(), 1u);
  EXPECT_EQ(doc->entities[0].status(), "active");
  EXPECT_TRUE(doc->entities[0].edges.empty());
}

TEST(SyntaxDiagnostics, UnterminatedString) {
  auto doc = parse("paper a {\n  title: \"Attention is\n  year: 2017\n}\npaper b { }\n");
  EXPECT_EQ(described(doc->diagnostics),
            std::vector<std::string>{"2:10 unterminated string: expected `\"` before the end of the line [syntax]"});
  EXPECT_EQ(ids(*doc), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(doc->entities[0].title(), "Attention is");
  EXPECT_EQ(doc->entities[0].field("year")->value.number, 2017);
}

TEST(SyntaxDiagnostics, UnterminatedTextBlock) {
  auto doc = parse("paper a { summary: \"\"\"\n  never closed\n}\n");
  ASSERT_FALSE(doc->diagnostics.empty());
  EXPECT_EQ(described(doc->diagnostics)[0], "1:20 unterminated text block: expected `\"\"\"` [syntax]");
}

TEST(SyntaxDiagnostics, StrayTokensInABody) {
  auto doc = parse("paper a { title: \"A\" ; year: 2020 }\npaper b { }");
  EXPECT_EQ(described(doc->diagnostics),
            std::vector<std::string>{"1:22 unexpected `;` in entity `a`; expected a field (`key: value`), an edge "
                                     "(`relation target`) or `}` [syntax]"});
  EXPECT_EQ(doc->entities[0].field("year")->value.number, 2020);
  EXPECT_EQ(ids(*doc), (std::vector<std::string>{"a", "b"}));
}

TEST(SyntaxDiagnostics, StrayTokensBetweenEntities) {
  auto doc = parse("paper a { }\n) ) )\npaper b { }");
  ASSERT_EQ(doc->diagnostics.size(), 1u);
  EXPECT_EQ(doc->diagnostics[0].code, "syntax");
  EXPECT_EQ(doc->diagnostics[0].range.utf16.start, (Position{1, 0}));
  EXPECT_NE(doc->diagnostics[0].message.find("expected an entity (`KIND ID { ... }`)"), std::string::npos)
      << doc->diagnostics[0].message;
  EXPECT_EQ(ids(*doc), (std::vector<std::string>{"a", "b"}));
}

TEST(SyntaxDiagnostics, EdgeWithoutTarget) {
  auto doc = parse("paper a { extends }");
  EXPECT_EQ(described(doc->diagnostics),
            std::vector<std::string>{"1:11 expected a target ID after relation `extends` (or `:` if `extends` is a "
                                     "field) [syntax]"});
}

TEST(SyntaxDiagnostics, UnknownAndInvalidEscapes) {
  auto doc = parse(R"(k e { a: "x\qy" b: "\u{110000}" c: "\u{}" })");
  EXPECT_EQ(described(doc->diagnostics),
            (std::vector<std::string>{
                R"(1:12 unknown escape `\q`; the escapes are \" \\ \n \t and \u{HEX} [syntax])",
                R"(1:21 invalid Unicode escape `\u{110000}`; the escapes are \" \\ \n \t and \u{HEX} [syntax])",
                R"(1:37 invalid Unicode escape `\u{}`; the escapes are \" \\ \n \t and \u{HEX} [syntax])"}));
  EXPECT_EQ(doc->entities[0].field("a")->value.text, "x\\qy") << "an unknown escape is kept as written";
}

TEST(SyntaxDiagnostics, NumbersAreNotIds) {
  auto doc = parse("paper a { 2 3 }\npaper 2021 { v: 2021 }");
  ASSERT_FALSE(doc->diagnostics.empty());
  EXPECT_EQ(described(doc->diagnostics)[0],
            "1:11 `2` is a number; IDs, keys and relations must be identifiers (add a letter: `n2`) [syntax]");
  EXPECT_EQ(described(doc->diagnostics)[1],
            "2:7 `2021` is a number; IDs, keys and relations must be identifiers (add a letter: `n2021`) [syntax]");
}

TEST(SyntaxDiagnostics, UnterminatedStringInANoteSwallowsNothingSilently) {
  auto doc = parse("a b { c d \"\n");
  ASSERT_EQ(doc->diagnostics.size(), 1u);
  EXPECT_EQ(doc->diagnostics[0].message, "unterminated string: expected `\"` before the end of the line");
}

TEST(SyntaxDiagnostics, NestedList) {
  auto doc = parse("k e { tags: [a, [b, c]] }\nk f { }");
  ASSERT_FALSE(doc->diagnostics.empty());
  EXPECT_EQ(described(doc->diagnostics)[0], "1:17 lists do not nest: `tags` has a list inside a list [syntax]");
  EXPECT_EQ(ids(*doc), (std::vector<std::string>{"e", "f"}));
}

TEST(SyntaxDiagnostics, MissingId) {
  auto doc = parse("paper { title: \"x\" }\npaper b { }");
  ASSERT_FALSE(doc->diagnostics.empty());
  for (const auto& d : doc->diagnostics) EXPECT_EQ(d.code, "syntax");
  EXPECT_EQ(ids(*doc).back(), "b");
}

TEST(SyntaxDiagnostics, NeverABareError) {
  // Many broken inputs: every diagnostic has a code and a message that is more than "ERROR".
  const char* inputs[] = {"{", "}", "a", "a b", "a b {", "a b { c", "a b { c: }", "a b { c: [ }",
                          "a b { c: [1, }", "\"", "a b { c d \"", "a b { c: \"\"\" }", "::: ;;;",
                          "a b { c: d: e }", "a b { c: 1 2 3 }", "a b } c d {", "[1, 2]", "a b { [ }"};
  for (const char* input : inputs) {
    auto doc = parse(input);
    EXPECT_FALSE(doc->diagnostics.empty()) << input;
    for (const auto& d : doc->diagnostics) {
      EXPECT_EQ(d.code, "syntax") << input;
      EXPECT_EQ(d.severity, Severity::Error) << input;
      EXPECT_GT(d.message.size(), 10u) << input;
      EXPECT_EQ(d.message.find("ERROR"), std::string::npos) << input;
      EXPECT_LE(d.range.bytes.end, doc->text.size()) << input;
    }
  }
}

}  // namespace
}  // namespace kgls
