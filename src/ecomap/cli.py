"""The command line: builds the parts, prints, writes files and exits; nothing else does.

Longer than ~400 lines on purpose: every command's options, help text and exit codes in one
place, each body short (the work is done by the modules it calls), plus the one place where
standard output failures (closed, full) and every expected error become one line and an exit code.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from ecomap.errors import printable  # stdlib only: --help stays fast
from ecomap.starter_templates import TEMPLATES  # names only: --help lists them

if TYPE_CHECKING:
    from ecomap.model import Ecosystem, Phase
    from ecomap.outputs import RenderRequest

# Heavy modules (networkx, jinja2, the analysis) are imported inside the commands so that
# `ecomap --help` starts fast.

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
MAP_SUFFIXES = (".yaml", ".yml")
F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    if sys.stderr is not None:  # closed too: the exit code is all that is left to say it
        click.echo(printable(message, keep_newlines=True), err=True)
    sys.exit(code)


class _StdoutError(OSError):
    """Writing to standard output failed: not a problem of the map or of an output file."""


def _out(text: str | bytes, nl: bool = True) -> None:
    """Write to standard output; _StdoutError (one clear line, exit 1) when it is closed or
    full, where click.echo would drop the text without a word or Python print a traceback."""
    if sys.stdout is None:
        raise _StdoutError(errno.EBADF, "standard output is closed")
    try:
        if isinstance(text, bytes):  # JSON: its control characters are escapes already
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
        else:
            click.echo(printable(text, keep_newlines=True), nl=nl)
        sys.stdout.flush()
    except OSError as exc:
        raise _StdoutError(exc.errno, exc.strerror) from None


def _stdout_failed(exc: OSError) -> NoReturn:
    """Standard output broke (a closed pipe, a full disk): say so once, on stderr, and exit 1
    without the second complaint Python would print when it flushes stdout at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        sys.stdout = None  # nothing left to flush at exit
    if exc.errno == errno.EPIPE:
        sys.exit(EXIT_INVALID)  # `ecomap … | head`: the reader left; nothing to tell it
    _fail(f"error: cannot write to standard output: {exc.strerror or exc}")


class _ClosedStdout:
    """Stands for a closed standard output (Python sets sys.stdout to None): every write
    fails, so that --help or a report is never silently lost."""

    def _closed(self, *args: Any) -> Any:
        raise OSError(errno.EBADF, "standard output is closed")

    write = flush = fileno = _closed

    @property
    def buffer(self) -> Any:
        return self._closed()


class _Main(click.Group):
    """The group, with standard output failures caught where click writes too (--help)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if sys.stdout is None:
            sys.stdout = _ClosedStdout()
        try:
            return super().main(*args, **kwargs)
        except OSError as exc:
            _stdout_failed(exc)


Converter = Callable[[click.Context, click.Parameter, str], tuple[str, ...]]


def _csv_choice(options: Iterable[str]) -> Converter:
    allowed = tuple(options)

    def convert(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
        items = tuple(dict.fromkeys(x.strip() for x in value.split(",") if x.strip()))
        bad = [x for x in items if x not in allowed]
        if bad or not items:
            raise click.BadParameter(
                f"{', '.join(bad) or 'nothing'} (choose from {', '.join(allowed)})")
        return items
    return convert


def _expand(paths: Iterable[str]) -> list[Path]:
    """MAP arguments → map files; a folder stands for every map in it (sorted, not recursive)."""
    from ecomap.mapfile import kind_of

    maps: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(x for x in p.iterdir() if x.suffix in MAP_SUFFIXES and x.is_file())
            if not found:
                raise click.BadParameter(f"{raw}: the folder holds no .yaml map", param_hint="MAP")
            maps.extend(found)
        elif p.is_file():
            maps.append(p)
        else:
            kind = kind_of(raw)
            raise click.BadParameter(f"{raw} is {kind}, not a map file" if kind
                                     else f"{raw}: no such file or folder", param_hint="MAP")
    return list(dict.fromkeys(maps))


def _load(path: Path) -> Ecosystem:
    from ecomap.validate import load_map

    return load_map(str(path))


def _guard(func: F) -> F:
    """Every expected failure becomes a message and an exit code; a bug becomes one line too."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ecomap.errors import EcomapError, RenderError

        try:
            return func(*args, **kwargs)
        except EcomapError as exc:
            _fail(str(exc))
        except RenderError as exc:
            _fail(f"error: {exc}")
        except _StdoutError as exc:
            _stdout_failed(exc)
        except OSError as exc:
            _fail(f"error: {exc}")
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except Exception as exc:  # noqa: BLE001 — the promise is "never a traceback"
            if os.environ.get("ECOMAP_DEBUG"):
                import traceback  # a bug's details only: 5 ms of every start-up otherwise

                traceback.print_exc()
            _fail(f"internal error: {type(exc).__name__}: {exc}\n"
                  "This is a bug in ecomap; run with ECOMAP_DEBUG=1 for details and report it.",
                  EXIT_INTERNAL)
    return wrapper  # type: ignore[return-value]


