"""Every query parameter a page reads, parsed in one place.

A view declares what it reads from the query string as a ``QueryForm`` built from the fields
below, each with its bounds (a year 2000–2100, a page 1–1,000,000, a search of at most 100
characters, a department by its code, a record by its id).  The form is always bound, and a
value that does not fit never reaches a query: it is dropped, and ``ignored`` names it in a
Chinese sentence the page shows, while the other parameters still apply.  Downloads and the
API refuse instead (``refused()`` → a 400 page, ``strict()`` → ``FormError`` → a 400 JSON
error): a file of the wrong year is worse than no file.

A repeated parameter (``?year=1&year=2``) reads the last value, as Django does; a parameter
no form names is never read.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import QueryDict
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.html import format_html

from jixiao.core.errors import FormError

YEAR_MIN, YEAR_MAX = 2000, 2100
PAGE_MAX = 1_000_000
SEARCH_MAX = 100
CODE_MAX = 20
ID_MAX = 2**63 - 1  # a BigAutoField
SHOWN_MAX = 20  # how much of a refused value a message repeats


def _bounded_int(label: str, low: int, high: int, expected: str, **kwargs) -> forms.IntegerField:
    message = f"应为{expected}"
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
        **kwargs,
    )


def year_field(label: str = "年度") -> forms.IntegerField:
    return _bounded_int(label, YEAR_MIN, YEAR_MAX, f" {YEAR_MIN}–{YEAR_MAX} 之间的年份")


def page_field() -> forms.IntegerField:
    return _bounded_int("页码", 1, PAGE_MAX, "正整数", widget=forms.HiddenInput)


def id_field(label: str) -> forms.IntegerField:
    return _bounded_int(label, 1, ID_MAX, "正整数编号")


def text_field(label: str, max_length: int = SEARCH_MAX) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        error_messages={
            "max_length": f"最多 {max_length} 个字",
            "null_characters_not_allowed": "含有不可见的空字符",
        },
    )


def search_field(label: str = "项目名称") -> forms.CharField:
    return text_field(label, SEARCH_MAX)


def choice_field(label: str, choices, *, blank: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", blank), *choices],
        error_messages={"invalid_choice": "不是可选的值"},
    )


class DepartmentInput(forms.TextInput):
    """A department's code typed, with suggestions (code and name) fetched by htmx from
    ``options_url`` as the user types: a province has thousands of departments, too many to
    send as ``<option>``s with every page.  Without JavaScript the code is typed as it is."""

    def __init__(self, options_url):
        self.list_id = "department-options"
        super().__init__(
            attrs={
                "list": self.list_id,
                "maxlength": CODE_MAX,
                "placeholder": "代码或名称",
                "autocomplete": "off",
                "hx-get": options_url,
                "hx-trigger": "input changed delay:300ms, focus once",
                "hx-target": f"#{self.list_id}",
                "hx-swap": "innerHTML",
                "hx-push-url": "false",
            }
        )

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        return field + format_html('<datalist id="{}"></datalist>', self.list_id)


def department_field(queryset, *, options_url) -> forms.ModelChoiceField:
    """A department by its code (``?department=403``, as the list and the exports read it),
    typed with suggestions from ``options_url`` (see ``DepartmentInput``)."""
    return forms.ModelChoiceField(
        label="主管部门",
        queryset=queryset,
        required=False,
        empty_label="全部部门",
        to_field_name="code",
        widget=DepartmentInput(options_url),
        error_messages={"invalid_choice": "没有这个部门"},
    )


def _shown(value) -> str:
    text = "" if value is None else str(value)
    text = "".join(ch if ch.isprintable() else "�" for ch in text)
    return text if len(text) <= SHOWN_MAX else text[:SHOWN_MAX] + "…"


class QueryForm(forms.Form):
    """A form over a query string: always bound; each bad value dropped and named."""

    def __init__(self, params: QueryDict | dict | None, *args, **kwargs):
        super().__init__(params if params is not None else QueryDict(), *args, **kwargs)

    @cached_property
    def values(self) -> dict:
        """The parameters that were given and fit, cleaned; a dropped one is absent."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (None, "")
        }

    @cached_property
    def ignored(self) -> list[str]:
        """One Chinese sentence per dropped parameter: which, what was given, why."""
        self.is_valid()
        out = []
        for name, errors in self.errors.items():
            if name == NON_FIELD_ERRORS:
                out.extend(str(e) for e in errors)
                continue
            label = self.fields[name].label or name
            given = _shown(self.data.get(self.add_prefix(name)))
            out.append(f"{label}「{given}」{errors[0]}，已忽略")
        return out

    def query(self, *, without: tuple[str, ...] = (), **replace) -> str:
        """The query string of the parameters that fit (minus ``without``, with ``replace``):
        what the page's own links carry on, never a refused value."""
        out = QueryDict(mutable=True)
        for name in self.fields:
            if name in without or name in self.errors:
                continue
            raw = self.data.get(self.add_prefix(name))
            if raw not in (None, ""):
                out[name] = raw
        for name, value in replace.items():
            out[name] = value
        return out.urlencode()

    def strict(self) -> dict:
        """The values, or ``FormError`` naming every refused parameter (the API's 400)."""
        if self.ignored:
            raise FormError(
                "查询参数有误：" + "；".join(s.removesuffix("，已忽略") for s in self.ignored)
            )
        return self.values

    def refused(self, request):
        """A 400 page naming every refused parameter, or ``None`` when all fit (downloads)."""
        if not self.ignored:
            return None
        reasons = [s.removesuffix("，已忽略") for s in self.ignored]
        return render(request, "web/bad_query.html", {"reasons": reasons}, status=400)

    def warn(self, request) -> None:
        """Each dropped parameter as a message on the page (for pages without a notes slot)."""
        for sentence in self.ignored:
            messages.warning(request, sentence)
