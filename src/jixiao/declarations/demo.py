"""Demo data for ``make run``: the eleven shared forms, one account per role, and forms in
every workflow state so that every page has something to show.

Idempotent: forms already in the database are left as they are (whatever state the demo or a
user has moved them to); accounts are created once and get the demo password back on each run.
"""

from __future__ import annotations

import copy
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from jixiao.accounts.models import Department, Role, User
from jixiao.core.declaration import Declaration as CoreDeclaration
from jixiao.core.errors import JixiaoError
from jixiao.core.importers.base import ImportResult, read_forms
from jixiao.declarations import services
from jixiao.declarations.models import Declaration, Status

DEMO_PASSWORD = "jixiao-demo-2023"
SHARED_DATA = Path(settings.PROJECT_DIR).parent / "shared" / "data"
FINANCE = ("000", "长治市上党区财政局")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    department_code: str | None
    name: str


DEMO_ACCOUNTS = (
    DemoAccount("zhujian_filer", Role.FILER, "403", "住建局经办人"),
    DemoAccount("zhujian_reviewer", Role.DEPT_REVIEWER, "403", "住建局审核人"),
    DemoAccount("jiaotong_filer", Role.FILER, "405", "交通运输局经办人"),
    DemoAccount("jiaotong_reviewer", Role.DEPT_REVIEWER, "405", "交通运输局审核人"),
    DemoAccount("caizheng_reviewer", Role.FINANCE_REVIEWER, None, "财政局审核人"),
    DemoAccount("admin", Role.ADMIN, None, "系统管理员"),
)

# Where the demo moves each form on its first load; the rest stay drafts.
DEMO_STATES = (
    ("保障性住房建设项目", Status.PUBLISHED),
    ("长治市上党区2023年农村公路建设项目", Status.PUBLISHED),
    ("长治市上党区公益性骨灰堂(公墓)建设项目", Status.PUBLISHED),
    ("背街小巷整治及雨污分流改造工程", Status.FINANCE_APPROVED),
    # 海子河游园 stays a draft: its funds do not add up (FUND-ONE-OFF-MISMATCH), so it
    # cannot be submitted until its filer fixes them.
    ("长治市上党区医疗集团人民医院感染疾病诊疗区", Status.DEPT_APPROVED),
    ("人防指挥所及地下停车场", Status.SUBMITTED),
    ("上党革命老区散煤清零工程", Status.RETURNED),
)
RETURN_COMMENT = ("项目概况与保证措施内容相同，请分别填写建设内容和保障制度。", "safeguards")
# The approved-but-not-published form is concluded 良: approved with fixes still to make (整改).
AGREED_FIXES = "成本指标请按改造面积写明单位造价（元/平方米），发起修订后报送。"


def complete_form(data: dict) -> dict:
    """A printed form completed the way its filer would before submitting: the empty 负责人
    filled in and a cost indicator (成本指标) added to each half that has none."""
    data = copy.deepcopy(data)
    data["responsible_person"] = data.get("responsible_person") or "王建国"
    total = data["funds"]["implementation"]["total"]
    indicators: list[dict] = []
    for ind in data["indicators"]:
        indicators.append(ind)
        has_cost = any(
            i["level2"] == "成本指标" and i["period"] == ind["period"] for i in data["indicators"]
        ) or any(i["level2"] == "成本指标" and i["period"] == ind["period"] for i in indicators)
        if ind["level2"] == "时效指标" and not has_cost:
            indicators.append(
                {
                    "period": ind["period"],
                    "level1": "产出指标",
                    "level2": "成本指标",
                    "name": "项目总成本",
                    "value": f"≤{total}元",
                }
            )
    data["indicators"] = indicators
    return data


def demo_source() -> Path:
    """The shared forms as text once the text importer exists, else their expected import."""
    if importlib.util.find_spec("jixiao.core.importers.text") is not None:
        return SHARED_DATA / "shangdang-2023-targets.txt"
    return SHARED_DATA / "shangdang-2023-expected.json"


def demo_accounts() -> dict[str, User]:
    Department.objects.get_or_create(
        code=FINANCE[0], defaults={"name": FINANCE[1], "is_finance": True}
    )
    users = {}
    for account in DEMO_ACCOUNTS:
        department = None
        if account.department_code:
            department = Department.objects.filter(code=account.department_code).first()
        user, _ = User.objects.get_or_create(
            username=account.username,
            defaults={"role": account.role, "department": department, "first_name": account.name},
        )
        user.set_password(DEMO_PASSWORD)
        if account.role == Role.ADMIN:
            user.is_staff = user.is_superuser = True
        user.save()
        users[account.username] = user
    return users


@transaction.atomic
def demo_load(*, source: Path | None = None) -> list[str]:
    """Load the demo; return the lines to print (accounts and what was done)."""
    result = read_forms(source or demo_source())
    new = [d for d in result.declarations if not _exists(d)]
    lines = []
    if new:
        outcome = services.declaration_import(
            result=ImportResult(result.source, result.format, result.sha256, new, result.notes)
        )
        lines.append(f"导入 {len(outcome.created)} 份申报表（{result.source}）")
        users = demo_accounts()
        for project_name, state in DEMO_STATES:
            declaration = Declaration.objects.filter(project_name=project_name).first()
            if declaration is not None and declaration in outcome.created:
                lines.extend(_walk(declaration, state, users))
    else:
        demo_accounts()
        lines.append("申报表已在数据库中，未改动")
    lines.append(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for account in DEMO_ACCOUNTS:
        where = f"{account.department_code} " if account.department_code else ""
        lines.append(f"  {account.username:<20} {where}{Role(account.role).label}")
    return lines


def _exists(decl: CoreDeclaration) -> bool:
    return Declaration.objects.filter(
        fiscal_year=decl.fiscal_year,
        department__code=decl.department_code,
        project_name=decl.project_name,
        revision_of__isnull=True,
    ).exists()


def _walk(declaration: Declaration, state: str, users: dict[str, User]) -> list[str]:
    """Move one form to ``state`` as the demo accounts would; a refusal is reported, not
    raised, so a stricter review never breaks ``make run``."""
    code = declaration.department.code
    filer = users["zhujian_filer"] if code == "403" else users["jiaotong_filer"]
    reviewer = users["zhujian_reviewer"] if code == "403" else users["jiaotong_reviewer"]
    if code not in ("403", "405"):
        filer = reviewer = users["admin"]
    finance = users["caizheng_reviewer"]
    try:
        with transaction.atomic():
            declaration = services.declaration_update(
                declaration=declaration,
                data=complete_form(declaration.to_core().to_dict()),
                user=filer,
                expected_version=declaration.version,
            )
            services.declaration_submit(declaration=declaration, user=filer)
            if state == Status.RETURNED:
                comment, field = RETURN_COMMENT
                services.declaration_return(
                    declaration=declaration, user=reviewer, comment=comment, field=field
                )
                return []
            if state == Status.SUBMITTED:
                return []
            services.declaration_approve(declaration=declaration, user=reviewer)
            if state == Status.DEPT_APPROVED:
                return []
            good = state == Status.FINANCE_APPROVED
            services.declaration_finance_conclude(
                declaration=declaration,
                user=finance,
                conclusion="良" if good else "优",
                dimensions=dict.fromkeys(("完整性", "相关性", "适当性", "可行性"), True),
                comment=AGREED_FIXES if good else "",
            )
            if state == Status.PUBLISHED:
                services.declaration_publish(declaration=declaration, user=finance)
    except JixiaoError as exc:
        return [f"  「{declaration.project_name}」停留在草稿：{exc}"]
    return []
