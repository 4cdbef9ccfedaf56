"""A key pasted into a commit message is published with the commit: history scans read every
message whole (subject and body), and ``--commit-msg`` reads a commit-msg hook's file.

Before, only the files' added lines were read: a token in a message body passed ``--history``,
``--range`` and the pre-push hook with exit 0.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from aisec_cli.sources.messages import editor_message, parse_record, split_records
from tests.conftest import CliResult, git
from tests.keyfactory import KeyFactory


def _commit(repo: Path, name: str, text: str, *message: str) -> str:
    (repo / name).write_text(text)
    git(repo, "add", "-A")
    args: list[str] = []
    for part in message:
        args += ["-m", part]
    git(repo, "commit", "-q", *args)
    return git(repo, "rev-parse", "HEAD").strip()


def test_key_in_a_message_body_is_found_with_its_commit(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    key = keys.anthropic()
    _commit(git_repo, "a.txt", "one\n", "start")
    leaky = _commit(git_repo, "b.txt", "two\n", "wire the client", f"used ANTHROPIC_API_KEY={key} to test")
    _commit(git_repo, "c.txt", "three\n", "later")
    result = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert result.code == 1, result.stdout + result.stderr
    assert key not in result.stdout + result.stderr
    report = json.loads(result.stdout)
    found = [(f["location"]["path"], f["location"]["line"], f["commit"]["sha"]) for f in report["findings"]]
    assert found == [("COMMIT_MSG", 3, leaky)]
    assert report["stats"]["messages_scanned"] == 3
    assert report["stats"]["files_scanned"] == 3


def test_same_key_in_a_message_and_a_file_is_one_secret(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    key = keys.groq()
    _commit(git_repo, "settings.py", f'GROQ_API_KEY = "{key}"\n', f"add settings with {key}")
    report = json.loads(aisec("scan", "--history", "-f", "json", ".", cwd=git_repo).stdout)
    assert len(report["findings"]) == 1
    finding = report["findings"][0]
    assert finding["properties"]["occurrences"] == 2
    paths = {finding["location"]["path"], *(o["path"] for o in finding["properties"]["other_locations"])}
    assert paths == {"settings.py", "COMMIT_MSG"}


def test_a_range_reads_only_its_commits_messages(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    _commit(git_repo, "a.txt", "one\n", f"old note {keys.huggingface()}")
    base = git(git_repo, "rev-parse", "HEAD").strip()
    _commit(git_repo, "b.txt", "two\n", "clean change")
    clean = aisec("scan", "--range", f"{base}..HEAD", "-f", "json", ".", cwd=git_repo)
    assert clean.code == 0, clean.stdout + clean.stderr
    assert json.loads(clean.stdout)["stats"]["messages_scanned"] == 1
    new_key = keys.openai_project()
    _commit(git_repo, "c.txt", "three\n", "fix", f"token was {new_key}")
    leaked = aisec("scan", "--range", f"{base}..HEAD", "-f", "json", ".", cwd=git_repo)
    assert leaked.code == 1
    assert [f["location"]["path"] for f in json.loads(leaked.stdout)["findings"]] == ["COMMIT_MSG"]


def test_an_inline_suppression_in_the_message_is_honoured(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    _commit(git_repo, "a.txt", "x\n", "docs", f"example {keys.openai_project()}  aisec: ignore[KEY001] revoked sample")
    result = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert result.code == 0, result.stdout
    assert len(json.loads(result.stdout)["suppressed"]) == 1


def test_records_split_on_nul_and_a_nul_inside_a_message_does_not_split_it() -> None:
    sha1, sha2 = "a" * 40, "b" * 40
    head = f"{sha1}\nAda\nada@example.org\n2024-01-01T00:00:00+00:00\n".encode()
    stream = head + b"subject\n\nfirst\0second half\n\0" + f"{sha2}\nBo\nbo@example.org\n2024-01-02T00:00:00+00:00\nnext\n".encode()
    records = list(split_records([stream[:30], stream[30:77], stream[77:]]))
    assert len(records) == 2
    commit, body = parse_record(records[0])  # type: ignore[misc]
    assert commit.sha == sha1 and commit.message == "subject"
    assert "first" in body and "second half" in body
    assert parse_record(records[1])[0].sha == sha2  # type: ignore[index]
    assert parse_record(b"not a commit\nat all") is None


def test_editor_message_drops_the_verbose_diff_but_keeps_comment_lines() -> None:
    text = "subject\n\n# a line -m kept\n# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n+x\n"
    kept = editor_message(text)
    assert kept == "subject\n\n# a line -m kept\n"
    assert editor_message("no scissors\n") == "no scissors\n"


def test_commit_msg_reads_the_message_git_keeps(
    tmp_path: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    above, below = keys.anthropic(), keys.groq()
    message = tmp_path / "COMMIT_EDITMSG"
    message.write_text(
        f"deploy\n\ncredential {above}\n"
        "# ------------------------ >8 ------------------------\n"
        f"diff --git a/env b/env\n+GROQ_API_KEY={below}\n"
    )
    result = aisec("scan", "--commit-msg", "-f", "json", str(message), cwd=tmp_path)
    assert result.code == 1, result.stderr
    lines = [f["location"]["line"] for f in json.loads(result.stdout)["findings"]]
    assert lines == [3]
    assert above not in result.stdout and below not in result.stdout
    message.write_text("deploy\n\nnothing secret\n")
    assert aisec("scan", "--commit-msg", str(message), cwd=tmp_path).code == 0


def test_commit_msg_refuses_what_is_not_one_message_file(tmp_path: Path, aisec: Callable[..., CliResult]) -> None:
    for args in (["--commit-msg", str(tmp_path)], ["--commit-msg", "--history", "."], ["--commit-msg", "-"]):
        result = aisec("scan", *args, cwd=tmp_path)
        assert result.code == 2, args
        assert "Traceback" not in result.stderr and "commit-msg" in result.stderr, result.stderr


def test_an_annotated_tags_message_is_read_by_a_full_history_scan(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    key = keys.openai_project()
    _commit(git_repo, "a.txt", "one\n", "start")
    git(git_repo, "tag", "-a", "v1.0", "-m", "release 1.0", "-m", f"smoke-tested with {key}")
    git(git_repo, "tag", "light")  # a lightweight tag has no message of its own
    result = aisec("scan", "--history", "-f", "json", ".", cwd=git_repo)
    assert result.code == 1, result.stdout + result.stderr
    assert key not in result.stdout
    report = json.loads(result.stdout)
    tag = git(git_repo, "rev-parse", "v1.0").strip()
    assert [(f["location"]["path"], f["location"]["line"], f["commit"]["sha"]) for f in report["findings"]] == [
        ("refs/tags/v1.0", 3, tag)
    ]
    assert report["findings"][0]["commit"]["author"] == "Test Dev"
    assert report["stats"]["messages_scanned"] == 2


def test_the_introduction_is_the_oldest_commit_whatever_was_read_first(
    git_repo: Path, aisec: Callable[..., CliResult], keys: KeyFactory
) -> None:
    key = keys.anthropic()
    first = _commit(git_repo, "env.sh", f"export ANTHROPIC_API_KEY={key}\n", "add env")
    _commit(git_repo, "b.txt", "two\n", "rotate later", f"old value was {key}")
    git(git_repo, "tag", "-a", "v2", "-m", f"note {key}")
    for args in (["-f", "json"], ["-f", "jsonl"]):  # jsonl streams: the scan runs oldest first
        result = aisec("scan", "--history", *args, ".", cwd=git_repo)
        if args[1] == "json":
            findings = json.loads(result.stdout)["findings"]
        else:
            findings = [row for row in map(json.loads, result.stdout.splitlines()) if "rule_id" in row]
        assert [(f["location"]["path"], f["commit"]["sha"]) for f in findings][:1] == [("env.sh", first)], args
        if args[1] == "json":
            others = [o["path"] for o in findings[0]["properties"]["other_locations"]]
            assert others == ["COMMIT_MSG", "refs/tags/v2"]
