"""Synthetic years of declarations: realistic volume for benchmarks, load tests and demos.

A province files a few hundred thousand declarations a year; this module makes such a year
from a seed, in plain Python (no Django): departments of the usual sectors with their units,
projects named as departments name them, funds that add up (or, at a known rate, do not),
10–34 indicators drawn from the framework with realistic names and values, texts of realistic
length, and planted defects at known rates so that the review's findings can be counted:

- ``duplicate``: a project declared twice (the same name in another department, or with one
  word more);
- ``copied``: another project's overview and indicators under a new name;
- ``boilerplate``: a passage pasted into many declarations' safeguards;
- ``funds_mismatch``: sources that do not add up to the total;
- ``no_cost``: no cost indicator.

The same ``(count, seed, year)`` always gives the same year.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from jixiao.core.declaration import (
    PROJECT_TYPE_LABELS,
    Declaration,
    FundBreakdown,
    Funds,
    Indicator,
)

# Planted at these rates (per declaration).
RATES = {
    "duplicate": 0.005,
    "copied": 0.005,
    "funds_mismatch": 0.05,
    "no_cost": 0.08,
}
# One boilerplate passage per this many declarations, each pasted into this many.
BOILERPLATE_EVERY = 2_500
BOILERPLATE_COPIES = 12


@dataclass(frozen=True)
class Sector:
    name: str  # the department's name without the region: 住房和城乡建设局
    code: str  # first digits of the department codes of this sector
    objects: tuple[str, ...]  # what projects are about
    actions: tuple[str, ...]  # what is done to them
    beneficiaries: str  # whose satisfaction is asked
    quantities: tuple[tuple[str, str, int, int], ...]  # (indicator, unit, low, high)


SECTORS = (
    Sector(
        "住房和城乡建设局", "40",
        ("老旧小区", "背街小巷", "城市道路", "雨污管网", "供热管网", "保障性住房", "市政公园",
         "公共停车场", "燃气管道", "城中村"),
        ("改造工程", "提档升级工程", "建设项目", "维修改造项目", "整治工程", "配套设施建设项目"),
        "小区居民",
        (("改造小区数量", "个", 3, 60), ("改造面积", "平方米", 2000, 200000),
         ("铺设管网长度", "公里", 2, 80), ("惠及居民户数", "户", 200, 12000)),
    ),
    Sector(
        "交通运输局", "41",
        ("农村公路", "县乡道路", "桥梁", "客运站", "公交站点", "干线公路", "乡村客运线路"),
        ("建设项目", "养护工程", "危桥改造项目", "安全生命防护工程", "提质改造项目"),
        "沿线群众",
        (("新建改建公路里程", "公里", 5, 300), ("改造危桥数量", "座", 1, 40),
         ("安装防护栏长度", "公里", 3, 120), ("新增公交站点", "个", 5, 200)),
    ),
    Sector(
        "教育局", "42",
        ("中小学校舍", "乡村学校", "幼儿园", "学生营养改善计划", "教师培训", "智慧校园",
         "学前教育"),
        ("维修改造项目", "建设项目", "补助资金", "专项经费", "设备购置项目"),
        "学生及家长",
        (("受助学生人数", "人", 300, 60000), ("培训教师人次", "人次", 100, 8000),
         ("改造校舍面积", "平方米", 1000, 80000), ("购置教学设备", "台套", 50, 3000)),
    ),
    Sector(
        "卫生健康局", "43",
        ("基层医疗机构", "基本公共卫生服务", "家庭医生签约服务", "妇幼保健", "疾病预防控制",
         "乡村卫生室", "急救体系"),
        ("能力提升项目", "补助资金", "建设项目", "设备购置项目", "专项经费"),
        "就诊群众",
        (("建设标准化卫生室", "个", 5, 300), ("免费体检人数", "人", 1000, 90000),
         ("购置医疗设备", "台", 10, 600), ("培训医务人员", "人次", 50, 5000)),
    ),
    Sector(
        "农业农村局", "44",
        ("高标准农田", "农村人居环境整治", "耕地地力保护", "现代农业产业园", "农机购置",
         "动物疫病防控", "农田水利设施"),
        ("建设项目", "补贴资金", "示范项目", "专项资金", "整治提升工程"),
        "农户",
        (("建设高标准农田面积", "亩", 1000, 100000), ("补贴农户数量", "户", 500, 50000),
         ("改造农村户厕", "座", 100, 20000), ("防疫动物数量", "万头", 1, 300)),
    ),
    Sector(
        "水利局", "45",
        ("农村饮水安全", "河道", "水库", "灌区", "防汛抗旱", "水土保持", "地下水超采治理"),
        ("巩固提升工程", "综合治理工程", "除险加固工程", "节水改造项目", "专项经费"),
        "受益群众",
        (("治理河道长度", "公里", 2, 150), ("改造供水管道", "公里", 5, 200),
         ("新增灌溉面积", "亩", 500, 60000), ("受益人口", "人", 1000, 200000)),
    ),
    Sector(
        "民政局", "46",
        ("城乡低保", "特困人员供养", "养老服务设施", "社区服务中心", "临时救助", "殡葬设施",
         "残疾人两项补贴"),
        ("保障资金", "建设项目", "运营补贴", "提升工程", "专项资金"),
        "救助对象",
        (("保障人数", "人", 500, 80000), ("建设养老服务站", "个", 2, 120),
         ("发放补贴人次", "人次", 1000, 200000), ("新增养老床位", "张", 20, 3000)),
    ),
    Sector(
        "文化和旅游局", "47",
        ("公共文化服务", "文物保护", "乡村旅游", "图书馆", "非物质文化遗产", "文化惠民演出"),
        ("提升项目", "修缮工程", "补助资金", "专项经费", "建设项目"),
        "群众",
        (("开展惠民演出", "场", 20, 1500), ("修缮文物建筑面积", "平方米", 200, 20000),
         ("接待游客", "万人次", 1, 500), ("新增图书", "册", 2000, 200000)),
    ),
    Sector(
        "生态环境局", "48",
        ("大气污染防治", "散煤治理", "水污染防治", "土壤污染防治", "环境监测能力",
         "农村生活污水治理"),
        ("专项资金", "清零工程", "综合整治项目", "建设项目", "能力提升项目"),
        "周边群众",
        (("完成清洁取暖改造户数", "户", 500, 60000), ("建设监测站点", "个", 2, 80),
         ("治理污水处理能力", "吨/日", 100, 50000), ("治理村庄数量", "个", 5, 300)),
    ),
    Sector(
        "人力资源和社会保障局", "49",
        ("就业技能培训", "创业担保贷款贴息", "公益性岗位", "城乡居民养老保险", "人才引进",
         "劳动保障监察"),
        ("补贴资金", "专项经费", "补助资金", "工作经费"),
        "参训人员",
        (("培训人数", "人", 200, 30000), ("开发公益性岗位", "个", 50, 5000),
         ("引进人才数量", "人", 5, 500), ("贴息贷款笔数", "笔", 20, 3000)),
    ),
)  # fmt: skip

_REGIONS = ("城区", "东部片区", "西部片区", "南部片区", "北部片区", "开发区", "中心镇", "城郊")
_TOWNS = ("东和乡", "西火镇", "南宋乡", "八义镇", "荫城镇", "韩店镇", "苏店镇", "郝家庄镇",
          "贾掌镇", "振兴新区", "黎都街道", "长子营")  # fmt: skip
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红文斌辉鹏"

_QUALITY = (
    ("工程验收合格率", "100%"), ("项目完成率", "100%"), ("资金使用合规率", "100%"),
    ("设备验收合格率", "≥98%"), ("培训合格率", "≥95%"), ("档案资料完整率", "100%"),
    ("质量达标率", "≥95%"), ("政策知晓率", "≥90%"),
)  # fmt: skip
_TIMELY = (
    ("项目完成时间", "{year}年12月底前"), ("资金拨付及时率", "100%"),
    ("开工时间", "{year}年{month}月"), ("任务完成及时率", "≥95%"),
    ("补贴发放时间", "{year}年{month}月底前"),
)  # fmt: skip
_ECONOMIC = (
    ("带动相关产业增收", "≥{n}万元"), ("年节约运行成本", "≥{n}万元"),
    ("群众增收", "≥{n}万元"), ("降低维护成本", "明显降低"), ("带动就业人数", "≥{n}人"),
)  # fmt: skip
_SOCIAL = (
    ("群众生活条件改善情况", "明显改善"), ("公共服务水平", "显著提高"),
    ("群众就近就医便利程度", "明显提高"), ("社会稳定", "促进"), ("安全隐患消除率", "≥95%"),
    ("群众出行便利程度", "有效提升"), ("保障对象基本生活", "得到保障"),
    ("受益群众人数", "≥{n}00人"), ("群众办事平均等待时间", "≤{n}分钟"),
    ("服务覆盖率", "≥90%"), ("安全事故发生次数", "0起"), ("新增就业岗位", "≥{n}个"),
)  # fmt: skip
_ECOLOGICAL = (
    ("空气质量优良天数比例", "≥75%"), ("减少污染物排放", "≥{n}吨"), ("绿化覆盖率", "≥40%"),
    ("生态环境", "持续改善"), ("新增绿化面积", "≥{n}00平方米"),
)  # fmt: skip
_LASTING = (
    ("设施正常使用年限", "≥{n}年"), ("长效管护机制", "建立健全"), ("持续发挥效益", "≥10年"),
)  # fmt: skip

_OVERVIEW = (
    "本项目位于{place}，主要建设内容包括{what}，涉及{quantity}。项目总投资{total}万元，"
    "其中{source}。项目由{unit}组织实施，计划于{year}年{month}月开工，{year}年底前完成。",
    "为落实{policy}，{unit}在{place}实施{project}，主要内容为{what}，预计完成{quantity}。"
    "项目资金{total}万元，{source}，按进度拨付。",
    "{project}是{year}年重点民生工程。根据{policy}要求，在{place}开展{what}，"
    "完成{quantity}，资金总额{total}万元，{source}。",
)
_WHAT = (
    "土建工程、安装工程及室外配套工程", "设备购置与安装调试", "人员培训与服务保障",
    "道路硬化、管网铺设和绿化亮化", "补助资金发放与监督管理", "房屋修缮、设施更新和环境整治",
    "信息系统建设和运行维护", "宣传引导、日常巡查和长效管护",
)  # fmt: skip
_POLICIES = (
    "省委省政府关于推进高质量发展的决策部署", "《山西省“十四五”规划纲要》",
    "市委市政府民生实事安排", "区政府常务会议纪要", "上级主管部门的年度工作要求",
    "乡村振兴战略", "中央和省关于保障和改善民生的政策",
)  # fmt: skip
_NECESSITY = (
    "现有设施老化严重，存在安全隐患，群众反映强烈，亟需改造提升。",
    "落实上级政策要求，保障困难群众基本生活，维护社会和谐稳定。",
    "补齐公共服务短板，提升群众获得感、幸福感和安全感。",
    "改善生产生活条件，促进区域经济社会协调发展。",
)
_SAFEGUARDS = (
    "成立项目领导小组，明确责任分工；严格执行项目法人制、招投标制、合同管理制和工程监理制；"
    "资金实行专账核算、专款专用，接受审计和纪检监察部门监督。",
    "制定项目实施方案和资金管理办法，落实绩效目标管理责任，定期开展督导检查。",
    "建立项目台账，实行月调度、季通报制度，确保项目按期保质完成。",
)
_PLAN = (
    "{year}年1-3月完成前期手续；4-9月组织实施；10-11月完成验收；12月完成资金清算和绩效自评。",
    "第一季度完成方案制定和招标，第二、三季度全面实施，第四季度完成验收和资金拨付。",
    "按照“先急后缓、分步实施”的原则，{month}月底前完成主体任务，年底前全部完成。",
)

# A 2-character word pool with Zipf-like use gives every project some words of its own, as
# real texts have, so that unrelated projects are not near-identical by the review's measure.
_SPECIFICS = "安宁康泰和顺兴隆繁荣昌盛富民惠农利民润泽长青永固新华光明振兴锦绣丰登"


@dataclass
class Department:
    code: str
    name: str
    units: list[str]
    sector: Sector


@dataclass
class SyntheticYear:
    """The generated year: the departments and the declarations, with what was planted."""

    year: int
    departments: list[Department]
    declarations: list[Declaration]
    # declaration index → its department's index in ``departments``
    department_of: list[int]
    planted: dict[str, set[int]] = field(default_factory=dict)


def departments(count: int = 60, *, rng: random.Random, region: str = "上党区") -> list[Department]:
    """``count`` departments spread over the sectors, each with 1–5 implementing units."""
    out = []
    for n in range(count):
        sector = SECTORS[n % len(SECTORS)]
        serial = n // len(SECTORS)
        name = sector.name if serial == 0 else f"{sector.name}{_TOWNS[serial % len(_TOWNS)]}分局"
        full = f"长治市{region}{name}"
        units = [full] + [
            f"{full}{suffix}"
            for suffix in rng.sample(("服务中心", "事务中心", "管理站", "监测站", "指导站"),
                                     rng.randint(0, 4))
        ]  # fmt: skip
        out.append(Department(f"{sector.code}{serial:01d}{n % 10}", full, units, sector))
    # Codes are unique: the serial and the position make them so; keep the invariant checked.
    assert len({d.code for d in out}) == len(out)
    return out


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choices(_GIVEN, k=rng.choice((1, 2))))


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
    return f"0355-{rng.randrange(2000000, 9999999)}"


def _amount(rng: random.Random) -> Decimal:
    """A project's total in 元: mostly tens to hundreds of 万元, a few in the 亿."""
    wan = rng.choice((rng.randint(5, 99), rng.randint(100, 999), rng.randint(100, 999),
                      rng.randint(1000, 20000)))  # fmt: skip
    return Decimal(wan * 10_000)


