"""Every change made in the Django admin leaves the project's own trace, field by field.

Django's ``LogEntry`` says only which fields changed; an ``AdminChange`` keeps each field's
value before and after (a password only as changed).  ``AuditedAdmin`` hooks the points
Django's admin calls after every successful save and before every deletion, so the add and
change forms, the inlines, bulk deletion and the password page are all covered.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models

from jixiao.declarations.models import AdminChange
from jixiao.declarations.services.audit import admin_change_write

HIDDEN_VALUE = "（已修改，内容不记录）"
_PENDING = "_jixiao_admin_changes"


def _is_secret(name: str, field: forms.Field | None) -> bool:
    return "password" in name or isinstance(getattr(field, "widget", None), forms.PasswordInput)


def _shown(field: forms.Field | None, value) -> str | None:
    """A value as the administrator saw it in the form: a choice's label, an object's name."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(field, forms.ModelMultipleChoiceField):
        items = value if isinstance(value, (list, tuple, models.QuerySet)) else [value]
        objects = [
            v if isinstance(v, models.Model) else field.queryset.filter(pk=v).first() for v in items
        ]
        return "、".join(sorted(str(o) for o in objects if o is not None)) or None
    if isinstance(field, forms.ModelChoiceField) and not isinstance(value, models.Model):
        value = field.queryset.filter(pk=value).first()
        return None if value is None else str(value)
    if isinstance(field, forms.ChoiceField):
        labels = {}
        for key, label in field.choices:
            if isinstance(label, (list, tuple)):  # a group of choices
                labels.update({str(k): str(v) for k, v in label})
            else:
                labels[str(key)] = str(label)
        return labels.get(str(value), str(value))
    return str(value)


def form_changes(form: forms.BaseForm, prefix: str = "") -> list[dict]:
    """Each changed field of a bound, valid form: its label, the value before and after."""
    out = []
    for name in form.changed_data:
        field = form.fields.get(name)
        label = f"{prefix}{field.label if field and field.label else name}"
        if _is_secret(name, field):
            out.append({"field": name, "label": label, "before": None, "after": HIDDEN_VALUE})
            continue
        before = _shown(field, form.initial.get(name, field.initial if field else None))
        after = _shown(field, form.cleaned_data.get(name))
        if before != after:
            out.append({"field": name, "label": label, "before": before, "after": after})
    return out


def formset_changes(formsets) -> list[dict]:
    """What the inlines added, changed and deleted."""
    out = []
    for formset in formsets or ():
        what = str(formset.model._meta.verbose_name)
        for obj in getattr(formset, "new_objects", ()):
            out.append({"field": "", "label": f"新增{what}", "before": None, "after": str(obj)})
        for sub in formset.forms:
            obj = sub.instance
            if sub in getattr(formset, "deleted_forms", ()) or not sub.has_changed():
                continue
            if obj.pk is None or obj in getattr(formset, "new_objects", ()):
                continue
            out.extend(form_changes(sub, prefix=f"{what}「{obj}」·"))
        for obj in getattr(formset, "deleted_objects", ()):
            out.append({"field": "", "label": f"删除{what}", "before": str(obj), "after": None})
    return out


def object_values(obj: models.Model) -> list[dict]:
    """Every concrete field of an object about to be deleted, so the trace keeps it."""
    out = []
    for field in obj._meta.concrete_fields:
        if field.primary_key or _is_secret(field.name, None):
            continue
        value = getattr(obj, field.name)
        if field.choices:
            value = getattr(obj, f"get_{field.name}_display")()
        shown = _shown(None, value)
        if shown is not None:
            out.append(
                {
                    "field": field.name,
                    "label": str(field.verbose_name),
                    "before": shown,
                    "after": None,
                }
            )
    return out


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every add, change and delete writes an ``AdminChange``."""

    def construct_change_message(self, request, form, formsets, add=False):
        # Django calls this right after a successful save, then log_addition / log_change.
        setattr(request, _PENDING, form_changes(form) + formset_changes(formsets))
        return super().construct_change_message(request, form, formsets, add)

    def log_addition(self, request, obj, message):
        admin_change_write(
            user=request.user, kind=AdminChange.Kind.ADD, obj=obj, changes=_pending(request)
        )
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        changes = _pending(request)
        if changes:  # "saved" with nothing changed leaves no trace
            admin_change_write(
                user=request.user, kind=AdminChange.Kind.CHANGE, obj=obj, changes=changes
            )
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        trace_deletions(request, queryset)
        return super().log_deletions(request, queryset)


def trace_deletions(request, queryset) -> None:
    """Called before the objects are deleted: keep each one's values."""
    for obj in queryset:
        admin_change_write(
            user=request.user, kind=AdminChange.Kind.DELETE, obj=obj, changes=object_values(obj)
        )


def _pending(request) -> list[dict]:
    return request.__dict__.pop(_PENDING, [])
