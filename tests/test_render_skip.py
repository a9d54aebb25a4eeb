"""The fast everyday loop: `ecomap render` skips a map whose outputs are up to date (the same
map bytes, options, ecomap and Graphviz, every output there and unchanged), `--force` renders
anyway, and a folder render shows a progress bar on a terminal only. Real renders, real
files: "skipped" is checked on the files themselves (same inode and mtime)."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from conftest import REPO_ROOT
from ecomap.cli import main
from ecomap.freshness import is_stamp

MAPS = REPO_ROOT / "maps"
SMALL = MAPS / "aftersales_revenue_model.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def files(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file of the folder (stamps too) → (inode, mtime): a rewrite changes both."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def outputs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not is_stamp(p.name))


def a_map(tmp_path: Path) -> Path:
    path = tmp_path / "m.yaml"
    shutil.copy(SMALL, path)
    return path


def test_second_render_is_skipped_and_leaves_the_outputs_untouched(tmp_path: Path) -> None:
    path = a_map(tmp_path)
    code, first_out, err = run("render", str(path), "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert "up to date" not in err
    folder = tmp_path / "out" / "m"
    before = files(folder)
    assert outputs(folder) == ["analysis.json", "m.svg", "report.html"]
    assert len([n for n in before if is_stamp(n)]) == 1  # one stamp, hidden
    code, second_out, err = run("render", str(path), "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert err == f"{path}: up to date (--force renders it again)\n"
    assert second_out == first_out  # the outputs' paths, as when they were written
    assert files(folder) == before


def test_force_renders_again(tmp_path: Path) -> None:
    path = a_map(tmp_path)
    assert run("render", str(path), "-o", str(tmp_path / "out"))[0] == 0
    folder = tmp_path / "out" / "m"
    before = files(folder)
    code, _, err = run("render", str(path), "-o", str(tmp_path / "out"), "--force")
    assert code == 0, err
    assert "up to date" not in err
    after = files(folder)
    assert after.keys() == before.keys()
    assert all(after[name] != before[name] for name in before)  # every file written anew
    # The same bytes, so the next plain render is skipped again.
    assert "up to date" in run("render", str(path), "-o", str(tmp_path / "out"))[2]


def test_a_changed_map_renders_again(tmp_path: Path) -> None:
    path = a_map(tmp_path)
    assert run("render", str(path), "-o", str(tmp_path / "out"))[0] == 0
    folder = tmp_path / "out" / "m"
    before = files(folder)
    with path.open("a", encoding="utf-8") as f:
        f.write("# a comment changes no output, but the map's bytes\n")
    code, _, err = run("render", str(path), "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert "up to date" not in err
    assert all(files(folder)[name] != before[name] for name in outputs(folder))


def test_a_map_saved_during_its_render_is_not_stamped_with_another_key(tmp_path: Path) -> None:
    """The key that decides to render is taken before the map is read; a save in between (a
    watched map's owner typing) must not stamp one version's outputs with another's key, or
    the next render would skip a map whose outputs show what it no longer says. The stamp is
    the key of the bytes the render read."""
    import json

    from ecomap.cli import _render_one
    from ecomap.freshness import render_key, stamp_name, with_stamp
    from ecomap.outputs import RenderRequest

    path = a_map(tmp_path)
    request = RenderRequest(formats=("svg",))
    key_before = render_key(path, request)
    with path.open("a", encoding="utf-8") as f:
        f.write("# saved while the render ran\n")
    _render_one(path, tmp_path / "out", request)
    written = json.loads((tmp_path / "out" / "m" / stamp_name(request)).read_text())
    assert written["key"] == render_key(path, request) != key_before
    code, _, err = run("render", str(path), "-o", str(tmp_path / "out"), "--format", "svg")
    assert code == 0 and "up to date" in err
    files = {"m.svg": b"<svg/>"}
    assert with_stamp(files, request, None) == files  # no key (no Graphviz): no stamp


def test_a_changed_option_renders_again(tmp_path: Path) -> None:
    """--lang en is a render of its own (its files are named .en): the first one renders, the
    default's outputs stay up to date beside it, and each is skipped when asked again."""
    path = a_map(tmp_path)
    out = str(tmp_path / "out")
    folder = tmp_path / "out" / "m"
    assert run("render", str(path), "-o", out)[0] == 0
    zh = (folder / "report.html").read_bytes()
    code, _, err = run("render", str(path), "-o", out, "--lang", "en")
    assert code == 0, err
    assert "up to date" not in err
    assert (folder / "report.en.html").read_bytes() != zh
    assert (folder / "report.html").read_bytes() == zh
    assert "up to date" in run("render", str(path), "-o", out)[2]
    assert "up to date" in run("render", str(path), "-o", out, "--lang", "en")[2]
    # A format more is another render; the same formats in another order are not.
    assert "up to date" not in run("render", str(path), "-o", out, "--format", "svg,dot")[2]
    assert "up to date" in run("render", str(path), "-o", out, "--format", "dot,svg")[2]


def test_a_deleted_or_edited_output_renders_again(tmp_path: Path) -> None:
    path = a_map(tmp_path)
    out = str(tmp_path / "out")
    folder = tmp_path / "out" / "m"
    assert run("render", str(path), "-o", out)[0] == 0
    svg = (folder / "m.svg").read_bytes()
    (folder / "analysis.json").unlink()
    code, _, err = run("render", str(path), "-o", out)
    assert code == 0 and "up to date" not in err, err
    assert (folder / "analysis.json").is_file()
    (folder / "m.svg").write_bytes(svg.replace(b"</svg>", b"<!-- edited --></svg>"))
    code, _, err = run("render", str(path), "-o", out)
    assert code == 0 and "up to date" not in err, err
    assert (folder / "m.svg").read_bytes() == svg


def test_a_folder_render_skips_the_maps_that_are_up_to_date(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    for name in ("a", "b", "c"):
        shutil.copy(SMALL, maps / f"{name}.yaml")
    out = tmp_path / "out"
    code, _, err = run("render", str(maps), "-o", str(out), "--format", "svg,json")
    assert code == 0, err
    assert err.splitlines()[-1] == "3 maps: 3 rendered, 0 up to date"
    before = {name: files(out / name) for name in ("a", "b", "c")}
    with (maps / "b.yaml").open("a", encoding="utf-8") as f:
        f.write("# changed\n")
    code, stdout, err = run("render", str(maps), "-o", str(out), "--format", "svg,json")
    assert code == 0, err
    assert err.splitlines() == [f"{maps / 'a.yaml'}: up to date", f"{maps / 'c.yaml'}: up to date",
                                "3 maps: 1 rendered, 2 up to date (--force renders every map)"]
    assert files(out / "a") == before["a"] and files(out / "c") == before["c"]
    assert files(out / "b")["b.svg"] != before["b"]["b.svg"]
    assert len(stdout.splitlines()) == 6  # every map's outputs, skipped or not
    code, _, err = run("render", str(maps), "-o", str(out), "--format", "svg,json", "--force")
    assert code == 0, err
    assert err.splitlines()[-1] == "3 maps: 3 rendered, 0 up to date"
    assert files(out / "a")["a.svg"] != before["a"]["a.svg"]


def _folder_render(maps: Path, out: Path, on_terminal: bool) -> str:
    """A folder render's stderr, on a pseudo-terminal or on a pipe."""
    command = [sys.executable, "-m", "ecomap", "render", str(maps), "-o", str(out), "--format",
               "json", "--force"]
    if not on_terminal:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        return done.stderr
    leader, follower = pty.openpty()
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=follower) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # EIO: the process closed its end
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=300) == 0
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_the_progress_bar_shows_on_a_terminal_only(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    for name in ("a", "b"):
        shutil.copy(SMALL, maps / f"{name}.yaml")
    on_terminal = _folder_render(maps, tmp_path / "out", on_terminal=True)
    assert "rendering  [" in on_terminal and "100%" in on_terminal, on_terminal
    on_pipe = _folder_render(maps, tmp_path / "out", on_terminal=False)
    assert on_pipe == "2 maps: 2 rendered, 0 up to date\n"


def test_another_graphviz_renders_again(tmp_path: Path) -> None:
    """A `dot` found elsewhere on PATH (here a wrapper around the real one) is another
    Graphviz: the outputs it would lay out are not the ones in the folder."""
    path = a_map(tmp_path)
    command = [sys.executable, "-m", "ecomap", "render", str(path), "-o", str(tmp_path / "out"),
               "--format", "svg"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("dot", "neato"):
        real = shutil.which(name)
        assert real is not None
        (bin_dir / name).write_text(f'#!/bin/sh\nexec {real} "$@"\n', encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    wrapped = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    for env, skipped in ((None, False), (None, True), (wrapped, False), (wrapped, True)):
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env,
                              check=False)
        assert done.returncode == 0, done.stderr
        assert ("up to date" in done.stderr) == skipped, done.stderr


def test_a_skipped_render_still_removes_what_a_killed_run_left(tmp_path: Path) -> None:
    path = a_map(tmp_path)
    out = tmp_path / "out"
    assert run("render", str(path), "-o", str(out))[0] == 0
    leftover = out / ".m.ecomap-staging-killed"  # a staging folder whose writer was killed
    leftover.mkdir()
    (leftover / "m.svg").write_bytes(b"half a set")
    code, _, err = run("render", str(path), "-o", str(out))
    assert code == 0 and "up to date" in err, err
    assert sorted(p.name for p in out.iterdir()) == ["m"]
