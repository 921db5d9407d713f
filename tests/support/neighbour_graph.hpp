// A small graph whose neighbourhood ranking is easy to get wrong: `hub` has neighbours of
// three kinds (and one undeclared), and edge counts are arranged so that ranking by edge
// count differs from ranking by title and from file order. Shared by the index's query
// tests and the card's neighbourhood tests.
#pragma once

namespace kgls::test::neighbour_graph {

constexpr const char* kSchema = R"(
kind paper { plural: "Papers" }
kind method { plural: "Methods" }
kind concept {}
)";

constexpr const char* kGraph = R"(
paper hub {
  title: "The Hub"
  summary: "The centre"
  aliases: ["Central node"]
  uses m-few
  uses m-many
  cites p-zeta
  implements c-one
  related ghost
}

method m-few { title: "Aaa method" summary: "Has one edge" }
method m-many { title: "Zzz method" summary: "Has three edges" uses c-one }
paper p-alpha { title: "Alpha" summary: "Cites the hub" cites hub  extends hub "and extends it" }
paper p-zeta { title: "Zeta" summary: "Cited by the hub" }
concept c-one { title: "One" summary: "A concept" }
widget w1 { title: "Widget" summary: "An undeclared kind" uses hub uses m-many }
)";

}  // namespace kgls::test::neighbour_graph