@click.group(cls=_Main,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="ecomap", prog_name="ecomap")
def main() -> None:
    """ecomap: a YAML ecosystem map → an analysed diagram, HTML report and JSON.

    \b
    Example:
      ecomap render maps/nio_baas.yaml
      ecomap check maps/
      ecomap analyze maps/aftersales_revenue_model.yaml --format json
    """


# ---------------------------------------------------------------- render

def _render_one(path: Path, out_root: Path, request: RenderRequest) -> list[Path]:
    """Render one map and write its outputs as one set, with the stamp of the bytes rendered
    (see freshness.py); the outputs' paths, not the stamp's."""
    from ecomap.freshness import is_stamp, key_of, with_stamp
    from ecomap.outputs import build, write_atomic

    eco, folder, data = _prepared(path, out_root, request)
    files = with_stamp(build(eco, request), request, key_of(data, path, request))
    return [p for p in write_atomic(folder, files, protect=path) if not is_stamp(p.name)]


def _prepared(path: Path, out_root: Path, request: RenderRequest
              ) -> tuple[Ecosystem, Path, bytes]:
    """The map, loaded and checked against the request, the folder of its outputs, and the
    bytes it was read from (its outputs' key is theirs: read once, no save can come between)."""
    from ecomap.outputs import output_folder
    from ecomap.source import read_data
    from ecomap.validate import load_data

    data = read_data(str(path))
    eco = load_data(data, str(path))
    folder = output_folder(out_root, eco.name, str(path))  # before the work: fail fast
    if request.scenario and eco.scenario(request.scenario) is None:
        known = ", ".join(s.id for s in eco.scenarios) or "none defined"
        raise click.BadParameter(f"{path} has no scenario {request.scenario!r} "
                                 f"(scenarios: {known})", param_hint="--scenario")
    if request.phase is not None and request.phase not in eco.phase_order:
        known = ", ".join(p.id for p in eco.phases) or "none defined"
        raise click.BadParameter(f"{path} has no phase {request.phase!r} (phases: {known})",
                                 param_hint="--phase")
    return eco, folder, data


def _up_to_date(path: Path, out_root: Path, request: RenderRequest) -> list[Path] | None:
    """The paths of the map's outputs when they are up to date for it (freshness.py), else
    None: its key cannot be known, or no set in its folder has that key."""
    from ecomap.freshness import fresh_outputs, render_key
    from ecomap.mapfile import map_stem
    from ecomap.outputs import OutputPathError, output_folder, tidy

    key = render_key(path, request)
    if key is None:
        return None
    try:
        folder = output_folder(out_root, map_stem(str(path)), str(path))
    except OutputPathError:
        return None  # the render reports it, after the map's own problems
    tidy(folder)  # what killed runs left: the outputs as the next run would find them
    return fresh_outputs(folder, request, key)


