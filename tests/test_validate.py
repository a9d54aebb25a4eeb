"""Validation: every negative example map fails with its exact golden error text, every positive
example passes (DESIGN.md habit 5), and a few checks on the built model."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, assert_golden
from ecomap.cli import main
from ecomap.errors import EcomapError
from ecomap.source import MAX_BYTES
from ecomap.validate import load_map, load_text

NEGATIVE = EXAMPLES / "negative"
POSITIVE = EXAMPLES / "positive"
NEGATIVE_MAPS = sorted(NEGATIVE.glob("*.yaml"))
POSITIVE_MAPS = sorted(POSITIVE.glob("*.yaml"))


def run_check(path: Path | str, cwd: Path) -> tuple[int, str, str]:
    """`ecomap check PATH` run in ``cwd``, so that messages show the path as given."""
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["check", str(path)])
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def test_examples_exist() -> None:
    assert len(NEGATIVE_MAPS) >= 60
    assert len(POSITIVE_MAPS) >= 5
    orphans = {p.stem for p in NEGATIVE.glob("*.err")} - {p.stem for p in NEGATIVE_MAPS}
    assert not orphans, f".err files without a map: {sorted(orphans)}"


@pytest.mark.parametrize("map_path", NEGATIVE_MAPS, ids=lambda p: p.stem)
def test_negative_example(map_path: Path) -> None:
    code, out, err = run_check(map_path.name, NEGATIVE)
    assert "Traceback" not in out + err
    assert out == ""
    assert code == 1, err
    lines = err.splitlines()
    assert lines and all(line.startswith(f"{map_path.name}:") and ": error: " in line
                         for line in lines), err
    assert_golden(map_path.with_suffix(".err"), err)


@pytest.mark.parametrize("map_path", NEGATIVE_MAPS, ids=lambda p: p.stem)
def test_negative_example_library(map_path: Path) -> None:
    """The same text comes from the library (what the CLI prints is str(EcomapError))."""
    old = Path.cwd()
    os.chdir(NEGATIVE)
    try:
        with pytest.raises(EcomapError) as info:
            load_map(map_path.name)
    finally:
        os.chdir(old)
    expected = map_path.with_suffix(".err")
    assert expected.exists(), f"{expected.name} is missing (test_negative_example writes it)"
    assert str(info.value) + "\n" == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("map_path", POSITIVE_MAPS, ids=lambda p: p.stem)
def test_positive_example_validates(map_path: Path) -> None:
    eco = load_map(str(map_path))
    assert eco.participants


@pytest.mark.parametrize("map_path", POSITIVE_MAPS, ids=lambda p: p.stem)
def test_positive_example_check(map_path: Path) -> None:
    code, out, err = run_check(map_path.name, POSITIVE)
    assert "Traceback" not in out + err
    assert code == 0, out + err
    assert ": error:" not in out + err


def test_huge_file(tmp_path: Path) -> None:
    big = tmp_path / "huge.yaml"
    line = "# " + "x" * 1021 + "\n"  # 1 KiB lines of comment
    with open(big, "w", encoding="utf-8") as f:
        f.write("ecomap: 1\n")
        for _ in range(MAX_BYTES // len(line) + 1):
            f.write(line)
    assert big.stat().st_size > MAX_BYTES
    code, out, err = run_check("huge.yaml", tmp_path)
    assert code == 1
    assert "Traceback" not in out + err
    size = big.stat().st_size
    assert err == (f"huge.yaml:1:1: error: file is too large ({size:,} bytes; a map may have at "
                   "most 10,485,760)\n")
    assert "a map may have at most 10,485,760)" in err


def test_non_utf8_written_in_binary(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("ecomap: 1\ntitle: Caf\xe9\n".encode("latin-1"))
    code, _, err = run_check("latin1.yaml", tmp_path)
    assert code == 1
    assert err == "latin1.yaml:2:11: error: the file is not UTF-8 (byte 0xe9 — save the file " \
                  "as UTF-8)\n"


def test_all_errors_in_one_run_sorted() -> None:
    """Habit 2: every problem of the map at once, sorted by position."""
    text = """ecomap: 2
focus: nobody
participants:
  a: {name: A, layer: nowhere}
  b: {name: B, layer: core, internal: yes}
flows:
  - {from: a, to: c, kind: mony, label: x}
