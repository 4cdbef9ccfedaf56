"""Placeholders, operators and restore: the redaction contract."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from aisec_cli.pii.api import redact_text, restore_text
from aisec_cli.pii.engine import Redactor
from aisec_cli.pii.mapping import Mapping
from aisec_cli.pii.model import PiiConfig
from aisec_cli.pii.operators import Operator, mask_value
from tests.pii.factory import PiiFactory

F = PiiFactory(seed=7)


def test_same_value_same_placeholder_and_normalisation() -> None:
    card = F.card("4", 16)
    text = (
        f"Ola.Nordmann@Posteo.net wrote; ola.nordmann@posteo.net replied. Card {card}, "
        f"again {F.group(card, (4, 4, 4, 4), ' ')}. Other: kari@posteo.net"
    )
    result = redact_text(text)
    assert result.text.count("[EMAIL_1]") == 2
    assert "[EMAIL_2]" in result.text
    assert result.text.count("[CREDIT_CARD_1]") == 2
    assert restore_text(result.text, result.mapping) == text  # both spellings come back


def test_existing_placeholders_are_never_reused_or_restored() -> None:
    text = "Template: [EMAIL_1] and [email_2]; real: ola@posteo.net"
    result = redact_text(text)
    assert "ola@posteo.net" not in result.text
    assert "[EMAIL_3]" in result.text  # 1 and 2 are taken by the input
    assert result.text.startswith("Template: [EMAIL_1] and [email_2]")
    assert restore_text(result.text, result.mapping) == text
    # a model answer quoting the pre-existing tag keeps it as it is
    assert restore_text("[EMAIL_1] vs [EMAIL_3]", result.mapping) == "[EMAIL_1] vs ola@posteo.net"


def test_restore_tolerates_case_and_reports_unknown_tags() -> None:
    from aisec_cli.pii.restore import RestoreReport

    result = redact_text("Mail ola@posteo.net")
    report = RestoreReport()
    assert restore_text("Sent to [email_1] and [EMAIL_9]", result.mapping) == "Sent to ola@posteo.net and [EMAIL_9]"
    from aisec_cli.pii.restore import restore_text as restore_with_report

    restore_with_report("[EMAIL_9]", result.mapping, report)
    assert report.unknown == ["[EMAIL_9]"] and report.missing == ["[EMAIL_1]"]


def test_numbering_is_shared_across_texts_of_one_session() -> None:
    session = Redactor()
    first = redact_text("ola@posteo.net", session=session)
    second = redact_text("kari@posteo.net and ola@posteo.net", session=session)
    assert first.text == "[EMAIL_1]"
    assert second.text == "[EMAIL_2] and [EMAIL_1]"


def test_mask_operator_keeps_separators_and_the_last_digits() -> None:
    card = F.card("4", 16)
    spaced = F.group(card, (4, 4, 4, 4))
    result = redact_text(f"card {spaced}", operator="mask")
    assert result.text == f"card **** **** **** {card[-4:]}"
    assert mask_value("PERSON", "Ola Nordmann") == "*** ********"
    assert mask_value("PASSWORD", "a-b.c!") == "******"


def test_hash_operator_is_keyed_and_stable() -> None:
    a = redact_text("ola@posteo.net", operator="hash", hash_key="k1").text
    b = redact_text("OLA@posteo.net", operator="hash", hash_key="k1").text
    c = redact_text("ola@posteo.net", operator="hash", hash_key="k2").text
    assert a == b != c
    assert a.startswith("[EMAIL#") and "ola" not in a


def test_redact_operator_removes_values() -> None:
    assert redact_text("mail ola@posteo.net now", operator="redact").text == "mail  now"


def test_api_exposes_detections_without_changing_offsets() -> None:
    text = "From Ola Nordmann <ola@posteo.net>"
    result = redact_text(text)
    assert [text[d.start : d.end] for d in result.detections] == ["Ola Nordmann", "ola@posteo.net"]
    assert result.restore(result.text) == text


_alphabet = st.sampled_from(
    list("abc XYZ 019 @.-_:/[]{}\"',\n\t") + ["ola@posteo.net", "Ola@Posteo.NET", "[EMAIL_1]", "[PHONE_2]", "é", "\udcff", "Dear Kari,\n"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_alphabet, max_size=60).map("".join))
def test_property_redact_then_restore_is_byte_identical(text: str) -> None:
    card = F.card("4", 16)
    text = text.replace("019", card[:3]).replace("XYZ", f" {card} +44 20 7946 0018 ")
    result = redact_text(text)
    assert restore_text(result.text, result.mapping) == text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["ola@posteo.net", "OLA@posteo.net", "x", " ", "\n", "kari@posteo.net"]), max_size=30).map("".join))
def test_property_variants_of_one_value_restore_exactly(text: str) -> None:
    session = Redactor()
    out, _, _ = session.redact_text(text)
    mapping = Mapping.from_json(json.loads(json.dumps(session.mapping.to_json())))  # survives a file
    assert restore_text(out, mapping) == text


def test_json_numbers_become_quoted_tags_and_restore_exactly() -> None:
    card = F.card("4", 16)
    text = json.dumps({"card": int(card), "note": f"card {card}"})
    result = redact_text(text, fmt="json")
    parsed = json.loads(result.text)
    assert parsed["card"] == "[CREDIT_CARD_1]"
    assert parsed["note"] == "card [CREDIT_CARD_1]"
    assert restore_text(result.text, result.mapping) == text


def test_entities_argument_and_config_region() -> None:
    result = redact_text("Tel 020 7946 0018, ola@posteo.net", entities="PHONE", region="GB")
    assert result.text == "Tel [PHONE_1], ola@posteo.net"
    assert Operator().reversible and not Operator("mask").reversible
    assert PiiConfig().wants("EMAIL")
