"""Data compliance: sensitive data leaving the organisation, no consent, data export (SPEC §3)."""

from __future__ import annotations

from collections.abc import Iterator

from ecomap.analysis.base import Context
from ecomap.analysis.checks import Hit, check, hit
from ecomap.i18n import Label
from ecomap.model import Flow


def _data_flows(ctx: Context) -> Iterator[Flow]:
    return (f for f in ctx.eco.flows if f.kind == "data")


def _leaves(ctx: Context, f: Flow) -> bool:
    return f.source in ctx.org and f.target not in ctx.org


@check("compliance.sensitive_data_shared", default="error", reads_money=False)
def check_sensitive_data_shared(ctx: Context) -> Iterator[Hit]:
    """``sensitive`` data from a unit of the focus organisation to a participant outside it."""
    for f in _data_flows(ctx):
        if _leaves(ctx, f) and f.sensitivity == "sensitive":
            yield hit((f.source, f.target), f.span, [f.ref], label=f.label or f.ref,
                      source=ctx.name(f.source), target=ctx.name(f.target))


@check("compliance.no_consent", default="error", reads_money=False)
def check_no_consent(ctx: Context) -> Iterator[Hit]:
    """``sensitive`` or ``desensitized`` data leaving the organisation without
    ``consent: true`` (personal data needs the users' authorisation)."""
    for f in _data_flows(ctx):
        if (_leaves(ctx, f) and f.sensitivity in ("sensitive", "desensitized")
                and f.consent is not True):
            yield hit((f.source, f.target), f.span, [f.ref], label=f.label or f.ref,
                      sensitivity=Label("sensitivity", f.sensitivity),
                      target=ctx.name(f.target))


@check("compliance.data_export", default="warning", reads_money=False)
def check_data_export(ctx: Context) -> Iterator[Hit]:
    """Data to an ``overseas`` participant from one that is not overseas itself (数据出境 needs
    a security assessment before it happens)."""
    eco = ctx.eco
    for f in _data_flows(ctx):
        if (eco.participant(f.target).region == "overseas"
                and eco.participant(f.source).region != "overseas"):
            yield hit((f.source, f.target), f.span, [f.ref], label=f.label or f.ref,
                      target=ctx.name(f.target))
