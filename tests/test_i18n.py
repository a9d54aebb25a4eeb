"""The vocabulary is complete and strict: every code of every domain has a label in every
language, every check and every sentence a template in each, zh and en templates take the same
parameters, and a missing label raises instead of showing the raw code."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

from ecomap import i18n
from ecomap.amounts import PERIODS_PER_YEAR
from ecomap.analysis.checks import check_ids, registry
from ecomap.analysis.kpis import STATUSES as KPI_STATUSES
from ecomap.analysis.revenue import COSTS_PARTLY, COSTS_UNQUANTIFIED, NO_COSTS
from ecomap.diff.compare import FLOW_FIELDS, MAP_FIELDS, PARTICIPANT_FIELDS, RISK_FIELDS
from ecomap.i18n.params import fields
from ecomap.model import (
    CATEGORIES,
    DEFAULT_LAYERS,
    KINDS,
    LEVELS,
    PARTNER_TYPES,
    QUALITY_FIELDS,
    QUALITY_WEIGHTS,
    REGIONS,
    SCREENING_FIELDS,
    SCREENING_WEIGHTS,
    SENSITIVITIES,
    SEVERITIES,
    TIERS,
    QualityReview,
)

SRC = Path(__file__).resolve().parent.parent / "src" / "ecomap"


def _tiers() -> set[str]:
    """Every tier the model can give, found by walking the rating in tenths and the
    complaint rate in tenths of a percent."""
    tiers = set()
    for tenths in range(51):
        s = Fraction(tenths, 10)
        for rate in range(0, 30):
            tiers.add(QualityReview(s, s, s, s, Fraction(rate, 1000)).tier)
    assert tiers == set(TIERS)
    return tiers


# Domain → the codes the model (or the registry, or diff) can hand it.
CODES: dict[str, set[str]] = {
    "kind": set(KINDS),
    "goods": set(KINDS),
    "layer": {layer.id for layer in DEFAULT_LAYERS},
    "category": set(CATEGORIES),
    "category_word": set(CATEGORIES),
    "partner_type": set(PARTNER_TYPES),
    "region": set(REGIONS),
    "level": set(LEVELS),
    "severity": set(SEVERITIES) - {"ignore"},  # "ignore" drops a finding: never shown
    "sensitivity": set(SENSITIVITIES),
    "tier": _tiers(),
    "tier_word": _tiers(),
    "screening": set(SCREENING_FIELDS),
    "quality": set(QUALITY_FIELDS),
    "check": set(check_ids()),
    "field": set(PARTICIPANT_FIELDS + FLOW_FIELDS + RISK_FIELDS + MAP_FIELDS),
    "period": set(PERIODS_PER_YEAR),
    "margin_note": {NO_COSTS, COSTS_UNQUANTIFIED, COSTS_PARTLY},
    "kpi_status": set(KPI_STATUSES),
}


@pytest.mark.parametrize("domain", sorted(i18n.DOMAINS))
def test_every_domain_has_the_same_codes_in_every_language(domain: str) -> None:
    table = i18n.DOMAINS[domain]
    assert set(table) == set(i18n.LANGS)
    for lang in i18n.LANGS:
        assert set(table[lang]) == set(table["zh"]), (domain, lang)
        assert all(label.strip() for label in table[lang].values()), (domain, lang)


@pytest.mark.parametrize("domain", sorted(CODES))
def test_every_code_has_a_label_in_every_language(domain: str) -> None:
    assert CODES[domain], domain
    for lang in i18n.LANGS:
        words = i18n.Words(lang)
        for code in sorted(CODES[domain]):
            assert words.label(domain, code)
    # No label for a code nothing can produce (a typo would hide there).
    assert set(i18n.DOMAINS[domain]["zh"]) == CODES[domain]


def test_default_layer_names_are_the_vocabulary_s() -> None:
    assert {layer.id: layer.name for layer in DEFAULT_LAYERS} == dict(i18n.LAYERS["zh"])


def test_every_check_has_a_title_and_a_message_in_every_language() -> None:
    for lang in i18n.LANGS:
        for check in check_ids():
            assert i18n.CHECKS[lang][check]
            assert i18n.TEMPLATES[lang][check]


def test_templates_agree_across_languages() -> None:
    keys = set(i18n.TEMPLATES["zh"])
    assert keys == set(i18n.TEMPLATES["en"])
    for key in sorted(keys):
        assert fields(i18n.TEMPLATES["zh"][key]) == fields(i18n.TEMPLATES["en"][key]), key
    for lang in i18n.LANGS:
        for key, text in i18n.DIAGRAM[lang].items():
            assert fields(text) == fields(i18n.DIAGRAM["zh"][key]), (lang, key)
        for key, text in i18n.STRINGS[lang].items():
            assert fields(text) == fields(i18n.STRINGS["zh"][key]), (lang, key)


def test_deck_words_agree_across_languages() -> None:
    assert set(i18n.DECK) == set(i18n.LANGS)
    for lang in i18n.LANGS:
        assert set(i18n.DECK[lang]) == set(i18n.DECK["zh"]), lang
        for key, text in i18n.DECK[lang].items():
            assert text.strip(), (lang, key)
            assert fields(text) == fields(i18n.DECK["zh"][key]), (lang, key)


def test_every_deck_word_the_code_names_exists() -> None:
    # The deck reads its words as d["key"] or DECK[lang]["key"] (the report's as t["key"]).
    text = "".join(p.read_text(encoding="utf-8") for p in (SRC / "deck").glob("*.py"))
    used = set(re.findall(r'(?:\bd|DECK\[[\w.]+\])\["(\w+)"\]', text))
    assert len(used) > 15
    assert used <= set(i18n.DECK["zh"]), sorted(used - set(i18n.DECK["zh"]))
    unused = set(i18n.DECK["zh"]) - used
    assert not unused, sorted(unused)


def test_every_template_the_code_names_exists() -> None:
    # say("…"), Phrase.of("…") and check ids are the ways code reaches a template.
    used: set[str] = set(check_ids())
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'(?:say|Phrase\.of)\(\s*"([\w.]+)"', text))
    assert len(used) > 60
    missing = sorted(k for k in used if k not in i18n.TEMPLATES["zh"])
    assert not missing


def test_scorecard_weights_come_from_the_model() -> None:
    """One name per weight, the lesson's words (main named the fourth 对接 and 协同)."""
    from ecomap.i18n.report import weighted_header

    assert [weighted_header("zh", "screening", k) for k in SCREENING_WEIGHTS] == [
        "服务质量 40%", "覆盖范围 25%", "成本竞争力 20%", "系统对接能力 15%"]
    assert [weighted_header("zh", "quality", k) for k in QUALITY_WEIGHTS] == [
        "客户满意度 40%", "服务响应速度 25%", "投诉处理 20%", "价格合理性 15%"]
    assert weighted_header("en", "screening", "integration") == "System integration 15%"
    note = i18n.STRINGS["zh"]["tier_note"]
    assert "金牌 >4.8 且 <0.5%，银牌 >4.5 且 <1%，铜牌 >4.0 且 <2%，否则黄牌" in note


