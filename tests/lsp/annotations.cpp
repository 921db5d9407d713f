#include "annotations.hpp"

#include <algorithm>

#include <gtest/gtest.h>

namespace kgls::test {

namespace {

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

Annotations::Annotations(std::string_view annotated) : annotated_(annotated) {
  struct Open {
    std::string name;
    uint32_t begin;
  };
  std::vector<Open> open;
  for (size_t i = 0; i < annotated.size();) {
    std::string name;
    size_t j = i;
    if (annotated[j] == '$') {
      ++j;
      while (j < annotated.size() && name_char(annotated[j])) name += annotated[j++];
    }
    const auto offset = static_cast<uint32_t>(code_.size());
    if (annotated.substr(j, 1) == "^") {
      points_[name].push_back(offset);
      i = j + 1;
      continue;
    }
    if (annotated.substr(j, 2) == "[[") {
      open.push_back({name, offset});
      i = j + 2;
      continue;
    }
    if (name.empty() && annotated.substr(i, 2) == "]]" && !open.empty()) {
      ranges_[open.back().name].push_back({open.back().begin, offset});
      open.pop_back();
      i += 2;
      continue;
    }
    code_ += annotated[i++];
  }
  EXPECT_TRUE(open.empty()) << "unclosed [[ in annotated text";
  lines_ = LineIndex(code_);
}

std::vector<Position> Annotations::points(std::string_view name) const {
  std::vector<Position> out;
  if (auto it = points_.find(name); it != points_.end()) {
    for (uint32_t offset : it->second) out.push_back(lines_.position(offset));
  }
  return out;
}

Position Annotations::point(std::string_view name) const {
  auto all = points(name);
  EXPECT_EQ(all.size(), 1u) << "expected one point named '" << name << "'";
  return all.empty() ? Position{} : all.front();
}

uint32_t Annotations::point_offset(std::string_view name) const {
  auto it = points_.find(name);
  EXPECT_TRUE(it != points_.end() && it->second.size() == 1)
      << "expected one point named '" << name << "'";
  return it == points_.end() || it->second.empty() ? 0 : it->second.front();
}

std::vector<Range> Annotations::ranges(std::string_view name) const {
  std::vector<Range> out;
  if (auto it = ranges_.find(name); it != ranges_.end()) {
    // In text order (nested ranges close inner first).
    std::vector<Span> spans = it->second;
    std::sort(spans.begin(), spans.end(),
              [](const Span& a, const Span& b) { return a.begin < b.begin; });
    for (const Span& span : spans) out.push_back(lines_.range(span).utf16);
  }
  return out;
}

Range Annotations::range(std::string_view name) const {
  auto all = ranges(name);
  EXPECT_EQ(all.size(), 1u) << "expected one range named '" << name << "'";
  return all.empty() ? Range{} : all.front();
}

}  // namespace kgls::test
