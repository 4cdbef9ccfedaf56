"""Recall and false alarms of ``aisec lint`` on the test cases other tools publish for the same checks.

Usage::

    # bring the peers' repositories with the fetch tool first (bare mirrors under /work/.mirror)
    PYTHONPATH=$PWD python bench/lint_peer_cases.py [--mirrors /work/.mirror] \
        [--semgrep-ai DIR] [--llm-audit DIR] [--aisec-path /other/checkout] [--show-misses] [--keep DIR]

Nothing of the peers is stored here: their files are read from the mirrors at run time, every
case is written into a file of its own (or, for a file whose comments mark the lines that must
and must not trigger, the whole file once) in a temporary folder, and ``aisec lint --profile
audit`` runs over the folder once. Only the rules a peer's rule is mapped to are counted: a true
case is found when one of them is reported on the case's lines (anywhere in its file for a
code-string case); a false case is a false alarm when one of them is. Every case has a stable
id (a checksum of its peer, file and place): fixes are chosen on the misses of even ids, the odd
ids are reported apart. Cases apart from "compared": "placeholder" (every key of the case is
placeholder-shaped or too short for a real key: our scan skips those on purpose), "no-source"
(the peer reports any interpolation into a prompt, even of a literal or an unknown name),
"name-only" (a variable merely named like a response, no model call in sight), "user-message"
(user text alone in the user turn), "disputed" (a peer verdict a reviewer would not sign).

Peers, licences, and what is compared (the peer's rule -> ours):

* PyCQA/bandit (Apache-2.0) examples/pytorch_load.py B614 -> AIS504, examples/
  huggingface_unsafe_download.py B615 -> AIS505 (audit). Not compared: B113 (every requests call
  without timeout; AIS402 judges AI clients only), B501 (verify=False anywhere; AIS502 only for
  AI traffic), B301/B307/B602 (every pickle/eval/shell call whatever its data).
* SonarSource/sonar-python (SONAR Source-Available Licence 1.0) the torch.load check's test
  file (``# Noncompliant`` lines) -> AIS504.
* trailofbits/semgrep-rules (AGPL-3.0) ``# ruleid:``/``# ok:`` lines of pickles-in-numpy
  (all), pickles-in-pytorch and scikit-joblib-load (``ruleid`` loads only: their ``ok`` rests on
  the path being a constant, which bandit and Sonar do not accept for torch.load) -> AIS504.
  Not compared: pickles-in-keras (any non-constant path, whatever safe_mode), torch.save.
* kriskimmerle/promptaudit (MIT) test_promptaudit.py code strings and examples/*.py:
  P01 -> AIS201/AIS202 (only where the input reaches a system slot or an instruction
  template; user text alone in the user message is the intended use), P02 -> AIS301/302/305,
  P03 -> AIS101, P06 -> AIS306/301/302. Not compared: P04 (secrecy wording), P05 (output
  returned unvalidated).
* kriskimmerle/agentflow (MIT) test_agentflow.py code strings and examples/*.py: AF01 ->
  AIS201/202, AF02/AF03 inside an agent tool -> AIS306/301/302, AF05 with an AI-provider key
  -> AIS101, AF15 inside an agent tool -> AIS303. Not compared: bare eval/shell/SQL/pickle
  outside tools (no model data), AF08 on a variable merely named ``response`` with no model call
  in sight (reported apart as "name-only"), AF11/AF12/AF14.
* semgrep/semgrep-rules ai/ai-best-practices (Semgrep Rules License 1.0), Python and JS/TS
  ``ruleid``/``ok`` files: llm-output-to-exec/sql/xss, *-user-input-in-system-prompt,
  openai/anthropic-missing-max-tokens, llamaindex-dangerous-exec, langchain-allow-dangerous-
  flags, mcp-command-injection, mcp-ssrf, *-hardcoded-api-key, llm-api-key-in-source (see
  SEMGREP_AI). Not compared: moderation, refusal, error-handling, safety-setting, user-id and
  missing-system-prompt rules, hooks-*, MCP tool poisoning/typosquatting. The fetchable mirror
  predates the pack: point --semgrep-ai at a folder of copies of the test files.
* Javierlozo/llm-audit (MIT) test/fixtures/<rule>/{vulnerable,safe}.* (see LLM_AUDIT), from a
  folder of copies (--llm-audit). Not compared: schema-less parsing, markdown rendering,
  streaming abort, client-bundle prompt leakage, request-body schemas, secrets in prompts.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import tempfile
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from aisec_cli.secrets.filters import is_placeholder, is_sequential

P01 = ("AIS201", "AIS202")
P02 = ("AIS301", "AIS302", "AIS305")
TOOL_EXEC = ("AIS306", "AIS301", "AIS302")
KEY_LITERAL = re.compile(r"""(?:key|token)\w*["']?\s*[=:]\s*["']([^"'\s]{6,200})["']|["']((?:sk-|hf_|AIza)[\w\-]{4,200})["']""", re.I)


@dataclass
class Case:
    """One expectation of a peer: this code (or these lines of it) should or should not trigger."""

    peer: str
    rule: str
    ours: tuple[str, ...]
    expected: bool
    file: str
    name: str
    lines: tuple[int, int] | None = None
    kind: str = "compared"


class Mirror:
    """Reads files of a bare mirror at HEAD."""

    def __init__(self, root: Path, repo: str) -> None:
        self.git_dir = root / repo.replace("/", "+") / "repo"

    def available(self) -> bool:
        return self.git_dir.is_dir()

    def show(self, path: str) -> str:
        return subprocess.run(
            ["git", "--git-dir", str(self.git_dir), "show", f"HEAD:{path}"],
            capture_output=True, text=True, check=True,
        ).stdout


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Call):
        return _dotted(node.func) + "()"
    return "?"


def _calls(source: str) -> list[ast.Call]:
    return sorted((n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)), key=lambda n: n.lineno)


def _span(node: ast.AST) -> tuple[int, int]:
    return node.lineno, getattr(node, "end_lineno", None) or node.lineno


def _comment_above(lines: list[str], lineno: int) -> str:
    """The comment lines of the paragraph a line is in, above it (up to the first blank line)."""
    found: list[str] = []
    index = lineno - 2
    while index >= 0 and lines[index].strip():
        if lines[index].strip().startswith("#"):
            found.append(lines[index].strip())
        index -= 1
    return " ".join(reversed(found))


# --- bandit --------------------------------------------------------------------------------------

def bandit(mirror: Mirror, out: Path) -> list[Case]:
    cases: list[Case] = []
    source = mirror.show("examples/pytorch_load.py")
    name = "bandit/pytorch_load.py"
    _write(out, name, source)
    lines = source.splitlines()
    for call in _calls(source):
        callee = _dotted(call.func)
        if not (callee.startswith("torch.") and callee.endswith(".load")):
            continue
        comment = _comment_above(lines, call.lineno)
        if "trigger" not in comment:
            continue
        expected = "should NOT trigger" not in comment
        cases.append(Case("bandit", "B614", ("AIS504",), expected, name, f"line {call.lineno}", _span(call)))
    source = mirror.show("examples/huggingface_unsafe_download.py")
    name = "bandit/huggingface_unsafe_download.py"
    _write(out, name, source)
    lines = source.splitlines()
    for call in _calls(source):
        callee = _dotted(call.func).rsplit(".", 1)[-1]
        if callee not in {"from_pretrained", "load_dataset", "hf_hub_download", "snapshot_download"}:
            continue
        header = [line for line in lines[: call.lineno] if line.strip() in {"# UNSAFE USAGE", "# SAFE USAGE"}]
        if not header:
            continue
        expected = header[-1].strip() == "# UNSAFE USAGE"
        cases.append(Case("bandit", "B615", ("AIS505",), expected, name, f"line {call.lineno}", _span(call)))
    return cases


def _statement_line(lines: list[str], lineno: int) -> int:
    """The first line of the statement holding a line (walks back over open brackets)."""
    while lineno > 1 and lines[lineno - 2].rstrip().endswith(("(", ",")):
        lineno -= 1
    return lineno


# --- SonarSource ---------------------------------------------------------------------------------

def sonar(mirror: Mirror, out: Path) -> list[Case]:
    path = "python-checks/src/test/resources/checks/torchLoadLeadsToUntrustedCodeExecution.py"
    source = mirror.show(path)
    name = "sonar/torch_load.py"
    _write(out, name, source)
    lines = source.splitlines()
    cases = []
    for call in _calls(source):
        if _dotted(call.func) not in {"torch.load", "load"}:
            continue
        expected = "Noncompliant" in lines[call.lineno - 1]
        # torch.load's weights_only is keyword-only: `*args` cannot carry it, the load stays unsafe
        # before torch 2.6 (Sonar leaves it unjudged)
        positional_spread = any(isinstance(a, ast.Starred) for a in call.args)
        kind = "disputed" if positional_spread and not expected and not any(
            k.arg in ("weights_only", None) for k in call.keywords) else "compared"
        cases.append(Case("sonar", "S6985", ("AIS504",), expected, name, f"line {call.lineno}", _span(call), kind))
    return cases


# --- Trail of Bits (semgrep annotations) ---------------------------------------------------------

TOB_RULES = {
    # rule: (compare ok lines too, callee endings that are loads)
    "pickles-in-numpy": (True, ("numpy.load",)),
    "pickles-in-pytorch": (False, ("torch.load",)),
    "scikit-joblib-load": (False, ("joblib.load",)),
}


def trailofbits(mirror: Mirror, out: Path) -> list[Case]:
    cases = []
    for rule, (with_ok, loaders) in TOB_RULES.items():
        source = mirror.show(f"python/{rule}.py")
        name = f"trailofbits/{rule}.py"
        _write(out, name, source)
        lines = source.splitlines()
        for call in _calls(source):
            if not _dotted(call.func).endswith(loaders):
                continue
            comment = _comment_above(lines, _statement_line(lines, call.lineno))
            if f"ruleid: {rule}" in comment:
                expected = True
            elif f"ok: {rule}" in comment and with_ok and not _literal_path(call):
                expected = False
            else:
                continue
            cases.append(Case("trailofbits", rule, ("AIS504",), expected, name, f"line {call.lineno}", _span(call)))
    return cases


def _literal_path(call: ast.Call) -> bool:
    """The loaded file is a string literal (the peer's ``ok`` then rests on the path alone)."""
    path = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "file"), None)
    return isinstance(path, ast.Constant)


