// Gathering a card's data from the index, and the group labels ("Papers").
#include <array>
#include <cctype>
#include <string>

#include "kgls/card.hpp"

namespace kgls {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// The plural of one lower-case English word.
std::string plural_word(const std::string& word) {
  // The few irregular nouns a knowledge graph's kinds are likely to use.
  static constexpr std::array<std::array<const char*, 2>, 8> kIrregular = {{
      {"person", "people"},
      {"child", "children"},
      {"man", "men"},
      {"woman", "women"},
      {"criterion", "criteria"},
      {"phenomenon", "phenomena"},
      {"datum", "data"},
      {"series", "series"},
  }};
  for (const auto& [one, many] : kIrregular) {
    if (word == one) return many;
  }
  if (word.empty()) return word;
  if (ends_with(word, "sis")) return word.substr(0, word.size() - 2) + "es";  // analysis -> analyses
  if (ends_with(word, "s") || ends_with(word, "x") || ends_with(word, "z") || ends_with(word, "ch") ||
      ends_with(word, "sh")) {
    return word + "es";
  }
  if (word.size() > 1 && word.back() == 'y' && !is_vowel(word[word.size() - 2])) {
    return word.substr(0, word.size() - 1) + "ies";  // property -> properties
  }
  return word + "s";
}

}  // namespace

std::string english_plural(std::string_view kind) {
  std::string words(kind);
  for (char& c : words) {
    if (c == '-' || c == '_') c = ' ';
  }
  const size_t last = words.rfind(' ');
  const size_t start = last == std::string::npos ? 0 : last + 1;
  std::string tail = words.substr(start);
  // Only an all-lower-case last word is English we can inflect; "GPU" becomes "GPUs".
  bool lower = true;
  for (char c : tail) lower = lower && !(c >= 'A' && c <= 'Z');
  std::string out = words.substr(0, start) + (lower ? plural_word(tail) : tail + "s");
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string plural_label(Index& index, std::string_view kind) {
  std::string declared = index.kind_plural(kind);
  return declared.empty() ? english_plural(kind) : declared;
}

std::optional<CardData> card_data(Index& index, std::string_view id) {
  const std::vector<EntityRecord> definitions = index.definitions(id);
  if (definitions.empty()) return std::nullopt;
  const EntityRecord& entity = definitions.front();
  CardData card;
  card.kind = entity.kind;
  card.id = entity.id;
  card.status = entity.status;
  card.title = entity.title;
  card.summary = entity.summary;
  card.path = entity.path;
  card.id_range = entity.id_range;
  card.definitions = definitions.size();
  for (FieldRecord& field : index.fields(entity.key)) {
    if (field.key == "title" || field.key == "summary" || field.key == "status") continue;
    card.fields.push_back({std::move(field.key), std::move(field.value)});
  }
  for (NeighbourGroup& group : index.neighbours(id)) {
    CardGroup out;
    out.kind = group.kind;
    out.label = group.kind.empty() ? "Unresolved" : plural_label(index, group.kind);
    for (Neighbour& n : group.neighbours) {
      out.neighbours.push_back(
          {std::move(n.id), std::move(n.kind), std::move(n.title), std::move(n.summary), n.defined, n.edge_count,
           std::move(n.links)});
    }
    card.neighbourhood.push_back(std::move(out));
  }
  return card;
}

}  // namespace kgls
