// kgls-bench-driver: runs the real `kgls` binary over stdio as an editor does and measures
// it on a workspace written by kgls-bench-gen.
//
//   kgls-bench-driver --kgls BIN --workspace DIR --manifest FILE --cache DIR
//                     [--requests N] [--changes N] [--timeout SECONDS] [--json FILE]
//                     [--symbols-file FILE] [--symbol-requests N]
//   kgls-bench-driver --peer yaml-language-server --server BIN --schema FILE
//                     --workspace DIR --manifest FILE --cache DIR [same options]
//   kgls-bench-driver --table RUN.json...
//
// Measured, in this order:
//   cold start   spawn with an empty cache folder; `initialize` -> the workspace's
//                diagnostics are published: the `$/progress` of the initial scan has ended
//                and every file with a planted problem (manifest) has its diagnostics,
//                which the server computes for the whole workspace in one pass.
//   latency      hover, definition, references and completion, N requests each, one at a
//                time, at positions on IDs and edge targets of ~40 open files.
//   didChange    one character typed at the end of an edge target in the 1,000-entity
//                file and deleted again, alternately (so the diagnostics change every time
//                and must be published): didChange -> publishDiagnostics of that version.
//                The server's default settings: every diagnostic source runs, the
//                unlinked-mention hints (`diagnostics.mentions`, on by default) included.
//                Once with the server's default debounce, once with it set to 0.
//   documentSymbol  the outline of the largest file (4,000 entities from 10k on), opened
//                as an editor does: N requests on the same version, then N/5 each after
//                an edit (a character typed into, or deleted from, its first comment),
//                with the symbols counted in every reply (a reply cut short shows).
//   peak RSS     VmHWM of the server after all of the above.
//   first seconds  a server on an empty cache folder: ~40 files opened at once, then
//                definition and hover alternately until 10 s after initialize, while the
//                scan, the similarity pass and the index build run.
//   warm start   a second server on the same cache folder (the index is present):
//                initialize -> every planted file has its diagnostics (which the server
//                may publish from the index before its scan ends), and the scan's end.
//   kgls check   wall time of `kgls check DIR`, and `kgls index` cold and warm.
//
//   side by side a last server (a third start on the same cache folder), measured as the
//                peer is (below): every file of the workspace opened one after another,
//                each -> its publishDiagnostics; peak RSS with all files open; hover on
//                entity IDs; documentSymbol of a large file outside the workspace
//                (--symbols-file, 4,000 entities in tests/bench/run).
//
// With --peer yaml-language-server, the same client measures Red Hat's YAML language server
// (--server BIN) on the same knowledge base written as YAML with a JSON Schema
// (tests/bench/peer/convert.js; --schema, the manifest it writes, --symbols-file the large
// file as YAML): settings `yaml.schemas` mapping the schema to every `*.yaml` file,
// validation and hover on, the schema store off (no network); then, in one session, the
// steps it can answer in kgls's order (the same ~40 files opened, hover at the same
// positions, the same didChange, peak RSS), and in a second session the side-by-side
// steps above. What it cannot answer (diagnostics of files not open, definition,
// references and completion of IDs, likely duplicates, a warm start, the CLI) is absent
// from its JSON and shown as "— (cannot)" in the table.
//
// It prints a table and, with --json, writes every figure to a file. `--table` prints one
// Markdown table of runs, with a column for each size; when peer runs are given too, each
// size has a column for kgls, one for the peer and their ratio (peer ÷ kgls).
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../support/child.hpp"
#include "../support/lsp_process.hpp"

namespace fs = std::filesystem;
using kgls::test::ChildOptions;
using kgls::test::Clock;
using kgls::test::open_for_child;
using kgls::test::spawn;
using kgls::test::wait_child;
using kgls::test::file_uri;
using kgls::test::json;
using kgls::test::LspProcess;
using kgls::test::ProcessOptions;
using kgls::test::Received;

