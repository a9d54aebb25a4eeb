#!/usr/bin/env bash
# Render times of older commits and of this checkout, measured in one run by this checkout's
# bench/bench_render.py (each older ecomap is imported from a temporary worktree).
#
#   bench/before_after.sh COMMIT [COMMIT ...] [bench_render.py options, e.g. --sizes 15,60 --no-d2]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
commits=""
while [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; do
    commits="$commits $1"
    shift
done
[ -n "$commits" ] || { echo "usage: bench/before_after.sh COMMIT [COMMIT ...] [options]" >&2; exit 2; }
tmp="$(mktemp -d)"
cleanup() {
    for dir in "$tmp"/*/; do
        git -C "$ROOT" worktree remove --force "$dir" >/dev/null 2>&1 || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
python="$ROOT/.venv/bin/python"
[ -x "$python" ] || python=python3
for commit in $commits; do
    git -C "$ROOT" worktree add --detach --quiet "$tmp/$commit" "$commit"
    echo "## before: $(git -C "$ROOT" log -1 --format='%h %s' "$commit" | cut -c1-80)"
    ECOMAP_BENCH_SRC="$tmp/$commit/src" "$python" "$ROOT/bench/bench_render.py" "$@"
    echo
done
echo "## after: $(git -C "$ROOT" log -1 --format='%h %s' HEAD | cut -c1-80) (and the working tree)"
"$python" "$ROOT/bench/bench_render.py" "$@"
