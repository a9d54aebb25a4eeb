"""``ecomap diff`` for a terminal: a headline, then one section per kind of change."""

from __future__ import annotations

from ecomap.analysis.findings import Finding
from ecomap.diff.compare import Change, MapDiff
from ecomap.diff.phrases import ROWS, Phrases
from ecomap.i18n import Label


def change_line(w: Phrases, c: Change) -> str:
    """``字段：旧 → 新`` / ``field: old → new``."""
    return w.say("diff.change", field=w.field(c.field), old=w.value(c.field, c.old, "old"),
                 new=w.value(c.field, c.new, "new"))


def _changes(w: Phrases, changes: tuple[Change, ...]) -> str:
    return w.join([change_line(w, c) for c in changes], "clauses")


def headline(w: Phrases) -> list[str]:
    """Title, the two versions (and their phases), revenue old → new, and the counts."""
    d = w.diff
    out = [w.title()]
    out.append(w.version("old", w.say("diff.old", path=d.old.eco.path)))
    out.append(w.version("new", w.say("diff.new", path=d.new.eco.path)))
    if not d.changed:
        return [*out, "", w.no_change()]
    out.append("")
    out.append(w.say("diff.headline_revenue", delta=w.delta(d.revenue.total)))
    out.append(w.counts())
    if not d.money_comparable:
        out.append(w.currency_note())
    return out


def format_text(diff: MapDiff, locale: str | None = None) -> str:
    """What a reviewer reads in a terminal, in the new map's language (or ``locale``)."""
    w = Phrases(diff, locale or diff.new.eco.locale)
    out = headline(w)
    if not diff.changed:
        return "\n".join(out) + "\n"

    def section(key: str, lines: list[str], **params: object) -> None:
        if lines:
            out.extend(["", f"== {w.say(key, **params)} =="])
            out.extend(lines)

    def capped(lines: list[str]) -> list[str]:
        return lines if len(lines) <= ROWS else [*lines[:ROWS], "  " + w.more(len(lines) - ROWS)]

    def named(name: str, id_: str) -> str:
        return w.say("diff.named_id", name=name, id=id_)

    def pair(a: str, b: str) -> str:
        return w.say("diff.pair", a=a, b=b)

    section("diff.section.map", ["  " + change_line(w, c) for c in diff.map_changes])

    lines = ["  + " + w.say("diff.named_details", name=p.name, id=p.id,
                            details=w.participant(p, "new")) for p in diff.participants_added]
    lines += ["  − " + w.say("diff.named_details", name=p.name, id=p.id,
                             details=w.participant(p, "old")) for p in diff.participants_removed]
    lines += [f"  ~ {pair(named(c.new.name, c.id), _changes(w, c.changes))}"
              for c in diff.participants_changed]
    section("diff.section.participants", capped(lines))

    lines = []
    for f in diff.flows_added:
        annual = diff.new.ctx.annual(f)
        money = w.say("diff.flow_money", money=w.money(annual)) if annual is not None else ""
        lines.append(f"  + {w.flow(f, 'new')}{money}")
    for f in diff.flows_removed:
        annual = diff.old.ctx.annual(f)
        money = (w.say("diff.flow_money", money=w.money(annual, "old")) if annual is not None
                 else "")
        lines.append(f"  − {w.flow(f, 'old')}{money}")
    for c in diff.flows_changed:
        line = f"  ~ {w.flow(c.new, 'new')}"
        if c.annual.changed:
            line += w.say("diff.flow_annual", shown=w.delta(c.annual, w.unquantified()))
        lines.append(f"{line}\n      {_changes(w, c.changes)}")  # one entry, two lines
    section("diff.section.flows", capped(lines))

    rev = diff.revenue
    if rev.changed:
        lines = ["  " + w.say("diff.rev.total", value=w.delta(rev.total))]
        lines += [f"    {pair(w.category(cat), w.delta(d))}"
                  for cat, d in rev.by_category.items() if d.changed]
        if rev.costs.changed:
            lines.append("  " + w.say("diff.rev.costs", value=w.delta(rev.costs)))
        if rev.net.changed:
            lines.append("  " + w.say("diff.rev.net", value=w.delta(rev.net)))
        if rev.margin.changed:
            # Why a margin is a bound or unknown, said where the figure is (never a bare 100%).
            note = diff.new.revenue.margin_note
            why = w.say("diff.rev.margin.why", note=Label("margin_note", note)) if note else ""
            lines.append("  " + w.say("diff.rev.margin", value=w.margin(rev.margin), why=why))
        section("diff.section.money", lines, focus=w.name(diff.new.eco.focus))

    section("diff.section.loss", [
        "  " + w.say("diff.loss", name=e.name, delta=w.delta(e.money_at_risk),
                     rank=w.rank(e.old_rank, e.new_rank))
        for e in diff.loss])

    section("diff.section.findings",
            _findings(w, diff.findings_added, "+") + _findings(w, diff.findings_resolved, "✓"))

    lines = [f"  + {named(r.name, r.id)}" for r in diff.risks_added]
    lines += [f"  − {named(r.name, r.id)}" for r in diff.risks_removed]
    lines += [f"  ~ {pair(named(c.new.name, c.new.id), _changes(w, c.changes))}"
              for c in diff.risks_changed]
    section("diff.section.risks", lines)

    lines = [f"  + {s.id} {s.name}" for s in diff.scenarios_added]
    lines += [f"  − {s.id} {s.name}" for s in diff.scenarios_removed]
    lines += [f"  ~ {pair(f'{s.id} {s.name}', w.scenario(s))}" for s in diff.scenarios_changed]
    section("diff.section.scenarios", lines)
    return "\n".join(out) + "\n"


def _findings(w: Phrases, findings: tuple[Finding, ...], mark: str) -> list[str]:
    """One line per finding; ``+`` new, ``✓`` resolved. Errors are never cut."""
    lines = []
    hidden = 0
    for n, f in enumerate(findings):
        if n >= ROWS and f.severity != "error":
            hidden += 1
            continue
        where = f"  ({f.where})" if f.where else ""
        lines.append(f"  {mark} [{w.severity(f.severity)}] {f.check}  {f.message(w.loc)}{where}")
    if hidden:
        lines.append("  " + w.more(hidden))
    return lines
