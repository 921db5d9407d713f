package tree_sitter_kg_test

import (
	"testing"

	tree_sitter "github.com/smacker/go-tree-sitter"
	"github.com/tree-sitter/tree-sitter-kg"
)

func TestCanLoadGrammar(t *testing.T) {
	language := tree_sitter.NewLanguage(tree_sitter_kg.Language())
	if language == nil {
		t.Errorf("Error loading Kg grammar")
	}
}
