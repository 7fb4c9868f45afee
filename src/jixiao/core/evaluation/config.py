"""The thresholds of monitoring and self-evaluation, read from ``config/evaluation.toml``.

Every figure is configuration (provinces set their own); a deployment may point at its own
copy of the file.  A file that does not hold together (bands out of order, points that do not
add up to 100) is refused with a message naming the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path

from jixiao.core.errors import FormError

PARTS = ("outputs", "benefits", "satisfaction", "cost")
PART_LABELS = {
    "budget": "预算执行率",
    "outputs": "产出指标",
    "benefits": "效益指标",
    "satisfaction": "满意度指标",
    "cost": "成本指标",
}
GRADES = ("achieved", "partly", "not_achieved")
GRADE_LABELS = {"achieved": "达成", "partly": "部分达成", "not_achieved": "未达成"}
SHORTFALL_LEVELS = ("note", "yellow", "red")


@dataclass(frozen=True)
class MonitoringConfig:
    red_below: Decimal
    yellow_below: Decimal
    over_achievement: Decimal
    cumulative_level2: tuple[str, ...]
    money_expected_shortfall: str


@dataclass(frozen=True)
class SelfEvaluationConfig:
    budget: Decimal
    part_points: dict[str, Decimal]  # outputs, benefits, satisfaction, cost
    cost_within_outputs: bool
    over_achievement: Decimal
    level1: dict[str, tuple[str, ...]]  # part → level1 labels
    qualitative: dict[str, tuple[Decimal, Decimal]]  # grade → (low %, high %)

    def part_of(self, level1: str) -> str | None:
        """The part (outputs, benefits …) an indicator's level1 is scored in."""
        for part, labels in self.level1.items():
            if level1 in labels:
                return "outputs" if part == "cost" and self.cost_within_outputs else part
        return None


@dataclass(frozen=True)
class EvaluationConfig:
    monitoring: MonitoringConfig
    self_evaluation: SelfEvaluationConfig
    grades: tuple[tuple[str, Decimal], ...]  # (grade, lowest score), best first

    def grade_of(self, total: Decimal) -> str:
        for grade, lowest in self.grades:
            if total >= lowest:
                return grade
        return self.grades[-1][0]


def _decimal(value: object, key: str, source: str) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise FormError(f"「{key}」应为数字，而不是 {value!r}", file=source) from None


def parse_config(text: str, *, source: str = "evaluation.toml") -> EvaluationConfig:
    try:
        data = tomllib.loads(text)
        mon, sev = data["monitoring"], data["self_evaluation"]
        grades_table = data["grades"]
    except tomllib.TOMLDecodeError as exc:
        raise FormError(f"不是有效的 TOML：{exc}", file=source) from None
    except KeyError as exc:
        raise FormError(f"缺少配置节 [{exc.args[0]}]", file=source) from None

    def num(table: dict, key: str, section: str) -> Decimal:
        if key not in table:
            raise FormError(f"缺少配置项「{section}.{key}」", file=source)
        return _decimal(table[key], f"{section}.{key}", source)

    monitoring = MonitoringConfig(
        red_below=num(mon, "red_below", "monitoring"),
        yellow_below=num(mon, "yellow_below", "monitoring"),
        over_achievement=num(mon, "over_achievement", "monitoring"),
        cumulative_level2=tuple(mon.get("cumulative_level2", ())),
        money_expected_shortfall=mon.get("money_expected_shortfall", "note"),
    )
    if not monitoring.red_below <= monitoring.yellow_below:
        raise FormError("「monitoring.red_below」不能大于「yellow_below」", file=source)
    if monitoring.money_expected_shortfall not in SHORTFALL_LEVELS:
        raise FormError(
            "「monitoring.money_expected_shortfall」应为 note、yellow 或 red", file=source
        )

    points = {part: num(sev, part, "self_evaluation") for part in PARTS}
    budget = num(sev, "budget", "self_evaluation")
    cost_within = bool(sev.get("cost_within_outputs", True))
    counted = sum(v for k, v in points.items() if not (k == "cost" and cost_within)) + budget
    if counted != 100:
        raise FormError(
            f"自评各部分分值之和应为 100，现为 {counted}（self_evaluation 的 budget、outputs、"
            "benefits、satisfaction 与 cost）",
            file=source,
        )
    qualitative = {}
    for grade in GRADES:
        low, high = sev.get("qualitative", {}).get(grade, (None, None))
        band = (
            _decimal(low, f"qualitative.{grade}", source),
            _decimal(high, f"qualitative.{grade}", source),
        )
        if not Decimal(0) <= band[0] <= band[1] <= Decimal(100):
            raise FormError(
                f"「self_evaluation.qualitative.{grade}」应在 0–100 之间且由低到高", file=source
            )
        qualitative[grade] = band
    self_evaluation = SelfEvaluationConfig(
        budget=budget,
        part_points=points,
        cost_within_outputs=cost_within,
        over_achievement=num(sev, "over_achievement", "self_evaluation"),
        level1={part: tuple(sev.get("level1", {}).get(part, ())) for part in PARTS},
        qualitative=qualitative,
    )
    grades = tuple(
        (grade, _decimal(lowest, f"grades.{grade}", source))
        for grade, lowest in grades_table.items()
    )
    if [g[1] for g in grades] != sorted((g[1] for g in grades), reverse=True):
        raise FormError("[grades] 应按分数由高到低排列", file=source)
    return EvaluationConfig(monitoring=monitoring, self_evaluation=self_evaluation, grades=grades)


@cache
def default_config() -> EvaluationConfig:
    text = resources.files("jixiao.core.config").joinpath("evaluation.toml").read_text("utf-8")
    return parse_config(text)


def load_config(path: str | Path | None = None) -> EvaluationConfig:
    """The configuration at ``path``, or the built-in one when no path is given."""
    if not path:
        return default_config()
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise FormError(f"无法读取配置文件：{exc.strerror}", file=str(path)) from None
    return parse_config(text, source=str(path))
