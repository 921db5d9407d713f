// Related entities and likely duplicates over real workspaces: typed-edge exclusion, the
// duplicate score's raises and penalties, threshold edges, and the warnings themselves.
#include <gtest/gtest.h>

#include <cstdlib>

#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

#include "calibration.hpp"
#include "kgls/similarity.hpp"

using namespace kgls;

namespace {

Workspace workspace(const std::vector<std::pair<std::string, std::string>>& files) {
  Workspace ws;
  for (const auto& [path, text] : files) ws.set_document(parse_document(path, text));
  return ws;
}

SimilarityIndex index_of(const Workspace& ws) {
  EmbeddingService service(EmbedderSettings{});
  return SimilarityIndex::build(ws, service);
}

std::vector<std::string> ids(const std::vector<SimilarEntity>& list) {
  std::vector<std::string> out;
  for (const auto& s : list) out.push_back(s.id);
  return out;
}

bool has_pair(const std::vector<DuplicatePair>& pairs, const std::string& a, const std::string& b) {
  for (const auto& p : pairs)
    if ((p.a.entity->id == a && p.b.entity->id == b) || (p.a.entity->id == b && p.b.entity->id == a)) return true;
  return false;
}

// Padding entities, so IDF separates common words from telling ones.
const char* kPadding = R"(
concept pad-1 { title: "Gradient descent" summary: "Iterative optimisation of a differentiable loss" }
concept pad-2 { title: "Attention head" summary: "A component mixing information across positions" }
concept pad-3 { title: "Tokenizer" summary: "Splits text into subword units before the model sees it" }
concept pad-4 { title: "Dropout" summary: "Randomly zeroes activations during training to regularise" }
)";

}  // namespace

