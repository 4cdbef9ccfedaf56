"""Published sample values (SDK examples, providers' docs) that are never reported as keys.

The list is data: ``rules/sample-values.yaml`` holds the SHA-256 of each value with its source,
so neither the tree nor memory dumps of the rule file carry the key-shaped strings themselves.
"""

from __future__ import annotations

import hashlib
from functools import cache

from aisec_cli.core.errors import ConfigError
from aisec_cli.core.rules import parse_file_document, rules_dir, schema_problem

SAMPLES_FILE = "sample-values.yaml"


def _validate(document: object, origin: str) -> None:
    problem = schema_problem(document, "sample-values")
    if problem is not None:
        raise ConfigError(f"{origin}: invalid sample-values file {problem}")


def parse_samples(text: str, origin: str, trusted: bool = False) -> frozenset[str]:
    """The digests listed in a sample-values document (validated against its schema unless
    ``trusted``: the bundled file, whose schema check runs in the test suite, not at every start)."""
    document = parse_file_document(text, origin, trusted)  # the bundled file: disk-cached parse
    if not trusted:
        _validate(document, origin)
    return frozenset(str(entry["sha256"]) for entry in document["samples"])


@cache
def published_sample_digests() -> frozenset[str]:
    """SHA-256 digests of the bundled published sample values (empty if the file is absent)."""
    path = rules_dir() / SAMPLES_FILE
    if not path.exists():
        return frozenset()
    return parse_samples(path.read_text(encoding="utf-8"), path.name, trusted=True)


def digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def is_published_sample(value: str, digests: frozenset[str] | None = None) -> bool:
    """True when ``value`` is one of the published sample values."""
    known = published_sample_digests() if digests is None else digests
    return bool(known) and digest(value) in known
