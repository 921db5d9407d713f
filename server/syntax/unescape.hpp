// String literal helpers shared by the parser and the formatter.
#pragma once
#include <string>
#include <string_view>

namespace kgls {

/// Replaces the language's escapes (\" \\ \n \t \u{HEX}); an unknown escape is kept as written.
std::string unescape(std::string_view raw);

/// Text block layout: drops the first line break after the opening `"""`, a last line that
/// holds only indentation, and the indentation common to all non-blank lines.
std::string dedent(std::string_view raw);

/// Why an escape sequence is not one the language defines, or null when it is valid.
const char* escape_problem(std::string_view escape);

/// The inverse of unescape() for a one-line string: quotes, backslashes, newlines, tabs.
std::string escape(std::string_view text);

}  // namespace kgls
