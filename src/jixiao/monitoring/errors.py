"""Errors of monitoring and self-evaluation a user can cause, in Chinese."""

from __future__ import annotations

from jixiao.core.errors import JixiaoError


class MonitoringError(JixiaoError):
    """An action refused: wrong state or role, or what was entered does not hold together.

    ``problems`` lists the core's problems (``core.evaluation.common.Problem``) where the
    refusal comes from them, so that a page can show each beside its field.
    """

    def __init__(self, message: str, *, problems: list | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class ConcurrencyError(MonitoringError):
    """Someone saved the report (or self-evaluation) since this page was loaded: nothing was
    written.  The declarations' lock (``declarations.errors.ConcurrencyError``), for the
    filed records of monitoring."""

    def __init__(self, *, noun: str, expected_version: int, current_version: int) -> None:
        loaded = f"第 {expected_version} 版" if expected_version > 0 else "尚未保存时的页面"
        super().__init__(
            f"保存失败：该{noun}已被他人修改（您打开的是{loaded}，当前为第 {current_version} 版）。"
            "您的修改没有保存，也没有覆盖他人的修改；请对照下方已保存的内容后重新保存。"
        )
        self.expected_version = expected_version
        self.current_version = current_version
