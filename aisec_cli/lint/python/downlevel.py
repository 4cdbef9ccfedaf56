"""Newer Python source rewritten for this interpreter's parser, line for line: 3.12 f-strings, type parameters, 3.14 t-strings."""

from __future__ import annotations

import ast
import warnings

_PREFIXES = frozenset({"f", "t", "r", "b", "u", "rb", "br", "fr", "rf", "tr", "rt"})
_QUOTES = "'\""
_OPEN = "([{"
_CLOSE = ")]}"


def parse(text: str, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse`` that also reads the newer syntax :func:`downlevel` rewrites; a source that
    fails either way raises the original :class:`SyntaxError` (its line is the source's)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(text, filename=filename)
        except SyntaxError as exc:
            rewritten = downlevel(text)
            if rewritten is None:
                raise
            try:
                return ast.parse(rewritten, filename=filename)
            except SyntaxError:
                raise exc from None


class _Unsupported(Exception):
    """A shape the rewrite does not handle: the caller keeps the original syntax error."""


def downlevel(text: str) -> str | None:
    """``text`` with the syntax of Python 3.12–3.14 that 3.11 cannot parse rewritten into an
    equivalent shape it can, on the same lines; None when there is nothing such to rewrite.

    * f-strings (PEP 701): strings nested in a replacement field may reuse the outer quote,
      hold backslashes, newlines and comments. Nested strings get the other quote and keep
      their text, with backslashes and quote characters as spaces; comments become spaces;
      a one-line f-string whose fields span lines becomes triple-quoted.
    * type parameters (PEP 695): ``def f[T](…)`` and ``class C[T]:`` lose the brackets (as
      spaces), ``type X[T] = …`` becomes ``X = …``.
    * t-strings (PEP 750) are read as f-strings.

    What analysis needs (names, calls, the text of literals) survives; the rewritten module is
    never run. Columns after a rewritten token on its line may move.
    """
    try:
        out = _Rewriter(text).run()
    except (_Unsupported, IndexError):
        return None
    return out if out != text else None


class _Rewriter:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.out: list[str] = []

    def run(self) -> str:
        text = self.text
        depth = 0
        statement_start = True
        while self.i < len(text):
            c = text[self.i]
            if c == "#":
                end = text.find("\n", self.i)
                end = len(text) if end < 0 else end
                self.out.append(text[self.i : end])
                self.i = end
            elif c == "\n":
                self.out.append(c)
                self.i += 1
                statement_start = statement_start or depth == 0
                continue
            elif c == "\\" and text.startswith("\\\n", self.i):
                self.out.append("\\\n")
                self.i += 2
                continue
            elif c in " \t\f\r":
                self.out.append(c)
                self.i += 1
                continue
            elif c in _QUOTES:
                self._string("")
            elif c.isalpha() or c == "_" or ord(c) > 127:
                word = self._word()
                if word.lower() in _PREFIXES and self.i < len(text) and text[self.i] in _QUOTES:
                    self._string(word)
                elif statement_start and depth == 0 and word == "async":
                    self.out.append(word)
                    continue  # ``async def``: still at the statement's start
                elif statement_start and depth == 0 and word in ("def", "class"):
                    self.out.append(word)
                    self._drop_type_params()
                elif statement_start and depth == 0 and word == "type" and self._type_alias():
                    pass
                else:
                    self.out.append(word)
            elif c.isdigit():
                self.out.append(self._word())
            else:
                if c in _OPEN:
                    depth += 1
                elif c in _CLOSE:
                    depth = max(0, depth - 1)
                self.out.append(c)
                self.i += 1
                statement_start = c == ";" and depth == 0
                continue
            statement_start = False
        return "".join(self.out)

    def _word(self) -> str:
        text, start = self.text, self.i
        while self.i < len(text) and (text[self.i].isalnum() or text[self.i] == "_" or ord(text[self.i]) > 127):
            self.i += 1
        return text[start : self.i]

    def _drop_type_params(self) -> None:
        """After ``def``/``class``: the name, then a bracketed type parameter list as spaces."""
        text = self.text
        start = self.i
        while self.i < len(text) and text[self.i] in " \t":
            self.i += 1
        self.out.append(text[start : self.i])
        self.out.append(self._word())
        if self.i < len(text) and text[self.i] == "[":
            end = self._bracket_end(self.i)
            self.out.append(" " * (end - self.i))
            self.i = end

    def _type_alias(self) -> bool:
        """``type X[T] = value`` (a soft keyword at a statement's start) as ``X = value``."""
        text = self.text
        j = self.i
        while j < len(text) and text[j] in " \t":
            j += 1
        if j == self.i or j >= len(text) or not (text[j].isalpha() or text[j] == "_"):
            return False
        k = j
        while k < len(text) and (text[k].isalnum() or text[k] == "_"):
            k += 1
        name = text[j:k]
        m = k
        while m < len(text) and text[m] in " \t":
            m += 1
        if m < len(text) and text[m] == "[":
            m = self._bracket_end(m)
            while m < len(text) and text[m] in " \t":
                m += 1
        if not text.startswith("=", m) or text.startswith("==", m):
            return False
        self.out.append(name + " " * (m - k))
        self.i = m
        return True

    def _bracket_end(self, start: int) -> int:
        """The index after the bracket group opening at ``start`` (strings inside skipped)."""
        text = self.text
        depth = 0
        i = start
        while i < len(text):
            c = text[i]
            if c in _QUOTES:
                i = _plain_end(text, i, "")
                continue
            if c in _OPEN:
                depth += 1
            elif c in _CLOSE:
                depth -= 1
                if depth == 0:
                    return i + 1
            elif c == "\n" and depth == 0:
                break
            i += 1
        raise _Unsupported

    # -- strings ---------------------------------------------------------------------------

    def _string(self, prefix: str) -> None:
        text = self.text
        lower = prefix.lower()
        if "f" not in lower and "t" not in lower:
            end = _plain_end(text, self.i, lower)
            self.out.append(prefix + text[self.i : end])
            self.i = end
            return
        quote = _quote_at(text, self.i)
        self.i += len(quote)
        body, fields_span_lines = self._fstring_body(quote, "r" in lower, outer=quote[0])
        if fields_span_lines and len(quote) == 1:
            quote = quote * 3
        self.out.append(prefix.replace("t", "f").replace("T", "F") + quote + body + quote)

    def _fstring_body(self, quote: str, raw: bool, outer: str) -> tuple[str, bool]:
        """The text of an f-string after its opening quote, up to and past its closing quote."""
        text = self.text
        parts: list[str] = []
        spans = False
        while True:
            if self.i >= len(text):
                raise _Unsupported
            if text.startswith(quote, self.i):
                self.i += len(quote)
                return "".join(parts), spans
            c = text[self.i]
            if c == "\\" and outer == _BOTH:  # 3.11 has no backslash inside a field, even here
                width = 1 if raw else 2
                parts.append(" " * width)
                self.i += width
            elif c == "\\" and not raw:
                parts.append(text[self.i : self.i + 2])
                self.i += 2
            elif c == "\\":
                parts.append(c)
                self.i += 1
            elif text.startswith("{{", self.i) or text.startswith("}}", self.i):
                parts.append(text[self.i : self.i + 2])
                self.i += 2
            elif c == "{":
                self.i += 1
                field, field_spans = self._field(outer)
                parts.append("{" + field + "}")
                spans = spans or field_spans
            elif c == "\n" and len(quote) == 1:
                raise _Unsupported
            else:
                parts.append(c)
                self.i += 1

    def _field(self, outer: str) -> tuple[str, bool]:
        """A replacement field after its ``{``, up to and past its ``}``: the expression with
        nested strings re-quoted, then any conversion and format spec."""
        text = self.text
        parts: list[str] = []
        depth = 0
        spans = False
        while True:
            if self.i >= len(text):
                raise _Unsupported
            c = text[self.i]
            if depth == 0 and c == "}":
                self.i += 1
                return "".join(parts), spans
            if depth == 0 and c == "!" and not text.startswith("!=", self.i):
                end = self.i + 1
                while end < len(text) and text[end].isalpha():
                    end += 1
                parts.append(text[self.i : end])
                self.i = end
            elif depth == 0 and c == ":":
                self.i += 1
                spec, spec_spans = self._fstring_spec(outer)
                parts.append(":" + spec)
                return "".join(parts), spans or spec_spans
            elif c in _QUOTES or ((c.isalpha()) and self._prefixed_quote()):
                parts.append(self._nested_string(outer))
            elif c == "#":
                end = text.find("\n", self.i)
                end = len(text) if end < 0 else end
                parts.append(" " * (end - self.i))
                self.i = end
            elif c == "\\":
                parts.append(" ")
                self.i += 1
            elif c == "\n":
                parts.append(c)
                self.i += 1
                spans = True
            elif c.isalpha() or c == "_" or ord(c) > 127:
                parts.append(self._word())
            else:
                if c in _OPEN:
                    depth += 1
                elif c in _CLOSE:
                    depth -= 1
                parts.append(c)
                self.i += 1

    def _fstring_spec(self, outer: str) -> tuple[str, bool]:
        """A format spec after ``:``, up to and past the field's ``}``: literal text with nested
        fields, read as an f-string's body that the ``}`` closes."""
        return self._fstring_body("}", True, outer)

    def _prefixed_quote(self) -> bool:
        text, i = self.text, self.i
        j = i
        while j < len(text) and text[j].isalpha() and j - i < 2:
            j += 1
        return j < len(text) and text[j] in _QUOTES and text[i:j].lower() in _PREFIXES

    def _nested_string(self, outer: str) -> str:
        """A string inside a replacement field, in the quote the outer f-string leaves free.
        A nested f-string is rewritten in turn (its own nested strings then have no quote
        left in 3.11 and are refused)."""
        text = self.text
        start = self.i
        while text[self.i] not in _QUOTES:
            self.i += 1
        prefix = text[start : self.i]
        lower = prefix.lower()
        quote = _quote_at(text, self.i)
        free = "'" if outer == '"' else '"'
        if "f" in lower or "t" in lower:
            if len(quote) == 3:
                raise _Unsupported
            self.i += len(quote)
            body, spans = self._fstring_body(quote, "r" in lower, outer=_BOTH)
            if spans:
                raise _Unsupported
            return prefix.replace("t", "f").replace("T", "F") + free + body + free
        end = _plain_end(text, self.i, lower)
        inner = text[self.i + len(quote) : end - len(quote)]
        self.i = end
        if outer == _BOTH:
            raise _Unsupported
        cleaned = "".join(" " if ch in "\\'\"\n" else ch for ch in inner)
        if "\n" in inner:
            raise _Unsupported
        return prefix + free * len(quote) + cleaned + free * len(quote)


_BOTH = "'\""  # inside a nested f-string: 3.11 has no quote left for a string there


def _quote_at(text: str, i: int) -> str:
    return text[i] * 3 if text.startswith(text[i] * 3, i) else text[i]


def _plain_end(text: str, i: int, prefix: str) -> int:
    """The index after the (non-f) string literal whose quote starts at ``i``."""
    quote = _quote_at(text, i)
    j = i + len(quote)
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if text.startswith(quote, j):
            return j + len(quote)
        if c == "\n" and len(quote) == 1:
            raise _Unsupported
        j += 1
    raise _Unsupported
