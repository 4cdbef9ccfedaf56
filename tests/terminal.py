"""Reading what a program wrote to a pseudo-terminal, for the tests that drive one."""

from __future__ import annotations

import os


def read_until_closed(leader: int) -> bytes:
    """Everything still to come on the terminal's leader side, until the program closes it."""
    data = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # Linux reports the closed follower side as EIO
            break
        if not chunk:
            break
        data += chunk
    return data
