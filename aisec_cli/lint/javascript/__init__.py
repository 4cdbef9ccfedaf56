"""JavaScript / TypeScript analyser (tree-sitter)."""