def _render_worker(args: tuple[Path, Path, RenderRequest]) -> tuple[str, list[str], str]:
    """Run in a worker process: (map, written files, error text)."""
    from ecomap.errors import EcomapError, RenderError

    path, out_root, request = args
    try:
        return str(path), [str(p) for p in _render_one(path, out_root, request)], ""
    except (EcomapError, RenderError, OSError, click.ClickException) as exc:
        text = exc.format_message() if isinstance(exc, click.ClickException) else str(exc)
        if not isinstance(exc, EcomapError):  # positioned already; the others are one line
            text = f"error: {text}"
        return str(path), [], text


@main.command()
@click.argument("maps", nargs=-1, required=True, metavar="MAP...")
@click.option("-o", "--output", "out", default="output", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the outputs; each map gets "
              "a sub-folder named after it.")
@click.option("--force", is_flag=True,
              help="Render even the maps whose outputs are up to date.")
@click.option("--format", "formats", default="svg,html,json", show_default=True,
              callback=_csv_choice(("svg", "html", "json", "png", "pdf", "dot", "pptx")),
              help="Comma-separated: svg, html, json, png, pdf, dot, pptx (a PowerPoint "
                   "deck; pip install 'ecomap[pptx]').")
@click.option("--layout", type=click.Choice(["layered", "radial"]), default=None,
              help="Diagram layout [default: chosen for the map's size]. On a PNG/PDF slide "
                   "the rings are drawn only when their text reads at 8 pt; otherwise the "
                   "slide puts the focus's layer in the middle, the others on both sides.")
@click.option("--scenario", default=None, metavar="ID", help="Render a scenario of the map.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of the diagram and report [default: the map's locale].")
@click.option("--theme", type=click.Choice(["light", "dark", "print"]), default="light",
              show_default=True)
@click.option("--max-nodes", type=click.IntRange(min=5), default=None, metavar="N",
              help="Collapse the least connected participants of each layer into '+N more'.")
@click.option("--view", type=click.Choice(["money", "data", "asset", "service"]), default=None,
              help="Show only the flows of one kind.")
@click.option("--phase", default=None, metavar="ID",
              help="Draw the map as it stands in one roadmap phase (what that phase adds is "
                   "marked new): writes only <map>.<phase>.svg (and .png/.pdf/.dot if asked). "
                   "A plain render of a map with phases writes every phase's diagram too.")
