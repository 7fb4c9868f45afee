"""`python -m jixiao.benchmarks [NAME...]`: run the benchmarks and print their figures."""

import importlib
import pkgutil
import sys

import jixiao.benchmarks as package

# Run on their own (``make bench-web``): they start servers and take minutes.
SEPARATE = {"web"}


def main(argv: list[str]) -> None:
    names = argv or sorted(
        m.name
        for m in pkgutil.iter_modules(package.__path__)
        if not m.name.startswith("_") and m.name not in SEPARATE
    )
    for name in names:
        module = importlib.import_module(f"jixiao.benchmarks.{name}")
        print(f"== {name}", flush=True)
        for line in module.run():
            print(f"   {line}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
