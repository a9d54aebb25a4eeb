"""source.py: YAML 1.2 scalars, spans, and every refusal (limits, tags, anchors, duplicates)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecomap.errors import EcomapError, Span
from ecomap.source import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_TEXT,
    Mapping,
    Scalar,
    Sequence,
    decode,
    parse,
    read,
    resolve_plain,
)


@pytest.mark.parametrize("text, value", [
    # YAML 1.1 booleans are text in YAML 1.2
    ("NO", "NO"), ("no", "no"), ("No", "No"), ("n", "n"), ("N", "N"),
    ("yes", "yes"), ("Yes", "Yes"), ("y", "y"), ("Y", "Y"),
    ("on", "on"), ("On", "On"), ("ON", "ON"), ("off", "off"),
    # the YAML 1.2 booleans
    ("true", True), ("True", True), ("TRUE", True), ("false", False), ("FALSE", False),
    # nulls
    ("~", None), ("null", None), ("Null", None), ("NULL", None), ("", None),
    # numbers
    ("0", 0), ("42", 42), ("-7", -7), ("+3", 3), ("1.5", 1.5), ("-0.5", -0.5), (".5", 0.5),
    ("1e3", 1000.0), ("1.5E-2", 0.015), ("3.", 3.0),
    # leading zeros stay text (YAML 1.1 read them as octal)
    ("012345", "012345"), ("0123", "0123"), ("-012", "-012"), ("00", "00"), ("0.5", 0.5),
    # YAML 1.2 core hex/octal forms and other look-alikes are text here
    ("0x1F", "0x1F"), ("0o17", "0o17"), ("1_000", "1_000"), ("1,000", "1,000"),
    (".inf", ".inf"), (".nan", ".nan"), ("e3", "e3"), (".", "."), ("1e", "1e"),
    ("2025-03-01", "2025-03-01"), ("12:30", "12:30"), ("3万", "3万"), ("30%", "30%"),
])
def test_resolve_plain(text: str, value: object) -> None:
    got = resolve_plain(text)
    assert got == value and type(got) is type(value)


def _value(yaml_text: str) -> Scalar:
    root = parse(f"k: {yaml_text}\n", "t.yaml")
    assert isinstance(root, Mapping)
    node = root.get("k")
    assert isinstance(node, Scalar)
    return node


@pytest.mark.parametrize("yaml_text, value, quoted", [
    ("NO", "NO", False), ("on", "on", False), ("yes", "yes", False), ("y", "y", False),
    ("~", None, False), ("null", None, False), ("true", True, False), ("1.5", 1.5, False),
    ("012345", "012345", False), ("0x1F", "0x1F", False), ("1e3", 1000.0, False),
    ('"quoted 1"', "quoted 1", True), ('"1"', "1", True), ("'true'", "true", True),
    ("'NO'", "NO", True), ('""', "", True), ("|\n  block\n", "block\n", True),
])
def test_scalar_in_document(yaml_text: str, value: object, quoted: bool) -> None:
    node = _value(yaml_text)
    assert node.value == value and type(node.value) is type(value)
    assert node.quoted is quoted


def test_keys_are_text() -> None:
    root = parse("on: 1\nNO: 2\n1: 3\ntrue: 4\nnull: 5\n", "t.yaml")
    assert isinstance(root, Mapping)
    assert root.keys() == ["on", "NO", "1", "true", "null"]
    assert all(k.value == k.text for k, _ in root.items)


def test_spans() -> None:
    root = parse("# comment\na:\n  - {b: 1}\n  - 中文: x\n", "m.yaml")
    assert isinstance(root, Mapping)
    assert root.span == Span("m.yaml", 2, 1)
    seq = root.get("a")
    assert isinstance(seq, Sequence)
    assert seq.span == Span("m.yaml", 3, 3)
    first, second = seq.items
    assert isinstance(first, Mapping) and first.span == Span("m.yaml", 3, 5)
    assert first.items[0][1].span == Span("m.yaml", 3, 9)
    assert isinstance(second, Mapping) and second.items[0][1].span == Span("m.yaml", 4, 9)


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_empty_document(text: str) -> None:
    assert parse(text, "t.yaml") is None


def test_explicit_document_markers_are_fine() -> None:
    root = parse("---\na: 1\n...\n", "t.yaml")
    assert isinstance(root, Mapping) and root.keys() == ["a"]


def test_crlf_line_endings() -> None:
    root = parse("a: 1\r\nb: [x, y]\r\n", "t.yaml")
    assert isinstance(root, Mapping)
    assert root.get("b").span == Span("t.yaml", 2, 4)  # type: ignore[union-attr]


def _error(text: str) -> str:
    with pytest.raises(EcomapError) as info:
        parse(text, "t.yaml")
    return str(info.value)


@pytest.mark.parametrize("text, expected", [
    ("a: 1\na: 2\n", "t.yaml:2:1: error: duplicate key 'a' (first at line 1)"),
    ("a: &x 1\n", "t.yaml:1:4: error: anchors (&x) are not allowed in a map (write the value "
                  "out in full)"),
    ("a: &x 1\nb: *x\n", "t.yaml:1:4: error: anchors (&x) are not allowed in a map (write the "
                         "value out in full)\nt.yaml:2:4: error: aliases (*x) are not allowed in "
                         "a map (write the value out in full)"),
    ("a: !!python/object/apply:os.system ['ls']\n",
     "t.yaml:1:4: error: YAML tags (!!python/object/apply:os.system) are not allowed in a map "
     "(remove the tag; write plain values)"),
    ("a: !!binary aGk=\n", "t.yaml:1:4: error: YAML tags (!!binary) are not allowed in a map "
                           "(remove the tag; write plain values)"),
    ("a: !custom x\n", "t.yaml:1:4: error: YAML tags (!custom) are not allowed in a map "
                       "(remove the tag; write plain values)"),
    ("a: 1\n---\nb: 2\n", "t.yaml:2:1: error: a map file holds one YAML document (found a "
                          "second '---')"),
    ("a:\n\t- 1\n", "t.yaml:2:1: error: tab character in indentation (indent with spaces)"),
    ("a: x\x00\n", "t.yaml:1:5: error: control character U+0000 is not allowed"),
    ("a: x\x1b\n", "t.yaml:1:5: error: control character U+001B is not allowed"),
    ("a: x\x7f\n", "t.yaml:1:5: error: control character U+007F is not allowed"),
    ("a: x\ufeffy\n", "t.yaml:1:5: error: control character U+FEFF is not allowed"),
    ('a: "x\\x07"\n', "t.yaml:1:4: error: control character U+0007 is not allowed (remove the "
                      "escape sequence)"),
    ('a: "\ud800"\n', "t.yaml:1:5: error: character U+D800 is not allowed"),
    ("? [a]\n: 1\n", "t.yaml:1:3: error: a key must be plain text"),
    ("a: [1, 2\n", "t.yaml:2:1: error: YAML syntax: expected ',' or ']', but got '<stream end>' "
                   "(while parsing a flow sequence)"),
    ("a: b: c\n", "t.yaml:1:5: error: YAML syntax: mapping values are not allowed here (put "
                  "text that contains ': ' in quotes)"),
    ("a: 'open\n", "t.yaml:2:1: error: YAML syntax: found unexpected end of stream (while "
                   "scanning a quoted scalar)"),
])
def test_refusals(text: str, expected: str) -> None:
    assert _error(text) == expected


def test_all_lexical_problems_at_once() -> None:
    assert _error("a:\n\t- 1\nb: \x07\n\t- 2\n").splitlines() == [
        "t.yaml:2:1: error: tab character in indentation (indent with spaces)",
        "t.yaml:3:4: error: control character U+0007 is not allowed",
        "t.yaml:4:1: error: tab character in indentation (indent with spaces)",
    ]


def test_tabs_in_text() -> None:
    root = parse("a: 'x\ty'\n", "t.yaml")  # quoted: fine
    assert isinstance(root, Mapping) and root.get("a").value == "x\ty"  # type: ignore[union-attr]
    for text, col in (("a: x\ty\n", 5), ("a: x y\t\n", 7)):  # PyYAML refuses tabs in plain text
        assert _error(text) == (
            f"t.yaml:1:{col}: error: YAML syntax: found character '\\t' that cannot start any "
            "token (while scanning for the next token — replace the tab with spaces, or put the "
            "text in quotes)")


def test_text_length_limit() -> None:
    assert isinstance(parse(f"a: {'x' * MAX_TEXT}\n", "t.yaml"), Mapping)
    assert _error(f"a: {'x' * (MAX_TEXT + 1)}\n") == (
        f"t.yaml:1:4: error: text is too long ({MAX_TEXT + 1} characters; at most {MAX_TEXT})")


@pytest.mark.parametrize("flow_style", [True, False])
def test_nesting_limit(flow_style: bool) -> None:
    def nested(depth: int) -> str:
        if flow_style:
            return "[" * depth + "1" + "]" * depth + "\n"
        return "".join("  " * i + "- \n" for i in range(depth - 1)) + "  " * (depth - 1) + "- 1\n"
    ok = nested(MAX_DEPTH)
    assert parse(ok, "t.yaml") is not None
    message = _error(nested(40))
    assert message.endswith(f"error: nesting is too deep (more than {MAX_DEPTH} levels)")
    assert "\n" not in message


def test_very_deep_nesting_does_not_crash() -> None:
    """The C loader can crash the process on deep nesting; ours stops at the limit."""
    message = _error("[" * 100_000 + "]" * 100_000)
    assert "nesting is too deep" in message


def test_decode() -> None:
    assert decode("a: 中文\n".encode(), "t.yaml") == "a: 中文\n"
    assert decode(b"\xef\xbb\xbfa: 1\n", "t.yaml") == "a: 1\n"  # BOM dropped
    with pytest.raises(EcomapError) as info:
        decode("a: 1\nb: 中文\n".encode("gbk"), "t.yaml")
    assert str(info.value) == ("t.yaml:2:4: error: the file is not UTF-8 (byte 0xd6 — save the "
                               "file as UTF-8)")
    with pytest.raises(EcomapError) as info:
        decode(b"x" * (MAX_BYTES + 1), "t.yaml")
    assert str(info.value) == ("t.yaml:1:1: error: file is too large (10,485,761 bytes; a map "
                               "may have at most 10,485,760)")
    assert decode(b"#" * MAX_BYTES, "t.yaml")  # exactly at the limit is fine


def test_read(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    before = path.stat().st_mtime_ns
    root = read(str(path))
    assert isinstance(root, Mapping) and root.span.path == str(path)
    assert path.stat().st_mtime_ns == before and path.read_text(encoding="utf-8") == "a: 1\n"
    with pytest.raises(EcomapError, match="cannot read the map: No such file or directory"):
        read(str(tmp_path / "missing.yaml"))
    with pytest.raises(EcomapError, match="cannot read the map: it is a folder, not a file"):
        read(str(tmp_path))


def test_read_huge_file_stops_early(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * (MAX_BYTES + 100) + b"\n")
    with pytest.raises(EcomapError) as info:
        read(str(path))
    assert str(info.value) == (f"{path}:1:1: error: file is too large (10,485,863 bytes; a map "
                               "may have at most 10,485,760)")  # the real size
