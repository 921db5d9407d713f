// Annotated test sources, after clangd's Annotations.h: markers in a string become
// positions and ranges, and are removed from the code.
//
//   ^             a point                 $name^          a named point
//   [[ ... ]]     a range                 $name[[ ... ]]  a named range
//
// `.kg` text never contains `^` or `[[`, so the markers need no escaping.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kgls/text.hpp"

namespace kgls::test {

class Annotations {
 public:
  explicit Annotations(std::string_view annotated);
  Annotations(const Annotations& other) : Annotations(other.annotated_) {}
  Annotations& operator=(const Annotations&) = delete;

  const std::string& code() const { return code_; }

  /// The only point with that name (fails the test when there is not exactly one).
  Position point(std::string_view name = "") const;
  std::vector<Position> points(std::string_view name = "") const;
  uint32_t point_offset(std::string_view name = "") const;

  Range range(std::string_view name = "") const;
  std::vector<Range> ranges(std::string_view name = "") const;

 private:
  std::string annotated_;
  std::string code_;
  LineIndex lines_;  // Over code_.
  std::map<std::string, std::vector<uint32_t>, std::less<>> points_;
  std::map<std::string, std::vector<Span>, std::less<>> ranges_;
};

}  // namespace kgls::test
