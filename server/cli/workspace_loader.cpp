#include "cli/workspace_loader.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "kgls/embedding.hpp"
#include "kgls/files.hpp"
#include "kgls/similarity.hpp"

namespace fs = std::filesystem;

namespace kgls::cli {

std::string display_path(const fs::path& path) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  const fs::path cwd = fs::current_path(ec);
  const fs::path relative = absolute.lexically_relative(cwd);
  if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
  return absolute.lexically_normal().generic_string();
}

void load_files(const std::vector<fs::path>& files, LoadedWorkspace& out) {
  std::vector<std::shared_ptr<const Document>> docs(files.size());
  std::vector<std::string> errors(files.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < files.size();) {
      std::string text;
      if (!read_file(files[i], text, errors[i])) continue;
      docs[i] = parse_document(display_path(files[i]), std::move(text), KeepTree::No);
    }
  };
  const unsigned threads = std::max(1u, std::min(std::thread::hardware_concurrency(), 8u));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads && t < files.size(); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (size_t i = 0; i < files.size(); ++i) {
    if (docs[i]) {
      out.workspace.set_document(docs[i]);
    } else {
      out.errors.push_back(errors[i]);
    }
  }
}

namespace {

// The workspace a lone file belongs to: the nearest folder above it with a marker. Without
// one, the `.kg` files beside it (not below: a file in a big folder must not scan it all).
std::vector<fs::path> workspace_files_of(const fs::path& file) {
  std::error_code ec;
  const fs::path start = fs::absolute(file, ec).parent_path();
  for (fs::path dir = start; !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / "schema.kg", ec) || fs::exists(dir / ".kgignore", ec) || fs::exists(dir / ".git", ec))
      return find_kg_files(dir).files;
    if (dir == dir.root_path()) break;
  }
  std::vector<fs::path> siblings;
  for (fs::directory_iterator it(start, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".kg" && it->is_regular_file(ec)) siblings.push_back(it->path());
  }
  return siblings;
}

}  // namespace

bool load_for_check(const std::vector<std::string>& paths, LoadedWorkspace& out, std::string& error) {
  std::set<fs::path> files;
  std::set<std::string> explicit_files;
  for (const auto& p : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(p, ec);
    if (ec || !fs::exists(status)) {
      error = "no such file or folder: " + p;
      return false;
    }
    if (fs::is_directory(status)) {
      FileScan scan = find_kg_files(p);
      for (auto& f : scan.files) explicit_files.insert(display_path(f)), files.insert(fs::absolute(f));
      for (auto& e : scan.errors) out.errors.push_back(e);
    } else {
      explicit_files.insert(display_path(p));
      files.insert(fs::absolute(p));
      for (auto& f : workspace_files_of(p)) files.insert(fs::absolute(f));
    }
  }
  load_files({files.begin(), files.end()}, out);
  for (const auto& path : explicit_files) {
    if (out.workspace.document(path)) out.reported.insert(path);
  }
  return true;
}

std::map<std::string, std::vector<Diagnostic>> all_diagnostics(const Workspace& workspace) {
  auto out = workspace.diagnostics();
  // Likely duplicates with the measured defaults and the offline builtin embedder, so that
  // `kgls check` in CI warns exactly as the editor does.
  const SimilaritySettings settings;
  EmbeddingService service(settings.embedder);
  for (auto& [path, list] : likely_duplicate_diagnostics(workspace, settings, service)) {
    auto& into = out[path];
    into.insert(into.end(), std::make_move_iterator(list.begin()), std::make_move_iterator(list.end()));
    std::stable_sort(into.begin(), into.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return a.range.bytes.begin < b.range.bytes.begin;
    });
  }
  return out;
}

}  // namespace kgls::cli