def _split(total: Decimal, rng: random.Random) -> dict[str, Decimal]:
    """The total split over the sources, in whole 元, adding up exactly."""
    shares = {"central": 0.0, "provincial": 0.0, "local": 1.0, "self_raised": 0.0}
    pattern = rng.random()
    if pattern < 0.25:
        shares = {"central": 0.6, "provincial": 0.2, "local": 0.2, "self_raised": 0.0}
    elif pattern < 0.45:
        shares = {"central": 0.0, "provincial": 0.5, "local": 0.5, "self_raised": 0.0}
    elif pattern < 0.55:
        shares = {"central": 0.0, "provincial": 0.0, "local": 0.7, "self_raised": 0.3}
    parts = {k: (total * Decimal(str(v))).quantize(Decimal(1)) for k, v in shares.items()}
    parts["local"] += total - sum(parts.values())
    return parts


def _source_text(parts: dict[str, Decimal]) -> str:
    labels = {"central": "中央资金", "provincial": "省级资金", "local": "区级财政资金",
              "self_raised": "单位自筹"}  # fmt: skip
    used = [f"{labels[k]}{v / 10000:g}万元" for k, v in parts.items() if v]
    return "，".join(used)


def _quantity_rows(sector: Sector, rng: random.Random) -> list[tuple[str, str]]:
    picked = rng.sample(sector.quantities, rng.randint(1, len(sector.quantities)))
    return [(name, f"≥{rng.randint(lo, hi)}{unit}") for name, unit, lo, hi in picked]


