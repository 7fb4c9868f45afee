"""The declaration lists' filters, search, sort and pagination, read from the query string."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from jixiao.accounts.models import Department
from jixiao.declarations.models import Conclusion, FollowUp, Status
from jixiao.web import params

PAGE_SIZE = 30
GRADES = ("优", "良", "中", "差")
# sort key → (label, ordering); "-key" sorts descending.
SORTS = {
    "score": ("质量评分", ("review_score", "id")),
    "name": ("项目名称", ("project_name", "id")),
    "amount": ("实施期资金", ("implementation_total", "id")),
    "status": ("状态", ("status", "id")),
    "date": ("更新时间", ("updated_at", "id")),
    "year": ("年度", ("fiscal_year", "id")),
}
DEFAULT_SORT = "-date"


class ListFilterForm(params.QueryForm):
    q = params.search_field()
    year = params.year_field()
    department = params.department_field(Department.objects.none())
    status = params.choice_field("状态", (), blank="全部状态")
    # The engine's quality grade (质量等级) and the finance reviewer's 审核结论 are two things.
    grade = params.choice_field("质量等级", ((g, g) for g in GRADES), blank="全部等级")
    conclusion = params.choice_field(
        "审核结论", ((c, c) for c in Conclusion.values), blank="全部结论"
    )
    follow_up = params.choice_field(
        "整改", ((v, label) for v, label in FollowUp.choices if v), blank="不限"
    )
    sort = params.choice_field("排序", (), blank="默认")
    page = params.page_field()

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is None:
            del self.fields["department"]
        else:
            self.fields["department"].queryset = departments
        statuses = [(v, label) for v, label in Status.choices if v != Status.MERGED]
        self.fields["status"].choices = [("", "全部状态"), *statuses]
        self.fields["sort"].choices = [
            (f"{sign}{key}", label) for key, (label, _) in SORTS.items() for sign in ("", "-")
        ]

    def apply(self, qs):
        """The queryset filtered and sorted as asked; a filter that does not fit is ignored
        (and named in ``ignored``), the others apply."""
        return filtered(qs, self.values).order_by(*self.ordering())

    def sort_key(self) -> str:
        return self.values.get("sort") or DEFAULT_SORT

    def ordering(self) -> list[str]:
        key = self.sort_key()
        descending = key.startswith("-")
        fields = SORTS[key.lstrip("-")][1]
        return [f"-{f}" if descending else f for f in fields]


def filtered(qs, values: dict):
    """``qs`` narrowed by the list filters present in ``values`` (a query form's values)."""
    qs = qs.search(values.get("q") or "")
    if values.get("year"):
        qs = qs.for_year(values["year"])
    if values.get("department"):
        qs = qs.for_department(values["department"])
    if values.get("status"):
        qs = qs.filter(status=values["status"])
    if values.get("grade"):
        qs = qs.filter(review_grade=values["grade"])
    if values.get("conclusion"):
        qs = qs.filter(finance_conclusion=values["conclusion"])
    if values.get("follow_up"):
        qs = qs.filter(follow_up=values["follow_up"])
    return qs


def sort_links(form: ListFilterForm) -> dict[str, dict]:
    """For each sortable column, the query string that sorts by it (toggling direction)."""
    current = form.sort_key()
    links = {}
    for key in SORTS:
        if current == key:
            target, state = f"-{key}", "sorted"
        elif current == f"-{key}":
            target, state = key, "sorted-desc"
        else:
            target, state = (f"-{key}" if key in ("score", "amount", "date") else key), ""
        links[key] = {"query": form.query(without=("page",), sort=target), "state": state}
    return links


@dataclass(frozen=True)
class Pager:
    """One page of a list, the page numbers to link (``…`` where some are left out), the
    query string of the list's filters, and what to say when the page asked for is past the
    end (the last page is shown instead)."""

    page: Page
    numbers: list
    query: str
    note: str = ""

    @property
    def ellipsis(self) -> str:
        return Paginator.ELLIPSIS


def paginate(form: params.QueryForm, qs) -> Pager:
    """The page ``?page=`` asks for; past the end, the last page and a note saying so."""
    paginator = Paginator(qs, PAGE_SIZE)
    asked = form.values.get("page", 1)
    note = ""
    if asked > paginator.num_pages:
        if paginator.count:
            note = (
                f"没有第 {asked} 页：共 {paginator.count} 份，只有 {paginator.num_pages} 页，"
                "以下是最后一页。"
            )
        else:
            note = f"没有第 {asked} 页：没有符合条件的记录。"
        asked = paginator.num_pages
    page = paginator.page(asked)
    numbers = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return Pager(page=page, numbers=numbers, query=form.query(without=("page",)), note=note)
