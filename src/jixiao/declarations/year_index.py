"""The year's index for the rules across declarations, and the review of one declaration
against it.

A save must not compare its declaration with the whole year (a province's year is 300,000
forms).  The rules across the year (``core.review.batch``) are local: a declaration's
duplicates stand within ``NAME_WINDOW`` of it in the year's names sorted forwards or
backwards (or bear its very name); its similar projects share an LSH band key with it; its
boilerplate passages are shared verbatim.  The index holds exactly that, in the database:

- ``Declaration.name_key`` / ``name_key_reversed``, sorted by an index, for the windows;
- ``ReviewKey`` rows: the band keys and passage keys of each declaration, by an index;
- ``Declaration.batch_partners``: whom the rules paired each declaration with.

``review_one`` reviews one declaration against the index with the same kernels the whole-year
review uses, so both give the same findings (a test holds them equal on a generated year).
``after_change`` keeps a year current when one declaration changes: it re-indexes it and
reviews again the declarations whose findings the change can touch — its partners before and
after, its neighbours in both sort orders before and after, the members of a bucket the
change takes across ``max_bucket``, and of a passage group small enough that its count is
shown exactly — and the open revisions near it.  The work grows with those, not with the year.

An open revision (修订稿) is reviewed as if it stood in place of the declaration it revises; its
keys are indexed (``original=False``) so that a change near it finds it, but no other
declaration is ever compared with it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q

from jixiao.core import declaration as core
from jixiao.core.review.batch import (
    NAME_WINDOW,
    Sketch,
    boilerplate_hits,
    duplicate_hit,
    name_key,
    passages_of,
    project_similarity,
    project_text,
    same_project_name,
    similar_hit,
    sketch_of,
)
from jixiao.core.review.findings import REFS_KEPT
from jixiao.core.review.registry import all_rules
from jixiao.declarations.models import (
    CLOSED_REVISION_STATUSES,
    Declaration,
    Indicator,
    ReviewKey,
)
from jixiao.declarations.reviewing import batch_finding, review_config

# The fields ``slim_declarations`` reads: what the rules across the year look at.
_SLIM_FIELDS = (
    "pk",
    "fiscal_year",
    "project_name",
    "revision_of_id",
    "overview",
    "basis",
    "necessity",
    "safeguards",
    "plan",
    "goal_implementation",
    "goal_annual",
)


@dataclass
class Entry:
    """What the index holds of one declaration."""

    pk: int
    year: int
    revision_of: int | None
    decl: core.Declaration
    name: str = ""
    sketch: Sketch | None = None
    passages: dict[int, str] = field(default_factory=dict)

    @property
    def tiebreak(self) -> int:
        """Its place among equal names: a revision stands where its original stood."""
        return self.revision_of or self.pk

    @property
    def excluded(self) -> set[int]:
        return {self.pk} | ({self.revision_of} if self.revision_of else set())


def entry_of(pk: int, year: int, revision_of: int | None, decl: core.Declaration) -> Entry:
    config = review_config()
    return Entry(
        pk,
        year,
        revision_of,
        decl,
        name_key(decl),
        sketch_of(project_text(decl), config),
        passages_of(decl, config),
    )


def slim_declarations(pks: Collection[int] | None = None, *, year: int | None = None):
    """``(pk, year, revision_of, core declaration)`` of the given pks (or of a year's
    declarations proper and open revisions), with only what the rules across the year read:
    two queries, no indicators beyond the implementation half's."""
    qs = Declaration.objects.all()
    if pks is not None:
        qs = qs.filter(pk__in=list(pks))
    if year is not None:
        qs = qs.filter(fiscal_year=year).exclude(
            revision_of__isnull=False, status__in=CLOSED_REVISION_STATUSES
        )
    rows = list(qs.order_by("pk").values_list(*_SLIM_FIELDS))
    indicators: dict[int, list] = {}
    wanted = Indicator.objects.filter(period="implementation")
    wanted = (
        wanted.filter(declaration_id__in=[r[0] for r in rows])
        if pks is not None
        else (wanted.filter(declaration__in=qs))
    )
    for declaration_id, name, value in wanted.order_by("declaration_id", "order", "id").values_list(
        "declaration_id", "name", "value"
    ):
        indicators.setdefault(declaration_id, []).append(
            core.Indicator.model_construct(
                period="implementation", level1="", level2="", name=name, value=value
            )
        )
    out = []
    for pk, fiscal_year, project_name, revision_of, *texts in rows:
        decl = core.Declaration.model_construct(
            fiscal_year=fiscal_year,
            project_name=project_name,
            indicators=indicators.get(pk, []),
            **dict(zip(_SLIM_FIELDS[4:], (t or None for t in texts), strict=True)),
        )
        out.append((pk, fiscal_year, revision_of, decl))
    return out


# -- reads of the index ----------------------------------------------------------------------


def _originals(year: int):
    return Declaration.objects.filter(fiscal_year=year, revision_of__isnull=True)


