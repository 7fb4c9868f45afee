"""The whole path in a real browser: a filer creates a declaration from scratch, sees the
review's findings beside the fields, fixes them and submits; the department reviewer returns
it with a comment; the filer fixes and resubmits; the department approves; the finance bureau
concludes 优, approves and publishes; the public page shows it with the phone masked.

Each step leaves a screenshot in ``artifacts/screenshots/``.
"""

from __future__ import annotations

import importlib.util

import pytest
from playwright.sync_api import expect

from jixiao.declarations.models import Declaration, Status
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HAS_REVIEW = importlib.util.find_spec("jixiao.core.review") is not None
PROJECT = "城区道路照明提升工程"
PHONE = "13812341234"

IMPLEMENTATION = [
    ("数量指标", "新装LED路灯", "≥300盏"),
    ("质量指标", "路灯亮灯率", "≥98%"),
    ("时效指标", "完工时间", "2026年10月底"),
    ("成本指标", "项目总成本", "≤2000000元"),
    ("社会效益指标", "夜间交通事故下降率", "≥10%"),
    ("服务对象满意度指标", "沿街居民满意度", "≥90%"),
]
TEXTS = {
    "overview": "更换城区主干道老旧高压钠灯，新装LED路灯300盏，改造配电箱12台。",
    "basis": "上党区人民政府常务会议纪要2025年第12次",
    "necessity": "城区主干道照明设施老化，亮灯率低，夜间出行存在安全隐患。",
    "safeguards": "实行项目法人负责制、招标投标制和工程监理制，资金专款专用。",
    "plan": "2026年3月完成招标，4月至9月施工，10月底前竣工验收。",
    "goal_implementation": "完成城区主干道300盏路灯更换，亮灯率达到98%以上。",
    "goal_annual": "完成城区主干道300盏路灯更换，亮灯率达到98%以上。",
}


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.login button[type=submit]")
    expect(page.locator(".user-name")).to_be_visible()


def log_out(page) -> None:
    page.click(".userbox button")
    expect(page.locator(".userbox a", has_text="登录")).to_be_visible()


def fill_indicators(page) -> None:
    rows = page.locator('.half[data-period="implementation"] tbody tr')
    for i, (level2, name, value) in enumerate(IMPLEMENTATION):
        if i > 0:
            page.click('[data-test="add-implementation"]')
            expect(rows).to_have_count(i + 1)
        row = rows.nth(i)
        row.locator("select").select_option(level2)
        name_input = row.locator('input[name="ind-implementation-name"]')
        if i == 0:
            # Names used before under 数量指标 (in the fixture's declaration) are offered.
            name_input.press_sequentially("建")
            expect(page.locator('#indicator-names option[value="建设内容"]')).to_have_count(1)
        name_input.fill(name)
        row.locator('input[name="ind-implementation-value"]').fill(value)
    page.click('[data-test="copy-halves"]')
    annual = page.locator('.half[data-period="annual"] input[name="ind-annual-name"]')
    expect(annual).to_have_count(len(IMPLEMENTATION))
    expect(annual.nth(0)).to_have_value(IMPLEMENTATION[0][1])


