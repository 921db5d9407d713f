// Unlinked mentions: the matcher (kgls/mentions.hpp) and the language layer's diagnostic
// source kept across snapshots (lsp/language/mentions.hpp), compared with a fresh one after
// random edits.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "kgls/edit.hpp"
#include "kgls/mentions.hpp"
#include "lsp/language/mentions.hpp"

namespace kgls::lang {
namespace {

std::vector<Mention> mentions_in(const std::vector<std::shared_ptr<const Document>>& docs, const Document& in) {
  NameMatcher m;
  for (const auto& d : docs) m.add_document(*d);
  return find_mentions(in, m);
}

std::string said(const Document& doc, const Mention& m) {
  return m.source + ">" + m.target + ":" + doc.text.substr(m.span.begin, m.span.end - m.span.begin);
}

TEST(NameMatcher, WholeWordsCaseInsensitiveLongestFirst) {
  auto people = parse_document("p.kg",
                               "person ada { title: \"Ada Lovelace\" aliases: [\"Countess of Lovelace\"] }\n"
                               "person lovelace-family { title: \"Lovelace\" aliases: [\"Lovelaces\"] }\n");
  auto notes = parse_document("n.kg",
                              "paper notes { title: \"Notes\" summary: \"by ADA lovelace, the countess   of "
                              "lovelace; not adalovelace nor ada-lovelaced. The Lovelaces.\" }\n");
  std::vector<std::string> got;
  for (const Mention& m : mentions_in({people, notes}, *notes)) got.push_back(said(*notes, m));
  // "Lovelace" alone has 8 letters (distinctive), but inside "ADA lovelace" the longer name
  // wins; each target once per entity.
  EXPECT_EQ(got, (std::vector<std::string>{"notes>ada:ADA lovelace", "notes>lovelace-family:Lovelaces"}));
}

TEST(NameMatcher, ShortAndPunctuationNamesAreNotNames) {
  EXPECT_FALSE(distinctive(name_words("Ada")));
  EXPECT_FALSE(distinctive(name_words("!!! ... ---")));
  EXPECT_FALSE(distinctive(name_words("")));
  EXPECT_TRUE(distinctive(name_words("Ada L")));
  EXPECT_TRUE(distinctive(name_words("Lovelace")));
  EXPECT_TRUE(distinctive(name_words("Gödelé")));  // Six code points, eight bytes.
  EXPECT_FALSE(distinctive(name_words("Gödel")));
  // A punctuation-only title mentions nothing and nothing mentions it.
  auto doc = parse_document("a.kg",
                            "concept dots { title: \"... !!! ...\" summary: \"... !!! ... and more ...\" }\n"
                            "concept other { title: \"Something Else\" summary: \"... !!! ...\" }\n");
  EXPECT_TRUE(mentions_in({doc}, *doc).empty());
}

TEST(NameMatcher, AnEntityThatMentionsItselfIsNotAMention) {
  auto doc = parse_document("a.kg",
                            "concept self { title: \"Self Reference\" aliases: [\"Self Reference\", \"The Self\"]\n"
                            "  summary: \"Self Reference, self reference, the self: all about Self Reference.\" }\n");
  EXPECT_TRUE(mentions_in({doc}, *doc).empty());
}

TEST(NameMatcher, TenThousandAliasesEndAndGiveEachTargetOnce) {
  std::string text = "concept many { title: \"Many Names\" aliases: [";
  for (int i = 0; i < 10000; ++i) text += "\"alias number " + std::to_string(i) + "\", ";
  text += "] }\nconcept reader { title: \"Reader\" summary: \"";
  for (int i = 0; i < 10000; i += 7) text += "alias number " + std::to_string(i) + " and ";
  text += "Many Names.\" }\n";
  auto doc = parse_document("a.kg", text);
  ASSERT_EQ(doc->entities.size(), 2u);
  ASSERT_EQ(doc->entities[0].aliases().size(), 10000u);
  const auto found = mentions_in({doc}, *doc);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].source, "reader");
  EXPECT_EQ(found[0].target, "many");
  EXPECT_EQ(said(*doc, found[0]), "reader>many:alias number 0");
  // The aliases of one entity taken out again leave nothing behind.
  NameMatcher m;
  m.add_document(*doc);
  EXPECT_EQ(m.size(), 10002u);  // The aliases, "Many Names" and "Reader".
  m.remove_document(*doc);
  EXPECT_EQ(m.size(), 0u);
}

// --- The diagnostic source ------------------------------------------------------------------

std::map<std::string, std::vector<Diagnostic>> run(Mentions& mentions, const Workspace& ws, bool on = true) {
  Snapshot s;
  s.workspace = ws;
  s.options.mentions = on;
  DiagnosticLayer layer;
  mentions.add_diagnostics(s, layer);
  std::map<std::string, std::vector<Diagnostic>> out;
  for (const auto& [path, list] : layer) out[path] = *list;
  return out;
}

std::string summary(const std::map<std::string, std::vector<Diagnostic>>& out) {
  std::string s;
  for (const auto& [path, list] : out)
    for (const Diagnostic& d : list)
      s += path + ":" + std::to_string(d.range.bytes.begin) + "-" + std::to_string(d.range.bytes.end) + " " + d.code +
           " " + d.data + " (" + d.message + ")\n";
  return s;
}

