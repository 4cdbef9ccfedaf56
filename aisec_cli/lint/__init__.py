"""`aisec lint`: unsafe use of AI APIs in Python and JavaScript/TypeScript code.

Pure entry point: :func:`lint_document` (one Document in, findings and scan errors out).
"""

from __future__ import annotations

from aisec_cli.lint.engine import active_rules, language_of, lint_document
from aisec_cli.lint.settings import LintSettings, Sanitizer

__all__ = ["LintSettings", "Sanitizer", "active_rules", "language_of", "lint_document"]
