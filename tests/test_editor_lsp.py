"""The editor experience, with the real yaml-language-server (the server behind VS Code's YAML
extension) driven over stdio LSP and the schema `ecomap schema` prints: completion of layer
ids, a precise message for a field the flow's kind does not allow, hovers headed with the
field's name, and a starter map from `ecomap new` that the server validates clean."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import cli
from lsp import SERVER, LanguageServer

MAP = """# yaml-language-server: $schema=./ecomap.schema.json
ecomap: 1
focus: me
participants:
  me:
    name: 售后
    layer: <CURSOR>
  owners: {name: 车主, layer: users}
flows:
  - from: owners
    to: me
    kind: service
    label: 保养
    category: service
  - {from: owners, to: me, kind: money, label: 费用, amount: １００万元/年, share: 130%}
""".replace("<CURSOR>", "")  # completion is asked for after "layer: "
LAYER_LINE = 6
CATEGORY_LINE = 13
SHARE_LINE = 14


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("editor")
    schema = cli("schema")
    assert schema.exit_code == 0
    (folder / "ecomap.schema.json").write_text(schema.stdout, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def server(workspace: Path) -> Iterator[LanguageServer]:
    assert SERVER.exists(), f"{SERVER} is missing: run scripts/bootstrap.sh --browser"
    ls = LanguageServer(workspace, {"yaml": {
        "validate": True, "hover": True, "completion": True,
        "schemaStore": {"enable": False}}})  # offline: no schema catalogue download
    yield ls
    ls.close()


@pytest.fixture(scope="module")
def opened(server: LanguageServer, workspace: Path) -> tuple[str, list[dict]]:
    path = workspace / "map.yaml"
    path.write_text(MAP, encoding="utf-8")
    uri = server.open(path, MAP)
    return uri, server.diagnostics(uri)


def test_layer_completion_offers_the_five_default_layers(
        server: LanguageServer, opened: tuple[str, list[dict]]) -> None:
    uri, _ = opened
    labels = [item["label"] for item in server.completion(uri, LAYER_LINE, len("    layer: "))]
    assert labels[:5] == ["core", "strategic", "service", "enabler", "users"]


def test_field_not_allowed_on_the_kind_is_named(opened: tuple[str, list[dict]]) -> None:
    _, diagnostics = opened
    on_category = [d for d in diagnostics if d["range"]["start"]["line"] == CATEGORY_LINE]
    assert [d["message"] for d in on_category] == ["Property category is not allowed."]
    assert on_category[0]["range"]["start"]["character"] == 4
    assert not any(d["message"] == "Matches a schema that is not allowed." for d in diagnostics)


def test_schema_agrees_with_check_on_share_and_fullwidth_digits(
        opened: tuple[str, list[dict]]) -> None:
    """130% is refused (as `ecomap check` does); full-width digits are read (as it does)."""
    _, diagnostics = opened
    on_money = [d for d in diagnostics if d["range"]["start"]["line"] == SHARE_LINE]
    assert len(on_money) == 1, on_money
    start = on_money[0]["range"]["start"]["character"]
    assert MAP.splitlines()[SHARE_LINE][start:].startswith("130%")
    # The empty layer: the only other problem in the document.
    assert {d["range"]["start"]["line"] for d in diagnostics} == \
        {LAYER_LINE, CATEGORY_LINE, SHARE_LINE}


@pytest.mark.parametrize("line, column, title, phrase", [
    (LAYER_LINE, 5, "layer", "five-layer template"),
    (11, 5, "kind", "money 资金流"),
    (5, 5, "name", "display name"),
    (2, 1, "focus", "视角"),
])
def test_hover_is_headed_with_the_field(server: LanguageServer, opened: tuple[str, list[dict]],
                                        line: int, column: int, title: str, phrase: str) -> None:
    uri, _ = opened
    text = server.hover(uri, line, column)
    assert text.splitlines()[0] == f"#### {title}"
    assert phrase in text
    assert "ecomap map (生态全景图)" not in text.splitlines()[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_new_map_names_the_schema_and_validates_clean(
        server: LanguageServer, workspace: Path, lang: str) -> None:
    """`ecomap new` writes the modeline; with the schema beside the map the server finds it
    (no settings needed) and reports nothing."""
    result = cli("new", str(workspace / f"starter_{lang}"), "--lang", lang)
    assert result.exit_code == 0, result.output
    path = workspace / f"starter_{lang}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./ecomap.schema.json"
    uri = server.open(path, text)
    assert server.diagnostics(uri) == []
    # …and the server does use the schema: a typo in the same file is reported.
    broken = path.with_name(f"broken_{lang}.yaml")
    broken.write_text(text.replace("kind: money", "kind: mony", 1), encoding="utf-8")
    diagnostics = server.diagnostics(server.open(broken, broken.read_text(encoding="utf-8")))
    assert [d["message"] for d in diagnostics][:1] == [
        'Value is not accepted. Valid values: "money", "data", "asset", "service".']
