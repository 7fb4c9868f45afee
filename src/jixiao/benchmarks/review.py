"""Review engine speed: per-declaration rules on a corpus made by perturbing the eleven shared
forms (goal ≥ 5,000 declarations/s on one core, issue 9), and the rules across a batch on 100,000
generated declarations (goal < 60 s).  Times are CPU time of this process.

The batch corpus is synthetic text with a Zipf-like vocabulary, so unrelated projects share
common words as real ones do; into it are planted duplicate names, near-identical names,
copied projects and boilerplate passages, and the figures include how many were found.
"""

from __future__ import annotations

import copy
import json
import random
import time
from collections import Counter
from decimal import Decimal
from itertools import accumulate
from pathlib import Path

from jixiao.core.declaration import Declaration, FundBreakdown, Funds, Indicator

SHARED_FORMS = (
    Path(__file__).resolve().parents[3].parent / "shared" / "data" / "shangdang-2023-expected.json"
)
PER_DECLARATION = 20_000
BATCH = 100_000

# -- per-declaration corpus: the eleven forms, perturbed ----------------------------------

_VALUES = (
    "≥90%",
    "100%",
    "≥95%",
    "及时",
    "改善",
    "提高",
    "≤12条",
    "2023年10月底",
    "≥100%",
    "*",
    "≥5个",
)
_PHONES = ("13096661399", "8087565", "0355-8087565", "")


def perturbed_forms(count: int, *, seed: int = 1) -> list[Declaration]:
    """``count`` declarations, each one of the eleven forms with random changes: names, amounts,
    values, rows dropped or added, text cut or copied, contact details."""
    rng = random.Random(seed)
    forms = json.loads(SHARED_FORMS.read_text("utf-8"))
    out = []
    for n in range(count):
        d = copy.deepcopy(rng.choice(forms))
        d["project_name"] += f"（{n}）"
        scale = rng.choice((1, 1, 2, 3))
        for half in ("implementation", "annual"):
            for key in ("total", "local"):
                d["funds"][half][key] = d["funds"][half][key] * scale
        if rng.random() < 0.2:
            d["funds"]["annual"]["local"] += 1000
        rows = d["indicators"]
        for row in rows:
            if rng.random() < 0.15:
                row["value"] = rng.choice(_VALUES)
        if rng.random() < 0.3 and len(rows) > 4:
            rows.pop(rng.randrange(len(rows)))
        if rng.random() < 0.3:
            rows.append({**rng.choice(rows), "name": f"新增指标{n % 97}"})
        for field in ("overview", "plan", "safeguards"):
            text = d[field] or ""
            if rng.random() < 0.3 and len(text) > 10:
                d[field] = text[: rng.randrange(5, len(text))]
            elif rng.random() < 0.3:
                d[field] = text + f"第{n}批次"
        d["phone"] = rng.choice(_PHONES) or None
        d["responsible_person"] = rng.choice((None, "王明"))
        out.append(Declaration.from_dict(d))
    return out


def bench_per_declaration(count: int = PER_DECLARATION) -> list[str]:
    from jixiao.core.review import load_config, review

    if not SHARED_FORMS.exists():
        return [f"skipped: {SHARED_FORMS} not found"]
    corpus = perturbed_forms(count)
    config = load_config()
    started = time.process_time()
    findings = sum(len(review(d, config=config).findings) for d in corpus)
    elapsed = time.process_time() - started
    rows = sum(len(d.indicators) for d in corpus) / len(corpus)
    return [
        f"per-declaration rules: {count:,} perturbed forms ({rows:.1f} indicators each) "
        f"in {elapsed:.2f} s CPU = {count / elapsed:,.0f} declarations/s (goal ≥ 5,000); "
        f"{findings:,} findings"
    ]


# -- batch corpus: synthetic projects with planted duplicates -------------------------------

_DOMAIN = (
    "工程", "建设", "改造", "项目", "道路", "小区", "学校", "医院", "设施", "提升", "维修", "绿化",
    "供水", "管网", "农村", "社区", "群众", "服务", "保障", "完善", "新建", "实施", "管理", "公共",
)  # fmt: skip
_PUNCTUATION = "，，，、；。"


class _Text:
    """Random Chinese-looking text: words of 2–4 characters from a pool of 1,500, drawn with
    Zipf-like weights, plus common domain words."""

    def __init__(self, rng: random.Random) -> None:
        pool = [chr(0x4E00 + rng.randrange(0x51A5)) for _ in range(1500)]
        words = ["".join(rng.choices(pool, k=rng.choice((2, 2, 3, 4)))) for _ in range(6000)]
        self.words = list(_DOMAIN) + words
        self.cum_weights = list(
            accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(self.words)))
        )
        self.rng = rng

    def rare(self) -> str:
        """A word drawn uniformly: what makes a project's name its own."""
        return self.rng.choice(self.words[len(_DOMAIN) :])

    def phrase(self, lo: int, hi: int) -> str:
        count = self.rng.randint(lo, hi)
        picked = self.rng.choices(self.words, cum_weights=self.cum_weights, k=count)
        out = []
        for i, word in enumerate(picked):
            out.append(word)
            if i % 5 == 4 and i < count - 1:
                out.append(self.rng.choice(_PUNCTUATION))
        return "".join(out)


