"""The declaration lists' filters, search, sort and pagination, read from the query string."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.functional import cached_property

from jixiao.accounts.models import Department
from jixiao.declarations.models import Conclusion, FollowUp, Status
from jixiao.web import params

PAGE_SIZE = 30
DEPARTMENT_OPTIONS = 20  # suggestions under the department input
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
    department = params.department_field(
        Department.objects.none(), options_url=reverse_lazy("web:department_options")
    )
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


# A count that took longer than this is kept for COUNT_SECONDS (per filter and scope): on a
# year of 100,000 a search of two characters counts by reading the year, every page of it.
COUNT_SLOW_SECONDS = 0.03
COUNT_SECONDS = 30


class ListPaginator(Paginator):
    """A paginator for big lists.

    A page is read in two steps: the ids of its rows (which the list's indexes answer
    without reading the rows, however deep the page), then those rows by id.  A count that
    was slow is kept a short while: the total under a list may lag a save by up to
    ``COUNT_SECONDS`` on a big list; the rows never do."""

    def _get_page(self, object_list, number, paginator):
        ids = list(object_list.values_list("pk", flat=True))
        rows = self.object_list.order_by().filter(pk__in=ids).in_bulk()
        return super()._get_page([rows[pk] for pk in ids if pk in rows], number, paginator)

    @cached_property
    def count(self) -> int:
        key = "list-count:" + hashlib.sha256(str(self.object_list.query).encode()).hexdigest()
        found = cache.get(key)
        if found is not None:
            return found
        started = time.perf_counter()
        count = self.object_list.count()
        if time.perf_counter() - started > COUNT_SLOW_SECONDS:
            cache.set(key, count, COUNT_SECONDS)
        return count


def paginate(form: params.QueryForm, qs) -> Pager:
    """The page ``?page=`` asks for; past the end, the last page and a note saying so."""
    paginator = ListPaginator(qs, PAGE_SIZE)
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


class DepartmentQuery(params.QueryForm):
    """What the department input has typed so far (``DepartmentInput`` sends it)."""

    department = params.text_field("主管部门", params.SEARCH_MAX)


def department_options(departments, typed: str):
    """The first departments whose code starts with, or whose name contains, ``typed``."""
    typed = typed.strip()
    if typed:
        departments = departments.filter(Q(code__istartswith=typed) | Q(name__icontains=typed))
    return departments.order_by("code").only("code", "name")[:DEPARTMENT_OPTIONS]
