; Regions an editor can fold: entity bodies, lists and text blocks that span lines.
[
  (entity)
  (list)
  (text_block)
] @fold
