#include "fuzz_check.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

namespace kgls::fuzz {

namespace {

std::vector<std::string>& folders() {
  static std::vector<std::string> list;
  return list;
}

void remove_folders() {
  std::error_code ec;
  for (const auto& f : folders()) std::filesystem::remove_all(f, ec);
}

}  // namespace

std::string scratch_folder(const char* name) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/kgls-fuzz-" + name + "-XXXXXX";
  if (!::mkdtemp(pattern.data())) return {};
  if (folders().empty()) std::atexit(remove_folders);
  folders().push_back(pattern);
  return pattern;
}

bool write_text(const std::string& path, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

}  // namespace kgls::fuzz
