"""Named reads of declarations: who may see what, what waits for whom."""

from __future__ import annotations

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import StrIndex, Upper

# A search this long or longer has trigrams for pg_trgm's index to find.
TRIGRAM = 3


def _status():
    # The models module imports this one; the status names are looked up lazily.
    from jixiao.declarations.models import Status

    return Status


# What a row of the declaration lists shows (web/partials/declaration_table.html, home_rows.html).
LIST_FIELDS = (
    "fiscal_year",
    "project_name",
    "revision_of_id",
    "implementing_unit_name",
    "department__name",
    "department__code",
    "implementation_total",
    "status",
    "follow_up",
    "finance_conclusion",
    "review_grade",
    "review_score",
    "review_errors",
    "review_warnings",
    "review_hints",
    "updated_at",
)
# What a row of the public list shows (web/partials/public_rows.html).
PUBLIC_LIST_FIELDS = (
    "fiscal_year",
    "project_name",
    "department__name",
    "department__code",
    "implementation_total",
    "annual_total",
    "published_at",
    "status",
)

# What only the declaration's page and the review read.
REVIEW_DETAIL_FIELDS = ("findings", "batch_partners", "name_key", "name_key_reversed")


class DeclarationQuerySet(models.QuerySet):
    # -- scope ------------------------------------------------------------------------------

    def in_scope_of(self, user) -> DeclarationQuerySet:
        """What a user works on: a filer their department's (or unit's, if set), a department
        reviewer their department's, finance reviewers and administrators everything;
        an anonymous visitor nothing."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.sees_all_departments:
            return self.all()
        if user.department_id is None:
            return self.none()
        qs = self.filter(department_id=user.department_id)
        if user.is_filer and user.implementing_unit_id is not None:
            qs = qs.filter(implementing_unit_id=user.implementing_unit_id)
        return qs

    def visible_to(self, user) -> DeclarationQuerySet:
        """What a user may read: their scope, plus whatever is published (public anyway)."""
        published = Q(status=_status().PUBLISHED, revision_of__isnull=True)
        if user is None or not user.is_authenticated:
            return self.filter(published)
        if user.sees_all_departments:
            return self.all()
        scope = self.in_scope_of(user).values("pk")
        return self.filter(Q(pk__in=scope) | published)

    # -- states -----------------------------------------------------------------------------

    def published(self) -> DeclarationQuerySet:
        return self.filter(status=_status().PUBLISHED, revision_of__isnull=True)

    def originals(self) -> DeclarationQuerySet:
        """Declarations proper, without the revisions (修订稿) under way or merged."""
        return self.filter(revision_of__isnull=True)

    def revisions(self) -> DeclarationQuerySet:
        return self.filter(revision_of__isnull=False)

    def open_revisions(self) -> DeclarationQuerySet:
        from jixiao.declarations.models import CLOSED_REVISION_STATUSES

        return self.revisions().exclude(status__in=CLOSED_REVISION_STATUSES)

    def editable(self) -> DeclarationQuerySet:
        from jixiao.declarations.models import EDITABLE_STATUSES

        return self.filter(status__in=EDITABLE_STATUSES)

    def approved(self) -> DeclarationQuerySet:
        """In force: approved by the finance bureau (published or not)."""
        from jixiao.declarations.models import APPROVED_STATUSES

        return self.filter(status__in=APPROVED_STATUSES, revision_of__isnull=True)

    def awaiting_review_by(self, user) -> DeclarationQuerySet:
        """What waits for this reviewer's decision."""
        status = _status()
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_admin_role:
            wanted = Q(status=status.SUBMITTED) | Q(status=status.DEPT_APPROVED)
        elif user.is_finance_reviewer:
            wanted = Q(status=status.DEPT_APPROVED)
        elif user.is_dept_reviewer:
            wanted = Q(status=status.SUBMITTED)
        else:
            return self.none()
        return self.in_scope_of(user).filter(wanted)

    def awaiting_follow_up(self) -> DeclarationQuerySet:
        """Approved with 良: the agreed fixes (整改要求) are not done yet."""
        from jixiao.declarations.models import FollowUp

        return self.filter(follow_up=FollowUp.OPEN)

    def awaiting_action_by(self, user) -> DeclarationQuerySet:
        """The user's to-do list: reviews for reviewers; returned forms and open follow-ups
        (整改) for filers."""
        if user is not None and user.is_authenticated and user.is_filer:
            from jixiao.declarations.models import FollowUp

            wanted = Q(status=_status().RETURNED) | Q(follow_up=FollowUp.OPEN)
            return self.in_scope_of(user).filter(wanted)
        return self.awaiting_review_by(user)

    # -- filters ----------------------------------------------------------------------------

    def for_year(self, year: int) -> DeclarationQuerySet:
        return self.filter(fiscal_year=year)

    def for_department(self, department) -> DeclarationQuerySet:
        return self.filter(department=department)

    def search(self, text: str) -> DeclarationQuerySet:
        """Declarations whose project name contains ``text`` (case-insensitive).

        Three characters or more: ``icontains``, which PostgreSQL answers from the trigram
        index (migration 0006).  Shorter (most two-character Chinese words): a trigram index
        holds no trigram of them and would match every row, so the same test is written as
        ``STRPOS``, which the planner leaves to the list's sort index instead."""
        text = (text or "").strip()
        if not text:
            return self
        if len(text) >= TRIGRAM:
            return self.filter(project_name__icontains=text)
        position = StrIndex(Upper("project_name"), Upper(Value(text)))
        return self.alias(name_position=position).filter(name_position__gt=0)

    def for_list(self) -> DeclarationQuerySet:
        """Only the columns a list row shows (``LIST_FIELDS``), with the department's name:
        a row of the table is ~1.8 KB with the findings and the texts, the list reads ~150
        bytes of it."""
        return self.select_related("department").only(*LIST_FIELDS)

    def for_public_list(self) -> DeclarationQuerySet:
        """Only the columns a row of the public list shows."""
        return self.select_related("department").only(*PUBLIC_LIST_FIELDS)

    def without_review_detail(self) -> DeclarationQuerySet:
        """Every column but the findings and the year index's (the widest, and read only by
        the declaration's own page and the review)."""
        return self.defer(*REVIEW_DETAIL_FIELDS)

    def with_related(self) -> DeclarationQuerySet:
        """What a list or the bridge reads besides the row, fetched in constant queries."""
        return self.select_related("department", "implementing_unit").prefetch_related("indicators")
