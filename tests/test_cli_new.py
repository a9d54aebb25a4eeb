"""`ecomap new`: a commented starter map that validates, checks clean and renders; the file name
rules; never an overwrite; the packaged templates explain every field of the format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import cli
from ecomap import scaffold
from ecomap.validate import (
    FLOW_KEYS,
    PARTICIPANT_KEYS,
    RISK_KEYS,
    SCENARIO_KEYS,
    TOP_KEYS,
    load_map,
)

LANGS = ("zh", "en")


def comments(text: str) -> str:
    return "\n".join(line.split("#", 1)[1] for line in text.splitlines() if "#" in line)


@pytest.mark.parametrize("lang", LANGS)
def test_new_map_validates_and_checks_clean(tmp_path: Path, lang: str) -> None:
    result = cli("new", str(tmp_path / "aftersales"), "--lang", lang)
    assert result.exit_code == 0, result.output
    path = tmp_path / "aftersales.yaml"
    assert result.stdout == f"{path}\n"
    assert f"ecomap check {path}" in result.stderr
    eco = load_map(str(path))
    assert eco.title == "aftersales"
    assert eco.locale == lang
    assert eco.focus == "aftersales"
    assert [layer.id for layer in eco.layers] == ["core", "strategic", "service", "enabler",
                                                  "users"]
    assert 8 <= len(eco.flows) <= 12
    assert {f.kind for f in eco.flows} == {"money", "data", "asset", "service"}
    assert {"oem", "insurer", "used_car"} <= set(eco.participants_by_id)
    check = cli("check", str(path))
    assert check.exit_code == 0, check.output
    assert ": error:" not in check.output


def test_zh_and_en_starters_are_the_same_map_in_two_languages(tmp_path: Path) -> None:
    zh = load_map(str(tmp_path / cli("new", str(tmp_path / "zh")).stdout.strip()))
    en = load_map(str(tmp_path / cli("new", str(tmp_path / "en"), "--lang", "en")
                      .stdout.strip()))
    assert [p.id for p in zh.participants] == [p.id for p in en.participants]
    assert [(f.source, f.target, f.kind, f.id, f.annual, f.category) for f in zh.flows] == \
        [(f.source, f.target, f.kind, f.id, f.annual, f.category) for f in en.flows]
    assert [s.id for s in zh.scenarios] == [s.id for s in en.scenarios]
    assert zh.participant("insurer").name == "保险公司"
    assert en.participant("insurer").name == "Insurer"
    zh_text = (tmp_path / "zh.yaml").read_text(encoding="utf-8")
    en_text = (tmp_path / "en.yaml").read_text(encoding="utf-8")
    assert "# participants 参与者" in zh_text and "能力补充型" in zh_text
    assert "# participants: id -> fields." in en_text
    assert not re.search(r"[\u4e00-\u9fff]", comments(en_text).replace("万", "").replace("亿", ""))


@pytest.mark.parametrize("layout", ["layered", "radial"])
def test_new_map_renders_in_both_layouts(tmp_path: Path, layout: str) -> None:
    assert cli("new", str(tmp_path / "starter")).exit_code == 0
    result = cli("render", str(tmp_path / "starter.yaml"), "-o", str(tmp_path / "out"),
                 "--format", "svg", "--layout", layout)
    assert result.exit_code == 0, result.output
    svg = (tmp_path / "out" / "starter" / f"starter.{layout}.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<")
    for name in ("售后服务中心", "主机厂", "保险公司", "二手车平台", "车主"):
        assert name in svg


def test_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_bytes(b"# my own map\necomap: 1\n")
    before = target.read_bytes()
    for name in ("mine", "mine.yaml"):
        result = cli("new", str(tmp_path / name))
        assert result.exit_code == 1
        assert result.stderr == (f"error: {target} already exists; ecomap new never "
                                 "overwrites a file (choose another NAME or remove the file "
                                 "first)\n")
        assert result.stdout == ""
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.yaml"]  # no temp file left


def test_a_dangling_symlink_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "link.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    assert cli("new", str(tmp_path / "link")).exit_code == 1
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_create_refuses_a_file_that_appears_meanwhile(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The exists() check is not what protects the file: link() refuses an existing name."""
    target = tmp_path / "race.yaml"
    real_exists = Path.exists

    def exists_then_appears(self: Path) -> bool:
        if self == target and not real_exists(self):
            target.write_text("theirs", encoding="utf-8")  # someone else wins the race
            return False
        return real_exists(self)

    monkeypatch.setattr(Path, "exists", exists_then_appears)
    with pytest.raises(FileExistsError):
        scaffold.create(target, b"ours")
    assert target.read_text(encoding="utf-8") == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["race.yaml"]


