"""Inline suppressions and baselines, through the real scan."""

from __future__ import annotations

import json
from pathlib import Path

from aisec_cli.core import baseline
from aisec_cli.core.config import Settings
from aisec_cli.secrets.run import scan_tree
from tests.keyfactory import KeyFactory


def scan(root: Path, **kw):  # type: ignore[no-untyped-def]
    return scan_tree([root], Settings(root=root, jobs=1, **kw))


def test_inline_forms(tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "a.py", "\n".join([
        f'a = "{keys.groq()}"  # aisec: ignore[KEY020] rotated test key',
        "# aisec: ignore-next-line[KEY] fixture",
        f'b = "{keys.groq()}"',
        f'c = "{keys.groq()}"  # pragma: allowlist secret',
        f'd = "{keys.groq()}"  // gitleaks:allow',
        f'e = "{keys.groq()}"  # aisec: ignore[AIS101] wrong rule',
        f'f = "{keys.groq()}"',
    ]) + "\n")
    report = scan(tmp_path)
    assert [f.location.line for f in report.findings] == [6, 7]
    reasons = [f.suppression for f in report.suppressed]
    assert reasons[:2] == ["inline: rotated test key", "inline: fixture"]
    assert len(report.suppressed) == 4


def test_foreign_markers_each_silence_their_own_line(tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "a.py", "\n".join([
        "# pragma: allowlist nextline secret",
        f'a = "{keys.groq()}"',
        f'b = "{keys.groq()}"  // gitleaks:allow',
        "# pragma: allowlist nextline other",
        f'c = "{keys.groq()}"',
        f'd = "{keys.groq()}"  # pragma: allowlist secret',
        f'e = "{keys.groq()}"',
    ]) + "\n")
    report = scan(tmp_path)
    assert [f.location.line for f in report.findings] == [5, 7]
    assert sorted(f.location.line for f in report.suppressed) == [2, 3, 6]


def test_file_ignore_and_unused_suppressions(tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "a.md", f"<!-- aisec: file-ignore[KEY020] docs sample -->\n{keys.groq()}\n{keys.groq()}\n")
    write(tmp_path / "b.py", "x = 1  # aisec: ignore[KEY001] stale\n")
    report = scan(tmp_path)
    assert not report.findings and len(report.suppressed) == 2
    unused = [e for e in report.errors if e.kind == "unused-suppression"]
    assert len(unused) == 1 and unused[0].path == "b.py" and "KEY001" in unused[0].message


def test_ignore_inline_reports_everything(tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "a.py", f'a = "{keys.groq()}"  # aisec: ignore[KEY020] x\n')
    assert len(scan(tmp_path, ignore_inline=True).findings) == 1


def test_baseline_round_trip_survives_edits(tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    old, new = keys.groq(), keys.perplexity()
    write(tmp_path / "a.py", f'a = "{old}"\n')
    first = scan(tmp_path)
    base = tmp_path / "baseline.json"
    baseline.write(base, first.findings)
    data = json.loads(base.read_text())
    assert data["version"] == 2 and len(data["sections"]["scan"]) == 1
    assert old not in base.read_text() and old[4:-4] not in base.read_text()
    write(tmp_path / "a.py", f'# moved down\n\n\na = "{old}"\nb = "{new}"\n')
    later = scan(tmp_path, baseline=base)
    assert [f.rule_id for f in later.findings] == ["KEY022"]
    assert [f.suppression for f in later.suppressed] == ["baseline"]


def test_detect_secrets_baseline_is_honoured(tmp_path: Path, keys: KeyFactory, write) -> None:  # type: ignore[no-untyped-def]
    from hashlib import sha1

    key = keys.openai_project()
    write(tmp_path / "app.py", f'k = "{key}"\n')
    ds = {
        "version": "1.5.0",
        "plugins_used": [{"name": "OpenAIDetector"}],
        "filters_used": [{"path": "malicious.module.should_not_import", "file_name": "x.py"}],
        "results": {"app.py": [{"type": "OpenAI Token", "filename": "app.py",
                                "hashed_secret": sha1(key.encode()).hexdigest(),
                                "is_verified": False, "line_number": 1}]},
        "generated_at": "2026-01-01T00:00:00Z",
    }
    base = write(tmp_path / ".secrets.baseline", json.dumps(ds))
    report = scan(tmp_path, baseline=base)
    assert report.findings == () and len(report.suppressed) == 1