def test_it_takes_a_declaration_from_scratch_to_the_public_page(
    page, shoot, live_server, filer, dept_reviewer, finance_reviewer, draft
):
    base = live_server.url
    filer.first_name = "李小军"
    filer.save()

    # 1. The filer logs in and starts a new declaration.
    log_in(page, base, filer.username)
    shoot("01-filer-home")
    page.click("text=新建申报表")
    page.fill('input[name="project_name"]', PROJECT)
    page.fill('input[name="fiscal_year"]', "2026")
    page.fill('input[name="implementing_unit"]', "长治市上党区住房和城乡建设局")
    page.select_option('select[name="project_type"]', "one_off")
    page.fill('input[name="period_years"]', "1")
    for period in ("implementation", "annual"):
        page.fill(f'input[name="funds_{period}_total"]', "2,000,000")
        for source in ("central", "provincial", "self_raised", "other"):
            page.fill(f'input[name="funds_{period}_{source}"]', "0")
        page.fill(f'input[name="funds_{period}_local"]', "2000000")
    expect(page.locator('[data-sum="implementation"]')).to_contain_text("2,000,000 ✓")
    for name, text in TEXTS.items():
        page.fill(f'textarea[name="{name}"]', text)
    fill_indicators(page)
    page.fill('input[name="handler"]', "李小军")
    page.fill('input[name="phone"]', PHONE)
    page.fill('input[name="filled_at"]', "2026-03-01T10:00:00")
    # 负责人 is left empty on purpose: the review must point at it.
    page.click('[data-test="save"]')
    expect(page.locator(".message-success")).to_contain_text("已保存")
    record = Declaration.objects.get(project_name=PROJECT)
    assert record.indicators.count() == 2 * len(IMPLEMENTATION)
    if HAS_REVIEW:
        expect(page.locator("#fs-responsible_person .finding-error")).to_be_visible()
    shoot("02-draft-with-findings")

    # 2. The filer fixes what the review found: the check runs as they type, before saving.
    page.fill('input[name="responsible_person"]', "王建国")
    page.press('input[name="responsible_person"]', "Tab")
    if HAS_REVIEW:
        expect(page.locator("#fs-responsible_person .finding")).to_have_count(0)
        expect(page.locator("#findings-panel .sev-error")).to_have_text("0")
    page.click('[data-test="save-submit"]')
    expect(page.locator(".message-success")).to_contain_text("已保存并提交")
    shoot("03-submitted")
    log_out(page)

    # 3. The department reviewer returns it with a comment pointing at the overview.
    log_in(page, base, dept_reviewer.username)
    page.click(".mainnav >> text=审核")
    page.click(f"text={PROJECT}")
    page.fill("#return-comment", "项目概况请写明改造路段名称和长度。")
    page.select_option("#return-field", "overview")
    shoot("04-reviewer-returns")
    page.click('[data-test="return"]')
    expect(page.locator(".message-success")).to_contain_text("已退回")
    log_out(page)

    # 4. The filer sees the comment beside the overview, fixes it and resubmits.
    log_in(page, base, filer.username)
    page.click(f"text={PROJECT}")
    page.click('[data-test="edit"]')
    expect(page.locator("#fs-overview .comment-box")).to_contain_text("改造路段名称")
    shoot("05-filer-sees-the-comment")
    page.fill(
        'textarea[name="overview"]', TEXTS["overview"] + "改造路段为长子路、上党大街，共8.6公里。"
    )
    page.click('[data-test="save-submit"]')
    expect(page.locator(".message-success")).to_contain_text("已保存并提交")
    log_out(page)

    # 5. The department reviewer approves.
    log_in(page, base, dept_reviewer.username)
    page.click(".mainnav >> text=审核")
    page.click(f"text={PROJECT}")
    page.click('[data-test="dept-approve"]')
    expect(page.locator(".message-success")).to_contain_text("部门审核通过")
    log_out(page)

    # 6. The finance reviewer concludes 优 (all four dimensions pass) and publishes.
    # (Found through the list's search, which filters the table in place.)
    log_in(page, base, finance_reviewer.username)
    page.click(".mainnav >> text=申报")
    expect(page.locator("#declaration-table tbody tr")).to_have_count(2)
    page.fill("#id_q", "照明")
    expect(page.locator("#declaration-table tbody tr")).to_have_count(1)
    page.click(f"#declaration-table >> text={PROJECT}")
    page.check('#conclude-form input[value="优"]')
    page.fill("#conclude-comment", "目标明确，指标可衡量，同意进入预算安排。")
    shoot("06-finance-concludes")
    page.click('[data-test="conclude"]')
    expect(page.locator(".message-success")).to_contain_text("财政审核结论")
    page.click('[data-test="publish"]')
    expect(page.locator(".message-success")).to_contain_text("已公开")
    shoot("07-published-with-timeline")
    record.refresh_from_db()
    assert (record.status, record.finance_conclusion) == (Status.PUBLISHED, "优")
    log_out(page)

    # 7. The public reads it with the phone masked and no handler's name.
    page.goto(f"{base}/public/")
    page.click(f"text={PROJECT}")
    form = page.locator("#printed-form")
    expect(form).to_contain_text("138****1234")
    expect(form).not_to_contain_text(PHONE)
    expect(form).not_to_contain_text("李小军")
    shoot("08-public-page")
