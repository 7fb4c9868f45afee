"""``make bench-web``: the province workload end to end on this machine's PostgreSQL.

Creates a database of its own, loads a synthetic year (``jixiao demo --synthetic``), times
saves in-process, serves the app with gunicorn and production settings, drives each page with
20 closed-loop clients from ``wrk`` on loopback, prints a table with each page's p95 beside a
bare view served by the same server in the same run, stops everything it started, and ends
with one line that an automated check reads::

    bench-web: N declarations, list p95 A ms, search p95 B ms, detail p95 C ms, save p95 D ms,
    bare p95 E ms, errors F

Settings (environment): ``BENCH_N`` (declarations, default 100,000), ``BENCH_DB`` (database
URL of the server to use, default ``postgres://postgres@127.0.0.1:5432/jixiao_bench``; the
database is dropped and created again), ``BENCH_SECONDS`` (per page, default 20),
``BENCH_CLIENTS`` (default 20), ``BENCH_WORKERS`` (gunicorn workers, default 3),
``BENCH_KEEP=1`` keeps the database afterwards.  Not run by ``make bench``: it takes minutes.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/jixiao_bench"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = _free_port()
YEAR = 2026
SAVES = 20
# wrk prints these from the Lua script's done(); latencies in microseconds.
_LUA = """
local paths = {%s}
local cookie = "%s"
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Cookie"] = cookie})
end
response = function(status, headers, body)
  if status >= 400 then bad = (bad or 0) + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT p50=%%d p95=%%d p99=%%d n=%%d errors=%%d\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout))
end
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=os.environ.get("BENCH_DB", DEFAULT_DB),
        DEBUG="false",
        SECRET_KEY="bench-web-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="jixiao.settings",
        DATABASE_CONN_MAX_AGE="60",
    )
    return env


def _jixiao(*args: str, env: dict[str, str]) -> None:
    subprocess.run([str(Path(sys.executable).parent / "jixiao"), *args], env=env, check=True)


def _recreate_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _drop_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def _saves(env: dict[str, str]) -> list[float]:
    """Seconds per save of a draft by its filer, as the web form saves it: a text edit and an
    indicator edit, alternately (both reach the rules across the year)."""
    code = f"""
import json, time, django
django.setup()
from jixiao.declarations.models import Declaration, Status
from jixiao.declarations.services import declaration_update
from jixiao.accounts.models import User
record = Declaration.objects.filter(fiscal_year={YEAR}, status=Status.DRAFT).order_by("pk")[5]
filer = User.objects.get(username=f"syn{{record.department.code}}_filer")
times = []
for i in range({SAVES}):
    data = record.to_core().to_dict()
    if i % 2:
        data["indicators"][0]["value"] = f"≥{{100 + i}}个"
    else:
        data["overview"] = (data["overview"] or "") + f"第{{i}}次修改。"
    started = time.perf_counter()
    record = declaration_update(declaration=record, data=data, user=filer,
                                expected_version=record.version)
    times.append(time.perf_counter() - started)
print("SAVES " + json.dumps(times))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout
    return [float(t) for t in re.search(r"SAVES (.*)", out).group(1).strip("[]").split(",")]


def _serve(env: dict[str, str], workers: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    proc = subprocess.Popen(
        [
            str(gunicorn), "jixiao.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
            "--workers", str(workers), "--worker-class", "gthread", "--threads", "4",
            "--timeout", "120", "--log-level", "warning",
        ],
        env=env,
        start_new_session=True,
    )  # fmt: skip
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def _session_cookie(username: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{PORT}"
    page = opener.open(f"{base}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(f"{base}/login/", data=body, headers={"Referer": base})
    opener.open(request).read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def _wrk(paths: list[str], cookie: str, *, seconds: int, clients: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_LUA % (", ".join(f'"{p}"' for p in paths), cookie))
    try:
        out = subprocess.run(
            [
                "wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds}s", "--timeout", "30s",
                "-s", script.name, f"http://127.0.0.1:{PORT}",
            ],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(script.name)
    found = re.search(r"RESULT p50=(\d+) p95=(\d+) p99=(\d+) n=(\d+) errors=(\d+)", out)
    p50, p95, p99, n, errors = (int(x) for x in found.groups())
    return {"p50": p50 / 1000, "p95": p95 / 1000, "p99": p99 / 1000, "n": n, "errors": errors}


def _pages(env: dict[str, str]) -> dict[str, list[str]]:
    """The paths each page is driven with: filters, sorts and deep pages vary per request."""
    code = f"""
