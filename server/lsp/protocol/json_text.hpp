// JSON text written directly, for the few replies too large to build as an nlohmann::json
// tree first (documentSymbol, semantic tokens, diagnostics): a tree costs an allocation per
// member and more to free than to build. Everything else goes through toJSON.
//
// The writers (`writeJSON`, beside each type's toJSON) put members in the order nlohmann's
// object map keeps (by name), so their text is byte for byte what serialize(toJSON(x))
// gives; tests/lsp/json_text_test.cpp compares the two on real files.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace kgls::lsp {

/// A result that is JSON text already: a Callback<JsonText> sends it as it is, and a
/// cache can hand the same text to many replies.
struct JsonText {
  std::shared_ptr<const std::string> text;
};

/// Appends `s` as a JSON string literal, exactly as nlohmann::json's dump() with
/// error_handler_t::replace writes it (the transport's serialisation): valid UTF-8 that needs
/// no escaping is copied as it is, anything else goes through nlohmann's own escaping, which
/// also replaces invalid UTF-8 with U+FFFD.
void append_json_string(std::string& out, std::string_view s);

void append_json_number(std::string& out, int64_t n);

}  // namespace kgls::lsp
