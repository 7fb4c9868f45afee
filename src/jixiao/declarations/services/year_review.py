"""The review across one fiscal year: duplicates, near-identical projects and boilerplate.

The rules across declarations (PROJECT-DUPLICATE, PROJECT-SIMILAR, TEXT-BOILERPLATE) compare a
declaration with the others of its year, of every department: a project declared by two
departments is exactly what they are for.  A change to one declaration can add or clear
findings of others, so whenever content changes, the service that changed it calls
``year_reviews_after_change``: it reviews the changed declaration against the year's index
(``declarations.year_index``) and again the few declarations the change can touch, and writes
only the records whose review changed.  The cost grows with those, not with the year.

``declaration_year_review_refresh`` (``jixiao review_refresh``) recomputes a whole year at
once and rebuilds its index; its findings are those the saves keep (a test holds them equal).

Neither runs for the live preview of the form (``review_fields`` only).
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import connection, transaction

from jixiao.core import declaration as core
from jixiao.core.review.batch import BatchContext
from jixiao.core.review.registry import all_rules
from jixiao.declarations import year_index
from jixiao.declarations.models import CLOSED_REVISION_STATUSES, Declaration, ReviewKey
from jixiao.declarations.reviewing import (
    REVIEW_FIELD_NAMES,
    batch_finding,
    batch_rule_ids,
    own_findings,
    review_config,
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
# Records read and written at a time by the whole-year review.
_CHUNK = 1000
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
    """Recompute the findings across the year of all its declarations and rebuild its index;
    return how many records changed.

    The batch is the year's declarations proper (修订稿 aside), in every state; an open
    revision is reviewed as if it stood in place of the declaration it revises.  Only what
    the rules read is loaded (no full records), and records are written in batches, so a
    province's year fits in memory and in one statement at a time.  ``recheck``: the pks
    whose per-declaration rules are run again too (``True``: all, e.g. after the review
    configuration changed); the others keep theirs.
    """
    year_lock(fiscal_year)
    slim = year_index.slim_declarations(year=fiscal_year)
    originals = [s for s in slim if s[2] is None]
    found, partners = year_batch([s[3] for s in originals], [s[0] for s in originals])
    entries = [year_index.entry_of(pk, year, rev, decl) for pk, year, rev, decl in slim]
    ReviewKey.objects.filter(fiscal_year=fiscal_year).delete()
    ReviewKey.objects.filter(declaration_id__in=[e.pk for e in entries]).delete()
    year_index.index_write(entries, replace=False, names=False)
    _write_name_keys(entries)
    batch = {s[0]: (f, p) for s, f, p in zip(originals, found, partners, strict=True)}
    sketches = {e.pk: e.sketch for e in entries if e.revision_of is None}
    for entry in entries:
        if entry.revision_of is not None:
            review = year_index.review_one(entry, sketches)
            batch[entry.pk] = (review.findings, review.partners)
    decls = {e.pk: e.decl for e in entries}
    return _store(batch, decls, recheck=recheck)


def year_batch(
    decls: list[core.Declaration], pks: list[int]
) -> tuple[list[list[dict]], list[dict[str, list[int]]]]:
    """The findings across the year of ``decls`` (pks ``pks``) by the whole-year review, and
    whom each is paired with."""
    config = review_config()
    batch = BatchContext(decls, config)
    found: list[list[dict]] = [[] for _ in decls]
    for rule in all_rules().values():
        if rule.scope != "batch" or not config.is_enabled(rule.id):
            continue
        for index, hit in rule.check(batch):
            found[index].append(batch_finding(rule, hit, config, pks.__getitem__))
    partners = [
        {
            "duplicate": sorted(pks[j] for j in batch.duplicates.get(i, ())),
            "similar": sorted(pks[j] for j in batch.similar.get(i, ())),
        }
        for i in range(len(decls))
    ]
    return found, partners


def _write_name_keys(entries: list[year_index.Entry]) -> None:
    stored = dict(
        Declaration.objects.filter(pk__in=[e.pk for e in entries]).values_list("pk", "name_key")
    )
    changed = [
        Declaration(pk=e.pk, name_key=e.name, name_key_reversed=e.name[::-1])
        for e in entries
        if stored.get(e.pk) != e.name
    ]
    Declaration.objects.bulk_update(changed, ["name_key", "name_key_reversed"], batch_size=1000)


def _store(
    batch: dict[int, tuple[list[dict], dict]],
    decls: dict[int, core.Declaration],
    *,
    recheck: Collection[int] | bool = (),
) -> int:
    """Write the records whose findings across the year (or partners) changed, keeping or
    (for ``recheck``) recomputing their own findings; return how many changed."""
    changed = 0
    pks = list(batch)
    for start in range(0, len(pks), _CHUNK):
        part = pks[start : start + _CHUNK]
        rechecked = set(part) if recheck is True else set(recheck or ()) & set(part)
        own = _own_findings(rechecked)
        updates = []
        for pk, findings, partners, *stored in Declaration.objects.filter(pk__in=part).values_list(
            "pk", "findings", "batch_partners", *_COMPARED
        ):
            found, pairs = batch[pk]
            mine = own[pk] if pk in own else own_findings(findings)
            fields = summary_fields(decls[pk], mine + found)
            if partners == pairs and all(
                value == fields[name] for name, value in zip(_COMPARED, stored, strict=True)
            ):
                continue
            updates.append(Declaration(pk=pk, batch_partners=pairs, **fields))
        Declaration.objects.bulk_update(
            updates, [*REVIEW_FIELD_NAMES, "batch_partners"], batch_size=_CHUNK
        )
        changed += len(updates)
    return changed


def _own_findings(pks: Collection[int]) -> dict[int, list[dict]]:
    """The per-declaration rules run again on these records."""
    if not pks:
        return {}
    records = Declaration.objects.filter(pk__in=list(pks)).with_related()
    return {r.pk: review_fields(r.to_core())["findings"] for r in records}


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
    """For the services, after they changed content: review each of ``records`` against its
    year's index (re-indexing it) and again the declarations the change can touch, then
    reload the records' review fields.  (``years``: kept for callers naming a year a record
    left; the index knows it.)"""
    for record in records:
        _after_change(record)
    for record in records:
        if Declaration.objects.filter(pk=record.pk).exists():
            record.refresh_from_db(fields=[*REVIEW_FIELD_NAMES, "batch_partners"])


def _after_change(record: Declaration) -> None:
    old = year_index.stored_entry(record)
    old_partners = (
        Declaration.objects.filter(pk=record.pk).values_list("batch_partners", flat=True).first()
    )
    touched = year_index.touched_by(old, old_partners)
    near = [old]
    record.refresh_from_db(fields=["status", "fiscal_year", "revision_of"])
    if record.revision_of_id is not None and record.status in CLOSED_REVISION_STATUSES:
        ReviewKey.objects.filter(declaration=record).delete()
    else:
        ((pk, year, rev, decl),) = year_index.slim_declarations([record.pk])
        new = year_index.entry_of(pk, year, rev, decl)
        year_index.index_write([new])
        review = year_index.review_one(new)
        stored = Declaration.objects.values_list("findings", flat=True).get(pk=record.pk)
        _write(record.pk, decl, own_findings(stored), review)
        touched |= year_index.touched_by(new, review.partners)
        near.append(new)
    touched |= year_index.revisions_near(near)
    year_reviews_recompute(touched - {record.pk})


def year_reviews_recompute(pks: Collection[int]) -> int:
    """Review these declarations again against their years' indexes (their content has not
    changed: another's has); write those whose review changed and return how many."""
    changed = 0
    sketches: dict = {}
    rows = dict(Declaration.objects.filter(pk__in=list(pks)).values_list("pk", "findings"))
    for pk, year, rev, decl in year_index.slim_declarations(list(rows)):
        entry = year_index.entry_of(pk, year, rev, decl)
        review = year_index.review_one(entry, sketches)
        mine = own_findings(rows[pk])
        if mine + review.findings != rows[pk]:
            _write(pk, decl, mine, review)
            changed += 1
        elif rev is None:
            Declaration.objects.filter(pk=pk).exclude(batch_partners=review.partners).update(
                batch_partners=review.partners
            )
    return changed


