"""Loopback stand-ins for providers: a test CA, an HTTPS server, a CONNECT proxy, a transport.

Nothing here reaches the internet: the transport maps each provider host to the loopback
server (and refuses every other address), and certificates are made at run time.
"""

from __future__ import annotations

import datetime
import ipaddress
import select
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from aisec_cli.secrets import verifiers
from aisec_cli.secrets.transport import Address, Transport

LOOPBACK = "127.0.0.1"


def provider_hosts() -> list[str]:
    hosts = {h for info in verifiers.bundled().values() if info.check for h in info.check.hosts}
    return sorted(hosts | {"elsewhere.example.net"})


@dataclass(frozen=True)
class Pki:
    ca: Path
    cert: Path
    key: Path


def make_pki(folder: Path, hosts: list[str]) -> Pki:
    """A self-signed CA and a server certificate for ``hosts``, written to ``folder``."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "aisec test CA")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = [x509.DNSName(h) for h in hosts]
    names.append(x509.IPAddress(ipaddress.ip_address(LOOPBACK)))
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    pki = Pki(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    pki.ca.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    pki.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pki.key.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return pki


@dataclass
class Seen:
    host: str
    path: str
    headers: dict[str, str]


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes = b"{}"
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0


Behaviour = Callable[[Seen], Answer]


@dataclass
class FakeProvider:
    """An HTTPS server on the loopback address answering as ``behaviour`` says."""

    pki: Pki
    behaviour: Behaviour = lambda seen: Answer(200)
    seen: list[Seen] = field(default_factory=list)
    port: int = 0

    def start(self) -> FakeProvider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                seen = Seen(self.headers.get("Host", ""), self.path, {k.lower(): v for k, v in self.headers.items()})
                provider.seen.append(seen)
                answer = provider.behaviour(seen)
                if answer.delay:
                    threading.Event().wait(answer.delay)
                try:
                    self.send_response(answer.status)
                    for name, value in answer.headers:
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                except OSError:
                    pass

            def log_message(self, *args: object) -> None:
                pass

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.pki.cert, self.pki.key)
        self._server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
        self._server.daemon_threads = True
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@dataclass
class ConnectProxy:
    """A tiny HTTP CONNECT proxy that records each tunnel target and pipes it to ``upstream``."""

    upstream: int  # loopback port of the FakeProvider
    targets: list[str] = field(default_factory=list)
    authorizations: list[str] = field(default_factory=list)
    port: int = 0

    def start(self) -> ConnectProxy:
        self._sock = socket.create_server((LOOPBACK, 0))
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def _accept(self) -> None:
        self._sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                client, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(4096)
                if not chunk:
                    return
                head += chunk
            lines = head.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "proxy-authorization":
                    self.authorizations.append(value.strip())
            if method != "CONNECT":
                client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            self.targets.append(target)
            with socket.create_connection((LOOPBACK, self.upstream)) as upstream:
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                pair = [client, upstream]
                while True:
                    ready, _, _ = select.select(pair, [], [], 5)
                    if not ready:
                        return
                    for sock in ready:
                        data = sock.recv(65536)
                        if not data:
                            return
                        (upstream if sock is client else client).sendall(data)

    def stop(self) -> None:
        self._stop.set()
        self._sock.close()


def loopback_address_for(provider_port: int, passthrough: tuple[int, ...] = ()) -> Callable[[Address], Address]:
    """Every provider host on port 443 goes to the loopback server; loopback ports in
    ``passthrough`` (a test proxy, a closed port) are kept; anything else is refused."""
    known = set(provider_hosts())

    def address_for(address: Address) -> Address:
        host, port = address
        if host in known and port == 443:
            return (LOOPBACK, provider_port)
        if host == LOOPBACK and port in passthrough:
            return address
        raise ConnectionRefusedError(f"test transport: {host}:{port} is not reachable in tests")

    return address_for


def loopback_transport(
    pki: Pki, provider_port: int, timeout: float = 5.0, environ: dict[str, str] | None = None,
    passthrough: tuple[int, ...] = (),
) -> Transport:
    return Transport(
        timeout=timeout,
        context_factory=lambda: ssl.create_default_context(cafile=str(pki.ca)),
        address_for=loopback_address_for(provider_port, passthrough),
        environ=environ or {},
    )


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])
