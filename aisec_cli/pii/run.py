"""The file-level side of ``aisec redact`` and ``aisec restore`` (the CLI only parses and prints).

Inputs are files, folders (walked like every aisec command: git-tracked and untracked files,
.gitignore honoured) and ``-`` for standard input. Outputs are standard output, one file,
a mirror folder, or the inputs themselves (``--in-place``, atomic, mode kept). Problems
with one input are reported and the run goes on; the original of a file that could not be
written is never touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from aisec_cli.core.atomic import AtomicFile
from aisec_cli.core.config import Settings
from aisec_cli.core.document import Document
from aisec_cli.core.evidence import mask_keys
from aisec_cli.core.errors import UsageError
from aisec_cli.core.findings import Finding, Report, ScanError
from aisec_cli.core.readcap import TooLarge, read_bounded, read_stream_bounded
from aisec_cli.pii import mapping as mapping_file
from aisec_cli.pii.choices import config_from, map_passphrase, operator_from
from aisec_cli.pii.engine import FileResult, Redactor
from aisec_cli.pii.findings import to_findings
from aisec_cli.pii.model import PiiConfig
from aisec_cli.pii.operators import Operator
from aisec_cli.pii.restore import RestoreReport, restore_text
from aisec_cli.pii.textio import BINARY_PROBE, InputError, decode_bytes, sniff

STDIN = "-"
MODES = ("stdout", "output", "in-place", "check")
MAX_RESTORE_BYTES = 1024 * 1_048_576  # restore holds its input in memory


@dataclass(frozen=True)
class RedactRequest:
    paths: tuple[str, ...]
    settings: Settings
    config: PiiConfig
    operator: Operator = field(default_factory=Operator)
    mode: str = "stdout"
    output: Path | None = None
    map_path: Path | None = None
    map_passphrase: str | None = None
    force: bool = False
    jobs: int = 1
    locations: bool = False  # keep every detection's position (reports, --check)
    headers: bool = True  # "==> name <==" between files on standard output


@dataclass
class RedactOutcome:
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    files: list[FileResult] = field(default_factory=list)
    detections: int = 0
    written: list[str] = field(default_factory=list)
    mapping_written: Path | None = None


def build_request(
    settings: Settings,
    inputs: list[str],
    mode: str,
    *,
    output: Path | None = None,
    map_path: Path | None = None,
    map_key_env: str | None = None,
    force: bool = False,
    operator: str | None = None,
    hash_key_env: str | None = None,
    entities: object = None,
    region: str | None = None,
    fmt: str | None = None,
    min_confidence: float | None = None,
    allow: object = None,
    locations: bool = False,
) -> RedactRequest:
    """A :class:`RedactRequest` from the command line's choices over `[tool.aisec.redact]`."""
    from aisec_cli.core.parallel import cpu_count

    return RedactRequest(
        paths=tuple(inputs),
        settings=settings,
        config=config_from(
            settings, entities=entities, region=region, fmt=fmt, min_confidence=min_confidence, allow=allow
        ),
        operator=operator_from(settings, operator, hash_key_env=hash_key_env),
        mode=mode,
        output=output,
        map_path=map_path,
        map_passphrase=map_passphrase(settings, map_key_env),
        force=force,
        jobs=settings.jobs or cpu_count(),
        locations=locations,
    )


@dataclass(frozen=True)
class _Input:
    path: Path
    name: str  # as reported: relative to the repository root
    is_stdin: bool = False
    out_name: str = ""  # where ``-o FOLDER`` puts it: relative to the folder given, else its own name


def _validate(request: RedactRequest) -> None:
    if request.mode not in MODES:
        raise UsageError(f"unknown mode {request.mode!r}")
    if request.map_path is not None:
        if not request.operator.reversible:
            raise UsageError(f"--map needs a reversible operator (replace or hash), not {request.operator.name}")
        if request.mode == "check":
            raise UsageError("--check writes nothing; drop --map")
        if request.map_path.exists() and not request.map_path.is_file():
            raise UsageError(
                f"--map {request.map_path} is not a regular file; a mapping file must be a regular file (mode 0600)"
            )
        if request.map_path.exists() and not request.force:
            raise UsageError(f"{request.map_path} exists; use --force to overwrite it")
    if request.mode == "in-place" and STDIN in request.paths:
        raise UsageError("--in-place cannot rewrite standard input")
    if request.mode == "output" and request.output is None:
        raise UsageError("--output needs a path")


