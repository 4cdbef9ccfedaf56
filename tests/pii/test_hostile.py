"""redact/restore on hostile targets and inputs: devices, BOM-shaped bytes, links, foreign maps, full disks."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, git

TEXT = "Dear Kari,\nplease call Lukas Berger on +44 20 7946 0018 or mail ola@posteo.net.\n"
Aisec = Callable[..., CliResult]

needs_root = pytest.mark.skipif(sys.platform == "win32" or os.geteuid() != 0, reason="mknod needs root")


def null_device(folder: Path, name: str = "null") -> Path:
    """A character device equal to /dev/null, made inside ``folder`` (the real /dev is never touched)."""
    path = folder / name
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    os.chmod(path, 0o666)
    return path


def is_char_device(path: Path) -> bool:
    return stat.S_ISCHR(os.lstat(path).st_mode)


def no_traceback(result: CliResult) -> None:
    assert "Traceback" not in result.stderr, result.stderr


# ---- devices ---------------------------------------------------------------------------------
@needs_root
def test_redact_output_to_a_device_writes_through(tmp_path: Path, aisec: Aisec) -> None:
    source = tmp_path / "note.txt"
    source.write_text(TEXT, encoding="utf-8")
    device = null_device(tmp_path)
    result = aisec("redact", str(source), "-o", str(device), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 0, result.stderr
    assert is_char_device(device)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".null")]


@needs_root
def test_redact_map_to_a_device_is_refused(tmp_path: Path, aisec: Aisec) -> None:
    source = tmp_path / "note.txt"
    source.write_text(TEXT, encoding="utf-8")
    device = null_device(tmp_path)
    out = tmp_path / "out.txt"
    result = aisec("redact", str(source), "-o", str(out), "--force", "--map", str(device), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 2
    assert "regular file" in result.stderr
    assert is_char_device(device)


@needs_root
def test_restore_output_to_a_device_writes_through(tmp_path: Path, aisec: Aisec) -> None:
    source = tmp_path / "note.txt"
    source.write_text(TEXT, encoding="utf-8")
    redacted = tmp_path / "red.txt"
    mapping = tmp_path / "m.map"
    assert aisec("redact", str(source), "-o", str(redacted), "--map", str(mapping), cwd=tmp_path).code == 0
    device = null_device(tmp_path)
    result = aisec("restore", "--map", str(mapping), "-o", str(device), str(redacted), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 0, result.stderr
    assert is_char_device(device)
    assert stat.S_IMODE(os.lstat(device).st_mode) == 0o666


# ---- full disk -------------------------------------------------------------------------------
@pytest.fixture
def tiny_fs(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A 64 KiB tmpfs (root only); skipped where it cannot be mounted."""
    import subprocess

    mount = tmp_path / "tiny"
    mount.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root on Linux")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def big_text(lines: int = 4000) -> str:
    return "".join(f"line {i}: mail ola{i}@posteo.net please\n" for i in range(lines))


def test_restore_to_a_full_disk_fails_cleanly(tmp_path: Path, tiny_fs: Path, aisec: Aisec) -> None:
    source = tmp_path / "note.txt"
    source.write_text(big_text(), encoding="utf-8")
    redacted = tmp_path / "red.txt"
    mapping = tmp_path / "m.map"
    assert aisec("redact", str(source), "-o", str(redacted), "--map", str(mapping), cwd=tmp_path).code == 0
    target = tiny_fs / "restored.txt"
    target.write_text("old\n", encoding="utf-8")
    result = aisec("restore", "--map", str(mapping), "-o", str(target), str(redacted), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 2
    assert "No space left" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tiny_fs.iterdir()) == ["restored.txt"]


def test_redact_to_a_full_disk_fails_cleanly(tmp_path: Path, tiny_fs: Path, aisec: Aisec) -> None:
    source = tmp_path / "note.txt"
    source.write_text(big_text(), encoding="utf-8")
    target = tiny_fs / "out.txt"
    target.write_text("old\n", encoding="utf-8")
    result = aisec("redact", str(source), "-o", str(target), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 2
    assert "No space left" in result.stderr
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tiny_fs.iterdir()) == ["out.txt"]


