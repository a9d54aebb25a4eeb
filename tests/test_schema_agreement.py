"""`ecomap check` and the JSON Schema agree on which maps are valid, both ways.

Every example map (tests/examples/negative, tests/examples/positive, maps/) and a table of
one-field cases go through the real `ecomap check --format json` and through an independent
validator, `check-jsonschema` (YAML 1.2 reading with ruamel.yaml, ECMAScript regexes as in an
editor). Each disagreement is listed; the ones a JSON Schema cannot express are expected below,
each with its reason. Any other disagreement, or an expected one that went away, fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO_ROOT

SCHEMA = REPO_ROOT / "src" / "ecomap" / "schema" / "ecomap.schema.json"
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")

CROSS_REFERENCE = "a reference to an id defined elsewhere in the map (the schema sees one value)"
UNIQUE = "ids unique across the items of a list (JSON Schema's uniqueItems compares whole items)"
NOT_THE_VALUE = ("YAML-level rule: the schema sees the parsed data, not how the text was written")
NUMBER_TEXT = ("ecomap refuses numbers written with a leading zero, 0o or 0x (YAML 1.1 tools read "
               "012345 as octal 5349); the schema sees only the number YAML 1.2 reads")

# Example file (relative to the repository) → why only `ecomap check` rejects it.
EXPECTED_FILES: dict[str, str] = {
    "tests/examples/negative/amount_currency_mismatch.yaml":
        "an amount's currency must be the map's `currency:` (a value compared across fields)",
    "tests/examples/negative/amount_range_reversed.yaml":
        "a range's low end must not exceed its high end (numbers compared inside one text)",
    "tests/examples/negative/anchor.yaml": NOT_THE_VALUE + " (anchors are refused)",
    "tests/examples/negative/anchor_and_alias.yaml": NOT_THE_VALUE + " (anchors, aliases)",
    "tests/examples/negative/merge_key.yaml": NOT_THE_VALUE + " (anchors, aliases, <<)",
    "tests/examples/negative/control_character_escaped.yaml":
        NOT_THE_VALUE + " (a control character written as an escape)",
    "tests/examples/negative/flow_id_duplicate.yaml": UNIQUE,
    "tests/examples/negative/layer_duplicate.yaml": UNIQUE,
    "tests/examples/negative/risk_duplicate.yaml": UNIQUE,
    "tests/examples/negative/scenario_duplicate.yaml": UNIQUE,
    "tests/examples/negative/flow_refs_undefined.yaml": CROSS_REFERENCE,
    "tests/examples/negative/focus_undefined.yaml": CROSS_REFERENCE,
    "tests/examples/negative/layer_undefined.yaml": CROSS_REFERENCE,
    "tests/examples/negative/scenario_bad_refs.yaml": CROSS_REFERENCE,
    "tests/examples/negative/scenario_removes_focus.yaml": CROSS_REFERENCE,
    "tests/examples/negative/flow_self.yaml": "`from` and `to` must differ (two values compared)",
    "tests/examples/negative/phase_unknown.yaml": CROSS_REFERENCE,
    "tests/examples/negative/scenario_base_unknown.yaml": CROSS_REFERENCE,
    "tests/examples/negative/scenario_base_cycle.yaml":
        "scenarios must not build on each other in a circle (a chain of references)",
    "tests/examples/negative/phases_overlap.yaml":
        "phases' months must follow each other (ranges compared across list items)",
    "tests/examples/negative/phase_scenario_same_id.yaml":
        "a scenario id must not be a phase id (ids compared across two lists)",
}

BASE = """ecomap: 1
focus: me
participants:
  me: {name: 售后, layer: core}
  owners: {PARTICIPANT}
flows:
  - {FLOW}