def _inputs(request: RedactRequest, errors: list[ScanError]) -> Iterator[_Input]:
    from aisec_cli.sources.files import discover

    root = request.settings.root
    for given in request.paths:
        if given == STDIN:
            yield _Input(Path(STDIN), "stdin", True)
            continue
        targets, problems, _ = discover([Path(given)], root, request.settings.exclude)
        errors.extend(problems)
        tree = os.path.realpath(given) if os.path.isdir(given) else None
        for target in targets:
            problem = _link_problem(Path(target.path), target.name, tree, request.mode) or _special_problem(
                Path(target.path), target.name, tree
            )
            if problem is not None:
                errors.append(problem)
                continue
            relative = os.path.relpath(target.path, given) if tree is not None else os.path.basename(target.path)
            yield _Input(Path(target.path), target.name, out_name=Path(relative).as_posix())


def _special_problem(path: Path, name: str, tree: str | None) -> ScanError | None:
    """A FIFO, socket or device found in a folder is skipped, as ``scan`` does: opening one
    blocks (a FIFO has no writer or reader) or reaches hardware; never read, never rewritten.
    So is a folder git lists as one path (a submodule)."""
    if tree is None:
        return None  # named on the command line: the reader's error says why it was not redacted
    try:
        info = os.stat(path)
    except OSError:
        return None  # reported when it is read
    if stat.S_ISDIR(info.st_mode):  # a submodule git lists as one path: its own repository
        return ScanError(name, "a folder listed by git (a submodule): not read", "skipped")
    if stat.S_ISREG(info.st_mode):
        return None
    return ScanError(name, "not a regular file (FIFO, socket or device)", "skipped")


def _link_problem(path: Path, name: str, tree: str | None, mode: str) -> ScanError | None:
    """Why a symbolic link is not redacted, or ``None`` for a plain file (or an allowed link).

    Links found in a folder that lead out of it are skipped (their targets were not asked
    for). ``--in-place`` never replaces a link: one found in a folder is skipped (its target,
    when inside the folder, is redacted under its own name); one named on the command line
    is an error, since the file asked for was not redacted.
    """
    if not os.path.islink(path):
        return None
    if tree is None:  # named on the command line
        if mode == "in-place":
            return ScanError(name, "is a symbolic link; --in-place never replaces a link (name its target instead)")
        return None
    real = os.path.realpath(path)
    try:
        inside = os.path.commonpath([tree, real]) == tree
    except ValueError:  # another drive
        inside = False
    if not inside:
        return ScanError(name, "symbolic link leading out of the folder; not followed", "skipped")
    if os.path.isdir(real):
        return ScanError(name, "symbolic link to a folder; not followed", "skipped")
    if mode == "in-place":
        return ScanError(
            name, "symbolic link; --in-place never replaces a link (its target is redacted under its own name)", "skipped"
        )
    return None


@contextlib.contextmanager
def _spooled_stdin(stream: BinaryIO, head: bytes) -> Iterator[Path]:
    """Standard input (``head`` already read from it) copied to a private temporary file:
    two passes need a file. A disk too full to hold it is a usage error, nothing is left."""
    name = ""
    try:
        fd, name = tempfile.mkstemp(prefix="aisec-stdin-")
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(head)
            shutil.copyfileobj(stream, handle, 1 << 20)
    except OSError as exc:
        if name:
            with contextlib.suppress(OSError):
                os.unlink(name)
        raise UsageError(f"cannot buffer standard input in {tempfile.gettempdir()}: {exc.strerror or exc}") from None
    try:
        yield Path(name)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _planned(request: RedactRequest, item: _Input, several: bool) -> Path:
    """Where ``-o`` puts ``item`` (nothing created)."""
    assert request.output is not None
    if not several and not request.output.is_dir():
        return request.output
    return request.output / ("stdin.txt" if item.is_stdin else (item.out_name or item.name))


