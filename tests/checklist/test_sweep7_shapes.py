"""Verdicts found wrong on a seventh set of public AI repositories, each rebuilt as a small repository."""

from __future__ import annotations

from tests.checklist.conftest import Run
from tests.checklist.repos import good_project


def _cited(run: Run, item: str, outcome: str | None = None) -> list[str]:
    return [f"{e['path']}:{e['line']}" for e in run.item(item)["evidence"] if e["path"] and (outcome is None or e["outcome"] == outcome)]


# -- CHK12: the thresholds a settings page offers are no filter switched off ------------------------
# A settings form lists every threshold the provider has, "None" among them, and the server checks
# the chosen one against the same list; the default blocks. Only a threshold the code sets is one.

SETTINGS_FORM = """\
export default function GeminiOptions({ settings }) {
  return (
    <select name="GeminiSafetySetting" defaultValue={settings?.GeminiSafetySetting || "BLOCK_MEDIUM_AND_ABOVE"}>
      <option value="BLOCK_NONE">None</option>
      <option value="BLOCK_ONLY_HIGH">Block few</option>
      <option value="BLOCK_MEDIUM_AND_ABOVE">Block some (default)</option>
      <option value="BLOCK_LOW_AND_ABOVE">Block most</option>
    </select>
  );
}
"""

SETTING_CHECK = """\
function validSafetySetting(input = "") {
  const validModes = [
    "BLOCK_NONE",
    "BLOCK_ONLY_HIGH",
    "BLOCK_MEDIUM_AND_ABOVE",
    "BLOCK_LOW_AND_ABOVE",
  ];
  return validModes.includes(input) ? null : `${input} is not a valid safety setting.`;
}

module.exports = { validSafetySetting, safetySetting: process.env.GEMINI_SAFETY_SETTING || "BLOCK_MEDIUM_AND_ABOVE" };
"""


def test_thresholds_offered_in_a_settings_form_are_no_filter_switched_off(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    files = {**good_project(), "frontend/GeminiOptions.jsx": SETTINGS_FORM, "server/updateEnv.js": SETTING_CHECK}
    run = checklist(repo_of(files))
    item = run.item("CHK12")
    assert item["status"] != "FAIL", item
    assert not [c for c in _cited(run, "CHK12", "contradicts") if c.startswith(("frontend/", "server/"))], item
    # a threshold the code itself sets still fails the item
    files["gemini_client.py"] = (
        "from google.genai import types\n\n"
        "SAFETY = [types.SafetySetting(category='HARM_CATEGORY_HATE_SPEECH', threshold='BLOCK_NONE')]\n"
    )
    assert checklist(repo_of(files)).item("CHK12")["status"] == "FAIL"
