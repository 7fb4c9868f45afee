"""What the public may read of a published declaration: phone numbers masked, the filer's name
only where the bureau publishes it (``JIXIAO_PUBLIC_SHOW_HANDLER``)."""

from __future__ import annotations

from django.conf import settings

from jixiao.core import declaration as core
from jixiao.core.disclosure import mask_phone, mask_phones_in_text, public_declaration

__all__ = ["mask_phone", "mask_phones_in_text", "public_view"]


def public_view(decl: core.Declaration) -> core.Declaration:
    """The declaration as published: nothing the public should not see is left in it."""
    return public_declaration(decl, show_handler=settings.JIXIAO_PUBLIC_SHOW_HANDLER)