# --- code strings of unittest files (promptaudit, agentflow) -------------------------------------

def _string_cases(source: str) -> list[tuple[str, str, dict[str, bool]]]:
    """(test name, code, {peer rule: expected}) for every test that audits a code string."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef) or not node.name.startswith("test_"):
            continue
        code = None
        for stmt in ast.walk(node):
            if (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant)
                    and isinstance(stmt.value.value, str)
                    and any(isinstance(t, ast.Name) and t.id == "code" for t in stmt.targets)):
                code = stmt.value.value
        if code is None:
            continue
        text = ast.get_source_segment(source, node) or ""
        rules = re.findall(r"""rule\s*==\s*["']([A-Z]+\d+)["']|["']([A-Z]+\d+)["']\s+in\s+i\.rule""", text)
        expectations: dict[str, bool] = {}
        for pair in rules:
            rule = pair[0] or pair[1]
            if re.search(r"assert(False|Equal\(len\(\w+\), 0\))", text):
                expectations[rule] = False
            elif re.search(r"assert(True|Greater)", text) or node.name.endswith("_detected"):
                expectations[rule] = True
        if not rules and re.search(r"assertEqual\(len\(findings\), 0\)", text):
            expectations["*"] = False
        found.append((node.name, code, expectations))
    return found