@click.option("--watch", is_flag=True,
              help="Re-render MAP on every save and serve the report on 127.0.0.1, reloading "
                   "the open browser; a bad save prints its errors and keeps the last good "
                   "outputs. Ctrl-C stops.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="With --watch: the port to serve on (0: any free port).")
@click.option("--open", "open_browser", is_flag=True,
              help="With --watch: open the served report in the web browser.")
@_guard
def render(maps: tuple[str, ...], out: str, formats: tuple[str, ...], layout: str | None,
           force: bool,
           scenario: str | None, lang: str | None, theme: str, max_nodes: int | None,
           view: str | None, phase: str | None, watch: bool, port: int,
           open_browser: bool) -> None:
    """Write the diagram, the report and the analysis of each MAP.

    MAP may be a folder: every map in it is rendered, in parallel. A map whose outputs are up
    to date (the same map, options, ecomap and Graphviz as when they were written, and the
    files unchanged) is skipped and said to be "up to date"; --force renders it anyway. The
    paths of the outputs are printed either way.

    \b
    Example:
      ecomap render maps/nio_baas.yaml
        → output/nio_baas/nio_baas.svg, report.html, analysis.json
      ecomap render maps/ -o build/ --format svg,png --layout radial
      ecomap render maps/nio_baas.yaml --scenario catl_exits
      ecomap render maps/transformation_roadmap.yaml --phase build --format svg,png
      ecomap render maps/nio_baas.yaml --watch --open
    """
    from ecomap.outputs import DIAGRAM_FORMATS, RenderRequest

    paths = _expand(maps)
    if phase is not None:
        # A phase is a diagram: the report and the analysis cover every phase already.
        formats = tuple(f for f in formats if f in DIAGRAM_FORMATS)
        if not formats:
            raise click.BadParameter("--phase draws diagrams: ask for svg, png, pdf or dot",
                                     param_hint="--format")
    request = RenderRequest(formats=formats, layout=layout, scenario=scenario, lang=lang,
                            theme=theme, max_nodes=max_nodes, view=view, phase=phase)
    out_root = Path(out)
    if watch:
        _watch(maps, paths, out_root, request, port, open_browser)
        return
    if port or open_browser:
        raise click.UsageError("--port and --open go with --watch")
    if len(paths) == 1:
        fresh = _up_to_date(paths[0], out_root, request)
        if fresh is not None and not force:
            click.echo(f"{printable(str(paths[0]))}: up to date (--force renders it again)",
                       err=True)
        else:
            fresh = _render_one(paths[0], out_root, request)
        for written in fresh:
            _out(printable(str(written)))
        return
    failures = _render_many(paths, out_root, request, force)
    if failures:
        sys.exit(EXIT_INVALID)


def _watch(maps: tuple[str, ...], paths: list[Path], out_root: Path, request: RenderRequest,
           port: int, open_browser: bool) -> None:
    import functools

    from ecomap.watch import watch

    if len(paths) != 1 or Path(maps[0]).is_dir():
        raise click.BadParameter("--watch follows one map file", param_hint="MAP")
    watch(paths[0], functools.partial(_prepared, out_root=out_root, request=request), request,
          port, open_browser)


def _render_many(paths: list[Path], out_root: Path, request: RenderRequest,
                 force: bool) -> int:
    from concurrent.futures import ProcessPoolExecutor

    results: dict[str, tuple[list[str], str]] = {}  # map → (its outputs, error text)
    up_to_date: set[str] = set()
    jobs = []
    for map_path in paths:  # checked here: a map that is up to date costs no worker
        fresh = _up_to_date(map_path, out_root, request)
        if fresh is not None and not force:
            results[str(map_path)] = ([str(p) for p in fresh], "")
            up_to_date.add(str(map_path))
        else:
            jobs.append((map_path, out_root, request))
    # The bar only on a terminal: a log or a pipe would get its label and nothing else.
    with click.progressbar(length=len(paths), label="rendering", file=sys.stderr,
                           hidden=sys.stderr is None or not sys.stderr.isatty()) as bar:
        bar.update(len(up_to_date))
        if jobs:
            workers = max(1, min(len(jobs), os.cpu_count() or 1))
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for path, written, error in pool.map(_render_worker, jobs):
                    results[path] = (written, error)
                    bar.update(1)
    failures = 0
    for path in sorted(results):  # report in a stable order, whatever finished first
        written, error = results[path]
        if error:
            failures += 1
            click.echo(printable(error, keep_newlines=True), err=True)
        elif path in up_to_date:
            click.echo(f"{printable(path)}: up to date", err=True)
        for w in written:
            _out(printable(w))
    rendered = len(paths) - len(up_to_date) - failures
    click.echo(f"{len(paths)} maps: {rendered} rendered, {len(up_to_date)} up to date"
               + (f", {failures} failed" if failures else "")
               + (" (--force renders every map)" if up_to_date else ""), err=True)
    return failures


# ---------------------------------------------------------------- check

@main.command()
@click.argument("maps", nargs=-1, required=True, metavar="MAP...")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: one path:line:col line per problem; json: one "
              "document with every file and diagnostic, for editors and tools.")
@click.option("--stdin-filename", default=None, metavar="NAME",
              help="The path to report for a map read from standard input (MAP '-') "
                   "[default: <stdin>].")
