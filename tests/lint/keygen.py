"""Key-shaped strings for the lint fixtures, built at run time by the shared key factory.

No committed file may hold a literal that looks like a real provider key, so fixtures write
placeholders (``{{KEY:openai}}``) and the tests (and bench/lint_eval.py) substitute values.
This module imports by file path too (the eval script loads it without the tests package).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

_PLACEHOLDER = re.compile(r"\{\{KEY:([a-z_]+)\}\}")


def _factory_class():  # type: ignore[no-untyped-def]
    try:
        from tests.keyfactory import KeyFactory

        return KeyFactory
    except ImportError:
        path = Path(__file__).resolve().parents[1] / "keyfactory.py"
        spec = importlib.util.spec_from_file_location("_aisec_keyfactory", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module.KeyFactory


_METHODS = {
    "openai": "openai_project",
    "openai_legacy": "openai_legacy",
    "anthropic": "anthropic",
    "google": "google",
    "groq": "groq",
    "hf": "huggingface",
    "aws": "aws_access_key_id",
    "posthog": "posthog_project",
    "supabase_anon": "supabase_anon",
}


def make_key(provider: str, seed: int = 0) -> str:
    factory = _factory_class()(seed=7000 + seed)
    if provider in _METHODS:
        return str(getattr(factory, _METHODS[provider])())
    if provider == "cohere":
        return str(factory.chars(40))
    if provider == "mistral":
        return str(factory.chars(32))
    raise ValueError(f"no key shape for {provider!r}")


def expand(text: str) -> str:
    """Replace ``{{KEY:provider}}`` placeholders with generated keys."""
    counter = iter(range(1000))
    return _PLACEHOLDER.sub(lambda m: make_key(m.group(1), next(counter)), text)
