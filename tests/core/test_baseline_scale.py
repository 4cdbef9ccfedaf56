"""A baseline of tens of thousands of entries: each finding is looked up, not compared with every entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisec_cli.core import baseline as baseline_module
from aisec_cli.core.baseline import Entry, load
from aisec_cli.core.findings import Finding, Location, Severity, digest, fingerprint_of_digest

COUNT = 4000


def _finding(index: int, rule: str = "AIS402", path: str = "", secret: str = "") -> Finding:
    properties = {"_secret_digest": secret} if secret else {}
    return Finding(rule, Severity.LOW, "m", Location(path or f"src/m{index}.py", 2), f"fp{index}", properties=properties)


def _write(tmp_path: Path, sections: dict[str, list[dict[str, object]]], version: int = 2) -> Path:
    path = tmp_path / "baseline.json"
    data: dict[str, object] = {"version": version, "tool": "aisec"}
    if version == 2:
        data["sections"] = sections
    else:
        data["entries"] = [e for entries in sections.values() for e in entries]
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_thousands_of_findings_are_matched_by_lookup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each finding was compared with every entry in turn (4,000 findings against 4,000 entries:
    # 8 million comparisons; 12,000 lint findings took 8 s more with their baseline than without).
    entries = [{"rule": "AIS402", "path": f"src/m{i}.py", "fingerprint": f"fp{i}"} for i in range(COUNT)]
    known = load(_write(tmp_path, {"lint": entries}))
    calls = 0
    matches = Entry.matches

    def counted(self: Entry, finding: Finding) -> bool:
        nonlocal calls
        calls += 1
        return matches(self, finding)

    monkeypatch.setattr(Entry, "matches", counted)
    assert all(known.knows(_finding(i)) for i in range(COUNT))
    assert not any(known.knows(_finding(i + COUNT)) for i in range(COUNT))
    assert known.entry_for(_finding(17)) == Entry("AIS402", "src/m17.py", "fp17")
    assert calls <= 2 * COUNT  # a lookup and one confirming comparison at most, not a scan


def test_a_key_is_known_by_its_key_fingerprint_and_the_first_entry_wins(tmp_path: Path) -> None:
    secret = digest("a key's bytes")
    key = digest(f"key\0app/main.py\0{secret}")[:32]
    sections = {
        "scan": [{"rule": "KEY001", "path": "app/main.py", "fingerprint": "scan-fp", "key": key, "verdict": "true-positive"}],
        "lint": [{"rule": "AIS101", "path": "app/main.py", "fingerprint": "lint-fp", "key": key}],
    }
    known = load(_write(tmp_path, sections))
    # lint reports the same key under another fingerprint: known through the key, first entry in file order
    found = known.entry_for(_finding(1, rule="AIS101", path="app/main.py", secret=secret))
    assert found is not None and found.fingerprint == "scan-fp" and found.verdict == "true-positive"
    assert known.entry_for(_finding(2, rule="AIS101", path="app/other.py", secret=secret)) is None


def test_version_one_entries_written_from_a_subfolder_still_match(tmp_path: Path) -> None:
    match_digest = digest("the match")
    legacy = {"rule": "AIS402", "path": "m1.py", "fingerprint": fingerprint_of_digest("AIS402", "m1.py", match_digest)}
    known = load(_write(tmp_path, {"lint": [legacy]}, version=1))
    moved = Finding(
        "AIS402", Severity.LOW, "m", Location("src/m1.py", 2), "other-fp", properties={"_match_digest": match_digest}
    )
    assert known.knows(moved)
    other = Finding("AIS402", Severity.LOW, "m", Location("src/m1.py", 2), "other-fp", properties={"_match_digest": digest("x")})
    assert not known.knows(other)
    assert baseline_module.section_of_rule("AIS402") == "lint"
