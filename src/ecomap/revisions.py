"""Map arguments that are a file or a git revision spec (``HEAD~1:maps/x.yaml``), loaded alike.

A spec is read with ``git show`` (an argument list, never a shell) in the current folder, so
git's own rules apply: ``HEAD:maps/x.yaml`` is relative to the repository root and
``HEAD:./x.yaml`` to the current folder. The same limits as for a file apply (size, UTF-8, the
strict parser), and every diagnostic names the spec itself: ``HEAD~1:maps/x.yaml:12:5: error:``.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ecomap.model import Ecosystem

GIT_TIMEOUT = 30  # seconds for one git call; reading one blob takes milliseconds


class RevisionError(Exception):
    """The argument names no readable map (no such file, not a repository, unknown revision…):
    a usage error, exit 2. The message is one line."""


def is_revision_spec(arg: str) -> bool:
    """``REV:PATH`` that is not an existing file (a file whose name holds ':' stays a file)."""
    return ":" in arg and not os.path.lexists(arg)


def _git_message(stderr: bytes) -> str:
    """git's complaint as one line: its ``fatal:`` text, with its hint when it gives one."""
    lines = [x.strip() for x in stderr.decode("utf-8", errors="replace").splitlines()]
    fatal = [x.removeprefix("fatal:").removeprefix("error:").strip() for x in lines
             if x.startswith(("fatal:", "error:"))]
    hints = [x.removeprefix("hint:").strip() for x in lines if x.startswith("hint:")]
    message = "; ".join(fatal) or "; ".join(x for x in lines if x) or "git failed"
    if hints:
        message += f" ({' '.join(hints)})"
    return message.rstrip(".")


def _git(args: list[str], spec: str) -> bytes:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0")  # never wait for a password
    try:
        done = subprocess.run(["git", *args], capture_output=True, stdin=subprocess.DEVNULL,
                              timeout=GIT_TIMEOUT, env=env, check=False)
    except FileNotFoundError:
        raise RevisionError(f"cannot read {spec}: git is not installed") from None
    except subprocess.TimeoutExpired:
        raise RevisionError(f"cannot read {spec}: git did not answer within "
                            f"{GIT_TIMEOUT} s") from None
    except OSError as exc:
        raise RevisionError(f"cannot read {spec}: cannot run git ({exc.strerror})") from None
    if done.returncode != 0:
        raise RevisionError(f"cannot read {spec} from git: {_git_message(done.stderr)}")
    return done.stdout


def read_revision(spec: str) -> bytes:
    """The bytes of ``REV:PATH`` as committed; RevisionError when git cannot give them,
    EcomapError (an invalid map, like an oversized file) when they are too many."""
    from ecomap.source import MAX_BYTES, too_large

    if spec.startswith("-"):  # git would read it as an option (--output=…)
        raise RevisionError(f"refusing {spec!r}: a revision spec must not start with '-'")
    rev, _, path = spec.partition(":")
    if not path:
        raise RevisionError(f"{spec!r} names no file; write REV:PATH, e.g. "
                            f"{rev or 'HEAD'}:maps/x.yaml")
    kind = _git(["cat-file", "-t", spec], spec).decode("ascii", errors="replace").strip()
    if kind != "blob":
        what = "folder" if kind == "tree" else kind
        raise RevisionError(f"{spec} is a {what} in git, not a map file")
    # Size first, so that a huge blob is refused without reading it (the file reader's limit).
    size = int(_git(["cat-file", "-s", spec], spec).strip() or 0)
    if size > MAX_BYTES:
        raise too_large(spec, size)
    # `git show` prints a blob as committed: no textconv unless asked for on its command line.
    return _git(["show", spec], spec)


def load(arg: str) -> Ecosystem:
    """A map from a file or a git revision spec; EcomapError for an invalid map (exit 1),
    RevisionError when there is no map to read (exit 2)."""
    from ecomap.source import decode
    from ecomap.validate import load_map, load_text

    if is_revision_spec(arg):
        return load_text(decode(read_revision(arg), arg), arg)
    from ecomap.mapfile import kind_of

    path = Path(arg)
    kind = kind_of(arg)
    if kind and kind != "a folder":
        raise RevisionError(f"{arg} is {kind}, not a map file")
    if path.is_dir():
        raise RevisionError(f"{arg} is a folder; give a map file or a revision spec such as "
                            f"HEAD~1:{arg.rstrip('/')}/x.yaml")
    if not path.exists():
        raise RevisionError(f"{arg}: no such file (a git revision is written REV:PATH, e.g. "
                            f"HEAD~1:{arg})")
    return load_map(arg)
