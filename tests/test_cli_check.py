"""`ecomap check` for tools: --format json (one document), `-` for standard input with
--stdin-filename, and --maps-only to skip YAML files that are not maps."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, REPO_ROOT, cli

ECOMAP = [sys.executable, "-m", "ecomap"]
TYPO = EXAMPLES / "negative" / "flow_kind_typo.yaml"


def test_json_lists_every_file_and_diagnostic() -> None:
    result = cli("check", "--format", "json", str(TYPO), str(REPO_ROOT / "maps" / "nio_baas.yaml"))
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["ok"] is False
    assert [(f["path"], f["status"]) for f in doc["files"]] == [
        (str(TYPO), "invalid"), (str(REPO_ROOT / "maps" / "nio_baas.yaml"), "ok")]
    first = doc["diagnostics"][0]
    assert first == {"path": str(TYPO), "line": 10, "col": 42, "severity": "error",
                     "message": "kind must be one of money, data, asset, service (got 'mony')",
                     "hint": 'did you mean "money"?', "check": None}
    findings = [d for d in doc["diagnostics"] if d["check"]]
    assert {d["check"] for d in findings} >= {"risk.concentration", "balance.one_way"}
    assert all(isinstance(d["line"], int) for d in findings)
    # The text output says the same things, one line each.
    text = cli("check", str(TYPO))
    assert f"{TYPO}:10:42: error: kind must be one of" in text.stderr


def test_error_findings_fail_and_are_counted() -> None:
    path = REPO_ROOT / "maps" / "data_given_away.yaml"
    doc = json.loads(cli("check", "--format", "json", str(path)).stdout)
    assert doc["ok"] is False
    assert doc["files"][0]["status"] == "errors"
    assert doc["files"][0]["errors"] == sum(d["severity"] == "error" for d in doc["diagnostics"])
    assert doc["files"][0]["errors"] >= 3


def test_stdin_is_checked_under_the_given_name() -> None:
    data = TYPO.read_bytes()
    run = subprocess.run([*ECOMAP, "check", "-", "--format", "json", "--stdin-filename",
                          "maps/unsaved.yaml"], input=data, capture_output=True)
    assert run.returncode == 1, run.stderr
    doc = json.loads(run.stdout)
    assert doc["files"] == [{"path": "maps/unsaved.yaml", "status": "invalid", "errors": 2,
                             "warnings": 0, "infos": 0}]
    assert {d["path"] for d in doc["diagnostics"]} == {"maps/unsaved.yaml"}

    run = subprocess.run([*ECOMAP, "check", "-"], input=data, capture_output=True)
    assert run.returncode == 1
    assert run.stderr.decode().startswith("<stdin>:10:42: error: kind must be one of")

    good = (REPO_ROOT / "maps" / "nio_baas.yaml").read_bytes()
    run = subprocess.run([*ECOMAP, "check", "-", "-q"], input=good, capture_output=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout == b""


def test_stdin_that_is_not_utf8_is_an_error_with_a_position() -> None:
    run = subprocess.run([*ECOMAP, "check", "-"], input=b"ecomap: 1\ntitle: \xff\n",
                         capture_output=True)
    assert run.returncode == 1
    assert run.stderr.decode() == ("<stdin>:2:8: error: the file is not UTF-8 (byte 0xff — "
                                   "save the file as UTF-8)\n")


def test_maps_only_skips_yaml_that_is_not_a_map(tmp_path: Path) -> None:
    other = tmp_path / "compose.yaml"
    other.write_text("services:\n  web: {image: nginx}\n", encoding="utf-8")
    assert cli("check", str(other)).exit_code == 1
    result = cli("check", "--maps-only", "--format", "json", str(other), str(TYPO))
    doc = json.loads(result.stdout)
    assert [f["status"] for f in doc["files"]] == ["skipped", "invalid"]
    assert result.exit_code == 1
    # A broken map is still a map: its `ecomap:` key is found in the text, not by parsing.
    broken = tmp_path / "broken.yaml"
    broken.write_text("ecomap: 1\nfocus: [\n", encoding="utf-8")
    doc = json.loads(cli("check", "--maps-only", "--format", "json", str(broken)).stdout)
    assert doc["files"][0]["status"] == "invalid"
    assert cli("check", "--maps-only", str(other)).exit_code == 0
    # A map saved with a byte-order mark (Windows editors) is still a map.
    bom = EXAMPLES / "positive" / "bom.yaml"
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf")
    doc = json.loads(cli("check", "--maps-only", "--format", "json", str(bom)).stdout)
    assert doc["files"][0]["status"] == "ok"


def test_stdin_only_once() -> None:
    result = cli("check", "-", "-")
    assert result.exit_code == 2
    assert "standard input ('-') can be read only once" in result.output