TEST(Similar, TypedNeighboursAreLeftOutEitherWay) {
  const auto ws = workspace({{"a.kg", std::string(R"(
concept residual-stream { title: "Residual Stream" summary: "Pathway through the layers at each position" }
concept residual-stream-copy { title: "Residual Stream" summary: "Pathway through the layers at each position"
  same-as residual-stream }
concept residual-stream-third { title: "Residual stream view" summary: "Pathway through the layers at every position" }
)") + kPadding}});
  const auto index = index_of(ws);
  // The copy points at the original: neither lists the other, though their text is identical.
  EXPECT_EQ(ids(similar_entities(index, "residual-stream", 3, 0.0))[0], "residual-stream-third");
  for (const auto& id : ids(similar_entities(index, "residual-stream", 10, -1.0))) EXPECT_NE(id, "residual-stream-copy");
  for (const auto& id : ids(similar_entities(index, "residual-stream-copy", 10, -1.0))) EXPECT_NE(id, "residual-stream");
  EXPECT_TRUE(index.linked("residual-stream", "residual-stream-copy"));
  EXPECT_TRUE(index.linked("residual-stream-copy", "residual-stream"));
  // Nor are they a likely-duplicate candidate: the edge says how they relate.
  const auto pairs = find_duplicates(index, 0.0);
  EXPECT_FALSE(has_pair(pairs, "residual-stream", "residual-stream-copy"));
  EXPECT_TRUE(has_pair(pairs, "residual-stream", "residual-stream-third"));
  EXPECT_TRUE(similar_entities(index, "no-such-id", 5, 0.0).empty());
}

TEST(Similar, LimitAndThresholdBoundTheList) {
  const auto ws = workspace({{"a.kg", std::string(R"(
concept x { title: "Sparse autoencoder" summary: "Learns sparse features of activations" }
concept y { title: "Sparse autoencoder variant" summary: "Learns sparse features of activations with a new loss" }
concept z { title: "Sparse coding" summary: "Represents signals with few active dictionary atoms" }
)") + kPadding}});
  const auto index = index_of(ws);
  const auto all = similar_entities(index, "x", 10, -1.0);
  ASSERT_GE(all.size(), 3u);
  EXPECT_EQ(all[0].id, "y");
  for (size_t i = 1; i < all.size(); ++i) EXPECT_GE(all[i - 1].score, all[i].score);
  EXPECT_EQ(similar_entities(index, "x", 1, -1.0).size(), 1u);
  // The threshold is inclusive: at the second score exactly, two remain.
  const auto at = similar_entities(index, "x", 10, all[1].score);
  EXPECT_EQ(at.size(), 2u);
  EXPECT_EQ(similar_entities(index, "x", 10, std::nextafter(static_cast<float>(all[1].score), 2.0f)).size(), 1u);
  SimilaritySettings settings;
  settings.related_limit = 1;
  settings.similarity_threshold = 0.0;
  EXPECT_EQ(ids(related_by_similarity(index, "x", settings)), std::vector<std::string>{"y"});
}

TEST(Similar, SchemaDeclarationsAreNotEmbedded) {
  const auto ws = workspace({{"a.kg", std::string(R"(
kind paper { title: "Paper" plural: "Papers" }
relation cites { inverse: "cited by" }
paper p { title: "Paper" summary: "A paper about papers" }
)") + kPadding}});
  const auto index = index_of(ws);
  EXPECT_TRUE(index.rows("paper").empty());
  EXPECT_TRUE(index.rows("cites").empty());
  EXPECT_EQ(index.rows("p").size(), 1u);
}

TEST(DuplicateScore, SameNameRaisesDisagreementsLower) {
  const auto ws = workspace({{"a.kg", R"(
paper e1 { title: "Editorial" year: 2001 authors: ["Richard Snodgrass"] }
paper e2 { title: "Editorial" year: 2003 authors: ["Richard T. Snodgrass"] }
paper e3 { title: "editorial" year: 2001 authors: ["R. Snodgrass"] }
paper e4 { title: "Editorial" year: 2001 authors: ["Jim Gray"] }
concept e5 { title: "Editorial" }
paper e6 { title: "An editorial note" aliases: ["Editorial"] }
)"}});
  const auto& e = [&](const char* id) -> const Entity& { return *ws.find(id).entity; };
  DuplicatePair p;
  // Same name, same year, an author in common (surnames compare): raised toward 1.
  EXPECT_NEAR(duplicate_score(e("e1"), e("e3"), 0.6, {}, &p), 0.8, 1e-9);
  EXPECT_EQ(p.reason, "same-name");
  EXPECT_TRUE(p.disagreements.empty());
  // Two "Editorial" papers of different years are not duplicates.
  EXPECT_NEAR(duplicate_score(e("e1"), e("e2"), 1.0, {}, &p), 0.75, 1e-9);
  EXPECT_EQ(p.disagreements, std::vector<std::string>{"different year"});
  // Disjoint authors, a different kind: each lowers by the same step.
  EXPECT_NEAR(duplicate_score(e("e1"), e("e4"), 1.0, {}, &p), 0.75, 1e-9);
  EXPECT_EQ(p.disagreements, std::vector<std::string>{"disjoint authors"});
  EXPECT_NEAR(duplicate_score(e("e1"), e("e5"), 1.0, {}, &p), 0.75, 1e-9);
  EXPECT_EQ(p.disagreements, std::vector<std::string>{"different kind (paper, concept)"});
  // An alias is a name too; a field only one side has is no disagreement.
  EXPECT_NEAR(duplicate_score(e("e1"), e("e6"), 0.2, {}, &p), 0.6, 1e-9);
  EXPECT_EQ(p.reason, "same-name");
  // Without a shared name the cosine is the score.
  EXPECT_NEAR(duplicate_score(e("e5"), e("e4"), 0.3, DuplicateScoring{.same_name = 0, .disagreement = 0}), 0.3, 1e-9);
}

// Titles that differ only in a value of a series, a negation or an opposite name siblings,
// not duplicates; titles that differ otherwise, or where one extends the other, do not contrast.
TEST(DuplicateScore, ContrastingNamesDisagree) {
  const auto ws = workspace({{"a.kg", R"(
concept c1 { title: "Energy Category A" }
concept c2 { title: "EnergyCategoryB" }
concept c3 { title: "Energy Category A1 Plus" }
concept c4 { title: "highPrice" }
concept c5 { title: "lowPrice" }
concept c6 { title: "countriesSupported" }
concept c7 { title: "countriesNotSupported" }
concept c8 { title: "eligibleRegion" }
concept c9 { title: "ineligibleRegion" }
concept c10 { title: "Saturday" }
concept c11 { title: "Sunday" }
concept c12 { title: "ProductReturnPolicy" }
concept c13 { title: "MerchantReturnPolicy" }
concept c14 { title: "paymentDue" }
concept c15 { title: "paymentDueDate" }
concept c16 { title: "SQL3 object model" }
concept c17 { title: "SQL 3 object model" }
concept c18 { title: "Part II of the survey" }
concept c19 { title: "Part III of the survey" }
concept c20 { title: "The fourth workshop" }
concept c21 { title: "The 4th workshop" }
)"}});
  const auto& e = [&](const char* id) -> const Entity& { return *ws.find(id).entity; };
  auto contrasts = [&](const char* a, const char* b) {
    DuplicatePair p;
    duplicate_score(e(a), e(b), 0.9, {}, &p);
    return !p.disagreements.empty() && p.disagreements[0].starts_with("contrasting names (");
  };
  EXPECT_TRUE(contrasts("c1", "c2"));    // a / b
  EXPECT_TRUE(contrasts("c1", "c3"));    // a / a1 plus
  EXPECT_TRUE(contrasts("c4", "c5"));    // high / low
  EXPECT_TRUE(contrasts("c6", "c7"));    // - / not
  EXPECT_TRUE(contrasts("c8", "c9"));    // eligible / ineligible
  EXPECT_TRUE(contrasts("c10", "c11"));  // weekdays
  EXPECT_TRUE(contrasts("c18", "c19"));  // ii / iii
  EXPECT_FALSE(contrasts("c12", "c13"));  // product / merchant: a synonym may be a duplicate
  EXPECT_FALSE(contrasts("c14", "c15"));  // one extends the other
  EXPECT_FALSE(contrasts("c16", "c17"));  // the same number written otherwise
  EXPECT_FALSE(contrasts("c20", "c21"));  // a word against a number
  DuplicatePair p;
  EXPECT_NEAR(duplicate_score(e("c4"), e("c5"), 0.9, {}, &p), 0.65, 1e-9);
  EXPECT_EQ(p.disagreements, std::vector<std::string>{"contrasting names (high / low)"});
  // Off, the cosine stands.
  EXPECT_NEAR(duplicate_score(e("c4"), e("c5"), 0.9, DuplicateScoring{.contrasting_names = false}), 0.9, 1e-9);
}

TEST(Duplicates, WarningsOnBothIdsPointingAtEachOther) {
  const auto ws = workspace({{"concepts.kg", std::string(R"(
concept residual-stream {
  title: "Residual Stream"
  summary: "Proposed pathway flowing through layers at each position; calculates K/V values that feed horizontal information flow."
}
)") + kPadding},
                             {"drafts.kg", R"(concept residual-stream-view {
  title: "The Residual Stream"
  summary: "Pathway proposed to run through the layers at every position; it computes the K/V values that feed the horizontal flow of information."
  aliases: ["residual stream"]
}
)"}});
  const auto index = index_of(ws);
  const auto pairs = find_duplicates(index, SimilaritySettings{}.duplicate_threshold);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].a.entity->id, "residual-stream");
  EXPECT_EQ(pairs[0].b.entity->id, "residual-stream-view");
  EXPECT_EQ(pairs[0].reason, "same-name");

  const auto diags = duplicate_diagnostics(pairs);
  ASSERT_EQ(diags.size(), 2u);
  const auto& on_view = diags.at("drafts.kg");
  ASSERT_EQ(on_view.size(), 1u);
  const Diagnostic& d = on_view[0];
  EXPECT_EQ(d.code, "likely-duplicate");
  EXPECT_EQ(d.severity, Severity::Warning);
  EXPECT_EQ(d.data, "residual-stream");
  const Entity& view = *ws.find("residual-stream-view").entity;
  EXPECT_EQ(d.range, view.id_range);
  ASSERT_EQ(d.related.size(), 1u);
  EXPECT_EQ(d.related[0].path, "concepts.kg");
  EXPECT_EQ(d.related[0].range, ws.find("residual-stream").entity->id_range);
  EXPECT_NE(d.message.find("`residual-stream-view` looks like a duplicate of `residual-stream`"), std::string::npos)
      << d.message;
  EXPECT_EQ(diags.at("concepts.kg")[0].data, "residual-stream-view");

  // The threshold is inclusive: exactly at the pair's score it stays, just above it goes.
  EXPECT_EQ(find_duplicates(index, pairs[0].score).size(), 1u);
  EXPECT_TRUE(find_duplicates(index, std::nextafter(pairs[0].score, 2.0)).empty());
  // And off means off.
  SimilaritySettings off;
  off.duplicates = false;
  EmbeddingService service(EmbedderSettings{});
  EXPECT_TRUE(likely_duplicate_diagnostics(ws, off, service).empty());
  EXPECT_EQ(likely_duplicate_diagnostics(ws, SimilaritySettings{}, service).size(), 2u);
}

TEST(Duplicates, ADuplicatedIdIsNotAlsoALikelyDuplicate) {
  const auto ws = workspace({{"a.kg", std::string(R"(
concept twin { title: "Twin" summary: "Defined twice by mistake" }
concept twin { title: "Twin" summary: "Defined twice by mistake" }
)") + kPadding}});
  const auto index = index_of(ws);
  EXPECT_EQ(index.rows("twin").size(), 2u);
  EXPECT_TRUE(find_duplicates(index, 0.5).empty());  // duplicate-id already reports it.
}

TEST(Examples, TheDeliberateNearDuplicateIsAWarning) {
  const Workspace ws = calibration::load_folder(std::filesystem::path(KGLS_SOURCE_DIR) / "examples");
  EmbeddingService service(EmbedderSettings{});
  const auto diags = likely_duplicate_diagnostics(ws, SimilaritySettings{}, service);
  ASSERT_EQ(diags.size(), 2u);
  EXPECT_EQ(diags.at("drafts.kg").at(0).data, "residual-stream");
  EXPECT_EQ(diags.at("concepts.kg").at(0).data, "residual-stream-view");
}

TEST(Examples, TheSeedCardsRelatedEntities) {
  const Workspace ws = calibration::load_folder(std::filesystem::path(KGLS_SOURCE_DIR) / "examples");
  const auto index = index_of(ws);
  const std::string seed = "a-mathematical-framework-for-transformer-circuits";
  // The seed card's eight related entities are the framework's eight nearest without an edge.
  const auto nearest = ids(similar_entities(index, seed, 8, -1.0));
  const std::set<std::string> expected = {"transformer-circuit-analysis",
                                          "zoom-in-an-introduction-to-circuits",
                                          "transformer",
                                          "technical-dimensions-of-programming-systems",
                                          "framework-ashton-tate",
                                          "reasoning-llm-transformer-backbone",
                                          "learning-to-encode-position-liu-2020",
                                          "attention-only-transformer"};
  EXPECT_EQ(std::set<std::string>(nearest.begin(), nearest.end()), expected);
  // The card's section: above the default threshold, best first, none a typed neighbour.
  const auto related = related_by_similarity(index, seed, SimilaritySettings{});
  ASSERT_GE(related.size(), 2u);
  // The two that share the framework's own words ("transformer", "circuit") lead.
  EXPECT_EQ((std::set<std::string>{related[0].id, related[1].id}),
            (std::set<std::string>{"transformer-circuit-analysis", "transformer"}));
  for (const auto& r : related) {
    EXPECT_GE(r.score, SimilaritySettings{}.similarity_threshold);
    EXPECT_FALSE(index.linked(seed, r.id)) << r.id;
  }
}

// The card's related entities come from the nearest rows kept by the duplicate sweep; for
// every entity of a real workspace they must equal a product over the whole matrix, with
// lists small enough that the exclusions (typed neighbours, hubs) force the fallback too.
TEST(Similar, NearestRowsFromTheSweepEqualTheFullProduct) {
  const Workspace ws = calibration::load_folder(std::filesystem::path(KGLS_SOURCE_DIR) / "examples");
  for (const size_t k : {3u, 32u})
  for (const bool extra : {true, false}) {
    SimilarityIndex full = index_of(ws);
    SimilarityIndex kept = index_of(ws);
    NearestRows nearest;
    nearest.k = k;
    nearest.min_score = 0.1f;
    (void)find_duplicates(kept, 0.8, {}, false, &nearest);
    ASSERT_EQ(nearest.rows.size(), static_cast<size_t>(kept.matrix().rows()));
    ASSERT_EQ(nearest.extra.size(), nearest.rows.size());
    if (!extra) {
      // Only k per row, as if nothing were excluded: the exclusions force the fallback.
      for (auto& list : nearest.rows)
        if (list.size() > k) list.resize(k);
      nearest.extra.clear();
    }
    kept.set_nearest(std::move(nearest));
    size_t checked = 0;
    for (const auto& ref : full.entities()) {
      for (const double min_score : {0.1, 0.3}) {
        const auto a = similar_entities(full, ref.entity->id, 8, min_score);
        const auto b = similar_entities(kept, ref.entity->id, 8, min_score);
        ASSERT_EQ(ids(a), ids(b)) << ref.entity->id << " k=" << k << " extra " << extra << " min " << min_score;
        for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i].score, b[i].score, 1e-5);
        ++checked;
      }
    }
    EXPECT_GT(checked, 20u);
  }
  // And the lists are what answers: empty lists that are not full say "nothing is similar".
  SimilarityIndex blank = index_of(ws);
  NearestRows none;
  none.k = 32;
  none.min_score = 0.15f;
  none.rows.assign(static_cast<size_t>(blank.matrix().rows()), {});
  blank.set_nearest(std::move(none));
  const std::string seed = "a-mathematical-framework-for-transformer-circuits";
  EXPECT_FALSE(related_by_similarity(index_of(ws), seed, SimilaritySettings{}).empty());
  EXPECT_TRUE(related_by_similarity(blank, seed, SimilaritySettings{}).empty());
}

// Blocking compares only the entities that share one of their rarest words or name 4-grams;
// on a real knowledge base it must warn about the pairs that comparing all pairs warns about.
// DBLP-ACM (4,915 entities, two records of most papers) read from ../shared, both ways.
TEST(Duplicates, BlockingWarnsAsAllPairsDo) {
  const std::filesystem::path folder = std::filesystem::path(KGLS_SHARED_DATA) / "dblp-acm";
  if (!std::filesystem::exists(folder)) GTEST_SKIP() << "no " << folder.string();
  const Workspace ws = calibration::load_folder(folder);
  const SimilarityIndex index = index_of(ws);
  DuplicateScoring exact, blocked;
  exact.all_pairs_up_to = std::numeric_limits<size_t>::max();
  blocked.all_pairs_up_to = 0;
  auto warned = [&](const DuplicateScoring& scoring) {
    std::set<std::pair<std::string, std::string>> out;
    for (const auto& p : find_duplicates(index, SimilaritySettings{}.duplicate_threshold, scoring))
      out.emplace(p.a.entity->id, p.b.entity->id);
    return out;
  };
  const auto all = warned(exact), some = warned(blocked);
  ASSERT_GT(all.size(), 1500u);
  size_t both = 0;
  for (const auto& p : all) both += some.count(p);
  // Measured: 2,273 warnings both ways, the same pairs; the bound leaves room for rounding.
  EXPECT_GE(static_cast<double>(both), 0.98 * static_cast<double>(all.size()));
  EXPECT_GE(static_cast<double>(both), 0.98 * static_cast<double>(some.size()));
}

// After an edit, the pass is updated rather than run again: only the edited entity is
// embedded again, and the warnings follow the edit as a whole pass's do. On DBLP-ACM (read
// from ../shared): one paper of a warned pair renamed to something else, then back.
TEST(Duplicates, AnUpdateAfterAnEditWarnsAsAWholePassDoes) {
  const std::filesystem::path folder = std::filesystem::path(KGLS_SHARED_DATA) / "dblp-acm";
  if (!std::filesystem::exists(folder)) GTEST_SKIP() << "no " << folder.string();
  const Workspace before = calibration::load_folder(folder);
  using Pairs = std::set<std::pair<std::string, std::string>>;
  const auto ids_of = [](const std::vector<DuplicatePair>& pairs) {
    Pairs out;
    for (const auto& p : pairs) out.emplace(p.a.entity->id, p.b.entity->id);
    return out;
  };
  const auto whole = [](const Workspace& ws, EmbeddingService& service, std::vector<DuplicatePair>& pairs) {
    auto index = std::make_unique<SimilarityIndex>(SimilarityIndex::build(ws, service));
    NearestRows nearest;
    pairs = find_duplicates(*index, 0.5, {}, true, &nearest);
    index->set_nearest(std::move(nearest));
    return index;
  };
  EmbeddingService service(EmbedderSettings{});
  std::vector<DuplicatePair> pairs0;
  const auto index0 = whole(before, service, pairs0);
  ASSERT_GT(pairs0.size(), 1000u);

  // The edit: the second paper of the best pair gets another title and summary.
  const DuplicatePair target = pairs0.front();
  const std::string a = target.a.entity->id, b = target.b.entity->id;
  const Document& doc = *target.b.document;
  const Entity& entity = *target.b.entity;
  std::string text = doc.text;
  const auto& span = entity.range.bytes;
  const std::string replacement = "paper " + b + " {\n  title: \"Grazing patterns of alpine ibex in winter\"\n}";
  text.replace(span.begin, span.end - span.begin, replacement);
  Workspace after = before;
  after.set_document(parse_document(doc.path, text));
  ASSERT_EQ(after.definitions(b).size(), 1u);

  SimilarityIndex::Update update;
  auto index1 = SimilarityIndex::update(*index0, after, service, 64, update);
  ASSERT_TRUE(index1.has_value());
  ASSERT_EQ(update.changed.size(), 1u) << "the file's other entities are unchanged";
  EXPECT_EQ(index1->entities()[update.changed[0]].entity->id, b);
  NearestRows nearest1;
  auto pairs1 = update_duplicates(*index1, update, *index0, pairs0, 0.5, {}, true, nearest1);
  ASSERT_TRUE(pairs1.has_value());
  index1->set_nearest(std::move(nearest1));
  const Pairs updated = ids_of(*pairs1);
  EXPECT_FALSE(updated.count({a, b})) << "the renamed paper still warns";
  // Everything else stands.
  Pairs expected = ids_of(pairs0);
  expected.erase({a, b});
  size_t kept = 0;
  for (const auto& p : expected) kept += updated.count(p);
  EXPECT_GE(static_cast<double>(kept), 0.99 * static_cast<double>(expected.size()));
  // And agrees with a whole pass over the edited workspace (whose IDF moved a little).
  EmbeddingService other(EmbedderSettings{});
  std::vector<DuplicatePair> whole1;
  whole(after, other, whole1);
  const Pairs fresh = ids_of(whole1);
  size_t both = 0;
  for (const auto& p : fresh) both += updated.count(p);
  EXPECT_GE(static_cast<double>(both), 0.98 * static_cast<double>(fresh.size()));
  EXPECT_GE(static_cast<double>(both), 0.98 * static_cast<double>(updated.size()));

  // Undone: the pair is back.
  SimilarityIndex::Update back;
  auto index2 = SimilarityIndex::update(*index1, before, service, 64, back);
  ASSERT_TRUE(index2.has_value());
  EXPECT_EQ(back.changed.size(), 1u);
  NearestRows nearest2;
  auto pairs2 = update_duplicates(*index2, back, *index1, *pairs1, 0.5, {}, true, nearest2);
  ASSERT_TRUE(pairs2.has_value());
  EXPECT_TRUE(ids_of(*pairs2).count({a, b})) << "the pair did not come back";

  // Too many changes for an update: a whole pass instead.
  SimilarityIndex::Update none;
  EXPECT_FALSE(SimilarityIndex::update(*index0, after, service, 0, none).has_value());
}