def _key_kind(code: str) -> str:
    """"placeholder" when every key of the snippet is placeholder-shaped or too short for a real
    key (our scan skips those on purpose), else "compared"."""
    keys = [a or b for a, b in KEY_LITERAL.findall(code)]
    if keys and all(is_placeholder(key) or is_sequential(key) or "-key" in key.lower() or len(key) < 32 for key in keys):
        return "placeholder"
    return "compared"


# Where untrusted text comes from, as our AIS201/AIS202 read it: a peer flagging every f-string in
# a prompt (a literal, a bare parameter, a free name) is not the standard; those cases are "no-source".
UNTRUSTED_SOURCE = re.compile(r"\binput\(|\brequest\.|sys\.argv|st\.text_input|\bevent\[")


def _prompt_kind(code: str) -> str:
    return "compared" if UNTRUSTED_SOURCE.search(code) else "no-source"


PROMPTAUDIT_TESTS = {
    # test name: (our rules, kind) for the tests whose P-rule maps; others are not compared
    "test_fstring_in_prompt_detected": (P01, "user-message"),
    "test_eval_on_llm_output_detected": (P02, "compared"),
    "test_exec_on_llm_output_detected": (P02, "compared"),
    "test_subprocess_on_output_detected": (P02, "compared"),
    "test_hardcoded_api_key_detected": (("AIS101",), "key"),
    "test_env_api_key_ok": (("AIS101",), "compared"),
}
PROMPTAUDIT_RULE_OF = {
    "test_eval_on_llm_output_detected": "P02",
    "test_subprocess_on_output_detected": "P02",
}


