"""Which declarations an export holds, and what it needs of them besides their content.

Shared by the download views and ``jixiao export``: the list filters (year, department,
status, quality grade, conclusion, follow-up, q), the public choice (published only), and the per-declaration extras of the
summary tables (status, review score and grade).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max

from jixiao.core.declaration import Declaration as CoreDeclaration
from jixiao.core.exporters.summary import SummaryItem
from jixiao.declarations.models import Conclusion, Declaration, FollowUp, Status
from jixiao.web import params
from jixiao.web.filters import GRADES


class FilterQuery(params.QueryForm):
    """The query string of the public files and ``Filters``: the list's filters by value."""

    year = params.year_field()
    department = params.text_field("主管部门代码", params.CODE_MAX)
    status = params.choice_field("状态", Status.choices, blank="全部状态")
    grade = params.choice_field("质量等级", ((g, g) for g in GRADES), blank="全部等级")
    conclusion = params.choice_field(
        "审核结论", ((c, c) for c in Conclusion.values), blank="全部结论"
    )
    follow_up = params.choice_field(
        "整改", ((v, label) for v, label in FollowUp.choices if v), blank="不限"
    )
    q = params.search_field()


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    department: str | None = None  # department code
    status: str | None = None
    grade: str | None = None
    conclusion: str | None = None  # the finance reviewer's 审核结论
    follow_up: str | None = None  # open / done
    q: str | None = None

    @classmethod
    def from_query(cls, form: FilterQuery) -> Filters:
        """From the query form of a download (call ``form.refused()`` first: a value that does
        not fit is not applied)."""
        values = form.values
        return cls(
            **{
                name: values.get(name)
                for name in (
                    "year",
                    "department",
                    "status",
                    "grade",
                    "conclusion",
                    "follow_up",
                    "q",
                )
            }
        )

    def apply(self, qs):
        qs = qs.originals()
        if self.year:
            qs = qs.for_year(self.year)
        if self.department:
            qs = qs.filter(department__code=self.department)
        if self.status:
            qs = qs.filter(status=self.status)
        if self.grade:
            qs = qs.filter(review_grade=self.grade)
        if self.conclusion:
            qs = qs.filter(finance_conclusion=self.conclusion)
        if self.follow_up:
            qs = qs.filter(follow_up=self.follow_up)
        if self.q:
            qs = qs.search(self.q)
        return qs.with_related().order_by("department__code", "project_name", "pk")

    def labels(self) -> dict[str, str]:
        """The filters as the summary's 说明 sheet prints them."""
        out = {}
        if self.year:
            out["年度"] = str(self.year)
        if self.department:
            out["主管部门代码"] = self.department
        if self.status:
            out["状态"] = (
                str(Status(self.status).label) if self.status in Status.values else self.status
            )
        if self.grade:
            out["质量等级"] = self.grade
        if self.conclusion:
            out["审核结论"] = self.conclusion
        if self.follow_up:
            labels = dict(FollowUp.choices)
            out["整改"] = str(labels.get(self.follow_up, self.follow_up))
        if self.q:
            out["项目名称包含"] = self.q
        return out


# What a summary adds up when no status is chosen: the forms sent in and not sent back or
# refused.  Drafts and returned forms are not a department's figures yet.
SUMMARY_STATUSES = (
    Status.SUBMITTED,
    Status.DEPT_APPROVED,
    Status.FINANCE_APPROVED,
    Status.PUBLISHED,
)
# The order the filters are printed in, each one always (全部 when not chosen).
_SUMMARY_FILTERS = ("年度", "主管部门", "状态", "质量等级", "审核结论", "整改", "项目名称包含")


def summary_scope(qs, labels: dict[str, str], *, year: int | None, status: str | None):
    """The records a summary adds up and the filters it prints.  One year and an explicit
    set of statuses, never several years and drafts in one 合计: without a year the latest
    year of the records, without a status ``SUMMARY_STATUSES``; each default is printed as
    such."""
    labels = dict(labels)
    if not status:
        qs = qs.filter(status__in=SUMMARY_STATUSES)
        labels["状态"] = (
            "、".join(str(Status(s).label) for s in SUMMARY_STATUSES)
            + "（未选状态，默认：不含草稿、已退回和未通过的）"
        )
    if not year:
        year = qs.aggregate(latest=Max("fiscal_year"))["latest"]
        if year is not None:
            qs = qs.for_year(year)
            labels["年度"] = f"{year}（未选年度，默认最新年度）"
        else:
            labels["年度"] = "无（没有符合条件的申报表）"
    shown = {key: labels.get(key, "全部") for key in _SUMMARY_FILTERS if key != "项目名称包含"}
    if "项目名称包含" in labels:
        shown["项目名称包含"] = labels["项目名称包含"]
    return qs, shown


def list_records(user, form):
    """What a list download holds: the list page's declarations for ``user`` (those in its
    scope, revisions and merged ones aside), filtered and sorted by ``form`` (a
    ``ListFilterForm``), with what the exporters read."""
    qs = Declaration.objects.in_scope_of(user).originals().exclude(status=Status.MERGED)
    qs = form.apply(qs).select_related("department", "implementing_unit")
    return qs.prefetch_related("indicators")


def booklet_year(filters: Filters) -> int:
    """The public booklet's year: the one asked for, else the latest published."""
    if filters.year:
        return filters.year
    qs = filters.apply(public_records(Declaration.objects.all())).order_by("-fiscal_year")
    return qs.values_list("fiscal_year", flat=True).first() or date.today().year


def booklet_records(filters: Filters) -> tuple[int, list]:
    """The public booklet's year and its published declarations, in the booklet's order."""
    year = booklet_year(filters)
    qs = filters.apply(public_records(Declaration.objects.all()))
    return year, list(qs.filter(fiscal_year=year))


def booklet_fingerprint(filters: Filters, year: int) -> str:
    """What a stored booklet was made from: the number of declarations and their latest
    publication.  A publication (or a withdrawal) changes it, so a stale booklet is made anew."""
    qs = filters.apply(public_records(Declaration.objects.all())).filter(fiscal_year=year)
    found = qs.order_by().aggregate(count=Count("pk"), latest=Max("published_at"))
    latest = found["latest"].isoformat() if found["latest"] else "-"
    return f"{found['count']}|{latest}"


def booklet_filename(year: int, department: str | None) -> str:
    suffix = f"-{department}" if department else ""
    return f"{year}年度项目支出绩效目标公开{suffix}.pdf"


def list_filter_labels(form) -> dict[str, str]:
    """The list filters of ``form`` (a ``ListFilterForm``) as the summary's 说明 sheet prints them."""
    data = form.values
    labels = {
        "年度": data.get("year"),
        "主管部门": data.get("department") and data["department"].name,
        "状态": data.get("status") and Status(data["status"]).label,
        "质量等级": data.get("grade"),
        "审核结论": data.get("conclusion"),
        "整改": data.get("follow_up") and FollowUp(data["follow_up"]).label,
        "项目名称包含": data.get("q"),
    }
    return {k: str(v) for k, v in labels.items() if v}


def fingerprint_count(fingerprint: str) -> int:
    return int(fingerprint.split("|", 1)[0])


def public_records(qs):
    """What anyone may download: published declarations, never a revision under way."""
    return qs.published()


def to_core(records) -> list[CoreDeclaration]:
    return [record.to_core() for record in records]


def summary_items(records) -> list[SummaryItem]:
    return [
        SummaryItem(
            declaration=record.to_core(),
            status=record.get_status_display(),
            score=record.review_score,
            grade=record.review_grade or None,
        )
        for record in records
    ]


def all_records():
    return Declaration.objects.all()
