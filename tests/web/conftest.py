import pytest


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    """Uploaded files waiting for confirmation go to a temporary folder, not the project's."""
    settings.MEDIA_ROOT = tmp_path / "media"