def promptaudit(mirror: Mirror, out: Path) -> list[Case]:
    cases = []
    for test, code, expectations in _string_cases(mirror.show("test_promptaudit.py")):
        name = f"promptaudit/{test}.py"
        _write(out, name, code)
        if "*" in expectations:
            every = tuple(sorted({r for ours, _ in PROMPTAUDIT_TESTS.values() for r in ours} | set(TOOL_EXEC)))
            cases.append(Case("promptaudit", "all", every, False, name, test))
            continue
        if test not in PROMPTAUDIT_TESTS:
            continue
        ours, kind = PROMPTAUDIT_TESTS[test]
        rule = next(iter(expectations), PROMPTAUDIT_RULE_OF.get(test, "?"))
        expected = expectations.get(rule, True)
        if kind == "key":
            kind = _key_kind(code)
        elif ours == P01 and kind == "compared":
            kind = _prompt_kind(code)
        cases.append(Case("promptaudit", rule, ours, expected, name, test, kind=kind))
    cases += _annotated_example(mirror, out, "promptaudit", "examples/vulnerable_app.py", {
        "P01": P01, "P02": P02, "P03": ("AIS101",), "P06": TOOL_EXEC,
    })
    cases += _clean_example(mirror, out, "promptaudit", "examples/safe_app.py",
                            {"P01": ("AIS201",), "P02": P02, "P03": ("AIS101",), "P06": TOOL_EXEC})
    return cases


def _annotated_example(mirror: Mirror, out: Path, peer: str, path: str,
                       mapping: dict[str, tuple[str, ...]]) -> list[Case]:
    """Cases of an example whose ``# P02: ...`` comments mark the statement below them."""
    source = mirror.show(path)
    name = f"{peer}/{Path(path).name}"
    _write(out, name, source)
    lines = source.splitlines()
    tree = ast.parse(source)
    statements = sorted((n for n in ast.walk(tree) if isinstance(n, ast.stmt)), key=lambda n: n.lineno)
    cases = []
    for index, line in enumerate(lines, start=1):
        match = re.match(r"\s*#\s*([A-Z]+\d+):", line)
        if not match or match.group(1) not in mapping:
            continue
        rule = match.group(1)
        below = next((s for s in statements if s.lineno > index and not isinstance(s, ast.FunctionDef)), None)
        if below is None:
            continue
        end = below.lineno  # the paragraph the comment heads: up to the next blank or comment line
        while end < len(lines) and lines[end].strip() and not lines[end].strip().startswith("#"):
            end += 1
        block = "\n".join(lines[below.lineno - 1:end])
        ours = mapping[rule]
        kind = _key_kind(block) if ours == ("AIS101",) else _prompt_kind(block) if ours == P01 else "compared"
        cases.append(Case(peer, rule, ours, True, name, f"lines {below.lineno}-{end}", (below.lineno, end), kind))
    return cases


