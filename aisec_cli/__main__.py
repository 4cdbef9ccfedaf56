"""``python -m aisec_cli``."""

from __future__ import annotations

import sys

from aisec_cli.cli import main

sys.exit(main())
