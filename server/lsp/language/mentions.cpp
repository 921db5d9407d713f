#include "lsp/language/mentions.hpp"

#include <algorithm>
#include <utility>

namespace kgls::lang {

namespace {

// Whether a typed edge joins the two entities, either way, in any of their definitions.
bool joined(const Workspace& ws, const std::string& a, const std::string& b) {
  for (const auto& [x, y] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
    for (const EntityRef& d : ws.definitions(*x))
      for (const Edge& e : d.entity->edges)
        if (e.target == *y) return true;
  }
  return false;
}

// A name of an entity, as the matcher holds it: its folded words and its owner's ID.
using NameKey = std::pair<std::vector<std::string>, std::string>;

void count_names(const Document& doc, int sign, std::map<NameKey, int>& names) {
  for (const Entity& e : doc.entities)
    for (const std::string& name : mention_names(e)) names[{name_words(name), e.id}] += sign;
}

void count_edges(const Document& doc, int sign, std::map<std::pair<std::string, std::string>, int>& edges) {
  for (const Entity& e : doc.entities)
    for (const Edge& g : e.edges) edges[{e.id, g.target}] += sign;
}

}  // namespace

void Mentions::reset() {
  built_ = false;
  matcher_ = NameMatcher();
  docs_.clear();
  mentioned_by_.clear();
}

void Mentions::forget(const std::string& path, Doc& doc) {
  for (const Mention& m : doc.mentions) {
    auto it = mentioned_by_.find(m.target);
    if (it == mentioned_by_.end()) continue;
    it->second.erase(path);
    if (it->second.empty()) mentioned_by_.erase(it);
  }
  doc.mentions.clear();
}

void Mentions::scan(Doc& doc) {
  doc.mentions = find_mentions(*doc.document, matcher_);
  for (const Mention& m : doc.mentions) mentioned_by_[m.target].insert(doc.document->path);
}

void Mentions::add_diagnostics(const Snapshot& snapshot, std::map<std::string, std::vector<Diagnostic>>& out) {
  std::lock_guard lock(mutex_);
  if (!snapshot.options.mentions) {
    reset();
    return;
  }
  const Workspace& ws = snapshot.workspace;
  const auto documents = ws.documents();  // Sorted by path, as docs_.

  // What changed since the state kept: documents gone, new, or with another text.
  std::vector<std::shared_ptr<const Document>> gone, added;
  {
    auto old = docs_.begin();
    for (const auto& d : documents) {
      while (old != docs_.end() && old->first < d->path) gone.push_back((old++)->second.document);
      if (old != docs_.end() && old->first == d->path) {
        if (old->second.document != d) {
          gone.push_back(old->second.document);
          added.push_back(d);
        }
        ++old;
      } else {
        added.push_back(d);
      }
    }
    for (; old != docs_.end(); ++old) gone.push_back(old->second.document);
  }

  std::set<std::string, std::less<>> rescan, refilter;
  if (!gone.empty() || !added.empty()) {
    std::map<NameKey, int> names;
    std::map<std::pair<std::string, std::string>, int> edges;
    for (const auto& d : gone) {
      count_names(*d, -1, names);
      count_edges(*d, -1, edges);
      matcher_.remove_document(*d);
      auto it = docs_.find(d->path);
      forget(it->first, it->second);
      docs_.erase(it);
    }
    for (const auto& d : added) {
      count_names(*d, +1, names);
      count_edges(*d, +1, edges);
      matcher_.add_document(*d);
    }
    for (const auto& d : added) {
      Doc& doc = docs_[d->path];
      doc.document = d;
      doc.words = text_word_filter(*d);
      rescan.insert(d->path);
    }
    if (built_) {
      // A name gone or new: the documents that named its entity, and those that may name it now.
      for (const auto& [name, count] : names) {
        if (count == 0) continue;
        if (auto it = mentioned_by_.find(name.second); it != mentioned_by_.end())
          rescan.insert(it->second.begin(), it->second.end());
        if (count > 0) {
          for (const auto& [path, doc] : docs_)
            if (!rescan.count(path) && may_contain(doc.words, name.first)) rescan.insert(path);
        }
      }
      // An edge gone or new: the mentions between its two ends are linked or unlinked now.
      for (const auto& [pair, count] : edges) {
        if (count == 0) continue;
        for (const std::string* id : {&pair.first, &pair.second})
          for (const EntityRef& d : ws.definitions(*id)) refilter.insert(d.document->path);
      }
    } else {
      for (const auto& [path, doc] : docs_) rescan.insert(path);
    }
    built_ = true;
  }

  for (const std::string& path : rescan) {
    Doc& doc = docs_.find(path)->second;
    forget(path, doc);
    scan(doc);
  }
  refilter.insert(rescan.begin(), rescan.end());
  for (const std::string& path : refilter) {
    auto it = docs_.find(path);
    if (it == docs_.end()) continue;
    Doc& doc = it->second;
    doc.unlinked.clear();
    for (const Mention& m : doc.mentions) {
      if (joined(ws, m.source, m.target)) continue;
      Diagnostic d;
      d.range = doc.document->lines.range(m.span);
      d.severity = Severity::Hint;
      d.code = "unlinked-mention";
      d.message = "`" + m.source + "` names `" + m.target + "`, but no edge joins them";
      d.data = m.target;
      doc.unlinked.push_back(std::move(d));
    }
  }

  for (const auto& [path, doc] : docs_) {
    if (doc.unlinked.empty()) continue;
    auto& list = out[path];
    list.insert(list.end(), doc.unlinked.begin(), doc.unlinked.end());
  }
}

void Mentions::add_mentioned_in(const Snapshot& snapshot, const std::string& id, CardData& card) {
  if (!snapshot.options.mentions) return;
  std::lock_guard lock(mutex_);
  auto by = mentioned_by_.find(id);
  if (by == mentioned_by_.end()) return;
  std::set<std::string> sources;
  for (const std::string& path : by->second) {
    auto doc = docs_.find(path);
    if (doc == docs_.end()) continue;
    for (const Mention& m : doc->second.mentions)
      if (m.target == id) sources.insert(m.source);
  }
  for (const std::string& source : sources) {
    // The mentions are those of the latest diagnostics: leave out what the snapshot changed.
    const EntityRef now = snapshot.workspace.find(source);
    if (!now.entity || joined(snapshot.workspace, source, id)) continue;
    card.mentioned_in.push_back({source, now.entity->title(), now.entity->kind});
  }
}

}  // namespace kgls::lang