namespace {

struct Config {
  std::string kgls;
  fs::path workspace;
  fs::path manifest;
  fs::path cache;
  size_t requests = 1000;
  size_t changes = 300;
  int timeout_s = 600;
  fs::path json_out;
  // A command put before the server's (e.g. "perf record -g -o cold.data --"), for
  // profiling; peak RSS is then the wrapper's, not the server's.
  std::vector<std::string> wrapper;
  bool skip_warm = false;
  int duplicates_timeout_s = 600;
  // The peer: empty for kgls, else "yaml-language-server" (the only one the driver knows).
  std::string peer;
  fs::path schema;        // The peer's JSON Schema.
  fs::path symbols_file;  // The large file for documentSymbol (outside the workspace).
  size_t symbol_requests = 100;
  std::string language_id = "kg";
};

constexpr const char* kYamlPeer = "yaml-language-server";
// The settings an editor would send yaml-language-server for this knowledge base.
json yaml_settings(const Config& cfg) {
  return {{"yaml",
           {{"validate", true},
            {"hover", true},
            {"completion", true},
            {"schemas", {{file_uri(cfg.schema.string()), "*.yaml"}}},
            // Else it fetches schemastore.org's catalogue at start: no network here.
            {"schemaStore", {{"enable", false}}},
            {"kubernetesCRDStore", {{"enable", false}}}}}};
}

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Percentiles of a sample by the nearest-rank method.
json summarize(std::vector<double> v) {
  json out = {{"n", v.size()}};
  if (v.empty()) return out;
  std::sort(v.begin(), v.end());
  const auto rank = [&](double p) {
    const size_t i = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    return v[std::min(v.size() - 1, i == 0 ? 0 : i - 1)];
  };
  double sum = 0;
  for (double x : v) sum += x;
  out["p50_ms"] = rank(50);
  out["p90_ms"] = rank(90);
  out["p99_ms"] = rank(99);
  out["max_ms"] = v.back();
  out["mean_ms"] = sum / static_cast<double>(v.size());
  return out;
}

json initialize_params(const fs::path& root) {
  const std::string uri = file_uri(root.string());
  return {
      {"processId", ::getpid()},
      {"clientInfo", {{"name", "kgls-bench-driver"}}},
      {"rootUri", uri},
      {"rootPath", root.string()},
      {"workspaceFolders", {{{"uri", uri}, {"name", root.filename().string()}}}},
      {"capabilities",
       {{"window", {{"workDoneProgress", true}}},
        {"workspace",
         {{"workspaceFolders", true},
          {"configuration", true},
          {"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}},
        {"textDocument",
         {{"synchronization", {{"didSave", true}}},
          {"publishDiagnostics", {{"relatedInformation", true}, {"versionSupport", true}}},
          {"hover", {{"contentFormat", {"markdown", "plaintext"}}}},
          {"completion", {{"completionItem", {{"snippetSupport", true}}}}},
          {"definition", {{"linkSupport", true}}},
          {"documentSymbol", {{"hierarchicalDocumentSymbolSupport", true}}}}}}},
  };
}

// Tracks what an editor sees of the initial scan: progress tokens and diagnostics.
struct StartWatch {
  std::set<std::string> begun, ended;
  std::set<std::string> diagnosed;  // URIs with a non-empty publishDiagnostics.
  size_t publishes = 0;
  std::optional<Clock::time_point> progress_end_at;

  void see(const Received& r) {
    const json& b = r.body;
    const std::string method = b.value("method", "");
    if (method == "$/progress") {
      const json& p = b["params"];
      const std::string token = p["token"].is_string() ? p["token"].get<std::string>() : p["token"].dump();
      const std::string kind = p["value"].value("kind", "");
      if (kind == "begin") begun.insert(token);
      if (kind == "end") {
        ended.insert(token);
        if (ended.size() >= begun.size()) progress_end_at = r.at;
      }
    } else if (method == "textDocument/publishDiagnostics") {
      ++publishes;
      const json& p = b["params"];
      if (!p["diagnostics"].empty()) diagnosed.insert(p["uri"].get<std::string>());
    }
  }
};

// When the similarity pass's likely-duplicate warnings reach the files of the planted
// near-duplicates: observed on the reader thread, whoever takes the messages.
struct DuplicateWatch {
  std::mutex mutex;
  std::set<std::string> waiting;  // URIs still without a likely-duplicate.
  size_t planted_files = 0;
  std::optional<Clock::time_point> first, all;
  void see(const Received& r) {
    const json& b = r.body;
    if (b.value("method", "") != "textDocument/publishDiagnostics") return;
    bool any = false;
    for (const auto& d : b["params"]["diagnostics"]) any = any || d.value("code", "") == "likely-duplicate";
    if (!any) return;
    std::lock_guard lock(mutex);
    if (!first) first = r.at;
    if (waiting.erase(b["params"]["uri"].get<std::string>()) && waiting.empty()) all = r.at;
  }
};

struct Session {
  std::unique_ptr<LspProcess> server;
  json start;  // Timings of the start.
  bool ready = false;
  Clock::time_point init_sent;
  std::shared_ptr<DuplicateWatch> duplicates = std::make_shared<DuplicateWatch>();
};

// Starts a server and waits until the workspace's diagnostics are published.
Session start_server(const Config& cfg, const json& manifest, const std::string& label,
                     const json& init_options) {
  Session s;
  ProcessOptions opts;
  opts.binary = cfg.kgls;
  opts.args = {"--stdio"};
  if (!cfg.wrapper.empty()) {
    opts.binary = cfg.wrapper.front();
    opts.args.assign(cfg.wrapper.begin() + 1, cfg.wrapper.end());
    opts.args.push_back(cfg.kgls);
    opts.args.push_back("--stdio");
  }
  opts.env["XDG_CACHE_HOME"] = cfg.cache.string();
  opts.stderr_path = (cfg.cache / (label + ".stderr.log")).string();
  const auto spawned = Clock::now();
  s.server = std::make_unique<LspProcess>(opts);
  LspProcess& srv = *s.server;
  for (const auto& pair : manifest["duplicates"]) {
    for (const char* key : {"file_a", "file_b"})
      s.duplicates->waiting.insert(file_uri((cfg.workspace / pair[key].get<std::string>()).lexically_normal().string()));
  }
  s.duplicates->planted_files = s.duplicates->waiting.size();
  srv.observe([watch = s.duplicates](const Received& r) { watch->see(r); });
  const auto deadline = spawned + std::chrono::seconds(cfg.timeout_s);

  json params = initialize_params(cfg.workspace);
  if (!init_options.is_null()) params["initializationOptions"] = init_options;
  const auto init_sent = Clock::now();
  s.init_sent = init_sent;
  const int64_t id = srv.request("initialize", params);
  StartWatch watch;
  auto reply = srv.wait_reply(id, deadline, [&](const Received& r) { watch.see(r); });
  if (!reply) {
    s.start = {{"error", "no reply to initialize"}};
    return s;
  }
  s.start["capabilities"] = reply->body["result"]["capabilities"];
  s.start["initialize_reply_ms"] = ms(reply->at - init_sent);
  srv.notify("initialized", json::object());

  std::set<std::string> expected;
  for (const auto& f : manifest["unresolved_files"])
    expected.insert(file_uri((cfg.workspace / f.get<std::string>()).lexically_normal().string()));
  // Without progress support on the server's side, the planted diagnostics alone decide.
  const auto done = [&] {
    const bool progress_done = watch.begun.empty() ? true : watch.ended.size() >= watch.begun.size();
    if (!progress_done) return false;
    return std::all_of(expected.begin(), expected.end(),
                       [&](const std::string& u) { return watch.diagnosed.count(u) > 0; });
  };
  const auto all_diagnosed = [&] {
    return std::all_of(expected.begin(), expected.end(),
                       [&](const std::string& u) { return watch.diagnosed.count(u) > 0; });
  };
  Clock::time_point last = init_sent;
  std::optional<Clock::time_point> diagnosed_at;  // Every planted file has its diagnostics.
  while (!done()) {
    if (!diagnosed_at && all_diagnosed()) diagnosed_at = last;
    auto r = srv.next(deadline);
    if (!r) {
      s.start["error"] = "timed out: " + std::to_string(watch.diagnosed.size()) + "/" +
                         std::to_string(expected.size()) + " planted files diagnosed, progress " +
                         std::to_string(watch.ended.size()) + "/" + std::to_string(watch.begun.size());
      return s;
    }
    last = r->at;
    watch.see(*r);
  }
  s.ready = true;
  s.start["ready_ms"] = ms(last - init_sent);
  // A warm start publishes the diagnostics the index kept before the scan ends.
  s.start["diagnostics_ms"] = ms((diagnosed_at ? *diagnosed_at : last) - init_sent);
  s.start["ready_from_spawn_ms"] = ms(last - spawned);
  if (watch.progress_end_at) s.start["progress_end_ms"] = ms(*watch.progress_end_at - init_sent);
  s.start["progress_tokens"] = watch.begun.size();
  s.start["publishes"] = watch.publishes;
  s.start["files_with_diagnostics"] = watch.diagnosed.size();
  return s;
}

// Opens files as an editor would and waits until the server has published for them.
void open_files(LspProcess& srv, const Config& cfg, const std::vector<std::string>& files,
                const std::set<std::string>& already_diagnosed, Clock::time_point deadline) {
  std::set<std::string> waiting;
  for (const auto& rel : files) {
    const std::string uri = file_uri((cfg.workspace / rel).lexically_normal().string());
    srv.notify("textDocument/didOpen",
               {{"textDocument",
                 {{"uri", uri}, {"languageId", cfg.language_id}, {"version", 1}, {"text", read_text(cfg.workspace / rel)}}}});
    // A file whose diagnostics were published before and did not change gets no message.
    if (!already_diagnosed.count(uri)) waiting.insert(uri);
  }
  while (!waiting.empty()) {
    auto r = srv.next(deadline);
    if (!r) break;
    if (r->body.value("method", "") == "textDocument/publishDiagnostics")
      waiting.erase(r->body["params"]["uri"].get<std::string>());
  }
  // Let a recomputation that the opens started settle before timing requests.
  while (srv.next(Clock::now() + std::chrono::milliseconds(300))) {
  }
}

// `on`: the positions to use, "id", "target" (then at the end of the target's prefix, as
// completion is asked) or "" for all.
json measure_requests(LspProcess& srv, const Config& cfg, const json& manifest, const std::string& method,
                      const std::string& on = "") {
  const bool targets_only = on == "target";
  std::vector<json> positions;
  for (const auto& p : manifest["positions"]) {
    if (on.empty() || p["on"] == on) positions.push_back(p);
  }
  std::mt19937_64 rng(7);
  std::shuffle(positions.begin(), positions.end(), rng);
  std::vector<double> latencies;
  size_t empty = 0, errors = 0;
  std::string first_error;
  const auto deadline = Clock::now() + std::chrono::seconds(cfg.timeout_s);
  for (size_t i = 0; i < cfg.requests && !positions.empty(); ++i) {
    const json& p = positions[i % positions.size()];
    const uint32_t character = targets_only ? p["prefix_end"].get<uint32_t>() : p["character"].get<uint32_t>();
    json params = {
        {"textDocument", {{"uri", file_uri((cfg.workspace / p["file"].get<std::string>()).lexically_normal().string())}}},
        {"position", {{"line", p["line"]}, {"character", character}}}};
    if (method == "textDocument/references") params["context"] = {{"includeDeclaration", true}};
    const auto sent = Clock::now();
    const int64_t id = srv.request(method, params);
    auto reply = srv.wait_reply(id, deadline);
    if (!reply) {
      first_error = "no reply (timeout or the server exited)";
      ++errors;
      break;
    }
    latencies.push_back(ms(reply->at - sent));
    const json& b = reply->body;
    if (b.contains("error")) {
      ++errors;
      if (first_error.empty()) first_error = b["error"].dump();
      // An unimplemented method answers fast and uselessly: do not time 1,000 of those.
      if (b["error"].value("code", 0) == -32601) break;
    } else if (b["result"].is_null() || (b["result"].is_array() && b["result"].empty())) {
      ++empty;
    }
  }
  json out = summarize(latencies);
  out["empty"] = empty;
  out["errors"] = errors;
  if (!first_error.empty()) out["first_error"] = first_error;
  return out;
}

// The first seconds of a first start (an empty cache folder), while the scan, the
// similarity pass and the index build run: an editor opens the files at once and asks for
// definitions and hovers, one at a time, alternately, until `window` after `initialize`.
// A request on an ID whose file is not read yet may answer nothing: counted as empty.
bool shutdown(LspProcess& srv, json& out);
// Waits until the server has written its index of the whole workspace and the diagnostics
// it keeps for the next start (the files' and the diagnostics' rows in the index file under
// the cache folder), so that the warm start that follows finds what a finished session
// leaves. Returns the time it took from `since`, or nullopt at the deadline.
std::optional<double> wait_for_index(const Config& cfg, size_t files, Clock::time_point since,
                                     Clock::time_point deadline) {
  const auto written = [&] {
    std::error_code ec;
    for (const auto& dir : fs::directory_iterator(cfg.cache / "kgls", ec)) {
      const fs::path db = dir.path() / "index.db";
      if (!fs::exists(db, ec)) continue;
      sqlite3* handle = nullptr;
      int64_t have_files = 0, have_diagnostics = 0;
      if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(handle, 100);
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(handle, "SELECT (SELECT count(*) FROM files WHERE mtime_ns >= 0), (SELECT count(*) FROM diagnostics)",
                               -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW) {
          have_files = sqlite3_column_int64(st, 0);
          have_diagnostics = sqlite3_column_int64(st, 1);
        }
        sqlite3_finalize(st);
      }
      sqlite3_close(handle);
      if (have_files >= static_cast<int64_t>(files) && have_diagnostics > 0) return true;
    }
    return false;
  };
  while (Clock::now() < deadline) {
    if (written()) return ms(Clock::now() - since);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return std::nullopt;
}


json measure_early(const Config& cfg, const json& manifest, std::chrono::seconds window) {
  const fs::path cache = cfg.cache / "early";
  std::error_code ec;
  fs::remove_all(cache, ec);
  fs::create_directories(cache);
  ProcessOptions opts;
  opts.binary = cfg.kgls;
  opts.args = {"--stdio"};
  opts.env["XDG_CACHE_HOME"] = cache.string();
  opts.stderr_path = (cfg.cache / "early.stderr.log").string();
  LspProcess srv(opts);
  const auto init_sent = Clock::now();
  const auto until = init_sent + window;
  const auto deadline = init_sent + std::chrono::seconds(cfg.timeout_s);
  const int64_t id = srv.request("initialize", initialize_params(cfg.workspace));
  if (!srv.wait_reply(id, deadline)) return {{"error", "no reply to initialize"}};
  srv.notify("initialized", json::object());
  std::set<std::string> files;
  std::vector<json> positions;
  for (const auto& p : manifest["positions"]) {
    files.insert(p["file"].get<std::string>());
    positions.push_back(p);
  }
  for (const auto& rel : files) {
    srv.notify("textDocument/didOpen",
               {{"textDocument", {{"uri", file_uri((cfg.workspace / rel).lexically_normal().string())},
                                  {"languageId", cfg.language_id}, {"version", 1}, {"text", read_text(cfg.workspace / rel)}}}});
  }
  std::mt19937_64 rng(11);
  std::shuffle(positions.begin(), positions.end(), rng);
  std::map<std::string, std::vector<double>> latencies;
  std::map<std::string, size_t> empty;
  size_t errors = 0;
  for (size_t i = 0; Clock::now() < until && !positions.empty(); ++i) {
    const json& p = positions[(i / 2) % positions.size()];
    const std::string method = i % 2 == 0 ? "textDocument/definition" : "textDocument/hover";
    json params = {
        {"textDocument", {{"uri", file_uri((cfg.workspace / p["file"].get<std::string>()).lexically_normal().string())}}},
        {"position", {{"line", p["line"]}, {"character", p["character"]}}}};
    const auto sent = Clock::now();
    auto reply = srv.wait_reply(srv.request(method, params), deadline);
    if (!reply) {
      ++errors;
      break;
    }
    latencies[method].push_back(ms(reply->at - sent));
    const json& b = reply->body;
    if (b.contains("error")) {
      ++errors;
    } else if (b["result"].is_null() || (b["result"].is_array() && b["result"].empty())) {
      ++empty[method];
    }
  }
  json out = {{"window_ms", ms(window)}, {"errors", errors}};
  for (const auto& [method, v] : latencies) {
    const std::string key = method == "textDocument/definition" ? "definition" : "hover";
    out[key] = summarize(v);
    out[key]["empty"] = empty[method];
  }
  json ignored;
  shutdown(srv, ignored);
  return out;
}

json measure_changes(LspProcess& srv, const Config& cfg, const json& manifest, size_t count,
                     size_t warmup) {
  const json& flip = manifest["flip"];
  const std::string uri = file_uri((cfg.workspace / flip["file"].get<std::string>()).lexically_normal().string());
  const uint32_t line = flip["line"], character = flip["character"];
  static int32_t version = 1;  // The big file stays open across both measurements.
  std::vector<double> latencies;
  size_t missing = 0;
  for (size_t i = 0; i < count + warmup; ++i) {
    const bool insert = (version % 2) == 1;  // Odd versions add the character.
    ++version;
    json change = insert ? json{{"range", {{"start", {{"line", line}, {"character", character}}},
                                           {"end", {{"line", line}, {"character", character}}}}},
                                {"text", "z"}}
                         : json{{"range", {{"start", {{"line", line}, {"character", character}}},
                                           {"end", {{"line", line}, {"character", character + 1}}}}},
                                {"text", ""}};
    const auto sent = Clock::now();
    srv.notify("textDocument/didChange",
               {{"textDocument", {{"uri", uri}, {"version", version}}}, {"contentChanges", {change}}});
    const auto deadline = sent + std::chrono::seconds(cfg.timeout_s);
    bool got = false;
    while (auto r = srv.next(deadline)) {
      const json& b = r->body;
      if (b.value("method", "") != "textDocument/publishDiagnostics") continue;
      const json& p = b["params"];
      // A server that publishes without versions (yaml-language-server) answers the only
      // change in flight: the next change waits for this one's diagnostics.
      if (p["uri"] == uri && (p.contains("version") ? p["version"] == version : !cfg.peer.empty())) {
        if (i >= warmup) latencies.push_back(ms(r->at - sent));
        got = true;
        break;
      }
    }
    if (!got) {
      ++missing;
      break;
    }
  }
  json out = summarize(latencies);
  out["missing"] = missing;
  return out;
}

// documentSymbol on the manifest's largest file: `count` requests, each after an edit of
// the file's first comment when `edit` is set (the outline an editor asks for after typing;
// the next edit waits for the diagnostics of this one). Every reply's symbols are counted.
json measure_document_symbols(LspProcess& srv, const Config& cfg, const json& manifest, size_t count,
                              bool edit) {
  const std::string rel = manifest.value("largest_file", manifest.value("big_file", ""));
  const std::string uri = file_uri((cfg.workspace / rel).lexically_normal().string());
  static int32_t version = 0;
  if (version == 0) {
    srv.notify("textDocument/didOpen",
               {{"textDocument",
                 {{"uri", uri}, {"languageId", "kg"}, {"version", ++version}, {"text", read_text(cfg.workspace / rel)}}}});
    while (srv.next(Clock::now() + std::chrono::milliseconds(500))) {
    }
  }
  const std::function<size_t(const json&)> symbols = [&](const json& list) {
    size_t n = 0;
    for (const auto& s : list) n += 1 + (s.contains("children") ? symbols(s["children"]) : 0);
    return n;
  };
  std::vector<double> latencies;
  size_t errors = 0, fewest = SIZE_MAX, most = 0, top = 0;
  std::string first_error;
  const auto deadline = Clock::now() + std::chrono::seconds(cfg.timeout_s);
  for (size_t i = 0; i < count; ++i) {
    const auto sent = Clock::now();
    if (edit) {
      const bool insert = version % 2 == 1;  // Odd versions add the character.
      json change = {{"range", {{"start", {{"line", 0}, {"character", 1}}},
                                {"end", {{"line", 0}, {"character", insert ? 1 : 2}}}}},
                     {"text", insert ? "z" : ""}};
      srv.notify("textDocument/didChange",
                 {{"textDocument", {{"uri", uri}, {"version", ++version}}}, {"contentChanges", {change}}});
    }
    const int64_t id = srv.request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}});
    // This version's diagnostics (the edit's work is over) may come before the reply.
    bool diagnosed = !edit;
    const auto diagnostics_of_this_version = [&](const Received& r) {
      const json& m = r.body;
      if (m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri &&
          m["params"].value("version", -1) == version)
        diagnosed = true;
    };
    auto reply = srv.wait_reply(id, deadline, diagnostics_of_this_version);
    if (!reply) {
      first_error = "no reply (timeout or the server exited)";
      ++errors;
      break;
    }
    latencies.push_back(ms(reply->at - sent));
    const json& b = reply->body;
    if (b.contains("error") || !b["result"].is_array()) {
      ++errors;
      if (first_error.empty()) first_error = b.contains("error") ? b["error"].dump() : "result is not a list";
      if (b.contains("error") && b["error"].value("code", 0) == -32601) break;
      continue;
    }
    const size_t n = symbols(b["result"]);
    fewest = std::min(fewest, n);
    most = std::max(most, n);
    top = b["result"].size();
    while (!diagnosed) {
      auto r = srv.next(deadline);
      if (!r) break;
      diagnostics_of_this_version(*r);
    }
  }
  json out = summarize(latencies);
  out["file"] = rel;
  out["top_level"] = top;
  out["symbols"] = most;
  if (fewest != most && fewest != SIZE_MAX) out["symbols_fewest"] = fewest;
  out["errors"] = errors;
  if (!first_error.empty()) out["first_error"] = first_error;
  return out;
}

// Runs a command to completion; returns {wall ms, exit code}.
std::pair<double, int> run_timed(const std::vector<std::string>& argv, const fs::path& cache) {
  const int null_fd = open_for_child("/dev/null", /*write=*/true);
  ChildOptions child;
  child.argv = argv;
  child.env["XDG_CACHE_HOME"] = cache.string();
  child.stdout_fd = child.stderr_fd = null_fd;
  const auto started = Clock::now();
  const pid_t pid = spawn(child);
  ::close(null_fd);
  const auto code = wait_child(pid, Clock::time_point::max());
  return {ms(Clock::now() - started), code ? *code : -1};
}

bool shutdown(LspProcess& srv, json& out) {
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  const auto sent = Clock::now();
  const int64_t id = srv.request("shutdown", nullptr);
  if (!srv.wait_reply(id, deadline)) {
    out["shutdown"] = "no reply";
    return false;
  }
  out["shutdown_ms"] = ms(Clock::now() - sent);
  const auto exit_sent = Clock::now();
  srv.notify("exit", nullptr);
  auto code = srv.wait_exit(deadline);
  out["exit_code"] = code ? *code : -1;
  if (code) out["exit_ms"] = ms(Clock::now() - exit_sent);
  return code && *code == 0;
}

// CPU time (user + system, in clock ticks) the process has used, -1 when unknown.
long cpu_ticks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t paren = stat.rfind(')');  // The name may hold spaces and parentheses.
  if (paren == std::string::npos) return -1;
  std::istringstream fields(stat.substr(paren + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; fields >> field; ++i) {  // Field 3 is the state; 14 and 15 the times.
    if (i == 14) utime = std::atol(field.c_str());
    if (i == 15) {
      stime = std::atol(field.c_str());
      return utime + stime;
    }
  }
  return -1;
}

// Waits until the server has used (almost) no CPU for half a second, so background work
// it started (an index, a similarity update, a garbage collection) does not run into the
// next measurement; its messages meanwhile are dropped. Returns the time waited.
double wait_idle(LspProcess& srv, std::chrono::seconds limit) {
  const auto started = Clock::now();
  long last = cpu_ticks(srv.pid());
  auto quiet_since = Clock::now();
  while (Clock::now() - started < limit) {
    const auto slice_end = Clock::now() + std::chrono::milliseconds(100);
    while (srv.next(slice_end)) {
    }
    const long now = cpu_ticks(srv.pid());
    if (now < 0) break;
    if (now - last > 1) quiet_since = Clock::now();  // More than a tick (10 ms) in 100 ms.
    last = now;
    if (Clock::now() - quiet_since >= std::chrono::milliseconds(500)) break;
  }
  return ms(Clock::now() - started);
}

// Starts the peer: initialize, initialized, its settings; ready once it has asked for them
// and is idle. It has no workspace scan: nothing else to wait for.
Session start_peer(const Config& cfg, const std::string& label) {
  Session s;
  ProcessOptions opts;
  opts.binary = cfg.kgls;
  opts.args = {"--stdio"};
  opts.stderr_path = (cfg.cache / (label + ".stderr.log")).string();
  const json settings = yaml_settings(cfg);
  opts.configuration = settings;
  const auto spawned = Clock::now();
  s.server = std::make_unique<LspProcess>(opts);
  LspProcess& srv = *s.server;
  const auto deadline = spawned + std::chrono::seconds(cfg.timeout_s);
  s.init_sent = Clock::now();
  const int64_t id = srv.request("initialize", initialize_params(cfg.workspace));
  auto reply = srv.wait_reply(id, deadline);
  if (!reply) {
    s.start = {{"error", "no reply to initialize"}};
    return s;
  }
  s.start["capabilities"] = reply->body["result"]["capabilities"];
  s.start["server_info"] = reply->body["result"].value("serverInfo", json());
  s.start["initialize_reply_ms"] = ms(reply->at - s.init_sent);
  srv.notify("initialized", json::object());
  srv.notify("workspace/didChangeConfiguration", {{"settings", settings}});
  while (Clock::now() < deadline) {
    const auto asked = srv.server_requests();
    if (std::find(asked.begin(), asked.end(), "workspace/configuration") != asked.end()) break;
    srv.next(Clock::now() + std::chrono::milliseconds(50));
  }
  wait_idle(srv, std::chrono::seconds(60));
  s.ready = true;
  s.start["ready_from_spawn_ms"] = ms(Clock::now() - spawned);
  return s;
}

// Opens a document and waits for its publishDiagnostics; the wait in ms, or nullopt.
// `diagnostics`, when set, receives how many were published.
std::optional<double> open_and_wait(LspProcess& srv, const std::string& uri, const std::string& language,
                                    const std::string& text, Clock::time_point deadline,
                                    size_t* diagnostics = nullptr) {
  const auto sent = Clock::now();
  srv.notify("textDocument/didOpen",
             {{"textDocument", {{"uri", uri}, {"languageId", language}, {"version", 1}, {"text", text}}}});
  while (auto r = srv.next(deadline)) {
    const json& b = r->body;
    if (b.value("method", "") != "textDocument/publishDiagnostics") continue;
    const json& p = b["params"];
    if (p["uri"] == uri && (!p.contains("version") || p["version"] == 1)) {
      if (diagnostics) *diagnostics = p["diagnostics"].size();
      return ms(r->at - sent);
    }
  }
  return {};
}

// Counts the symbols of a documentSymbol reply: the top level and every node.
std::pair<size_t, size_t> count_symbols(const json& result) {
  if (!result.is_array()) return {0, 0};
  size_t all = 0;
  std::function<void(const json&)> walk = [&](const json& list) {
    for (const auto& s : list) {
      ++all;
      if (s.contains("children")) walk(s["children"]);
    }
  };
  walk(result);
  return {result.size(), all};
}

// documentSymbol of one open document, cfg.symbol_requests times: p50/p99 and the
// symbols of the first reply.
json measure_symbols(LspProcess& srv, const Config& cfg, const std::string& uri, Clock::time_point deadline) {
  json out;
  std::vector<double> latencies;
  for (size_t i = 0; i < cfg.symbol_requests; ++i) {
    const auto sent = Clock::now();
    const int64_t id = srv.request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}});
    auto reply = srv.wait_reply(id, deadline);
    if (!reply) {
      out["error"] = "no reply (timeout or the server exited)";
      break;
    }
    latencies.push_back(ms(reply->at - sent));
    if (reply->body.contains("error")) {
      out["error"] = reply->body["error"].dump();
      break;
    }
    if (i == 0) {
      const auto [top, all] = count_symbols(reply->body["result"]);
      out["symbols_top"] = top;
      out["symbols_all"] = all;
      out["reply_bytes"] = reply->body.dump().size();
    }
  }
  out.update(summarize(latencies));
  return out;
}

