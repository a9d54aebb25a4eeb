"""Up-to-date renders: a render's key, and the stamp written with its outputs.

What a render's outputs depend on: the map's bytes and the path it was named by (the report
and analysis.json show it), the render options, the code that renders (ecomap's version and
its package files, the font advances among them) and the Graphviz that lays the diagram out
(its `dot` program). The key is their hash. The stamp, written into the output folder in the
same set as the outputs (outputs.write_atomic: a reader sees both old or both new), records
the key and the SHA-256 of every output. A render whose key matches its stamp, with every
output there and unchanged, is up to date: `ecomap render` skips it (`--force` renders
anyway).

Not seen by the key: fonts installed or removed for Graphviz (use --force after that).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
from functools import cache
from pathlib import Path

from ecomap import __version__
from ecomap.mapfile import read_bytes
from ecomap.outputs import RenderRequest

STAMP_PREFIX = ".ecomap-stamp-"
_PACKAGE = Path(__file__).resolve().parent


def is_stamp(name: str) -> bool:
    return name.startswith(STAMP_PREFIX) and name.endswith(".json")


def _options(request: RenderRequest) -> dict[str, object]:
    """The request as data; the order of --format does not change any output."""
    options = dataclasses.asdict(request)
    options["formats"] = sorted(request.formats)
    return options


def stamp_name(request: RenderRequest) -> str:
    """One stamp per kind of render (the default one, a scenario's, --format svg alone…):
    renders with other options into the same folder keep their own."""
    text = json.dumps(_options(request), sort_keys=True)
    return f"{STAMP_PREFIX}{hashlib.sha256(text.encode()).hexdigest()[:16]}.json"


def render_key(map_path: Path, request: RenderRequest) -> str | None:
    """The hash of everything the outputs depend on; None when something cannot be known
    (the map unreadable, Graphviz missing): then nothing is skipped and the render itself
    reports the problem."""
    data = _map_bytes(map_path)
    return None if data is None else key_of(data, map_path, request)


def key_of(data: bytes, map_path: Path, request: RenderRequest) -> str | None:
    """``render_key`` of the map's bytes as already read: what a render stamps its outputs
    with is the key of the very bytes it rendered, not of the file as it is a moment later
    (a watched map is saved while it renders). None when Graphviz cannot be found."""
    graphviz = _graphviz_identity()
    if graphviz is None:
        return None
    parts = {"map": hashlib.sha256(data).hexdigest(), "path": str(map_path),
             "options": _options(request), "ecomap": __version__, "code": _code_identity(),
             "graphviz": graphviz}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def stamp(key: str, files: dict[str, bytes]) -> bytes:
    """The stamp of a render whose outputs are ``files``: deterministic, so that two renders
    of one map write the same set byte for byte."""
    document = {"ecomap_stamp": 1, "key": key,
                "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}}
    return (json.dumps(document, indent=2) + "\n").encode()


def with_stamp(files: dict[str, bytes], request: RenderRequest,
               key: str | None) -> dict[str, bytes]:
    """``files`` and the stamp of ``key`` (``key_of`` the bytes they were rendered from), or
    ``files`` alone when the key cannot be known."""
    return files if key is None else {**files, stamp_name(request): stamp(key, files)}


def fresh_outputs(folder: Path, request: RenderRequest, key: str) -> list[Path] | None:
    """The outputs of ``folder`` if they are up to date for ``key`` (in the order the render
    wrote them), else None: no stamp or another key, an output missing or changed."""
    try:
        document = json.loads((folder / stamp_name(request)).read_bytes())
        if document.get("key") != key:
            return None
        files: dict[str, str] = document["files"]
        if not all(Path(name).name == name and name not in ("", ".", "..") for name in files):
            return None  # not a stamp ecomap wrote: its outputs are plain names in the folder
        for name, digest in files.items():
            if hashlib.sha256((folder / name).read_bytes()).hexdigest() != digest:
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no stamp, or not one ecomap wrote: render
    return [folder / name for name in files]


def _map_bytes(path: Path) -> bytes | None:
    """The map file's bytes as the parser reads them; None for anything it cannot read (the
    render then says what is wrong)."""
    try:
        return read_bytes(path)
    except OSError:
        return None


@cache
def _code_identity() -> str:
    """Every file of the installed package by name, size and modification time: an upgrade
    or an edited checkout changes it (a file touched but unchanged only costs a render)."""
    entries = []
    for folder, subfolders, names in os.walk(_PACKAGE):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(names):
            info = os.stat(os.path.join(folder, name))
            entries.append(f"{os.path.relpath(os.path.join(folder, name), _PACKAGE)}"
                           f":{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()


@cache
def _graphviz_identity() -> str | None:
    """The Graphviz on PATH: its `dot` program's real path, size and modification time, which
    an upgrade or a reinstall changes (cheaper than running `dot -V`: no process to start).
    None when there is none to run."""
    found = shutil.which("dot")
    if found is None:
        return None
    real = os.path.realpath(found)
    try:
        info = os.stat(real)
    except OSError:
        return None
    return f"{real}:{info.st_size}:{info.st_mtime_ns}"
