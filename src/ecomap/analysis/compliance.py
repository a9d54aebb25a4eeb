"""Data compliance: sensitive data leaving the organisation, no consent, data export (SPEC §3)."""

from __future__ import annotations

from ecomap.analysis.base import Context
from ecomap.analysis.findings import Finding, make

SENS_ZH = {"sensitive": "敏感", "desensitized": "脱敏", "public": "公开"}


def check_compliance(ctx: Context) -> list[Finding]:
    """Per data flow:

    - ``compliance.sensitive_data_shared``: ``sensitive`` data from a unit of the focus
      organisation to a participant outside it;
    - ``compliance.no_consent``: ``sensitive`` or ``desensitized`` data leaving the organisation
      without ``consent: true`` (personal data needs the users' authorisation);
    - ``compliance.data_export``: data to an ``overseas`` participant from one that is not
      overseas itself (数据出境 needs a security assessment before it happens).
    """
    found: list[Finding] = []
    eco = ctx.eco
    for f in eco.flows:
        if f.kind != "data":
            continue
        src, dst = eco.participant(f.source), eco.participant(f.target)
        leaves = f.source in ctx.org and f.target not in ctx.org
        label = f.label or f.ref
        if leaves and f.sensitivity == "sensitive":
            found.append(make(
                "compliance.sensitive_data_shared", (f.source, f.target),
                f"敏感数据外流：「{label}」从 {src.name} 流向组织外的 {dst.name}，"
                "应脱敏处理或留在组织内",
                f"sensitive data leaves the organisation: '{label}' goes from {src.name} to "
                f"{dst.name}; desensitize it or keep it inside",
                f.span, [f.ref]))
        if leaves and f.sensitivity in ("sensitive", "desensitized") and f.consent is not True:
            found.append(make(
                "compliance.no_consent", (f.source, f.target),
                f"未经用户授权：{SENS_ZH[f.sensitivity]}数据「{label}」流向 {dst.name}，"
                "缺少 consent: true（用户授权）",
                f"no user consent: {f.sensitivity} data '{label}' goes to {dst.name} "
                "without consent: true",
                f.span, [f.ref]))
        if dst.region == "overseas" and src.region != "overseas":
            found.append(make(
                "compliance.data_export", (f.source, f.target),
                f"数据出境：「{label}」流向境外的 {dst.name}，须先完成数据出境安全评估"
                "（《数据出境安全评估办法》）",
                f"data export: '{label}' goes to {dst.name} overseas; a data-export security "
                "assessment (数据出境安全评估) is required first",
                f.span, [f.ref]))
    return found
