// A workspace built from annotated sources, for in-process feature tests.
#pragma once
#include <map>
#include <string>
#include <string_view>

#include "annotations.hpp"
#include "kgls/workspace.hpp"

namespace kgls::test {

class TestWorkspace {
 public:
  /// Parses the code of `annotated` as the file at `path` and adds it.
  const Annotations& add(const std::string& path, std::string_view annotated) {
    files_.erase(path);
    auto it = files_.emplace(path, Annotations(annotated)).first;
    workspace_.set_document(parse_document(path, it->second.code()));
    return it->second;
  }
  const Annotations& file(const std::string& path) const { return files_.at(path); }
  const Workspace& workspace() const { return workspace_; }
  const Document& document(const std::string& path) const { return *workspace_.document(path); }

 private:
  std::map<std::string, Annotations> files_;
  Workspace workspace_;
};

}  // namespace kgls::test