"""
    with pytest.raises(EcomapError) as info:
        load_text(text, "m.yaml")
    lines = str(info.value).splitlines()
    assert len(lines) == 6
    positions = [tuple(int(x) for x in line.split(":")[1:3]) for line in lines]
    assert positions == sorted(positions)


# ---------------------------------------------------------------- the model built


def test_minimal_map_defaults() -> None:
    eco = load_text("ecomap: 1\nfocus: me\nparticipants:\n  me: {name: 我, layer: core}\n",
                    "maps/minimal.yaml")
    assert eco.title == "minimal"  # no title: the file name
    assert eco.locale == "zh" and eco.currency == "CNY"
    assert [layer.id for layer in eco.layers] == ["core", "strategic", "service", "enabler",
                                                  "users"]
    assert eco.flows == () and eco.risks == () and eco.scenarios == ()


def test_plain_no_stays_text() -> None:
    eco = load_text("ecomap: 1\ntitle: NO\nfocus: me\nparticipants:\n"
                    "  me: {name: on, layer: core, role: yes, tags: [NO, off, 012345]}\n"
                    "  'no': {name: NO, layer: users}\n"
                    "flows:\n  - {from: 'no', to: me, kind: data, label: NO}\n")
    assert eco.title == "NO"
    me = eco.participant("me")
    assert (me.name, me.role, me.tags) == ("on", "yes", ("NO", "off", "012345"))
    assert eco.participant("no").name == "NO"
    assert eco.flows[0].label == "NO"


def test_flow_annual_from_map() -> None:
    eco = load_text("""ecomap: 1
focus: me
participants:
  me: {name: 我, layer: core}
  owners: {name: 车主, layer: users}
flows:
  - {id: rent, from: owners, to: me, kind: money, label: 月租, amount: 980 CNY/month,
     volume: 30000}
  - {id: ext, from: owners, to: me, kind: money, label: 延保, amount: 10万, volume: 2000,
     share: 30%}
  - {from: owners, to: me, kind: money, label: 保险, amount: '150-300 CNY/year',
     volume: 1000, share: [5%, 60%]}
""")
    rent, ext, ins = eco.flows
    assert rent.annual.low == rent.annual.high == 352_800_000
    assert ext.annual.low == 60_000_000
    assert (ins.annual.low, ins.annual.high) == (4500, 9000)
    assert ins.ref == "owners->me:money" and rent.ref == "rent"


def test_currency_aliases_in_map() -> None:
    """`currency: RMB` is CNY; an amount mapping may say 元."""
    eco = load_text("""ecomap: 1
currency: RMB
focus: me
participants:
  me: {name: 我, layer: core}
  you: {name: 你, layer: users}
flows:
  - {from: you, to: me, kind: money, label: a, amount: 98 RMB/month}
  - {from: you, to: me, kind: money, label: b, amount: {value: 7-12万, currency: 元, per: 年}}
""")
    assert eco.currency == "CNY"
    a, b = eco.flows
    assert a.amount.currency == b.amount.currency == "CNY"
    assert (b.annual.low, b.annual.high) == (70_000, 120_000)
    assert b.amount.per == "year"


def test_scores_and_scenarios_built() -> None:
    eco = load_text("""ecomap: 1
focus: me
participants:
  me: {name: 我, layer: core}
  dealer: {name: 经销商, layer: service,
           screening: {service_quality: 5, coverage: 4.5, cost: 4, integration: 5},
           quality: {satisfaction: 5, response: 4.5, complaint_handling: 4, price: 5,
                     complaint_rate: 0.6%}}
flows:
  - {id: fee, from: dealer, to: me, kind: money, label: 加盟费, amount: 50万}
scenarios:
  - {id: cut, name: 降价, set: {fee: {amount: 40万}}, remove: dealer}
""")
    dealer = eco.participant("dealer")
    assert dealer.screening is not None and dealer.screening.weighted == Fraction(4675, 1000)
    assert dealer.quality is not None and dealer.quality.rating == Fraction(4675, 1000)
    assert dealer.quality.complaint_rate == Fraction(6, 1000)
    assert dealer.tier == "silver"  # 4.675 > 4.5 and 0.6% < 1%; not gold (0.6% ≥ 0.5%)
    (sc,) = eco.scenarios
    assert sc.remove == ("dealer",)
    assert sc.set[0].fields["amount"].value.low == 400_000
