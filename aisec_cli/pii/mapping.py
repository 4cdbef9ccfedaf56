"""The mapping file: placeholder -> original, so a model's answer can be restored.

The mapping *is* the personal data, so it is written like a key: created with mode 0600
through a temporary file in the same folder and an atomic link/rename, never over an
existing file unless asked, and encrypted (Fernet: AES-128-CBC + HMAC-SHA256) with a key
derived by scrypt from a passphrase when one is given. The salt is stored in the file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aisec_cli.core.atomic import NotRegularFile, write_atomic
from aisec_cli.core.errors import ConfigError
from aisec_cli.core.readcap import read_own_bytes
from aisec_cli.pii.redactor import Replacement

FORMAT = "aisec-pii-map"
ENCRYPTED_FORMAT = "aisec-pii-map+fernet"
VERSION = 1
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}
_SCRYPT_MAX = {"n": 2**20, "r": 32, "p": 16}  # far above what aisec writes; bounds a tampered file
MAX_MAP_BYTES = 256 * 1_048_576


class MappingError(Exception):
    """The mapping file cannot be read, written or decrypted (message shown as is)."""


def digest_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Mapping:
    """Tags and the originals they stand for.

    ``entries``: tag -> (entity, first spelling). ``tokens``: written token -> tag, for
    tokens that differ from their tag (a quoted tag in JSON). ``documents``: digest of a
    redacted output -> the spelling behind every tag occurrence whose tag stands for more
    than one spelling (``John@X.org`` and ``john@x.org`` share ``[EMAIL_1]``), so restoring
    that exact output gives back the input byte for byte. ``reserved``: tag-shaped strings
    the inputs already held (never issued, so not foreign to this mapping when restoring).
    """

    entries: dict[str, tuple[str, str]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    reserved: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, replacements: Iterable[Replacement]) -> dict[str, list[str]]:
        """Record replacements; returns, per tag, the spellings in order of occurrence."""
        spellings: dict[str, list[str]] = {}
        for item in replacements:
            if not item.tag:
                continue
            self.entries.setdefault(item.tag, (item.entity, item.original))
            if item.token != item.tag:
                self.tokens[item.token] = item.tag
            spellings.setdefault(item.tag, []).append(item.original)
        return spellings

    def add_document(self, redacted_digest: str, path: str, spellings: dict[str, list[str]]) -> None:
        variants = {
            tag: values
            for tag, values in spellings.items()
            if any(v != self.entries[tag][1] for v in values)
        }
        if variants:
            self.documents[redacted_digest] = {"path": path, "variants": variants}

    def knows(self, token: str) -> bool:
        """True for a tag of this mapping or a tag-shaped string its inputs already held."""
        upper = token.upper()
        return upper in self.reserved or any(t.upper() == upper for t in (*self.entries, *self.tokens))

    def original(self, tag: str) -> str | None:
        entry = self.entries.get(tag)
        return entry[1] if entry else None

    # ---- serialisation --------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "entries": {tag: {"entity": e, "value": v} for tag, (e, v) in self.entries.items()},
            "tokens": dict(self.tokens),
            "documents": self.documents,
            "reserved": sorted(self.reserved),
        }

    @classmethod
    def from_json(cls, data: Any) -> Mapping:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise MappingError("not an aisec mapping file")
        if data.get("version") != VERSION:
            raise MappingError(f"unsupported mapping file version {data.get('version')!r}")
        entries_raw = _expect(data.get("entries", {}), dict, "entries")
        tokens_raw = _expect(data.get("tokens", {}), dict, "tokens")
        documents_raw = _expect(data.get("documents", {}), dict, "documents")
        reserved_raw = _expect(data.get("reserved", []), list, "reserved")
        entries: dict[str, tuple[str, str]] = {}
        for tag, value in entries_raw.items():
            item = _expect(value, dict, f"entries[{tag!r}]")
            entity = _expect(item.get("entity"), str, f"entries[{tag!r}].entity")
            original = _expect(item.get("value"), str, f"entries[{tag!r}].value")
            entries[str(tag)] = (entity, original)
        tokens = {str(k): _expect(v, str, f"tokens[{k!r}]") for k, v in tokens_raw.items()}
        documents: dict[str, dict[str, Any]] = {}
        for digest, value in documents_raw.items():
            document = _expect(value, dict, "documents entry")
            variants = _expect(document.get("variants", {}), dict, "documents entry variants")
            for tag, spellings in variants.items():
                _expect(spellings, list, f"variants of {tag!r}")
                if not all(isinstance(v, str) for v in spellings):
                    raise MappingError(f"malformed mapping file (variants of {tag!r} must be strings)")
            documents[str(digest)] = {"path": str(document.get("path", "")), "variants": variants}
        reserved = {_expect(v, str, "reserved entry").upper() for v in reserved_raw}
        return cls(entries, tokens, documents, reserved)

    def merge(self, other: Mapping) -> None:
        for tag, entry in other.entries.items():
            self.entries.setdefault(tag, entry)
        self.tokens.update(other.tokens)
        self.documents.update(other.documents)
        self.reserved |= other.reserved


def _expect(value: Any, kind: type, what: str) -> Any:
    if not isinstance(value, kind):
        raise MappingError(f"malformed mapping file ({what} must be a {_KIND_NAMES[kind]})")
    return value


_KIND_NAMES = {dict: "JSON object", list: "JSON list", str: "string"}


# ---- encryption ---------------------------------------------------------------------------
def _fernet(passphrase: str, salt: bytes, params: dict[str, int]) -> Any:
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    kdf = Scrypt(salt=salt, length=32, n=params["n"], r=params["r"], p=params["p"])
    key = kdf.derive(passphrase.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(key))


def encode(mapping: Mapping, passphrase: str | None = None) -> bytes:
    plain = json.dumps(mapping.to_json(), ensure_ascii=False, indent=1).encode("utf-8", "surrogatepass")
    if not passphrase:
        return plain + b"\n"
    salt = os.urandom(16)
    token = _fernet(passphrase, salt, _SCRYPT).encrypt(plain)
    envelope = {
        "format": ENCRYPTED_FORMAT,
        "version": VERSION,
        "kdf": {"name": "scrypt", "salt": base64.b64encode(salt).decode("ascii"), **_SCRYPT},
        "ciphertext": token.decode("ascii"),
    }
    return json.dumps(envelope, indent=1).encode("ascii") + b"\n"


def decode(data: bytes, passphrase: str | None = None) -> Mapping:
    outer = _json(data)
    if isinstance(outer, dict) and outer.get("format") == ENCRYPTED_FORMAT:
        if not passphrase:
            raise MappingError("the mapping file is encrypted: give its key with --map-key-env VAR")
        outer = _json(_decrypt(outer, passphrase))
    return Mapping.from_json(outer)


def _json(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8", "surrogatepass"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise MappingError("the mapping file is not valid JSON") from None


def _decrypt(envelope: dict[str, Any], passphrase: str) -> bytes:
    """The plain mapping inside an encrypted one; tampered KDF settings are refused before use."""
    from cryptography.fernet import InvalidToken

    kdf = _expect(envelope.get("kdf"), dict, "kdf")
    token = _expect(envelope.get("ciphertext"), str, "ciphertext")
    try:
        salt = base64.b64decode(_expect(kdf.get("salt"), str, "kdf.salt"), validate=True)
        params = {name: kdf.get(name) for name in ("n", "r", "p")}
    except ValueError as exc:
        raise MappingError(f"malformed encrypted mapping file ({exc})") from None
    for name, value in params.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= _SCRYPT_MAX[name]:
            raise MappingError(f"malformed encrypted mapping file (scrypt {name} out of range)")
    if params["n"] & (params["n"] - 1) or params["n"] < 2:
        raise MappingError("malformed encrypted mapping file (scrypt n must be a power of two)")
    try:
        return _fernet(passphrase, salt, params).decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        raise MappingError("cannot decrypt the mapping file: wrong key or modified file") from None
    except (TypeError, ValueError, MemoryError) as exc:
        raise MappingError(f"malformed encrypted mapping file ({exc})") from None


# ---- files --------------------------------------------------------------------------------
def save(mapping: Mapping, path: Path, *, passphrase: str | None = None, force: bool = False) -> None:
    """Write ``mapping`` to ``path`` with mode 0600, atomically; refuse to overwrite unless ``force``.

    The target must be (or become) a regular file: a mapping holds the originals, so it is
    never written through to a device, FIFO or socket.
    """
    path = Path(path)
    payload = encode(mapping, passphrase)
    try:
        write_atomic(path, payload, 0o600, keep_existing_mode=False, exclusive=not force, regular_only=True)
    except FileExistsError:
        raise MappingError(f"{path} exists; use --force to overwrite it") from None
    except NotRegularFile:
        raise MappingError(f"{path} is not a regular file; a mapping file must be a regular file (mode 0600)") from None
    except OSError as exc:
        raise MappingError(f"cannot write {path}: {exc.strerror or exc}") from None


def load(path: Path, *, passphrase: str | None = None) -> Mapping:
    """Read and decode a mapping file: a regular file of at most ``MAX_MAP_BYTES`` (never
    ``/dev/zero`` read whole)."""
    try:
        data = read_own_bytes(path, "mapping file", MAX_MAP_BYTES)
    except ConfigError as exc:
        raise MappingError(str(exc)) from None
    return decode(data, passphrase)