// The steps kgls and its peer both answer, in one session with the same files: every file
// of the workspace opened one after another, hover on IDs, documentSymbol of a large file.
json side_by_side(LspProcess& srv, const Config& cfg, const json& manifest) {
  json out;
  out["idle_wait_ms"] = wait_idle(srv, std::chrono::seconds(120));
  std::vector<double> opens;
  size_t with_diagnostics = 0, diagnostics = 0;
  const auto first = Clock::now();
  for (const auto& f : manifest["files"]) {
    const fs::path path = cfg.workspace / f["path"].get<std::string>();
    size_t count = 0;
    const auto waited = open_and_wait(srv, file_uri(path.lexically_normal().string()), cfg.language_id,
                                      read_text(path), Clock::now() + std::chrono::seconds(cfg.timeout_s), &count);
    with_diagnostics += count > 0;
    diagnostics += count;
    if (!waited) {
      out["open_error"] = "no diagnostics for " + f["path"].get<std::string>() + " within " +
                          std::to_string(cfg.timeout_s) + " s";
      break;
    }
    opens.push_back(*waited);
  }
  out["open"] = summarize(opens);
  // What the checks found: the planted problems for kgls, nothing for a schema (a sign,
  // too, that the peer's YAML is valid against its schema).
  out["open"]["files_with_diagnostics"] = with_diagnostics;
  out["open"]["diagnostics"] = diagnostics;
  if (!out.contains("open_error")) out["open_all_ms"] = ms(Clock::now() - first);
  // The last open may have started work that outlives its diagnostics.
  out["open_idle_wait_ms"] = wait_idle(srv, std::chrono::seconds(120));
  out["peak_rss_mib"] = static_cast<double>(srv.peak_rss_kib()) / 1024.0;
  out["hover_id"] = measure_requests(srv, cfg, manifest, "textDocument/hover", "id");

  if (!cfg.symbols_file.empty()) {
    const std::string uri = file_uri(cfg.symbols_file.lexically_normal().string());
    json sym;
    const auto deadline = Clock::now() + std::chrono::seconds(cfg.timeout_s);
    if (const auto waited = open_and_wait(srv, uri, cfg.language_id, read_text(cfg.symbols_file), deadline)) {
      sym["open_ms"] = *waited;
      sym["idle_wait_ms"] = wait_idle(srv, std::chrono::seconds(120));
      sym.update(measure_symbols(srv, cfg, uri, deadline));
      // yaml-language-server stops at `yaml.maxItemsComputed` symbols (5,000 by default):
      // once more without that limit, for the same work as kgls.
      if (cfg.peer == kYamlPeer) {
        json settings = srv.configuration();
        settings["yaml"]["maxItemsComputed"] = 100000000;
        srv.set_configuration(settings);
        srv.notify("workspace/didChangeConfiguration", {{"settings", settings}});
        wait_idle(srv, std::chrono::seconds(cfg.timeout_s));
        json unlimited = measure_symbols(srv, cfg, uri, deadline);
        unlimited["max_items_computed"] = settings["yaml"]["maxItemsComputed"];
        sym["unlimited"] = unlimited;
      }
    } else {
      sym["error"] = "no diagnostics for the opened file";
    }
    sym["file"] = cfg.symbols_file.filename().string();
    out["symbols"] = sym;
  }
  return out;
}