import django
django.setup()
from jixiao.declarations.models import Declaration
from jixiao.accounts.models import Department
ids = list(Declaration.objects.filter(fiscal_year={YEAR}).order_by("?").values_list("pk", flat=True)[:200])
pub = list(Declaration.objects.published().order_by("?").values_list("pk", flat=True)[:200])
depts = list(Department.objects.order_by("?").values_list("code", flat=True)[:20])
print("IDS", *ids); print("PUB", *pub); print("DEPTS", *depts)
print("COUNT", Declaration.objects.filter(fiscal_year={YEAR}).count())
"""
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout
    ids = re.search(r"IDS (.*)", out).group(1).split()
    pub = re.search(r"PUB (.*)", out).group(1).split()
    depts = re.search(r"DEPTS (.*)", out).group(1).split()
    # The API's pages of 50 (jixiao.declarations.api.PAGE_SIZE), all within the year.
    pages = max(1, -(-int(re.search(r"COUNT (\d+)", out).group(1)) // 50))
    sorts = ["-date", "name", "-amount", "score", "-score", "status"]
    lists = []
    for k in range(40):
        query = {"year": YEAR, "sort": sorts[k % len(sorts)], "page": 1 + (k * 37) % 200}
        if k % 3 == 0:
            query["department"] = depts[k % len(depts)]
        if k % 4 == 1:
            query["status"] = ("draft", "submitted", "published", "dept_approved")[k % 4]
        if k % 5 == 2:
            query["grade"] = ("优", "良", "中", "差")[k % 4]
        lists.append("/declarations/?" + urllib.parse.urlencode(query))
    words = ["改造", "农村公路", "老旧小区", "补助资金", "卫生", "八义镇", "提档升级", "管网"]
    return {
        "bare view": ["/healthz"],
        "list": lists,
        "search": [
            "/declarations/?" + urllib.parse.urlencode({"year": YEAR, "q": w}) for w in words
        ],
        "detail": [f"/declarations/{pk}/" for pk in ids],
        "public list": ["/public/", *(f"/public/?page={p}" for p in (2, 50, 300))],
        "public detail": [f"/public/{pk}/" for pk in pub] or ["/public/"],
        "API list": [
            f"/api/declarations/?year={YEAR}&page={p}"
            for p in sorted({1, 2, max(1, pages // 10), max(1, pages // 2), pages})
        ],
    }


def main() -> int:
    count = int(os.environ.get("BENCH_N", "100000"))
    seconds = int(os.environ.get("BENCH_SECONDS", "20"))
    clients = int(os.environ.get("BENCH_CLIENTS", "20"))
    workers = int(os.environ.get("BENCH_WORKERS", "3"))
    if shutil.which("wrk") is None:
        print("bench-web needs wrk (apt-get install wrk)", file=sys.stderr)
        return 2
    env = _env()
    url = env["DATABASE_URL"]
    started = time.monotonic()
    _recreate_database(url)
    server = None
    try:
        _jixiao("migrate", "--noinput", "-v", "0", env=env)
        _jixiao("demo", "--synthetic", str(count), "--year", str(YEAR), env=env)
        loaded = time.monotonic() - started
        saves = _saves(env)
        paths = _pages(env)
        server = _serve(env, workers)
        cookie = _session_cookie("syn_finance", "jixiao-demo-2023")
        # Warm every worker (imports, connections, caches) before anything is counted.
        _wrk(paths["detail"] + paths["list"], cookie, seconds=3, clients=clients)
        results = {}
        for name in ("bare view", *[p for p in paths if p != "bare view"], "bare view"):
            key = name if name not in results else "bare view (last)"
            results[key] = _wrk(paths[name], cookie, seconds=seconds, clients=clients)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if os.environ.get("BENCH_KEEP") != "1":
            _drop_database(url)
    bare = max(results["bare view"]["p95"], results["bare view (last)"]["p95"])
    print(
        f"\n{count:,} declarations loaded in {loaded:.0f} s; {clients} clients, {seconds} s a page"
    )
    print(
        f"{'page':<18}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'× bare':>9}{'requests':>10}{'errors':>8}"
    )
    for name, r in results.items():
        print(
            f"{name:<18}{r['p50']:>10.1f}{r['p95']:>10.1f}{r['p99']:>10.1f}"
            f"{r['p95'] / bare:>9.1f}{r['n']:>10}{r['errors']:>8}"
        )
    ordered = sorted(saves)
    save_p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000
    print(
        f"save (in-process, {SAVES} saves): median {statistics.median(saves) * 1000:.0f} ms, "
        f"p95 {save_p95:.0f} ms"
    )
    errors = sum(r["errors"] for r in results.values())
    print(
        f"bench-web: {count} declarations, list p95 {results['list']['p95']:.0f} ms, "
        f"search p95 {results['search']['p95']:.0f} ms, detail p95 {results['detail']['p95']:.0f} ms, "
        f"save p95 {save_p95:.0f} ms, bare p95 {bare:.0f} ms, errors {errors}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
