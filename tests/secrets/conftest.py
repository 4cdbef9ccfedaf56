"""Fixtures of the verify tests: a run-time PKI and a loopback HTTPS provider."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.secrets.verify_support import FakeProvider, Pki, make_pki, provider_hosts


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"), provider_hosts())


@pytest.fixture
def provider(pki: Pki) -> Iterator[FakeProvider]:
    server = FakeProvider(pki).start()
    yield server
    server.stop()