void print_row(const std::string& name, const std::string& value, const std::string& bar = "") {
  std::printf("  %-34s %16s  %s\n", name.c_str(), value.c_str(), bar.c_str());
}

std::string fmt(double v, const char* unit) {
  char buf[64];
  std::snprintf(buf, sizeof buf, v < 10 ? "%.2f %s" : "%.0f %s", v, unit);
  return buf;
}

// One latency row of the per-run print: p50 / p99, the sample size, errors, empty replies.
void print_latency(const char* name, const json& r, double bar) {
  const std::string error = r.value("first_error", "");
  if (!r.contains("p50_ms") || error.find("-32601") != std::string::npos) {
    print_row(name, error.find("-32601") != std::string::npos ? "not served" : "n/a", error);
    return;
  }
  char value[64];
  std::snprintf(value, sizeof value, "%.2f / %.2f ms", r["p50_ms"].get<double>(), r["p99_ms"].get<double>());
  std::string note = "n=" + r["n"].dump();
  if (r.value("errors", 0) > 0) note += ", errors=" + r["errors"].dump() + " " + r.value("first_error", "");
  if (r.value("empty", 0) > 0) note += ", empty=" + r["empty"].dump();
  if (bar > 0) note = std::string(r["p99_ms"].get<double>() <= bar ? "ok " : "MISS ") + "(p99 bar " + fmt(bar, "ms") + ") " + note;
  print_row(std::string(name) + " p50/p99", value, note);
}

