// `kgls show ID [--format text|markdown|json]`: an entity's card; on a miss, the closest
// IDs and titles ("did you mean") and exit 1.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/index_options.hpp"
#include "cli/similarity_options.hpp"
#include "kgls/card.hpp"

using nlohmann::json;

namespace kgls::cli {

namespace {

const char* kShowHelp = R"(usage: kgls show ID [--format text|markdown|json]
                 [--workspace DIR] [--index PATH | --no-index]

Prints the entity's card: kind, ID, status, title, summary, fields, and its typed
neighbours grouped by kind, ranked by edge count. Exit 1 when no file defines ID.
  text      for the terminal (colour on a TTY, unless NO_COLOR is set)
  markdown  what the editor's hover shows
  json      the card's data
)";

json card_json(const CardData& card) {
  json fields = json::array();
  for (const CardField& f : card.fields) fields.push_back({{"key", f.key}, {"value", f.value}});
  json groups = json::array();
  for (const CardGroup& g : card.neighbourhood) {
    json neighbours = json::array();
    for (const CardNeighbour& n : g.neighbours) {
      json links = json::array();
      for (const Link& l : n.links) {
        json link = {{"relation", l.relation}, {"direction", l.direction == Direction::Out ? "out" : "in"}};
        if (!l.note.empty()) link["note"] = l.note;
        links.push_back(std::move(link));
      }
      neighbours.push_back({{"id", n.id},
                            {"kind", n.kind},
                            {"title", n.title},
                            {"summary", n.summary},
                            {"defined", n.defined},
                            {"edgeCount", n.edge_count},
                            {"links", links}});
    }
    groups.push_back({{"kind", g.kind}, {"label", g.label}, {"count", g.neighbours.size()}, {"neighbours", neighbours}});
  }
  json out = {{"kind", card.kind},
              {"id", card.id},
              {"status", card.status},
              {"title", card.title},
              {"summary", card.summary},
              {"fields", fields},
              {"file", card.path},
              {"line", card.id_range.utf16.start.line + 1},
              {"definitions", card.definitions},
              {"neighborhood", groups}};
  if (card.similar) {
    json similar = json::array();
    for (const CardSimilar& s : *card.similar) {
      similar.push_back({{"id", s.id}, {"title", s.title}, {"kind", s.kind}, {"score", s.score}, {"summary", s.summary}});
    }
    out["similar"] = {{"threshold", card.similarity_threshold}, {"entities", similar}};
  }
  return out;
}

}  // namespace

int run_show(const Args& args) {
  IndexArgs options;
  std::vector<std::string> rest;
  std::string error;
  if (!parse_index_args(args, options, rest, error)) {
    std::fprintf(stderr, "kgls show: %s\n", error.c_str());
    return 2;
  }
  std::string format = "text", id;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == "--help" || rest[i] == "-h") {
      std::cout << kShowHelp << "\noptions:" << kIndexOptionsHelp;
      return 0;
    }
    if (take_value(rest, i, "--format", format, error)) {
      if (!error.empty()) {
        std::fprintf(stderr, "kgls show: %s\n", error.c_str());
        return 2;
      }
      continue;
    }
    if (rest[i].rfind("--", 0) == 0 || !id.empty()) {
      std::fprintf(stderr, "kgls show: unexpected argument '%s' (try `kgls show --help`)\n", rest[i].c_str());
      return 2;
    }
    id = rest[i];
  }
  if (id.empty()) {
    std::fprintf(stderr, "kgls show: which ID? (usage: kgls show ID)\n");
    return 2;
  }
  if (format != "text" && format != "markdown" && format != "json") {
    std::fprintf(stderr, "kgls show: --format must be text, markdown or json (not '%s')\n", format.c_str());
    return 2;
  }
  const auto index = open_index(options);
  if (!index) return 2;

  try {
    auto card = card_data(*index, id);
    print_notices(*index);
    // "Related by similarity" comes from the similarity layer (server/cli/similarity_cmd.cpp).
    if (card) add_similarity_section(*card, options, SimilaritySettings{});
    if (!card) {
      const std::string shown = strip_controls(id);
      std::fprintf(stderr, "kgls show: no entity `%s` in %s\n", shown.c_str(), index->root().string().c_str());
      print_did_you_mean(*index, id);
      return 1;
    }
    if (format == "json") {
      std::cout << card_json(*card).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    } else if (format == "markdown") {
      std::cout << render_markdown(*card, {.max_per_group = 0, .line_width = 200});
    } else {
      std::cout << render_text(*card, {.color = stdout_wants_color(), .max_per_group = 0, .line_width = 200});
    }
  } catch (const sql::Error& e) {
    std::fprintf(stderr, "kgls show: reading the index failed: %s\n", e.what());
    return 2;
  }
  return 0;
}

}  // namespace kgls::cli
