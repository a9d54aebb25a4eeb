"""``model.deprecated_key``: a documented key an older map still uses. The map is read as
before (validate migrates it); this says where, and what to write instead."""

from __future__ import annotations

from collections.abc import Iterator

from ecomap.analysis.base import Context
from ecomap.analysis.checks import Hit, check, hit
from ecomap.i18n import Phrase


@check("model.deprecated_key", default="warning")
def check_deprecated_keys(ctx: Context) -> Iterator[Hit]:
    """One finding per deprecated key, at the key: ``scores`` is 第2步 伙伴筛选 under its old
    name, and no longer gives a tier (机制3's ``quality`` does)."""
    known = ctx.eco.participants_by_id
    for d in ctx.eco.deprecations:
        # on a participant a scenario adds, the subject is not on the base map's diagram
        subjects = (d.subject,) if d.subject in known else ()
        name = known[d.subject].name if d.subject in known else d.subject
        yield hit(subjects, d.span, key=d.key, replacement=d.replacement, name=name,
                  why=Phrase.of(f"model.deprecated_key.{d.key}"))
