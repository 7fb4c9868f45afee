"""Import in the browser: upload a file, see what it would create or update (with the import
notes and the review's findings), then confirm.  The confirmation re-reads the very bytes
that were previewed, so what is stored is what was shown.  Several files at once are a
background job (批量导入): each file in its own transaction, a report for download."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from jixiao.core.errors import JixiaoError
from jixiao.declarations import services
from jixiao.declarations.finding_text import findings_for_viewers
from jixiao.jobs.services import job_start_import
from jixiao.web import uploads


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or several files (Django's recipe); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data] or [one(None, initial)]
        return [one(data, initial)]


class UploadForm(forms.Form):
    file = MultipleFileField(label="文件")

    def clean_file(self):
        files = self.cleaned_data["file"]
        limit = settings.JIXIAO_UPLOAD_MAX_BYTES
        for upload in files:
            if upload.size > limit:
                raise forms.ValidationError(
                    f"文件 {upload.name} 有 {upload.size / 1048576:.1f} MB，超过上限 {limit / 1048576:.0f} MB"
                )
            if Path(upload.name).suffix.lower() not in uploads.ALLOWED_SUFFIXES:
                raise forms.ValidationError(
                    f"不支持的文件类型：{upload.name}。请上传文本（.txt）、PDF、Excel（.xlsx）或 JSON 文件"
                )
        if len(files) > settings.JIXIAO_IMPORT_MAX_FILES:
            raise forms.ValidationError(
                f"一次选择了 {len(files)} 个文件，最多 {settings.JIXIAO_IMPORT_MAX_FILES} 个，请分批导入"
            )
        return files


def _may_import(user) -> bool:
    return user.is_filer or user.sees_all_departments


@login_required
def import_upload(request):
    if not _may_import(request.user):
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and len(form.cleaned_data["file"]) > 1:
        # Several files: a background job imports them one by one (no preview), with a report.
        files = [(upload.name, upload.read()) for upload in form.cleaned_data["file"]]
        job = job_start_import(user=request.user, files=files)
        return redirect("jobs:job_detail", job.pk)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"][0]
        data = upload.read()
        try:
            uploads.read(data, upload.name)
        except JixiaoError as exc:
            form.add_error("file", str(exc))
        else:
            sha = uploads.keep(request.session, data, upload.name)
            return redirect("web:import_preview", sha=sha)
    context = {
        "nav": "declare",
        "form": form,
        "max_mb": settings.JIXIAO_UPLOAD_MAX_BYTES // 1048576,
    }
    return render(request, "web/import_upload.html", context)


@login_required
def import_preview(request, sha):
    if not _may_import(request.user):
        raise Http404
    kept = uploads.fetch(request.session, sha)
    if kept is None:
        raise Http404("没有找到待导入的文件，请重新上传")
    data, name = kept
    error = ""
    plan = []
    result = None
    try:
        result = uploads.read(data, name)
        plan = services.import_plan(result=result, user=request.user)
    except JixiaoError as exc:
        error = str(exc)
    if request.method == "POST" and result is not None and not error:
        try:
            outcome = services.declaration_import(result=result, user=request.user)
        except JixiaoError as exc:
            error = str(exc)
        else:
            uploads.forget(request.session, sha)
            messages.success(request, f"已导入 {name}：{outcome.counts_text()}。")
            return redirect("web:declaration_list")
    # The stored findings of existing forms name other declarations: worded for this user.
    worded = findings_for_viewers([item.review.get("findings") for item in plan], request.user)
    for item, findings in zip(plan, worded, strict=True):
        item.review["findings"] = findings
    context = {
        "nav": "declare",
        "name": name,
        "sha": sha,
        "result": result,
        "plan": plan,
        "error": error,
        "counts": {
            action: sum(1 for item in plan if item.action == action)
            for action in ("create", "update", "unchanged", "skipped")
        },
        # Existing forms past editing (in review, approved): shown, never overwritten.
        "locked": sum(1 for item in plan if item.action == "locked"),
    }
    return render(request, "web/import_preview.html", context)
