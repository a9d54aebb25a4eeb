"""The shipped .pre-commit-hooks.yaml, run by the real pre-commit framework against a throwaway
git repository that uses a clone of this checkout (at a commit holding the working tree) as
its hook `repo:`.

The `ecomap-check-system` hook runs the ecomap on PATH and needs no network. The
`ecomap-check` hook (`language: python`) makes pre-commit pip-install ecomap from the repo into
an environment of its own: that needs the package index (setuptools and ecomap's
dependencies), so its test is marked slow and needs PyPI, which this project's machines reach.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO_ROOT

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
GOOD_MAP = REPO_ROOT / "maps" / "nio_baas.yaml"
GIT_ID = ["-c", "user.name=ecomap test", "-c", "user.email=test@example.invalid",
          "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *GIT_ID, *args], cwd=cwd, capture_output=True, text=True,
                          check=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this checkout's working tree (committed), and its commit:
    what pip needs to build ecomap, and the hook manifest (tests, maps and docs left out, so
    that pre-commit's clone of it is quick)."""
    repo = tmp_path_factory.mktemp("hook") / "ecomap"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(REPO_ROOT / "src", repo / "src", ignore=ignore)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(REPO_ROOT / name, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the working tree under test")
    return repo, git(repo, "rev-parse", "HEAD").stdout.strip()


def user_repo(root: Path, hook: tuple[Path, str], hook_id: str,
              extra: dict[str, object] | None = None) -> Path:
    """A throwaway project whose .pre-commit-config.yaml uses the hook from ``hook``."""
    repo = root / "project"
    repo.mkdir()
    git(repo, "init", "-q")
    config = {"repos": [{"repo": str(hook[0]), "rev": hook[1],
                         "hooks": [{"id": hook_id, **(extra or {})}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (repo / "maps").mkdir()
    shutil.copy(GOOD_MAP, repo / "maps" / "baas.yaml")
    # Not a map, and no a folder named maps/: the hook must not look at it.
    (repo / "compose.yaml").write_text("services:\n  web: {image: nginx}\n", encoding="utf-8")
    git(repo, "add", "-A")
    return repo


def run_commit(repo: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    """`git commit` with pre-commit installed as the repository's hook."""
    return subprocess.run(["git", *GIT_ID, "commit", "-m", message], cwd=repo, env=env,
                          capture_output=True, text=True)


def pre_commit_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(home)
    # The hook's `ecomap` (system hook) and pre-commit itself come from this venv.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PRE_COMMIT_ALLOW_NO_CONFIG", None)
    return env


def assert_blocks_bad_map_and_passes_good(repo: Path, env: dict[str, str]) -> None:
    install = subprocess.run([str(PRE_COMMIT), "install"], cwd=repo, env=env,
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr

    good = run_commit(repo, env, "a good map")
    assert good.returncode == 0, good.stdout + good.stderr
    # git shows the hook's output on stderr.
    assert "ecomap check" in good.stderr and "Passed" in good.stderr

    bad_map = repo / "maps" / "baas.yaml"
    text = bad_map.read_text(encoding="utf-8")
    assert "kind: money" in text
    bad_map.write_text(text.replace("kind: money", "kind: mony", 1), encoding="utf-8")
    git(repo, "add", "-A")
    bad = run_commit(repo, env, "a typo")
    assert bad.returncode != 0, "the commit of kind: mony was not blocked"
    assert "Failed" in bad.stderr
    # The hook printed ecomap's own message, with the position in the file.
    line = 1 + text[:text.index("kind: money")].count("\n")
    assert f"maps/baas.yaml:{line}:" in bad.stdout + bad.stderr
    assert 'did you mean "money"?' in bad.stdout + bad.stderr
    log = git(repo, "log", "--format=%s").stdout.split("\n")
    assert log[0] == "a good map"  # nothing was committed by the blocked commit


def test_system_hook_blocks_a_typo_and_passes_a_good_map(
        tmp_path: Path, hook_repo: tuple[Path, str]) -> None:
    repo = user_repo(tmp_path, hook_repo, "ecomap-check-system")
    env = pre_commit_env(tmp_path / "pre-commit-home")
    env["PIP_NO_INDEX"] = "1"  # nothing to install: proves the hook works offline
    assert_blocks_bad_map_and_passes_good(repo, env)


def test_files_pattern_keeps_other_yaml_out(tmp_path: Path,
                                            hook_repo: tuple[Path, str]) -> None:
    """compose.yaml and .pre-commit-config.yaml are not maps: the default `files:` skips them,
    and with every YAML file opted in, --maps-only does."""
    repo = user_repo(tmp_path, hook_repo, "ecomap-check-system",
                     {"files": r"\.ya?ml$", "args": ["--maps-only"]})
    env = pre_commit_env(tmp_path / "pre-commit-home")
    run = subprocess.run([str(PRE_COMMIT), "run", "--all-files", "--verbose"], cwd=repo, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout

    # Without --maps-only the same files would fail: the configs are not maps.
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{
        "repo": str(hook_repo[0]), "rev": hook_repo[1],
        "hooks": [{"id": "ecomap-check-system", "files": r"\.ya?ml$"}]}]}), encoding="utf-8")
    run = subprocess.run([str(PRE_COMMIT), "run", "--all-files"], cwd=repo, env=env,
                         capture_output=True, text=True)
    assert run.returncode != 0
    assert "compose.yaml:1:1: error: the map needs 'ecomap'" in run.stdout


def test_hook_manifest_is_what_pre_commit_reads() -> None:
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    assert set(by_id) == {"ecomap-check", "ecomap-check-system"}
    assert by_id["ecomap-check"]["language"] == "python"
    assert by_id["ecomap-check-system"]["language"] == "system"
    for hook in hooks:
        assert hook["entry"] == "ecomap check"
        assert hook["files"] == r"(^|/)maps/.*\.ya?ml$"


@pytest.mark.slow
def test_python_hook_installs_ecomap_and_blocks_a_typo(
        tmp_path: Path, hook_repo: tuple[Path, str]) -> None:
    """The hook most users pick: pre-commit builds ecomap from the repo with pip (about 50 s
    here, once per hook revision)."""
    repo = user_repo(tmp_path, hook_repo, "ecomap-check")
    env = pre_commit_env(tmp_path / "pre-commit-home")
    # Without this venv on PATH: the hook must run the ecomap that pre-commit installed (the
    # git hook script calls pre-commit by its full path).
    venv_bin = Path(sys.executable).parent
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep)
                                  if p and Path(p) != venv_bin)
    install = subprocess.run([str(PRE_COMMIT), "install-hooks"], cwd=repo, env=env,
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stdout + install.stderr
    installed = list((tmp_path / "pre-commit-home").glob("repo*/py_env-*/bin/ecomap"))
    assert installed, "pre-commit did not install ecomap into its environment"
    assert_blocks_bad_map_and_passes_good(repo, env)