// The side-by-side steps of the per-run print.
void print_side(const json& side) {
  if (!side.is_object()) return;
  if (side.contains("open_error")) print_row("open every file, one at a time", "failed", side["open_error"]);
  print_latency("open a file -> its diagnostics", side.value("open", json::object()), 0);
  if (side.contains("open_all_ms"))
    print_row("all files opened, one at a time", fmt(side["open_all_ms"].get<double>(), "ms"),
              side["open"]["n"].dump() + " files, " + side["open"].value("diagnostics", json(0)).dump() +
                  " diagnostics in " + side["open"].value("files_with_diagnostics", json(0)).dump());
  if (side.contains("peak_rss_mib")) print_row("peak RSS, all files open", fmt(side["peak_rss_mib"].get<double>(), "MiB"));
  print_latency("hover on an entity ID", side.value("hover_id", json::object()), 0);
  if (const json sym = side.value("symbols", json()); sym.is_object()) {
    if (sym.contains("error")) print_row("documentSymbol", "failed", sym["error"]);
    if (sym.contains("p50_ms")) {
      print_latency("documentSymbol", sym, 0);
      print_row("  symbols returned (top / all)", sym["symbols_top"].dump() + " / " + sym["symbols_all"].dump(),
                sym.value("file", ""));
    }
    if (const json u = sym.value("unlimited", json()); u.is_object() && u.contains("p50_ms")) {
      print_latency("documentSymbol, no item limit", u, 0);
      print_row("  symbols returned (top / all)", u["symbols_top"].dump() + " / " + u["symbols_all"].dump());
    }
  }
}

