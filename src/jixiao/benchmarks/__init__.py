"""Benchmarks run by `make bench`: each module here has a ``run() -> list[str]`` that does its
workload and returns printed figures.  Add a module to add a benchmark."""
