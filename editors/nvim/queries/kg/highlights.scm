; Syntax highlighting for .kg files.
;
; Capture names are the standard ones that Neovim 0.10 colour schemes style.
; Each node gets one capture from this file: Neovim lets the last matching
; pattern win and the tree-sitter CLI the first, so patterns that could hit
; the same node (a note string and a value string) are written to be disjoint.

(comment) @comment

; `KIND ID { ... }`: the kind reads as a type, the ID as the name being defined.
(entity
  kind: (identifier) @type
  id: (identifier) @constant)

(field
  key: (identifier) @property)

; `RELATION TARGET "note"`: the relation is user-declared (`relation extends {}`),
; so it is coloured as a name that does something, not as a fixed keyword;
; the target is an entity ID and looks like one.
(edge
  relation: (identifier) @function
  target: (identifier) @constant)

(edge
  note: (string) @string.special)

(field
  value: (string) @string)

(list
  (string) @string)

(text_block) @string

(escape_sequence) @string.escape

(number) @number

[
  (true)
  (false)
] @boolean

; A bare word value (`status: active`, `tags: [interpretability]`).
(field
  value: (identifier) @string.special.symbol)

(list
  (identifier) @string.special.symbol)

[
  "{"
  "}"
  "["
  "]"
] @punctuation.bracket

[
  ":"
  ","
] @punctuation.delimiter
