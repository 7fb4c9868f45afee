"""What the public may see of a declaration: the phone number masked, the filer optional.

Used by every public output (the disclosure booklet, the open-data files, anonymous downloads).
"""

from __future__ import annotations

import re

from jixiao.core.declaration import Declaration

_DIGIT = re.compile(r"\d")


def mask_phone(phone: str | None) -> str | None:
    """The phone number with the four digits before its last four hidden: 138****1234.

    Separators are kept (``0355-808****``… stays readable as a landline); a number of four
    digits or fewer is hidden entirely.
    """
    if not phone:
        return phone
    positions = [m.start() for m in _DIGIT.finditer(phone)]
    hidden = set(positions) if len(positions) <= 4 else set(positions[-8:-4])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(phone))


def public_declaration(decl: Declaration, *, show_handler: bool = False) -> Declaration:
    """A copy fit for publication: phone masked, the filer's name only if ``show_handler``."""
    return decl.model_copy(
        update={
            "phone": mask_phone(decl.phone),
            "handler": decl.handler if show_handler else None,
        }
    )
