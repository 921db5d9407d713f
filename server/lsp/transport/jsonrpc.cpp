#include "lsp/transport/jsonrpc.hpp"

namespace kgls::lsp {

namespace {

Incoming invalid(ErrorCode code, std::string message, json id = nullptr) {
  Incoming in;
  in.kind = Incoming::Kind::Invalid;
  in.id = std::move(id);
  in.error = RpcError{code, std::move(message)};
  return in;
}

// LSP ids are integers or strings (JSON-RPC allows null, but only for replies to
// messages whose id could not be read).
bool valid_id(const json& id) { return id.is_number_integer() || id.is_string(); }

}  // namespace

Incoming classify(std::string_view body) {
  json message;
  try {
    message = json::parse(body);
  } catch (const json::parse_error& e) {
    // nlohmann's message says where ("syntax error while parsing value - ... at line 1,
    // column 2"); it is the most useful thing a client's developer can get.
    return invalid(ErrorCode::ParseError, std::string("invalid JSON: ") + e.what());
  }
  if (message.is_array()) {
    return invalid(ErrorCode::InvalidRequest, "batch messages are not supported");
  }
  if (!message.is_object()) {
    return invalid(ErrorCode::InvalidRequest,
                   std::string("a message must be a JSON object, not ") + message.type_name());
  }
  json id = nullptr;
  const auto id_it = message.find("id");
  const bool has_id = id_it != message.end();
  if (has_id) {
    if (!valid_id(*id_it)) {
      return invalid(ErrorCode::InvalidRequest,
                     std::string("\"id\" must be an integer or a string, not ") +
                         id_it->type_name());
    }
    id = *id_it;
  }
  const auto version = message.find("jsonrpc");
  if (version == message.end() || *version != "2.0") {
    return invalid(ErrorCode::InvalidRequest, "\"jsonrpc\" must be \"2.0\"", id);
  }
  const auto method = message.find("method");
  if (method != message.end()) {
    if (!method->is_string()) {
      return invalid(ErrorCode::InvalidRequest,
                     std::string("\"method\" must be a string, not ") + method->type_name(), id);
    }
    Incoming in;
    in.kind = has_id ? Incoming::Kind::Call : Incoming::Kind::Notify;
    in.method = method->get<std::string>();
    in.id = std::move(id);
    if (auto params = message.find("params"); params != message.end()) in.params = *params;
    return in;
  }
  if (!has_id) {
    return invalid(ErrorCode::InvalidRequest, "a message needs a \"method\" or an \"id\"");
  }
  Incoming in;
  in.kind = Incoming::Kind::Reply;
  in.id = std::move(id);
  if (auto error = message.find("error"); error != message.end()) {
    RpcError e;
    if (error->is_object()) {
      if (auto code = error->find("code"); code != error->end() && code->is_number_integer())
        e.code = static_cast<ErrorCode>(code->get<int>());
      if (auto text = error->find("message"); text != error->end() && text->is_string())
        e.message = text->get<std::string>();
    }
    in.error = std::move(e);
  } else if (auto result = message.find("result"); result != message.end()) {
    in.result = *result;
  } else {
    return invalid(ErrorCode::InvalidRequest, "a reply needs a \"result\" or an \"error\"");
  }
  return in;
}

std::string serialize(const json& message) {
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string id_key(const json& id) { return serialize(id); }

}  // namespace kgls::lsp
