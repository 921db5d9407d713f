#include <gtest/gtest.h>

#include "lsp/language/fuzzy.hpp"

namespace kgls::lang {
namespace {

TEST(Fuzzy, MatchesSubsequencesIgnoringCase) {
  EXPECT_TRUE(fuzzy_score("tc", "transformer-circuits"));
  EXPECT_TRUE(fuzzy_score("TRCI", "transformer-circuits"));
  EXPECT_TRUE(fuzzy_score("", "anything"));
  EXPECT_FALSE(fuzzy_score("ct", "c"));
  EXPECT_FALSE(fuzzy_score("xyz", "transformer-circuits"));
  EXPECT_FALSE(fuzzy_score("circuitsx", "circuits"));
}

TEST(Fuzzy, RanksExactThenPrefixThenWordStartsThenScattered) {
  const auto exact = *fuzzy_score("circuits", "circuits");
  const auto prefix = *fuzzy_score("circuits", "circuits-thread");
  const auto word_start = *fuzzy_score("circuits", "distill-circuits-thread");
  const auto scattered = *fuzzy_score("circuits", "cards-in-recurrent-units-typesets");
  EXPECT_GT(exact, prefix);
  EXPECT_GT(prefix, word_start);
  EXPECT_GT(word_start, scattered);
}

TEST(Fuzzy, InitialsScoreAtWordStarts) {
  // "lwa" takes the starts of logit-weight-analysis, not letters inside words.
  EXPECT_GT(*fuzzy_score("lwa", "logit-weight-analysis"), *fuzzy_score("lwa", "slowawake"));
  EXPECT_GT(*fuzzy_score("lwa", "LogitWeightAnalysis"), *fuzzy_score("lwa", "Logitweightanalysis"));
}

TEST(Fuzzy, LongInputsAreCutNotRejected) {
  const std::string long_word = "start-" + std::string(10000, 'x');
  EXPECT_TRUE(fuzzy_score("start", long_word));
}

}  // namespace
}  // namespace kgls::lang
