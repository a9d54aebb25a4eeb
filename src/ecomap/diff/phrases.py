"""The words ``ecomap diff`` shows in text and Markdown: field names, values, money, in zh or en."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ecomap.amounts import Amount, Value, format_number
from ecomap.analysis.core import Analysis
from ecomap.diff.compare import Delta, MapDiff, ScenarioDiff, margin_points
from ecomap.i18n import Words
from ecomap.model import (
    QUALITY_FIELDS,
    SCREENING_FIELDS,
    Flow,
    Participant,
    QualityReview,
    Screening,
)

# A changed field's value shown with its code table (the rest are names, numbers or text).
CODE_FIELDS = {"partner_type": "partner_type", "kind": "kind", "category": "category",
               "sensitivity": "sensitivity", "likelihood": "level", "impact": "level",
               "region": "region"}
# Per list: enough for a pull request; the JSON has everything. Error findings are never cut.
ROWS = 30
TEXT_SHOWN = 120  # characters of a changed note or description; the JSON has all of it


@dataclass(frozen=True)
class Phrases:
    """Formatting for one diff in one language; ``side`` is "old" or "new" (names, layers and
    the currency come from that version)."""

    diff: MapDiff
    loc: str

    @property
    def words(self) -> Words:
        return Words(self.loc)

    def say(self, key: str, **params: object) -> str:
        """The diff sentence ``key`` (ecomap.i18n.diff_messages) in this diff's language."""
        return self.words.say(key, **params)

    def join(self, items: list[str], sep: str = "list") -> str:
        return self.words.join(items, sep)

    def analysis(self, side: str) -> Analysis:
        return self.diff.old if side == "old" else self.diff.new

    # ------------------------------------------------------------ header

    def title(self) -> str:
        """``ecomap diff：标题``, with ``（阶段 A → B）`` when it compares two phases of a map."""
        title = self.diff.new.eco.title
        if self.diff.phases is None:
            return self.say("diff.title", title=title)
        old, new = self.diff.phases
        return self.say("diff.title_phases", title=title, old=old.name, new=new.name)

    def phase(self, side: str) -> str | None:
        """``阶段 紧急止血（stop_loss，第 0–6 月）``: the phase a side stands in, or None."""
        if self.diff.phases is None:
            return None
        p = self.diff.phases[0 if side == "old" else 1]
        return self.say("diff.phase", name=p.name, id=p.id, start=p.start, end=p.end)

    def version(self, side: str, path: str) -> str:
        """A side's line of the header: its source (already formatted), then its phase."""
        phase = self.phase(side)
        return path if phase is None else self.say("diff.with_phase", version=path, phase=phase)

    # ------------------------------------------------------------ words

    def field(self, name: str) -> str:
        return self.words.label("field", name)

    def none(self) -> str:
        return self.say("diff.none")

    def name(self, pid: str, side: str = "new") -> str:
        p = self.analysis(side).eco.participants_by_id.get(pid)
        return p.name if p is not None else self.diff.name(pid)

    def layer(self, lid: str, side: str = "new") -> str:
        for layer in self.analysis(side).eco.layers:
            if layer.id == lid:
                return layer.name
        return lid

    def kind(self, kind: str) -> str:
        return self.words.label("kind", kind)

    def category(self, category: str) -> str:
        return self.words.label("category", category)

    def severity(self, severity: str) -> str:
        return self.words.label("severity", severity)

    def count(self, f: Fraction | int) -> str:
        return format_number(Fraction(f), self.loc)

    def share(self, shares: tuple[Value, ...]) -> str:
        def one(s: Value) -> str:
            low, high = f"{float(s.low) * 100:g}", f"{float(s.high) * 100:g}"
            return f"{low}%" if low == high else f"{low}–{high}%"  # a range: 5–10%
        return " × ".join(one(s) for s in shares)

    def screening(self, s: Screening) -> str:
        """``服务质量 4.5 · 覆盖范围 4 · … → 4.23``."""
        parts = " · ".join(f"{self.words.label('screening', k)} {float(getattr(s, k)):g}"
                           for k in SCREENING_FIELDS)
        return f"{parts} → {float(s.weighted):.2f}"

    def quality(self, q: QualityReview) -> str:
        """``客户满意度 4.9 · … · 投诉率 0.3% → 4.79 银牌``."""
        parts = [f"{self.words.label('quality', k)} {float(getattr(q, k)):g}"
                 for k in QUALITY_FIELDS]
        parts.append(self.say("diff.complaint_rate", rate=f"{float(q.complaint_rate * 100):g}%"))
        return f"{' · '.join(parts)} → {float(q.rating):.2f} {self.words.label('tier', q.tier)}"

    def value(self, field: str, value: object, side: str) -> str:
        """A field's value for people: names for ids, local words for codes."""
        if value is None or value == "" or value == ():
            return self.none()
        if isinstance(value, bool):
            return self.say("diff.yes") if value else self.say("diff.no")
        if field == "layer" and isinstance(value, str):
            return self.layer(value, side)
        if field in ("source", "target", "focus") and isinstance(value, str):
            return self.name(value, side)
        if field == "about" and isinstance(value, tuple):
            return self.join([self.name(str(p), side) for p in value])
        if field in CODE_FIELDS:
            return self.words.label(CODE_FIELDS[field], str(value))
        if field == "share" and isinstance(value, tuple):
            return self.share(value)
        if field == "layers" and isinstance(value, tuple):
            return " / ".join(self.say("diff.named_id", name=name, id=lid) for lid, name in value)
        if field == "checks" and isinstance(value, tuple):
            return ", ".join(f"{k}: {v}" for k, v in value)
        if isinstance(value, Amount):
            return value.text
        if isinstance(value, Screening):
            return self.screening(value)
        if isinstance(value, QualityReview):
            return self.quality(value)
        if isinstance(value, (Fraction, int)):
            return self.count(value)
        if isinstance(value, tuple):
            return self.join([str(x) for x in value])
        return self.line(str(value))

    @staticmethod
    def line(text: str) -> str:
        """Free text (a note, a description) on one line, cut after TEXT_SHOWN characters."""
        text = " ".join(text.split())
        return text if len(text) <= TEXT_SHOWN else text[:TEXT_SHOWN - 1] + "…"

    # ------------------------------------------------------------ money

    def money(self, v: Value | None, side: str = "new", missing: str = "—") -> str:
        if v is None:
            return missing
        return self.analysis(side).ctx.money(v, self.loc)

    def unquantified(self) -> str:
        """A money flow's annual value where it has no amount."""
        return self.say("diff.unquantified")

    def signed(self, v: Value | None, side: str = "new") -> str:
        """A figure with its sign: +500万元, -1.2亿元, ±0."""
        if v is None:
            return "—"
        if v.is_zero():
            return "±0"
        text = self.money(v, side)
        return "+" + text if v.low >= 0 else text  # ctx.money writes the minus itself

    def change(self, v: Value | None) -> str:
        """A delta between the versions: signed, or — where the currencies differ."""
        return self.signed(v) if self.diff.money_comparable else "—"

    def delta(self, d: Delta, missing: str = "—") -> str:
        """``old → new（delta）`` for a money figure; ``missing`` stands for None."""
        return self.say("diff.delta", old=self.money(d.old, "old", missing),
                        new=self.money(d.new, "new", missing), delta=self.change(d.delta))

    def scenario(self, s: ScenarioDiff) -> str:
        """How a scenario's effect moved: its revenue and net deltas, old → new."""
        parts = [self.say(key, old=self.signed(d.old, "old"), new=self.signed(d.new))
                 for key, d in (("diff.scenario.revenue", s.revenue_delta),
                                ("diff.scenario.net", s.net_delta)) if d.changed]
        return self.join(parts, "clauses")

    def pct(self, v: Value | None) -> str:
        if v is None:
            return "—"
        low, high = f"{float(v.low):.1%}", f"{float(v.high):.1%}"
        return low if low == high else f"{low}–{high}"

    def points(self, d: Delta) -> str:
        """A margin's change in percentage points."""
        p = margin_points(d)
        if p is None:
            return "—"
        low, high = f"{float(p.low):+.1f}", f"{float(p.high):+.1f}"
        if low != high and p.low >= 0:
            high = high.lstrip("+")  # +0.2–0.5, as money deltas read
        text = low if low == high else f"{low}–{high}"
        return self.say("diff.points", points=text)

    def margin(self, d: Delta) -> str:
        return self.say("diff.delta", old=self.pct(d.old), new=self.pct(d.new),
                        delta=self.points(d))

    # ------------------------------------------------------------ things

    def flow(self, f: Flow, side: str) -> str:
        """``保险公司 → 售后服务中心 · 资金流 · 保险佣金``."""
        return (f"{self.name(f.source, side)} → {self.name(f.target, side)} · "
                f"{self.kind(f.kind)} · {self.line(f.label)}")

    def participant(self, p: Participant, side: str) -> str:
        bits = [self.layer(p.layer, side)]
        if p.partner_type:
            bits.append(self.words.label("partner_type", p.partner_type))
        if p.internal:
            bits.append(self.say("diff.internal"))
        if p.role:
            bits.append(p.role)
        return " · ".join(bits)

    def rank(self, old: int | None, new: int | None) -> str:
        def one(r: int | None) -> str:
            return "—" if r is None else str(r)
        return one(old) if old == new else f"{one(old)} → {one(new)}"

    def more(self, hidden: int) -> str:
        return self.say("more", n=hidden)

    def counts(self) -> str:
        """How many of each: participants and flows added/removed/changed, findings."""
        d = self.diff
        p = (len(d.participants_added), len(d.participants_removed),
             len(d.participants_changed))
        f = (len(d.flows_added), len(d.flows_removed), len(d.flows_changed))
        return self.say("diff.counts", pa=p[0], pr=p[1], pc=p[2], fa=f[0], fr=f[1], fc=f[2],
                        na=len(d.findings_added), nr=len(d.findings_resolved))

    def no_change(self) -> str:
        return self.say("diff.no_change")

    def currency_note(self) -> str:
        old, new = self.diff.old.eco.currency, self.diff.new.eco.currency
        return self.say("diff.currency_note", old=old, new=new)