@click.option("--maps-only", is_flag=True,
              help="Skip YAML files without a top-level `ecomap:` key instead of reporting "
                   "them (for pre-commit hooks that see every YAML file).")
@_guard
def check(maps: tuple[str, ...], quiet: bool, fmt: str, stdin_filename: str | None,
          maps_only: bool) -> None:
    """Validate and lint maps; exit 1 on an invalid map or an error finding.

    Fit for pre-commit and CI: every problem is printed as path:line:col. MAP '-' reads a
    map from standard input (an editor's unsaved buffer).

    \b
    Example:
      ecomap check maps/
      ecomap check maps/nio_baas.yaml -q
      ecomap check maps/ --format json
      ecomap check - --stdin-filename maps/x.yaml --format json < maps/x.yaml
    """
    from ecomap import checking

    if maps.count("-") > 1:
        raise click.BadParameter("standard input ('-') can be read only once", param_hint="MAP")
    results: list[checking.FileResult] = []
    for arg in dict.fromkeys(maps):
        if arg == "-":
            from ecomap.mapfile import MAX_BYTES

            data = sys.stdin.buffer.read(MAX_BYTES + 1)
            name = stdin_filename or "<stdin>"
            if maps_only and not checking.looks_like_map(data.decode("utf-8", "replace")):
                results.append(checking.FileResult(name, "skipped"))
                continue
            results.append(checking.check_bytes(data, name))
            continue
        for path in _expand([arg]):
            if maps_only and not _is_map_file(path):
                results.append(checking.FileResult(str(path), "skipped"))
                continue
            results.append(checking.check_file(str(path)))
    if fmt == "json":
        from ecomap.outputs import dump_json  # the text output needs none of the writers

        _out(dump_json(checking.report_json(results)))
    else:
        for result in results:
            for problem in result.problems:
                if quiet and problem.severity != checking.SEVERITY_FAILS:
                    continue
                line = printable(problem.format_line())  # one line, whatever it quotes
                if result.status == "invalid":
                    click.echo(line, err=True)
                else:
                    _out(line)
    sys.exit(EXIT_INVALID if any(r.failed for r in results) else EXIT_OK)


def _is_map_file(path: Path) -> bool:
    from ecomap import checking

    try:
        with open(path, "rb") as f:
            head = f.read(1024 * 1024)  # the `ecomap:` key is near the top of any map
    except OSError:
        return True  # let check_file report why it cannot be read
    return checking.looks_like_map(head.decode("utf-8", "replace"))


# ---------------------------------------------------------------- analyze

@main.command()
@click.argument("map_path", metavar="MAP", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--scenario", default=None, metavar="ID", help="Analyse a scenario of the map.")
@_guard
def analyze(map_path: str, fmt: str, scenario: str | None) -> None:
    """Print the analysis of MAP: revenue, risks, imbalances, compliance, scenarios.

    \b
    Example:
      ecomap analyze maps/nio_baas.yaml
      ecomap analyze maps/aftersales_revenue_model.yaml --format json
      ecomap analyze maps/nio_baas.yaml --scenario catl_exits
    """
    from ecomap import analysis as analysis_mod
    from ecomap.mapfile import kind_of
    from ecomap.outputs import dump_json

    if not Path(map_path).is_file():
        kind = kind_of(map_path)
        raise click.BadParameter(f"{map_path} is {kind}, not a map file" if kind
                                 else f"{map_path}: no such file", param_hint="MAP")
    eco = _load(Path(map_path))
    if scenario and eco.scenario(scenario) is None:
        known = ", ".join(s.id for s in eco.scenarios) or "none defined"
        raise click.BadParameter(f"no scenario {scenario!r} (scenarios: {known})",
                                 param_hint="--scenario")
    if fmt != "json":  # the text is built from an escaped copy: a name prints no lines
        from ecomap.display import for_text

        eco = for_text(eco)
    result = analysis_mod.analyze_scenario(eco, scenario) if scenario \
        else analysis_mod.analyze(eco)
    if fmt == "json":
        _out(dump_json(analysis_mod.to_json(result)))
    else:
        _out(analysis_mod.format_text(result))


# ---------------------------------------------------------------- diff

@main.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True,
              help="text for a terminal, json for tools, markdown for a pull-request comment.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of the output [default: the new map's locale].")
