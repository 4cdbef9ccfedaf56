"""Settings of the lint engine (frozen; built by the CLI from `[tool.aisec.lint]` and flags)."""

from __future__ import annotations

from dataclasses import dataclass

PROFILES = ("default", "audit")


@dataclass(frozen=True, slots=True)
class Sanitizer:
    """A user-configured function trusted to clean data (for all rules or only some)."""

    name: str  # dotted name as written in the source or resolved through imports
    rules: frozenset[str] = frozenset()  # empty: every flow rule

    def matches(self, qualname: str) -> bool:
        """True when ``qualname`` (resolved or as written) names this sanitizer."""
        if not qualname:
            return False
        if qualname == self.name:
            return True
        # `pkg.mod.clean` configured, `clean` imported from it, or `utils.clean` written.
        return qualname.endswith("." + self.name) or self.name.endswith("." + qualname)

    @classmethod
    def parse(cls, spec: str) -> Sanitizer:
        """``"pkg.clean"`` or ``"pkg.clean:AIS301,AIS304"``."""
        name, _, rules = spec.partition(":")
        ids = frozenset(r.strip().upper() for r in rules.split(",") if r.strip())
        return cls(name.strip(), ids)


@dataclass(frozen=True, slots=True)
class LintSettings:
    """What to check and how.

    ``select``/``ignore`` are rule-id prefixes. ``sanitizers`` come from
    ``[tool.aisec.lint] sanitizers``. ``nextjs_middleware_limits`` is a project fact the
    caller may set when a Next.js ``middleware.ts`` applies a rate limit (AIS404).
    ``torch_min_version`` is the project's lowest allowed torch version, if pinned (AIS504).
    ``project_root`` turns on cross-file flow: imported modules under it are summarised.
    ``report_only`` (the files a pre-commit hook was given): a cross-file flow whose sink lies
    in another file is reported at the call in the given file that leads to it.
    """

    profile: str = "default"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    sanitizers: tuple[Sanitizer, ...] = ()
    max_file_bytes: int = 2_000_000
    max_line_length: int = 20_000
    nextjs_middleware_limits: bool = False
    torch_min_version: tuple[int, int] | None = None
    test_path_markers: tuple[str, ...] = ("tests/", "test/", "__tests__/", "spec/")
    project_root: str = ""  # where imported modules are read for their summaries ("" : one file alone)
    report_only: frozenset[str] | None = None  # a hook's files: a sink elsewhere is reported at the call
    prefilter: bool = True  # skip files with nothing a rule can start from (lint/prefilter.py)

    def __post_init__(self) -> None:
        if self.profile not in PROFILES:
            raise ValueError(f"unknown lint profile {self.profile!r} (use default or audit)")

    @classmethod
    def build(
        cls,
        *,
        profile: str = "default",
        select: tuple[str, ...] | list[str] = (),
        ignore: tuple[str, ...] | list[str] = (),
        sanitizers: tuple[str, ...] | list[str] = (),
        **kwargs: object,
    ) -> LintSettings:
        return cls(
            profile=profile,
            select=tuple(select),
            ignore=tuple(ignore),
            sanitizers=tuple(Sanitizer.parse(s) for s in sanitizers),
            **kwargs,  # type: ignore[arg-type]
        )
