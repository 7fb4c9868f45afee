"""The settings module as `make run` and a deployment start it."""

import os
import subprocess
import sys


def _load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "-c", "import jixiao.settings as s; print(s.DEBUG)"],
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_it_refuses_debug_off_with_the_public_development_key():
    done = _load_settings(DEBUG="false")
    assert done.returncode != 0
    assert "DEBUG=false needs its own SECRET_KEY" in done.stderr


def test_it_starts_with_debug_off_and_a_key_of_its_own():
    done = _load_settings(DEBUG="false", SECRET_KEY="a-local-key-for-this-test")
    assert (done.returncode, done.stdout.strip()) == (0, "False")
