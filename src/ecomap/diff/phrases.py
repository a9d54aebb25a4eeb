"""The words ``ecomap diff`` shows in text and Markdown: field names, values, money, in zh or en."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ecomap.amounts import Amount, Value, format_number
from ecomap.analysis.core import Analysis
from ecomap.diff.compare import Delta, MapDiff, ScenarioDiff, margin_points
from ecomap.model import SCORE_FIELDS, Flow, Participant, Scores
from ecomap.render import i18n

FIELDS: dict[str, tuple[str, str]] = {
    # participants
    "name": ("名称", "name"), "layer": ("层级", "layer"), "role": ("角色", "role"),
    "partner_type": ("伙伴类型", "partner type"), "internal": ("内部单位", "internal"),
    "region": ("地区", "region"), "count": ("代表数量", "count"), "url": ("链接", "url"),
    "tags": ("标签", "tags"), "note": ("备注", "note"), "scores": ("评分", "scores"),
    # flows
    "id": ("id", "id"), "source": ("来自", "from"), "target": ("流向", "to"),
    "kind": ("类型", "kind"), "label": ("内容", "label"), "amount": ("金额", "amount"),
    "volume": ("数量", "volume"), "share": ("比例", "share"),
    "category": ("收入类别", "category"), "path": ("价值路径", "path"),
    "paths": ("价值路径", "path"), "phase": ("阶段", "phase"),
    "sensitivity": ("敏感级别", "sensitivity"), "consent": ("用户授权", "consent"),
    # risks
    "about": ("涉及", "about"), "likelihood": ("可能性", "likelihood"),
    "impact": ("影响", "impact"), "mitigation": ("应对措施", "mitigation"),
    # the map
    "title": ("标题", "title"), "description": ("描述", "description"),
    "focus": ("焦点", "focus"), "locale": ("语言", "locale"), "currency": ("币种", "currency"),
    "layers": ("层级结构", "layers"), "checks": ("检查设置", "checks"),
}
SCORE_NAMES = {"zh": ("质量", "覆盖", "成本", "协同"),
               "en": ("quality", "coverage", "cost", "integration")}
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
    def zh(self) -> bool:
        return self.loc == "zh"

    def t(self, zh: str, en: str) -> str:
        return zh if self.zh else en

    def analysis(self, side: str) -> Analysis:
        return self.diff.old if side == "old" else self.diff.new

    # ------------------------------------------------------------ words

    def field(self, name: str) -> str:
        zh, en = FIELDS.get(name, (name, name))
        return self.t(zh, en)

    def none(self) -> str:
        return self.t("（无）", "(none)")

    def name(self, pid: str, side: str = "new") -> str:
        p = self.analysis(side).eco.participants_by_id.get(pid)
        return p.name if p is not None else self.diff.name(pid)

    def layer(self, lid: str, side: str = "new") -> str:
        for layer in self.analysis(side).eco.layers:
            if layer.id == lid:
                return layer.name
        return lid

    def kind(self, kind: str) -> str:
        return i18n.label(i18n.KINDS, self.loc, kind)

    def category(self, category: str) -> str:
        return i18n.label(i18n.CATEGORIES, self.loc, category)

    def severity(self, severity: str) -> str:
        return i18n.label(i18n.SEVERITIES, self.loc, severity)

    def count(self, f: Fraction | int) -> str:
        return format_number(Fraction(f), self.loc)

    def share(self, shares: tuple[Value, ...]) -> str:
        def one(s: Value) -> str:
            low, high = f"{float(s.low) * 100:g}", f"{float(s.high) * 100:g}"
            return f"{low}%" if low == high else f"{low}–{high}%"  # a range: 5–10%
        return " × ".join(one(s) for s in shares)

    def scores(self, s: Scores) -> str:
        parts = " · ".join(f"{label} {float(getattr(s, k)):g}"
                           for label, k in zip(SCORE_NAMES[self.loc], SCORE_FIELDS, strict=True))
        tier = i18n.label(i18n.TIERS, self.loc, s.tier)
        return f"{parts} → {float(s.weighted):.2f} {tier}"

    def value(self, field: str, value: object, side: str) -> str:
        """A field's value for people: names for ids, local words for codes."""
        if value is None or value == "" or value == ():
            return self.none()
        if isinstance(value, bool):
            return self.t("是", "yes") if value else self.t("否", "no")
        if field == "layer" and isinstance(value, str):
            return self.layer(value, side)
        if field in ("source", "target", "focus") and isinstance(value, str):
            return self.name(value, side)
        if field == "about" and isinstance(value, tuple):
            return self.t("、", ", ").join(self.name(str(p), side) for p in value)
        if field == "partner_type":
            return i18n.label(i18n.PARTNER_TYPES, self.loc, value)
        if field == "kind":
            return self.kind(str(value))
        if field == "category":
            return self.category(str(value))
        if field == "sensitivity":
            return i18n.label(i18n.SENSITIVITIES, self.loc, value)
        if field in ("likelihood", "impact"):
            return i18n.label(i18n.LEVELS, self.loc, value)
        if field == "region":
            return i18n.label(i18n.REGIONS, self.loc, value)
        if field == "share" and isinstance(value, tuple):
            return self.share(value)
        if field == "layers" and isinstance(value, tuple):
            return " / ".join(f"{name}（{lid}）" if self.zh else f"{name} ({lid})"
                              for lid, name in value)
        if field == "checks" and isinstance(value, tuple):
            return ", ".join(f"{k}: {v}" for k, v in value)
        if isinstance(value, Amount):
            return value.text
        if isinstance(value, Scores):
            return self.scores(value)
        if isinstance(value, (Fraction, int)):
            return self.count(value)
        if isinstance(value, tuple):
            return self.t("、", ", ").join(str(x) for x in value)
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
        return self.t("未量化", "unquantified")

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
        arrow = f"{self.money(d.old, 'old', missing)} → {self.money(d.new, 'new', missing)}"
        return arrow + self.t(f"（{self.change(d.delta)}）", f" ({self.change(d.delta)})")

    def scenario(self, s: ScenarioDiff) -> str:
        """How a scenario's effect moved: its revenue and net deltas, old → new."""
        parts = []
        for label_zh, label_en, d in (("收入变化", "revenue delta", s.revenue_delta),
                                      ("净额变化", "net delta", s.net_delta)):
            if d.changed:
                parts.append(f"{self.t(label_zh, label_en)} {self.signed(d.old, 'old')} → "
                             f"{self.signed(d.new)}")
        return self.t("；", "; ").join(parts)

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
        return self.t(f"{text} 个百分点", f"{text} pts")

    def margin(self, d: Delta) -> str:
        arrow = f"{self.pct(d.old)} → {self.pct(d.new)}"
        return arrow + self.t(f"（{self.points(d)}）", f" ({self.points(d)})")

    # ------------------------------------------------------------ things

    def flow(self, f: Flow, side: str) -> str:
        """``保险公司 → 售后服务中心 · 资金流 · 保险佣金``."""
        return (f"{self.name(f.source, side)} → {self.name(f.target, side)} · "
                f"{self.kind(f.kind)} · {self.line(f.label)}")

    def participant(self, p: Participant, side: str) -> str:
        bits = [self.layer(p.layer, side)]
        if p.partner_type:
            bits.append(i18n.label(i18n.PARTNER_TYPES, self.loc, p.partner_type))
        if p.internal:
            bits.append(self.t("内部", "internal"))
        if p.role:
            bits.append(p.role)
        return " · ".join(bits)

    def rank(self, old: int | None, new: int | None) -> str:
        def one(r: int | None) -> str:
            return "—" if r is None else str(r)
        return one(old) if old == new else f"{one(old)} → {one(new)}"

    def more(self, hidden: int) -> str:
        return self.t(f"…… 另有 {hidden} 项（--format json 可见全部）",
                      f"… {hidden} more (all of them in --format json)")

    def counts(self) -> str:
        """How many of each: participants and flows added/removed/changed, findings."""
        d = self.diff
        p = (len(d.participants_added), len(d.participants_removed),
             len(d.participants_changed))
        f = (len(d.flows_added), len(d.flows_removed), len(d.flows_changed))
        if self.zh:
            return (f"参与者 新增 {p[0]} · 删除 {p[1]} · 修改 {p[2]}；"
                    f"价值流 新增 {f[0]} · 删除 {f[1]} · 修改 {f[2]}；"
                    f"检查发现 新增 {len(d.findings_added)} · 解决 {len(d.findings_resolved)}")
        return (f"participants +{p[0]} −{p[1]} ~{p[2]}; flows +{f[0]} −{f[1]} ~{f[2]}; "
                f"findings {len(d.findings_added)} new, {len(d.findings_resolved)} resolved")

    def no_change(self) -> str:
        return self.t("两个版本在业务上没有变化：参与者、价值流、收入、风险和检查发现都相同。",
                      "No change in business terms: the same participants, flows, revenue, "
                      "risks and findings.")

    def currency_note(self) -> str:
        old, new = self.diff.old.eco.currency, self.diff.new.eco.currency
        return self.t(f"币种从 {old} 改为 {new}，不计算金额差额。",
                      f"The currency changed from {old} to {new}: no money deltas.")