// `--table A.json B.json ...`: one Markdown table with a column per run, for the README.
// Runs of a peer (their "server" is not kgls) go beside the kgls run of the same size:
// then each size has three columns, kgls, the peer and the ratio peer ÷ kgls.
int print_markdown_table(const std::vector<std::string>& files) {
  std::vector<json> runs, peers;
  for (const auto& f : files) {
    json j = json::parse(read_text(f), nullptr, false);
    if (j.is_discarded()) {
      std::cerr << "kgls-bench-driver: cannot read " << f << "\n";
      return 2;
    }
    (j.value("server", "kgls") == "kgls" ? runs : peers).push_back(std::move(j));
  }
  const bool with_peer = !peers.empty();
  const json none = json::object();
  const auto peer_of = [&](const json& r) -> const json& {
    for (const auto& p : peers)
      if (p["entities"] == r["entities"]) return p;
    return none;
  };
  using Path = std::vector<std::string>;
  const auto number = [](const json& r, const Path& path) -> std::optional<double> {
    const json* at = &r;
    for (const auto& key : path) {
      if (!at->is_object() || !at->contains(key)) return {};
      at = &(*at)[key];
    }
    if (!at->is_number()) return {};
    return at->get<double>();
  };
  const auto cell = [&](const json& r, const Path& path, const char* unit) -> std::string {
    const auto v = number(r, path);
    return v ? fmt(*v, unit) : "–";
  };
  const auto pair = [&](const json& r, const Path& what) -> std::string {
    const json* at = &r;
    for (const auto& key : what) at = at->is_object() && at->contains(key) ? &(*at)[key] : &none;
    const std::string err = at->value("first_error", "");
    if (err.find("-32601") != std::string::npos) return "not served";
    if (!at->contains("p50_ms")) return "–";
    Path p50 = what, p99 = what;
    p50.push_back("p50_ms");
    p99.push_back("p99_ms");
    return cell(r, p50, "ms") + " / " + cell(r, p99, "ms");
  };
  const auto times = [](double ratio) {
    char b[32];
    std::snprintf(b, sizeof b, ratio < 1 ? "%.2f×" : ratio < 10 ? "%.1f×" : "%.0f×", ratio);
    return std::string(b);
  };

  std::string header = "| measure | bar at 100k |", rule = "|---|---|";
  for (const auto& r : runs) {
    const std::string n = r["entities"].dump();
    if (!with_peer) {
      header += " " + n + " entities |";
      rule += "---|";
      continue;
    }
    const json& p = peer_of(r);
    std::string peer = p.value("server", peers.front().value("server", "peer"));
    if (const std::string v = p.value("server_version", ""); !v.empty()) peer += " " + v;
    header += " kgls, " + n + " entities | " + peer + " | ratio |";
    rule += "---|---|---|";
  }
  std::printf("%s\n%s\n", header.c_str(), rule.c_str());

  // A row: its figures from a run (kgls's or the peer's: the same keys); `cannot`, when
  // set, stands in the peer's column instead; `ratio`, the figures to compare.
  // The figures a ratio compares, taken from a run.
  using Figures = std::function<std::vector<std::optional<double>>(const json&)>;
  const auto at = [&](std::vector<Path> paths) -> Figures {
    return [&number, paths](const json& r) {
      std::vector<std::optional<double>> out;
      for (const auto& path : paths) out.push_back(number(r, path));
      return out;
    };
  };
  const auto row = [&](const std::string& name, const std::string& bar,
                       const std::function<std::string(const json&)>& f, const std::string& cannot = "",
                       const Figures& ratio = {}) {
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "x" + std::string&&.
    std::string line = "| ";
    line += name;
    line += " | ";
    line += bar;
    line += " |";
    for (const auto& r : runs) {
      line += ' ';
      line += f(r);
      line += " |";
      if (!with_peer) continue;
      const json& p = peer_of(r);
      std::string ratios;
      if (cannot.empty() && !p.empty() && ratio) {
        const auto a = ratio(r), b = ratio(p);
        for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
          if (!a[i] || !b[i] || *a[i] <= 0) continue;
          ratios += (ratios.empty() ? "" : " / ") + times(*b[i] / *a[i]);
        }
      }
      line += ' ';
      line += !cannot.empty() ? cannot : p.empty() ? std::string("–") : f(p);
      line += " | ";
      line += ratios;
      line += " |";
    }
    std::printf("%s\n", line.c_str());
  };
  const std::string cannot = "— (cannot)";
  const auto p50_p99 = [&](const Path& what) {
    Path a = what, b = what;
    a.push_back("p50_ms");
    b.push_back("p99_ms");
    return at({a, b});
  };
  row("files / MB", "", [](const json& r) {
    char b[64];
    std::snprintf(b, sizeof b, "%s / %.1f", r["files"].dump().c_str(), r["bytes"].get<double>() / 1e6);
    return std::string(b);
  });
  row("cold start: initialize → diagnostics", "≤ 10 s", [&](const json& r) { return cell(r, {"cold", "ready_ms"}, "ms"); }, cannot);
  row("… of which the scan ($/progress end)", "", [&](const json& r) { return cell(r, {"cold", "progress_end_ms"}, "ms"); }, cannot);
  row("… likely-duplicate warnings published (similarity pass)", "", [&](const json& r) {
    std::string c = cell(r, {"likely_duplicates", "first_ms"}, "ms");
    if (r.contains("likely_duplicates")) {
      const json& d = r["likely_duplicates"];
      const size_t planted = d["planted_files"].get<size_t>(), without = d["files_without"].get<size_t>();
      c += " (" + std::to_string(planted - without) + "/" + std::to_string(planted) + " planted files)";
    }
    return c;
  }, cannot);
  row("… of which the pass (warnings − first diagnostics)", "≤ 5 s", [&](const json& r) {
    if (!r.contains("likely_duplicates") || !r["likely_duplicates"].contains("first_ms") || !r["cold"].contains("ready_ms"))
      return std::string("n/a");
    return fmt(r["likely_duplicates"]["first_ms"].get<double>() - r["cold"]["ready_ms"].get<double>(), "ms");
  }, cannot);
  row("warm start: initialize → diagnostics", "≤ 1 s", [&](const json& r) {
    const bool stored = r.contains("warm") && r["warm"].contains("diagnostics_ms");
    return cell(r, {"warm", stored ? "diagnostics_ms" : "ready_ms"}, "ms");
  }, cannot);
  row("… the scan of every file ended ($/progress end)", "", [&](const json& r) { return cell(r, {"warm", "progress_end_ms"}, "ms"); }, cannot);
  row("exit → process ended (warm start, pass running)", "≤ 200 ms", [&](const json& r) { return cell(r, {"warm", "exit_ms"}, "ms"); }, cannot);
  row("hover p50 / p99", "p99 ≤ 5 ms", [&](const json& r) { return pair(r, {"hover"}); }, "", p50_p99({"hover"}));
  row("definition p50 / p99", "p99 ≤ 1 ms", [&](const json& r) { return pair(r, {"definition"}); }, cannot);
  row("definition p50 / p99 in the first 10 s of a first start", "p99 ≤ 1 ms", [&](const json& r) { return pair(r, {"early", "definition"}); }, cannot);
  row("hover p50 / p99 in the first 10 s of a first start", "p99 ≤ 5 ms", [&](const json& r) { return pair(r, {"early", "hover"}); }, cannot);
  row("references p50 / p99", "", [&](const json& r) { return pair(r, {"references"}); }, cannot);
  row("completion p50 / p99", "", [&](const json& r) { return pair(r, {"completion"}); }, cannot);
  row("didChange → diagnostics p50 / p99 (debounce 0)", "p99 ≤ 30 ms", [&](const json& r) { return pair(r, {"did_change"}); },
      "— (cannot: a fixed 200 ms delay)");
  row(with_peer ? "didChange → diagnostics p50 / p99 (default debounce: kgls 75 ms, yaml-language-server 200 ms)"
                : "didChange → diagnostics p50 / p99 (default 75 ms debounce)",
      "", [&](const json& r) { return pair(r, {"did_change_default_debounce"}); }, "", p50_p99({"did_change_default_debounce"}));
  const auto outline = [&](const json& r, const char* key) {
    std::string c = pair(r, {key});
    if (r.contains(key) && r[key].contains("symbols"))
      c += " (" + r[key]["symbols"].dump() + " symbols, " + r[key]["top_level"].dump() + " entities)";
    return c;
  };
  row("documentSymbol p50 / p99 (largest file, same version)", "p50 ≤ 5 ms, p99 ≤ 10 ms",
      [&](const json& r) { return outline(r, "document_symbol"); });
  row("… after an edit of it", "", [&](const json& r) { return pair(r, {"document_symbol_edited"}); });
  row("peak RSS (VmHWM)", "≤ 1 GiB", [&](const json& r) { return cell(r, {"peak_rss_mib"}, "MiB"); }, "", at({{"peak_rss_mib"}}));
  row("`kgls check` wall", "≤ 10 s", [&](const json& r) { return cell(r, {"check", "wall_ms"}, "ms"); }, cannot);
  row("`kgls index` cold / warm", "", [&](const json& r) {
    return cell(r, {"index_cold", "wall_ms"}, "ms") + " / " + cell(r, {"index_warm", "wall_ms"}, "ms");
  }, cannot);
  // The side-by-side steps (a last server of each, every file opened).
  if (!std::any_of(runs.begin(), runs.end(), [](const json& r) { return r.contains("side"); })) return 0;
  std::string symbols_name = "documentSymbol of a large file p50 / p99";
  for (const auto& r : runs) {
    if (const auto n = number(r, {"side", "symbols", "symbols_top"})) {
      char b[96];
      std::snprintf(b, sizeof b, "documentSymbol of a %.0f-entity file p50 / p99", *n);
      symbols_name = b;
      break;
    }
  }
  row("open a file → its diagnostics p50 / p99 (every file, one after another)", "",
      [&](const json& r) { return pair(r, {"side", "open"}); }, "", p50_p99({"side", "open"}));
  row("… all files opened, one after another: total", "", [&](const json& r) { return cell(r, {"side", "open_all_ms"}, "ms"); },
      "", at({{"side", "open_all_ms"}}));
  row("peak RSS, all files open", "", [&](const json& r) { return cell(r, {"side", "peak_rss_mib"}, "MiB"); }, "",
      at({{"side", "peak_rss_mib"}}));
  row("hover on an entity ID p50 / p99 (all files open)", "", [&](const json& r) { return pair(r, {"side", "hover_id"}); },
      "", p50_p99({"side", "hover_id"}));
  row(symbols_name, "", [&](const json& r) { return pair(r, {"side", "symbols"}); }, "", p50_p99({"side", "symbols"}));
  const auto counts = [&](const json& r, const Path& where) {
    Path top = where, all = where;
    top.push_back("symbols_top");
    all.push_back("symbols_all");
    const auto t = number(r, top), a = number(r, all);
    if (!t || !a) return std::string("–");
    return std::to_string(static_cast<long>(*t)) + " / " + std::to_string(static_cast<long>(*a));
  };
  row("… symbols returned (top level / in all)", "", [&](const json& r) { return counts(r, {"side", "symbols"}); });
  // yaml-language-server stops at 5,000 symbols by default; kgls has no such limit, so its
  // column repeats the row above.
  if (!std::any_of(peers.begin(), peers.end(), [&](const json& p) { return number(p, {"side", "symbols", "unlimited", "p50_ms"}).has_value(); }))
    return 0;
  const auto unlimited = [](const json& r) {
    return r.value("server", "kgls") == "kgls" ? Path{"side", "symbols"} : Path{"side", "symbols", "unlimited"};
  };
  row("… the same, yaml-language-server's 5,000-item limit lifted p50 / p99", "",
      [&](const json& r) { return pair(r, unlimited(r)); }, "", [&](const json& r) {
        Path a = unlimited(r), b = unlimited(r);
        a.push_back("p50_ms");
        b.push_back("p99_ms");
        return std::vector<std::optional<double>>{number(r, a), number(r, b)};
      });
  row("… symbols returned (top level / in all)", "", [&](const json& r) { return counts(r, unlimited(r)); });
  return 0;
}

