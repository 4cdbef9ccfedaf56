"""HTTPS for live key checks: one GET to a named host, TLS verified end to end, no redirects.

Standard library only: ``http.client`` over an ``ssl.create_default_context()`` context (the
system trust store, host names checked). When the user's ``https_proxy``/``HTTPS_PROXY`` is
set (and ``no_proxy``/``NO_PROXY`` does not exclude the host), the connection goes through
the proxy as a CONNECT tunnel, so TLS still runs between aisec and the provider.

The only seam is :attr:`Transport.address_for` (where the TCP connection is opened) and
:attr:`Transport.context_factory`, set by code, never by a setting or variable: tests use
them to reach a loopback server with a test certificate.
"""

from __future__ import annotations

import base64
import http.client
import os
import socket
import ssl
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

HTTPS_PORT = 443
MAX_BODY = 64 * 1024
DEADLINE_FACTOR = 2  # the whole exchange: at most twice the per-operation timeout

Address = tuple[str, int]


@dataclass(frozen=True, slots=True)
class Request:
    host: str
    target: str  # path and query
    headers: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: bytes  # at most MAX_BODY bytes
    redirect: bool = False


class TransportError(Exception):
    """The request could not be made or answered (network, TLS, proxy, timeout)."""


@dataclass(frozen=True, slots=True)
class Proxy:
    host: str
    port: int
    authorization: str | None = None


def _same_address(address: Address) -> Address:
    return address


def proxy_for(host: str, environ: Mapping[str, str]) -> Proxy | None:
    """The HTTPS proxy the user's environment names for ``host``, if any."""
    url = environ.get("https_proxy") or environ.get("HTTPS_PROXY") or ""
    if not url.strip():
        return None
    no_proxy = environ.get("no_proxy") or environ.get("NO_PROXY") or ""
    if no_proxy and urllib.request.proxy_bypass_environment(host, {"no": no_proxy}):
        return None
    if "://" not in url:
        url = "http://" + url
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme.lower() != "http":
        raise TransportError(f"proxy scheme {parts.scheme!r} is not supported (use an http:// proxy)")
    if not parts.hostname:
        raise TransportError("the proxy variable names no host")
    try:
        port = parts.port or 80
    except ValueError:
        raise TransportError("the proxy variable has an invalid port") from None
    auth = None
    if parts.username is not None:
        user = urllib.parse.unquote(parts.username)
        password = urllib.parse.unquote(parts.password or "")
        auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return Proxy(parts.hostname, port, auth)


class _Connection(http.client.HTTPSConnection):
    """An HTTPS connection whose TCP socket is opened at ``address_for((host, port))``."""

    def __init__(
        self, host: str, port: int, timeout: float, context: ssl.SSLContext, address_for: Callable[[Address], Address]
    ) -> None:
        super().__init__(host, port, timeout=timeout, context=context)

        def connect(address: Address, timeout: float | None = None, source: Address | None = None) -> socket.socket:
            return socket.create_connection(address_for(address), timeout, source)

        self._create_connection = connect


def _cut(conn: http.client.HTTPSConnection, expired: threading.Event) -> None:
    """Stop an exchange that ran past its deadline (wakes a blocked read)."""
    expired.set()
    sock = conn.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


@dataclass
class Transport:
    """Sends one GET and reads the status and the start of the body."""

    timeout: float = 10.0
    context_factory: Callable[[], ssl.SSLContext] = ssl.create_default_context
    address_for: Callable[[Address], Address] = _same_address
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)

    def get(self, request: Request) -> Response:
        context = self.context_factory()
        if context.verify_mode != ssl.CERT_REQUIRED or not context.check_hostname:
            raise TransportError("refusing a TLS context that does not verify the provider")
        proxy = proxy_for(request.host, self.environ)
        if proxy is None:
            conn = _Connection(request.host, HTTPS_PORT, self.timeout, context, self.address_for)
        else:
            conn = _Connection(proxy.host, proxy.port, self.timeout, context, self.address_for)
            tunnel_headers = {"Proxy-Authorization": proxy.authorization} if proxy.authorization else None
            conn.set_tunnel(request.host, HTTPS_PORT, headers=tunnel_headers)
        headers = {"Accept": "application/json", "Connection": "close", **dict(request.headers)}
        # Per-operation timeouts do not stop a server that drips a byte at a time: a watchdog
        # shuts the socket down once the whole exchange has taken DEADLINE_FACTOR × timeout.
        expired = threading.Event()
        watchdog = threading.Timer(self.timeout * DEADLINE_FACTOR, _cut, (conn, expired))
        watchdog.daemon = True
        watchdog.start()
        try:
            conn.request("GET", request.target, headers=headers)
            response = conn.getresponse()
            body = response.read(MAX_BODY)
            if expired.is_set():
                raise TimeoutError
            return Response(response.status, body, redirect=300 <= response.status < 400)
        except ssl.SSLCertVerificationError:
            raise TransportError("TLS certificate not trusted for the host") from None
        except ssl.SSLError:
            raise TransportError("TLS handshake failed") from None
        except TimeoutError:
            raise TransportError("timed out") from None
        except socket.gaierror:
            raise TransportError("host name not resolved (no network?)") from None
        except ConnectionRefusedError:
            raise TransportError("connection refused") from None
        except (OSError, http.client.HTTPException) as exc:
            if expired.is_set():
                raise TransportError("timed out") from None
            message = "proxy refused the tunnel" if proxy is not None and "Tunnel" in str(exc) else type(exc).__name__
            raise TransportError(message) from None
        finally:
            watchdog.cancel()
            conn.close()
