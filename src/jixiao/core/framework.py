"""The indicator framework (指标体系): which level2 categories sit under which level1.

Frameworks are configuration (``config/frameworks.toml``), chosen per region and year; the
seed forms use ``seed``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

DEFAULT_FRAMEWORK = "seed"


@dataclass(frozen=True)
class Framework:
    code: str
    label: str
    levels: dict[str, tuple[str, ...]]
    cost_level2: tuple[str, ...]
    satisfaction_level2: tuple[str, ...]
    output_level1: str
    benefit_level1: str
    satisfaction_level1: str
    cost_level1: str | None = None

    @property
    def level1s(self) -> tuple[str, ...]:
        return tuple(self.levels)

    @property
    def level2s(self) -> tuple[str, ...]:
        return tuple(l2 for l2s in self.levels.values() for l2 in l2s)

    def level1_of(self, level2: str) -> str | None:
        for level1, level2s in self.levels.items():
            if level2 in level2s:
                return level1
        return None

    def is_cost(self, level2: str) -> bool:
        return level2 in self.cost_level2

    def is_satisfaction(self, level2: str) -> bool:
        return level2 in self.satisfaction_level2

    def is_benefit(self, level1: str) -> bool:
        return level1 == self.benefit_level1

    def complete_label(self, cut: str) -> str | None:
        """The level2 label a cut label (``服务对象满意度指``) stands for, if exactly one."""
        if cut in self.level2s:
            return cut
        matches = [l2 for l2 in self.level2s if l2.startswith(cut)]
        return matches[0] if len(matches) == 1 else None


@cache
def frameworks() -> dict[str, Framework]:
    text = resources.files("jixiao.core.config").joinpath("frameworks.toml").read_text("utf-8")
    out = {}
    for code, spec in tomllib.loads(text).items():
        out[code] = Framework(
            code=code,
            label=spec["label"],
            levels={k: tuple(v) for k, v in spec["levels"].items()},
            cost_level2=tuple(spec["cost_level2"]),
            satisfaction_level2=tuple(spec["satisfaction_level2"]),
            output_level1=spec["output_level1"],
            benefit_level1=spec["benefit_level1"],
            satisfaction_level1=spec["satisfaction_level1"],
            cost_level1=spec.get("cost_level1"),
        )
    return out


def framework_choices() -> list[tuple[str, str]]:
    """(code, Chinese label) of every framework: what a form's select offers and shows."""
    return [(code, fw.label) for code, fw in frameworks().items()]


def get_framework(code: str = DEFAULT_FRAMEWORK) -> Framework:
    try:
        return frameworks()[code]
    except KeyError:
        known = "、".join(frameworks())
        raise KeyError(f"未知的指标体系 {code!r}（可选：{known}）") from None


def all_level2s() -> tuple[str, ...]:
    """Every level2 label of every framework (a parser must recognise them all)."""
    seen: dict[str, None] = {}
    for fw in frameworks().values():
        for l2 in fw.level2s:
            seen[l2] = None
    return tuple(seen)
