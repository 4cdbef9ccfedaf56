"""Run the real ``aisec`` CLI with its verification transport pointed at a loopback server.

``python -m tests.secrets.verify_runner PLAN.json ARGS…`` — the plan (written by the test)
names the loopback port, the test CA and a log file; every network connection the process
attempts is written to that log, and any address other than the loopback is refused.
This is test code: aisec itself has no setting or variable that redirects a key.
"""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path
from typing import Any


def _guard(log: Path) -> None:
    original = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            with log.open("a", encoding="utf-8") as out:
                out.write(json.dumps([str(address[0]), int(address[1])]) + "\n")
            if address[0] not in ("127.0.0.1", "::1"):
                raise ConnectionRefusedError("tests never leave the loopback address")
        return original(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign]


def main() -> int:
    plan = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    _guard(Path(plan["log"]))
    if plan.get("port") is not None:
        from aisec_cli.secrets import verify
        from tests.secrets.verify_support import Pki, loopback_transport

        pki = Pki(Path(plan["ca"]), Path(plan["ca"]), Path(plan["ca"]))
        passthrough = tuple(plan.get("passthrough", ()))

        def make(options: verify.Options) -> Any:
            import os

            transport = loopback_transport(pki, plan["port"], plan.get("timeout", 5.0), dict(os.environ), passthrough)
            transport.timeout = plan.get("timeout", options.timeout)
            return transport

        verify.make_transport = make
    from aisec_cli.cli import main as cli_main

    return cli_main(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
