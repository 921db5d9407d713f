; IDs are global to the workspace; within one file the file is the only scope.
; An edge's target refers to an entity's ID, possibly one defined in another file.
(source_file) @local.scope

(entity
  id: (identifier) @local.definition)

(edge
  target: (identifier) @local.reference)
