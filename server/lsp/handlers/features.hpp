// What a feature group's handlers get to work with, and the list of groups.
//
// Adding a feature group: write handlers/<group>.cpp with a bind_<group>() that sets its
// ServerCapabilities flags and registers typed handlers on the Binder; put the language
// logic (no JSON) in language/<group>.{hpp,cpp}; add the bind function to kFeatureGroups
// in lsp_server.cpp.
#pragma once
#include <string>

#include "lsp/handlers/binder.hpp"
#include "lsp/language/engine.hpp"
#include "lsp/language/services.hpp"
#include "lsp/protocol/protocol.hpp"
#include "lsp/protocol/uri.hpp"

namespace kgls::lsp {

struct ServerContext {
  lang::Engine& engine;
  Logger& log;
  /// Filled in by `initialize`; handlers run only after it.
  const ClientCapabilities& client;
  /// The current settings; changed on the I/O thread only.
  lang::Options& options;
  /// The index (card) and similarity layers.
  lang::Services& services;
};

using BindFeatures = void (*)(Binder&, ServerCapabilities&, ServerContext&);

void bind_sync(Binder& binder, ServerCapabilities& capabilities, ServerContext& context);
void bind_navigation(Binder& binder, ServerCapabilities& capabilities, ServerContext& context);
void bind_hierarchy(Binder& binder, ServerCapabilities& capabilities, ServerContext& context);
void bind_symbols(Binder& binder, ServerCapabilities& capabilities, ServerContext& context);
void bind_structure(Binder& binder, ServerCapabilities& capabilities, ServerContext& context);
void bind_assist(Binder& binder, ServerCapabilities& capabilities, ServerContext& context);
void bind_editing(Binder& binder, ServerCapabilities& capabilities, ServerContext& context);
void bind_decorations(Binder& binder, ServerCapabilities& capabilities, ServerContext& context);

/// `work(const Snapshot&, const CancelToken&) -> Result` as an engine read that replies
/// with its result; a cancellation becomes -32800, an exception -32603.
template <class Result, class Work>
auto answer(ServerContext& context, Callback<Result> reply, Work work) {
  return [reply = std::move(reply), work = std::move(work),
          &log = context.log](std::shared_ptr<const lang::Snapshot> snapshot) {
    try {
      reply.started();
      reply.cancel().check();
      reply(work(*snapshot, reply.cancel()));
    } catch (const lang::Cancelled&) {
      reply.error({ErrorCode::RequestCancelled, "the request was cancelled"});
    } catch (const std::exception& e) {
      log.error(std::string("request failed: ") + e.what());
      reply.error({ErrorCode::InternalError, e.what()});
    }
  };
}

/// A request about the workspace (references, rename, workspace symbols, commands, the
/// hierarchies' items): runs `work` on the engine's pool with a snapshot of every earlier
/// message, so it waits for every document still being parsed.
template <class Result, class Work>
void reply_from_snapshot(ServerContext& context, Callback<Result> reply, Work work) {
  context.engine.read(answer(context, std::move(reply), std::move(work)));
}

/// A request about one document (`path`): waits only for that document's earlier edits;
/// the other documents are in the snapshot as far as they are parsed (a big file's parse
/// holds up no request about another file).
template <class Result, class Work>
void reply_for_document(ServerContext& context, const std::string& path, Callback<Result> reply, Work work) {
  context.engine.read(path, answer(context, std::move(reply), std::move(work)));
}

/// A model range for the protocol.
inline Location to_location(const std::string& path, const SourceRange& range) {
  return {key_to_uri(path), range.utf16};
}

}  // namespace kgls::lsp
