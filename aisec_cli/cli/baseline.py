"""``aisec baseline prune`` drops entries that match nothing; ``aisec baseline audit`` labels them."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Optional

import typer

from aisec_cli import api
from aisec_cli.cli import options as opt
from aisec_cli.cli.common import CommonOptions, build_settings, fail, guarded, say
from aisec_cli.core import baseline as baseline_mod
from aisec_cli.core.findings import Finding

baseline_app = typer.Typer(help="Keep the baseline file tidy: prune stale entries, audit the rest.", no_args_is_help=True)

BaselineFile = Annotated[
    Path,
    typer.Option("--baseline", "-b", envvar="AISEC_BASELINE", help="The baseline file.", show_default=True),
]
# Sections whose engine a plain tree run can repeat; the others are kept as they are.
CHECKED = ("scan", "lint", "prompts")


def _current(paths: Sequence[Path], sections: Sequence[str], config: Path | None, isolated: bool) -> list[Finding]:
    """Every finding the engines behind ``sections`` report today (no baseline, suppressions applied)."""
    settings = build_settings(paths, CommonOptions(config=config, isolated=isolated))
    found: list[Finding] = []
    if "scan" in sections:
        found += api.scan_paths(paths, settings).findings
    if "lint" in sections:
        found += api.lint_paths(paths, settings, "audit").findings
    if "prompts" in sections:
        from aisec_cli.prompts.run import prompt_settings_from, prompts_tree

        found += prompts_tree(list(paths), settings, prompt_settings_from(settings)).findings
    return found


def register(app: typer.Typer) -> None:
    app.add_typer(baseline_app, name="baseline")


@baseline_app.command("prune")
def prune(
    paths: opt.Paths = None,
    baseline: BaselineFile = Path(".aisec-baseline.json"),
    config: opt.Config = None,
    isolated: opt.Isolated = False,
    no_progress: opt.NoProgress = False,
) -> None:
    """Drop the entries that no longer match any finding, and rewrite the file in the current format.

    The scan, lint and prompts sections are checked; redact and checklist entries are kept.

    Examples:

      aisec baseline prune                          # .aisec-baseline.json, whole repository

      aisec baseline prune --baseline ci/base.json src/
    """
    targets = list(paths or [Path(".")])

    def run() -> int:
        known = baseline_mod.load(baseline)
        if known.detect_secrets and not known.sections:
            fail(f"{baseline}: a detect-secrets baseline; prune it with detect-secrets")
        sections = [s for s in known.sections if s in CHECKED]
        kept, dropped = baseline_mod.prune(baseline, _current(targets, sections, config, isolated), keep=("checklist", "redact"))
        say(f"aisec: baseline {baseline}: kept {kept} entr{'y' if kept == 1 else 'ies'}, dropped {dropped}")
        return 0

    guarded(run, "re-checking the baseline's entries", no_progress)


@baseline_app.command("audit")
def audit(
    paths: opt.Paths = None,
    baseline: BaselineFile = Path(".aisec-baseline.json"),
    config: opt.Config = None,
    isolated: opt.Isolated = False,
    all_entries: Annotated[bool, typer.Option("--all", help="Ask about entries already labelled too.")] = False,
) -> None:
    """Walk the entries one by one and record each as a true or a false positive.

    Answer t (true positive: a real secret or problem, accepted for now), f (false positive),
    s (skip) or q (save and quit). Labels are written to the file as "verdict".

    Examples:

      aisec baseline audit

      aisec baseline audit --all --baseline ci/base.json
    """
    targets = list(paths or [Path(".")])

    def run() -> int:
        known = baseline_mod.load(baseline)
        entries = known.entries()
        if not entries:
            say(f"aisec: baseline {baseline} has no entries")
            return 0
        current = _current(targets, [s for s in known.sections if s in CHECKED], config, isolated)
        verdicts: dict[int, str] = {}
        todo = [(n, item) for n, item in enumerate(entries) if all_entries or not item[1].verdict]
        for done, (n, (section, entry)) in enumerate(todo, 1):
            finding = next((f for f in current if entry.matches(f)), None)
            _show(done, len(todo), section, entry, finding)
            answer = _ask()
            if answer == "q":
                break
            if answer in ("t", "f"):
                verdicts[n] = "true-positive" if answer == "t" else "false-positive"
        updated: dict[str, list[baseline_mod.Entry]] = {}
        for n, (section, entry) in enumerate(entries):
            if n in verdicts:
                entry = baseline_mod.Entry(entry.rule, entry.path, entry.fingerprint, entry.key, verdicts[n], entry.legacy)
            updated.setdefault(section, []).append(entry)
        baseline_mod.save(baseline, baseline_mod.dump(updated))
        say(f"aisec: recorded {len(verdicts)} verdict(s) in {baseline}")
        return 0

    guarded(run)


def _show(done: int, total: int, section: str, entry: baseline_mod.Entry, finding: Finding | None) -> None:
    """One entry on the terminal; its texts come from a file anyone can edit: escaped."""
    from aisec_cli.report.common import one_line

    out = sys.stdout
    out.write(f"\n[{done}/{total}] {section} {one_line(entry.rule)} {one_line(entry.path)}")
    if finding is not None:
        out.write(f":{finding.location.line}\n  {one_line(finding.message)}\n")
        if finding.snippet:
            out.write(f"  evidence: {one_line(finding.snippet)}\n")
    else:
        out.write("\n  (no longer found: `aisec baseline prune` drops it)\n")
    if entry.verdict:
        out.write(f"  recorded: {entry.verdict}\n")
    out.flush()


def _ask() -> str:
    while True:
        sys.stdout.write("  true positive, false positive, skip or quit? [t/f/s/q] ")
        sys.stdout.flush()
        line = sys.stdin.readline()
        if not line:
            return "q"  # end of input: save what was answered
        answer = line.strip().lower()[:1]
        if answer in ("t", "f", "s", "q"):
            return answer
