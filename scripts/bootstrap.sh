#!/usr/bin/env bash
# Make this machine ready for ecomap: Graphviz, a CJK font, (Chromium), and .venv
# with the package installed; with --browser also what the tests drive (Chromium,
# Node.js and yaml-language-server in .venv/node, poppler, LibreOffice Impress and Calc).
# Idempotent and fast when everything is present; run by `make demo` (no options)
# and `make test` (--browser).
#
#   scripts/bootstrap.sh [--browser]
#
# Environment:
#   ECOMAP_BOOTSTRAP_DRY_RUN=1   print what would be installed or created, change nothing
#   PYTHON=python3.12            the interpreter for .venv (default python3)
#   ECOMAP_BOOTSTRAP_CHROMIUM=…  where Chromium is looked for (default /usr/bin/chromium;
#                                for testing this script)
set -euo pipefail

usage() {
    sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

want_browser=0
for arg in "$@"; do
    case "$arg" in
        --browser) want_browser=1 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "bootstrap: unknown option: $arg (try --help)" >&2; exit 2 ;;
    esac
done
rerun="scripts/bootstrap.sh"
[ "$want_browser" -eq 1 ] && rerun="$rerun --browser"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DRY_RUN="${ECOMAP_BOOTSTRAP_DRY_RUN:-}"
[ "$DRY_RUN" = "0" ] && DRY_RUN=""
PYTHON="${PYTHON:-python3}"
CHROMIUM="${ECOMAP_BOOTSTRAP_CHROMIUM:-/usr/bin/chromium}"
VENV=.venv
STAMP="$VENV/.ecomap-installed"

log() { echo "bootstrap: $*"; }
die() {
    echo "bootstrap: ERROR: $*" >&2
    exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }

# --- installing system packages ----------------------------------------------

# Sets blocker to why apt cannot be used here (empty when it can), and use_sudo.
blocker=""
use_sudo=0
check_apt() {
    blocker=""
    if ! have apt-get; then
        blocker="apt-get is not available on this system"
    elif [ "$(id -u)" -eq 0 ]; then
        use_sudo=0
    elif have sudo && sudo -n true >/dev/null 2>&1; then
        use_sudo=1
    else
        blocker="this script is not running as root and sudo needs a password (or is absent)"
    fi
}

as_root() {
    if [ "$use_sudo" -eq 1 ]; then
        sudo -n env DEBIAN_FRONTEND=noninteractive "$@"
    else
        env DEBIAN_FRONTEND=noninteractive "$@"
    fi
}

apt_updated=0
apt_install() {
    if [ -n "$DRY_RUN" ]; then
        [ "$apt_updated" -eq 0 ] && log "dry run: would run: apt-get update"
        apt_updated=1
        log "dry run: would run: apt-get install -y --no-install-recommends $*"
        return 0
    fi
    if [ "$apt_updated" -eq 0 ]; then
        log "apt-get update"
        as_root apt-get update -qq || die "apt-get update failed"
        apt_updated=1
    fi
    log "apt-get install -y --no-install-recommends $*"
    as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null ||
        die "apt-get install $* failed"
}

