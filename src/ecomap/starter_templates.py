"""The starter maps ``ecomap new`` can write: their names, languages and what ``--help`` says
about each. A module of its own, importing nothing, because the CLI lists the names at
start-up; scaffold.py, which writes a starter, is imported only by ``ecomap new``."""

from __future__ import annotations

# Template name → what `--help` says about it. Each has one file per language under
# templates/maps/<name>.<lang>.yaml (package data), each a valid map by itself.
TEMPLATES: dict[str, str] = {
    "five-layer": "the seed's five layers (core, strategic, service, enabler, users) with an "
                  "after-sales example: you <-> OEM, insurer, used-car platform",
}
LANGS = ("zh", "en")
