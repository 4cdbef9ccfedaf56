"""Browser extensions: a background script streams a model's reply to a content script by message."""

from __future__ import annotations

import json
from pathlib import Path

WORKER = """chrome.runtime.onMessage.addListener((req, sender) => {
  if (req.type === "ask") relay(req.question, sender.tab.id);
  return true;
});

async function relay(question, tabId) {
  const res = await fetch("https://api.openai.com/v1/chat/completions", {
    method: "POST",
    signal: AbortSignal.timeout(30000),
    body: JSON.stringify({ model: "gpt-4o-mini", max_tokens: 400, stream: true, messages: [{ role: "user", content: question }] }),
  });
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const part = JSON.parse(dec.decode(value).slice(6)).choices[0].delta.content;
    chrome.tabs.sendMessage(tabId, { type: "part", text: part });
  }
}
"""

QUIET_WORKER = """chrome.tabs.onUpdated.addListener((tabId, info, tab) => {
  if (info.status === "complete") chrome.tabs.sendMessage(tabId, { type: "part", text: "<b>" + tab.title.length + "</b>" });
});
"""

PANEL = """const view = { box: null };

function format(text) {
  return text.replace(/`([^`]+)`/g, "<code>$1</code>").replace(/\\n/g, "<br>");
}

chrome.runtime.onMessage.addListener((msg) => {
  if (msg.type === "part" && view.box) {
    view.box.innerHTML = format(view.box.innerHTML + msg.text);
  }
});
"""


def _lint(aisec, root: Path) -> list[dict]:
    res = aisec("lint", str(root), "-f", "json", cwd=root)
    assert res.code in (0, 1), res.stderr
    return json.loads(res.stdout)["findings"]


def test_streamed_reply_relayed_to_content_script_innerhtml(aisec, write, tmp_path: Path) -> None:
    write(tmp_path / "manifest.json", '{"manifest_version": 3}\n')
    write(tmp_path / "src" / "worker.js", WORKER)
    write(tmp_path / "src" / "panel.js", PANEL)
    got = [(f["rule_id"], f["location"]["path"], f["location"]["line"]) for f in _lint(aisec, tmp_path) if f["rule_id"] == "AIS304"]
    assert got == [("AIS304", "src/panel.js", 9)]


def test_extension_without_a_model_call_stays_quiet(aisec, write, tmp_path: Path) -> None:
    write(tmp_path / "manifest.json", '{"manifest_version": 3}\n')
    write(tmp_path / "src" / "worker.js", QUIET_WORKER)
    write(tmp_path / "src" / "panel.js", PANEL)
    write(tmp_path / "src" / "llm.js", 'import OpenAI from "openai";\nexport const c = new OpenAI({ timeout: 5000 });\n')
    assert [f for f in _lint(aisec, tmp_path) if f["rule_id"] == "AIS304"] == []
