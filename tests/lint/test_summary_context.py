"""A module's findings do not depend on which other modules were linted before it in the run.

Cross-file summaries are computed at three depths (for the module being linted, for a module
it calls, past the bound: one module alone). A summary computed deep inside another module's
analysis knows less; reused later for a call from the top it hid a sink three modules away,
so a file's findings changed with the files a worker process happened to lint first (seen on
a real repository as a finding that came and went between runs on a loaded machine).
"""

from __future__ import annotations

import json
from pathlib import Path

from aisec_cli.core.document import Document
from aisec_cli.lint import LintSettings, lint_document
from tests.treefiles import write_tree

# victim.py -> helpers/outer.py -> helpers/middle.py -> helpers/inner.py (exec of its argument)
CHAIN = {
    "helpers/__init__.py": "",
    "helpers/inner.py": "def evaluate(source):\n    exec(source)\n",
    "helpers/middle.py": "from helpers.inner import evaluate\n\n\ndef run(code):\n    evaluate(code)\n",
    "helpers/outer.py": "from helpers.middle import run\n\n\ndef apply(snippet):\n    run(snippet)\n",
    # one more hop in front: linting this first summarises helpers/outer.py one level down
    "helpers/front.py": "from helpers.outer import apply\n\n\ndef forward(text):\n    apply(text)\n",
}
MODEL_CALL = (
    "from openai import OpenAI\n\n"
    "client = OpenAI(timeout=30, max_retries=2)\n\n\n"
    "def answer(question: str) -> None:\n"
    "    reply = client.chat.completions.create(\n"
    "        model='m', max_tokens=200, messages=[{'role': 'user', 'content': question}]\n"
    "    )\n"
    "    code = reply.choices[0].message.content\n"
)
FIRST = "from helpers.front import forward\n" + MODEL_CALL + "    forward(code)\n"
VICTIM = "from helpers.outer import apply\n" + MODEL_CALL + "    apply(code)\n"


def _project(root: Path) -> Path:
    return write_tree(root, {**CHAIN, "first.py": FIRST, "victim.py": VICTIM})


def _code_execution(root: Path, order: list[str]) -> dict[str, list[tuple[str, int]]]:
    settings = LintSettings(project_root=str(root))
    found: dict[str, list[tuple[str, int]]] = {}
    for name in order:
        findings, errors = lint_document(Document(name, (root / name).read_text(encoding="utf-8")), settings)
        assert not errors
        found[name] = sorted((f.location.path, f.location.line) for f in findings if f.rule_id == "AIS301")
    return found


def test_a_file_linted_after_another_keeps_its_finding(tmp_path: Path) -> None:
    alone = _code_execution(_project(tmp_path / "alone"), ["victim.py"])
    assert alone["victim.py"], "the model's reply reaches exec() three modules away"
    after = _code_execution(_project(tmp_path / "after"), ["first.py", "victim.py"])
    assert after["victim.py"] == alone["victim.py"]
    before = _code_execution(_project(tmp_path / "before"), ["victim.py", "first.py"])
    assert before == after


def test_the_cli_gives_one_answer_whatever_the_files_and_worker_count(tmp_path: Path, aisec) -> None:  # type: ignore[no-untyped-def]
    root = _project(tmp_path / "p")
    outputs = []
    for args in (["victim.py"], [".", "--jobs", "1"], [".", "--jobs", "2"]):
        result = aisec("lint", *args, "-f", "json", cwd=root)
        assert result.code == 1, result.stderr
        outputs.append(
            sorted(
                (f["rule_id"], f["location"]["path"], f["location"]["line"])
                for f in json.loads(result.stdout)["findings"]
                if f["rule_id"] == "AIS301"
            )
        )
    assert outputs[0], "the model's reply reaches exec() three modules away"
    assert outputs[1] == outputs[0]
    assert outputs[2] == outputs[0]
