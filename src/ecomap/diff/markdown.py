"""``ecomap diff --format markdown``: a headline and tables, to paste into a pull-request comment.

Every piece of map text is escaped for Markdown (and for the HTML that GitHub and GitLab let
through), so a label cannot break a table, open a link or inject markup.
"""

from __future__ import annotations

import re

from ecomap.diff.compare import Change, Delta, MapDiff
from ecomap.diff.phrases import ROWS, Phrases

# Inside a table cell only these can start markup ("#", "-", "+" matter at a line start only,
# "!" and "(" only next to "[" and "]").
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_AUTOLINK = re.compile(r"(?i)(:(?=//)|\bwww(?=\.))")


def md(text: str) -> str:
    """Plain text for a Markdown table cell: one line, markup characters escaped."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # "@name" in a pull-request comment notifies that person: a word joiner after the "@"
    # keeps it from being read as a mention and still shows as "@name".
    text = text.replace("@", "@\u2060")
    # A bare URL would become a live link (GitHub's autolinks): a word joiner after "://" and
    # "www" breaks the pattern and still shows the text as written.
    text = _AUTOLINK.sub("\\1\u2060", text)
    return _SPECIAL.sub(r"\\\1", text)


def code(text: str) -> str:
    """An id, check or path in a code span (escaped text where a backtick would break it)."""
    if "`" in text or "|" in text or "\n" in text:
        return md(text)
    return f"`{text}`"


def _table(header: list[str], rows: list[list[str]], w: Phrases, always: int = 0) -> list[str]:
    """A GitHub table; rows past ROWS are cut (the first ``always`` rows never are)."""
    shown = rows if len(rows) <= max(ROWS, always) else rows[:max(ROWS, always)]
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in shown]
    if len(rows) > len(shown):
        out.append("")
        out.append(md(w.more(len(rows) - len(shown))))
    return out


def _changes(w: Phrases, changes: tuple[Change, ...]) -> str:
    return "<br>".join(w.say("diff.change", field=md(w.field(c.field)),
                             old=md(w.value(c.field, c.old, "old")),
                             new=md(w.value(c.field, c.new, "new"))) for c in changes)


def _money_row(w: Phrases, label: str, d: Delta) -> list[str]:
    return [label, md(w.money(d.old, "old")), md(w.money(d.new)), f"**{md(w.change(d.delta))}**"]


def format_markdown(diff: MapDiff, locale: str | None = None) -> str:
    """The pull-request comment, in the new map's language (or ``locale``)."""
    w = Phrases(diff, locale or diff.new.eco.locale)
    say = w.say

    def cols(*names: str) -> list[str]:
        return [say(f"diff.col.{n}") for n in names]
    new, old = diff.new, diff.old
    out = [f"### {md(w.title())}", ""]
    versions = f"{code(old.eco.path)} → {code(new.eco.path)}"
    if diff.phases is not None:  # one map: its path once, then the two phases
        versions = f"{code(new.eco.path)} · {md(w.phase('old') or '')} → {md(w.phase('new') or '')}"
    if not diff.changed:
        return "\n".join([*out, versions, "", md(w.no_change())]) + "\n"
    rev = diff.revenue
    errors = sum(f.severity == "error" for f in diff.findings_added)
    head = say("diff.md.revenue", old=md(w.money(rev.total.old, "old")),
               new=md(w.money(rev.total.new)), delta=md(w.change(rev.total.delta)))
    if rev.net.changed:
        head += say("diff.md.net", delta=md(w.change(rev.net.delta)))
    if errors:
        head += say("diff.md.errors", n=errors)
    out += [head, "", f"{versions} · {md(w.counts())}"]
    if not diff.money_comparable:
        out += ["", md(w.currency_note())]

    def section(title: str, lines: list[str]) -> None:
        if lines:
            out.extend(["", f"#### {title}", "", *lines])

    if diff.map_changes:
        section(say("diff.section.map"), _table(
            cols("field", "old", "new"),
            [[md(w.field(c.field)), md(w.value(c.field, c.old, "old")),
              md(w.value(c.field, c.new, "new"))] for c in diff.map_changes], w))

    rows = [[say("diff.row.added"), f"{md(p.name)} {code(p.id)}", md(w.participant(p, "new"))]
            for p in diff.participants_added]
    rows += [[say("diff.row.removed"), f"{md(p.name)} {code(p.id)}", md(w.participant(p, "old"))]
             for p in diff.participants_removed]
    rows += [[say("diff.row.changed"), f"{md(c.new.name)} {code(c.id)}", _changes(w, c.changes)]
             for c in diff.participants_changed]
    if rows:
        section(say("diff.section.participants"), _table(
            cols("change", "participant", "details"), rows, w))

    rows = []
    for f in diff.flows_added:
        a = new.ctx.annual(f)
        rows.append([say("diff.row.added"), md(w.flow(f, "new")), "—", md(w.money(a)),
                     md(w.change(a)) if a is not None else "—", ""])
    for f in diff.flows_removed:
        a = old.ctx.annual(f)
        rows.append([say("diff.row.removed"), md(w.flow(f, "old")), md(w.money(a, "old")), "—",
                     md(w.change(-a)) if a is not None else "—", ""])
    for c in diff.flows_changed:
        missing = w.unquantified() if c.annual.changed else "—"
        rows.append([say("diff.row.changed"), md(w.flow(c.new, "new")),
                     md(w.money(c.annual.old, "old", missing)),
                     md(w.money(c.annual.new, "new", missing)),
                     md(w.change(c.annual.delta)) if c.annual.changed else "",
                     _changes(w, c.changes)])
    if rows:
        section(say("diff.section.flows"), _table(
            cols("change", "flow", "annual_old", "annual_new", "delta", "details"), rows, w))

    if rev.changed:
        rows = [_money_row(w, say("diff.fig.revenue"), rev.total)]
        rows += [_money_row(w, "· " + md(w.category(cat)), d)
                 for cat, d in rev.by_category.items() if d.changed]
        rows += [_money_row(w, say("diff.fig.costs"), rev.costs), _money_row(w, say("diff.fig.net"),
                                                                         rev.net)]
        rows.append([say("diff.fig.margin"), w.pct(rev.margin.old), w.pct(rev.margin.new),
                     f"**{md(w.points(rev.margin))}**"])
        focus = md(w.name(new.eco.focus))
        section(say("diff.section.money", focus=focus),
                _table(cols("figure", "old", "new", "delta"), rows, w))

    if diff.loss:
        section(say("diff.section.loss"), _table(
            cols("participant", "rank", "at_risk_old", "at_risk_new", "delta"),
            [[md(e.name), w.rank(e.old_rank, e.new_rank), md(w.money(e.money_at_risk.old, "old")),
              md(w.money(e.money_at_risk.new)), md(w.change(e.money_at_risk.delta))]
             for e in diff.loss], w))

    # Every error first, new then resolved, so that a cut table still shows all of them.
    marked = [(f, say("diff.row.new")) for f in diff.findings_added]
    marked += [(f, say("diff.row.resolved")) for f in diff.findings_resolved]
    marked.sort(key=lambda fc: fc[0].severity != "error")  # stable: keeps each group's order
    rows = [[change, md(w.severity(f.severity)), code(f.check), md(f.message(w.loc))]
            for f, change in marked]
    if rows:
        kept = sum(f.severity == "error" for f, _ in marked)
        section(say("diff.section.findings_table"), _table(
            cols("change", "severity", "check", "message"), rows, w, always=kept))

    rows = [[say("diff.row.added"), f"{md(r.name)} {code(r.id)}", ""]
            for r in diff.risks_added]
    rows += [[say("diff.row.removed"), f"{md(r.name)} {code(r.id)}", ""]
             for r in diff.risks_removed]
    rows += [[say("diff.row.changed"), f"{md(c.new.name)} {code(c.new.id)}", _changes(w, c.changes)]
             for c in diff.risks_changed]
    if rows:
        section(say("diff.section.risks"), _table(
            cols("change", "risk", "details"), rows, w))

    rows = [[say("diff.row.added"), f"{md(s.name)} {code(s.id)}", ""]
            for s in diff.scenarios_added]
    rows += [[say("diff.row.removed"), f"{md(s.name)} {code(s.id)}", ""]
             for s in diff.scenarios_removed]
    rows += [[say("diff.row.effect_changed"), f"{md(s.name)} {code(s.id)}", md(w.scenario(s))]
             for s in diff.scenarios_changed]
    if rows:
        section(say("diff.section.scenarios"), _table(
            cols("change", "scenario", "details"), rows, w))
    return "\n".join(out) + "\n"

