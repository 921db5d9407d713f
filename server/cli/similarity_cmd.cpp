// `kgls duplicates` and `kgls similar`, and the similarity section of `kgls show`.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/similarity_options.hpp"
#include "cli/workspace_loader.hpp"

using nlohmann::json;

namespace kgls::cli {

const char* const kEmbedderOptionsHelp = R"(
  --embedder KIND          builtin (default; offline), http or command
  --embedder-url URL       http: an OpenAI-compatible endpoint, http://host:port/v1/embeddings
  --embedder-model NAME    http: the model to ask for
  --embedder-key-env VAR   http: the environment variable holding the API key
                           (default KGLS_EMBEDDINGS_API_KEY; unset = no key)
  --embedder-command CMD   command: a program (and space-separated arguments) that reads
                           JSON strings, one per line, and writes JSON arrays, one per line
  --embedder-timeout MS    http, command: give up after MS milliseconds (default 10000)
  A failing http or command embedder is reported once; the builtin then stands in.
  Their vectors are cached in the index (--index / --no-index), so nothing is embedded twice.
)";

namespace {

const char* kDuplicatesHelp = R"(usage: kgls duplicates [--threshold T] [--format text|json]
                       [--workspace DIR] [--index PATH | --no-index] [embedder options]

Lists pairs of entities that look like the same thing and that no typed edge joins,
best first: the `likely-duplicate` warnings of `kgls check`. The duplicate score starts
from the cosine of the two embeddings, is raised by a shared normalised title or alias
and lowered by facts that disagree (kind, a number like `year`, disjoint lists like
`authors`); see docs/similarity.md.
  --threshold T    report scores >= T (default 0.80)
  --format json    an array of {"a","b","score","reason"}; reason is same-name or similarity
)";

const char* kSimilarHelp = R"(usage: kgls similar ID [--limit K] [--threshold T] [--format text|json]
                    [--workspace DIR] [--index PATH | --no-index] [embedder options]

Lists the entities most similar to ID by embedding, best first, leaving out those
joined to it by a typed edge either way. Exit 1 when no file defines ID.
  --limit K        at most K entities (default 10)
  --threshold T    only cosines >= T (default: none)
  --format json    an array of {"id","score","kind","title"}
)";

double rounded(double score) { return std::round(score * 1000.0) / 1000.0; }

std::string fixed3(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", score);
  return buf;
}

// A number option; false (with error) when the value is not a number in [lo, hi].
bool parse_number(const std::string& name, const std::string& value, double lo, double hi, double& out,
                  std::string& error) {
  char* end = nullptr;
  const double v = std::strtod(value.c_str(), &end);
  if (value.empty() || *end || !std::isfinite(v) || v < lo || v > hi) {
    std::ostringstream s;
    s << name << " must be a number from " << lo << " to " << hi << ", not '" << value << "'";
    error = s.str();
    return false;
  }
  out = v;
  return true;
}

std::string where_of(const EntityRef& ref) {
  return ref.document->path + ":" + std::to_string(ref.entity->id_range.utf16.start.line + 1);
}

// The shared front matter of both commands: index options, embedder options, then the rest.
bool parse_common(const char* command, const Args& args, IndexArgs& where, EmbedderSettings& embedder,
                  std::vector<std::string>& rest) {
  std::vector<std::string> after_index;
  std::string error;
  if (!parse_index_args(args, where, after_index, error) || !parse_embedder_args(after_index, embedder, rest, error)) {
    std::fprintf(stderr, "kgls %s: %s\n", command, error.c_str());
    return false;
  }
  return true;
}

}  // namespace