def _window(
    year: int, column: str, key: str, tiebreak: int, exclude: set[int], size: int = NAME_WINDOW
) -> list[tuple]:
    """The ``size`` names before and after ``(key, tiebreak)`` in the year's sorted
    ``column`` (empty names aside), without ``exclude``: ``(pk, name_key)``."""
    qs = _originals(year).exclude(pk__in=exclude).exclude(**{column: ""})

    def side(ties: Q, beyond: Q, order: tuple[str, str]) -> list[tuple]:
        # Two range scans of the (year, column, id) index, not one OR that scans the year.
        found = []
        for condition in (ties, beyond):
            found += qs.filter(condition).order_by(*order).values_list("pk", "name_key")[:size]
            if len(found) >= size:
                break
        return found[:size]

    after = side(
        Q(**{column: key, "pk__gt": tiebreak}), Q(**{f"{column}__gt": key}), (column, "pk")
    )
    before = side(
        Q(**{column: key, "pk__lt": tiebreak}), Q(**{f"{column}__lt": key}), (f"-{column}", "-pk")
    )
    return before + after


def _neighbours(entry: Entry) -> list[tuple]:
    """The names within the window of ``entry``'s, in both orders."""
    if not entry.name:
        return []
    return _window(entry.year, "name_key", entry.name, entry.tiebreak, entry.excluded) + _window(
        entry.year, "name_key_reversed", entry.name[::-1], entry.tiebreak, entry.excluded
    )


def _key_members(
    year: int, kind: str, keys: Iterable[int], exclude: set[int], *, limit: int
) -> dict[int, tuple[int, list[int]]]:
    """key → (how many declarations proper hold it besides ``exclude``, the first ``limit``
    of them by pk)."""
    keys = list(set(keys))
    if not keys:
        return {}
    rows = ReviewKey.objects.filter(fiscal_year=year, kind=kind, key__in=keys, original=True)
    rows = rows.exclude(declaration_id__in=exclude)
    counts = dict(
        rows.values("key")
        .annotate(n=Count("declaration_id", distinct=True))
        .values_list("key", "n")
    )
    members: dict[int, list[int]] = {}
    small = [k for k, n in counts.items() if n <= limit]
    for key, pk in (
        rows.filter(key__in=small)
        .order_by("key", "declaration_id")
        .values_list("key", "declaration_id")
    ):
        members.setdefault(key, []).append(pk)
    return {k: (n, members.get(k, [])) for k, n in counts.items()}


@dataclass
class Review:
    """One declaration's findings across the year and whom they pair it with."""

    findings: list[dict]
    duplicates: set[int]
    similar: dict[int, float]

    @property
    def partners(self) -> dict[str, list[int]]:
        return {"duplicate": sorted(self.duplicates), "similar": sorted(self.similar)}


def review_one(entry: Entry, sketches: dict[int, Sketch] | None = None) -> Review:
    """``entry`` reviewed against the index of its year, as the whole-year review would
    (``sketches``: those of other declarations already at hand, filled as they are read)."""
    config = review_config()
    cfg = config.batch
    exclude = entry.excluded
    duplicates: set[int] = set()
    if entry.name:
        for pk, other in _neighbours(entry):
            if same_project_name(entry.name, other, cfg):
                duplicates.add(pk)
        duplicates |= set(
            _originals(entry.year)
            .filter(name_key=entry.name)
            .exclude(pk__in=exclude)
            .order_by()
            .values_list("pk", flat=True)
        )
    # A bucket of at most max_bucket, this declaration included.
    buckets = _key_members(
        entry.year, ReviewKey.BAND, entry.sketch.bands, exclude, limit=cfg.max_bucket - 1
    )
    candidates = {
        pk for n, members in buckets.values() if n <= cfg.max_bucket - 1 for pk in members
    } - duplicates
    sketches = {} if sketches is None else sketches
    missing = candidates - set(sketches)
    if missing:
        for pk, _year, _rev, decl in slim_declarations(missing):
            sketches[pk] = sketch_of(project_text(decl), config)
    similar: dict[int, float] = {}
    exact: dict[str, set[int]] = {}
    for pk in sorted(candidates):
        similarity = project_similarity(entry.sketch, sketches[pk], config, exact)
        if similarity is not None:
            similar[pk] = similarity
    # Passages: a group of min_declarations or more, this declaration included.
    groups = _key_members(
        entry.year, ReviewKey.PASSAGE, entry.passages, exclude, limit=REFS_KEPT + 1
    )
    by_field: dict[str, tuple[int, set[int]]] = {}
    for key, name in entry.passages.items():
        n, members = groups.get(key, (0, []))
        if n + 1 < cfg.boilerplate_min_declarations:
            continue
        count, others = by_field.get(name, (0, set()))
        if len(others) <= REFS_KEPT:
            # A group larger than the limit is not listed: a member stands for "more".
            others |= set(members) if members else set(range(-REFS_KEPT - 1, 0))
        by_field[name] = (count + 1, others)
    rules = all_rules()
    hits = []
    if config.is_enabled("PROJECT-DUPLICATE"):
        hits.append((rules["PROJECT-DUPLICATE"], duplicate_hit(entry.decl, duplicates)))
    if config.is_enabled("PROJECT-SIMILAR"):
        hits.append((rules["PROJECT-SIMILAR"], similar_hit(similar)))
    if config.is_enabled("TEXT-BOILERPLATE"):
        hits.extend((rules["TEXT-BOILERPLATE"], h) for h in boilerplate_hits(entry.decl, by_field))
    findings = [batch_finding(rule, hit, config, int) for rule, hit in hits if hit is not None]
    return Review(findings, duplicates, similar)


