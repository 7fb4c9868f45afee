"""Importers: files in any supported format → declarations, with import notes.

``read_forms`` is the one entry point the CLI, the web upload and the tests use.  Each format
has a module of its own here; a new format is a new module plus a line in ``READERS``.
"""

from __future__ import annotations

from jixiao.core.importers.base import ImportNote, ImportResult, detect_format, read_forms

__all__ = ["ImportNote", "ImportResult", "detect_format", "read_forms"]