def _clean_example(mirror: Mirror, out: Path, peer: str, path: str,
                   mapping: dict[str, tuple[str, ...]]) -> list[Case]:
    source = mirror.show(path)
    name = f"{peer}/{Path(path).name}"
    _write(out, name, source)
    return [Case(peer, rule, ours, False, name, f"{Path(path).name} (whole file)") for rule, ours in mapping.items()]


AGENTFLOW_TESTS = {
    "test_fstring_in_prompt": (P01, "compared"),
    "test_format_in_prompt": (P01, "compared"),
    "test_safe_template": (P01, "compared"),
    "test_eval_in_tool": (TOOL_EXEC, "compared"),
    "test_openai_key": (("AIS101",), "key"),
    "test_anthropic_key": (("AIS101",), "key"),
    "test_env_var_ok": (("AIS101",), "compared"),
    "test_exec_response": (("AIS301",), "name-only"),
    "test_eval_completion": (("AIS301",), "name-only"),
}
AGENTFLOW_EXAMPLE = {
    "AF01": P01, "AF02": TOOL_EXEC, "AF03": TOOL_EXEC, "AF05": ("AIS101",), "AF15": ("AIS303",),
    "AF08": ("AIS301",),
}


def agentflow(mirror: Mirror, out: Path) -> list[Case]:
    cases = []
    for test, code, expectations in _string_cases(mirror.show("test_agentflow.py")):
        if test not in AGENTFLOW_TESTS or not expectations:
            continue
        name = f"agentflow/{test}.py"
        _write(out, name, code)
        ours, kind = AGENTFLOW_TESTS[test]
        rule, expected = next(iter(expectations.items()))
        if kind == "key":
            kind = _key_kind(code)
        elif ours == P01 and expected:
            kind = _prompt_kind(code)
        cases.append(Case("agentflow", rule, ours, expected, name, test, kind=kind))
    example = _annotated_example(mirror, out, "agentflow", "examples/vulnerable_agent.py", AGENTFLOW_EXAMPLE)
    for case in example:
        if case.rule == "AF08":
            case.kind = "name-only"
    cases += example
    cases += _clean_example(mirror, out, "agentflow", "examples/secure_agent.py",
                            {"AF01": P01, "AF02": TOOL_EXEC, "AF05": ("AIS101",), "AF15": ("AIS303",)})
    return cases


