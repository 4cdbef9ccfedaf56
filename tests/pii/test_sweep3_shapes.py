"""Shapes read in public AI repositories never reviewed before, that `redact --check` flagged
although they hold no personal data: things named under a bare ``name`` key (products in a
list, sub-tasks, a step built from a dict, an industry), a role after a title ("Mr. Speaker"),
a decorator or an escaped newline read as an e-mail address. Each sits beside the real thing of
the same shape, which stays found."""

from __future__ import annotations

import json

import pytest

from aisec_cli.pii import PiiConfig, detect


def found(text: str, entity: str) -> list[str]:
    return [text[d.start : d.end] for d in detect(text, PiiConfig()) if d.entity == entity]


# ---- things under a bare name key ------------------------------------------------------------

def _catalogue() -> str:
    """A product list, then ad texts that name each product again beside a headline."""
    products = [
        {"name": "Trail Sandals", "key_features": ["Grippy sole"], "description": "Sandals for rough paths."},
        {"name": "Rain Jackets", "key_features": ["Sealed seams"], "description": "Jackets that stay dry."},
    ]
    ads = [
        {"headline": "Walk further!", "ad_copy": "Our Trail Sandals carry you anywhere.", "name": "Trail Sandals"},
        {"headline": "Stay dry!", "ad_copy": "Our Rain Jackets keep the storm out.", "name": "Rain Jackets"},
    ]
    return json.dumps({"products": products, "ad_copies": ads}, indent=2) + "\n"


def test_a_product_named_in_one_list_is_no_person_in_the_next() -> None:
    assert found(_catalogue(), "PERSON") == []


def test_sub_tasks_in_a_list_named_for_tasks_are_no_people() -> None:
    text = (
        '{\n  "id": 1,\n  "name": "Improve Login Flow",\n  "subtasks": [\n'
        '    {\n      "id": 2,\n      "name": "Front-end Rewrite"\n    },\n'
        '    {\n      "id": 3,\n      "name": "Cache Warming"\n    }\n  ]\n}\n'
    )
    assert found(text, "PERSON") == []


def test_people_in_a_list_named_for_people_stay() -> None:
    text = (
        '{\n  "employees": [\n    {\n      "id": 2,\n      "name": "Adele Morana"\n    },\n'
        '    {\n      "id": 3,\n      "name": "Winston Erastos"\n    }\n  ]\n}\n'
    )
    assert found(text, "PERSON") == ["Adele Morana", "Winston Erastos"]


def test_a_step_built_from_a_dict_is_no_person() -> None:
    text = (
        "stub = LiteralStep.from_dict(\n    {\n        \"id\": \"s1\",\n        \"name\": \"Stub Step\",\n"
        "        \"type\": \"undefined\",\n    }\n)\n"
    )
    assert found(text, "PERSON") == []


def test_a_person_built_from_a_dict_stays() -> None:
    text = 'user = User.from_dict(\n    {\n        "id": "u1",\n        "name": "Adele Morana",\n    }\n)\n'
    assert found(text, "PERSON") == ["Adele Morana"]


@pytest.mark.parametrize(
    "value",
    ["Accommodation Services", "Accommodation and Hospitality", "Chain Of Density", "Back-end Optimization",
     "Data Governance"],
)
def test_a_label_made_of_thing_words_is_no_person(value: str) -> None:
    text = json.dumps({"id": 7, "name": value}) + "\n"
    assert found(text, "PERSON") == []


@pytest.mark.parametrize("value", ["Ye Wenjie", "Winston Cole", "Karin Ludovicicus", "Ayda Williams", "Patrick King"])
def test_a_name_under_the_same_key_stays(value: str) -> None:
    text = json.dumps({"id": 7, "name": value}) + "\n"
    assert found(text, "PERSON") == [value]


# ---- a role after a title --------------------------------------------------------------------

def test_a_role_after_a_title_is_no_person() -> None:
    text = "Washington, January 30th 1961. Mr. Speaker, Mr. Vice-President, members of the Congress.\n"
    assert found(text, "PERSON") == []
    text = "Madam Speaker, Mr Vice President, honoured guests.\n"
    assert found(text, "PERSON") == []


def test_a_person_after_a_title_stays() -> None:
    assert found("Yesterday Mr. Okonkwo called about the lease.\n", "PERSON") == ["Okonkwo"]


# ---- code read as an e-mail address ---------------------------------------------------------

def test_a_decorator_is_no_email_address() -> None:
    diff = "-@app.post('/calculate')\n+@app.post('/compute')\n def calc():\n"
    assert found(diff, "EMAIL") == []
    escaped = json.dumps({"body": "from fastapi import FastAPI\n@app.post('/calculate')\ndef f(): pass\n"}) + "\n"
    assert found(escaped, "EMAIL") == []
    cached = json.dumps({"body": "import functools\n@functools.cache\ndef f(): pass\n"}) + "\n"
    assert found(cached, "EMAIL") == []


