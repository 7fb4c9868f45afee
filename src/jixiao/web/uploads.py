"""Uploaded files kept between the import preview and its confirmation.

The bytes are stored on disk under their sha256 and the user's session remembers which
hashes it uploaded, so a confirmation can only import a file this session previewed, and
re-reads (re-validates) exactly the bytes that were previewed.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from django.conf import settings

from jixiao.core.errors import FormError, JixiaoError
from jixiao.core.importers.base import ImportResult, read_bytes
from jixiao.core.importers.limits import ImportLimits

SESSION_KEY = "pending_imports"
KEEP = 5
ALLOWED_SUFFIXES = (".txt", ".pdf", ".xlsx", ".xlsm", ".json")
_SHA = re.compile(r"^[0-9a-f]{64}$")
logger = logging.getLogger(__name__)


def read(data: bytes, name: str, *, format: str = "auto") -> ImportResult:
    """The forms of an uploaded file, within the import limits of the settings.

    The importers answer every bad file with a ``FormError`` (the fuzz tests hold them to
    it); should one still fail otherwise, the user gets a message and the log the traceback,
    never a server error page."""
    try:
        return read_bytes(data, name, format=format, limits=limits())
    except JixiaoError:
        raise
    except Exception as exc:
        logger.exception("import of %s failed", name)
        raise FormError("读取时出现意外错误（已记录），请检查文件或联系管理员", file=name) from exc


def limits() -> ImportLimits:
    return ImportLimits.from_mapping(settings.JIXIAO_IMPORT_LIMITS)


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "pending-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep(session, data: bytes, name: str) -> str:
    sha = hashlib.sha256(data).hexdigest()
    (_folder() / sha).write_bytes(data)
    pending = dict(session.get(SESSION_KEY, {}))
    pending.pop(sha, None)
    pending[sha] = name
    for old in list(pending)[:-KEEP]:
        del pending[old]
    session[SESSION_KEY] = pending
    return sha


def fetch(session, sha: str) -> tuple[bytes, str] | None:
    """The bytes and file name this session uploaded under ``sha``, if any."""
    name = session.get(SESSION_KEY, {}).get(sha)
    if not name or not _SHA.match(sha):
        return None
    path = _folder() / sha
    if not path.exists():
        return None
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha:
        return None
    return data, name


def forget(session, sha: str) -> None:
    pending = dict(session.get(SESSION_KEY, {}))
    pending.pop(sha, None)
    session[SESSION_KEY] = pending
    if _SHA.match(sha):
        (_folder() / sha).unlink(missing_ok=True)