# semgrep/semgrep-rules ai/ai-best-practices (Semgrep Rules License 1.0): ``# ruleid:`` / ``# ok:``
# test files. The fetchable mirror predates the pack, so the files are read from a folder that
# holds copies of them (--semgrep-ai DIR, laid out as <rule folder>/<file>.py), never from here.
SEMGREP_AI: dict[str, tuple[tuple[str, ...], str]] = {
    "llm-output-to-exec-python": (("AIS301", "AIS302"), "compared"),
    "llm-output-to-sql-python": (("AIS303",), "compared"),
    "llm-output-to-sql-injection-python": (("AIS303",), "compared"),
    "llm-output-to-xss-python": (("AIS304",), "compared"),
    "openai-user-input-in-system-prompt-python": (("AIS201",), "compared"),
    "anthropic-user-input-in-system-prompt-python": (("AIS201",), "compared"),
    "cohere-user-input-in-system-prompt-python": (("AIS201",), "compared"),
    "gemini-user-input-in-system-prompt-python": (("AIS201",), "compared"),
    "mistral-user-input-in-system-prompt-python": (("AIS201",), "compared"),
    "openai-missing-max-tokens-python": (("AIS401",), "compared"),
    "anthropic-missing-max-tokens-python": (("AIS401",), "compared"),
    "llamaindex-dangerous-exec-python": (("AIS306",), "compared"),
    "langchain-allow-dangerous-flags-python": (("AIS306", "AIS307", "AIS504"), "compared"),
    "mcp-command-injection-python": (("AIS301", "AIS302"), "compared"),
    "mcp-ssrf-python": (("AIS305",), "compared"),
    # PythonREPL().run(<a free name>): what runs is not known to be model output
    "langchain-dangerous-exec-python": (("AIS301", "AIS306"), "name-only"),
    "llm-output-to-exec-javascript": (("AIS301", "AIS302"), "compared"),
    "llm-output-to-sql-injection-javascript": (("AIS303",), "compared"),
    "llm-output-to-xss-javascript": (("AIS304",), "compared"),
    "openai-user-input-in-system-prompt-js": (("AIS201",), "compared"),
    "anthropic-user-input-in-system-prompt-js": (("AIS201",), "compared"),
    "cohere-user-input-in-system-prompt-js": (("AIS201",), "compared"),
    "gemini-user-input-in-system-prompt-js": (("AIS201",), "compared"),
    "mistral-user-input-in-system-prompt-js": (("AIS201",), "compared"),
    "openai-missing-max-tokens-javascript": (("AIS401",), "compared"),
    "mcp-command-injection-typescript": (("AIS301", "AIS302"), "compared"),
    "mcp-ssrf-typescript": (("AIS305",), "compared"),
    **{f"{provider}-hardcoded-api-key-python": (("AIS101",), "key")
       for provider in ("openai", "anthropic", "gemini", "cohere", "mistral", "huggingface")},
    "llm-api-key-in-source-python": (("AIS101",), "key"),
}
# (rule, enclosing function, expected) of cases a reviewer would not sign: parsing a URL
# (urlparse(...).geturl()) does not restrict where a request goes; Anthropic's messages.create
# requires max_tokens (the SDK refuses the call without it), so no uncapped request is sent.
SEMGREP_DISPUTED = {("mcp-ssrf-python", "safe_fetch", False), ("anthropic-missing-max-tokens-python", "", True)}
ANNOTATION = re.compile(r"^\s*#\s*(ruleid|ok):\s*([\w-]+)\s*$")
JS_ANNOTATION = re.compile(r"^\s*//\s*(ruleid|ok):\s*([\w-]+)\s*$")
JS_STRING = re.compile(r"""'[^']*'|"[^"]*"|`[^`]*`""")


