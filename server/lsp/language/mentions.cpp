#include "lsp/language/mentions.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <utility>

#include <boost/asio/post.hpp>

namespace kgls::lang {

namespace asio = boost::asio;

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

// What a document's change brings in and takes out, entity by entity: the names and edges
// counted (+1 in, -1 out), and the matcher's names taken out and put in.
struct Delta {
  std::map<NameKey, int> names;
  std::map<std::pair<std::string, std::string>, int> edges;

  void count(const Entity& e, int sign) {
    for (const std::string& name : mention_names(e)) names[{name_words(name), e.id}] += sign;
    for (const Edge& g : e.edges) edges[{e.id, g.target}] += sign;
  }
};

std::string_view source_of(const Document& doc, const Entity& e) {
  return std::string_view(doc.text).substr(e.range.bytes.begin, e.range.bytes.end - e.range.bytes.begin);
}

// The entities of `old` and `now` (two versions of one file) whose text differs, the others
// being the same: a keystroke changes one entity of a thousand. Empty optional when an ID
// that changed is defined twice in the file (the matcher holds such a name once for both).
std::optional<std::pair<std::vector<const Entity*>, std::vector<const Entity*>>> changed_entities(
    const Document& old, const Document& now) {
  std::unordered_multimap<std::string_view, const Entity*> before;
  for (const Entity& e : old.entities) before.emplace(e.id, &e);
  std::pair<std::vector<const Entity*>, std::vector<const Entity*>> out;
  for (const Entity& e : now.entities) {
    auto [first, last] = before.equal_range(e.id);
    auto same = std::find_if(first, last, [&](const auto& o) { return source_of(old, *o.second) == source_of(now, e); });
    if (same != last) {
      before.erase(same);
    } else {
      out.second.push_back(&e);
    }
  }
  for (const auto& [id, e] : before) out.first.push_back(e);
  std::unordered_map<std::string_view, int> in_old, in_now;
  for (const Entity& e : old.entities) ++in_old[e.id];
  for (const Entity& e : now.entities) ++in_now[e.id];
  for (const auto* list : {&out.first, &out.second})
    for (const Entity* e : *list)
      if (in_old[e->id] > 1 || in_now[e->id] > 1) return std::nullopt;
  return out;
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

void Mentions::retarget(const std::string& path, const std::vector<Mention>& before,
                        const std::vector<Mention>& now) {
  std::unordered_map<std::string_view, std::pair<size_t, size_t>> count;  // Before, now.
  for (const Mention& m : before) ++count[m.target].first;
  for (const Mention& m : now) ++count[m.target].second;
  for (const auto& [target, n] : count) {
    if (n.first > 0 && n.second == 0) {
      auto it = mentioned_by_.find(std::string(target));
      if (it == mentioned_by_.end()) continue;
      it->second.erase(path);
      if (it->second.empty()) mentioned_by_.erase(it);
    } else if (n.first == 0 && n.second > 0) {
      mentioned_by_[std::string(target)].insert(path);
    }
  }
}

const std::vector<uint64_t>& Mentions::words_of(Doc& doc) {
  if (!doc.words_made) {
    doc.words = text_word_filter(*doc.document);
    doc.words_made = true;
  }
  return doc.words;
}

void Mentions::scan(Doc& doc) {
  doc.mentions = find_mentions(*doc.document, matcher_);
  doc.linked.assign(doc.mentions.size(), -1);
}

void Mentions::rescan_from(Doc& doc, const Document& old, const std::vector<Mention>& old_mentions,
                           const std::vector<int8_t>& old_linked) {
  const Document& now = *doc.document;
  std::unordered_map<std::string_view, const Entity*> before;
  for (const Entity& e : old.entities) before.emplace(e.id, &e);  // The first, as find_mentions' self.
  std::unordered_map<std::string_view, std::vector<size_t>> by_source;
  for (size_t i = 0; i < old_mentions.size(); ++i) by_source[old_mentions[i].source].push_back(i);
  doc.mentions.clear();
  doc.linked.clear();
  for (const Entity& e : now.entities) {
    auto o = before.find(e.id);
    bool same = o != before.end() && o->second->kind == e.kind;
    std::vector<Span> a, b;
    if (same) {
      a = text_spans(*o->second);
      b = text_spans(e);
      same = a.size() == b.size();
      for (size_t i = 0; same && i < a.size(); ++i)
        same = old.text.compare(a[i].begin, a[i].end - a[i].begin, now.text, b[i].begin, b[i].end - b[i].begin) == 0;
    }
    if (!same) {
      find_mentions(now, e, matcher_, doc.mentions);
      doc.linked.resize(doc.mentions.size(), -1);
      continue;
    }
    before.erase(o);  // A second entity with this ID is read afresh.
    if (auto ms = by_source.find(e.id); ms != by_source.end()) {
      for (const size_t k : ms->second) {
        const Mention* m = &old_mentions[k];
        for (size_t i = 0; i < a.size(); ++i) {
          if (m->span.begin < a[i].begin || m->span.end > a[i].end) continue;
          const int64_t shift = int64_t{b[i].begin} - int64_t{a[i].begin};
          doc.mentions.push_back({m->source, m->target,
                                  Span{static_cast<uint32_t>(m->span.begin + shift), static_cast<uint32_t>(m->span.end + shift)}});
          doc.linked.push_back(k < old_linked.size() ? old_linked[k] : int8_t{-1});
          break;
        }
      }
      by_source.erase(ms);
    }
  }
}

Mentions::Mentions() { run_at_low_priority(builder_); }

Mentions::~Mentions() { stop(); }

void Mentions::stop() {
  stopping_ = true;
  builder_.join();
}

void Mentions::wait_idle() { drain(builder_); }

void Mentions::add_diagnostics(const Snapshot& snapshot, DiagnosticLayer& out) {
  // The first build runs (it holds the lock): no hints yet. Only this function starts one,
  // under the lock, so a build cannot begin between this test and the lock.
  if (building_) return;
  std::lock_guard lock(mutex_);
  if (!snapshot.options.mentions) {
    reset();
    return;
  }
  if (!built_ && on_built_) {
    size_t entities = 0;
    for (const auto& d : snapshot.workspace.documents()) entities += d->entities.size();
    if (entities > kBuildAtOnceUpTo) {
      // Off the diagnostics' path: the workspace's other diagnostics do not wait for it.
      building_ = true;
      asio::post(builder_, [this, copy = std::make_shared<const Snapshot>(snapshot)] {
        {
          std::lock_guard l(mutex_);
          update(*copy);
          building_ = false;
        }
        if (!stopping_) on_built_();
      });
      return;
    }
  }
  update(snapshot);
  for (const auto& [path, doc] : docs_)
    if (doc.unlinked && !doc.unlinked->empty()) out.emplace(path, doc.unlinked);
}

void Mentions::update(const Snapshot& snapshot) {
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
  // The old text and mentions of each changed document: with no name changed anywhere, its
  // unchanged entities keep their mentions (rescan_from()).
  struct Previous {
    std::shared_ptr<const Document> document;
    std::vector<Mention> mentions;
    std::vector<int8_t> linked;
  };
  std::map<std::string, Previous, std::less<>> previous;
  // The edges that come or go (both ways): the mentions between their ends are asked again.
  std::set<std::pair<std::string_view, std::string_view>> edges_changed;
  Delta delta;
  bool names_changed = !built_;
  if (!gone.empty() || !added.empty()) {
    // A file with a new text: only its changed entities leave and enter (when it can tell).
    std::map<std::string_view, std::pair<std::vector<const Entity*>, std::vector<const Entity*>>> edited;
    std::map<std::string_view, const Document*> new_text;
    for (const auto& d : added) new_text.emplace(d->path, d.get());
    if (built_) {
      for (const auto& d : gone) {
        auto now = new_text.find(d->path);
        if (now == new_text.end()) continue;
        if (auto changed = changed_entities(*d, *now->second)) edited.emplace(d->path, std::move(*changed));
      }
    }
    for (const auto& d : gone) {
      if (auto e = edited.find(d->path); e != edited.end()) {
        for (const Entity* entity : e->second.first) {
          delta.count(*entity, -1);
          for (const std::string& name : mention_names(*entity)) matcher_.remove(name_words(name), {entity->id, d->path});
        }
      } else {
        for (const Entity& entity : d->entities) delta.count(entity, -1);
        matcher_.remove_document(*d);
      }
      auto it = docs_.find(d->path);
      if (new_text.count(d->path)) {
        // A new text: mentioned_by_ is told the difference once the new mentions are known.
        previous.emplace(d->path, Previous{d, std::move(it->second.mentions), std::move(it->second.linked)});
      } else {
        forget(it->first, it->second);
      }
      docs_.erase(it);
    }
    for (const auto& d : added) {
      if (auto e = edited.find(d->path); e != edited.end()) {
        for (const Entity* entity : e->second.second) {
          delta.count(*entity, +1);
          for (const std::string& name : mention_names(*entity)) matcher_.add(name_words(name), {entity->id, d->path});
        }
      } else {
        for (const Entity& entity : d->entities) delta.count(entity, +1);
        matcher_.add_document(*d);
      }
    }
    const auto& names = delta.names;
    const auto& edges = delta.edges;
    for (const auto& d : added) {
      Doc& doc = docs_[d->path];
      doc.document = d;
      rescan.insert(d->path);
    }
    for (const auto& [name, count] : names)
      if (count != 0) names_changed = true;
    if (built_) {
      // A name gone or new: the documents that named its entity, and those that may name it now.
      for (const auto& [name, count] : names) {
        if (count == 0) continue;
        if (auto it = mentioned_by_.find(name.second); it != mentioned_by_.end())
          rescan.insert(it->second.begin(), it->second.end());
        if (count > 0) {
          for (auto& [path, doc] : docs_)
            if (!rescan.count(path) && may_contain(words_of(doc), name.first)) rescan.insert(path);
        }
      }
      // An edge gone or new: the mentions between its two ends are linked or unlinked now.
      for (const auto& [pair, count] : edges) {
        if (count == 0) continue;
        for (const std::string* id : {&pair.first, &pair.second})
          for (const EntityRef& d : ws.definitions(*id)) refilter.insert(d.document->path);
        edges_changed.emplace(pair.first, pair.second);
        edges_changed.emplace(pair.second, pair.first);
      }
    } else {
      for (const auto& [path, doc] : docs_) rescan.insert(path);
    }
    built_ = true;
  }

  for (const std::string& path : rescan) {
    if (stopping_) return;  // Left half-built: nothing reads it after stop().
    Doc& doc = docs_.find(path)->second;
    auto p = previous.find(path);
    std::vector<Mention> before = p != previous.end() ? std::move(p->second.mentions) : std::move(doc.mentions);
    if (p != previous.end() && !names_changed) {
      rescan_from(doc, *p->second.document, before, p->second.linked);
    } else {
      scan(doc);
    }
    retarget(path, before, doc.mentions);
  }
  refilter.insert(rescan.begin(), rescan.end());
  for (const std::string& path : refilter) {
    auto it = docs_.find(path);
    if (it == docs_.end()) continue;
    Doc& doc = it->second;
    doc.linked.resize(doc.mentions.size(), -1);
    for (size_t i = 0; i < doc.mentions.size(); ++i) {
      const Mention& m = doc.mentions[i];
      if (doc.linked[i] < 0 || edges_changed.count({m.source, m.target}))
        doc.linked[i] = joined(ws, m.source, m.target) ? 1 : 0;
    }
    std::vector<Diagnostic> unlinked;
    for (size_t i = 0; i < doc.mentions.size(); ++i) {
      const Mention& m = doc.mentions[i];
      if (doc.linked[i]) continue;
      Diagnostic d;
      d.range = doc.document->lines.range(m.span);
      d.severity = Severity::Hint;
      d.code = "unlinked-mention";
      d.message = "`" + m.source + "` names `" + m.target + "`, but no edge joins them";
      d.data = m.target;
      unlinked.push_back(std::move(d));
    }
    // The same hints as before keep their list: the file is not published again.
    doc.unlinked = keep_if_same(doc.unlinked, std::move(unlinked));
  }
}

void Mentions::add_mentioned_in(const Snapshot& snapshot, const std::string& id, CardData& card) {
  if (!snapshot.options.mentions) return;
  // A hover does not wait for the first build (which holds the lock throughout).
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock) {
    if (building_) return;
    lock.lock();
  }
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
