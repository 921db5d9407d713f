#include "lsp/protocol/json_map.hpp"

#include <cmath>
#include <limits>

namespace kgls::lsp {

bool Where::fail(std::string problem) const {
  if (sink_->problem.empty()) {
    sink_->path = path_;
    sink_->problem = std::move(problem);
  }
  return false;
}

bool Where::expected(std::string_view what, const json& got) const {
  std::string type = got.type_name();
  // nlohmann calls every number "number"; say which kind, it is often the mistake.
  if (got.is_number_float()) type = "a fractional number";
  else if (got.is_number_integer()) type = "an integer";
  else if (got.is_string()) type = "a string";
  else if (got.is_object()) type = "an object";
  else if (got.is_array()) type = "an array";
  else if (got.is_boolean()) type = "a boolean";
  return fail("expected " + std::string(what) + ", got " + type);
}

bool fromJSON(const json& j, std::string& out, Where w) {
  if (!j.is_string()) return w.expected("a string", j);
  out = j.get<std::string>();
  return true;
}

bool fromJSON(const json& j, bool& out, Where w) {
  if (!j.is_boolean()) return w.expected("a boolean", j);
  out = j.get<bool>();
  return true;
}

bool fromJSON(const json& j, int64_t& out, Where w) {
  if (j.is_number_unsigned()) {
    const auto v = j.get<uint64_t>();
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      return w.fail("integer out of range");
    out = static_cast<int64_t>(v);
    return true;
  }
  if (j.is_number_integer()) {
    out = j.get<int64_t>();
    return true;
  }
  // 3.0 is an integer written by a JavaScript client; 3.5 is not.
  if (j.is_number_float()) {
    const double d = j.get<double>();
    if (std::trunc(d) == d && std::abs(d) < 9.0e15) {
      out = static_cast<int64_t>(d);
      return true;
    }
  }
  return w.expected("an integer", j);
}

bool fromJSON(const json& j, int32_t& out, Where w) {
  int64_t v = 0;
  if (!fromJSON(j, v, w)) return false;
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max())
    return w.fail("integer out of range");
  out = static_cast<int32_t>(v);
  return true;
}

bool fromJSON(const json& j, uint32_t& out, Where w) {
  if (!j.is_number()) return w.expected("an unsigned integer", j);
  int64_t v = 0;
  if (!fromJSON(j, v, w)) return false;
  if (v < 0) return w.fail("expected an unsigned integer, got " + std::to_string(v));
  if (v > std::numeric_limits<uint32_t>::max()) return w.fail("integer out of range");
  out = static_cast<uint32_t>(v);
  return true;
}

bool fromJSON(const json& j, double& out, Where w) {
  if (!j.is_number()) return w.expected("a number", j);
  out = j.get<double>();
  return true;
}

bool fromJSON(const json& j, json& out, Where) {
  out = j;
  return true;
}

}  // namespace kgls::lsp
