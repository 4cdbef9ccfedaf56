"""The checklist on an Express (JavaScript) service: the same evidence, other syntax."""

from __future__ import annotations

import json

import pytest

from tests.checklist.repos import GITIGNORE, POLICY, PRECOMMIT, CLASSIFICATION, ALERTS

SERVER = """\
import express from "express";
import rateLimit from "express-rate-limit";
import OpenAI from "openai";
import { encoding_for_model } from "tiktoken";
import { sanitizeInput, redactPii, OutputSchema } from "./guards.js";

const app = express();
app.use(express.json({ limit: "10kb" }));
const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, timeout: 20000 });
const limiter = rateLimit({ windowMs: 60000, max: 20, keyGenerator: (req) => req.user.id });
const enc = encoding_for_model("gpt-4o-mini");

app.post("/api/chat", limiter, async (req, res) => {
  const text = sanitizeInput(redactPii(req.body.message));
  if (text.length > 4000) return res.status(413).end();
  const tokens = enc.encode(text).length;
  const completion = await openai.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: text }],
    max_tokens: 300,
  });
  const answer = completion.choices[0].message.content;
  const mod = await openai.moderations.create({ input: answer });
  console.log(JSON.stringify({ user: req.user.id, tokens: completion.usage.total_tokens, estimate: tokens }));
  if (mod.results[0].flagged) return res.json({ answer: "filtered" });
  res.json(OutputSchema.parse({ answer }));
});

app.listen(3000);
"""

GUARDS = """\
import { z } from "zod";
export const OutputSchema = z.object({ answer: z.string().max(4000) });
export function sanitizeInput(text) { return text.replace(/ignore (all )?previous instructions/gi, "[filtered]"); }
export function redactPii(text) { return text.replace(/\\S+@\\S+/g, "[EMAIL]"); }
"""

PACKAGE = '{"type": "module", "dependencies": {"express": "^4", "express-rate-limit": "^7", "openai": "^4", "tiktoken": "^1", "zod": "^3"}}\n'


def project() -> dict[str, str]:
    return {
        "server.js": SERVER,
        "guards.js": GUARDS,
        "package.json": PACKAGE,
        ".gitignore": GITIGNORE,
        ".pre-commit-config.yaml": PRECOMMIT,
        ".aisec/policy.yaml": POLICY,
        "docs/data-classification.md": CLASSIFICATION,
        "ops/alerts/llm.rules.yml": ALERTS,
    }


def statuses(run) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {i["id"]: i["status"] for i in json.loads(run.stdout)["extra"]["items"]}


def test_express_service_passes(repo_of, checklist) -> None:  # type: ignore[no-untyped-def]
    run = checklist(repo_of(project()))
    assert set(statuses(run).values()) == {"PASS"}, json.loads(run.stdout)["extra"]["summary"]


@pytest.mark.parametrize(
    ("old", "new", "item", "status"),
    [
        (", keyGenerator: (req) => req.user.id", "", "CHK08", "WARN"),
        ("    max_tokens: 300,\n", "", "CHK07", "FAIL"),
        ("sanitizeInput(redactPii(req.body.message))", "redactPii(req.body.message)", "CHK06", "WARN"),
        ("  const mod = await openai.moderations.create({ input: answer });\n", "  const mod = { results: [{ flagged: false }] };\n", "CHK12", "FAIL"),
        ("res.json(OutputSchema.parse({ answer }));", "res.send(`<div>${answer}</div>`);", "CHK11", "FAIL"),
        ("  console.log(JSON.stringify({", "  console.log(\"prompt\", text);\n  console.log(JSON.stringify({", "CHK15", "FAIL"),
    ],
)
def test_express_variants(repo_of, checklist, old: str, new: str, item: str, status: str) -> None:  # type: ignore[no-untyped-def]
    files = project()
    assert old in files["server.js"]
    files["server.js"] = files["server.js"].replace(old, new)
    run = checklist(repo_of(files))
    got = statuses(run)
    assert got[item] == status, json.loads(run.stdout)["extra"]["items"][int(item[3:]) - 1]
