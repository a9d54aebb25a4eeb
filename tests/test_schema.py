"""The JSON Schema shipped for editors: valid, accepts every good map, agrees with the validator."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from conftest import EXAMPLES, REPO_ROOT
from ecomap import validate as v
from ecomap.amounts import ONCE, PERIOD_ALIASES, PERIODS_PER_YEAR, normalise_period
from ecomap.analysis.checks import check_ids
from ecomap.cli import main
from ecomap.model import (
    CATEGORIES,
    KINDS,
    LEVELS,
    LOCALES,
    PARTNER_TYPES,
    QUALITY_FIELDS,
    REGIONS,
    SCREENING_FIELDS,
    SENSITIVITIES,
    SEVERITIES,
)

SCHEMA_FILE = REPO_ROOT / "src" / "ecomap" / "schema" / "ecomap.schema.json"
GOOD_MAPS = sorted((REPO_ROOT / "maps").glob("*.yaml")) + sorted(
    (EXAMPLES / "positive").glob("*.yaml"))


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema: dict) -> Draft202012Validator:
    return Draft202012Validator(schema)


def test_schema_is_valid(schema: dict) -> None:
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_ships_with_package() -> None:
    shipped = files("ecomap").joinpath("schema/ecomap.schema.json").read_text(encoding="utf-8")
    assert shipped == SCHEMA_FILE.read_text(encoding="utf-8")


def test_ecomap_schema_prints_the_file() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", GOOD_MAPS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_good_maps_validate(path: Path, validator: Draft202012Validator) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(data)]
    assert not errors, "\n".join(errors)


def _walk(node: object):
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            # conditions, and the per-kind key lists of a flow (the keys are described in the
            # flow's own properties), not object definitions
            if key not in ("if", "not", "then"):
                yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_additional_properties_false_everywhere(schema: dict) -> None:
    for node in _walk(schema):
        if "properties" in node:
            assert node.get("additionalProperties") is False, sorted(node["properties"])


def test_every_property_described(schema: dict) -> None:
    for node in _walk(schema):
        for name, prop in node.get("properties", {}).items():
            if "$ref" in prop:
                target = prop["$ref"].rsplit("/", 1)[-1]
                prop = schema["$defs"][target]
            assert prop.get("description"), name


def _keys(section: dict) -> tuple[set[str], set[str]]:
    return set(section["properties"]), set(section.get("required", []))


def _expected(keys: dict[str, bool]) -> tuple[set[str], set[str]]:
    return set(keys), {k for k, required in keys.items() if required}


@pytest.mark.parametrize("where, keys", [
    ("", v.TOP_KEYS),
    ("layer", v.LAYER_KEYS),
    ("participant", v.PARTICIPANT_KEYS),
    ("flow", v.FLOW_KEYS),
    ("amountObject", v.AMOUNT_KEYS),
    ("risk", v.RISK_KEYS),
    ("scenario", v.SCENARIO_KEYS),
    ("scenarioAdd", v.ADD_KEYS),
    ("flowChange", v.SET_KEYS),
    ("screening", {k: True for k in SCREENING_FIELDS}),
    ("quality", {**{k: True for k in QUALITY_FIELDS}, "complaint_rate": True}),
    ("scores", {k: True for k in v.LEGACY_SCORE_FIELDS}),
])
def test_schema_keys_match_validator(schema: dict, where: str, keys: dict[str, bool]) -> None:
    section = schema["$defs"][where] if where else schema
    assert _keys(section) == _expected(keys)


def test_schema_enums_match_model(schema: dict) -> None:
    defs = schema["$defs"]
    flow = defs["flow"]["properties"]
    participant = defs["participant"]["properties"]
    assert tuple(flow["kind"]["enum"]) == KINDS
    assert tuple(flow["category"]["enum"]) == CATEGORIES
    assert tuple(flow["sensitivity"]["enum"]) == SENSITIVITIES
    assert tuple(participant["partner_type"]["enum"]) == PARTNER_TYPES
    assert tuple(participant["region"]["enum"]) == REGIONS
    assert tuple(defs["level"]["enum"]) == LEVELS
    assert tuple(defs["severity"]["enum"]) == SEVERITIES
    assert tuple(schema["properties"]["locale"]["enum"]) == LOCALES
    assert tuple(schema["properties"]["checks"]["propertyNames"]["enum"]) == check_ids()
    assert defs["id"]["pattern"] == v.ID_RE.pattern
    # every period word ecomap reads matches the schema's pattern, in any case, plural too
    per = Draft202012Validator(defs["amountObject"]["properties"]["per"])
    for word in [*PERIODS_PER_YEAR, *PERIOD_ALIASES]:
        spellings = [word, word.upper(), word.capitalize(), word + "s"] if word.isascii() \
            else [word]
        for spelling in spellings:
            assert normalise_period(spelling) in (*PERIODS_PER_YEAR, ONCE)
            assert per.is_valid(spelling), spelling
    for example in defs["amountObject"]["properties"]["per"]["examples"]:
        assert normalise_period(example) in (*PERIODS_PER_YEAR, ONCE)
    assert not per.is_valid("fortnight")


def test_descriptions_carry_chinese_terms(schema: dict) -> None:
    pt = schema["$defs"]["participant"]["properties"]["partner_type"]["description"]
    for term in ("能力补充型", "资源共享型", "流量互导型", "创新共创型"):
        assert term in pt
    cat = schema["$defs"]["flow"]["properties"]["category"]["description"]
    assert "服务收入" in cat and "订阅收入" in cat


@pytest.mark.parametrize("text", [
    "980 CNY/month", "3.5亿 CNY/year", "150-300 CNY/year", "880 CNY", "7-12万 CNY", "2500万",
    "¥30/week", "5万 元/季度", "1,200,000 CNY/year", "1.2B CNY/year", "1500万 CNY once",
    "30-40万元一次性",
])
def test_amount_pattern_accepts(schema: dict, text: str) -> None:
    Draft202012Validator(schema["$defs"]["amount"]["anyOf"][0]).validate(text)


@pytest.mark.parametrize("text", ["800 per year", "约50万", "七百元", "about 1000 CNY",
                                  "30万 CNY twice"])
def test_amount_pattern_rejects(schema: dict, text: str) -> None:
    assert not Draft202012Validator(schema["$defs"]["amount"]["anyOf"][0]).is_valid(text)


@pytest.mark.parametrize("snippet", [
    {"ecomap": 2},
    {"participants": []},
    {"participants": {"CATL": {"name": "x", "layer": "core"}}},
    {"participants": {"a": {"name": "x", "layer": "core", "url": "javascript:alert(1)"}}},
    {"participants": {"a": {"name": "x", "layer": "core", "scores": {"quality": 7,
                      "coverage": 1, "cost": 1, "integration": 1}}}},
    {"participants": {"a": {"name": "x", "layer": "core", "screening": {
        "service_quality": 7, "coverage": 1, "cost": 1, "integration": 1}}}},
    {"participants": {"a": {"name": "x", "layer": "core", "quality": {
        "satisfaction": 5, "response": 5, "complaint_handling": 5, "price": 5}}}},
    {"participants": {"a": {"name": "x", "layer": "core", "quality": {
        "satisfaction": 5, "response": 5, "complaint_handling": 5, "price": 5,
        "complaint_rate": 0.004}}}},
    {"flows": [{"from": "a", "to": "b", "kind": "mony", "label": "x"}]},
    {"flows": [{"from": "a", "to": "b", "kind": "service", "label": "x", "category": "service"}]},
    {"flows": [{"from": "a", "to": "b", "kind": "money", "label": "x", "consent": True}]},
    {"flows": [{"from": "a", "to": "b", "kind": "money", "label": "x", "volume": 5}]},
    {"flows": [{"from": "a", "to": "b", "kind": "money", "label": "x", "amount": "1 CNY",
                "share": 0.3}]},
    {"checks": {"risk.cut_vertx": "warning"}},
    {"checks": {"risk.broker": "off"}},
    {"owner": "x"},
])
def test_schema_rejects(validator: Draft202012Validator, snippet: dict) -> None:
    data = {"ecomap": 1, "focus": "a",
            "participants": {"a": {"name": "A", "layer": "core"}}}
    data.update(snippet)
    assert not validator.is_valid(data)
