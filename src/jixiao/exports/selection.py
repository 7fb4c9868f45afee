"""Which declarations an export holds, and what it needs of them besides their content.

Shared by the download views and ``jixiao export``: the list filters (year, department,
status, quality grade, conclusion, follow-up, q), the public choice (published only), and the per-declaration extras of the
summary tables (status, review score and grade).
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.core.declaration import Declaration as CoreDeclaration
from jixiao.core.exporters.summary import SummaryItem
from jixiao.declarations.models import Declaration, FollowUp, Status


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
    def from_query(cls, params) -> Filters:
        """From a request's GET parameters; a malformed year is ignored like an empty one."""
        year = (params.get("year") or "").strip()
        return cls(
            year=int(year) if year.isdigit() else None,
            department=(params.get("department") or "").strip() or None,
            status=(params.get("status") or "").strip() or None,
            grade=(params.get("grade") or "").strip() or None,
            conclusion=(params.get("conclusion") or "").strip() or None,
            follow_up=(params.get("follow_up") or "").strip() or None,
            q=(params.get("q") or "").strip() or None,
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
