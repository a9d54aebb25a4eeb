"""``ecomap diff`` for a terminal: a headline, then one section per kind of change."""

from __future__ import annotations

from ecomap.analysis.findings import Finding
from ecomap.analysis.revenue import MARGIN_NOTES
from ecomap.diff.compare import Change, MapDiff
from ecomap.diff.phrases import ROWS, Phrases


def _changes(w: Phrases, changes: tuple[Change, ...]) -> str:
    sep = "；" if w.zh else "; "
    colon = "：" if w.zh else ": "
    return sep.join(f"{w.field(c.field)}{colon}{w.value(c.field, c.old, 'old')} → "
                    f"{w.value(c.field, c.new, 'new')}" for c in changes)


def headline(w: Phrases) -> list[str]:
    """Title, the two versions, revenue old → new, and the counts."""
    d = w.diff
    out = [f"ecomap diff：{d.new.eco.title}" if w.zh else f"ecomap diff: {d.new.eco.title}"]
    out.append(w.t(f"旧版：{d.old.eco.path}", f"old: {d.old.eco.path}"))
    out.append(w.t(f"新版：{d.new.eco.path}", f"new: {d.new.eco.path}"))
    if not d.changed:
        return [*out, "", w.no_change()]
    out.append("")
    out.append(w.t(f"年收入 {w.delta(d.revenue.total)}",
                   f"annual revenue {w.delta(d.revenue.total)}"))
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
    colon = "：" if w.zh else ": "

    def section(zh: str, en: str, lines: list[str]) -> None:
        if lines:
            out.extend(["", f"== {w.t(zh, en)} =="])
            out.extend(lines)

    def capped(lines: list[str]) -> list[str]:
        return lines if len(lines) <= ROWS else [*lines[:ROWS], "  " + w.more(len(lines) - ROWS)]

    section("地图", "Map", [f"  {w.field(c.field)}{colon}{w.value(c.field, c.old, 'old')} → "
                          f"{w.value(c.field, c.new, 'new')}" for c in diff.map_changes])

    lines = [f"  + {p.name}（{p.id}）· {w.participant(p, 'new')}" if w.zh else
             f"  + {p.name} ({p.id}) · {w.participant(p, 'new')}"
             for p in diff.participants_added]
    lines += [f"  − {p.name}（{p.id}）· {w.participant(p, 'old')}" if w.zh else
              f"  − {p.name} ({p.id}) · {w.participant(p, 'old')}"
              for p in diff.participants_removed]
    lines += [f"  ~ {c.new.name}（{c.id}）{colon}{_changes(w, c.changes)}" if w.zh else
              f"  ~ {c.new.name} ({c.id}){colon}{_changes(w, c.changes)}"
              for c in diff.participants_changed]
    section("参与者", "Participants", capped(lines))

    lines = []
    for f in diff.flows_added:
        annual = diff.new.ctx.annual(f)
        money = f"{colon}{w.money(annual)}{w.t('/年', '/yr')}" if annual is not None else ""
        lines.append(f"  + {w.flow(f, 'new')}{money}")
    for f in diff.flows_removed:
        annual = diff.old.ctx.annual(f)
        money = f"{colon}{w.money(annual, 'old')}{w.t('/年', '/yr')}" if annual is not None \
            else ""
        lines.append(f"  − {w.flow(f, 'old')}{money}")
    for c in diff.flows_changed:
        line = f"  ~ {w.flow(c.new, 'new')}"
        if c.annual.changed:
            shown = w.delta(c.annual, w.unquantified())
            line += w.t(f"{colon}年化 {shown}", f"{colon}annual {shown}")
        lines.append(f"{line}\n      {_changes(w, c.changes)}")  # one entry, two lines
    section("价值流", "Flows", capped(lines))

    rev = diff.revenue
    if rev.changed:
        focus = w.name(diff.new.eco.focus)
        lines = [w.t(f"  年收入 {w.delta(rev.total)}", f"  revenue {w.delta(rev.total)}")]
        lines += [f"    {w.category(cat)}{colon}{w.delta(d)}"
                  for cat, d in rev.by_category.items() if d.changed]
        if rev.costs.changed:
            lines.append(w.t(f"  成本 {w.delta(rev.costs)}", f"  costs {w.delta(rev.costs)}"))
        if rev.net.changed:
            lines.append(w.t(f"  净额 {w.delta(rev.net)}", f"  net {w.delta(rev.net)}"))
        if rev.margin.changed:
            # Why a margin is a bound or unknown, said where the figure is (never a bare 100%).
            why = MARGIN_NOTES[w.t("zh", "en")].get(diff.new.revenue.margin_note or "", "")
            why = w.t(f"；新版{why}", f"; new: {why}") if why else ""
            lines.append(w.t(f"  利润率 {w.margin(rev.margin)}{why}",
                             f"  margin {w.margin(rev.margin)}{why}"))
        section(f"钱从哪里来（焦点：{focus}，每年）",
                f"Where the money comes from (focus: {focus}, a year)", lines)

    section("风险：谁流失损失最大", "Risks: whose loss costs most", [
        w.t(f"  {e.name}{colon}{w.delta(e.money_at_risk)}，排名 {w.rank(e.old_rank, e.new_rank)}",
            f"  {e.name}{colon}{w.delta(e.money_at_risk)}, rank "
            f"{w.rank(e.old_rank, e.new_rank)}")
        for e in diff.loss])

    section("检查发现（+ 新增，✓ 已解决）", "Findings (+ new, ✓ resolved)",
            _findings(w, diff.findings_added, "+") + _findings(w, diff.findings_resolved, "✓"))

    lines = [f"  + {r.name}（{r.id}）" if w.zh else f"  + {r.name} ({r.id})"
             for r in diff.risks_added]
    lines += [f"  − {r.name}（{r.id}）" if w.zh else f"  − {r.name} ({r.id})"
              for r in diff.risks_removed]
    lines += [f"  ~ {c.new.name}（{c.new.id}）{colon}{_changes(w, c.changes)}" if w.zh else
              f"  ~ {c.new.name} ({c.new.id}){colon}{_changes(w, c.changes)}"
              for c in diff.risks_changed]
    section("已识别风险", "Declared risks", lines)

    lines = [f"  + {s.id} {s.name}" for s in diff.scenarios_added]
    lines += [f"  − {s.id} {s.name}" for s in diff.scenarios_removed]
    lines += [f"  ~ {s.id} {s.name}{colon}{w.scenario(s)}" for s in diff.scenarios_changed]
    section("情景", "Scenarios", lines)
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