def _fill(template: str, rng: random.Random, year: int) -> str:
    return template.format(year=year, month=rng.randint(3, 10), n=rng.randint(2, 500))


def _indicator_table(
    sector: Sector, rng: random.Random, *, year: int, size: int
) -> list[tuple[str, str, str, str]]:
    """One half's rows (level1, level2, name, value): every level2 the form expects, then more
    rows of the kinds a department adds, ``size`` rows at least.  The cost rows come from
    ``_cost_rows``, per half."""
    rows: list[tuple[str, str, str, str]] = []
    for name, value in _quantity_rows(sector, rng):
        rows.append(("产出指标", "数量指标", name, value))
    for name, value in rng.sample(_QUALITY, rng.randint(1, 3)):
        rows.append(("产出指标", "质量指标", name, value))
    for name, value in rng.sample(_TIMELY, rng.randint(1, 2)):
        rows.append(("产出指标", "时效指标", name, _fill(value, rng, year)))
    for level2, pool in (
        ("经济效益指标", _ECONOMIC),
        ("社会效益指标", _SOCIAL),
        ("生态效益指标", _ECOLOGICAL),
        ("可持续影响指标", _LASTING),
    ):
        if level2 == "社会效益指标" or rng.random() < 0.35:
            for name, value in rng.sample(pool, rng.randint(1, min(2, len(pool)))):
                rows.append(("效益指标", level2, name, _fill(value, rng, year)))
    rows.append(("满意度指标", "服务对象满意度指标", f"{sector.beneficiaries}满意度",
                 rng.choice(("≥90%", "≥95%", "≥85%"))))  # fmt: skip
    extra = [(n, v, "质量指标") for n, v in _QUALITY] + [(n, v, "社会效益指标") for n, v in _SOCIAL]
    towns = rng.sample(_TOWNS, len(_TOWNS))
    # At most 16 rows a half (35 in all with the cost rows): drop rows of level2s that have
    # others, never a level2's last.
    while len(rows) > 15:
        counts = Counter(r[1] for r in rows)
        spare = [k for k, r in enumerate(rows) if counts[r[1]] > 1]
        rows.pop(rng.choice(spare))
    while len(rows) < size:
        name, value, level2 = rng.choice(extra)
        level1 = "产出指标" if level2 == "质量指标" else "效益指标"
        rows.append((level1, level2, f"{name}（{towns[len(rows) % len(towns)]}）", value))
    return rows


