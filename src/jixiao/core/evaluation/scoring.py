"""Self-evaluation (绩效自评) scored by the central rule for project spending, 财预〔2020〕10号.

Budget execution is worth 10 points, outputs 50, benefits 30 and satisfaction 10 (all
configuration).  A part with no indicator gives its points to the other parts in proportion.
Within a part the points split evenly over its indicators, unless the filer gives every one of
them an integer weight and the weights add up to the part's points.  Each indicator scores by
what its target asks (a minimum, a maximum, zero, a deadline, a grade), capped at its weight;
the total decides the grade.  Every step is kept as a line of Chinese text with its arithmetic,
so that a filer can check the score by hand.

Arithmetic is exact (``Decimal``); scores are rounded to two decimals only when presented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core.declaration import Indicator
from jixiao.core.evaluation.common import (
    Problem,
    ReadError,
    is_cost,
    money,
    pct,
    r2,
    read_date,
    read_quantity,
    show_quantity,
    subject_of,
    target_number,
    target_reading,
)
from jixiao.core.evaluation.common import direction_of as _direction
from jixiao.core.evaluation.config import (
    GRADE_LABELS,
    PART_LABELS,
    EvaluationConfig,
    default_config,
)

ZERO = Decimal(0)


@dataclass(frozen=True)
class IndicatorActual:
    """What the filer enters for one annual indicator at year end."""

    indicator: Indicator
    actual: str = ""
    weight: Decimal | None = None  # the filer's own weight (points), or None to split evenly
    grade: str | None = None  # achieved / partly / not_achieved (qualitative and missed dates)
    proposed: Decimal | None = None  # the points the filer proposes within the grade's band
    deviation: str = ""  # 偏差原因分析及改进措施


@dataclass(frozen=True)
class SelfEvaluationInput:
    fiscal_year: int
    budget: Decimal  # the year's budget (全年预算数), 元
    executed: Decimal  # executed in the year (全年执行数), 元
    indicators: list[IndicatorActual]


@dataclass
class IndicatorScore:
    item: IndicatorActual
    index: int
    part: str | None
    weight: Decimal
    score: Decimal
    explanation: str
    achievement: Decimal | None = None  # actual ÷ target, where that means something

    @property
    def full(self) -> bool:
        return self.score >= self.weight


@dataclass
class SelfEvaluationResult:
    budget: Decimal
    executed: Decimal
    execution_rate: Decimal | None
    budget_weight: Decimal
    budget_score: Decimal
    budget_line: str
    part_weights: dict[str, Decimal]
    weight_lines: list[str]
    indicators: list[IndicatorScore]
    total: Decimal
    grade: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        """The score explained step by step, as shown on the page and the form."""
        out = [self.budget_line, *self.weight_lines]
        out += [s.explanation for s in self.indicators]
        parts = " + ".join(str(r2(x)) for x in [self.budget_score, *self.part_scores().values()])
        out.append(f"合计：{parts} = {r2(self.total)} 分，等级「{self.grade}」。")
        return out

    def part_scores(self) -> dict[str, Decimal]:
        scores: dict[str, Decimal] = {}
        for s in self.indicators:
            if s.part:
                scores[s.part] = scores.get(s.part, ZERO) + s.score
        return scores

    def invalid(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == "invalid"]


def evaluate(
    data: SelfEvaluationInput, *, config: EvaluationConfig | None = None
) -> SelfEvaluationResult:
    """Score a self-evaluation.  Never raises: what is wrong is listed in ``problems``."""
    config = config or default_config()
    sev = config.self_evaluation
    problems: list[Problem] = []

    budget_score, rate, budget_line = _budget(data.budget, data.executed, sev.budget)
    parts = [sev.part_of(item.indicator.level1) for item in data.indicators]
    for i, (item, part) in enumerate(zip(data.indicators, parts, strict=True)):
        if part is None:
            problems.append(
                Problem("invalid", "level1", f"一级指标「{item.indicator.level1}」不在自评的计分范围内",
                        i, subject_of(item.indicator))
            )  # fmt: skip
    part_weights, weight_lines = _part_weights(set(p for p in parts if p), sev)
    weights = _indicator_weights(data.indicators, parts, part_weights, problems)

    scores = []
    for i, item in enumerate(data.indicators):
        scored = _score_indicator(
            item, i, parts[i], weights[i], year=data.fiscal_year, config=config, problems=problems
        )
        scores.append(scored)
    total = budget_score + sum((s.score for s in scores), ZERO)
    return SelfEvaluationResult(
        budget=data.budget,
        executed=data.executed,
        execution_rate=rate,
        budget_weight=sev.budget,
        budget_score=budget_score,
        budget_line=budget_line,
        part_weights=part_weights,
        weight_lines=weight_lines,
        indicators=scores,
        total=total,
        grade=config.grade_of(r2(total)),
        problems=problems,
    )


# -- budget execution ----------------------------------------------------------------------


def _budget(
    budget: Decimal, executed: Decimal, weight: Decimal
) -> tuple[Decimal, Decimal | None, str]:
    head = f"预算执行率（{r2(weight)} 分）："
    if budget > 0:
        rate = executed / budget
        score = min(rate, Decimal(1)) * weight
        return (
            score,
            rate,
            (
                f"{head}执行 {money(executed)} 元 ÷ 预算 {money(budget)} 元 = {pct(rate)}，"
                f"{pct(min(rate, Decimal(1)))}（执行率超过 100% 按 100% 计）× {r2(weight)} = {r2(score)} 分。"
            ),
        )
    # A zero budget has no rate.  Nothing to spend and nothing spent is full execution; money
    # spent with no budget is not execution of a budget and earns nothing.
    if executed == 0:
        return weight, None, f"{head}年度预算为 0 且未执行，无执行偏差，得满分 {r2(weight)} 分。"
    return ZERO, None, (
        f"{head}年度预算为 0 却执行了 {money(executed)} 元，执行率无法计算，不得分（0 分）。"
    )  # fmt: skip


# -- weights -------------------------------------------------------------------------------


def _part_weights(present: set[str], sev) -> tuple[dict[str, Decimal], list[str]]:
    """Points per part; a part with no indicator gives its points to the others in proportion."""
    base = {
        p: w for p, w in sev.part_points.items() if not (p == "cost" and sev.cost_within_outputs)
    }
    missing = {p: w for p, w in base.items() if p not in present and w > 0}
    kept = {p: w for p, w in base.items() if p in present}
    lines = []
    if not missing or not kept:
        return kept, lines
    spare = sum(missing.values(), ZERO)
    kept_sum = sum(kept.values(), ZERO)
    out = {p: w + spare * w / kept_sum for p, w in kept.items()}
    names = "、".join(PART_LABELS[p] for p in missing)
    shares = "，".join(
        f"{PART_LABELS[p]} {r2(w)} + {r2(spare)} × {r2(w)} ÷ {r2(kept_sum)} = {r2(out[p])} 分"
        for p, w in kept.items()
    )
    lines.append(f"无{names}，其 {r2(spare)} 分按比例分给其余指标：{shares}。")
    return out, lines


def _indicator_weights(items, parts, part_weights, problems) -> list[Decimal]:
    weights = [ZERO] * len(items)
    for part, points in part_weights.items():
        members = [i for i, p in enumerate(parts) if p == part]
        given = [items[i].weight for i in members]
        if all(w is None for w in given):
            for i in members:
                weights[i] = points / len(members)
            continue
        label = PART_LABELS[part]
        bad = None
        if any(w is None for w in given):
            bad = f"{label}下的指标权重要么都填、要么都不填（不填则平均分配 {r2(points)} 分）"
        elif any(w != w.to_integral_value() or w < 0 for w in given):
            bad = f"{label}下的指标权重应为非负整数"
        elif sum(given, ZERO) != points:
            listed = " + ".join(str(w) for w in given)
            bad = f"{label}下的指标权重之和 {listed} = {sum(given, ZERO)}，应为 {r2(points)} 分"
        if bad:
            problems.append(Problem("invalid", "weight", bad, members[0], label))
            for i in members:  # score on even weights meanwhile, so the page still adds up
                weights[i] = points / len(members)
        else:
            for i in members:
                weights[i] = items[i].weight
    return weights


# -- one indicator -------------------------------------------------------------------------


def _score_indicator(item, index, part, weight, *, year, config, problems) -> IndicatorScore:
    ind = item.indicator
    subject = subject_of(ind)
    target = target_reading(ind, year=year)
    direction = _direction(target, cost=is_cost(ind))
    head = f"{ind.level1}·{subject}（权重 {r2(weight)} 分，目标 {ind.value}）："

    def problem(kind: str, fld: str, message: str) -> None:
        problems.append(Problem(kind, fld, message, index, subject))

    def result(score: Decimal, text: str, achievement: Decimal | None = None) -> IndicatorScore:
        return IndicatorScore(item, index, part, weight, score, head + text, achievement)

    if part is None:
        return result(ZERO, "不计分（一级指标不在计分范围内）。")
    actual = item.actual.strip()
    if not actual and direction not in ("qualitative", "unknown"):
        problem("incomplete", "actual", "未填写实际完成值")
        return result(ZERO, "未填写实际完成值，暂计 0 分。")

    if direction in ("min", "max", "zero"):
        try:
            value = read_quantity(actual, target)
        except ReadError as exc:
            problem("invalid", "actual", str(exc))
            return result(ZERO, f"实际值无法读取（{exc}），暂计 0 分。")
        goal = target_number(target)
        shown, shown_goal = show_quantity(value, target), show_quantity(goal, target)
        if direction == "min":
            scored = _score_min(value, goal, weight, shown, shown_goal)
        elif direction == "max":
            scored = _score_max(value, goal, weight, shown, shown_goal)
        else:
            scored = _score_zero(value, weight, shown)
        score, text, achievement = scored
        out = result(score, text, achievement)
        over = config.self_evaluation.over_achievement
        if direction == "min" and achievement is not None and achievement >= over:
            out.explanation += (
                f"实际达到目标的 {pct(achievement)}（≥ {pct(over)}），请说明目标是否设置过低。"
            )
            if not item.deviation.strip():
                problem("incomplete", "deviation",
                        f"实际达到目标的 {pct(achievement)}，请在偏差原因分析中说明超额原因（目标是否设置过低）")  # fmt: skip
    elif direction == "deadline":
        out = _score_deadline(item, target, weight, year, config, problem, result)
    else:
        out = _score_graded(
            item, weight, config, problem, result, unreadable=direction == "unknown"
        )

    if out.score < weight and not item.deviation.strip():
        problem("incomplete", "deviation", "未得满分，须填写偏差原因分析及改进措施")
    return out


def _score_min(value, goal, weight, shown, shown_goal):
    if goal <= 0:
        return weight, f"实际 {shown}，目标不大于 0，视为达成，得 {r2(weight)} 分。", None
    achievement = value / goal
    if value >= goal:
        return (
            weight,
            f"实际 {shown} ≥ 目标 {shown_goal}，达成，得满分 {r2(weight)} 分。",
            achievement,
        )
    score = achievement * weight
    return (
        score,
        (
            f"实际 {shown} < 目标 {shown_goal}，{shown} ÷ {shown_goal} × {r2(weight)} = {r2(score)} 分。"
        ),
        achievement,
    )


def _score_max(value, goal, weight, shown, shown_goal):
    if value <= goal:
        return weight, f"实际 {shown} ≤ 上限 {shown_goal}，达成，得满分 {r2(weight)} 分。", None
    if goal <= 0 or value >= 2 * goal:
        return ZERO, f"实际 {shown} 达到上限 {shown_goal} 的 2 倍及以上，得 0 分。", None
    score = (1 - (value - goal) / goal) * weight
    return (
        score,
        (
            f"实际 {shown} 超过上限 {shown_goal}，(1 − ({shown} − {shown_goal}) ÷ {shown_goal}) × "
            f"{r2(weight)} = {r2(score)} 分。"
        ),
        None,
    )


def _score_zero(value, weight, shown):
    if value == 0:
        return weight, f"实际 {shown}，等于目标 0，得满分 {r2(weight)} 分。", None
    return ZERO, f"实际 {shown}，目标为 0 而实际不为 0，得 0 分。", None


def _band(weight: Decimal, grade: str, config: EvaluationConfig) -> tuple[Decimal, Decimal]:
    low, high = config.self_evaluation.qualitative[grade]
    return r2(weight * low / 100), r2(weight * high / 100)


def _in_band(points: Decimal, grade: str, weight: Decimal, config) -> bool:
    low, high = _band(weight, grade, config)
    top = config.self_evaluation.qualitative[grade][1] == 100
    return low <= points <= high if top else low <= points < high


def _score_graded(item, weight, config, problem, result, *, unreadable, allowed=None, head=""):
    """Score by the grade the filer gives, and the points they propose within its band."""
    allowed = allowed or tuple(GRADE_LABELS)
    if unreadable:
        head = f"目标无法按数量或日期读取，按等级评分；{head}"
    grade = item.grade
    if grade not in GRADE_LABELS:
        choices = " / ".join(GRADE_LABELS[g] for g in allowed)
        problem("incomplete", "grade", f"{head}请选择完成等级（{choices}）")
        return result(ZERO, f"{head}未选择完成等级，暂计 0 分。")
    label = GRADE_LABELS[grade]
    low, high = _band(weight, grade, config)
    if grade not in allowed:
        problem("invalid", "grade", f"期限未按时完成，等级最高为「部分达成」，不能评为「{label}」")
        return result(ZERO, f"{head}等级「{label}」不适用，暂计 0 分。")
    if item.proposed is None:
        if grade == "achieved":
            return result(weight, f"{head}评为「{label}」，得满分 {r2(weight)} 分。")
        problem("incomplete", "proposed", f"「{label}」须在 {low}–{high} 分之间给出拟评分")
        return result(ZERO, f"{head}评为「{label}」，未给出拟评分，暂计 0 分。")
    proposed = item.proposed
    if not _in_band(proposed, grade, weight, config):
        lo_pct, hi_pct = config.self_evaluation.qualitative[grade]
        problem("invalid", "proposed",
                f"拟评分 {r2(proposed)} 分不在「{label}」的分值区间 {low}–{high} 分"
                f"（权重的 {lo_pct}%–{hi_pct}%）内")  # fmt: skip
        return result(
            ZERO, f"{head}拟评分 {r2(proposed)} 分超出「{label}」区间，不予采用，暂计 0 分。"
        )
    score = min(proposed, weight)
    return result(score, f"{head}评为「{label}」（区间 {low}–{high} 分），得 {r2(score)} 分。")


def _score_deadline(item, target, weight, year, config, problem, result):
    try:
        done = read_date(item.actual, year=year)
    except ReadError as exc:
        problem("invalid", "actual", str(exc))
        return result(ZERO, f"实际完成时间无法读取（{exc}），暂计 0 分。")
    deadline = target.end
    if deadline is None:  # only a date printed with no year and no fiscal year to place it
        return result(
            weight, f"实际 {done:%Y年%m月%d日}，期限无法确定年份，按达成计 {r2(weight)} 分。"
        )
    if done <= deadline:
        return result(
            weight,
            f"实际 {done:%Y年%m月%d日}，未晚于期限 {deadline:%Y年%m月%d日}，得满分 {r2(weight)} 分。",
        )
    head = f"实际 {done:%Y年%m月%d日}，晚于期限 {deadline:%Y年%m月%d日}；"
    return _score_graded(
        item, weight, config, problem, result,
        unreadable=False, allowed=("partly", "not_achieved"), head=head,
    )  # fmt: skip