@click.option("--exit-code", "exit_code", is_flag=True,
              help="Exit 1 when the maps differ, 0 when they do not (like git diff).")
@click.option("--from-phase", "from_phase", default=None, metavar="ID",
              help="Compare two roadmap phases of one map: the map as it stands in this "
                   "phase (give one MAP and --to-phase).")
@click.option("--to-phase", "to_phase", default=None, metavar="ID",
              help="The later phase of --from-phase.")
@_guard
def diff(old: str, new: str | None, fmt: str, lang: str | None, exit_code: bool,
         from_phase: str | None, to_phase: str | None) -> None:
    """Show what changed from OLD to NEW, in business terms.

    Participants and flows added, removed or changed, amounts, the focus's revenue, costs and
    margin, money at risk, findings added and resolved, scenarios.

    OLD and NEW are map files or git revision specs REV:PATH, read with `git show` in the
    current folder (HEAD:maps/x.yaml is relative to the repository root, HEAD:./x.yaml to
    the current folder). An argument holding ':' that is not an existing file is a spec.

    Exit status: 0 when both maps are valid (1 with --exit-code if they differ), 1 when a map
    is invalid (its problems printed as path:line:col), 2 for wrong use (no such file,
    unknown revision, not a git repository).

    \b
    Example:
      ecomap diff HEAD~1:maps/nio_baas.yaml maps/nio_baas.yaml
      ecomap diff main:maps/nio_baas.yaml maps/nio_baas.yaml --format markdown > comment.md
      ecomap diff old.yaml new.yaml --format json
      ecomap diff HEAD:./x.yaml x.yaml --exit-code    # CI: fail when the map changed
      ecomap diff --from-phase stop_loss --to-phase build maps/transformation_roadmap.yaml
    """
    from ecomap.errors import EcomapError
    from ecomap.phase_view import in_phase
    from ecomap.revisions import RevisionError, load

    phases = from_phase is not None or to_phase is not None
    if phases and (from_phase is None or to_phase is None):
        raise click.UsageError("--from-phase and --to-phase go together")
    if phases and new is not None:
        raise click.UsageError("with --from-phase and --to-phase give one MAP, not two")
    if not phases and new is None:
        raise click.UsageError("Missing argument 'NEW'.")
    versions: list[Ecosystem] = []
    invalid: list[str] = []
    for which, arg in (("OLD", old), ("NEW", new)) if new is not None else (("MAP", old),):
        try:
            versions.append(load(arg))
        except RevisionError as exc:
            _fail(f"error: {which}: {exc}", EXIT_USAGE)
        except EcomapError as exc:  # report both maps' problems, then fail once
            invalid.append(str(exc))
    if invalid:
        _fail("\n".join(invalid), EXIT_INVALID)
    phase_pair = None
    if from_phase is not None and to_phase is not None:
        phase_pair = _phase_pair(versions[0], from_phase, to_phase)
        versions = [in_phase(versions[0], p.id) for p in phase_pair]

    from ecomap import diff as diff_mod

    if fmt != "json":  # text and Markdown are built from escaped copies (see display.py)
        from ecomap.display import for_text

        versions = [for_text(v) for v in versions]
    result = diff_mod.diff_maps(versions[0], versions[1], phase_pair)
    if fmt == "json":
        from ecomap.outputs import dump_json

        _out(dump_json(diff_mod.to_json(result, lang)))
    elif fmt == "markdown":
        _out(diff_mod.format_markdown(result, lang), nl=False)
    else:
        _out(diff_mod.format_text(result, lang), nl=False)
    sys.exit(EXIT_INVALID if exit_code and result.changed else EXIT_OK)