@pytest.mark.parametrize("name, written", [
    ("plan", "plan.yaml"),
    ("plan.yaml", "plan.yaml"),
    ("plan.yml", "plan.yml"),
    ("plan.YAML", "plan.YAML"),
    ("plan.v2", "plan.v2.yaml"),
    ("sub/dir/plan", "sub/dir/plan.yaml"),
])
def test_yaml_suffix_handling(tmp_path: Path, name: str, written: str) -> None:
    result = cli("new", str(tmp_path / name))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path / written}\n"
    assert load_map(str(tmp_path / written)).title == Path(written).stem


@pytest.mark.parametrize("name, message", [
    ("", "error: NAME must not be empty"),
    ("maps/", "error: maps/: NAME must be a file name, not a folder"),
    (".yaml", "error: .yaml: NAME needs a file name before the suffix"),
])
def test_bad_names_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
                          message: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("new", name)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("title", ["售后生态 2025", "Plan: v2 # draft", "true", "123",
                                   "引号\"和'反斜杠\\"])
def test_title_option_round_trips(tmp_path: Path, title: str) -> None:
    result = cli("new", str(tmp_path / "m"), "--title", title)
    assert result.exit_code == 0, result.output
    assert load_map(str(tmp_path / "m.yaml")).title == title
    assert cli("check", str(tmp_path / "m.yaml")).exit_code == 0


def test_title_from_an_awkward_file_name(tmp_path: Path) -> None:
    result = cli("new", str(tmp_path / "map: #1"))
    assert result.exit_code == 0, result.output
    assert load_map(str(tmp_path / "map: #1.yaml")).title == "map: #1"


def test_unknown_template_is_a_usage_error(tmp_path: Path) -> None:
    result = cli("new", str(tmp_path / "x"), "--template", "six-layer")
    assert result.exit_code == 2
    assert "Invalid value for '--template'" in result.output
    assert not (tmp_path / "x.yaml").exists()


def test_help_lists_templates_and_shows_an_example() -> None:
    result = cli("new", "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and "ecomap new maps/aftersales" in result.output
    assert "five-layer" in result.output


@pytest.mark.parametrize("template", sorted(scaffold.TEMPLATES))
@pytest.mark.parametrize("lang", LANGS)
def test_packaged_templates_explain_every_field(template: str, lang: str) -> None:
    text = scaffold.template_text(template, lang)
    explained = comments(text)
    keys = (set(TOP_KEYS) | set(PARTICIPANT_KEYS) | set(FLOW_KEYS) | set(RISK_KEYS)
            | set(SCENARIO_KEYS) | {"quality", "coverage", "cost", "integration"})
    # A key is explained in a comment block, or by a comment on its own line.
    missing = sorted(k for k in keys if not re.search(rf"\b{k}\b", explained)
                     and not re.search(rf"^\s*{k}:.*#", text, re.MULTILINE))
    assert missing == []
    for word in ("capability", "resource", "traffic", "innovation", "money", "data", "asset",
                 "service", "subscription", "commission", "finance", "public", "desensitized",
                 "sensitive", "domestic", "overseas", "980 CNY/month", "150-300 CNY/year",
                 "万", "day", "quarter"):
        assert word in explained, word



def test_a_file_where_the_folder_should_be(tmp_path: Path) -> None:
    (tmp_path / "plan").write_text("not a folder", encoding="utf-8")
    result = cli("new", str(tmp_path / "plan" / "x"))
    assert result.exit_code == 2
    assert result.stderr == (f"error: cannot create {tmp_path / 'plan' / 'x.yaml'}: "
                             f"{tmp_path / 'plan'} is not a folder\n")
