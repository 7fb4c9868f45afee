"""The JSON API: declarations in the interchange format (declaration/1), session auth.

Every answer is JSON; every error is ``{"error": "…"}`` with its status: 400 bad input,
401 not logged in (import), 403 CSRF check failed or role may not, 404 not found or not
visible to this user (an anonymous write to a declaration too), 405 wrong method, 409 refused by the workflow or saved by someone else meanwhile,
413 too large.  Writes need the CSRF token like any form of the site.

A declaration the user sees only because it is published (anonymous visitors, other
departments) is answered as the public reads it (``disclosure.public_record``): id, status
and the published form, without the review, version or anything else internal.
"""

from __future__ import annotations

import json
from functools import wraps

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import EmptyPage
from django.http import Http404, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from pydantic import BaseModel, ConfigDict, ValidationError

from jixiao.core import declaration as core
from jixiao.core.errors import FormError, JixiaoError
from jixiao.core.importers.base import read_bytes
from jixiao.core.importers.limits import ImportLimits
from jixiao.declarations import permissions
from jixiao.declarations.access import get_declaration_for_user
from jixiao.declarations.disclosure import public_record
from jixiao.declarations.errors import ConcurrencyError
from jixiao.declarations.finding_text import findings_for_viewer
from jixiao.declarations.models import Declaration, Status
from jixiao.declarations.services import declaration_import, declaration_update
from jixiao.web import params
from jixiao.web.filters import ListPaginator

PAGE_SIZE = 50


def answer(data: dict, status: int = 200) -> JsonResponse:
    # Chinese as it is, not as \uXXXX escapes: the API is read by people too.
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def error(message: str, status: int, **extra) -> JsonResponse:
    return answer({"error": message, **extra}, status=status)


def _csrf_refusal(request):
    def _never_called(request):  # the middleware wants a get_response it will not call
        raise AssertionError

    return CsrfViewMiddleware(_never_called).process_view(request, None, (), {})


def api_view(*methods: str):
    """Method check, CSRF and login for writes, and one error shape for every refusal."""

    def decorator(view):
        @csrf_exempt  # checked below, so that a failure is answered in JSON too
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # Any write without the token is refused first, whatever the URL or method.
            unsafe = request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
            if unsafe and _csrf_refusal(request) is not None:
                return error("CSRF 校验失败：请求缺少有效的 CSRF 令牌", 403)
            if request.method not in methods:
                return error(f"不支持 {request.method} 方法", 405)
            try:
                return view(request, *args, **kwargs)
            except Http404:
                return error("没有找到该申报表，或您无权访问", 404)
            except RequestDataTooBig:
                return error("请求过大", 413)
            except ConcurrencyError as exc:
                return error(str(exc), 409, current_version=exc.current_version, theirs=exc.theirs)
            except FormError as exc:
                return error(str(exc), 400)
            except JixiaoError as exc:
                return error(str(exc), 409, field=getattr(exc, "field", None))

        return wrapper

    return decorator


def declaration_json(declaration: Declaration, user, *, findings: bool = False) -> dict:
    """declaration/1 plus id, status, version and the review summary (``findings``: and the
    findings, worded for ``user``).  Someone outside the declaration's scope reads what the
    public reads: the published form and nothing internal."""
    if not permissions.in_scope(user, declaration):
        return public_json(declaration)
    review = {
        "score": declaration.review_score,
        "grade": declaration.review_grade or None,
        "errors": declaration.review_errors,
        "warnings": declaration.review_warnings,
        "hints": declaration.review_hints,
    }
    if findings:
        review["findings"] = findings_for_viewer(declaration.findings, user, html=False)
    return {
        "id": declaration.pk,
        "status": declaration.status,
        "version": declaration.version,
        "revision_of": declaration.revision_of_id,
        "review": review,
        "declaration": declaration.to_core().to_dict(),
    }


def public_json(declaration: Declaration) -> dict:
    """A published declaration as the public reads it."""
    return {
        "id": declaration.pk,
        "status": declaration.status,
        "declaration": public_record(declaration).to_dict(),
    }


class ListQuery(params.QueryForm):
    year = params.year_field()
    status = params.choice_field("状态", Status.choices, blank="全部状态")
    department = params.text_field("主管部门代码", params.CODE_MAX)
    q = params.search_field()
    page = params.page_field()


class ImportQuery(params.QueryForm):
    name = params.text_field("文件名", 200)


@api_view("GET")
def declaration_list(request):
    query = ListQuery(request.GET).strict()
    qs = (
        Declaration.objects.visible_to(request.user)
        .with_related()
        .without_review_detail()
        .order_by("id")
    )
    if "year" in query:
        qs = qs.for_year(query["year"])
    if "status" in query:
        qs = qs.filter(status=query["status"])
    if "department" in query:
        qs = qs.filter(department__code=query["department"])
    qs = qs.search(query.get("q", ""))
    paginator = ListPaginator(qs, PAGE_SIZE)
    try:
        page = paginator.page(query.get("page", 1))
    except EmptyPage:
        raise FormError(f"页码超出范围（共 {paginator.num_pages} 页）") from None
    return answer(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "declarations": [declaration_json(d, request.user) for d in page.object_list],
        }
    )


class UpdateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    declaration: dict


def _json_body(request):
    try:
        return json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormError(f"请求体不是有效的 UTF-8 JSON：{exc}") from None


@api_view("GET", "POST")
def declaration_detail(request, pk: int):
    if request.method == "GET":
        declaration = get_declaration_for_user(request.user, pk)
        return answer(declaration_json(declaration, request.user, findings=True))
    declaration = get_declaration_for_user(
        request.user, pk, for_update=True, action=permissions.EDIT
    )
    try:
        body = UpdateRequest.model_validate(_json_body(request))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise FormError(f"请求应为 {{version, declaration}}：{where} {first['msg']}") from None
    data = core.Declaration.from_dict(body.declaration)
    updated = declaration_update(
        declaration=declaration, data=data, user=request.user, expected_version=body.version
    )
    return answer(declaration_json(updated, request.user, findings=True))


@api_view("POST")
def declaration_import_view(request):
    if not request.user.is_authenticated:
        return error("请先登录", 401)
    if not (request.user.is_filer or request.user.sees_all_departments):
        return error("只有经办人、财政审核人和管理员可以导入申报表", 403)
    name = ImportQuery(request.GET).strict().get("name") or "api.json"
    limits = ImportLimits.from_mapping(settings.JIXIAO_IMPORT_LIMITS)
    result = read_bytes(request.body, name, format="json", limits=limits)
    outcome = declaration_import(result=result, user=request.user)
    return answer(
        {
            "import_record": outcome.record.pk,
            "created": [d.pk for d in outcome.created],
            "updated": [d.pk for d in outcome.updated],
            "unchanged": [d.pk for d in outcome.unchanged],
            "locked": [d.pk for d in outcome.locked],
            # Another department's forms in a filer's file: not imported, with why.
            "skipped": [
                {
                    "project_name": item.declaration.project_name,
                    "department_code": item.declaration.department_code,
                    "reason": item.reason,
                }
                for item in outcome.skipped
            ],
            "notes": outcome.record.notes,
        },
        status=201 if outcome.created else 200,
    )
