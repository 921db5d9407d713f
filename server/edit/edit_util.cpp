// Shared helpers of the edit layer.
#include "edit/edit_util.hpp"

#include <algorithm>
#include <tuple>

namespace kgls::edit {

void sort_edits(WorkspaceEdit& edit) {
  std::stable_sort(edit.edits.begin(), edit.edits.end(), [](const FileEdit& a, const FileEdit& b) {
    return std::tie(a.path, a.span.begin, a.span.end) < std::tie(b.path, b.span.begin, b.span.end);
  });
}

bool overlapping(const WorkspaceEdit& edit) {
  for (size_t i = 1; i < edit.edits.size(); ++i) {
    const FileEdit& a = edit.edits[i - 1];
    const FileEdit& b = edit.edits[i];
    if (a.path != b.path) continue;
    // Two insertions at one offset would leave their order to the applier: not allowed either.
    if (b.span.begin < a.span.end || (a.span == b.span && a.span.begin == a.span.end)) return true;
  }
  return false;
}

}  // namespace kgls::edit