bool parse_embedder_args(const Args& args, EmbedderSettings& out, std::vector<std::string>& rest, std::string& error) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string value;
    if (take_value(args, i, "--embedder", value, error)) {
      if (!error.empty()) return false;
      if (value != "builtin" && value != "http" && value != "command") {
        error = "--embedder must be builtin, http or command (not '" + value + "')";
        return false;
      }
      out.kind = value;
    } else if (take_value(args, i, "--embedder-url", value, error)) {
      if (!error.empty()) return false;
      out.url = value;
    } else if (take_value(args, i, "--embedder-model", value, error)) {
      if (!error.empty()) return false;
      out.model = value;
    } else if (take_value(args, i, "--embedder-key-env", value, error)) {
      if (!error.empty()) return false;
      out.api_key_env = value;
    } else if (take_value(args, i, "--embedder-command", value, error)) {
      if (!error.empty()) return false;
      out.command.clear();
      std::istringstream words(value);
      for (std::string w; words >> w;) out.command.push_back(w);
    } else if (take_value(args, i, "--embedder-timeout", value, error)) {
      if (!error.empty()) return false;
      double ms = 0;
      if (!parse_number("--embedder-timeout", value, 1, 3600000, ms, error)) return false;
      out.timeout = std::chrono::milliseconds(static_cast<int64_t>(ms));
    } else {
      rest.push_back(args[i]);
    }
  }
  return true;
}

bool open_similarity(const IndexArgs& where, const EmbedderSettings& embedder, SimilaritySession& out,
                     std::string& error) {
  LoadedWorkspace loaded;
  if (!load_for_check({where.workspace.string()}, loaded, error)) return false;
  out.errors = loaded.errors;
  out.workspace = std::make_unique<Workspace>(std::move(loaded.workspace));
  try {
    // The builtin's vectors depend on the whole workspace (IDF) and cost less to compute than
    // to read back, so only other embedders use the index's cache.
    if (embedder.kind != "builtin") {
      out.index = open_index(where);
      if (out.index) out.cache = std::make_shared<SqliteEmbeddingCache>(*out.index);
    }
    out.service = std::make_unique<EmbeddingService>(embedder, out.cache);
  } catch (const std::invalid_argument& e) {
    error = e.what();
    return false;
  }
  return true;
}

void add_similarity_section(CardData& card, const IndexArgs& where, const SimilaritySettings& settings) {
  SimilaritySession session;
  std::string error;
  if (!open_similarity(where, settings.embedder, session, error)) {
    std::fprintf(stderr, "kgls: no similarity section: %s\n", error.c_str());
    return;
  }
  const SimilarityIndex index = SimilarityIndex::build(*session.workspace, *session.service);
  if (index.warning()) std::fprintf(stderr, "kgls: %s\n", index.warning()->c_str());
  std::vector<CardSimilar> similar;
  for (const SimilarEntity& s : related_by_similarity(index, card.id, settings))
    similar.push_back({s.id, s.title, s.kind, s.score, s.summary});
  card.similar = std::move(similar);
  card.similarity_threshold = settings.similarity_threshold;
}

int run_duplicates(const Args& args) {
  IndexArgs where;
  SimilaritySettings settings;
  std::vector<std::string> rest;
  if (!parse_common("duplicates", args, where, settings.embedder, rest)) return 2;
  std::string format = "text", value, error;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == "--help" || rest[i] == "-h") {
      std::cout << kDuplicatesHelp << "\noptions:" << kIndexOptionsHelp << kEmbedderOptionsHelp;
      return 0;
    }
    if (take_value(rest, i, "--format", format, error)) {
      if (error.empty() && format != "text" && format != "json") error = "--format must be text or json (not '" + format + "')";
    } else if (take_value(rest, i, "--threshold", value, error)) {
      if (error.empty()) parse_number("--threshold", value, -1, 2, settings.duplicate_threshold, error);
    } else {
      error = "unexpected argument '" + rest[i] + "' (try `kgls duplicates --help`)";
    }
    if (!error.empty()) {
      std::fprintf(stderr, "kgls duplicates: %s\n", error.c_str());
      return 2;
    }
  }

  SimilaritySession session;
  if (!open_similarity(where, settings.embedder, session, error)) {
    std::fprintf(stderr, "kgls duplicates: %s\n", error.c_str());
    return 2;
  }
  for (const auto& e : session.errors) std::fprintf(stderr, "kgls duplicates: %s\n", e.c_str());
  const SimilarityIndex index = SimilarityIndex::build(*session.workspace, *session.service);
  if (index.warning()) std::fprintf(stderr, "kgls duplicates: %s\n", index.warning()->c_str());
  const auto pairs = find_duplicates(index, settings.duplicate_threshold);

  if (format == "json") {
    json out = json::array();
    for (const auto& p : pairs)
      out.push_back({{"a", p.a.entity->id}, {"b", p.b.entity->id}, {"score", rounded(p.score)}, {"reason", p.reason}});
    std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else {
    for (const auto& p : pairs) {
      std::cout << fixed3(p.score) << "  " << p.a.entity->id << " (" << where_of(p.a) << ")  ~  " << p.b.entity->id
                << " (" << where_of(p.b) << ")  " << p.reason;
      for (const auto& d : p.disagreements) std::cout << ", " << d;
      std::cout << "\n";
    }
    std::fprintf(stderr, "%zu likely duplicate %s at score >= %.2f (%zu entities)\n", pairs.size(),
                 pairs.size() == 1 ? "pair" : "pairs", settings.duplicate_threshold, index.entities().size());
  }
  return session.errors.empty() ? 0 : 2;
}

