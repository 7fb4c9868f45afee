"""What the public reads of a record: the one place every public output gets it from.

The public page, the API answering someone outside the declaration's scope, the public PDF,
the booklet and the open-data files all read a published declaration through
``public_record``: its published content as ``jixiao.core.disclosure.public_declaration``
masks it (the phone; the filer unless ``JIXIAO_PUBLIC_SHOW_HANDLER``), and nothing of the
record besides (no review, score, comments, audit, versions or revision).  A record that is
not public (unpublished, or a revision of a published one) has no public view: a 404.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404

from jixiao.core import declaration as core
from jixiao.core.disclosure import public_declaration
from jixiao.declarations import permissions
from jixiao.declarations.access import NOT_FOUND
from jixiao.declarations.models import Declaration


def public_record(record: Declaration) -> core.Declaration:
    """The published form of ``record`` as anyone may read it."""
    if not permissions.is_public(record):
        raise Http404(NOT_FOUND)
    return public_declaration(record.to_core(), show_handler=settings.JIXIAO_PUBLIC_SHOW_HANDLER)


def public_records(records) -> list[core.Declaration]:
    return [public_record(record) for record in records]


def record_for(user, record: Declaration) -> core.Declaration:
    """``record`` as ``user`` reads it: in full within their scope, else its public form."""
    if permissions.in_scope(user, record):
        return record.to_core()
    return public_record(record)