def _cost_rows(total: Decimal, rng: random.Random, *, unit_cost: bool) -> list[tuple]:
    wan = total / 10000
    rows = [("产出指标", "成本指标", "项目总成本", f"≤{wan:g}万元")]
    if unit_cost:
        unit = (wan / rng.randint(5, 50)).quantize(Decimal("0.01"))
        rows.append(("产出指标", "成本指标", "单位建设成本", f"≤{unit:g}万元"))
    return rows


def _declaration(
    n: int, dept: Department, rng: random.Random, *, year: int, title: str
) -> Declaration:
    sector = dept.sector
    place = rng.choice(_TOWNS) + rng.choice(
        ("", "", "及周边", "等" + str(rng.randint(2, 9)) + "个乡镇")
    )
    obj = rng.choice(sector.objects)
    project = f"{place.split('及')[0].split('等')[0]}{rng.choice(_REGIONS)}{obj}{rng.choice(sector.actions)}"
    if rng.random() < 0.5:
        project = f"{year}年{project}"
    project += f"（{n + 1:06d}）" if rng.random() < 0.02 else ""
    unit = rng.choice(dept.units)
    total = _amount(rng)
    continuing = rng.random() < 0.3
    period_years = rng.randint(2, 5) if continuing else 1
    impl_total = total * period_years if continuing else total
    annual_parts = _split(total, rng)
    impl_parts = (
        {k: v * period_years for k, v in annual_parts.items()} if continuing else annual_parts
    )
    quantity = "、".join(v for _, v in _quantity_rows(sector, rng))
    specific = "".join(rng.choices(_SPECIFICS, k=6))
    overview = rng.choice(_OVERVIEW).format(
        place=place, what=rng.choice(_WHAT), quantity=quantity, total=f"{total / 10000:g}",
        source=_source_text(annual_parts), unit=unit, year=year, month=rng.randint(3, 9),
        policy=rng.choice(_POLICIES), project=project,
    ) + f"项目编号{sector.code}{n:06d}，重点解决{obj}{specific}等问题。"  # fmt: skip
    table = _indicator_table(sector, rng, year=year, size=rng.randint(3, 15))
    unit_cost = rng.random() < 0.4
    rows = []
    for period, amount in (("implementation", impl_total), ("annual", total)):
        cost = _cost_rows(amount, rng, unit_cost=unit_cost)
        # The cost rows stand after the time rows, as in the printed form.
        at = max(i for i, r in enumerate(table) if r[0] == "产出指标") + 1
        for level1, level2, name, value in table[:at] + cost + table[at:]:
            rows.append(Indicator(period=period, level1=level1, level2=level2, name=name,
                                  value=value))  # fmt: skip
    goal = f"通过实施{project}，完成{quantity}，{rng.choice(_SOCIAL)[0]}{rng.choice(_SOCIAL)[1]}。"
    filled = datetime(year - 1, rng.randint(9, 12), rng.randint(1, 28), rng.randint(8, 17),
                      rng.randint(0, 59))  # fmt: skip
    return Declaration(
        title=title,
        fiscal_year=year,
        project_name=project,
        department_code=dept.code,
        department_name=dept.name,
        implementing_unit=unit,
        project_type="continuing" if continuing else "one_off",
        project_type_label=PROJECT_TYPE_LABELS["continuing" if continuing else "one_off"],
        period_years=period_years,
        funds=Funds(
            implementation=FundBreakdown(total=impl_total, **impl_parts, other=None),
            annual=FundBreakdown(total=total, **annual_parts, other=None),
        ),
        overview=overview,
        basis=rng.choice(_POLICIES) + f"；{dept.name}{year}年工作计划",
        necessity=rng.choice(_NECESSITY),
        safeguards=rng.choice(_SAFEGUARDS),
        plan=_fill(rng.choice(_PLAN), rng, year),
        goal_implementation=goal,
        goal_annual=goal if not continuing else f"{year}年度完成总任务的{100 // period_years}%。",
        indicators=rows,
        responsible_person=_person(rng),
        handler=_person(rng),
        phone=_phone(rng),
        filled_at=filled,
    )


