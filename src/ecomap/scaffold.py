"""`ecomap new`: a commented starter map from a packaged template, created and never replaced."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ecomap.starter_templates import LANGS, TEMPLATES

MAP_SUFFIXES = (".yaml", ".yml")
TITLE_MAX = 120  # validate.LABEL_MAX: a longer title would make the new map invalid
_TITLE_LINE = re.compile(r"^title:[^\n]*$", re.MULTILINE)
# A title that YAML 1.2 reads back as the same text when written plain (no quotes needed).
_PLAIN_TITLE = re.compile(r"^[^\W\d_][\w .()（）·・\-]*$")


class ScaffoldError(Exception):
    """NAME cannot become a new map (a usage problem: exit 2)."""


@dataclass(frozen=True)
class Starter:
    """The file ``ecomap new`` is about to create and its content."""

    path: Path
    text: str


def target_path(name: str) -> Path:
    """NAME → the map file: ``.yaml`` appended unless NAME already ends in .yaml or .yml."""
    if not name.strip():
        raise ScaffoldError("NAME must not be empty")
    if name.endswith(("/", os.sep)) or name.rstrip("/\\") in ("", ".", ".."):
        raise ScaffoldError(f"{name}: NAME must be a file name, not a folder "
                            "(for example maps/aftersales)")
    path = Path(name)
    if path.name.lower() in MAP_SUFFIXES:  # ".yaml" alone: a suffix with no name
        raise ScaffoldError(f"{name}: NAME needs a file name before the suffix")
    if path.suffix.lower() not in MAP_SUFFIXES:
        path = path.with_name(path.name + ".yaml")
    return path


def template_text(template: str, lang: str) -> str:
    """The packaged template's text (KeyError for an unknown template or language)."""
    if template not in TEMPLATES or lang not in LANGS:
        raise KeyError(f"{template}.{lang}")
    from importlib.resources import files

    resource = files("ecomap").joinpath(f"templates/maps/{template}.{lang}.yaml")
    return resource.read_text(encoding="utf-8")


def _clean(text: str) -> str:
    # Control and format characters would make the map invalid (source.py refuses them), and
    # a title is one line.
    import unicodedata

    return " ".join("".join(c if unicodedata.category(c)[0] != "C" else " "
                            for c in text).split())


def default_title(path: Path) -> str:
    """The title a new map gets from its file name: the stem, cleaned up for a diagram."""
    return _clean(path.stem)[:TITLE_MAX] or "ecomap"


def yaml_text(value: str) -> str:
    """``value`` as a YAML scalar: plain when that reads back as the same text, else quoted.
    A JSON string is a valid YAML double-quoted scalar."""
    import json

    from ecomap.source import resolve_plain  # YAML 1.2 reading, as the parser does it

    if _PLAIN_TITLE.match(value) and resolve_plain(value) == value and not value.endswith(" "):
        return value
    return json.dumps(value, ensure_ascii=False)


def starter(name: str, template: str = "five-layer", lang: str = "zh",
            title: str | None = None) -> Starter:
    """The starter map for NAME: the template with its title replaced (comments kept)."""
    path = target_path(name)
    text = template_text(template, lang)
    wanted = _clean(title) if title is not None else default_title(path)
    if not wanted:
        raise ScaffoldError("the title must not be empty")
    if len(wanted) > TITLE_MAX:
        raise ScaffoldError(f"the title is too long ({len(wanted)} characters; at most "
                            f"{TITLE_MAX})")
    match = _TITLE_LINE.search(text)
    assert match is not None, f"template {template}.{lang} has no title line"
    line = match.group()
    comment = line[line.index("  #"):] if "  #" in line else ""
    new_line = f"title: {yaml_text(wanted)}"
    if comment:  # keep the explanation, aligned as far as the new title allows
        new_line = new_line.ljust(len(line) - len(comment)) + comment
    return Starter(path, text[:match.start()] + new_line + text[match.end():])


def create(path: Path, content: bytes) -> None:
    """Create ``path`` with ``content``, atomically, never replacing anything.

    The content goes to a temporary file in the same folder, which is then hard-linked to the
    target name: link() fails when the name exists, so even a file created a moment ago by
    someone else is never overwritten, and no reader ever sees half a file. Where the file
    system has no hard links, an exclusive create (O_EXCL) still never overwrites.
    Raises FileExistsError when the target exists, ScaffoldError when its folder cannot be.
    """
    from ecomap.outputs import synced_temp

    if path.exists() or path.is_symlink():  # a dangling link counts: writing would follow it
        raise FileExistsError(str(path))
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # a file stands where a folder must be
        raise ScaffoldError(f"cannot create {path}: {folder} is not a folder") from None
    tmp = synced_temp(folder, path.name, content)
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (some network and FUSE file systems)
        with open(path, "xb") as out:
            try:
                out.write(content)
            except BaseException:
                os.unlink(path)  # ours: created exclusively just above
                raise
    finally:
        os.unlink(tmp)