def _declaration(text: _Text, n: int, rng: random.Random) -> Declaration:
    amount = Decimal(rng.randrange(10, 5000) * 10_000)
    half = FundBreakdown.model_construct(
        total=amount, central=Decimal(0), provincial=Decimal(0), local=amount,
        self_raised=Decimal(0), other=None,
    )  # fmt: skip
    rows = [
        Indicator.model_construct(
            period=period, level1="产出指标", level2=level2, name=text.phrase(1, 3), value=value
        )
        for period in ("implementation", "annual")
        for level2, value in (
            ("数量指标", f"≥{rng.randrange(1, 500)}个"),
            ("质量指标", "100%"),
            ("时效指标", f"2023年{rng.randrange(1, 13)}月"),
            ("成本指标", f"≤{amount / 10000}万元"),
        )
    ]
    return Declaration.model_construct(
        schema_="declaration/1",
        fiscal_year=2023,
        project_name=text.rare() + text.phrase(1, 3) + rng.choice(("工程", "项目", "建设项目")),
        department_code=str(100 + n % 400),
        department_name=f"部门{n % 400}",
        project_type="one_off",
        period_years=1,
        funds=Funds.model_construct(implementation=half, annual=half),
        overview=text.phrase(15, 45),
        basis=text.phrase(5, 15),
        necessity=text.phrase(8, 25),
        safeguards=text.phrase(8, 25),
        plan=text.phrase(8, 25),
        goal_implementation=text.phrase(6, 15),
        goal_annual=text.phrase(6, 15),
        indicators=rows,
    )


def batch_corpus(count: int, *, seed: int = 7) -> tuple[list[Declaration], dict[str, set[int]]]:
    """``count`` synthetic declarations and the indices planted for each batch rule: 0.5% exact
    duplicate names, 0.5% near-identical names (…工程 / …工程项目), 0.5% copied projects under a
    new name, and 40 boilerplate passages each pasted into 10 declarations."""
    rng = random.Random(seed)
    text = _Text(rng)
    ds = [_declaration(text, n, rng) for n in range(count)]
    planted: dict[str, set[int]] = {
        "PROJECT-DUPLICATE": set(),
        "PROJECT-SIMILAR": set(),
        "TEXT-BOILERPLATE": set(),
    }
    plants = max(count // 200, 1)
    picks = rng.sample(range(count), min(count, plants * 6))
    for k in range(plants):
        a, b = picks[2 * k], picks[2 * k + 1]
        ds[b] = ds[b].model_copy(update={"project_name": ds[a].project_name})
        planted["PROJECT-DUPLICATE"] |= {a, b}
    for k in range(plants, 2 * plants):
        a, b = picks[2 * k], picks[2 * k + 1]
        # Near-identical: one word more on a long name; a space inside a short one.
        name = ds[a].project_name
        near = name + "项目" if len(name) >= 9 else name[:2] + " " + name[2:]
        ds[b] = ds[b].model_copy(update={"project_name": near})
        planted["PROJECT-DUPLICATE"] |= {a, b}
    for k in range(2 * plants, 3 * plants):
        a, b = picks[2 * k], picks[2 * k + 1]
        copied = ds[a].model_copy(update={"project_name": ds[b].project_name})
        ds[b] = copied.model_copy(update={"overview": copied.overview + "同步实施"})
        planted["PROJECT-SIMILAR"] |= {a, b}
    for _ in range(min(40, count // 10)):
        passage = "，".join(text.phrase(4, 4) for _ in range(4))
        for i in rng.sample(range(count), 10):
            ds[i] = ds[i].model_copy(update={"safeguards": ds[i].safeguards + "。" + passage})
            planted["TEXT-BOILERPLATE"].add(i)
    return ds, planted


def bench_batch(count: int = BATCH) -> list[str]:
    from jixiao.core.review import load_config
    from jixiao.core.review.engine import batch_findings
    from jixiao.core.review.similarity import clean

    corpus, planted = batch_corpus(count)
    config = load_config()
    started = time.process_time()
    found = batch_findings(corpus, config)
    elapsed = time.process_time() - started
    lines = [
        f"batch rules (PROJECT-DUPLICATE, PROJECT-SIMILAR, TEXT-BOILERPLATE): {count:,} "
        f"declarations in {elapsed:.1f} s CPU (goal < 60 s)"
    ]
    names = Counter(clean(d.project_name) for d in corpus)
    for rule, expected in planted.items():
        got = {i for i, f in found if f.rule == rule}
        others = got - expected
        line = (
            f"  {rule}: {len(got & expected)}/{len(expected)} planted found, {len(others)} others"
        )
        if rule == "PROJECT-DUPLICATE" and others:
            same = sum(names[clean(corpus[i].project_name)] > 1 for i in others)
            line += f" ({same} of them share their exact name with another generated one)"
        lines.append(line)
    return lines


def run() -> list[str]:
    return bench_per_declaration() + bench_batch()