def _plant(ds: list[Declaration], rng: random.Random, planted: dict[str, set[int]]) -> None:
    count = len(ds)
    for kind, rate in RATES.items():
        for i in rng.sample(range(count), int(count * rate)):
            d = ds[i]
            if kind == "duplicate" and count > 1:
                j = rng.randrange(count)
                if j == i:
                    continue
                name = ds[j].project_name + rng.choice(("", "项目"))
                ds[i] = d.model_copy(update={"project_name": name})
                planted[kind] |= {i, j}
            elif kind == "copied" and count > 1:
                j = rng.randrange(count)
                if j == i:
                    continue
                ds[i] = d.model_copy(
                    update={"overview": ds[j].overview, "indicators": list(ds[j].indicators)}
                )
                planted[kind] |= {i, j}
            elif kind == "funds_mismatch":
                annual = d.funds.annual.model_copy(
                    update={"local": (d.funds.annual.local or 0) + rng.randint(1, 50) * 10_000}
                )
                ds[i] = d.model_copy(
                    update={"funds": d.funds.model_copy(update={"annual": annual})}
                )
                planted[kind].add(i)
            elif kind == "no_cost":
                rows = [r for r in d.indicators if r.level2 != "成本指标"]
                ds[i] = d.model_copy(update={"indicators": rows})
                planted[kind].add(i)
    for _ in range(max(count // BOILERPLATE_EVERY, 1 if count >= 50 else 0)):
        passage = (
            "坚持以人民为中心的发展思想，全面贯彻落实" + rng.choice(_POLICIES)
            + "，切实加强组织领导，压实工作责任，强化督导考核，确保各项任务落到实处"
            + "".join(rng.choices(_SPECIFICS, k=4))
        )  # fmt: skip
        for i in rng.sample(range(count), min(BOILERPLATE_COPIES, count)):
            d = ds[i]
            ds[i] = d.model_copy(update={"safeguards": (d.safeguards or "") + passage + "。"})
            planted["boilerplate"].add(i)


def synthetic_year(
    count: int, *, year: int = 2026, seed: int = 1, department_count: int = 60,
    region: str = "上党区",
) -> SyntheticYear:  # fmt: skip
    """``count`` declarations of ``year`` over ``department_count`` departments."""
    rng = random.Random(seed)
    depts = departments(department_count, rng=rng, region=region)
    title = f"{region}县(区)级预算部门（单位）项目支出绩效目标申报表"
    department_of = [rng.randrange(len(depts)) for _ in range(count)]
    ds = [
        _declaration(n, depts[d], rng, year=year, title=title) for n, d in enumerate(department_of)
    ]
    planted: dict[str, set[int]] = {k: set() for k in (*RATES, "boilerplate")}
    _plant(ds, rng, planted)
    _unique_names(ds, department_of)
    return SyntheticYear(year, depts, ds, department_of, planted)


def _unique_names(ds: list[Declaration], department_of: list[int]) -> None:
    """A department declares a project name once a year (the database's constraint): a clash
    within one department gets a serial, so the planted duplicates stay across departments
    or near-identical within one."""
    seen: set[tuple[int, str]] = set()
    for i, d in enumerate(ds):
        name = d.project_name
        serial = 1
        while (department_of[i], name) in seen:
            serial += 1
            name = f"{d.project_name}（{serial}）"
        seen.add((department_of[i], name))
        if name != d.project_name:
            ds[i] = d.model_copy(update={"project_name": name})


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def fill_date(year: int, rng: random.Random) -> datetime:
    """A time in the filing season before ``year`` (for generated audit entries)."""
    return datetime(year - 1, 9, 1) + timedelta(minutes=rng.randrange(120 * 24 * 60))
