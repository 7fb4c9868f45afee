"""Fixtures every test may use: the shared data beside the repository."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TARGETS_TXT = SHARED / "data" / "shangdang-2023-targets.txt"
EXPECTED_JSON = SHARED / "data" / "shangdang-2023-expected.json"

# Property tests run on a loaded 2-core CI machine: no per-example deadline, no slowness check.
hypothesis_settings.register_profile(
    "jixiao", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
hypothesis_settings.load_profile("jixiao")


@pytest.fixture(scope="session")
def expected_data() -> list[dict]:
    return json.loads(EXPECTED_JSON.read_text("utf-8"))


@pytest.fixture(scope="session")
def expected_declarations(expected_data):
    from jixiao.core.declaration import Declaration

    return [Declaration.from_dict(item) for item in expected_data]


# The fixed cast of the web tests (filer, reviewers, outsider, a clean draft).
pytest_plugins = ["tests.factories"]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Real password hashing (PBKDF2) costs about a second per test that makes users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_sessionfinish(session):
    """SQLite's WAL files of the test database, left when a thread (a live server's keep-alive
    connection) still held the database as Django removed it."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    name = (database.get("TEST") or {}).get("NAME")
    if not name or "sqlite" not in database["ENGINE"] or Path(name).exists():
        return
    for suffix in ("-wal", "-shm"):
        Path(f"{name}{suffix}").unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def jobs_in_process(settings, tmp_path):
    """Background jobs run at once inside the request that starts them (django-tasks'
    immediate backend), their files in a temporary MEDIA_ROOT; ``tests/jobs`` also runs
    one through the database backend and a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
