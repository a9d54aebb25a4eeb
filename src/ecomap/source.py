"""YAML text → Document: a small tree of nodes, each with its Span; strict and safe.

PyYAML's pure-Python scanner, parser and composer are used (the C loader can crash the process
on deep nesting), with the limits checked before they can hurt: file size, nesting depth, text
length. Anchors, aliases, tags and duplicate keys are refused, and plain scalars are read the
YAML 1.2 way (``NO`` and ``on`` are text, not booleans).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
)
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from ecomap.errors import Diagnostic, EcomapError, Span
from ecomap.mapfile import MAX_BYTES, MapTooLarge, read_bytes

MAX_DEPTH = 32                # a map needs 6 levels; anything deeper is a mistake or an attack
MAX_TEXT = 10_000             # characters in one scalar

Scalar_ = str | int | float | bool | None


@dataclass
class Node:
    """A node of the parsed YAML document, with where it starts in the file."""

    span: Span


@dataclass
class Scalar(Node):
    """A scalar as YAML 1.2 reads it, with its source text."""

    value: Scalar_
    text: str
    quoted: bool = False


@dataclass
class Mapping(Node):
    """A YAML mapping, keys in file order."""

    items: list[tuple[Scalar, Node]] = field(default_factory=list)

    def get(self, key: str) -> Node | None:
        return next((v for k, v in self.items if k.text == key), None)

    def keys(self) -> list[str]:
        return [k.text for k, _ in self.items]


@dataclass
class Sequence(Node):
    """A YAML sequence."""

    items: list[Node] = field(default_factory=list)


# YAML 1.2 core schema, minus the leading-zero integers that YAML 1.1 read as octal: those
# stay text and the validator says so where a number is expected.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
# C0 controls except tab/newline/CR, DEL, C1 controls, and the BOM anywhere but the start.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")


_SURROGATE = re.compile("[\ud800-\udfff]")


def resolve_plain(text: str) -> Scalar_:
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if re.match(r"^[-+]?0[0-9]", text):
        return text  # YAML 1.1 read 012345 as octal; a number never needs the leading zero
    if _INT.match(text):
        # int() refuses 4,300+ digits; float() reads any length (to inf): the validator
        # checks the number's range from its text, with a position.
        return int(text) if len(text) <= 20 else float(text)
    if _FLOAT.match(text) and any(c.isdigit() for c in text):
        return float(text)
    return text


class _Stop(Exception):
    """A problem that makes the rest of the document unreadable."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