def test_a_missing_label_fails_loudly() -> None:
    with pytest.raises(KeyError, match="no en label for 'crypto'"):
        i18n.label(i18n.KINDS, "en", "crypto")
    with pytest.raises(KeyError, match="no zh label for kind 'crypto'"):
        i18n.Words("zh").label("kind", "crypto")
    with pytest.raises(KeyError, match="no language 'fr'"):
        i18n.Words("fr")
    with pytest.raises(KeyError, match="no en template 'text.nothing'"):
        i18n.fill("text.nothing", "en", {})
    with pytest.raises(KeyError):  # a template's parameter left out
        i18n.fill("text.focus", "en", {})
    assert i18n.label(i18n.KINDS, "en", None) == ""  # no code at all: nothing to show


def test_registry_declares_each_check_once_in_spec_order() -> None:
    checks = registry()
    assert list(checks) == list(check_ids())
    assert [c.split(".")[0] for c in checks] == sorted(
        (c.split(".")[0] for c in checks),
        key=["model", "risk", "balance", "compliance", "path"].index)
    assert {c.default for c in checks.values()} <= {"error", "warning", "info"}
    # Each id is spelled once in the source: in its @check declaration.
    for check in checks:
        declared = re.compile(rf'^@check\("{re.escape(check)}"', re.MULTILINE)
        spelled = [p for p in SRC.rglob("*.py") if declared.search(p.read_text("utf-8"))]
        assert len(spelled) == 1, check


def test_every_declared_check_is_in_the_registry() -> None:
    # registry() imports checks.FAMILY_MODULES: a check declared elsewhere would be missed.
    declared = {m for p in SRC.rglob("*.py")
                for m in re.findall(r'^@check\("([\w.]+)"', p.read_text("utf-8"), re.MULTILINE)}
    assert declared == set(check_ids())


def test_diff_does_not_import_the_renderer() -> None:
    for path in (SRC / "diff").glob("*.py"):
        assert "ecomap.render" not in path.read_text(encoding="utf-8"), path.name


def test_workbook_words_agree_across_languages_and_suit_excel() -> None:
    assert set(i18n.WORKBOOK) == set(i18n.LANGS)
    for lang in i18n.LANGS:
        assert set(i18n.WORKBOOK[lang]) == set(i18n.WORKBOOK["zh"]), lang
        for key, text in i18n.WORKBOOK[lang].items():
            assert text.strip(), (lang, key)
            assert fields(text) == fields(i18n.WORKBOOK["zh"][key]), (lang, key)
            if key.startswith("sheet_"):  # Excel: at most 31 characters, none of []:*?/\
                assert len(text) <= 31 and not set(text) & set("[]:*?/\\"), (lang, key)


def test_every_workbook_word_the_code_names_exists() -> None:
    # The workbook reads its words as w["key"] / words["key"], the round-trip notes by key.
    text = "".join(p.read_text(encoding="utf-8") for p in (SRC / "spreadsheet").glob("*.py"))
    text += (SRC / "cli.py").read_text(encoding="utf-8")
    used = set(re.findall(r'(?:\bw|\bwords)\["(\w+)"\]', text))
    used |= set(re.findall(r'"(nc_\w+)"', text))
    assert len(used) > 30
    assert used <= set(i18n.WORKBOOK["zh"]), sorted(used - set(i18n.WORKBOOK["zh"]))
    unused = set(i18n.WORKBOOK["zh"]) - used
    assert not unused, sorted(unused)