def _phase_pair(eco: Ecosystem, first: str, second: str) -> tuple[Phase, Phase]:
    """The two phases ``diff`` compares; an unknown phase is wrong use."""
    for option, phase in (("--from-phase", first), ("--to-phase", second)):
        if phase not in eco.phase_order:
            known = ", ".join(p.id for p in eco.phases) or "none defined"
            raise click.BadParameter(f"no phase {phase!r} (phases: {known})",
                                     param_hint=option)
    return eco.phases[eco.phase_order[first]], eco.phases[eco.phase_order[second]]


# ---------------------------------------------------------------- new

@main.command()
@click.argument("name", metavar="NAME")
@click.option("--template", type=click.Choice(sorted(TEMPLATES)), default="five-layer",
              show_default=True, help="The starter's structure. " + " ".join(
                  f"{name}: {about}." for name, about in sorted(TEMPLATES.items())))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the comments, names and report.")
@click.option("--title", default=None, metavar="TEXT",
              help="The map's title [default: the file name].")
@_guard
def new(name: str, template: str, lang: str, title: str | None) -> None:
    """Write a commented starter map to NAME.yaml; never overwrites a file.

    .yaml is added unless NAME ends in .yaml or .yml. The starter is valid, passes
    `ecomap check` and renders; its comments explain every section and field.

    \b
    Example:
      ecomap new maps/aftersales
        → maps/aftersales.yaml (Chinese comments and names)
      ecomap new maps/aftersales.yaml --lang en --title "After-sales ecosystem"
      ecomap new maps/fleet --template five-layer
    """
    from ecomap.scaffold import ScaffoldError, create, starter

    try:
        plan = starter(name, template, lang, title)
        create(plan.path, plan.text.encode("utf-8"))
    except ScaffoldError as exc:
        _fail(f"error: {exc}", EXIT_USAGE)
    except FileExistsError:
        _fail(f"error: {plan.path} already exists; ecomap new never overwrites a file "
              "(choose another NAME or remove the file first)", EXIT_INVALID)
    _out(str(plan.path))
    import shlex

    from ecomap.i18n import Words

    say = Words(lang).say
    shown = shlex.quote(str(plan.path))  # a command to copy: quoted when the name needs it
    steps = f"  ecomap check {shown}\n  ecomap render {shown}"
    schema_file = plan.path.parent / "ecomap.schema.json"
    if not schema_file.exists():  # the map's first line points the editor at this file
        steps += f"\n  ecomap schema > {shlex.quote(str(schema_file))}   {say('new.schema_step')}"
    click.echo(f"{say('new.next')}\n{steps}", err=True)


# ---------------------------------------------------------------- import

@main.command("import")
@click.argument("sources", nargs=-1, required=True, metavar="FILE...",
                type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", "out", required=True, metavar="MAP",
              help="The map file to write (never overwritten).")
@click.option("--focus", default=None, metavar="ID",
              help="The focus participant (an id or a name) [default: the first internal "
                   "participant, else the first row].")
@click.option("--title", default=None, metavar="TEXT", help="[default: the map's file name]")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the comments and the report.")
@_guard
def import_(sources: tuple[str, ...], out: str, focus: str | None, title: str | None,
            lang: str) -> None:
    """Make a map from a spreadsheet: an .xlsx workbook, or .csv files.

    One table of participants (one row each) and one of flows, with the map's field names as
    column headers (Chinese headers too: 名称, 层, 角色, 从, 到, 类型, 标签, 金额…), as in Kumu's
    Elements and Connections. Sheets are found by name (participants/参与者, flows/价值流)
    or by their columns. Bad cells are reported as path:sheet!B7: error: message.

    \b
    Example:
      ecomap import partners.xlsx -o maps/partners.yaml --focus aftersales
      ecomap import participants.csv flows.csv -o maps/partners.yaml
    """
    from ecomap.importer import ImportError_, build_map, read_tables
    from ecomap.scaffold import ScaffoldError, create, default_title, target_path

    try:
        path = target_path(out)
        text = build_map(read_tables(Path(s) for s in sources), focus,
                         title or default_title(path), lang)
        create(path, text.encode("utf-8"))
    except ImportError_ as exc:
        _fail(str(exc), EXIT_INVALID)
    except ScaffoldError as exc:
        _fail(f"error: {exc}", EXIT_USAGE)
    except FileExistsError:
        _fail(f"error: {out} already exists; ecomap import never overwrites a file",
              EXIT_INVALID)
    click.echo(str(path))