class _PyEvents(Reader, Scanner, Parser):
    """PyYAML's pure-Python event stream (used where libyaml is not installed)."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)


def _libyaml_events(text: str) -> Any:
    """libyaml's parser, or None where PyYAML was built without it. Its parser keeps explicit
    stacks, so deep nesting cannot crash it (only PyYAML's C *composer* recurses, and we
    compose ourselves, with a depth limit)."""
    try:
        from yaml._yaml import CParser
    except ImportError:
        return None
    try:
        return CParser(text)
    except UnicodeError:  # a lone surrogate: the pure-Python reader says where it is
        return None


class _StrictLoader:
    """Events → our nodes; refuses what a hand-written map never needs."""

    def __init__(self, events: Any, path: str) -> None:
        if events is not None:
            self.use(events)
        self.path = path
        self.problems: list[Diagnostic] = []
        self.depth = 0

    def use(self, events: Any) -> None:
        self.check_event = events.check_event
        self.peek_event = events.peek_event
        self.get_event = events.get_event

    def span(self, mark: yaml.Mark) -> Span:
        return Span(self.path, mark.line + 1, mark.column + 1)

    def join_surrogates(self, value: str, here: Span) -> str:
        """``"\\ud83d\\ude00"`` (how json.dumps writes 😀) is one character; a lone half is
        an error here, before it can reach an encoder."""
        out: list[str] = []
        i = 0
        while i < len(value):
            c = value[i]
            pair = value[i:i + 2]
            if "\ud800" <= c <= "\udbff" and len(pair) == 2 and "\udc00" <= pair[1] <= "\udfff":
                out.append(pair.encode("utf-16-le", "surrogatepass").decode("utf-16-le"))
                i += 2
                continue
            if _SURROGATE.match(c):
                self.problems.append(Diagnostic(
                    here, f"lone surrogate \\u{ord(c):04x} is not allowed (half of a UTF-16 "
                          "pair)", "write the character itself, or both halves of its escape"))
                c = "\ufffd"  # the error stops the run; this keeps the text encodable meanwhile
            out.append(c)
            i += 1
        return "".join(out)

    def document(self) -> Node | None:
        self.get_event()  # StreamStart
        if self.check_event(yaml.StreamEndEvent):
            return None
        self.get_event()  # DocumentStart
        root = self.node()
        self.get_event()  # DocumentEnd
        if not self.check_event(yaml.StreamEndEvent):
            event = self.peek_event()
            raise _Stop(Diagnostic(self.span(event.start_mark),
                                   "a map file holds one YAML document (found a second '---')"))
        return root

    def node(self) -> Node:
        event = self.peek_event()
        here = self.span(event.start_mark)
        if isinstance(event, AliasEvent):
            raise _Stop(Diagnostic(here, f"aliases (*{event.anchor}) are not allowed in a map",
                                   "write the value out in full"))
        if event.anchor is not None:
            self.problems.append(Diagnostic(here, f"anchors (&{event.anchor}) are not allowed "
                                                  "in a map", "write the value out in full"))
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(Diagnostic(here, f"YAML tags ({shown}) are not allowed in a map",
                                            "remove the tag; write plain values"))
        if isinstance(event, ScalarEvent):
            self.get_event()
            if _SURROGATE.search(event.value):
                event.value = self.join_surrogates(event.value, here)
            if len(event.value) > MAX_TEXT:
                self.problems.append(Diagnostic(
                    here, f"text is too long ({len(event.value)} characters; at most {MAX_TEXT})"))
            bad = _CONTROL.search(event.value)  # only escapes ("\x07", "\0") get here
            if bad:
                self.problems.append(Diagnostic(
                    here, f"control character U+{ord(bad.group()):04X} is not allowed",
                    "remove the escape sequence"))
            plain = not event.style  # None from PyYAML, "" from libyaml
            value = resolve_plain(event.value) if plain else event.value
            return Scalar(here, value, event.value, quoted=not plain)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Stop(Diagnostic(here, f"nesting is too deep (more than {MAX_DEPTH} levels)"))
        try:
            if isinstance(event, SequenceStartEvent):
                self.get_event()
                seq = Sequence(here)
                while not self.check_event(yaml.SequenceEndEvent):
                    seq.items.append(self.node())
                self.get_event()
                return seq
            assert isinstance(event, MappingStartEvent)
            self.get_event()
            mapping = Mapping(here)
            seen: dict[str, Span] = {}
            while not self.check_event(yaml.MappingEndEvent):
                key = self.node()
                value = self.node()
                if not isinstance(key, Scalar):
                    self.problems.append(Diagnostic(key.span, "a key must be plain text"))
                    continue
                key.value = key.text  # keys are names: `on:` and `1:` are the text "on" and "1"
                if key.text in seen:
                    first = seen[key.text]
                    self.problems.append(Diagnostic(
                        key.span, f"duplicate key {key.text!r} (first at line {first.line})"))
                    continue
                seen[key.text] = key.span
                mapping.items.append((key, value))
            self.get_event()
            return mapping
        finally:
            self.depth -= 1


def _position(text: str, index: int, path: str) -> Span:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return Span(path, line, col)


def decode(data: bytes, path: str) -> str:
    """Bytes → text, refusing oversized files, non-UTF-8 bytes and control characters."""
    if len(data) > MAX_BYTES:
        raise EcomapError([Diagnostic(Span(path, 1, 1), f"file is too large ({len(data):,} "
                                      f"bytes; a map may have at most {MAX_BYTES:,})")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        raise EcomapError([Diagnostic(_position(good, len(good), path),
                                      f"the file is not UTF-8 (byte 0x{data[exc.start]:02x})",
                                      "save the file as UTF-8")]) from None
    return text[1:] if text.startswith("\ufeff") else text


def _lexical_problems(text: str, path: str) -> list[Diagnostic]:
    problems = []
    for m in _CONTROL.finditer(text):
        problems.append(Diagnostic(_position(text, m.start(), path),
                                   f"control character U+{ord(m.group()):04X} is not allowed"))
    for m in re.finditer(r"^[ ]*\t", text, re.MULTILINE):
        problems.append(Diagnostic(_position(text, m.end() - 1, path),
                                   "tab character in indentation", "indent with spaces"))
    return problems


def parse(text: str, path: str) -> Node | None:
    """Text → Document root (None for an empty file); raises EcomapError with every problem."""
    problems = _lexical_problems(text, path)
    if problems:
        raise EcomapError(problems)
    # The fast path: libyaml's events, about 20× faster on a 2,000-participant map. Where it
    # finds a syntax error (or a tab, which the two parsers treat differently) the pure-Python
    # parser reads the text again, so that every message is the same whichever is installed.
    fast = _libyaml_events(text) if "\t" not in text else None
    if fast is not None:
        loader = _StrictLoader(fast, path)
        try:
            root = loader.document()
        except _Stop as stop:
            raise EcomapError([*loader.problems, stop.diagnostic]) from None
        except (yaml.YAMLError, UnicodeError):
            pass
        else:
            if loader.problems:
                raise EcomapError(loader.problems)
            return root
    loader = _StrictLoader(None, path)
    try:
        loader.use(_PyEvents(text))  # the reader checks characters here: inside the try
        root = loader.document()
    except _Stop as stop:
        raise EcomapError([*loader.problems, stop.diagnostic]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        span = Span(path, mark.line + 1, mark.column + 1) if mark else Span(path, 1, 1)
        message = " ".join(filter(None, [exc.problem, f"({exc.context})" if exc.context else ""]))
        hint = ""
        if exc.problem == "mapping values are not allowed here":
            hint = "put text that contains ': ' in quotes"
        elif exc.problem and "'\\t'" in exc.problem:  # a tab pasted into plain text
            hint = "replace the tab with spaces, or put the text in quotes"
        raise EcomapError([*loader.problems,
                           Diagnostic(span, f"YAML syntax: {message}", hint)]) from None
    except yaml.reader.ReaderError as exc:  # reader errors carry an index, not a mark
        raise EcomapError([Diagnostic(_position(text, exc.position, path),
                                      f"character U+{exc.character:04X} is not allowed")]) from None
    except yaml.YAMLError as exc:
        raise EcomapError([Diagnostic(Span(path, 1, 1), f"YAML: {exc}")]) from None
    if loader.problems:
        raise EcomapError(loader.problems)
    return root


def too_large(path: str, size: int) -> EcomapError:
    """The error for a map of ``size`` bytes, over the limit (a file or a git blob)."""
    return EcomapError([Diagnostic(Span(path, 1, 1), f"file is too large ({size:,} bytes; a "
                                   f"map may have at most {MAX_BYTES:,})")])


def read_data(path: str) -> bytes:
    """A map file's bytes (never writing it; only a regular file, see mapfile.read_bytes), or
    EcomapError saying why it cannot be read."""
    try:
        return read_bytes(path)
    except MapTooLarge as exc:
        raise too_large(path, exc.size) from None
    except OSError as exc:  # one without an errno says what the path is instead
        raise EcomapError([Diagnostic(Span(path, 1, 1),
                                      f"cannot read the map: {exc.strerror or exc}")]) from None


def read(path: str) -> Node | None:
    """Read a map file and parse it."""
    return parse(decode(read_data(path), path), path)