"""
OWNERS = "name: 车主, layer: users"
MONEY = "from: owners, to: me, kind: money, label: 费用"

# One field each: case id → (participant fields, flow fields, valid?). The verdict is what
# both tools must say unless the case is in EXPECTED_CASES.
CASES: dict[str, tuple[str, str, bool]] = {
    "share_130": (OWNERS, f"{MONEY}, amount: 9 CNY, volume: 1, share: 130%", False),
    "share_100": (OWNERS, f"{MONEY}, amount: 9 CNY, volume: 1, share: 100%", True),
    "share_100_point_5": (OWNERS, f"{MONEY}, amount: 9 CNY, volume: 1, share: 100.5%", False),
    "share_spaced": (OWNERS, f"{MONEY}, amount: 9 CNY, volume: 1, share: 30 %", True),
    "share_fullwidth": (OWNERS, f"{MONEY}, amount: 9 CNY, volume: 1, share: ３０%", True),
    "share_fraction": (OWNERS, f"{MONEY}, amount: 9 CNY, volume: 1, share: 0.3", False),
    "period_fortnight": (OWNERS, f"{MONEY}, amount: 800 CNY/fortnight", False),
    "period_capitalised": (OWNERS, f"{MONEY}, amount: 980 CNY/Month", True),
    "period_plural_upper": (OWNERS, f"{MONEY}, amount: 980 CNY/MONTHS", True),
    "period_chinese": (OWNERS, f"{MONEY}, amount: 5万 元/季度", True),
    "per_Year": (OWNERS, f"{MONEY}, amount: {{value: 980, per: Year}}", True),
    "per_fortnight": (OWNERS, f"{MONEY}, amount: {{value: 980, per: fortnight}}", False),
    "per_chinese": (OWNERS, f"{MONEY}, amount: {{value: 980, per: 月}}", True),
    "fullwidth_digits": (OWNERS, f"{MONEY}, amount: １００万元/年", True),
    "arabic_indic_digits": (OWNERS, f"{MONEY}, amount: ٣٠٠ CNY", False),
    "amount_currency_rmb": (OWNERS, f"{MONEY}, amount: {{value: 9, currency: RMB}}", True),
    "amount_word": (OWNERS, f"{MONEY}, amount: about 1000 CNY", False),
    "amount_leading_zero": (OWNERS, f"{MONEY}, amount: 012345", True),
    "volume_leading_zero": (OWNERS, f"{MONEY}, amount: 9 CNY, volume: 012345", False),
    "volume_octal": (OWNERS, f"{MONEY}, amount: 9 CNY, volume: 0o17", False),
    "volume_hex": (OWNERS, f"{MONEY}, amount: 9 CNY, volume: 0x1F", False),
    "volume_negative": (OWNERS, f"{MONEY}, amount: 9 CNY, volume: -1", False),
    "volume_quoted": (OWNERS, f"{MONEY}, amount: 9 CNY, volume: '100'", False),
    "category_on_service": (OWNERS, "from: owners, to: me, kind: service, label: x, "
                                    "category: service", False),
    "consent_on_money": (OWNERS, f"{MONEY}, consent: true", False),
    "internal_yes": (f"{OWNERS}, internal: yes", MONEY, False),
    "count_zero": (f"{OWNERS}, count: 0", MONEY, False),
    "count_leading_zero": (f"{OWNERS}, count: 0100", MONEY, False),
    "url_ftp": (f"{OWNERS}, url: 'ftp://example.com'", MONEY, False),
    "name_number": ("name: 2024, layer: users", MONEY, True),
    "name_blank": ("name: ' ', layer: users", MONEY, False),
    "layer_custom_undefined": ("name: 车主, layer: partners", MONEY, False),
}
EXPECTED_CASES: dict[str, str] = {
    "volume_leading_zero": NUMBER_TEXT,
    "volume_octal": NUMBER_TEXT,
    "volume_hex": NUMBER_TEXT,
    "count_leading_zero": NUMBER_TEXT,
    "layer_custom_undefined": CROSS_REFERENCE,
}


def ecomap_valid(paths: list[Path]) -> dict[str, bool]:
    """Path → valid for `ecomap check` (findings, even errors, do not make a map invalid)."""
    run = subprocess.run([sys.executable, "-m", "ecomap", "check", "--format", "json",
                          *map(str, paths)], capture_output=True, text=True, cwd=REPO_ROOT)
    assert run.returncode in (0, 1), run.stderr
    return {f["path"]: f["status"] != "invalid" for f in json.loads(run.stdout)["files"]}


def schema_valid(paths: list[Path]) -> dict[str, bool]:
    """Path → valid for check-jsonschema (a file it cannot parse is invalid)."""
    run = subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(SCHEMA),
                          "--output-format", "json", *map(str, paths)],
                         capture_output=True, text=True, cwd=REPO_ROOT)
    assert run.returncode in (0, 1), run.stdout + run.stderr
    report = json.loads(run.stdout)
    bad = {e["filename"] for e in report["errors"]} | \
        {e["filename"] for e in report["parse_errors"]}
    return {str(p): str(p) not in bad for p in paths}


def disagreements(paths: list[Path]) -> dict[str, str]:
    check, schema = ecomap_valid(paths), schema_valid(paths)
    assert set(check) == set(schema) == {str(p) for p in paths}
    return {p: ("only ecomap check rejects it" if schema[p] else "only the schema rejects it")
            for p in check if check[p] != schema[p]}


def test_examples_agree_except_what_a_schema_cannot_express() -> None:
    paths = sorted((EXAMPLES / "negative").glob("*.yaml")) + \
        sorted((EXAMPLES / "positive").glob("*.yaml")) + sorted((REPO_ROOT / "maps").glob("*.yaml"))
    assert len(paths) > 100
    relative = [p.relative_to(REPO_ROOT) for p in paths]
    found = disagreements(relative)
    unexpected = {p: why for p, why in found.items() if p not in EXPECTED_FILES}
    assert not unexpected, "\n".join(f"{p}: {why}" for p, why in sorted(unexpected.items()))
    # Every expected one is still a disagreement of the kind named (check stricter).
    assert found == {p: "only ecomap check rejects it" for p in EXPECTED_FILES}


@pytest.fixture(scope="module")
def case_verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bool, bool]]:
    folder = tmp_path_factory.mktemp("cases")
    paths = []
    for name, (participant, flow, _) in CASES.items():
        path = folder / f"{name}.yaml"
        path.write_text(BASE.replace("{PARTICIPANT}", "{" + participant + "}")
                        .replace("{FLOW}", "{" + flow + "}"), encoding="utf-8")
        paths.append(path)
    check, schema = ecomap_valid(paths), schema_valid(paths)
    return {Path(p).stem: (check[p], schema[p]) for p in check}


@pytest.mark.parametrize("name", sorted(CASES))
def test_one_field_case(name: str, case_verdicts: dict[str, tuple[bool, bool]]) -> None:
    check, schema = case_verdicts[name]
    wanted = CASES[name][2]
    assert check == wanted, f"ecomap check says {'valid' if check else 'invalid'}"
    if name in EXPECTED_CASES:
        assert schema != check, f"no longer a disagreement: {EXPECTED_CASES[name]}"
    else:
        assert schema == wanted, f"the schema says {'valid' if schema else 'invalid'}"