TEST(MentionsSource, HintsOnTheWordsUntilAnEdgeJoinsThem) {
  Workspace ws;
  ws.set_document(parse_document("/p.kg", "person ada { title: \"Ada Lovelace\" }\n"));
  ws.set_document(parse_document("/n.kg", "paper notes { summary: \"By Ada Lovelace.\" }\n"));
  Mentions mentions;
  auto out = run(mentions, ws);
  ASSERT_EQ(out["/n.kg"].size(), 1u);
  const Diagnostic& d = out["/n.kg"][0];
  EXPECT_EQ(d.code, "unlinked-mention");
  EXPECT_EQ(d.severity, Severity::Hint);
  EXPECT_EQ(d.data, "ada");
  EXPECT_EQ(d.range.bytes.begin, 27u);
  EXPECT_EQ(d.range.bytes.end, 39u);
  // The quick fix: with no schema, the relations in use (none: the default one).
  auto fixes = quick_fixes(ws, "/n.kg", d);
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_EQ(fixes[0].title, "Add edge `related-to` ada");
  // An edge the other way joins them too.
  ws.set_document(parse_document("/p.kg", "person ada { title: \"Ada Lovelace\"\n  wrote notes\n}\n"));
  EXPECT_EQ(summary(run(mentions, ws)), "");
  CardData card;
  Snapshot s;
  s.workspace = ws;
  mentions.add_mentioned_in(s, "ada", card);
  EXPECT_TRUE(card.mentioned_in.empty());
  // The setting off: nothing, and the state is let go.
  ws.set_document(parse_document("/p.kg", "person ada { title: \"Ada Lovelace\" }\n"));
  EXPECT_EQ(summary(run(mentions, ws, false)), "");
  EXPECT_NE(summary(run(mentions, ws)), "");
  s.workspace = ws;
  mentions.add_mentioned_in(s, "ada", card);
  ASSERT_EQ(card.mentioned_in.size(), 1u);
  EXPECT_EQ(card.mentioned_in[0].id, "notes");
}

// Random edits to titles, summaries, edges and IDs (some defined twice in a file) across a
// few files: the source kept across the states gives what a fresh one gives for each state.
TEST(MentionsSource, KeptAcrossEditsEqualsAFreshComputation) {
  const std::vector<std::string> names = {"Alpha Centauri", "Beta Decay", "Gamma Rays", "Deltas", "Epsilon Delta",
                                          "Zeta Function", "Alpha"};
  const std::vector<std::string> words = {"alpha", "centauri", "beta", "decay", "gamma", "rays", "deltas",
                                          "epsilon", "delta", "zeta", "function", "the", "and"};
  std::mt19937 rng(7);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  // An entity's text and, apart, its edge: an edit may change one without the other.
  std::vector<std::string> texts(12), edges(12), comments(4);
  auto text = [&](int i) {
    // Now and then the ID of a neighbour in the same file: a duplicate ID.
    const int id = pick(10) == 0 ? (i / 3) * 3 + (i + 1) % 3 : i;
    std::string t = "concept e" + std::to_string(id) + " {\n  title: \"" + names[pick(names.size())] + "\"\n";
    if (pick(3) == 0) t += "  aliases: [\"" + names[pick(names.size())] + "\"]\n";
    t += "  summary: \"";
    for (size_t w = 0, n = 3 + pick(10); w < n; ++w) t += words[pick(words.size())] + " ";
    return t + "\"\n";
  };
  auto edge = [&] { return pick(2) == 0 ? "  related e" + std::to_string(pick(12)) + "\n" : std::string(); };
  for (int i = 0; i < 12; ++i) texts[i] = text(i), edges[i] = edge();
  auto file = [&](int f) {
    std::string t = comments[f];
    for (int i = f * 3; i < f * 3 + 3; ++i) t += texts[i] + edges[i] + "}\n";
    return parse_document("/f" + std::to_string(f) + ".kg", t);
  };
  Workspace ws;
  for (int f = 0; f < 4; ++f) ws.set_document(file(f));
  Mentions kept;
  size_t seen = 0;
  for (int step = 0; step < 600; ++step) {
    const int i = static_cast<int>(pick(12));
    switch (pick(5)) {
      case 0: texts[i] = text(i); break;                                  // Names and texts.
      case 1: edges[i] = edge(); break;                                    // Only an edge.
      case 2: comments[i / 3] = std::string(pick(4), '#') + "\n"; break;  // Only the offsets.
      case 3: ws.remove_document("/f" + std::to_string(i / 3) + ".kg"); break;
      default: texts[i] = text(i), edges[i] = edge(); break;
    }
    if (ws.document("/f" + std::to_string(i / 3) + ".kg") || pick(2) == 0) ws.set_document(file(i / 3));
    Mentions fresh;
    const std::string want = summary(run(fresh, ws));
    ASSERT_EQ(summary(run(kept, ws)), want) << "step " << step;
    seen += want.size();
    // The card's "Mentioned in" (which documents name each target) agrees too.
    Snapshot snapshot;
    snapshot.workspace = ws;
    snapshot.options.mentions = true;
    for (int e = 0; e < 12; ++e) {
      const std::string id = "e" + std::to_string(e);
      CardData from_kept, from_fresh;
      kept.add_mentioned_in(snapshot, id, from_kept);
      fresh.add_mentioned_in(snapshot, id, from_fresh);
      std::string k, f;
      for (const auto& m : from_kept.mentioned_in) k += m.id + " ";
      for (const auto& m : from_fresh.mentioned_in) f += m.id + " ";
      ASSERT_EQ(k, f) << "step " << step << ", mentioned in of " << id;
    }
  }
  EXPECT_GT(seen, 0u);  // The workspace did have mentions.
}

}  // namespace
}  // namespace kgls::lang