def _destination(request: RedactRequest, item: _Input, several: bool) -> Path:
    target = _planned(request, item, several)
    if target != request.output:
        target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _same(a: Path, b: Path) -> bool:
    """``a`` and ``b`` name one file (through links, ``..`` or hard links), existing or not."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _inside(path: Path, folder: str) -> bool:
    real = os.path.realpath(path)
    try:
        return os.path.commonpath([folder, real]) == folder
    except ValueError:  # another drive
        return False


def _refuse_overlaps(request: RedactRequest, inputs: list[_Input], several: bool, errors: list[ScanError]) -> list[_Input]:
    """Usage errors for a mapping or output that is an input (or the mapping that is an output:
    the file meant to be clean would hold every original in clear); the inputs, without those
    inside the ``-o`` folder (an earlier run's output, redacted again one level deeper)."""
    output = request.output if request.mode == "output" else None
    if output is not None and several:
        folder = os.path.realpath(output)
        for given in request.paths:
            if given != STDIN and os.path.isdir(given) and os.path.realpath(given) == folder:
                raise UsageError(f"--output {output} is the folder being redacted; use --in-place to rewrite its files")
        kept = []
        for item in inputs:
            if not item.is_stdin and os.path.isdir(output) and _inside(item.path, folder):
                errors.append(ScanError(item.name, "inside the --output folder (an earlier redacted copy): not read", "skipped"))
            else:
                kept.append(item)
        inputs = kept
    for item in inputs:
        if item.is_stdin:
            continue
        target = _planned(request, item, several) if output is not None else None
        name, where = mask_keys(item.name), mask_keys(str(target))  # a file may be named after a key
        if request.map_path is not None and _same(request.map_path, item.path):
            raise UsageError(f"--map {request.map_path} is the input {name}: the mapping holds the originals")
        if request.map_path is not None and target is not None and _same(request.map_path, target):
            raise UsageError(f"--map {request.map_path} is where --output writes {name}: the mapping holds the originals")
        if target is not None and _same(target, item.path):
            raise UsageError(f"--output {where} is the input {name}; use --in-place to rewrite it")
    return inputs


def redact_paths(
    request: RedactRequest,
    stdout: BinaryIO | None = None,
    stdin: BinaryIO | None = None,
) -> RedactOutcome:
    """Run one redaction over every input of ``request``."""
    _validate(request)
    out = stdout if stdout is not None else sys.stdout.buffer
    source = stdin if stdin is not None else sys.stdin.buffer
    outcome = RedactOutcome()
    inputs = list(_inputs(request, outcome.errors))
    several = len(inputs) > 1 or any(Path(p).is_dir() for p in request.paths if p != STDIN)
    inputs = _refuse_overlaps(request, inputs, several, outcome.errors)
    if request.mode == "output" and several and request.output is not None:
        if request.output.exists() and not request.output.is_dir():
            raise UsageError(f"--output {request.output}: several inputs need a folder")
        request.output.mkdir(parents=True, exist_ok=True)
    keep = request.locations or request.mode == "check"
    record = request.map_path is not None
    with Redactor(
        request.config, request.operator, jobs=request.jobs, keep_locations=keep, record_mapping=record
    ) as redactor:
        for item in inputs:
            if item.is_stdin:
                head = source.read(BINARY_PROBE)  # binary input is refused before it is buffered
                try:
                    sniff(head)
                except InputError as exc:
                    outcome.errors.append(ScanError(item.name, str(exc), "skipped"))
                    continue
                with _spooled_stdin(source, head) as spooled:
                    _one(request, redactor, _Input(spooled, item.name, True), out, several, outcome)
            else:
                _one(request, redactor, item, out, several, outcome)
        if request.map_path is not None:
            try:
                mapping_file.save(
                    redactor.mapping, request.map_path, passphrase=request.map_passphrase, force=request.force
                )
            except mapping_file.MappingError as exc:
                raise UsageError(str(exc)) from None
            outcome.mapping_written = request.map_path
    return outcome


def _one(
    request: RedactRequest,
    redactor: Redactor,
    item: _Input,
    out: BinaryIO,
    several: bool,
    outcome: RedactOutcome,
) -> None:
    name = item.name
    shown = mask_keys(name)  # the header names the file: a file may be named after a key
    if request.mode == "in-place" and _read_only(item.path):
        outcome.errors.append(ScanError(name, "read-only file; not rewritten (make it writable to redact it in place)"))
        return
    try:
        if request.mode == "check":
            result = _check(request, redactor, item, outcome)
        elif request.mode == "stdout":
            header_written = False

            def write(data: bytes) -> None:
                nonlocal header_written
                if several and request.headers and not header_written:
                    out.write(f"==> {shown} <==\n".encode())
                    header_written = True
                out.write(data)

            result, _ = redactor.redact_file(item.path, name, write)
            if several and request.headers and not header_written:
                out.write(f"==> {shown} <==\n".encode())
            out.flush()
        else:
            target = item.path if request.mode == "in-place" else _destination(request, item, several)
            if request.mode == "output" and str(target) in outcome.written:
                # d1/a.txt and d2/a.txt both land on out/a.txt: never overwrite the first copy
                outcome.errors.append(ScanError(
                    name, f"same output file as an earlier input ({target}); not written (redact them separately)"
                ))
                return
            keep_mode = item.path if request.mode == "in-place" else None
            # --in-place rewrites the input itself: never open a FIFO or device for writing
            with AtomicFile(target, keep_mode_of=keep_mode, regular_only=request.mode == "in-place") as writer:
                result, _ = redactor.redact_file(item.path, name, writer.write)
                if request.mode == "in-place" and result.count == 0:
                    raise _Unchanged  # nothing to redact: leave the file (and its mtime) alone
            outcome.written.append(str(target))
    except _Unchanged:
        outcome.files.append(result)
        return
    except InputError as exc:
        outcome.errors.append(ScanError(name, str(exc), exc.kind))
        return
    except OSError as exc:
        outcome.errors.append(ScanError(name, f"cannot write the result: {exc.strerror or exc}; the original is unchanged"))
        return
    outcome.files.append(result)
    if request.mode == "check":
        return  # counted by _check (after inline suppressions)
    outcome.detections += result.count
    if request.locations:
        outcome.findings.extend(to_findings(name, result.detections))


def _read_only(path: Path) -> bool:
    """No write permission bit at all, or none for us: --in-place must not rename over it
    (root, and anyone who may write the folder, could)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # reported when it is read
    return not mode & 0o222 or not os.access(path, os.W_OK)


class _Unchanged(Exception):
    """A file with nothing to redact is not rewritten."""


def _check(request: RedactRequest, redactor: Redactor, item: _Input, outcome: RedactOutcome) -> FileResult:
    """Detection only; inline suppressions (``aisec: ignore[PII101] reason``) apply to files
    small enough to hold in memory."""
    from aisec_cli.core.pipeline import settle

    size = item.path.stat().st_size
    result, _ = redactor.redact_file(item.path, item.name, None)
    findings = to_findings(item.name, result.detections)
    if findings and size <= request.settings.max_file_size:
        try:
            text, _ = decode_bytes(item.path.read_bytes())
        except (OSError, InputError):
            text = ""
        if text:
            settled = settle(Document(item.name, text), findings, ("pii",), request.settings)
            findings = list(settled.kept)
            outcome.errors.extend(settled.unused)
    outcome.findings.extend(findings)
    outcome.detections += len(findings)
    return result


# ---- restore --------------------------------------------------------------------------------
@dataclass
class RestoreOutcome:
    report: RestoreReport
    written: str = ""


def restore_stream(
    source: Path | str,
    mapping: mapping_file.Mapping,
    write: Callable[[bytes], None],
    stdin: BinaryIO | None = None,
    *,
    allow_unknown: bool = True,
) -> RestoreReport:
    """Restore one input (a file or ``-``) and pass the encoded result to ``write``.

    Without ``allow_unknown``, a text holding placeholders the mapping does not know (a
    mapping made for another text) is refused before anything is written.
    """
    report = RestoreReport()
    try:
        if str(source) == STDIN:
            data = read_stream_bounded(stdin if stdin is not None else sys.stdin.buffer, MAX_RESTORE_BYTES)
        else:
            data = read_bounded(Path(source), MAX_RESTORE_BYTES)
    except TooLarge:
        raise UsageError(f"{source}: larger than {MAX_RESTORE_BYTES // 1_048_576} MiB; not restored") from None
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from None
    try:
        text, encoding = decode_bytes(data)
    except InputError as exc:
        raise UsageError(f"{source}: {exc}") from None
    restored = restore_text(text, mapping, report)
    if report.unknown and not allow_unknown:
        shown = ", ".join(report.unknown[:10]) + (" …" if len(report.unknown) > 10 else "")
        raise UsageError(
            f"{source}: placeholders not in the mapping: {shown}; was the mapping made for this text? "
            "Nothing was written (--allow-unknown restores what the mapping knows)"
        )
    write(encoding.bom + encoding.encode(restored))
    return report


@dataclass
class RestoreTotals:
    """What restoring every input did: placeholders put back, those the mapping did not know."""

    restored: int = 0
    unknown: list[str] = field(default_factory=list)


def load_mapping(map_path: Path, map_key_env: str | None = None) -> mapping_file.Mapping:
    """The mapping file, decrypted with the key in ``map_key_env`` when one is named (usage errors else)."""
    passphrase = None
    if map_key_env:
        passphrase = os.environ.get(map_key_env)
        if not passphrase:
            raise UsageError(f"--map-key-env: environment variable {map_key_env} is not set")
    try:
        return mapping_file.load(map_path, passphrase=passphrase)
    except mapping_file.MappingError as exc:
        raise UsageError(str(exc)) from None


def restore_inputs(
    inputs: list[str],
    mapping: mapping_file.Mapping,
    output: Path | None,
    stdout: BinaryIO,
    *,
    allow_unknown: bool = True,
) -> RestoreTotals:
    """Restore each input (a file or ``-``) to ``output`` (atomically; one input) or ``stdout``."""
    if output is not None and len(inputs) > 1:
        raise UsageError("--output takes one input")
    totals = RestoreTotals()
    for source in inputs:
        if output is not None:
            try:
                with AtomicFile(output) as handle:
                    report = restore_stream(source, mapping, handle.write, allow_unknown=allow_unknown)
            except OSError as exc:
                raise UsageError(f"cannot write {output}: {exc.strerror or exc}; it is unchanged") from None
        else:
            try:
                report = restore_stream(source, mapping, stdout.write, allow_unknown=allow_unknown)
                stdout.flush()
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise UsageError(f"cannot write standard output: {exc.strerror or exc}") from None
        totals.restored += report.restored
        totals.unknown = list(dict.fromkeys([*totals.unknown, *report.unknown]))  # each once, in order
    return totals


def outcome_report(outcome: RedactOutcome, settings: Settings, *, json_like: bool = False) -> Report:
    """The report of a redact run: its findings (snippets dropped for JSON), stats and, for JSON, each detection."""
    from dataclasses import replace

    from aisec_cli.core.pipeline import finalize
    from aisec_cli.pii.findings import detection_record

    findings = [replace(f, snippet="") for f in outcome.findings] if json_like else outcome.findings
    records = [detection_record(r.path, item) for r in outcome.files for item in r.detections]
    return finalize(
        "redact",
        findings,
        (),
        outcome.errors,
        settings,
        stats={"files": len(outcome.files), "detections": outcome.detections},
        extra={"detections": records} if json_like else None,
    )
