"""One prompt text to score and where it sits in its document (shared by the extractors)."""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of segment:
#   prompt      a whole file or standard input read as one prompt
#   template    a prompt file or template (hardening-checked when it comes from a prompt file)
#   system      text that reaches a system / developer / instruction slot (hardening-checked)
#   message     a user or assistant turn (never a system prompt)
#   evaluation  a test or evaluation config's prompt, or a system prompt of offline evaluation code
#   record      one record of a dataset
HARDENED_KINDS = ("system", "template")

# Origins: who wrote the text.
#   file  prompt files, datasets, documents   code  a string literal in source code (the developer)
#   stdin standard input
#   sample  a fenced code sample in a Markdown page (the code the page shows; the developer's text)
CODE = "code"
SAMPLE = "sample"


@dataclass(frozen=True, slots=True)
class Segment:
    """One text to score and where it sits in its document."""

    text: str
    kind: str  # prompt | system | template | message | evaluation | record
    offset: int | None = None  # text[i] is document.text[offset + i] (exact mapping)
    line: int = 1  # position of the segment (when not exact: where the record/literal starts)
    column: int = 1
    record: int | None = None
    field: str | None = None
    origin: str = "file"  # file | code | stdin | sample
    role: str = ""  # code: the slot the text reaches (system, developer, user, assistant) or ""

    def hardened(self) -> bool:
        """Whether the PRM5xx hardening checks apply: instructions the model runs under.

        In code only text that reaches a system/developer/instruction slot (or a variable
        the developer named as a system prompt) is a system prompt; in prompt files, system
        prompts and templates both are.
        """
        if self.origin == CODE:
            return self.kind == "system"
        return self.kind in HARDENED_KINDS