# -- writes of the index ---------------------------------------------------------------------


def index_write(entries: Iterable[Entry], *, replace: bool = True, names: bool = True) -> None:
    """Store the entries' keys (``replace``: what the index held of them goes first) and
    (``names``) their name keys."""
    entries = list(entries)
    if not entries:
        return
    if replace:
        ReviewKey.objects.filter(declaration_id__in=[e.pk for e in entries]).delete()
    rows = []
    for e in entries:
        original = e.revision_of is None
        rows.extend(
            ReviewKey(
                declaration_id=e.pk, fiscal_year=e.year, original=original, kind=ReviewKey.BAND,
                key=band,
            )
            for band in e.sketch.bands
        )  # fmt: skip
        rows.extend(
            ReviewKey(
                declaration_id=e.pk, fiscal_year=e.year, original=original,
                kind=ReviewKey.PASSAGE, key=key, field=name,
            )
            for key, name in e.passages.items()
        )  # fmt: skip
    ReviewKey.objects.bulk_create(rows, batch_size=5000)
    for e in entries if names else ():
        Declaration.objects.filter(pk=e.pk).update(name_key=e.name, name_key_reversed=e.name[::-1])


def stored_entry(record: Declaration) -> Entry:
    """What the index holds of ``record`` now (before it is written again): its keys, its
    name key, its year in the index."""
    keys = list(
        ReviewKey.objects.filter(declaration_id=record.pk).values_list(
            "fiscal_year", "kind", "key", "field"
        )
    )
    name = Declaration.objects.filter(pk=record.pk).order_by().values_list("name_key", flat=True)
    name = name.first()
    year = keys[0][0] if keys else record.fiscal_year
    bands = tuple(k for _, kind, k, _ in keys if kind == ReviewKey.BAND)
    passages = {k: f for _, kind, k, f in keys if kind == ReviewKey.PASSAGE}
    entry = Entry(
        record.pk, year, record.revision_of_id, core.Declaration.model_construct(),
        name or "", Sketch("", bands, frozenset()), passages,
    )  # fmt: skip
    return entry


def touched_by(entry: Entry, partners: dict | None) -> set[int]:
    """The declarations proper whose findings across the year ``entry``'s presence at its
    place in the index can decide: its partners, its neighbours in both orders, the members
    of a bucket it takes across ``max_bucket`` and of a passage group small enough to be
    listed.  Call it once with the old entry (still indexed) and once with the new."""
    cfg = review_config().batch
    if entry.revision_of is not None:
        return set()  # no declaration proper is ever compared with a revision
    touched = set()
    for key in ("duplicate", "similar"):
        touched |= set((partners or {}).get(key, ()))
    touched |= {pk for pk, _ in _neighbours(entry)}
    exclude = entry.excluded
    buckets = _key_members(
        entry.year, ReviewKey.BAND, entry.sketch.bands, exclude, limit=cfg.max_bucket
    )
    touched |= {pk for n, members in buckets.values() if n == cfg.max_bucket for pk in members}
    groups = _key_members(
        entry.year, ReviewKey.PASSAGE, entry.passages, exclude, limit=REFS_KEPT + 1
    )
    touched |= {pk for n, members in groups.values() if n <= REFS_KEPT + 1 for pk in members}
    return touched - exclude


def revisions_near(entries: Iterable[Entry]) -> set[int]:
    """The open revisions whose review a change at ``entries`` can touch: those sharing a key
    with them, or whose name stands within their windows."""
    found: set[int] = set()
    for e in entries:
        if e.revision_of is not None:
            continue
        open_revisions = Declaration.objects.filter(fiscal_year=e.year, revision_of__isnull=False)
        open_revisions = open_revisions.exclude(status__in=CLOSED_REVISION_STATUSES)
        keys = [*e.sketch.bands, *e.passages]
        if keys:
            found |= set(
                ReviewKey.objects.filter(
                    fiscal_year=e.year,
                    kind__in=(ReviewKey.BAND, ReviewKey.PASSAGE),
                    key__in=keys,
                    original=False,
                ).values_list("declaration_id", flat=True)
            )
        if e.name:
            for column, key in (("name_key", e.name), ("name_key_reversed", e.name[::-1])):
                # One name more than the window: a revision's own window leaves its original out.
                window = _window(e.year, column, key, e.tiebreak, e.excluded, NAME_WINDOW + 1)
                names = [n if column == "name_key" else n[::-1] for _, n in window] + [key]
                lo, hi = min(names), max(names)
                found |= set(
                    open_revisions.filter(
                        **{f"{column}__gte": lo, f"{column}__lte": hi}
                    ).values_list("pk", flat=True)
                )
    return found
