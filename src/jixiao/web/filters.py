"""The declaration lists' filters, search, sort and pagination, read from the query string."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator

from jixiao.accounts.models import Department
from jixiao.declarations.models import Conclusion, FollowUp, Status

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


class ListFilterForm(forms.Form):
    q = forms.CharField(label="项目名称", required=False, max_length=100)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    department = forms.ModelChoiceField(
        label="主管部门",
        queryset=Department.objects.none(),
        required=False,
        empty_label="全部部门",
        to_field_name="code",  # ?department=403, as the exports read it too
    )
    status = forms.ChoiceField(label="状态", required=False)
    # The engine's quality grade (质量等级) and the finance reviewer's 审核结论 are two things.
    grade = forms.ChoiceField(
        label="质量等级", required=False, choices=[("", "全部等级"), *((g, g) for g in GRADES)]
    )
    conclusion = forms.ChoiceField(
        label="审核结论",
        required=False,
        choices=[("", "全部结论"), *((c, c) for c in Conclusion.values)],
    )
    follow_up = forms.ChoiceField(
        label="整改",
        required=False,
        choices=[("", "不限"), *((v, label) for v, label in FollowUp.choices if v)],
    )
    sort = forms.ChoiceField(label="排序", required=False)

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
        """The queryset filtered and sorted as asked; an invalid filter is ignored."""
        data = self.cleaned_data if self.is_valid() else {}
        qs = qs.search(data.get("q") or "")
        if data.get("year"):
            qs = qs.for_year(data["year"])
        if data.get("department"):
            qs = qs.for_department(data["department"])
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("grade"):
            qs = qs.filter(review_grade=data["grade"])
        if data.get("conclusion"):
            qs = qs.filter(finance_conclusion=data["conclusion"])
        if data.get("follow_up"):
            qs = qs.filter(follow_up=data["follow_up"])
        return qs.order_by(*self.ordering())

    def sort_key(self) -> str:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("sort") or DEFAULT_SORT

    def ordering(self) -> list[str]:
        key = self.sort_key()
        descending = key.startswith("-")
        fields = SORTS[key.lstrip("-")][1]
        return [f"-{f}" if descending else f for f in fields]


def sort_links(form: ListFilterForm, params) -> dict[str, dict]:
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
        query = params.copy()
        query["sort"] = target
        query.pop("page", None)
        links[key] = {"query": query.urlencode(), "state": state}
    return links


def paginate(request, qs):
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()
