"""Large inputs: safe chunk cuts, and the same result whatever the chunk size or worker count."""

from __future__ import annotations

import io
from pathlib import Path

from aisec_cli.pii.engine import Redactor
from aisec_cli.pii.model import PiiConfig
from aisec_cli.pii.stream import chunks
from tests.pii.factory import PiiFactory

F = PiiFactory(seed=17)


def _sample(keys, blocks: int = 60) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for i in range(blocks):
        parts.append(f"2024-05-01T10:00:{i % 60:02d}Z INFO user=user{i}@posteo.net card={F.card('4', 16)}\n")
        parts.append(f"Dear Lukas,\nplease ship to {i + 1} Elm Street, Springfield, IL 62704.\n\nKind regards,\nMaria Rossi\n\n")
        if i % 7 == 0:
            parts.append("key:\n" + keys.pem_private_key() + "\n")
    return "".join(parts)


def test_chunks_never_cut_a_pem_block_or_a_quoted_cell(keys) -> None:  # type: ignore[no-untyped-def]
    text = _sample(keys)
    pieces = list(chunks([text[i : i + 700] for i in range(0, len(text), 700)], "text", 2000))
    assert "".join(pieces) == text
    for piece in pieces:
        assert piece.count("-----BEGIN") == piece.count("-----END")
    csv_text = "".join(f'{i},"line one\nline two, {i}",x\n' for i in range(300))
    for piece in chunks([csv_text], "csv", 500):
        assert piece.count('"') % 2 == 0


def test_streamed_file_equals_whole_text_redaction(tmp_path: Path, keys) -> None:  # type: ignore[no-untyped-def]
    text = _sample(keys, 200)
    path = tmp_path / "big.log"
    path.write_text(text, encoding="utf-8")
    whole, _, _ = Redactor(PiiConfig(fmt="text")).redact_text(text)
    small_chunks = io.BytesIO()
    Redactor(PiiConfig(fmt="text"), chunk_chars=4096).redact_file(path, "big.log", small_chunks.write, fmt="text")
    assert small_chunks.getvalue().decode() == whole


def test_parallel_workers_give_the_same_output(tmp_path: Path, keys) -> None:  # type: ignore[no-untyped-def]
    text = _sample(keys, 300)
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    outputs = []
    for jobs in (1, 2):
        sink = io.BytesIO()
        with Redactor(PiiConfig(fmt="text"), jobs=jobs, chunk_chars=8192) as redactor:
            result, _ = redactor.redact_file(path, "big.txt", sink.write)
        outputs.append((sink.getvalue(), result.count, result.detections))
    assert outputs[0] == outputs[1]
    assert outputs[0][1] > 900


def test_csv_header_reaches_later_chunks(tmp_path: Path) -> None:
    rows = ["id,first_name,phone"] + [f"{i},Lena,4155552671" for i in range(2000)]
    path = tmp_path / "people.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    sink = io.BytesIO()
    Redactor(chunk_chars=4096).redact_file(path, "people.csv", sink.write)
    out = sink.getvalue().decode().splitlines()
    assert out[0] == "id,first_name,phone"
    assert out[-1] == "1999,[PERSON_1],[PHONE_1]"


def test_one_value_keeps_one_placeholder_across_chunks_and_workers(tmp_path: Path) -> None:
    lines = [f"{i:05d} ticket from nora.quist@posteo.net, card {F.card('4', 16)}\n" for i in range(3000)]
    path = tmp_path / "tickets.txt"
    path.write_text("".join(lines), encoding="utf-8")
    sink = io.BytesIO()
    with Redactor(PiiConfig(fmt="text"), jobs=2, chunk_chars=4096) as redactor:
        result, _ = redactor.redact_file(path, "tickets.txt", sink.write)
    out = sink.getvalue().decode().splitlines()
    assert len(out) == 3000 and result.chars > 20 * 4096  # many chunks
    assert all(line.startswith(f"{i:05d} ") for i, line in enumerate(out))  # reassembled in order
    assert all("[EMAIL_1]" in line for line in out)
    assert out[-1].endswith("[CREDIT_CARD_3000]")


def _pid_after_a_pause(item: int) -> tuple[int, int]:
    import os
    import time

    time.sleep(0.05)
    return item, os.getpid()


def test_stream_map_keeps_order_and_uses_every_worker() -> None:
    import os

    from aisec_cli.core.parallel import map_stream

    results = list(map_stream(_pid_after_a_pause, iter(range(12)), jobs=2))
    assert [item for item, _ in results] == list(range(12))
    assert all(item == echoed for item, (echoed, _) in results)
    pids = {pid for _, (_, pid) in results}
    assert len(pids) == 2 and os.getpid() not in pids
