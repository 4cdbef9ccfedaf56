"""Prompt material in files: which files hold prompts, and the prompt texts inside them.

A :class:`Segment` is one text to score, with where it sits in its document:

- plain text: the whole file is one prompt; Markdown: its prose is one prompt and each closed
  fenced code sample another, judged as the developer's own text (:mod:`.fences`);
- prompt files and templates (``prompts/**``, ``*.prompt``, ``*.prompty``, Jinja templates,
  agent instruction files, LangChain hub JSON): one template, also checked for hardening;
- datasets (JSON, JSONL, CSV, YAML): one prompt per record, from the configured fields
  (``text``, ``prompt``, ``input``, ``content`` … or chat ``messages``), reported at the
  record's line;
- Python and JavaScript/TypeScript: prompts written as string literals, each followed to
  the slot it reaches (:mod:`.pycode`, :mod:`.jscode`); notebooks: the same in their code cells;
- test configs (promptfoo): their prompts are ``evaluation`` segments, their test inputs records.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from aisec_cli.core.document import Document
from aisec_cli.core.yamlio import check_events, safe_load
from aisec_cli.core.fences import blank, code_samples, rst_samples
from aisec_cli.prompts.segment import SAMPLE, Segment
from aisec_cli.core.lazyre import LazyRegex

DEFAULT_FIELDS = (
    "text",
    "prompt",
    "input",
    "content",
    "question",
    "query",
    "instruction",
    "instructions",
    "message",
    "user_input",
    "user",
    "system",
    "system_prompt",
    "context",
    "document",
    "body",
)
MESSAGE_LISTS = ("messages", "conversation", "conversations", "dialog", "turns", "chat")
MAX_RECORDS = 200_000
TOO_DEEP = "nested too deeply to read as structured data; scanned as plain text"

_PROMPT_DIR = LazyRegex(
    r"(?:^|/)(?:prompts?|prompt[_-]?templates?|prompt[_-]?library|system[_-]?prompts?|instructions|"
    r"\.github/prompts|\.github/instructions|\.cursor/rules)/",
    re.I,
)
_PROMPT_NAME = LazyRegex(
    r"(?:\.prompt(?:\.[\w]+)?|\.prompty|\.chatmode\.md|\.instructions\.md|\.mdc)$"
    r"|(?:^|/)(?:promptfooconfig[\w.-]*\.(?:ya?ml|json|js|ts)|agents\.md|claude\.md|gemini\.md|"
    r"copilot-instructions\.md|\.cursorrules|\.windsurfrules|\.clinerules)$",
    re.I,
)
_DOCS_DIR = LazyRegex(r"(?:^|/)docs?/", re.I)
_AGENT_FILE = LazyRegex(r"(?:^|/)(?:agents|claude|gemini)\.md$", re.I)
_TEMPLATE_EXT = LazyRegex(r"\.(?:j2|jinja2?|hbs|mustache|tmpl|tpl)$", re.I)
_CODE_EXT = LazyRegex(r"\.(?:py|pyi|js|mjs|cjs|jsx|ts|mts|cts|tsx)$", re.I)
_DATASET_EXT = LazyRegex(r"\.(?:jsonl|ndjson|json|csv|tsv|ya?ml)$", re.I)
_TEXT_EXT = LazyRegex(r"\.(?:txt|md|markdown|rst|prompt|text)$", re.I)
_MARKDOWN_EXT = LazyRegex(r"\.(?:md|markdown|mdx)$", re.I)
_RST_EXT = LazyRegex(r"\.(?:rst|rest)$", re.I)
_PROMPTFOO = LazyRegex(r"(?:^|/)promptfoo[\w.-]*\.(?:ya?ml|json)$", re.I)
_OFFLINE = LazyRegex(
    r"(?:^|/)(?:tests?|__tests__|spec|specs|testing|e2e|evals?|evaluations?|benchmarks?|red[_-]?team(?:ing)?)/"
    r"|(?:^|/)(?:test_[^/]*\.py|[^/]*_test\.py|conftest\.py|eval_[^/]*\.py|[^/]*\.(?:test|spec)\.[cm]?[jt]sx?)$",
    re.I,
)
_TEMPLATE_KEYS = ("template", "prompt", "prompts", "prompt_template", "user_prompt", "messages")


def is_prompt_path(name: str) -> bool:
    """Files ``aisec prompts`` reads by default in a tree (besides code)."""
    if _PROMPT_NAME.search(name):
        # docs/agents.md documents a library's Agent class; AGENTS.md elsewhere instructs agents.
        return not (_DOCS_DIR.search(name) and _AGENT_FILE.search(name))
    if _PROMPT_DIR.search(name):
        return True
    return bool(_TEMPLATE_EXT.search(name) and re.search(r"prompt", name, re.I))


def is_default_candidate(name: str) -> bool:
    """Prompt files, code that may hold system prompts, and JSON that may be a LangChain hub prompt."""
    lower = name.lower()
    return is_prompt_path(name) or bool(_CODE_EXT.search(name)) or lower.endswith((".json", ".ipynb"))


def segments(document: Document, explicit: bool, fields: Sequence[str] = DEFAULT_FIELDS) -> tuple[list[Segment], list[str]]:
    """The segments of ``document`` and problems met (``explicit``: the user named the file)."""
    name = document.path
    lower = name.lower()
    text = document.text
    problems: list[str] = []
    if document.origin == "stdin" or name in ("-", "<stdin>"):
        return [Segment(text, "prompt", 0)], problems
    if _CODE_EXT.search(lower):
        return code_segments(document), problems
    if lower.endswith(".ipynb"):
        return notebook_segments(document)
    if _PROMPTFOO.search(lower):
        found, problems = _promptfoo(text)
        return found, problems
    if lower.endswith(".json") and _is_langchain_hub(text):
        return _langchain(text)
    prompt_file = is_prompt_path(name)
    if _DATASET_EXT.search(lower):
        if not explicit and not prompt_file:
            return [], problems
        config_like = prompt_file and lower.endswith((".json", ".yaml", ".yml"))
        wanted = (*fields, *_TEMPLATE_KEYS) if config_like else fields
        found, problems, structured = dataset_segments(text, lower, wanted)
        if config_like:
            found = [_as_template(s) for s in found]
        if structured:
            return found, problems
        return [Segment(text, "template" if prompt_file else "prompt", 0)], problems
    if prompt_file or (_TEMPLATE_EXT.search(lower) and explicit):
        return [Segment(text, "template", 0)], problems
    if explicit:
        if _MARKDOWN_EXT.search(lower):
            return markdown_segments(text), problems
        if _RST_EXT.search(lower):
            return markdown_segments(text, rst_samples(text)), problems
        return [Segment(text, "prompt", 0)], problems
    return [], problems


def markdown_segments(text: str, samples: list[tuple[int, int, int, int]] | None = None) -> list[Segment]:
    """A documentation page: its prose (code samples blanked, offsets kept) and each code sample.

    ``samples`` defaults to the page's closed Markdown fences (a reST page passes its literal blocks).
    """
    if samples is None:
        samples = code_samples(text)
    if not samples:
        return [Segment(text, "prompt", 0)]
    found: list[Segment] = []
    prose = blank(text, samples)
    if prose.strip():
        found.append(Segment(prose, "prompt", 0))
    for _, body_start, body_end, _ in samples:
        body = text[body_start:body_end]
        if body.strip():
            found.append(Segment(body, "prompt", body_start, _line_of(text, body_start), origin=SAMPLE))
    return found


def _as_template(seg: Segment) -> Segment:
    kind = "system" if seg.kind == "system" else "template"
    return Segment(seg.text, kind, seg.offset, seg.line, seg.column, seg.record, seg.field)


# ---------------------------------------------------------------------------- datasets


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _record_texts(value: Any, fields: Sequence[str]) -> Iterator[tuple[str, str, str]]:
    """(field, text, kind) pairs of one record."""
    if isinstance(value, str):
        yield "", value, "record"
        return
    if not isinstance(value, dict):
        return
    keys = {str(k).lower(): k for k in value}
    for field in fields:
        key = keys.get(field.lower())
        if key is None:
            continue
        item = value[key]
        if isinstance(item, str) and item.strip():
            kind = "system" if field.lower() in ("system", "system_prompt") else "record"
            yield str(key), item, kind
    for list_name in MESSAGE_LISTS:
        key = keys.get(list_name)
        if key is None or not isinstance(value[key], list):
            continue
        for i, message in enumerate(value[key]):
            if isinstance(message, dict):
                role = str(message.get("role", message.get("from", ""))).lower()
                content = message.get("content", message.get("value", message.get("text")))
                if isinstance(content, list):  # multi-part content
                    content = "\n".join(
                        str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("text")
                    )
                if isinstance(content, str) and content.strip():
                    yield f"{key}[{i}].content", content, "system" if role == "system" else "message"
            elif isinstance(message, str) and message.strip():
                yield f"{key}[{i}]", message, "message"


def dataset_segments(text: str, lower_name: str, fields: Sequence[str]) -> tuple[list[Segment], list[str], bool]:
    """Records of a JSONL/JSON/CSV/YAML dataset; the bool says whether it parsed as one."""
    if lower_name.endswith((".jsonl", ".ndjson")):
        return _jsonl(text, fields)
    if lower_name.endswith(".json"):
        return _json(text, fields)
    if lower_name.endswith((".csv", ".tsv")):
        return _csv(text, fields, "\t" if lower_name.endswith(".tsv") else ",")
    return _yaml(text, fields)


def _jsonl(text: str, fields: Sequence[str]) -> tuple[list[Segment], list[str], bool]:
    found: list[Segment] = []
    problems: list[str] = []
    record = 0
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        record += 1
        if record > MAX_RECORDS:
            problems.append(f"more than {MAX_RECORDS} records; the rest were not read")
            break
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            if len(problems) < 5:
                problems.append(f"line {line_no}: not valid JSON ({exc.msg})")
            continue
        except RecursionError:
            problems.append(f"record {record} (line {line_no}): {TOO_DEEP}")
            found.append(Segment(line, "record", None, line_no, 1, record, None))
            continue
        for field, item, kind in _record_texts(value, fields):
            found.append(Segment(item, kind, None, line_no, 1, record, field or None))
    return found, problems, True


def _json(text: str, fields: Sequence[str]) -> tuple[list[Segment], list[str], bool]:
    decoder = json.JSONDecoder()
    start = len(text) - len(text.lstrip())
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [f"not valid JSON: {exc.msg} (line {exc.lineno})"], False
    except RecursionError:
        return [], [TOO_DEEP], False
    found: list[Segment] = []
    # Find the array of records and the offset of each element.
    array_at = start if isinstance(whole, list) else None
    if isinstance(whole, dict):
        for key, value in whole.items():
            if isinstance(value, list) and value and all(isinstance(v, dict | str) for v in value):
                if str(key).lower() in MESSAGE_LISTS:
                    break  # a single chat, handled as one record below
                match = re.search(r'"%s"\s*:\s*\[' % re.escape(str(key)), text)
                if match:
                    array_at = match.end() - 1
                    break
    if array_at is None:
        for field, item, kind in _record_texts(whole, fields):
            found.append(Segment(item, kind, None, 1, 1, 1, field or None))
        return found, [], bool(found)
    pos = array_at + 1
    record = 0
    while record < MAX_RECORDS:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            break
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            break
        record += 1
        line = _line_of(text, pos)
        for field, item, kind in _record_texts(value, fields):
            found.append(Segment(item, kind, None, line, 1, record, field or None))
        pos = end
    return found, [], True


def _csv(text: str, fields: Sequence[str], delimiter: str) -> tuple[list[Segment], list[str], bool]:
    # A field may be as long as the file (which max-file-size already bounds).
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return [], [], False
    names = [h.strip().lower() for h in header]
    wanted = [i for i, h in enumerate(names) if h in {f.lower() for f in fields}]
    if not wanted:
        return [], [f"no column named {', '.join(fields[:6])} …; use --field to choose one"], True
    found: list[Segment] = []
    problems: list[str] = []
    line = reader.line_num + 1
    record = 0
    try:
        for row in reader:
            record += 1
            if record > MAX_RECORDS:
                problems.append(f"more than {MAX_RECORDS} records; the rest were not read")
                break
            for i in wanted:
                if i < len(row) and row[i].strip():
                    kind = "system" if names[i] in ("system", "system_prompt") else "record"
                    found.append(Segment(row[i], kind, None, line, 1, record, header[i].strip()))
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.append(f"line {reader.line_num}: {exc}")
    return found, problems, True


def _yaml(text: str, fields: Sequence[str]) -> tuple[list[Segment], list[str], bool]:
    import yaml  # PyYAML only when a YAML file is read (a hook on text files never loads it)

    try:
        check_events(text)  # no aliases, bounded depth: the walk below never expands a bomb
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        return [], [f"not valid YAML: {str(exc).splitlines()[0]}"], False
    except RecursionError:
        return [], [TOO_DEEP], False
    if root is None:
        return [], [], False
    items: list[Any] = []
    if isinstance(root, yaml.SequenceNode):
        items = list(root.value)
    elif isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(value, yaml.SequenceNode) and str(key.value).lower() not in MESSAGE_LISTS and any(
                isinstance(v, yaml.MappingNode) for v in value.value
            ):
                items = list(value.value)
                break
        else:
            items = [root]
    found: list[Segment] = []
    seen: set[int] = set()
    for record, node in enumerate(items[:MAX_RECORDS], start=1):
        value = _node_value(node, seen)
        for field, item, kind in _record_texts(value, fields):
            found.append(Segment(item, kind, None, node.start_mark.line + 1, 1, record, field or None))
    return found, [], bool(found) or isinstance(root, yaml.SequenceNode)


def _node_value(node: Any, seen: set[int], depth: int = 0) -> Any:
    """Plain Python values from a YAML node (strings, lists, dicts), without tags.

    An alias is the same node met again: it is read once, never expanded (an alias bomb
    costs the size of its file, not billions of copies).
    """
    import yaml

    if depth > 20:
        return None
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if id(node) in seen:
        return None
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        return [_node_value(v, seen, depth + 1) for v in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(_node_value(k, seen, depth + 1)): _node_value(v, seen, depth + 1) for k, v in node.value}
    return None


# ---------------------------------------------------------------------------- prompt configs


def _is_langchain_hub(text: str) -> bool:
    head = text[:4000]
    return '"_type"' in head and '"prompt"' in head or ('"langchain"' in head and '"prompts"' in head)


def _langchain(text: str) -> tuple[list[Segment], list[str]]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return [Segment(text, "template", 0)], []
    except RecursionError:
        return [Segment(text, "template", 0)], [TOO_DEEP]
    found: list[Segment] = []
    for path, item in _walk_strings(value):
        key = path[-1].lower() if path else ""
        if key in ("template", "prompt", "content", "text", "system_message", "prefix", "suffix"):
            kind = "system" if "system" in "/".join(path).lower() else "template"
            found.append(Segment(item, kind, None, _find_line(text, item), 1, None, ".".join(path)))
    return found or [Segment(text, "template", 0)], []


def _promptfoo(text: str) -> tuple[list[Segment], list[str]]:
    import yaml  # PyYAML only when a YAML file is read (a hook on text files never loads it)

    try:
        value = safe_load(text)
    except yaml.YAMLError as exc:
        return [Segment(text, "evaluation", 0)], [f"not valid YAML: {str(exc).splitlines()[0]}"]
    except RecursionError:
        return [Segment(text, "evaluation", 0)], [TOO_DEEP]
    found: list[Segment] = []
    seen: set[int] = set()
    if isinstance(value, dict):
        prompts = value.get("prompts")
        for path, item in _walk_strings(prompts, ["prompts"], seen=seen):
            if item.strip().startswith("file://"):
                continue
            # A test config's prompts are what is being evaluated, not a deployed system prompt.
            found.append(Segment(item, "evaluation", None, _find_line(text, item), 1, None, ".".join(path)))
        for path, item in _walk_strings(value.get("tests"), ["tests"], seen=seen):
            if len(item) >= 20:
                found.append(Segment(item, "record", None, _find_line(text, item), 1, None, ".".join(path)))
    return found, []


def _walk_strings(
    value: Any, path: list[str] | None = None, depth: int = 0, seen: set[int] | None = None
) -> Iterator[tuple[list[str], str]]:
    """(path, string) of every string under ``value``; a container shared by YAML aliases is
    walked once."""
    path = path or []
    seen = set() if seen is None else seen
    if depth > 12:
        return
    if isinstance(value, str):
        yield path, value
        return
    if not isinstance(value, dict | list) or id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk_strings(item, [*path, str(key)], depth + 1, seen)
    else:
        for i, item in enumerate(value):
            yield from _walk_strings(item, [*path, str(i)], depth + 1, seen)


def _find_line(text: str, value: str) -> int:
    probe = value.strip().split("\n", 1)[0][:60]
    at = text.find(probe) if probe else -1
    return _line_of(text, at) if at >= 0 else 1


# ---------------------------------------------------------------------------- code


def code_segments(document: Document) -> list[Segment]:
    """Prompt texts written as string literals in code, each with the slot it reaches.

    In test and evaluation code (``tests/``, ``evals/``, ``test_*.py``, ``*.spec.ts`` …) a
    system prompt is an offline evaluation's, not the application's: ``evaluation``.
    """
    name = document.path.lower()
    if name.endswith((".py", ".pyi", ".ipynb")):
        from aisec_cli.prompts.pycode import python_segments  # code only: a prompt-file run never loads it

        found = python_segments(document.text, document.path)
    else:
        from aisec_cli.prompts.jscode import javascript_segments

        found = javascript_segments(document.text, document.path)
    if is_offline_path(document.path):
        found = [replace(s, kind="evaluation") if s.kind == "system" else s for s in found]
    return found


def notebook_segments(document: Document) -> tuple[list[Segment], list[str]]:
    """Prompts in a notebook's code cells (read as lint reads them), at the notebook's lines.

    Raises :class:`NotebookProblem` for a file that is not a readable notebook.
    """
    from aisec_cli.lint.notebook import notebook_to_python

    code, problems = notebook_to_python(document)
    numbers = code.line_numbers or []
    found = []
    for seg in code_segments(code):
        line = numbers[seg.line - 1] if 0 < seg.line <= len(numbers) else seg.line
        found.append(replace(seg, offset=None, line=line))
    return found, problems


def is_offline_path(name: str) -> bool:
    """Test and evaluation code, configs and data: what they hold is not a deployed prompt."""
    return bool(_OFFLINE.search(name))
