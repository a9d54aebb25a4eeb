"""`ecomap render MAP --watch`, run as a real process on a real file: saves re-render, a bad
save prints its error and keeps the last good outputs, the served page reloads in Chromium."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from conftest import cli
from ecomap.freshness import is_stamp
from output_scanner import scan_html

TIMEOUT = 90.0  # generous: a loaded 2-core machine; every wait polls and returns early

MAP = """\
ecomap: 1
title: Watch test
locale: en
currency: CNY
focus: shop
participants:
  shop: {{name: {shop}, layer: core, role: Retailer, internal: true}}
  maker: {{name: Maker Co, layer: strategic, role: Supplier}}
  buyer: {{name: Buyers, layer: users, role: Customers}}
flows:
  - {{from: buyer, to: shop, kind: money, label: Purchases, amount: 120万 CNY/year}}
  - {{from: shop, to: maker, kind: money, label: Wholesale, amount: 80万 CNY/year}}
  - {{from: maker, to: shop, kind: asset, label: Goods}}
"""


def wait_for(what: str, condition: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


def save(path: Path, text: str) -> None:
    """Write the way an editor does: the whole file, then a new mtime even within one tick."""
    path.write_text(text, encoding="utf-8")


class Watcher:
    """``ecomap render MAP --watch`` as a subprocess; its output lines collected as they come."""

    def __init__(self, map_path: Path, out: Path, *options: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ecomap", "render", str(map_path), "--watch", "-o", str(out),
             "--port", "0", *options],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
            cwd=map_path.parent)
        self.out: list[str] = []
        self.err: list[str] = []
        self._lines: queue.Queue[None] = queue.Queue()
        for stream, into in ((self.proc.stdout, self.out), (self.proc.stderr, self.err)):
            threading.Thread(target=self._collect, args=(stream, into), daemon=True).start()
        first = wait_for("the served address", lambda: self.out and self.out[0])
        found = re.search(r"http://127\.0\.0\.1:\d+/", first)
        assert found, first
        self.url = found.group()

    @staticmethod
    def _collect(stream: IO[str] | None, into: list[str]) -> None:
        assert stream is not None
        for line in stream:
            into.append(line.rstrip("\n"))

    def get(self, path: str, host: str | None = None) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url + path.lstrip("/"))
        if host:
            request.add_header("Host", host)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, b""

    def stop(self) -> tuple[int, str]:
        self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(TIMEOUT)
        time.sleep(0.1)  # the reader threads take the last lines
        return code, "\n".join(self.err)


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Watcher, Path, Path]]:
    map_path = tmp_path / "shop.yaml"
    map_path.write_text(MAP.format(shop="Corner Shop"), encoding="utf-8")
    watcher = Watcher(map_path, tmp_path / "out")
    try:
        yield watcher, map_path, tmp_path / "out" / "shop"
    finally:
        if watcher.proc.poll() is None:
            watcher.proc.kill()
            watcher.proc.wait(TIMEOUT)


def _has(path: Path, text: str) -> bool:
    try:
        return text in path.read_text(encoding="utf-8")
    except OSError:
        return False


def test_saves_render_bad_save_keeps_outputs_ctrl_c_exits_0(
        watched: tuple[Watcher, Path, Path], tmp_path: Path) -> None:
    watcher, map_path, folder = watched
    svg, report = folder / "shop.svg", folder / "report.html"
    wait_for("the first render", lambda: _has(report, "Corner Shop") and _has(svg, "Corner Shop"))

    save(map_path, MAP.format(shop="Shop Two"))
    wait_for("the new label in the SVG", lambda: _has(svg, "Shop Two"))
    wait_for("the new label in the report", lambda: _has(report, "Shop Two"))

    good = {p.name: p.read_bytes() for p in folder.iterdir()}
    save(map_path, MAP.format(shop="Shop Three").replace("kind: asset", "kind: mony"))
    error = wait_for("the error line", lambda: [e for e in watcher.err
                                                if re.match(r".*shop\.yaml:\d+:\d+: error: ", e)])
    assert "mony" in error[0]
    assert watcher.proc.poll() is None, "the watcher must keep running after a bad save"
    time.sleep(0.5)  # nothing may be written after the error: give a wrong write the time
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == good
    status, events = _first_event(watcher)
    assert status == 200 and b"mony" in events  # the open page is told, to show it

    save(map_path, MAP.format(shop="Shop Four"))
    wait_for("the fixed map rendered", lambda: _has(svg, "Shop Four") and _has(report, "Shop Four"))

    code, err = watcher.stop()
    assert code == 0, err
    assert "Traceback" not in err
    assert watcher.out[-1] == "stopped"

    # The set on disk is what a one-shot render of the same map writes, byte for byte, the
    # stamp included: a render after the watch finds it up to date.
    once = tmp_path / "once"
    assert cli("render", str(map_path), "-o", str(once)).exit_code == 0
    written = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert {p.name: p.read_bytes() for p in (once / "shop").iterdir()} == written
    assert any(is_stamp(name) for name in written)
    again = cli("render", str(map_path), "-o", str(tmp_path / "out"))
    assert again.exit_code == 0 and "up to date" in again.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == written


def _first_event(watcher: Watcher) -> tuple[int, bytes]:
    """The first message of the event stream (sent as soon as it is opened)."""
    with urllib.request.urlopen(watcher.url + "events", timeout=30) as response:
        lines = []
        while not lines or lines[-1] != b"\n":
            lines.append(response.readline())
        return response.status, b"".join(lines)


def test_served_page_is_the_report_plus_reload_and_safe(
        watched: tuple[Watcher, Path, Path]) -> None:
    watcher, _map_path, folder = watched
    report = folder / "report.html"
    wait_for("the first render", lambda: _has(report, "Corner Shop")
             and b"Corner Shop" in watcher.get("/")[1])
    status, page = watcher.get("/")
    assert status == 200
    assert scan_html(page) == []  # still one inline script, no src, no handler attribute
    policy = re.search(rb'Content-Security-Policy" content="([^"]*)"', page)
    assert policy and b"connect-src &#x27;self&#x27;" in policy.group(1)
    assert b"default-src &#x27;none&#x27;" in policy.group(1)
    assert b"EventSource" in page and b"EventSource" not in report.read_bytes()
    assert watcher.get("/report.html") == (200, report.read_bytes())  # served byte-identical
    assert watcher.get("/shop.svg") == (200, (folder / "shop.svg").read_bytes())
    assert watcher.get("/../shop.yaml")[0] == 404
    assert watcher.get("/", host="attacker.example:80")[0] == 403  # DNS rebinding
    assert watcher.stop()[0] == 0


def test_svg_only_page_shows_the_svg_and_follows_saves(tmp_path: Path) -> None:
    map_path = tmp_path / "shop.yaml"
    map_path.write_text(MAP.format(shop="Corner Shop"), encoding="utf-8")
    watcher = Watcher(map_path, tmp_path / "out", "--format", "svg")
    try:
        wait_for("the first render", lambda: b"shop.svg?v=" in watcher.get("/")[1])
        page = watcher.get("/")[1]
        src = re.search(rb'<img src="/(shop\.svg\?v=\w+)"', page)
        # The scanner's rules are the report's; this page's one link is the served drawing,
        # same origin (img-src 'self'), which the report never needs (its SVG is inline).
        assert src and scan_html(page) == [f"report: link src='/{src.group(1).decode()}' on <img>"]
        assert src and watcher.get("/" + src.group(1).decode())[1] == \
            (tmp_path / "out" / "shop" / "shop.svg").read_bytes()
        save(map_path, MAP.format(shop="Shop Two"))
        wait_for("a new page", lambda: watcher.get("/")[1] != page)
        assert b"Shop Two" in watcher.get("/shop.svg")[1]
        assert sorted(p.name for p in (tmp_path / "out" / "shop").iterdir()) == ["shop.svg"]
        assert watcher.stop()[0] == 0
    finally:
        if watcher.proc.poll() is None:
            watcher.proc.kill()
            watcher.proc.wait(TIMEOUT)


@pytest.mark.browser
def test_open_page_reloads_with_the_new_content(
        browser: Any, watched: tuple[Watcher, Path, Path]) -> None:
    watcher, map_path, folder = watched
    wait_for("the first render", lambda: b"Corner Shop" in watcher.get("/")[1])
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    try:
        page.goto(watcher.url)
        assert "Corner Shop" in page.inner_text("body")
        page.wait_for_function("() => document.querySelector('svg') !== null")

        save(map_path, MAP.format(shop="Browser Shop"))
        page.wait_for_function("() => document.body.innerText.includes('Browser Shop')",
                               timeout=TIMEOUT * 1000)

        save(map_path, MAP.format(shop="Broken").replace("kind: asset", "kind: mony"))
        page.wait_for_function("() => (document.querySelector('#ecomap-live-error') || "
                               "{textContent: ''}).textContent.includes('mony')",
                               timeout=TIMEOUT * 1000)
        assert "Browser Shop" in page.inner_text("body")  # the last good report stays

        save(map_path, MAP.format(shop="Fixed Shop"))
        page.wait_for_function("() => document.body.innerText.includes('Fixed Shop')",
                               timeout=TIMEOUT * 1000)
        assert page.query_selector("#ecomap-live-error") is None
        assert problems == []  # no Content-Security-Policy violation, no script error
    finally:
        page.close()
    assert watcher.stop()[0] == 0


def test_watch_takes_one_map_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(MAP.format(shop="A"), encoding="utf-8")
    result = cli("render", str(tmp_path), "--watch")
    assert result.exit_code == 2 and "--watch follows one map file" in result.output
    result = cli("render", str(tmp_path / "a.yaml"), "--port", "8000", "-o",
                 str(tmp_path / "out"))
    assert result.exit_code == 2 and "go with --watch" in result.output
    assert not (tmp_path / "out").exists()


def test_port_in_use_is_one_error_line(tmp_path: Path) -> None:
    import socket

    map_path = tmp_path / "a.yaml"
    map_path.write_text(MAP.format(shop="A"), encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "ecomap", "render", str(map_path),
                               "--watch", "--port", str(port), "-o", str(tmp_path / "out")],
                              capture_output=True, text=True, timeout=TIMEOUT,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr


@pytest.mark.parametrize(("map_name", "request_args"), [
    ("nio_baas", {}), ("nio_baas", {"lang": "en"}),
    ("nio_baas", {"scenario": "catl_exits", "view": "money"}),
    ("transformation_roadmap", {"phase": "stop_loss"}),  # the phase's own risk marks
    ("transformation_roadmap", {"phase": "expand", "formats": ("svg", "json")}),
])
def test_first_diagram_is_the_svg_build_writes(maps_dir: Path, map_name: str,
                                               request_args: dict[str, Any]) -> None:
    """What the watcher writes first is the file a whole render writes, same name, same bytes."""
    from ecomap.outputs import RenderRequest, build, first_diagram
    from ecomap.validate import load_map

    eco = load_map(str(maps_dir / f"{map_name}.yaml"))
    request = RenderRequest(**request_args)
    (first, _), whole = first_diagram(eco, request), build(eco, request)
    assert len(first) == 1 and all(whole[name] == data for name, data in first.items())


@pytest.mark.parametrize("edit", [
    ("宁德时代", "宁德时代新能源"),                 # a name: the structure stays
    ("amount: 980 CNY/month", "amount: 1080 CNY/month"),  # money only: findings kept too
    ("    from: catl\n    to: nio_energy", "    from: catl\n    to: owners"),  # who trades
    ("    name: 宁德时代\n    layer: strategic", "    name: 宁德时代\n    layer: service"),
    ("role: 车辆电池数据分析, internal: true}", "role: 车辆电池数据分析}"),  # not internal
    ("baas_rent: {amount: 880 CNY/month}\n",  # an override, at the end: no line moves
     "baas_rent: {amount: 880 CNY/month}\nchecks: {balance.one_way: ignore}\n"),
])
@pytest.mark.parametrize("undo", [False, True], ids=["edit", "undo"])
def test_a_save_drawn_like_the_last_one_is_drawn_as_from_scratch(
        maps_dir: Path, tmp_path: Path, edit: tuple[str, str], undo: bool) -> None:
    """The watcher hands each save the last save's analysis to take over what still holds;
    the drawing is the one a fresh render of the new version makes. Each edit is also undone
    (the next save goes back), which turns an override added into one taken away."""
    from ecomap.analysis import AnalysisResult, to_json
    from ecomap.outputs import RenderRequest, first_diagram
    from ecomap.validate import load_map

    text = (maps_dir / "nio_baas.yaml").read_text(encoding="utf-8")
    assert edit[0] in text
    edited = text.replace(edit[0], edit[1], 1)
    path = tmp_path / "nio_baas.yaml"  # one file saved twice: its spans name one path
    path.write_text(edited if undo else text, encoding="utf-8")
    _, last = first_diagram(load_map(str(path)), RenderRequest())
    path.write_text(text if undo else edited, encoding="utf-8")
    reused, reused_analysis = first_diagram(load_map(str(path)), RenderRequest(), like=last)
    fresh, fresh_analysis = first_diagram(load_map(str(path)), RenderRequest())
    assert reused == fresh
    # Not only the drawing: every figure and finding, as the JSON has them.
    assert reused_analysis is not None and fresh_analysis is not None
    assert (to_json(AnalysisResult(reused_analysis))
            == to_json(AnalysisResult(fresh_analysis)))