def test_an_address_after_an_escaped_newline_loses_only_the_escape() -> None:
    text = json.dumps({"body": "Write to me:\nbrigid.oshea@fastmail.org\nthanks"}) + "\n"
    assert found(text, "EMAIL") == ["brigid.oshea@fastmail.org"]
    assert found("Contact (brigid.oshea@fastmail.org) today.\n", "EMAIL") == ["brigid.oshea@fastmail.org"]


# ---- the cloud metadata service ---------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "SSRF check: block requests to 169.254.169.254 before fetching a URL the model chose.\n",
        "curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/\n",
        "ECS task credentials come from 169.254.170.2 and the IPv6 endpoint fd00:ec2::254.\n",
    ],
)
def test_the_cloud_metadata_service_is_no_personal_address(text: str) -> None:
    assert found(text, "IP_ADDRESS") == []


def test_another_link_local_address_stays() -> None:
    assert found("The printer fell back to 169.254.31.7 after DHCP failed.\n", "IP_ADDRESS") == ["169.254.31.7"]


def test_people_in_a_generic_list_of_items_stay() -> None:
    text = (
        '{\n  "items": [\n    {\n      "name": "Adele Morana",\n      "organization": "Fjord Freight",\n'
        '      "role": "CEO"\n    }\n  ]\n}\n'
    )
    assert found(text, "PERSON") == ["Adele Morana"]


def test_a_thing_with_features_is_no_person() -> None:
    text = json.dumps({"name": "Tasting Room", "features": ["Curated flights", "Member pricing"]}, indent=2) + "\n"
    assert found(text, "PERSON") == []
    text = json.dumps({"name": "Wine Cellar", "key_features": ["Cool", "Dark"]}, indent=2) + "\n"
    assert found(text, "PERSON") == []


# ---- read on a held-out tree after it was measured (not counted in its figures) ------------------

@pytest.mark.parametrize(
    "line",
    [
        'url = f"https://generativelanguage.googleapis.com/v1beta/models/{model}:generateContent?key={GEMINI_API_KEY}"\n',
        "curl 'https://api.example.net/v1/search?q=tardigrade&api_key=${SEARCH_API_KEY}'\n",
        "GET https://maps.example.net/geocode?address=Oslo&key=<your-api-key>\n",
    ],
)
def test_a_url_with_a_template_for_its_key_holds_no_credential(line: str) -> None:
    assert found(line, "URL_WITH_CREDENTIALS") == []


def test_a_url_with_a_real_key_in_its_query_stays(keys) -> None:  # type: ignore[no-untyped-def]
    url = f"https://api.example.net/v1/search?q=tardigrade&api_key={keys.chars(32)}"
    assert found(f"curl '{url}'\n", "URL_WITH_CREDENTIALS") == [url]


def test_a_company_after_a_mention_cue_is_no_person() -> None:
    text = "Awesome start to the new year! Finally got an offer from Wayne Enterprise after 2 months.\n"
    assert found(text, "PERSON") == []
    text = "Finally got an offer from Wayne Enterprises and a call from Stark Industries.\n"
    assert found(text, "PERSON") == []


def test_a_thing_with_a_price_is_no_person() -> None:
    text = (
        "const items = [\n"
        "  { item_id: 7, type: 'kayak', name: 'River Runner', retail_price_usd: 900, sale_price_usd: 720 },\n"
        "  { item_id: 8, type: 'paddle', name: 'Carbon Stroke', sku: 'PD-8', quantity: 3 },\n"
        "];\n"
    )
    assert found(text, "PERSON") == []


def test_a_person_with_a_price_and_an_email_stays() -> None:
    text = "const user = { name: 'Adele Morana', email_verified: true, subscription_price: 12 };\n"
    assert found(text, "PERSON") == ["Adele Morana"]


def test_a_name_after_a_bare_value_in_an_inline_object_is_read() -> None:
    text = "const people = [\n  { person_id: 7, name: 'Adele Morana', email: 'am@fjordfreight.no' },\n];\n"
    assert found(text, "PERSON") == ["Adele Morana"]
    assert found("staff: {id: 3, name: Adele Morana, desk: 12}\n", "PERSON") == ["Adele Morana"]


@pytest.mark.parametrize(
    "text",
    [
        "Tardigrades were found in soil samples across the San Francisco Bay Area in 2019.\n",
        "The trip ends in São Paulo Centro after a stop at Fort Worth Stockyards.\n",
    ],
)
def test_a_place_named_for_a_saint_is_no_person(text: str) -> None:
    assert found(text, "PERSON") == []


def test_a_person_with_the_same_given_name_stays() -> None:
    assert found("Francisco Moreira wrote the field report.\n", "PERSON") == ["Francisco Moreira"]
