"""aisec: security audits for software built on AI APIs."""

from __future__ import annotations

__version__ = "0.1.0"
