"""``aisec checklist``: the article's 16-row AI API security checklist as evidence.

Collectors (:mod:`.collectors`) gather evidence once per run; the policy file
(:mod:`.policy`) holds what only the team knows; :mod:`.evaluate` turns evidence into one
status per item (pure); :mod:`.engine` ties them together; :mod:`.output` and
:mod:`.table` present the result.
"""

from __future__ import annotations