int run_similar(const Args& args) {
  IndexArgs where;
  SimilaritySettings settings;
  std::vector<std::string> rest;
  if (!parse_common("similar", args, where, settings.embedder, rest)) return 2;
  std::string format = "text", value, error, id;
  double limit = 10, threshold = -1;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == "--help" || rest[i] == "-h") {
      std::cout << kSimilarHelp << "\noptions:" << kIndexOptionsHelp << kEmbedderOptionsHelp;
      return 0;
    }
    if (take_value(rest, i, "--format", format, error)) {
      if (error.empty() && format != "text" && format != "json") error = "--format must be text or json (not '" + format + "')";
    } else if (take_value(rest, i, "--limit", value, error)) {
      if (error.empty() && parse_number("--limit", value, 1, 100000, limit, error) && limit != std::floor(limit))
        error = "--limit must be a whole number, not '" + value + "'";
    } else if (take_value(rest, i, "--threshold", value, error)) {
      if (error.empty()) parse_number("--threshold", value, -1, 1, threshold, error);
    } else if (rest[i].rfind("--", 0) == 0 || !id.empty()) {
      error = "unexpected argument '" + rest[i] + "' (try `kgls similar --help`)";
    } else {
      id = rest[i];
    }
    if (!error.empty()) {
      std::fprintf(stderr, "kgls similar: %s\n", error.c_str());
      return 2;
    }
  }
  if (id.empty()) {
    std::fprintf(stderr, "kgls similar: which ID? (usage: kgls similar ID)\n");
    return 2;
  }

  SimilaritySession session;
  if (!open_similarity(where, settings.embedder, session, error)) {
    std::fprintf(stderr, "kgls similar: %s\n", error.c_str());
    return 2;
  }
  for (const auto& e : session.errors) std::fprintf(stderr, "kgls similar: %s\n", e.c_str());
  const SimilarityIndex index = SimilarityIndex::build(*session.workspace, *session.service);
  if (index.warning()) std::fprintf(stderr, "kgls similar: %s\n", index.warning()->c_str());
  if (index.rows(id).empty()) {
    const std::string shown = strip_controls(id);
    std::fprintf(stderr, "kgls similar: no entity `%s` in %s\n", shown.c_str(), where.workspace.string().c_str());
    return 1;
  }
  const auto list = similar_entities(index, id, static_cast<size_t>(limit), threshold);

  if (format == "json") {
    json out = json::array();
    for (const auto& s : list)
      out.push_back({{"id", s.id}, {"score", rounded(s.score)}, {"kind", s.kind}, {"title", s.title}});
    std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else {
    for (const auto& s : list) {
      std::cout << fixed3(s.score) << "  " << strip_controls(s.id) << "  " << s.kind << "  "
                << strip_controls(s.title) << "\n";
    }
  }
  return 0;
}

}  // namespace kgls::cli
