"""The file names the aisec-prompts commit hook selects: its `files:` pattern, read by `--prompt-files-only` too."""

from __future__ import annotations

PROMPT_FILES = r"(^|/)(prompts?|system[-_]?prompts?)/|\.(prompt|prompty|jinja2?|j2)$|(^|/)[^/]*prompt[^/]*\.(txt|md|ya?ml|json)$"