int usage() {
  std::cerr << "usage: kgls-bench-driver --kgls BIN --workspace DIR --manifest FILE --cache DIR\n"
               "                         [--requests N] [--changes N] [--timeout S] [--json FILE]\n"
               "                         [--wrapper 'perf record -g -o F --'] [--skip-warm 1]\n"
               "                         [--duplicates-timeout S] [--symbols-file FILE] [--symbol-requests N]\n"
               "       kgls-bench-driver --peer yaml-language-server --server BIN --schema FILE\n"
               "                         --workspace DIR --manifest FILE --cache DIR [same options]\n"
               "       kgls-bench-driver --table RUN.json...   (a Markdown table of runs, peers beside kgls)\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "--table") return print_markdown_table({argv + 2, argv + argc});
  Config cfg;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) return usage();
    const std::string v = argv[++i];
    if (a == "--kgls") cfg.kgls = v;
    else if (a == "--workspace") cfg.workspace = fs::absolute(v).lexically_normal();
    else if (a == "--manifest") cfg.manifest = v;
    else if (a == "--cache") cfg.cache = fs::absolute(v).lexically_normal();
    else if (a == "--requests") cfg.requests = std::strtoull(v.c_str(), nullptr, 10);
    else if (a == "--changes") cfg.changes = std::strtoull(v.c_str(), nullptr, 10);
    else if (a == "--timeout") cfg.timeout_s = std::atoi(v.c_str());
    else if (a == "--json") cfg.json_out = v;
    else if (a == "--wrapper") {
      std::istringstream words(v);
      for (std::string w; words >> w;) cfg.wrapper.push_back(w);
    } else if (a == "--skip-warm") cfg.skip_warm = v == "1";
    else if (a == "--duplicates-timeout") cfg.duplicates_timeout_s = std::atoi(v.c_str());
    else if (a == "--peer") cfg.peer = v;
    else if (a == "--server") cfg.kgls = v;
    else if (a == "--schema") cfg.schema = fs::absolute(v).lexically_normal();
    else if (a == "--symbols-file") cfg.symbols_file = fs::absolute(v).lexically_normal();
    else if (a == "--symbol-requests") cfg.symbol_requests = std::strtoull(v.c_str(), nullptr, 10);
    else return usage();
  }
  if (!cfg.peer.empty() && (cfg.peer != kYamlPeer || cfg.schema.empty())) {
    std::cerr << "kgls-bench-driver: the only peer is " << kYamlPeer << ", and it needs --schema\n";
    return usage();
  }
  if (!cfg.peer.empty()) cfg.language_id = "yaml";
  if (cfg.kgls.empty() || cfg.workspace.empty() || cfg.manifest.empty() || cfg.cache.empty()) return usage();
  json manifest = json::parse(read_text(cfg.manifest), nullptr, false);
  if (manifest.is_discarded()) {
    std::cerr << "kgls-bench-driver: cannot read the manifest " << cfg.manifest << "\n";
    return 2;
  }
  std::error_code ec;
  fs::remove_all(cfg.cache, ec);
  fs::create_directories(cfg.cache);

  json result;
  // Other work on the machine skews every figure: keep the load beside them.
  const auto loadavg = [] {
    std::ifstream in("/proc/loadavg");
    double one = 0;
    in >> one;
    return one;
  };
  result["load_before"] = loadavg();
  result["entities"] = manifest["entities"];
  result["edges"] = manifest["edges"];
  result["files"] = manifest["files"].size() + 1;
  result["bytes"] = manifest["bytes"];
  result["server"] = cfg.peer.empty() ? "kgls" : cfg.peer;
  std::printf("workspace: %s entities, %s edges, %zu files, %.1f MB\n", manifest["entities"].dump().c_str(),
              manifest["edges"].dump().c_str(), manifest["files"].size() + 1,
              manifest["bytes"].get<double>() / 1e6);
  const auto finish = [&](bool ok) {
    result["load_after"] = loadavg();
    std::printf("  (load average %.1f before, %.1f after)\n", result["load_before"].get<double>(),
                result["load_after"].get<double>());
    if (!cfg.json_out.empty()) {
      std::ofstream out(cfg.json_out);
      out << result.dump(2) << "\n";
    }
    return ok ? 0 : 1;
  };

  if (!cfg.peer.empty()) {
    // ---- The peer: kgls's steps that it can answer, in kgls's order, in one session...
    Session first = start_peer(cfg, "peer");
    result["start"] = first.start;
    bool ok = first.ready;
    if (first.ready) {
      LspProcess& srv = *first.server;
      result["server_version"] = first.start["server_info"].value("version", "");
      std::set<std::string> files_to_open;
      for (const auto& p : manifest["positions"]) files_to_open.insert(p["file"].get<std::string>());
      open_files(srv, cfg, {files_to_open.begin(), files_to_open.end()}, {},
                 Clock::now() + std::chrono::seconds(cfg.timeout_s));
      result["open_files"] = files_to_open.size();
      result["hover"] = measure_requests(srv, cfg, manifest, "textDocument/hover");
      // Its validation waits a fixed 200 ms after a change (validationDelayMs, no setting):
      // the same number of changes as kgls's default-debounce row.
      if (cfg.changes > 0)
        result["did_change_default_debounce"] =
            measure_changes(srv, cfg, manifest, std::max<size_t>(20, cfg.changes / 4), 2);
      result["peak_rss_mib"] = static_cast<double>(srv.peak_rss_kib()) / 1024.0;
      ok = shutdown(srv, result["start"]) && ok;
    }
    first.server.reset();
    // ... then the side-by-side steps in a second one.
    Session second = start_peer(cfg, "side");
    ok = ok && second.ready;
    if (second.ready) {
      result["side"] = side_by_side(*second.server, cfg, manifest);
      ok = shutdown(*second.server, result["side"]) && ok;
    }
    second.server.reset();

    std::printf("\n  %s %s\n", cfg.peer.c_str(), result.value("server_version", "").c_str());
    print_latency("hover", result.value("hover", json::object()), 0);
    print_latency("didChange->diags (fixed 200 ms)", result.value("did_change_default_debounce", json::object()), 0);
    if (result.contains("peak_rss_mib")) print_row("peak RSS", fmt(result["peak_rss_mib"].get<double>(), "MiB"));
    print_side(result.value("side", json()));
    return finish(ok);
  }

  // ---- Cold start, then requests and edits in the same session.
  Session cold = start_server(cfg, manifest, "cold", nullptr);
  result["cold"] = cold.start;
  bool ok = cold.ready;
  if (cold.ready) {
    LspProcess& srv = *cold.server;
    // The similarity pass (likely duplicates) runs after the scan, on its own thread:
    // wait for it before timing requests, so they measure the steady state.
    {
      // The pass publishes all its warnings at once: wait for the first, then a moment.
      const auto until = Clock::now() + std::chrono::seconds(cfg.duplicates_timeout_s);
      while (Clock::now() < until) {
        {
          std::lock_guard lock(cold.duplicates->mutex);
          if (cold.duplicates->all || (cold.duplicates->first && Clock::now() - *cold.duplicates->first > std::chrono::seconds(2)))
            break;
        }
        srv.next(Clock::now() + std::chrono::milliseconds(200));
      }
      std::lock_guard lock(cold.duplicates->mutex);
      json d = {{"planted_files", cold.duplicates->planted_files},
                {"files_without", cold.duplicates->waiting.size()}};
      if (cold.duplicates->first) d["first_ms"] = ms(*cold.duplicates->first - cold.init_sent);
      if (cold.duplicates->all) d["all_ms"] = ms(*cold.duplicates->all - cold.init_sent);
      result["likely_duplicates"] = d;
    }
    const auto deadline = Clock::now() + std::chrono::seconds(cfg.timeout_s);
    std::set<std::string> files_to_open, diagnosed;
    for (const auto& p : manifest["positions"]) files_to_open.insert(p["file"].get<std::string>());
    for (const auto& f : manifest["unresolved_files"])
      diagnosed.insert(file_uri((cfg.workspace / f.get<std::string>()).lexically_normal().string()));
    open_files(srv, cfg, {files_to_open.begin(), files_to_open.end()}, diagnosed, deadline);
    result["open_files"] = files_to_open.size();

    result["hover"] = measure_requests(srv, cfg, manifest, "textDocument/hover");
    result["definition"] = measure_requests(srv, cfg, manifest, "textDocument/definition");
    result["references"] = measure_requests(srv, cfg, manifest, "textDocument/references");
    result["completion"] = measure_requests(srv, cfg, manifest, "textDocument/completion", "target");

    // didChange with the default debounce (what a user gets), then with none (the work).
    if (cfg.changes > 0) {
      const size_t debounced = std::max<size_t>(20, cfg.changes / 4);
      result["did_change_default_debounce"] = measure_changes(srv, cfg, manifest, debounced, 2);
      srv.notify("workspace/didChangeConfiguration", {{"settings", {{"kgls", {{"diagnostics", {{"delay", 0}}}}}}}});
      // Two unrecorded changes absorb the recomputation that the new setting starts.
      result["did_change"] = measure_changes(srv, cfg, manifest, cfg.changes, 2);
    }
    result["document_symbol"] = measure_document_symbols(srv, cfg, manifest, cfg.requests, false);
    result["document_symbol_edited"] = measure_document_symbols(srv, cfg, manifest, std::max<size_t>(20, cfg.requests / 5), true);
    result["peak_rss_mib"] = static_cast<double>(srv.peak_rss_kib()) / 1024.0;
    // The warm start below is the one after a session that had time to finish its work.
    if (!cfg.skip_warm) {
      if (auto t = wait_for_index(cfg, manifest["files"].size(), cold.init_sent,
                                  Clock::now() + std::chrono::seconds(cfg.timeout_s)))
        result["cold"]["index_written_ms"] = *t;
    }
    ok = shutdown(srv, result["cold"]) && ok;
  }
  cold.server.reset();

  // ---- Warm start: the same cache folder, so whatever the server keeps there is present.
  if (!cfg.skip_warm) {
    Session warm = start_server(cfg, manifest, "warm", nullptr);
    result["warm"] = warm.start;
    if (warm.ready) {
      result["warm"]["peak_rss_mib"] = static_cast<double>(warm.server->peak_rss_kib()) / 1024.0;
      ok = shutdown(*warm.server, result["warm"]) && ok;
    }
    ok = ok && warm.ready;
    warm.server.reset();
  }

  // ---- Requests in the first seconds of a first start (a fresh cache folder).
  if (!cfg.skip_warm) result["early"] = measure_early(cfg, manifest, std::chrono::seconds(10));

  // ---- The command line.
  const auto [check_ms, check_code] = run_timed({cfg.kgls, "check", cfg.workspace.string()}, cfg.cache);
  result["check"] = {{"wall_ms", check_ms}, {"exit_code", check_code}};
  const fs::path index_cache = cfg.cache / "cli-index";
  fs::create_directories(index_cache);
  const auto [index_cold, index_cold_code] =
      run_timed({cfg.kgls, "index", "--workspace", cfg.workspace.string()}, index_cache);
  const auto [index_warm, index_warm_code] =
      run_timed({cfg.kgls, "index", "--workspace", cfg.workspace.string()}, index_cache);
  result["index_cold"] = {{"wall_ms", index_cold}, {"exit_code", index_cold_code}};
  result["index_warm"] = {{"wall_ms", index_warm}, {"exit_code", index_warm_code}};

  // ---- Side by side with the peer: a last server, after every figure above is taken.
  if (!cfg.symbols_file.empty()) {
    Session side = start_server(cfg, manifest, "side", nullptr);
    ok = ok && side.ready;
    if (side.ready) {
      result["side"] = side_by_side(*side.server, cfg, manifest);
      ok = shutdown(*side.server, result["side"]) && ok;
    } else {
      result["side"] = {{"error", side.start.value("error", "no start")}};
    }
    side.server.reset();
  }

  // ---- The table.
  const auto latency = print_latency;
  const auto timing = [&](const char* name, const json& r, const char* key, double bar) {
    if (!r.is_object()) {
      print_row(name, "skipped");
      return;
    }
    if (!r.contains(key)) {
      print_row(name, "failed", r.value("error", ""));
      return;
    }
    const double v = r[key].get<double>();
    print_row(name, fmt(v, "ms"), bar > 0 ? std::string(v <= bar ? "ok" : "MISS") + " (bar " + fmt(bar, "ms") + ")" : "");
  };
  std::printf("\n");
  timing("cold start (initialize -> diags)", result["cold"], "ready_ms", 10000);
  timing("  of which scan ($/progress end)", result["cold"], "progress_end_ms", 0);
  if (const json d = result.value("likely_duplicates", json()); d.is_object()) {
    const size_t planted = d["planted_files"].get<size_t>(), without = d["files_without"].get<size_t>();
    print_row("likely-duplicate warnings published", d.contains("first_ms") ? fmt(d["first_ms"].get<double>(), "ms") : "never",
              std::to_string(planted - without) + " of " + std::to_string(planted) + " planted near-duplicate files warned");
  }
  if (const json d = result.value("likely_duplicates", json()); d.is_object() && d.contains("first_ms") && result["cold"].contains("ready_ms")) {
    const double pass = d["first_ms"].get<double>() - result["cold"]["ready_ms"].get<double>();
    print_row("  the pass (warnings - first diags)", fmt(pass, "ms"), std::string(pass <= 5000 ? "ok" : "MISS") + " (bar 5000 ms)");
  }
  timing("warm start (initialize -> diags)", result.value("warm", json()), "diagnostics_ms", 1000);
  timing("  the scan ended ($/progress end)", result.value("warm", json()), "progress_end_ms", 0);
  timing("exit (warm, pass running)", result.value("warm", json()), "exit_ms", 200);
  timing("exit (cold, after the edits)", result["cold"], "exit_ms", 200);
  latency("hover", result.value("hover", json::object()), 5);
  latency("definition", result.value("definition", json::object()), 1);
  {
    const json early = result.value("early", json::object());
    latency("definition, first 10 s", early.value("definition", json::object()), 1);
    latency("hover, first 10 s", early.value("hover", json::object()), 5);
  }
  latency("references", result.value("references", json::object()), 0);
  latency("completion", result.value("completion", json::object()), 0);
  latency("didChange->diags (debounce 0)", result.value("did_change", json::object()), 30);
  latency("didChange->diags (default)", result.value("did_change_default_debounce", json::object()), 0);
  for (const char* key : {"document_symbol", "document_symbol_edited"}) {
    const json r = result.value(key, json::object());
    latency(key == std::string("document_symbol") ? "documentSymbol" : "  after an edit", r, 10);
    if (r.contains("symbols"))
      print_row("  symbols (entities) in " + r.value("file", ""), r["symbols"].dump() + " (" + r["top_level"].dump() + ")",
                r.contains("symbols_fewest") ? "MISS: a reply had only " + r["symbols_fewest"].dump() : "");
  }
  if (result.contains("peak_rss_mib")) {
    const double rss = result["peak_rss_mib"];
    print_row("peak RSS", fmt(rss, "MiB"), rss <= 1024 ? "ok (bar 1024 MiB)" : "MISS (bar 1024 MiB)");
  }
  print_row("kgls check", fmt(check_ms, "ms"), std::string(check_ms <= 10000 ? "ok" : "MISS") + " (bar 10000 ms), exit " + std::to_string(check_code));
  print_row("kgls index (cold / warm)", fmt(index_cold, "ms") + " / " + fmt(index_warm, "ms"),
            "exit " + std::to_string(index_cold_code) + "/" + std::to_string(index_warm_code));
  if (result.contains("side")) {
    std::printf("  side by side with the peer (a last server, every file opened):\n");
    print_side(result["side"]);
  }
  return finish(ok);
}