def semgrep_ai(folder: Path, out: Path) -> list[Case]:
    cases = _semgrep_ai_js(folder, out)
    for path in sorted(folder.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = f"semgrep/{path.relative_to(folder)}"
        _write(out, name, source)
        lines = source.splitlines()
        tree = ast.parse(source)
        statements = [n for n in ast.walk(tree) if isinstance(n, ast.stmt)]
        functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for index, line in enumerate(lines, start=1):
            match = ANNOTATION.match(line)
            if not match or match.group(2) not in SEMGREP_AI:
                continue
            target = next((n for n in range(index + 1, len(lines) + 1)
                           if lines[n - 1].strip() and not lines[n - 1].strip().startswith("#")), None)
            holders = [s for s in statements if s.lineno <= (target or 0) <= (s.end_lineno or s.lineno)
                       and not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
            if target is None or not holders:
                continue
            stmt = min(holders, key=lambda s: (s.end_lineno or s.lineno) - s.lineno)
            rule = match.group(2)
            ours, kind = SEMGREP_AI[rule]
            expected = match.group(1) == "ruleid"
            if kind == "key":
                kind = _key_kind(ast.get_source_segment(source, stmt) or "") if expected else "compared"
            function = next((f.name for f in functions if f.lineno <= target <= (f.end_lineno or f.lineno)), "")
            if (rule, function, expected) in SEMGREP_DISPUTED:
                kind = "disputed"
            cases.append(Case("semgrep", rule.removesuffix("-python"), ours, expected, name,
                              f"line {target}", _span(stmt), kind))
    return cases


def _semgrep_ai_js(folder: Path, out: Path) -> list[Case]:
    return _annotated_js(folder, out, "semgrep", SEMGREP_AI, {})


def _annotated_js(folder: Path, out: Path, peer: str, table: dict[str, tuple[tuple[str, ...], str]],
                  kinds: dict[tuple[str, str], str]) -> list[Case]:
    """JS/TS files with ``// ruleid:`` / ``// ok:`` lines: the case is the statement the annotated
    line belongs to (walked back over continuation lines, forward to its closing bracket);
    ``kinds`` re-labels the cases of one (rule, enclosing function)."""
    cases = []
    for path in sorted(p for p in folder.rglob("*") if p.suffix in (".js", ".ts", ".tsx")):
        source = path.read_text(encoding="utf-8")
        name = f"{peer}/{path.relative_to(folder)}"
        _write(out, name, source)
        lines = source.splitlines()
        for index, line in enumerate(lines, start=1):
            match = JS_ANNOTATION.match(line)
            if not match or match.group(2) not in table:
                continue
            target = next((n for n in range(index + 1, len(lines) + 1)
                           if lines[n - 1].strip() and not lines[n - 1].strip().startswith("//")), None)
            if target is None:
                continue
            ours, kind = table[match.group(2)]
            function = next((m.group(1) for m in (JS_FUNCTION.search(lines[n - 1]) for n in range(index, 0, -1)) if m), "")
            kind = kinds.get((match.group(2), function), kind)
            cases.append(Case(peer, match.group(2), ours, match.group(1) == "ruleid", name,
                              f"line {target}", _js_statement(lines, target), kind))
    return cases


# Javierlozo/llm-audit (MIT) test/fixtures/<rule>/{vulnerable,safe}.*: TS/JS cases with
# ``// ruleid:`` / ``// ok:`` lines; read from a folder of copies (--llm-audit DIR).
LLM_AUDIT: dict[str, tuple[tuple[str, ...], str]] = {
    "untrusted-input-in-system-prompt": (("AIS201",), "compared"),
    "untrusted-input-concatenated-into-prompt-template": (("AIS201", "AIS202"), "compared"),
    "llm-output-insecure-handling": (("AIS301", "AIS302", "AIS304"), "compared"),
    # `search()` is only declared: what it returns is not known to be fetched text
    "untrusted-retrieval-context-in-system-role": (("AIS201",), "no-source"),
    "tool-call-dispatch-without-allowlist": (("AIS308",), "compared"),
}
# a parameter merely named `completion` / `call`: no model call in sight
LLM_AUDIT_KINDS = {
    ("tool-call-dispatch-without-allowlist", "vuln2"): "name-only",
    ("tool-call-dispatch-without-allowlist", "vuln3"): "name-only",
}
JS_FUNCTION = re.compile(r"\bfunction\s+(\w+)")


def _js_statement(lines: list[str], target: int) -> tuple[int, int]:
    start = target
    while start > 1:
        previous = lines[start - 2].strip()
        if previous.startswith("//") or previous.endswith(("(", "[", "{", ",")):
            start -= 1
            continue
        break
    depth = 0
    for number in range(start, len(lines) + 1):
        text = JS_STRING.sub("", lines[number - 1].split("//")[0])
        depth += sum(text.count(c) for c in "([{") - sum(text.count(c) for c in ")]}")
        if number >= target and depth <= 0:
            return start, number
    return start, target


PEERS = {
    "PyCQA/bandit": bandit,
    "SonarSource/sonar-python": sonar,
    "trailofbits/semgrep-rules": trailofbits,
    "kriskimmerle/promptaudit": promptaudit,
    "kriskimmerle/agentflow": agentflow,
}


def _write(out: Path, name: str, text: str) -> None:
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def lint(root: Path, aisec_path: Path | None) -> dict[str, list[tuple[str, int, int]]]:
    """Findings per file: (rule, first line, last line)."""
    env = dict(os.environ)
    if aisec_path is not None:
        env["PYTHONPATH"] = str(aisec_path)
    done = subprocess.run(
        [sys.executable, "-m", "aisec_cli", "lint", str(root), "--profile", "audit", "-f", "jsonl", "--exit-zero"],
        env=env, cwd=str(aisec_path or Path.cwd()), capture_output=True, text=True, check=False,
    )
    found: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for line in done.stdout.splitlines():
        if not line.startswith("{"):
            continue
        record = json.loads(line)
        location = record.get("location") or {}
        start = int(location.get("line") or 0)
        found[location.get("path", "")].append((record["rule_id"], start, int(location.get("end_line") or start)))
    return found


def case_id(case: Case) -> int:
    """A number that stays with the case whatever else is in the set (file and place)."""
    return zlib.crc32(f"{case.peer}/{case.file}/{case.name}".encode())


def reported(case: Case, found: dict[str, list[tuple[str, int, int]]]) -> bool:
    for rule, start, end in found.get(case.file, []):
        if rule not in case.ours:
            continue
        if case.lines is None or (start <= case.lines[1] and end >= case.lines[0]):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--aisec-path", type=Path, default=None)
    parser.add_argument("--semgrep-ai", type=Path, default=None,
                        help="folder with copies of semgrep-rules ai/ai-best-practices test files")
    parser.add_argument("--llm-audit", type=Path, default=None,
                        help="folder with copies of Javierlozo/llm-audit test/fixtures")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--keep", type=Path, default=None, help="write the cases here and keep them")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lint-peer-") as scratch:
        root = args.keep or Path(scratch)
        cases: list[Case] = []
        for repo, build in PEERS.items():
            mirror = Mirror(args.mirrors, repo)
            if not mirror.available():
                print(f"{repo}: no mirror under {args.mirrors} (fetch it first); skipped")
                continue
            cases += build(mirror, root)
        if args.semgrep_ai is not None:
            cases += semgrep_ai(args.semgrep_ai, root)
        if args.llm_audit is not None:
            cases += _annotated_js(args.llm_audit, root, "llm-audit", LLM_AUDIT, LLM_AUDIT_KINDS)
        found = lint(root, args.aisec_path)
        return report(cases, found, args.show_misses)


def report(cases: list[Case], found: dict[str, list[tuple[str, int, int]]], show: bool) -> int:
    table: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    misses = []
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for case in cases:
        hit = reported(case, found)
        half = "even" if case_id(case) % 2 == 0 else "odd"
        row = table[(case.peer, case.rule, case.kind)]
        if case.expected:
            row[0] += 1
            row[1] += hit
        else:
            row[2] += 1
            row[3] += hit
        if case.kind == "compared":
            for key in (case.peer, f"all ({half} ids)", "all"):
                totals[key][0 if case.expected else 2] += 1
                totals[key][1 if case.expected else 3] += hit
        if hit != case.expected:
            misses.append((half, case, "missed" if case.expected else "false alarm"))
    print(f"{'peer':<13} {'rule':<19} {'kind':<12} {'found':>9} {'false':>9}")
    for (peer, rule, kind), (pos, hit, neg, false) in sorted(table.items()):
        print(f"{peer:<13} {rule:<19} {kind:<12} {f'{hit}/{pos}':>9} {f'{false}/{neg}':>9}")
    print()
    for peer, (pos, hit, neg, false) in sorted(totals.items()):
        recall = hit / pos if pos else 1.0
        alarm = false / neg if neg else 0.0
        print(f"{peer:<15} compared: found {hit}/{pos} ({recall:.3f}), false alarms {false}/{neg} ({alarm:.3f})")
    if show:
        print()
        for half, case, what in misses:
            print(f"{half:<4} {what:<11} {case.peer}/{case.rule} [{case.kind}] {case.file} {case.name} wants {'/'.join(case.ours)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
