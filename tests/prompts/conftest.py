"""Shared fixtures for the prompts tests: one compiled scorer per test session."""

from __future__ import annotations

import pytest

from aisec_cli.prompts.api import Scorer


@pytest.fixture(scope="session")
def rules_scorer() -> Scorer:
    """Rules only (the classifier is tested on its own)."""
    return Scorer(use_model=False)


@pytest.fixture(scope="session")
def scorer() -> Scorer:
    """Rules plus the bundled classifier (when its weights are present)."""
    return Scorer()
