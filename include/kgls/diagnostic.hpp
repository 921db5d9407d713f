// Diagnostics: a stable code, a severity, a range and a sentence a person understands.
#pragma once
#include <string>
#include <vector>

#include "kgls/text.hpp"

namespace kgls {

enum class Severity { Error = 1, Warning = 2, Information = 3, Hint = 4 };

const char* to_string(Severity severity);

/// Another place the diagnostic points at (e.g. the other definition of a duplicate ID).
struct RelatedLocation {
  std::string path;
  SourceRange range;
  std::string message;
  friend bool operator==(const RelatedLocation&, const RelatedLocation&) = default;
};

struct Diagnostic {
  SourceRange range;
  Severity severity = Severity::Error;
  std::string code;  // One of language.md's codes: syntax, duplicate-id, ...
  std::string message;
  std::vector<RelatedLocation> related;
  /// Code-specific facts for quick fixes (e.g. the unresolved target, the other duplicate).
  std::string data;
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

}  // namespace kgls
