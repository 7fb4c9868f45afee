"""Monitoring during the year and self-evaluation after it (运行监控 与 绩效自评).

- ``config``: the thresholds, from ``core/config/evaluation.toml``;
- ``monitoring``: a round's report → traffic light with reasons (``assess``);
- ``scoring``: a year-end self-evaluation → score, grade and the arithmetic (``evaluate``);
- ``common``: reading reported values against their targets, problems, rounding.
"""
