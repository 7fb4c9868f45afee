"""Uploaded files kept between the import preview and its confirmation.

The bytes are stored on disk under their sha256 and the user's session remembers which
hashes it uploaded, so a confirmation can only import a file this session previewed, and
re-reads (re-validates) exactly the bytes that were previewed.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from django.conf import settings

SESSION_KEY = "pending_imports"
KEEP = 5
ALLOWED_SUFFIXES = (".txt", ".pdf", ".xlsx", ".xlsm", ".json")
_SHA = re.compile(r"^[0-9a-f]{64}$")


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