def year_index_forget(record: Declaration) -> set[int]:
    """Before ``record`` is deleted: take it out of its year's index and return the
    declarations whose review its absence can change (for ``year_reviews_recompute``)."""
    old = year_index.stored_entry(record)
    partners = Declaration.objects.values_list("batch_partners", flat=True).get(pk=record.pk)
    touched = year_index.touched_by(old, partners) | year_index.revisions_near([old])
    ReviewKey.objects.filter(declaration=record).delete()
    Declaration.objects.filter(pk=record.pk).update(name_key="", name_key_reversed="")
    return touched - {record.pk}


def year_review_recheck(record: Declaration) -> None:
    """The review of ``record`` as of now: its own rules run again (the configuration may
    have changed since the last save), its findings across the year against the index."""
    ((pk, year, rev, decl),) = year_index.slim_declarations([record.pk])
    review = year_index.review_one(year_index.entry_of(pk, year, rev, decl))
    _write(pk, decl, _own_findings([pk])[pk], review)
    record.refresh_from_db(fields=[*REVIEW_FIELD_NAMES, "batch_partners"])


def _write(pk: int, decl: core.Declaration, own: list[dict], review: year_index.Review) -> None:
    fields = summary_fields(decl, own + review.findings)
    Declaration.objects.filter(pk=pk).update(batch_partners=review.partners, **fields)
