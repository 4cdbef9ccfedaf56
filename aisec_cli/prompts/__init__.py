"""``aisec prompts``: prompt-injection detection and system-prompt hardening.

Detection is pure: text in, hits and findings out. The pieces:

- :mod:`.unicode` folds the text (NFKC, homoglyphs, leetspeak) and removes invisible
  characters, remembering where every folded character came from;
- :mod:`.decoders` finds encoded payloads (base64, hex, ROT13, tag characters …) to scan again;
- :mod:`.carriers` finds hidden carriers in Markdown/HTML (comments, alt text, white text …);
- :mod:`.ruleset` compiles the data rules of ``rules/injection.yaml``;
- :mod:`.matcher` runs them with negation, quoting and documentation context;
- :mod:`.classifier` is the optional statistical second signal;
- :mod:`.hardening` checks system prompts and templates (``PRM5xx``);
- :mod:`.material` turns files (prompt files, datasets, templates, code) into prompt texts
  (:class:`~.segment.Segment`); :mod:`.pycode` and :mod:`.jscode` follow a prompt in code to
  the slot it reaches (system, user, assistant);
- :mod:`.policy` decides which hits report, by where the text comes from (developer-written
  code needs strong signals);
- :mod:`.engine` ties them together; :mod:`.api` scores one text.
"""

from __future__ import annotations