# Tell how to install the Debian packages given by hand, then exit 1.
manual_install() {
    local why="$1"
    shift
    local pkgs=" $* "
    {
        echo "bootstrap: ERROR: missing: $*"
        echo "bootstrap: $why, so it cannot install them itself. Please install them:"
        if [ "$(uname -s)" = "Darwin" ]; then
            case "$pkgs" in *" graphviz "*)
                echo "    brew install graphviz                      # the dot command" ;;
            esac
            case "$pkgs" in *" fonts-noto-cjk "*)
                echo "    brew install fontconfig                    # fc-list, to find the font"
                echo "    brew install --cask font-noto-sans-cjk-sc  # a Noto Sans CJK font"
                echo "      (or install Noto Sans CJK from https://github.com/notofonts/noto-cjk)" ;;
            esac
            case "$pkgs" in *" chromium "*)
                echo "    The browser tests use Debian's Chromium at /usr/bin/chromium; on macOS run"
                echo "    'make test' in a Debian 12 container instead, for example:"
                echo "      docker run --rm -it -v \"\$PWD\":/src -w /src debian:12 \\"
                echo "        sh -c 'apt-get update && apt-get install -y make python3-venv && make test'" ;;
            esac
            case "$pkgs" in *" python3-venv "*)
                echo "    brew install python@3.12                   # Python >= 3.10 with venv" ;;
            esac
            case "$pkgs" in *" librsvg2-bin "*)
                echo "    brew install librsvg                       # rsvg-convert, for PNG/PDF slides" ;;
            esac
            case "$pkgs" in *" poppler-utils "*)
                echo "    brew install poppler                       # pdftotext, for the slide tests" ;;
            esac
            case "$pkgs" in *" libreoffice-impress "*)
                echo "    brew install --cask libreoffice            # soffice, for the deck tests" ;;
            esac
        elif have apt-get; then
            echo "    sudo apt-get update"
            echo "    sudo apt-get install -y --no-install-recommends $*"
        else
            echo "    with your system's package manager:"
            case "$pkgs" in *" graphviz "*)
                echo "      Graphviz (the dot command)" ;;
            esac
            case "$pkgs" in *" fonts-noto-cjk "*)
                echo "      fontconfig (fc-list) and a Noto Sans CJK font" ;;
            esac
            case "$pkgs" in *" chromium "*)
                echo "      Chromium, reachable as /usr/bin/chromium" ;;
            esac
            case "$pkgs" in *" python3-venv "*)
                echo "      Python >= 3.10 with the venv module" ;;
            esac
            case "$pkgs" in *" librsvg2-bin "*)
                echo "      librsvg's rsvg-convert (PNG and PDF slides)" ;;
            esac
            case "$pkgs" in *" poppler-utils "*)
                echo "      poppler's pdftotext and pdftoppm" ;;
            esac
            case "$pkgs" in *" libreoffice-impress "*)
                echo "      LibreOffice Impress, with soffice on PATH" ;;
            esac
            case "$pkgs" in *" libreoffice-calc "*)
                echo "      LibreOffice Calc (the workbook test)" ;;
            esac
        fi
        echo "bootstrap: then run $rerun again."
    } >&2
    exit 1
}

# Install the given Debian packages with apt, or explain how and exit 1.
install_packages() {
    check_apt
    if [ -n "$blocker" ]; then
        manual_install "$blocker" "$@"
    fi
    apt_install "$@"
}

has_cjk_font() {
    have fc-list || return 1
    local fonts
    fonts="$(fc-list :lang=zh family 2>/dev/null || true)"
    [ -n "$fonts" ]
}

# --- 1. system tools ----------------------------------------------------------

# A plain word list, not an array: macOS's bash 3.2 rejects empty arrays under set -u.
missing=""
have dot || missing="$missing graphviz"
# PNG and PDF slides are drawn from Graphviz's SVG by librsvg (Graphviz's own cairo output
# letter-spaces Latin text between CJK).
have rsvg-convert || missing="$missing librsvg2-bin"
has_cjk_font || missing="$missing fontconfig fonts-noto-cjk"
if [ "$want_browser" -eq 1 ] && [ ! -x "$CHROMIUM" ]; then
    missing="$missing chromium"
fi
if [ "$want_browser" -eq 1 ] && ! have npm; then
    missing="$missing nodejs npm"
fi
# The slide tests measure the PDF's text and ink like ../shared/tools/slide-check does.
if [ "$want_browser" -eq 1 ] && ! have pdftotext; then
    missing="$missing poppler-utils"
fi
# The deck tests open the .pptx in LibreOffice Impress (soffice --convert-to pdf). It is large
# (about 300 MB), so only the test setup installs it.
if [ "$want_browser" -eq 1 ] && ! have soffice; then
    missing="$missing libreoffice-impress"
fi
# The workbook test opens the .xlsx in LibreOffice Calc (soffice --convert-to csv); Debian
# ships Calc apart from Impress (its library libsclo.so), macOS's LibreOffice.app has both.
if [ "$want_browser" -eq 1 ] && [ "$(uname -s)" != "Darwin" ] &&
    [ ! -e /usr/lib/libreoffice/program/libsclo.so ]; then
    missing="$missing libreoffice-calc"
fi

