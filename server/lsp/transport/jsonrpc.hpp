// JSON-RPC 2.0 messages: error codes, and the classification of one received body into a
// call, a notification, a reply, or the error that must be sent back.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kgls::lsp {

using json = nlohmann::json;

/// JSON-RPC and LSP error codes.
enum class ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  RequestFailed = -32803,
  ContentModified = -32801,
  RequestCancelled = -32800,
};

struct RpcError {
  ErrorCode code = ErrorCode::InternalError;
  std::string message;
};

/// One received message, classified.
struct Incoming {
  enum class Kind { Call, Notify, Reply, Invalid };
  Kind kind = Kind::Invalid;
  std::string method;  // Call, Notify.
  json params;         // Call, Notify: null when absent.
  json id;             // Call, Reply; for Invalid, the id to answer (null when unknown).
  json result;         // Reply without error.
  std::optional<RpcError> error;  // Reply with error; Invalid: what to send back.
};

/// Parses and checks a body: JSON syntax (-32700), a JSON-RPC 2.0 object with a valid
/// shape (-32600). Never throws.
Incoming classify(std::string_view body);

/// Serialises a message. Text that is not valid UTF-8 (it can come from a user's file)
/// is replaced rather than allowed to throw.
std::string serialize(const json& message);

/// The id as a map key: "1" for 1, "\"a\"" for "a".
std::string id_key(const json& id);

}  // namespace kgls::lsp
