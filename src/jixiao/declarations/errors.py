"""Errors the workflow reports to a user, in Chinese."""

from __future__ import annotations

from jixiao.core.errors import JixiaoError


class WorkflowError(JixiaoError):
    """An action not allowed now: wrong state, wrong role, a missing comment, review errors.

    ``field`` points at the form where the problem lies (a key of declaration/1), if it does.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ConcurrencyError(JixiaoError):
    """Someone else saved the declaration since this editor loaded it: nothing was written.

    Carries both versions so the page can show them side by side.
    """

    def __init__(
        self,
        *,
        declaration_id: int,
        expected_version: int,
        current_version: int | None,
        theirs: dict | None = None,
        mine: dict | None = None,
    ) -> None:
        super().__init__(
            "保存失败：您打开编辑页之后，该申报表已被他人修改"
            f"（修改计数 {expected_version} → {current_version}）。"
            "您的修改没有保存，也没有覆盖他人的修改；请对照两者后重新编辑。"
        )
        self.declaration_id = declaration_id
        self.expected_version = expected_version
        self.current_version = current_version
        self.theirs = theirs
        self.mine = mine