if [ -n "$missing" ]; then
    log "missing system packages:$missing"
    # shellcheck disable=SC2086 # word splitting of the package list is intended
    install_packages $missing
    if [ -z "$DRY_RUN" ]; then
        have dot || die "Graphviz was installed but 'dot' is still not on PATH"
        have rsvg-convert || die "librsvg2-bin was installed but 'rsvg-convert' is not on PATH"
        has_cjk_font || die "fonts-noto-cjk was installed but 'fc-list :lang=zh' finds no font"
        if [ "$want_browser" -eq 1 ] && [ ! -x "$CHROMIUM" ]; then
            die "chromium was installed but $CHROMIUM is not there"
        fi
    fi
fi

# --- 2. virtual environment and the package -----------------------------------

venv_err=""
make_venv() {
    venv_err="$("$PYTHON" -m venv "$VENV" 2>&1)"
}

if [ -e "$VENV" ] && [ ! -x "$VENV/bin/python" ]; then
    # Never delete an existing folder: it may hold more than this script put there.
    die "$VENV exists but $VENV/bin/python is missing or not runnable; remove $VENV (make distclean) and run again"
fi

if [ ! -e "$VENV" ]; then
    have "$PYTHON" || manual_install "no '$PYTHON' command was found" python3-venv
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
        die "ecomap needs Python >= 3.10, but $PYTHON is $("$PYTHON" -V 2>&1); set PYTHON=... to a newer one"
    [ -w . ] || die "cannot create $VENV: $ROOT is not writable by $(id -un)"
    if [ -n "$DRY_RUN" ]; then
        log "dry run: would run: $PYTHON -m venv $VENV && $VENV/bin/python -m pip install --upgrade pip"
    else
        log "creating $VENV ($("$PYTHON" -V 2>&1))"
        if ! make_venv; then
            rm -rf "$VENV" # the half-made one this run created
            # Debian's python3 ships venv without ensurepip: it is in python3-venv.
            prefix="$("$PYTHON" -c 'import sys; print(sys.base_prefix)')"
            if [ "$prefix" != "/usr" ]; then
                echo "$venv_err" >&2
                die "'$PYTHON -m venv $VENV' failed; make sure $PYTHON ($prefix) has the venv and ensurepip modules"
            fi
            log "'$PYTHON -m venv' failed: installing Debian's python3-venv"
            install_packages python3-venv
            make_venv || {
                rm -rf "$VENV"
                echo "$venv_err" >&2
                die "'$PYTHON -m venv $VENV' still fails after installing python3-venv"
            }
        fi
        log "upgrading pip in $VENV"
        "$VENV/bin/python" -m pip install --quiet --upgrade pip ||
            log "warning: could not upgrade pip; going on with $("$VENV/bin/python" -m pip --version)"
    fi
fi

if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
    if [ -n "$DRY_RUN" ]; then
        log "dry run: would run: $VENV/bin/python -m pip install -e '.[test,dev]'"
    else
        log "installing ecomap into $VENV (pip install -e '.[test,dev]')"
        "$VENV/bin/python" -m pip install --quiet -e '.[test,dev]' ||
            die "pip install -e '.[test,dev]' failed (see the messages above)"
        touch "$STAMP"
    fi
fi

# --- 3. the editor's language server, for the tests only ---------------------------

# yaml-language-server (the server of VS Code's YAML extension) is driven by
# tests/test_editor_lsp.py; it goes into .venv/node, never globally.
YAML_LS_VERSION=1.25.0
YAML_LS="$VENV/node/node_modules/.bin/yaml-language-server"
if [ "$want_browser" -eq 1 ] && [ ! -x "$YAML_LS" ]; then
    if [ -n "$DRY_RUN" ]; then
        log "dry run: would run: npm install --prefix $VENV/node yaml-language-server@$YAML_LS_VERSION"
    else
        log "installing yaml-language-server $YAML_LS_VERSION into $VENV/node (npm)"
        mkdir -p "$VENV/node"
        npm install --silent --no-audit --no-fund --prefix "$VENV/node" \
            "yaml-language-server@$YAML_LS_VERSION" >/dev/null ||
            die "npm install yaml-language-server failed (see the messages above)"
    fi
fi

log "ready${DRY_RUN:+ (dry run: nothing was changed)}"
