"""`make fuzz`: the importers on 10,000 (or N) damaged inputs, each its own file.

``python -m tests.fuzz.run_long [N] [SEED]``.  The inputs are the mutations of
``tests/importers/inputs.py`` (one to three rounds each) of the real shared forms and of the
project's own exports (text, JSON, Excel, PDF), plus the bombs.  Prints the count per format,
the unhandled exceptions (tracebacks; the goal is 0), the inputs slower than 5 s (hangs; goal
0), the slowest time and the peak memory of this process and of the PDF workers.  Exit status
1 when a traceback or a hang was seen.

A hang is an input that takes more than 5 s of CPU (this process and its PDF worker); the
wall time is printed too, but on a shared machine it mostly measures the others' load.
"""

from __future__ import annotations

import os
import random
import resource
import sys
import time
import traceback
from collections import Counter

from jixiao.core.declaration import dumps
from jixiao.core.errors import FormError
from jixiao.core.importers.base import read_bytes
from tests.importers.inputs import bombs, corpus, mutated

HANG = 5.0
# PDFs cost a worker process each: a smaller share.
WEIGHTS = {".txt": 3, ".json": 3, ".xlsx": 3, ".pdf": 1}


def _rss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _cpu() -> float:
    used = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in used)


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 10_000
    rng = random.Random(int(argv[1]) if len(argv) > 1 else 17)
    samples = corpus()
    weights = [WEIGHTS[name[name.rindex(".") :]] for name, _ in samples]
    for name, data in samples:  # warm the lazy imports so they count in the baseline
        read_bytes(data, name)
    baseline = _rss_mb()
    inputs = [(f"bomb:{key}", name, data) for key, (name, data) in bombs().items()]
    per_format: Counter = Counter()
    outcomes: Counter = Counter()
    tracebacks: list[str] = []
    hangs: list[str] = []
    slowest = (0.0, "")
    slowest_wall = (0.0, "")
    started = time.monotonic()
    for i in range(count):
        if i < len(inputs):
            label, name, data = inputs[i]
        else:
            name, data = rng.choices(samples, weights)[0]
            for _ in range(rng.randint(1, 3)):
                data = mutated(rng, name, data)
            label = f"#{i}"
        per_format[name[name.rindex(".") :]] += 1
        t, cpu = time.monotonic(), _cpu()
        try:
            result = read_bytes(data, name)
            dumps(result.declarations)
            outcomes["forms"] += 1
        except FormError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(f"文件 {name}"), str(exc)
            outcomes["refused"] += 1
        except Exception:
            tracebacks.append(f"{label} {name}: {traceback.format_exc()}")
        took, wall = _cpu() - cpu, time.monotonic() - t
        if took > HANG:
            hangs.append(f"{label} {name}: {took:.1f} s")
        slowest = max(slowest, (took, f"{label} {name}"))
        slowest_wall = max(slowest_wall, (wall, f"{label} {name}"))
        if (i + 1) % 1000 == 0:
            print(f"  {i + 1:,} inputs, {time.monotonic() - started:.0f} s", flush=True)
    print(f"inputs: {count:,} ({', '.join(f'{k} {v:,}' for k, v in sorted(per_format.items()))})")
    print(f"outcome: {outcomes['forms']:,} read, {outcomes['refused']:,} refused with a message")
    print(f"tracebacks: {len(tracebacks)}")
    for entry in tracebacks[:5]:
        print(entry)
    print(f"hangs over {HANG:g} s of CPU: {len(hangs)}  {' '.join(hangs[:5])}")
    print(f"slowest: {slowest[0]:.2f} s of CPU ({slowest[1]})")
    print(f"slowest wall time: {slowest_wall[0]:.2f} s ({slowest_wall[1]}); load {_load()}")
    print(
        f"peak memory: this process {_rss_mb():.0f} MB (+{_rss_mb() - baseline:.0f} MB over "
        f"{baseline:.0f} MB after warm-up); PDF workers {_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB"
    )
    print(f"wall time: {time.monotonic() - started:.0f} s")
    return 1 if tracebacks or hangs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