# ---------------------------------------------------------------- export

@main.command()
@click.argument("map_path", metavar="MAP", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["xlsx"]), default="xlsx", show_default=True,
              help="xlsx: an Excel workbook (pip install 'ecomap[xlsx]').")
@click.option("-o", "--output", "out", default=None, metavar="FILE",
              help="The workbook to write (.xlsx; replaced atomically, never the map) "
                   "[default: output/<map>/<map>.xlsx, beside the render's outputs].")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of the sheet names and headers [default: the map's locale].")
@_guard
def export(map_path: str, fmt: str, out: str | None, lang: str | None) -> None:
    """Write MAP and its analysis as a spreadsheet.

    The sheets participants and flows (参与者, 价值流 in Chinese) hold the map, one row each,
    with the map's field names as headers: `ecomap import` reads them back. The other sheets
    are the analysis: money in/out/net per participant, flows per year, revenue, loss
    simulation, risks, findings, scenarios. What the sheets cannot carry back (risks,
    scenarios, phases, scores…) is named on stderr.

    \b
    Example:
      ecomap export maps/nio_baas.yaml
        → output/nio_baas/nio_baas.xlsx
      ecomap export maps/nio_baas.yaml -o partners.xlsx --lang en
    """
    from ecomap.analysis import analyze
    from ecomap.i18n import WORKBOOK, pick_lang
    from ecomap.mapfile import kind_of
    from ecomap.outputs import output_folder, replace_file, write_atomic
    from ecomap.spreadsheet import export_xlsx, import_command, not_carried_text

    path = Path(map_path)
    if not path.is_file():
        kind = kind_of(map_path)
        raise click.BadParameter(f"{map_path} is {kind}, not a map file" if kind
                                 else f"{map_path}: no such file", param_hint="MAP")
    if out is not None and Path(out).suffix.lower() != f".{fmt}":
        raise click.BadParameter(f"{out}: the workbook's name must end in .{fmt}",
                                 param_hint="-o")
    eco = _load(path)
    language = pick_lang(lang, eco.locale)
    if out is None:
        folder = output_folder(Path("output"), eco.name, str(path))
        target = folder / f"{eco.name}.{fmt}"
        data = export_xlsx(analyze(eco), language, target.name)
        write_atomic(folder, {target.name: data}, protect=path)
    else:
        target = Path(out)
        replace_file(target, export_xlsx(analyze(eco), language, target.name), protect=path)
    _out(printable(str(target)))
    words = WORKBOOK[language]
    missing = not_carried_text(eco, language)
    if missing:
        click.echo(printable(words["stderr_not_carried"].format(file=path, items=missing)),
                   err=True)
    click.echo(printable(words["stderr_import"].format(
        command=import_command(eco, str(target)))), err=True)


# ---------------------------------------------------------------- schema

@main.command()
@_guard
def schema() -> None:
    """Print the JSON Schema of the map format (for editors and CI).

    \b
    Example:
      ecomap schema > ecomap.schema.json
    """
    from importlib.resources import files

    text = files("ecomap").joinpath("schema/ecomap.schema.json").read_text(encoding="utf-8")
    _out(text, nl=not text.endswith("\n"))


if __name__ == "__main__":  # pragma: no cover
    main()