def test_map_to_a_full_disk_fails_cleanly(tmp_path: Path, tiny_fs: Path, aisec: Aisec) -> None:
    source = tmp_path / "note.txt"
    source.write_text(big_text(), encoding="utf-8")
    (tiny_fs / "filler").write_bytes(b"x" * 60000)
    result = aisec("redact", str(source), "-o", str(tmp_path / "out.txt"), "--map", str(tiny_fs / "m.map"), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 2
    assert "No space left" in result.stderr
    assert sorted(p.name for p in tiny_fs.iterdir()) == ["filler"]


def test_restore_write_error_is_one_clean_line_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without root: the same through a failing fsync, in process."""
    from aisec_cli.cli.redact import restore
    from aisec_cli.pii import mapping as mapping_file

    mapping = tmp_path / "m.map"
    mapping_file.save(mapping_file.Mapping(), mapping)
    source = tmp_path / "answer.txt"
    source.write_text("nothing to restore\n", encoding="utf-8")
    target = tmp_path / "out.txt"
    target.write_text("old\n", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(SystemExit) as ended:
        restore([str(source)], map_file=mapping, output=target, quiet=True)
    assert ended.value.code == 2
    assert "No space left" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "old\n"


# ---- byte-order marks that are not -----------------------------------------------------------
def bom_shaped(prefix: bytes, key: str) -> bytes:
    """Latin-1 text that happens to start with the bytes of a byte-order mark."""
    return prefix + f"caf\xe9 r\xe9sum\xe9 settings\nOPENAI_API_KEY={key}\nmail ola@posteo.net\n".encode("latin-1")


@pytest.mark.parametrize(
    "prefix",
    [b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"],
    ids=["utf16le", "utf16be", "utf8", "utf32le", "utf32be"],
)
def test_bom_shaped_latin1_keys_are_scanned_and_redacted(tmp_path: Path, aisec: Aisec, keys, prefix: bytes) -> None:  # type: ignore[no-untyped-def]
    import json

    key = keys.openai_project()
    tree = tmp_path / "tree"
    tree.mkdir()
    for extra in (b"", b"!"):  # even and odd lengths
        (tree / f"conf{len(extra)}.txt").write_bytes(bom_shaped(prefix, key) + extra)
    scanned = aisec("scan", str(tree), "-f", "json", cwd=tmp_path)
    no_traceback(scanned)
    assert scanned.code == 1, scanned.stdout + scanned.stderr
    found = sorted((f["location"]["path"], f["rule_id"]) for f in json.loads(scanned.stdout)["findings"])
    assert found == [("tree/conf0.txt", "KEY001"), ("tree/conf1.txt", "KEY001")]  # paths from where aisec runs
    out = tmp_path / "out"
    redacted = aisec("redact", str(tree), "-o", str(out), cwd=tmp_path)
    assert redacted.code == 0, redacted.stderr
    for name in ("conf0.txt", "conf1.txt"):
        data = (out / name).read_bytes()
        assert key.encode() not in data and b"ola@posteo.net" not in data
        assert data.startswith(prefix)  # every byte that was not personal data is kept
        assert "caf\xe9".encode("latin-1") in data


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_genuine_utf16_and_utf32_files_still_decode(tmp_path: Path, aisec: Aisec, keys, encoding: str) -> None:  # type: ignore[no-untyped-def]
    import codecs
    import json

    key = keys.openai_project()
    bom = {"utf-16": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32": codecs.BOM_UTF32_LE}[encoding]
    body = f"\u4f60\u597d caf\xe9\nOPENAI_API_KEY={key}\nmail ola@posteo.net\n"
    name = "utf-16-le" if encoding == "utf-16" else "utf-32-le" if encoding == "utf-32" else encoding
    source = tmp_path / "wide.txt"
    source.write_bytes(bom + body.encode(name))
    scanned = aisec("scan", str(source), "-f", "json", cwd=tmp_path)
    assert scanned.code == 1, scanned.stdout + scanned.stderr
    assert [f["rule_id"] for f in json.loads(scanned.stdout)["findings"]] == ["KEY001"]
    out = tmp_path / "red.txt"
    assert aisec("redact", str(source), "-o", str(out), cwd=tmp_path).code == 0
    text = out.read_bytes()[len(bom) :].decode(name)
    assert out.read_bytes().startswith(bom)
    assert key not in text and "ola@posteo.net" not in text and "\u4f60\u597d caf\xe9\n" in text


def test_plausibility_of_a_bom_reading() -> None:
    from aisec_cli.sources.decoding import bom_encoding, decode

    chinese = "\u4f60\u597d\uff0c\u4e16\u754c\u3002\u8fd9\u662f\u4e00\u4e2a\u6d4b\u8bd5\u6587\u4ef6\u3002" * 20
    assert bom_encoding(b"\xff\xfe" + chinese.encode("utf-16-le")) == ("utf-16-le", 2)
    assert bom_encoding(b"\xff\xfe" + b"plain ascii text, two bytes a unit!") is None
    assert bom_encoding(b"\xff\xfe" + b"odd") is None
    assert decode(b"\xff\xfe" + b"x = 1\n")[1] == "latin-1"
    assert decode(b"\xef\xbb\xbf" + "caf\xe9".encode("latin-1")) == ("\xef\xbb\xbfcaf\xe9", "latin-1")


# ---- symbolic links --------------------------------------------------------------------------
def linked_tree(tmp_path: Path) -> tuple[Path, Path, Path]:
    """tree/a.txt (personal data), tree/in.txt -> a.txt, tree/out.txt -> a file outside the tree."""
    tree = tmp_path / "tree"
    tree.mkdir()
    inside = tree / "a.txt"
    inside.write_text(TEXT, encoding="utf-8")
    outside = tmp_path / "private" / "passwd"
    outside.parent.mkdir()
    outside.write_text("root: mail kari.hansen@posteo.net\n", encoding="utf-8")
    os.symlink("a.txt", tree / "in.txt")
    os.symlink(outside, tree / "out.txt")
    return tree, inside, outside


def test_redact_folder_skips_links_leading_out(tmp_path: Path, aisec: Aisec) -> None:
    tree, _, outside = linked_tree(tmp_path)
    out = tmp_path / "clean"
    result = aisec("redact", str(tree), "-o", str(out), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 0, result.stderr
    assert not (out / "out.txt").exists()
    assert "kari.hansen@posteo.net" not in "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())
    assert "out.txt" in result.stderr and "out of" in result.stderr
    assert "ola@posteo.net" not in (out / "a.txt").read_text(encoding="utf-8")


def test_redact_in_place_never_replaces_a_link(tmp_path: Path, aisec: Aisec) -> None:
    tree, inside, outside = linked_tree(tmp_path)
    outside_before = outside.read_bytes()
    result = aisec("redact", "--in-place", str(tree), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 0, result.stderr
    assert os.path.islink(tree / "in.txt") and os.readlink(tree / "in.txt") == "a.txt"
    assert os.path.islink(tree / "out.txt") and os.readlink(tree / "out.txt") == str(outside)
    assert outside.read_bytes() == outside_before
    assert "ola@posteo.net" not in inside.read_text(encoding="utf-8")  # the target, under its own name


def test_redact_in_place_on_a_named_link_is_an_error(tmp_path: Path, aisec: Aisec) -> None:
    tree, inside, _ = linked_tree(tmp_path)
    result = aisec("redact", "--in-place", str(tree / "in.txt"), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 2
    assert "symbolic link" in result.stderr
    assert os.path.islink(tree / "in.txt")
    assert inside.read_text(encoding="utf-8") == TEXT


def _redact(tmp_path: Path, *args: str) -> CliResult:
    """The real command line with a hang guard (a FIFO opened for writing blocks for ever)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISEC_")}
    done = subprocess.run([sys.executable, "-m", "aisec_cli", "redact", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    return CliResult(done.returncode, done.stdout, done.stderr)


@pytest.mark.skipif(sys.platform == "win32", reason="no FIFOs")
@pytest.mark.parametrize("mode", ["--in-place", "--check"])
def test_redact_a_folder_with_a_fifo_skips_it(tmp_path: Path, mode: str) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(tree / "pipe.txt")
    result = _redact(tmp_path, mode, str(tree))
    no_traceback(result)
    assert result.code == (0 if mode == "--in-place" else 1), result.stderr
    assert "pipe.txt" in result.stderr and "not a regular file" in result.stderr
    assert stat.S_ISFIFO(os.lstat(tree / "pipe.txt").st_mode)
    if mode == "--in-place":
        assert "ola@posteo.net" not in (tree / "a.txt").read_text(encoding="utf-8")


@needs_root
def test_redact_in_place_never_writes_to_a_device_in_the_folder(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.txt").write_text(TEXT, encoding="utf-8")
    device = null_device(tree, "dev.txt")
    result = _redact(tmp_path, "--in-place", str(tree))
    no_traceback(result)
    assert result.code == 0, result.stderr
    assert is_char_device(device) and "dev.txt" in result.stderr
    assert "ola@posteo.net" not in (tree / "a.txt").read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="no FIFOs")
def test_redact_in_place_on_a_named_fifo_is_an_error_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    result = _redact(tmp_path, "--in-place", "pipe.txt")
    no_traceback(result)
    assert result.code == 2
    assert "not a regular file" in result.stderr
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe.txt").st_mode)


@pytest.mark.parametrize("inputs", [["d1/a.txt", "d2/a.txt"], ["d1", "d2"]])
def test_two_inputs_with_one_output_name_never_overwrite_each_other(tmp_path: Path, inputs: list[str]) -> None:
    """``redact d1/a.txt d2/a.txt -o out/`` wrote both to out/a.txt: the first redacted copy was
    lost without a word and the run said it redacted both."""
    for folder, mail in (("d1", "ola@posteo.net"), ("d2", "kari.hansen@posteo.net")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(f"Please mail {mail} today.\n", encoding="utf-8")
    result = _redact(tmp_path, *inputs, "-o", "out")
    no_traceback(result)
    assert result.code == 2, result.stderr
    assert "a.txt" in result.stderr and "same output" in result.stderr
    written = (tmp_path / "out" / "a.txt").read_text(encoding="utf-8")
    assert written == "Please mail [EMAIL_1] today.\n"  # the first input's copy, kept


def test_redact_check_skips_a_submodule_folder(git_repo: Path) -> None:
    """A submodule git lists as one path (a folder, not checked out in a plain clone) is not a
    file that could not be read: the run stays complete, as scan's does (seen on git's own repo)."""
    (git_repo / "a.txt").write_text(TEXT, encoding="utf-8")
    (git_repo / "vendor").mkdir()
    git(git_repo, "add", "a.txt")
    git(git_repo, "update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},vendor")
    result = _redact(git_repo, "--check", ".")
    no_traceback(result)
    assert result.code == 1, result.stderr
    assert "vendor" in result.stderr and "is a directory" not in result.stderr


# ---- foreign, malformed and hostile maps -----------------------------------------------------
def make_map(tmp_path: Path, aisec: Aisec, text: str, name: str, *extra: str) -> tuple[Path, Path]:
    source = tmp_path / f"{name}.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / f"{name}.red"
    mapping = tmp_path / f"{name}.map"
    result = aisec("redact", str(source), "-o", str(out), "--map", str(mapping), *extra, cwd=tmp_path)
    assert result.code == 0, result.stderr
    return out, mapping


def test_restore_with_a_foreign_map_is_an_error(tmp_path: Path, aisec: Aisec) -> None:
    _, map_a = make_map(tmp_path, aisec, "mail ola@posteo.net\n", "a")
    red_b, _ = make_map(tmp_path, aisec, "mail kari@posteo.net or call +44 20 7946 0018\n", "b")
    target = tmp_path / "restored.txt"
    target.write_text("old\n", encoding="utf-8")
    result = aisec("restore", "--map", str(map_a), "-o", str(target), str(red_b), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 2
    assert "[PHONE_1]" in result.stderr and "not in the mapping" in result.stderr
    assert target.read_text(encoding="utf-8") == "old\n"
    assert "ola@posteo.net" not in result.stdout
    lenient = aisec("restore", "--map", str(map_a), "--allow-unknown", str(red_b), cwd=tmp_path)
    assert lenient.code == 0 and "[PHONE_1]" in lenient.stdout


def test_restore_of_the_exact_output_with_pre_existing_tags_still_works(tmp_path: Path, aisec: Aisec) -> None:
    text = "template [PHONE_4] for ola@posteo.net\n"
    red, mapping = make_map(tmp_path, aisec, text, "t")
    result = aisec("restore", "--map", str(mapping), str(red), cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert result.stdout == text
    answer = aisec("restore", "--map", str(mapping), "-", stdin="use [PHONE_4] and [EMAIL_1]", cwd=tmp_path)
    assert answer.code == 0, answer.stderr  # a tag the input already held is not foreign
    assert answer.stdout == "use [PHONE_4] and ola@posteo.net"


@pytest.mark.parametrize(
    "field, value",
    [
        ("documents", "a string"),
        ("documents", {"d": "x"}),
        ("documents", {"d": {"path": "p", "variants": "x"}}),
        ("documents", {"d": {"path": "p", "variants": {"[EMAIL_1]": "abc"}}}),
        ("entries", ["x"]),
        ("entries", {"[EMAIL_1]": "x"}),
        ("tokens", "x"),
        ("reserved", 5),
    ],
)
def test_restore_with_a_malformed_map_is_a_clean_error(tmp_path: Path, aisec: Aisec, field: str, value: object) -> None:
    import json

    red, mapping = make_map(tmp_path, aisec, "mail ola@posteo.net\n", "m")
    data = json.loads(mapping.read_text(encoding="utf-8"))
    data[field] = value
    mapping.write_text(json.dumps(data), encoding="utf-8")
    result = aisec("restore", "--map", str(mapping), str(red), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 2
    assert "mapping" in result.stderr


@pytest.mark.parametrize("tamper", ["flip", "number", "huge-n", "no-kdf"])
def test_restore_with_a_tampered_encrypted_map_is_a_clean_error(tmp_path: Path, aisec: Aisec, tamper: str) -> None:
    import json

    env = {"K": "correct horse battery staple"}
    source = tmp_path / "s.txt"
    source.write_text("mail ola@posteo.net\n", encoding="utf-8")
    red, mapping = tmp_path / "s.red", tmp_path / "s.map"
    made = aisec("redact", str(source), "-o", str(red), "--map", str(mapping), "--map-key-env", "K", env=env, cwd=tmp_path)
    assert made.code == 0, made.stderr
    data = json.loads(mapping.read_text(encoding="utf-8"))
    if tamper == "flip":
        token = data["ciphertext"]
        data["ciphertext"] = token[:40] + ("A" if token[40] != "A" else "B") + token[41:]
    elif tamper == "number":
        data["ciphertext"] = 12345
    elif tamper == "huge-n":
        data["kdf"]["n"] = 2**40
    else:
        del data["kdf"]
    mapping.write_text(json.dumps(data), encoding="utf-8")
    result = aisec("restore", "--map", str(mapping), "--map-key-env", "K", str(red), env=env, cwd=tmp_path)
    no_traceback(result)
    assert result.code == 2
    assert "mapping file" in result.stderr
    wrong = aisec("restore", "--map", str(mapping), "--map-key-env", "K", str(red), env={"K": "wrong"}, cwd=tmp_path)
    no_traceback(wrong)
    assert wrong.code == 2


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_restore_with_dev_zero_as_map_is_a_clean_error(tmp_path: Path, aisec: Aisec) -> None:
    result = aisec("restore", "--map", "/dev/zero", "-", stdin="x", cwd=tmp_path)
    no_traceback(result)
    assert result.code == 2
    assert "mapping file" in result.stderr


def test_bounded_read(tmp_path: Path) -> None:
    from aisec_cli.core.readcap import TooLarge, read_bounded

    small = tmp_path / "small"
    small.write_bytes(b"x" * 10)
    assert read_bounded(small, 10) == b"x" * 10
    with pytest.raises(TooLarge):
        read_bounded(small, 9)


# ---- interrupted and concurrent --in-place ---------------------------------------------------
def pii_file(index: int, lines: int) -> str:
    body = "".join(f"row {index}.{n}: mail user{index}x{n}@posteo.net now\n" for n in range(lines))
    return body + f"END-OF-FILE-{index}\n"


def assert_original_or_complete(path: Path, original: str, index: int) -> str:
    """The file is the original byte for byte, or a complete redaction of it: nothing in between."""
    now = path.read_text(encoding="utf-8")
    if now == original:
        return "original"
    assert "@posteo.net" not in now, f"{path.name}: partly redacted"
    assert now.endswith(f"END-OF-FILE-{index}\n"), f"{path.name}: truncated"
    assert now.count("\n") == original.count("\n"), f"{path.name}: lines lost"
    return "redacted"


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def pii_tree(tmp_path: Path, count: int, lines: int) -> tuple[Path, dict[int, str]]:
    """``count`` files of personal data under ``tmp_path/tree``, and their texts by index."""
    tree = tmp_path / "tree"
    tree.mkdir()
    originals = {}
    for index in range(count):
        originals[index] = pii_file(index, lines)
        (tree / f"f{index:03}.txt").write_text(originals[index], encoding="utf-8")
    return tree, originals


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_kill_9_during_in_place_loses_no_byte_and_leaves_no_worker(tmp_path: Path) -> None:
    import signal
    import subprocess
    import time

    tree, originals = pii_tree(tmp_path, 40, 1500)
    big = pii_file(999, 150_000)  # several chunks: detection runs in the worker pool
    (tree / "big.txt").write_text(big, encoding="utf-8")
    originals[999] = big
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "aisec_cli", "redact", "--in-place", "-j", "2", str(tree)],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        workers = children_of(proc.pid)
        if len(workers) >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before the worker pool started; make the input bigger"
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.1)
    assert not [w for w in workers if alive(w)], "worker processes outlived a killed parent"
    states = [assert_original_or_complete(tree / f"f{i:03}.txt", originals[i], i) for i in range(40)]
    states.append(assert_original_or_complete(tree / "big.txt", big, 999))
    assert "original" in states  # killed in the middle, not after the end


def test_two_concurrent_in_place_writers_never_mix(tmp_path: Path) -> None:
    import subprocess

    tree, originals = pii_tree(tmp_path, 30, 800)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    command = [sys.executable, "-m", "aisec_cli", "redact", "--in-place", "-j", "1", str(tree)]
    runs = [subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert b"Traceback" not in err
        assert run.returncode == 0, err
    for index in range(30):
        assert assert_original_or_complete(tree / f"f{index:03}.txt", originals[index], index) == "redacted"
    assert sorted(p.name for p in tree.iterdir()) == sorted(f"f{i:03}.txt" for i in range(30))


def test_read_only_files_are_an_error_each_and_the_rest_is_redacted(tmp_path: Path, aisec: Aisec) -> None:
    import json

    tree = tmp_path / "tree"
    tree.mkdir()
    locked = tree / "locked.txt"
    locked.write_text(TEXT, encoding="utf-8")
    os.chmod(locked, 0o444)
    other = tree / "other.txt"
    other.write_text(TEXT, encoding="utf-8")
    result = aisec("redact", "--in-place", str(tree), cwd=tmp_path)
    no_traceback(result)
    assert result.code == 2
    assert "locked.txt" in result.stderr and "read-only" in result.stderr
    assert locked.read_text(encoding="utf-8") == TEXT
    assert stat.S_IMODE(locked.stat().st_mode) == 0o444
    assert "ola@posteo.net" not in other.read_text(encoding="utf-8")
    del json


# ---- large inputs ----------------------------------------------------------------------------
def test_positions_match_a_plain_count_across_chunks() -> None:
    import random

    from aisec_cli.pii.engine import _Positions

    rng = random.Random(7)
    for _ in range(200):
        chunks = ["".join(rng.choice("ab\n") for _ in range(rng.randint(0, 25))) for _ in range(4)]
        positions, before = _Positions(), ""
        for chunk in chunks:
            for offset in range(len(chunk) + 1):
                text, at = before + chunk, len(before) + offset
                expected = (text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at))
                assert positions.locate(chunk, offset) == expected
            positions.advance(chunk)
            before += chunk


def test_binary_stdin_is_refused_before_it_is_buffered(tmp_path: Path, tiny_fs: Path) -> None:
    """A NUL stream is recognised from its first bytes: nothing is spooled (TMPDIR is 64 KiB)."""
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "TMPDIR": str(tiny_fs)}
    done = subprocess.run(
        [sys.executable, "-m", "aisec_cli", "redact", "-"],
        input=b"\0" * (8 << 20), capture_output=True, env=env, cwd=tmp_path, timeout=600,
    )
    assert b"Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert b"binary" in done.stderr and done.stdout == b""


def test_stdin_that_cannot_be_buffered_is_a_clean_error(tmp_path: Path, tiny_fs: Path) -> None:
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "TMPDIR": str(tiny_fs)}
    done = subprocess.run(
        [sys.executable, "-m", "aisec_cli", "redact", "-"],
        input=big_text().encode() * 2, capture_output=True, env=env, cwd=tmp_path, timeout=600,
    )
    assert b"Traceback" not in done.stderr
    assert done.returncode == 2
    assert b"standard input" in done.stderr and b"No space left" in done.stderr
    assert list(tiny_fs.iterdir()) == []


def test_a_file_removed_after_it_was_listed_is_skipped_not_an_error(tmp_path: Path) -> None:
    from aisec_cli.pii.textio import InputError, open_text

    gone = tmp_path / "listed-then-removed.txt"
    with pytest.raises(InputError) as caught:
        open_text(gone)
    assert caught.value.kind == "skipped" and "vanished" in str(caught.value)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "f.txt").write_text("x", encoding="utf-8")
    if os.geteuid() != 0:  # root reads through permissions
        os.chmod(locked, 0)
        try:
            with pytest.raises(InputError) as denied:
                open_text(locked / "f.txt")
            assert denied.value.kind == "error"  # there, but unreadable: the run is incomplete
        finally:
            os.chmod(locked, 0o700)
