"""The review's configuration: thresholds, word lists, framework, score and grades.

The defaults are ``jixiao/core/config/review.toml``; a file of the same shape, given by path,
is laid over them key by key.  Rule code reads every threshold and word list from here.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, get_type_hints

from jixiao.core.errors import JixiaoError
from jixiao.core.framework import Framework, get_framework

SEVERITIES = ("error", "warning", "hint")


class ConfigError(JixiaoError):
    """A configuration file that cannot be used, with the file and the key at fault."""


@dataclass(frozen=True)
class Grade:
    grade: str
    min_score: int
    conclusion: str


@dataclass(frozen=True)
class ScoreConfig:
    start: int
    floor: int
    deductions: dict[str, int]


@dataclass(frozen=True)
class DimensionConfig:
    order: tuple[str, ...]
    groups: dict[str, str]
    rules: dict[str, str]


@dataclass(frozen=True)
class CompletenessConfig:
    required_fields: tuple[str, ...]
    output_level2: tuple[str, ...]
    min_indicators_per_half: int


@dataclass(frozen=True)
class FundsConfig:
    cost_tolerance: float
    unit_cost_patterns: tuple[str, ...]


@dataclass(frozen=True)
class ValuesConfig:
    quantity_level2: tuple[str, ...]
    quality_level2: tuple[str, ...]
    timeliness_level2: tuple[str, ...]
    placeholders: tuple[str, ...]
    direction_words: tuple[str, ...]
    vague_words: tuple[str, ...]
    time_units: tuple[str, ...]
    time_words: tuple[str, ...]
    quality_words: tuple[str, ...]
    satisfaction_words: tuple[str, ...]
    cost_words: tuple[str, ...]
    saving_words: tuple[str, ...]
    input_metric_patterns: tuple[str, ...]
    name_units: tuple[str, ...]


@dataclass(frozen=True)
class TextConfig:
    fields: tuple[str, ...]
    shingle_size: int
    copied_similarity: float
    copied_containment: float
    copied_containment_min_chars: int
    copied_min_chars: int
    dangling_end_chars: tuple[str, ...]
    dangling_conjunctions: tuple[str, ...]
    magnitude_chars: tuple[str, ...]
    reduplication_exempt: tuple[str, ...]
    goal_generic_words: tuple[str, ...]
    goal_related_min_share: float
    goal_min_shingles: int
    overview_measures: tuple[str, ...]
    overview_units: tuple[str, ...]
    overview_label_chars: int
    overview_tolerance: float
    unit_factors: dict[str, list]


@dataclass(frozen=True)
class DetailsConfig:
    mobile_pattern: str
    landline_pattern: str


@dataclass(frozen=True)
class BatchConfig:
    name_similarity: float
    name_distinguishing_chars: str
    project_similarity: float
    project_shingle_size: int
    lsh_bands: int
    lsh_rows: int
    max_bucket: int
    boilerplate_min_chars: int
    boilerplate_min_declarations: int


@dataclass(frozen=True)
class ReviewConfig:
    framework: str
    disabled: tuple[str, ...]
    severity: dict[str, str]
    score: ScoreConfig
    grades: tuple[Grade, ...]
    dimensions: DimensionConfig
    completeness: CompletenessConfig
    funds: FundsConfig
    values: ValuesConfig
    text: TextConfig
    details: DetailsConfig
    batch: BatchConfig
    source: str = field(default="review.toml", compare=False)

    @property
    def indicator_framework(self) -> Framework:
        return get_framework(self.framework)

    def is_enabled(self, rule_id: str) -> bool:
        return rule_id not in self.disabled

    def severity_of(self, rule_id: str, default: str) -> str:
        return self.severity.get(rule_id, default)

    def deduction(self, severity: str) -> int:
        return self.score.deductions[severity]

    def grade_for(self, score: int) -> Grade:
        for grade in self.grades:
            if score >= grade.min_score:
                return grade
        return self.grades[-1]

    def dimension_of(self, rule_id: str, group: str) -> str:
        return self.dimensions.rules.get(rule_id) or self.dimensions.groups[group]


# -- loading ------------------------------------------------------------------------------


def _defaults() -> dict[str, Any]:
    text = resources.files("jixiao.core.config").joinpath("review.toml").read_text("utf-8")
    return tomllib.loads(text)


def _merge(base: dict[str, Any], over: dict[str, Any], where: str, source: str) -> dict:
    out = dict(base)
    for key, value in over.items():
        path = f"{where}.{key}" if where else key
        # Tables whose keys are open (rule ids, severities) take new keys; others do not.
        open_table = path in (
            "severity",
            "dimensions.rules",
            "dimensions.groups",
            "text.unit_factors",
        )
        if key not in base and not open_table:
            raise ConfigError(f"配置文件 {source}：未知的配置项 {path}")
        if isinstance(base.get(key), dict) and isinstance(value, dict):
            out[key] = (
                {**base[key], **value} if open_table else _merge(base[key], value, path, source)
            )
        else:
            out[key] = value
    return out


def _build(cls: type, data: Any, where: str, source: str) -> Any:
    """A frozen dataclass from a TOML table, lists turned into tuples, types checked."""
    hints = get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if not f.init or f.name == "source":
            continue
        path = f"{where}.{f.name}" if where else f.name
        if f.name not in data:
            raise ConfigError(f"配置文件 {source}：缺少配置项 {path}")
        kwargs[f.name] = _convert(hints[f.name], data[f.name], path, source)
    return cls(**kwargs)


def _convert(hint: Any, value: Any, path: str, source: str) -> Any:
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise ConfigError(f"配置文件 {source}：{path} 应为表")
        return _build(hint, value, path, source)
    origin = getattr(hint, "__origin__", None)
    if origin is tuple:
        item = hint.__args__[0]
        if not isinstance(value, list):
            raise ConfigError(f"配置文件 {source}：{path} 应为列表")
        return tuple(_convert(item, v, f"{path}[{i}]", source) for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"配置文件 {source}：{path} 应为表")
        return dict(value)
    if hint is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise ConfigError(f"配置文件 {source}：{path} 的值 {value!r} 类型不对")
    if hint in (int, str) and not (isinstance(value, hint) and not isinstance(value, bool)):
        raise ConfigError(f"配置文件 {source}：{path} 的值 {value!r} 类型不对")
    return value


def _validate(config: ReviewConfig) -> None:
    src = config.source
    try:
        get_framework(config.framework)
    except KeyError as exc:
        raise ConfigError(f"配置文件 {src}：{exc.args[0]}") from None
    for rule_id, severity in config.severity.items():
        if severity not in SEVERITIES:
            raise ConfigError(
                f"配置文件 {src}：规则 {rule_id} 的严重程度 {severity!r} 应为 error、warning 或 hint"
            )
    if set(config.score.deductions) != set(SEVERITIES):
        raise ConfigError(f"配置文件 {src}：score.deductions 须给出 error、warning、hint 的扣分")
    for pattern in (
        *config.values.input_metric_patterns,
        *config.funds.unit_cost_patterns,
        config.details.mobile_pattern,
        config.details.landline_pattern,
    ):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"配置文件 {src}：正则表达式 {pattern!r} 无效（{exc}）") from None
    if config.batch.lsh_bands < 1 or config.batch.lsh_rows < 1:
        raise ConfigError(f"配置文件 {src}：batch.lsh_bands 和 batch.lsh_rows 须为正整数")
    from jixiao.core.review.registry import all_rules

    known = all_rules()
    for rule_id in (*config.disabled, *config.severity, *config.dimensions.rules):
        if rule_id not in known:
            raise ConfigError(f"配置文件 {src}：未知的规则 {rule_id}")


def load_config(path: str | Path | None = None) -> ReviewConfig:
    """The defaults, or the defaults with the file at ``path`` laid over them."""
    if path is None:
        return _default_config()
    path = Path(path)
    try:
        over = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"配置文件 {path} 不存在") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"无法读取配置文件 {path}：{exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件 {path} 不是有效的 TOML：{exc}") from None
    data = _merge(_defaults(), over, "", str(path))
    config = dataclasses.replace(_build(ReviewConfig, data, "", str(path)), source=str(path))
    _validate(config)
    return config


@cache
def _default_config() -> ReviewConfig:
    config = _build(ReviewConfig, _defaults(), "", "review.toml")
    _validate(config)
    return config
