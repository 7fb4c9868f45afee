"""The review across one fiscal year: duplicates, near-identical projects and boilerplate.

The rules across declarations (PROJECT-DUPLICATE, PROJECT-SIMILAR, TEXT-BOILERPLATE) compare
every declaration of a year with every other, of every department: a project declared by two
departments is exactly what they are for.  A change to one declaration can therefore add or
clear findings of others, so whenever content changes, the service that changed it calls
``declaration_year_review_refresh`` in its own transaction; it recomputes the year's batch
findings and writes only the records whose review changed.

It is not run by the live preview of the form (``review_fields`` only): a county's year is a
few hundred forms, a fraction of a second to load and compare, which is right for a save and
wrong for every keystroke.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import connection, transaction

from jixiao.declarations.models import CLOSED_REVISION_STATUSES, Declaration
from jixiao.declarations.reviewing import (
    REVIEW_FIELD_NAMES,
    batch_findings_for,
    batch_rule_ids,
    own_findings,
    review_fields,
    summary_fields,
)

# Form keys the rules across a year never read (they read the name, the year, the texts and
# the indicators).  An edit that changes only these keeps its findings across the year and
# skips comparing the whole year again: filling in a phone number must not cost a year's load.
_OUTSIDE_BATCH = (
    "funds",
    "phone",
    "handler",
    "responsible_person",
    "filled_at",
    "title",
    "project_type",
    "project_type_label",
    "period_years",
    "implementing_unit",
)
# What decides whether a stored review changed (``reviewed_at`` alone does not).
_COMPARED = tuple(n for n in REVIEW_FIELD_NAMES if n != "reviewed_at")
# The first key of the advisory locks of ``year_lock`` (the second is the year).
_YEAR_LOCK = 0x6A78


def year_lock(*years: int) -> None:
    """Hold the years' review until the transaction ends.

    Two departments saving the same new project at once must not each compare it with a
    year that lacks the other's (uncommitted) one: the second waits here for the first to
    commit.  The services take it first, before any row lock, so that two of them never
    wait for each other's rows.  PostgreSQL only; SQLite serialises writers by itself.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for year in sorted(set(years)):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_YEAR_LOCK, year])


@transaction.atomic
def declaration_year_review_refresh(
    *, fiscal_year: int, recheck: Collection[int] | bool = ()
) -> int:
    """Bring the stored findings of the year's declarations up to date; return how many
    records changed.

    The batch is the year's declarations proper (修订稿 aside), in every state.  An open
    revision is reviewed in that batch in place of the declaration it revises, so it is not
    its own duplicate.  ``recheck``: the pks whose per-declaration rules are run again too
    (``True``: all, e.g. after the review configuration changed); the others keep theirs.
    """
    year_lock(fiscal_year)
    records = list(
        Declaration.objects.for_year(fiscal_year)
        .exclude(revision_of__isnull=False, status__in=CLOSED_REVISION_STATUSES)
        .with_related()
        .order_by("pk")
    )
    originals = [r for r in records if r.revision_of_id is None]
    decls = [r.to_core() for r in originals]
    pks = [r.pk for r in originals]
    # record → (its content, its batch findings)
    batch = {
        r: (d, found)
        for r, d, found in zip(originals, decls, batch_findings_for(decls, pks), strict=True)
    }
    position = {r.pk: i for i, r in enumerate(originals)}
    for revision in (r for r in records if r.revision_of_id is not None):
        at = position.get(revision.revision_of_id, len(decls))
        decl = revision.to_core()
        with_it = [*decls[:at], decl, *decls[at + 1 :]]
        with_pks = [*pks[:at], revision.pk, *pks[at + 1 :]]
        batch[revision] = (decl, batch_findings_for(with_it, with_pks)[at])

    changed = []
    for record, (decl, found) in batch.items():
        if recheck is True or record.pk in (recheck or ()):
            own = review_fields(decl)["findings"]
        else:
            own = own_findings(record.findings)
        fields = summary_fields(decl, own + found)
        if any(getattr(record, n) != fields[n] for n in _COMPARED):
            for name, value in fields.items():
                setattr(record, name, value)
            changed.append(record)
    Declaration.objects.bulk_update(changed, list(REVIEW_FIELD_NAMES))
    return len(changed)


def declaration_review_refresh_all(*, fiscal_year: int | None = None) -> dict[int, int]:
    """Recompute every stored review (of one year, or of all): after the review configuration
    changed.  Returns the number of records changed per year."""
    years = (
        [fiscal_year]
        if fiscal_year is not None
        else sorted(set(Declaration.objects.values_list("fiscal_year", flat=True)))
    )
    return {year: declaration_year_review_refresh(fiscal_year=year, recheck=True) for year in years}


def touches_batch(paths: Collection[str]) -> bool:
    """Whether changes at these form keys (``funds.annual.local``, ``indicators[3]`` …) can
    change any finding across the year."""
    return any(path.split(".")[0].split("[")[0] not in _OUTSIDE_BATCH for path in paths)


def year_reviews_after_edit(
    record: Declaration, *, paths: Collection[str], kept_findings: list[dict], old_year: int
) -> None:
    """For an edit of ``record``'s content: refresh its year (and the year it left) when the
    change can matter across the year; otherwise keep its findings across the year
    (``kept_findings``, its stored findings before the edit) beside its new own ones."""
    if old_year != record.fiscal_year or touches_batch(paths):
        year_reviews_after_change(record, years=[old_year])
        return
    batch = batch_rule_ids()
    kept = [f for f in kept_findings if f.get("rule") in batch]
    fields = summary_fields(record.to_core(), own_findings(record.findings) + kept)
    Declaration.objects.filter(pk=record.pk).update(**fields)
    record.refresh_from_db(fields=list(REVIEW_FIELD_NAMES))


def year_reviews_after_change(*records: Declaration, years: Collection[int] = ()) -> None:
    """For the services, after they changed content: refresh the years of ``records`` and
    ``years`` (a year a declaration left), then reload the records' review fields."""
    for year in sorted({r.fiscal_year for r in records} | set(years)):
        declaration_year_review_refresh(fiscal_year=year)
    for record in records:
        record.refresh_from_db(fields=list(REVIEW_FIELD_NAMES))
