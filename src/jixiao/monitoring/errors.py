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
