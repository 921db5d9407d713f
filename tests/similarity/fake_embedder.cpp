// A stand-in for a user's embedding program, for the `command` embedder's tests. It reads one
// JSON string per line and answers per mode (argv[1]):
//   ok       [length, number of spaces, 1] per line
//   object   {"embedding": [...]} per line
//   fail     writes a reason on stderr and exits 3
//   slow     sleeps 5 s before answering
//   short    answers one line fewer than it was given
//   garbage  answers text that is not JSON
//   noread   exits at once without reading its input
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "ok";
  if (mode == "noread") return 0;
  if (mode == "fail") {
    std::cerr << "model file not found: /nowhere/model.bin\n";
    return 3;
  }
  if (mode == "slow") std::this_thread::sleep_for(std::chrono::seconds(5));
  std::string line;
  bool first = true;
  while (std::getline(std::cin, line)) {
    if (mode == "short" && first) {
      first = false;
      continue;
    }
    size_t spaces = 0;
    for (const char c : line) spaces += c == ' ';
    // The line is a JSON string: its length minus the quotes approximates the text's.
    const std::string vec = "[" + std::to_string(line.size() - 2) + ", " + std::to_string(spaces) + ", 1]";
    if (mode == "garbage") {
      std::cout << "hello\n";
    } else if (mode == "object") {
      std::cout << "{\"embedding\": " << vec << "}\n";
    } else {
      std::cout << vec << "\n";
    }
    std::cout.flush();
  }
  return 0;
}
