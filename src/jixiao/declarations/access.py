"""Fetching one declaration for a user, the way every view and the API do it.

Anything the user may not see, or may not act on, is a 404: a stranger learns nothing, not
even that the declaration exists.
"""

from __future__ import annotations

from django.http import Http404

from jixiao.declarations import permissions
from jixiao.declarations.models import Declaration

NOT_FOUND = "没有找到该申报表，或您无权访问"


def get_declaration_for_user(
    user, pk, *, for_update: bool = False, action: str | None = None
) -> Declaration:
    """The declaration ``pk`` if ``user`` may see it, else ``Http404``.

    ``for_update``: the caller means to change it, so seeing it because it is published is
    not enough: it must be in the user's scope.  ``action`` (one of ``permissions.ACTIONS``):
    the user must be allowed that action now.
    """
    qs = (
        Declaration.objects.in_scope_of(user)
        if for_update
        else Declaration.objects.visible_to(user)
    )
    try:
        declaration = qs.select_related("department", "implementing_unit", "revision_of").get(pk=pk)
    except (Declaration.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None
    if action is not None and not permissions.may(user, action, declaration):
        raise Http404(NOT_FOUND)
    return declaration
