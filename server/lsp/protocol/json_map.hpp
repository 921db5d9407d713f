// Reading typed values out of JSON, with an error that says *where* the JSON was wrong
// ("params.textDocument.position.line: expected an unsigned integer, got string").
//
// Every protocol struct has `bool fromJSON(const json&, T&, Where)` beside it; the
// overloads here cover the primitives, optionals and vectors they are built from.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kgls::lsp {

using json = nlohmann::json;

/// The first problem found while reading a message, with its path.
struct JsonError {
  std::string path;
  std::string problem;
  std::string message() const { return path + ": " + problem; }
};

/// A position in the JSON being read. Copies are cheap enough for LSP's small messages.
class Where {
 public:
  Where(JsonError& sink, std::string root) : sink_(&sink), path_(std::move(root)) {}
  Where field(std::string_view key) const { return {sink_, path_ + "." + std::string(key)}; }
  Where index(size_t i) const { return {sink_, path_ + "[" + std::to_string(i) + "]"}; }
  /// Records the problem (the first one wins, it is the cause) and returns false.
  bool fail(std::string problem) const;
  /// "expected <what>, got <the value's type>".
  bool expected(std::string_view what, const json& got) const;
  const std::string& path() const { return path_; }

 private:
  Where(JsonError* sink, std::string path) : sink_(sink), path_(std::move(path)) {}
  JsonError* sink_;
  std::string path_;
};

bool fromJSON(const json& j, std::string& out, Where w);
bool fromJSON(const json& j, bool& out, Where w);
bool fromJSON(const json& j, int64_t& out, Where w);
bool fromJSON(const json& j, int32_t& out, Where w);
bool fromJSON(const json& j, uint32_t& out, Where w);
bool fromJSON(const json& j, double& out, Where w);
/// Any JSON (LSPAny): always succeeds.
bool fromJSON(const json& j, json& out, Where w);

template <class T>
bool fromJSON(const json& j, std::optional<T>& out, Where w) {
  if (j.is_null()) {
    out.reset();
    return true;
  }
  T value{};
  if (!fromJSON(j, value, w)) return false;
  out = std::move(value);
  return true;
}

template <class T>
bool fromJSON(const json& j, std::vector<T>& out, Where w) {
  if (!j.is_array()) return w.expected("an array", j);
  out.clear();
  out.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    T value{};
    if (!fromJSON(j[i], value, w.index(i))) return false;
    out.push_back(std::move(value));
  }
  return true;
}

/// Reads the members of one JSON object:
///   ObjectReader o(j, w);
///   return o && o.required("uri", p.uri) && o.optional("version", p.version);
class ObjectReader {
 public:
  ObjectReader(const json& j, Where w) : json_(j), where_(std::move(w)) {
    ok_ = j.is_object() || where_.expected("an object", j);
  }
  explicit operator bool() const { return ok_; }

  /// The member must be present (a null counts as present only for optionals).
  template <class T>
  bool required(const char* key, T& out) {
    auto it = json_.find(key);
    if (it == json_.end()) return where_.field(key).fail("missing");
    return fromJSON(*it, out, where_.field(key));
  }
  /// An absent member (or null) leaves `out` as it is.
  template <class T>
  bool optional(const char* key, T& out) {
    auto it = json_.find(key);
    if (it == json_.end() || it->is_null()) return true;
    return fromJSON(*it, out, where_.field(key));
  }
  /// A nested object that may be absent (capabilities): its own members read through `f`.
  const json* member(const char* key) const {
    auto it = json_.find(key);
    return it == json_.end() || it->is_null() ? nullptr : &*it;
  }
  const Where& where() const { return where_; }

 private:
  const json& json_;
  Where where_;
  bool ok_ = false;
};

/// Reads a whole value (the usual entry point): nullopt and `error` set on failure.
template <class T>
std::optional<T> parse_json(const json& j, std::string root, JsonError& error) {
  T value{};
  if (!fromJSON(j, value, Where(error, std::move(root)))) return std::nullopt;
  return value;
}

}  // namespace kgls::lsp
