// `kgls format [--check | --write] [--width N] [PATH...]`: the canonical layout of .kg files.
// Prints by default; writes a file only when --write is given.
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/workspace_loader.hpp"
#include "kgls/edit.hpp"
#include "kgls/files.hpp"
#include "kgls/model.hpp"

namespace fs = std::filesystem;

namespace kgls::cli {

namespace {

const char* kFormatHelp = R"(usage: kgls format [--check | --write] [--width N] [PATH...]

Lays out .kg files in the canonical layout (docs/formatting.md): two-space indents,
one member per line, one blank line between entities, short lists on one line, text
blocks re-indented; comments, strings and every other token kept as written.
PATH is a file, a folder (every .kg file under it, honouring .kgignore) or `-` for
standard input, the default.

  (no option)  print the formatted text of one file to standard output
  --check      list the files that are not formatted, and exit 1 if there are any
  --write      rewrite the files that are not formatted, and list them
  --width N    how wide a line a list may fill and stay on one line (default 100)

Nothing is written without --write. A file with syntax errors keeps all of its text:
only its entities without errors are laid out.
Exit: 0 done, 1 --check found files to format, 2 usage or I/O problem.
)";

struct Input {
  std::string shown;  // As the user reads it.
  fs::path path;      // Empty for standard input.
};

// Replaces the file through a temporary in the same folder, so a crash or a full disk never
// leaves it half written; the file's permissions are kept.
bool replace_file(const fs::path& path, const std::string& text, std::string& error) {
  const fs::path temp = path.parent_path() / ("." + path.filename().string() + ".kgls-format.tmp");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      fs::remove(temp, ignored);
      error = "cannot write " + temp.string();
      return false;
    }
  }
  std::error_code ec;
  const auto permissions = fs::status(path, ec).permissions();
  if (!ec) fs::permissions(temp, permissions, ec);
  fs::rename(temp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    error = "cannot replace " + path.string() + ": " + ec.message();
    return false;
  }
  return true;
}

}  // namespace

int run_format(const Args& args) {
  enum class Mode { Print, Check, Write } mode = Mode::Print;
  FormatOptions options;
  std::vector<std::string> paths;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (options_done || a == "-" || a.empty() || a[0] != '-') {
      paths.push_back(a);
    } else if (a == "--") {
      options_done = true;
    } else if (a == "--help" || a == "-h") {
      std::cout << kFormatHelp;
      return 0;
    } else if (a == "--check" || a == "--write") {
      const Mode m = a == "--check" ? Mode::Check : Mode::Write;
      if (mode != Mode::Print && mode != m) {
        std::cerr << "kgls format: --check and --write exclude each other\n";
        return 2;
      }
      mode = m;
    } else if (a == "--width" || a.rfind("--width=", 0) == 0) {
      std::string value;
      if (a == "--width") {
        if (i + 1 >= args.size()) {
          std::cerr << "kgls format: --width needs a number\n";
          return 2;
        }
        value = args[++i];
      } else {
        value = a.substr(8);
      }
      uint32_t width = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), width);
      if (ec != std::errc() || ptr != value.data() + value.size() || width == 0) {
        std::cerr << "kgls format: --width needs a positive number, not `" << value << "`\n";
        return 2;
      }
      options.max_width = width;
    } else {
      std::cerr << "kgls format: unknown option '" << a << "' (try `kgls format --help`)\n";
      return 2;
    }
  }
  if (paths.empty()) paths.push_back("-");

  int status = 0;
  std::vector<Input> inputs;
  for (const auto& p : paths) {
    if (p == "-") {
      if (mode == Mode::Write) {
        std::cerr << "kgls format: --write needs files, not standard input\n";
        return 2;
      }
      inputs.push_back({"<stdin>", {}});
      continue;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      std::cerr << "kgls format: " << p << ": no such file or folder\n";
      status = 2;
    } else if (fs::is_directory(st)) {
      FileScan scan = find_kg_files(p);
      for (const auto& e : scan.errors) std::cerr << "kgls format: " << e << "\n";
      if (!scan.errors.empty()) status = 2;
      for (const auto& f : scan.files) inputs.push_back({display_path(f), f});
    } else {
      inputs.push_back({display_path(p), p});
    }
  }
  if (mode == Mode::Print && inputs.size() != 1) {
    if (status == 0) {
      std::cerr << "kgls format: printing takes one file (found " << inputs.size()
                << "); use --check or --write for several\n";
    }
    return 2;
  }

  size_t unformatted = 0;
  for (const auto& input : inputs) {
    std::string text, error;
    if (input.path.empty()) {
      text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else if (!read_file(input.path, text, error)) {
      std::cerr << "kgls format: " << error << "\n";
      status = 2;
      continue;
    }
    const auto doc = parse_document(input.shown, std::move(text));
    const std::string formatted = format_document(*doc, options);
    const bool syntax_errors = !doc->diagnostics.empty();
    if (syntax_errors) {
      std::cerr << "kgls format: " << input.shown
                << ": has syntax errors; only its entities without errors are laid out (`kgls check` lists them)\n";
    }
    if (mode == Mode::Print) {
      std::fwrite(formatted.data(), 1, formatted.size(), stdout);
      continue;
    }
    if (formatted == doc->text) continue;
    ++unformatted;
    if (mode == Mode::Write && !replace_file(input.path, formatted, error)) {
      std::cerr << "kgls format: " << error << "\n";
      status = 2;
      continue;
    }
    std::cout << input.shown << "\n";
  }
  if (status != 0) return status;
  return mode == Mode::Check && unformatted > 0 ? 1 : 0;
}

}  // namespace kgls::cli
