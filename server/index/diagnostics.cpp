// The diagnostics kept for the next start: what the server last published for each file,
// with the hash of the text it was computed from. A warm start publishes them for the
// files whose text is unchanged before it has parsed anything (the workspace's own checks
// then replace them, and only what differs is published again).
//
// A file's list is one BLOB in a small format of this file's own (little-endian u32
// numbers, strings as a u32 length and bytes), read with every length checked: a damaged
// row is skipped, never trusted.
#include <chrono>
#include <cstring>

#include "kgls/index.hpp"
#include "rows.hpp"
#include "schema.hpp"

namespace fs = std::filesystem;

namespace kgls {

namespace {

constexpr uint32_t kFormat = 1;  // The BLOB's first number.

void put_u32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}
void put_str(std::string& out, std::string_view s) {
  put_u32(out, static_cast<uint32_t>(s.size()));
  out.append(s);
}
void put_range(std::string& out, const SourceRange& r) {
  for (uint32_t v : {r.bytes.begin, r.bytes.end, r.utf16.start.line, r.utf16.start.character,
                     r.utf16.end.line, r.utf16.end.character})
    put_u32(out, v);
}

struct Reader {
  std::string_view in;
  bool ok = true;
  uint32_t u32() {
    if (in.size() < 4) {
      ok = false;
      return 0;
    }
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << (8 * i);
    in.remove_prefix(4);
    return v;
  }
  std::string str() {
    const uint32_t n = u32();
    if (!ok || in.size() < n) {
      ok = false;
      return {};
    }
    std::string s(in.substr(0, n));
    in.remove_prefix(n);
    return s;
  }
  SourceRange range() {
    SourceRange r;
    r.bytes.begin = u32();
    r.bytes.end = u32();
    r.utf16.start.line = u32();
    r.utf16.start.character = u32();
    r.utf16.end.line = u32();
    r.utf16.end.character = u32();
    return r;
  }
};

}  // namespace

namespace index_rows {

std::string encode_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  put_u32(out, kFormat);
  put_u32(out, static_cast<uint32_t>(diagnostics.size()));
  for (const auto& d : diagnostics) {
    put_range(out, d.range);
    put_u32(out, static_cast<uint32_t>(d.severity));
    put_str(out, d.code);
    put_str(out, d.message);
    put_str(out, d.data);
    put_u32(out, static_cast<uint32_t>(d.related.size()));
    for (const auto& r : d.related) {
      put_str(out, r.path);
      put_range(out, r.range);
      put_str(out, r.message);
    }
  }
  return out;
}

std::optional<std::vector<Diagnostic>> decode_diagnostics(std::string_view blob) {
  Reader in{blob};
  if (in.u32() != kFormat || !in.ok) return std::nullopt;
  const uint32_t count = in.u32();
  std::vector<Diagnostic> out;
  // Each diagnostic takes at least 40 bytes: a count beyond that is damage, not a list.
  if (!in.ok || count > in.in.size() / 40) return std::nullopt;
  out.reserve(count);
  for (uint32_t i = 0; i < count && in.ok; ++i) {
    Diagnostic d;
    d.range = in.range();
    const uint32_t severity = in.u32();
    if (severity < 1 || severity > 4) return std::nullopt;
    d.severity = static_cast<Severity>(severity);
    d.code = in.str();
    d.message = in.str();
    d.data = in.str();
    const uint32_t related = in.u32();
    if (!in.ok || related > in.in.size() / 32) return std::nullopt;
    for (uint32_t j = 0; j < related && in.ok; ++j) {
      RelatedLocation r;
      r.path = in.str();
      r.range = in.range();
      r.message = in.str();
      d.related.push_back(std::move(r));
    }
    out.push_back(std::move(d));
  }
  if (!in.ok || !in.in.empty()) return std::nullopt;
  return out;
}

}  // namespace index_rows

std::map<std::string, std::vector<Diagnostic>> Index::fresh_diagnostics(const IndexOptions& options,
                                                                         std::vector<std::string>& notices) {
  std::map<std::string, std::vector<Diagnostic>> out;
  if (options.in_memory) return out;
  std::error_code ec;
  const fs::path root = fs::absolute(options.root.empty() ? fs::path(".") : options.root, ec);
  const fs::path canonical = fs::weakly_canonical(root, ec);
  const fs::path file = options.file ? fs::absolute(*options.file, ec)
                                     : default_index_path(ec ? root.lexically_normal() : canonical);
  if (file.empty() || !fs::exists(file, ec)) return out;
  try {
    sql::Database db = sql::Database::open(file, sql::Database::Mode::ReadOnly);
    db.exec("PRAGMA busy_timeout = 1000");
    if (db.scalar_int("PRAGMA user_version") != index_schema::kVersion) return out;
    auto rows = db.prepare(
        "SELECT d.path, f.size, f.mtime_ns, d.payload FROM diagnostics d "
        "JOIN files f ON f.path = d.path AND f.hash = d.hash");
    size_t damaged = 0;
    while (rows.step()) {
      const std::string relative = rows.column_text(0);
      // The stamp the index read the text with: the same size and mtime on disk now means
      // the same text (the index's own rule for not parsing a file again).
      const fs::path absolute = root / fs::path(relative);
      const auto size = fs::file_size(absolute, ec);
      if (ec || static_cast<int64_t>(size) != rows.column_int(1)) continue;
      const auto mtime = fs::last_write_time(absolute, ec);
      if (ec) continue;
      const int64_t mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::file_clock::to_sys(mtime).time_since_epoch())
                                   .count();
      if (mtime_ns != rows.column_int(2)) continue;
      auto diagnostics = index_rows::decode_diagnostics(rows.column_blob(3));
      if (!diagnostics) {
        ++damaged;
        continue;
      }
      out[absolute.lexically_normal().string()] = std::move(*diagnostics);
    }
    if (damaged) notices.push_back("index " + file.string() + ": " + std::to_string(damaged) +
                                   " stored diagnostic lists are damaged; those files wait for their checks");
  } catch (const std::exception& e) {
    notices.push_back("index " + file.string() + ": cannot read the stored diagnostics (" + e.what() + ")");
    out.clear();
  }
  return out;
}

}  // namespace kgls
