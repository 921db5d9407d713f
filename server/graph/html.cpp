// The neighbourhood as a self-contained HTML page: Graphviz's SVG inline and a small script
// that turns a click on a node into a message for the editor.
//
// The page loads nothing: its Content Security Policy allows no source but inline styles
// and the one script carrying this page's nonce, so the SVG (file text, escaped by Graphviz)
// could not run a script even if it held one. The same page works in a browser, inside an
// iframe (the message goes to the parent) and in a VS Code webview (acquireVsCodeApi).
#include <random>
#include <sstream>

#include "index/export.hpp"
#include "kgls/graph.hpp"

namespace kgls {

namespace {

// Finds each node's entity ID in Graphviz's SVG (its <title>, the DOT node name) and makes
// the node a button: a click, Enter or Space posts {command: "open", id}.
constexpr const char* kScript = R"JS(
(function () {
  'use strict';
  var vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  function post(message) {
    if (vscode) vscode.postMessage(message);
    else window.parent.postMessage(message, '*');
  }
  var nodes = document.querySelectorAll('svg g.node');
  Array.prototype.forEach.call(nodes, function (node) {
    var title = node.querySelector('title');
    if (!title) return;
    var id = title.textContent;
    node.setAttribute('tabindex', '0');
    node.setAttribute('role', 'button');
    node.setAttribute('aria-label', 'Open ' + id);
    function open(event) {
      event.preventDefault();
      post({ command: 'open', id: id });
    }
    node.addEventListener('click', open);
    node.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') open(event);
    });
  });
})();
)JS";

constexpr const char* kStyle = R"CSS(
  html, body { margin: 0; background: #ffffff; color: #222222; }
  body { padding: 8px 12px; font: 13px Helvetica, Arial, sans-serif; }
  header { margin-bottom: 8px; }
  header code { font-size: 12px; }
  g.node { cursor: pointer; }
  g.node:hover path, g.node:hover polygon { stroke-width: 2.5px; }
  g.node:focus { outline: none; }
  g.node:focus path, g.node:focus polygon { stroke: #0066cc; stroke-width: 3px; }
)CSS";

std::string nonce() {
  std::random_device random;
  std::ostringstream out;
  out << std::hex;
  for (int i = 0; i < 4; ++i) out << random();
  return out.str();
}

}  // namespace

std::string graph_html(const Neighbourhood& graph, std::string_view svg) {
  // Graphviz's XML prolog, DOCTYPE and comments before <svg> do not belong inside HTML.
  const size_t start = svg.find("<svg");
  if (start != std::string_view::npos) svg.remove_prefix(start);
  while (!svg.empty() && (svg.back() == '\n' || svg.back() == '\r' || svg.back() == ' ')) svg.remove_suffix(1);

  const GraphNode* centre = graph.nodes.empty() ? nullptr : &graph.nodes.front();
  const std::string id = centre ? xml_escape(centre->id) : "";
  const std::string title = centre ? xml_escape(centre->title) : "";
  const std::string key = nonce();
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'nonce-"
      << key << "'\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>Neighbourhood of " << id << "</title>\n<style>" << kStyle << "</style>\n</head>\n"
      << "<body data-centre=\"" << id << "\">\n<header>Neighbourhood of <strong>" << title << "</strong> (<code>"
      << id << "</code>), depth " << graph.options.depth << ": " << graph.nodes.size()
      << (graph.nodes.size() == 1 ? " entity, " : " entities, ") << graph.edges.size()
      << (graph.edges.size() == 1 ? " edge" : " edges");
  if (graph.left_out > 0) out << " (" << graph.left_out << " more left out)";
  out << ". Click an entity to open it.</header>\n"
      << svg << "\n<script nonce=\"" << key << "\">" << kScript << "</script>\n</body>\n</html>\n";
  return out.str();
}

}  // namespace kgls
