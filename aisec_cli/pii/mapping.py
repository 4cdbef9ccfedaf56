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
from aisec_cli.pii.redactor import Replacement

FORMAT = "aisec-pii-map"
ENCRYPTED_FORMAT = "aisec-pii-map+fernet"
VERSION = 1
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}


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
    that exact output gives back the input byte for byte.
    """

    entries: dict[str, tuple[str, str]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)

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
        }

    @classmethod
    def from_json(cls, data: Any) -> Mapping:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise MappingError("not an aisec mapping file")
        if data.get("version") != VERSION:
            raise MappingError(f"unsupported mapping file version {data.get('version')!r}")
        try:
            entries = {str(t): (str(v["entity"]), str(v["value"])) for t, v in data.get("entries", {}).items()}
            tokens = {str(k): str(v) for k, v in data.get("tokens", {}).items()}
            documents = dict(data.get("documents", {}))
        except (TypeError, KeyError, AttributeError) as exc:
            raise MappingError(f"malformed mapping file ({exc})") from None
        return cls(entries, tokens, documents)

    def merge(self, other: Mapping) -> None:
        for tag, entry in other.entries.items():
            self.entries.setdefault(tag, entry)
        self.tokens.update(other.tokens)
        self.documents.update(other.documents)


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
    try:
        outer = json.loads(data.decode("utf-8", "surrogatepass"))
    except (UnicodeDecodeError, ValueError):
        raise MappingError("the mapping file is not valid JSON") from None
    if isinstance(outer, dict) and outer.get("format") == ENCRYPTED_FORMAT:
        if not passphrase:
            raise MappingError("the mapping file is encrypted: give its key with --map-key-env VAR")
        from cryptography.fernet import InvalidToken

        try:
            kdf = outer["kdf"]
            salt = base64.b64decode(kdf["salt"])
            params = {"n": int(kdf["n"]), "r": int(kdf["r"]), "p": int(kdf["p"])}
            plain = _fernet(passphrase, salt, params).decrypt(outer["ciphertext"].encode("ascii"))
        except InvalidToken:
            raise MappingError("cannot decrypt the mapping file: wrong key or modified file") from None
        except (KeyError, TypeError, ValueError) as exc:
            raise MappingError(f"malformed encrypted mapping file ({exc})") from None
        outer = json.loads(plain.decode("utf-8", "surrogatepass"))
    return Mapping.from_json(outer)


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
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise MappingError(f"cannot read mapping file {path}: {exc.strerror}") from None
    return decode(data, passphrase)
