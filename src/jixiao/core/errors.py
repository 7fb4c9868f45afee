"""Errors a user can cause, with a Chinese message that says what is wrong and where."""

from __future__ import annotations


class JixiaoError(Exception):
    """Base of every error the domain reports to a user (never a traceback)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class FormError(JixiaoError):
    """A file that cannot be read as a form: names the file, the line and the field."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.field = field

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(f"文件 {self.file}")
        if self.line:
            where.append(f"第 {self.line} 行")
        if self.field:
            where.append(f"字段「{self.field}」")
        prefix = "，".join(where)
        return f"{prefix}：{self.message}" if prefix else self.message

    def located(self, *, file: str | None = None, line: int | None = None) -> FormError:
        """The same error with the file (and line) filled in where they were unknown."""
        return FormError(
            self.message,
            file=self.file or file,
            line=self.line or line,
            field=self.field,
        )
