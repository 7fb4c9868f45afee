"""The declaration (申报表) in the database, with its indicators, provenance and history.

Funds are twelve columns on the declaration (two halves × total and five sources), not a child
table: the printed form has exactly these twelve cells, every list shows and sorts by the
totals, and one row per declaration keeps reads to one query and the optimistic lock to one
``UPDATE``.

Text fields store an empty cell as ``""``; the bridge (``bridge.py``) turns it back into the
interchange format's ``null``.

Writes go through ``services``; reads have names on ``DeclarationQuerySet`` (``querysets.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from jixiao.accounts.models import Department, ImplementingUnit
from jixiao.core.declaration import FUND_LABELS, FUND_SOURCES, PERIOD_LABELS, PERIODS
from jixiao.core.framework import DEFAULT_FRAMEWORK, framework_choices
from jixiao.core.importers.base import format_choices
from jixiao.declarations.querysets import DeclarationQuerySet

if TYPE_CHECKING:
    from jixiao.core import declaration as core


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    DEPT_APPROVED = "dept_approved", "部门已审核"
    RETURNED = "returned", "已退回"
    FINANCE_APPROVED = "finance_approved", "财政已批复"
    PUBLISHED = "published", "已公开"
    # 差: the finance reviewer's conclusion that the project does not proceed.
    REJECTED = "rejected", "未通过"
    # A revision (修订) whose content has been carried into the declaration it revises.
    MERGED = "merged", "修订已生效"


# The filer may change the content only in these states.
EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
# Approved content: read-only; a change is a revision.
APPROVED_STATUSES = (Status.FINANCE_APPROVED, Status.PUBLISHED)
# A revision in one of these states is finished; another may be started.
CLOSED_REVISION_STATUSES = (Status.MERGED, Status.REJECTED)


class ProjectType(models.TextChoices):
    ONE_OFF = "one_off", "一次性项目"
    CONTINUING = "continuing", "延续性项目"


class Period(models.TextChoices):
    IMPLEMENTATION = "implementation", PERIOD_LABELS["implementation"]
    ANNUAL = "annual", PERIOD_LABELS["annual"]


class Conclusion(models.TextChoices):
    """The finance reviewer's conclusion (财预〔2015〕88号)."""

    EXCELLENT = "优", "优（进入预算安排）"
    GOOD = "良", "良（商定小幅修改后进入预算安排）"
    FAIR = "中", "中（退回修改后重新报送）"
    POOR = "差", "差（不进入预算安排）"


REVIEW_DIMENSIONS = ("完整性", "相关性", "适当性", "可行性")


class FollowUp(models.TextChoices):
    """The fixes a 良 conclusion requires (整改): open until a revision carrying them is
    approved or the finance reviewer closes them."""

    NONE = "", "无"
    OPEN = "open", "待整改"
    DONE = "done", "已整改"


def fund_field(period: str, source: str) -> str:
    """The column holding one cell of the funds table: ``annual_local``."""
    return f"{period}_{source}"


FUND_FIELDS = tuple(fund_field(p, s) for p in PERIODS for s in ("total", *FUND_SOURCES))
TEXT_FIELD_NAMES = (
    "title",
    "department_name",
    "implementing_unit_name",
    "project_type_label",
    "overview",
    "basis",
    "necessity",
    "safeguards",
    "plan",
    "goal_implementation",
    "goal_annual",
    "responsible_person",
    "handler",
    "phone",
)


def _user_ref(verbose_name: str) -> models.ForeignKey:
    """Who did something; the record outlives the account."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def _money(verbose_name: str) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=2, null=True, blank=True)


class Declaration(models.Model):
    # -- header -----------------------------------------------------------------------------
    title = models.CharField("标题", max_length=300, blank=True)
    # Indexed first in the composite indexes of Meta.indexes.
    fiscal_year = models.PositiveSmallIntegerField("年度")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="declarations", verbose_name="主管部门"
    )
    # As printed on the form; the department's name may change over the years.
    department_name = models.CharField("主管部门名称（申报表所载）", max_length=200, blank=True)
    implementing_unit = models.ForeignKey(
        ImplementingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="declarations",
        verbose_name="实施单位",
    )
    implementing_unit_name = models.CharField("实施单位（申报表所载）", max_length=200, blank=True)
    project_name = models.CharField("项目名称", max_length=300)
    project_type = models.CharField(
        "项目属性", max_length=20, choices=ProjectType.choices, blank=True
    )
    project_type_label = models.CharField("项目属性（申报表所载）", max_length=100, blank=True)
    period_years = models.PositiveSmallIntegerField("项目期（年）", null=True, blank=True)

    # -- funds (元) -------------------------------------------------------------------------
    implementation_total = _money("实施期" + FUND_LABELS["total"])
    implementation_central = _money("实施期" + FUND_LABELS["central"])
    implementation_provincial = _money("实施期" + FUND_LABELS["provincial"])
    implementation_local = _money("实施期" + FUND_LABELS["local"])
    implementation_self_raised = _money("实施期" + FUND_LABELS["self_raised"])
    implementation_other = _money("实施期" + FUND_LABELS["other"])
    annual_total = _money("年度" + FUND_LABELS["total"])
    annual_central = _money("年度" + FUND_LABELS["central"])
    annual_provincial = _money("年度" + FUND_LABELS["provincial"])
    annual_local = _money("年度" + FUND_LABELS["local"])
    annual_self_raised = _money("年度" + FUND_LABELS["self_raised"])
    annual_other = _money("年度" + FUND_LABELS["other"])

    # -- text -------------------------------------------------------------------------------
    overview = models.TextField("项目概况", blank=True)
    basis = models.TextField("立项依据", blank=True)
    necessity = models.TextField("项目设立必要性", blank=True)
    safeguards = models.TextField("保证项目实施的制度、措施", blank=True)
    plan = models.TextField("项目实施计划", blank=True)
    goal_implementation = models.TextField("实施期目标", blank=True)
    goal_annual = models.TextField("年度目标", blank=True)

    # -- signature --------------------------------------------------------------------------
    responsible_person = models.CharField("负责人", max_length=100, blank=True)
    handler = models.CharField("经办人", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    filled_at = models.DateTimeField("填报日期", null=True, blank=True)

    # -- workflow ---------------------------------------------------------------------------
    framework = models.CharField(
        "指标体系", max_length=20, default=DEFAULT_FRAMEWORK, choices=framework_choices
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Optimistic lock: every write checks and bumps it in one UPDATE (services/editing.py).
    # Not an approved version (those are ``DeclarationVersion``): a counter of writes.
    version = models.PositiveIntegerField(
        "修改计数",
        default=1,
        help_text="每次保存或办理加一，用于发现他人同时修改；不是批复版本号。",
    )
    revision_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name="修订自",
        help_text="修订稿指向其修订的已批复申报表；批复后内容并入原申报表。",
    )
    # The finance reviewer's decision (审核结论), not the engine's quality grade (质量等级).
    finance_conclusion = models.CharField(
        "审核结论", max_length=2, choices=Conclusion.choices, blank=True
    )
    finance_dimensions = models.JSONField("审核维度", default=dict, blank=True)
    follow_up = models.CharField(
        "整改", max_length=10, choices=FollowUp.choices, blank=True, db_index=True
    )
    follow_up_required = models.TextField("整改要求", blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)

    # -- review (智能审核), recomputed by the services whenever the content changes -----------
    # The engine's advice (质量评分/质量等级), not the finance reviewer's 审核结论.
    review_score = models.PositiveSmallIntegerField("质量评分", null=True, blank=True)
    review_grade = models.CharField("质量等级", max_length=2, blank=True, db_index=True)
    review_errors = models.PositiveSmallIntegerField("错误数", default=0)
    review_warnings = models.PositiveSmallIntegerField("警告数", default=0)
    review_hints = models.PositiveSmallIntegerField("提示数", default=0)
    findings = models.JSONField("审核发现", default=list, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    # -- the year's index for the rules across declarations (year_index.py) ------------------
    # The name as PROJECT-DUPLICATE compares it, and reversed: the year's names sorted both
    # ways (in code-point order: PostgreSQL compares them in the "C" collation).
    name_key = models.CharField("名称比对键", max_length=300, blank=True, editable=False)
    name_key_reversed = models.CharField(
        "名称比对键（倒序）", max_length=300, blank=True, editable=False
    )
    # Every declaration the rules across the year pair this one with (pks), by rule.
    batch_partners = models.JSONField("跨申报表关联", default=dict, blank=True, editable=False)

    created_by = _user_ref("创建人")
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", default=timezone.now, editable=False)

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "department__code", "project_name", "id"]
        verbose_name = "绩效目标申报表"
        verbose_name_plural = "绩效目标申报表"
        constraints = [
            # A revision carries the same name while the revised declaration stays in force.
            models.UniqueConstraint(
                fields=["fiscal_year", "department", "project_name"],
                condition=Q(revision_of__isnull=True),
                name="declaration_unique_project",
            ),
            models.UniqueConstraint(
                fields=["revision_of"],
                condition=Q(revision_of__isnull=False) & ~Q(status__in=CLOSED_REVISION_STATUSES),
                name="declaration_one_open_revision",
            ),
        ]
        # The lists filter by year (and status) and sort by one column with ``id`` to break
        # ties (web/filters.py SORTS): each sort has an index that hands PostgreSQL the rows
        # of a year already in order, so a page reads 30 rows instead of sorting the year.
        # See docs/performance.md.
        indexes = [
            models.Index(fields=["department", "status"]),
            models.Index(fields=["fiscal_year", "id"], name="declaration_year_id"),
            models.Index(
                fields=["fiscal_year", "updated_at", "id"], name="declaration_year_updated"
            ),
            models.Index(
                fields=["fiscal_year", "review_score", "id"], name="declaration_year_score"
            ),
            # With the status: a search of two characters counts from this index alone.
            models.Index(
                fields=["fiscal_year", "project_name", "id"],
                include=["status"],
                name="declaration_year_name",
            ),
            models.Index(
                fields=["fiscal_year", "implementation_total", "id"], name="declaration_year_amount"
            ),
            models.Index(fields=["fiscal_year", "status", "id"], name="declaration_year_status"),
            models.Index(
                fields=["fiscal_year", "status", "updated_at", "id"],
                name="declaration_year_status_upd",
            ),
            # The public list: its count and its pages' ids without reading the rows.
            models.Index(
                fields=["fiscal_year", "department", "project_name", "id"],
                condition=Q(status="published", revision_of__isnull=True),
                name="declaration_published",
            ),
            models.Index(
                fields=["fiscal_year", "name_key", "id"],
                condition=Q(revision_of__isnull=True),
                name="declaration_name_key",
            ),
            models.Index(
                fields=["fiscal_year", "name_key_reversed", "id"],
                condition=Q(revision_of__isnull=True),
                name="declaration_name_key_reversed",
            ),
            # The few revisions under way, found by name near a change (year_index).
            models.Index(
                fields=["fiscal_year", "name_key"],
                condition=Q(revision_of__isnull=False),
                name="declaration_revision_name_key",
            ),
            models.Index(
                fields=["fiscal_year", "name_key_reversed"],
                condition=Q(revision_of__isnull=False),
                name="declaration_revision_name_rev",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.project_name}"

    # -- reads ------------------------------------------------------------------------------

    @property
    def is_revision(self) -> bool:
        return self.revision_of_id is not None

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_approved(self) -> bool:
        return self.status in APPROVED_STATUSES

    @property
    def has_open_follow_up(self) -> bool:
        return self.follow_up == FollowUp.OPEN

    @property
    def approved_version_number(self) -> int | None:
        """The number of the approved version in force (批复版本 第 N 版), if any."""
        return self.versions.order_by("-number").values_list("number", flat=True).first()

    @property
    def has_review_errors(self) -> bool:
        return self.review_errors > 0

    def funds_half(self, period: str) -> dict:
        """One half of the funds table: ``{"total": Decimal|None, "central": …}``."""
        return {s: getattr(self, fund_field(period, s)) for s in ("total", *FUND_SOURCES)}

    def to_core(self) -> core.Declaration:
        """The declaration/1 model of this record (the bridge every other app uses)."""
        from jixiao.declarations.bridge import declaration_to_core

        return declaration_to_core(self)


class Indicator(models.Model):
    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="indicators", verbose_name="申报表"
    )
    period = models.CharField("期间", max_length=20, choices=Period.choices)
    level1 = models.CharField("一级指标", max_length=50)
    level2 = models.CharField("二级指标", max_length=50)
    name = models.CharField("三级指标", max_length=300)
    value = models.CharField("指标值", max_length=300)
    # parse_value(value, year=fiscal_year).to_dict(): kind, comparator, number, unit, …
    reading = models.JSONField("指标值解读", default=dict, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        ordering = ["declaration_id", "order", "id"]
        verbose_name = "绩效指标"
        verbose_name_plural = "绩效指标"
        indexes = [models.Index(fields=["level2", "name"])]

    def __str__(self) -> str:
        return f"{self.get_period_display()} {self.level2} {self.name} {self.value}"


class ImportRecord(models.Model):
    """Where imported declarations came from: one record per imported file."""

    file_name = models.CharField("文件名", max_length=500)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    format = models.CharField("格式", max_length=10, choices=format_choices)
    notes = models.JSONField("导入说明", default=list, blank=True)
    created_count = models.PositiveIntegerField("新建", default=0)
    updated_count = models.PositiveIntegerField("更新", default=0)
    imported_at = models.DateTimeField("导入时间", default=timezone.now)
    imported_by = _user_ref("导入人")
    declarations = models.ManyToManyField(
        Declaration, related_name="import_records", blank=True, verbose_name="申报表"
    )

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"

    def __str__(self) -> str:
        return f"{self.file_name}（{timezone.localtime(self.imported_at):%Y-%m-%d %H:%M}）"


class Action(models.TextChoices):
    CREATE = "create", "创建"
    IMPORT = "import", "导入"
    UPDATE = "update", "修改"
    SUBMIT = "submit", "提交"
    RETURN = "return", "退回"
    DEPT_APPROVE = "dept_approve", "部门审核通过"
    FINANCE_CONCLUDE = "finance_conclude", "财政审核"
    PUBLISH = "publish", "公开"
    REVISE = "revise", "发起修订"
    MERGE = "merge", "修订生效"
    COMMENT = "comment", "审核意见"
    FOLLOW_UP_CLOSE = "follow_up_close", "整改完成"


class AuditEntry(models.Model):
    """One line of a declaration's timeline: who did what, when, from which state to which."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="audit_entries", verbose_name="申报表"
    )
    actor = _user_ref("操作人")
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=20, choices=Status.choices, blank=True)
    comment = models.TextField("意见", blank=True)
    field = models.CharField("所指字段", max_length=100, blank=True)
    data = models.JSONField("数据", default=dict, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.from_status}→{self.to_status}"


class ReviewComment(models.Model):
    """A reviewer's comment, optionally pointing at one field of the form."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="comments", verbose_name="申报表"
    )
    author = _user_ref("审核人")
    # A key of declaration/1: "overview", "funds.annual.local", "indicators[7]"; blank = whole form.
    field = models.CharField("所指字段", max_length=100, blank=True)
    message = models.TextField("意见")
    audit_entry = models.ForeignKey(
        AuditEntry,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name="所属操作",
    )
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "审核意见"
        verbose_name_plural = "审核意见"

    def __str__(self) -> str:
        return self.message[:40]


class AdminChange(models.Model):
    """One change made in the Django admin to anything but a declaration (a user, a
    department, a monitoring report …), with its fields before and after.  A declaration's
    admin changes go to its own timeline (``AuditEntry``) instead."""

    class Kind(models.TextChoices):
        ADD = "add", "新增"
        CHANGE = "change", "修改"
        DELETE = "delete", "删除"

    actor = _user_ref("操作人")
    kind = models.CharField("操作", max_length=10, choices=Kind.choices)
    model = models.CharField("对象类型", max_length=100)
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=300)
    # [{"field": "role", "label": "角色", "before": "经办人", "after": "部门审核人"}, …]
    changes = models.JSONField("修改内容", default=list, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "管理后台操作记录"
        verbose_name_plural = "管理后台操作记录"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.model} {self.object_repr}"


class DeclarationVersion(models.Model):
    """A snapshot (declaration/1) of each approved state, so every version stays viewable."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="versions", verbose_name="申报表"
    )
    number = models.PositiveIntegerField("版本")
    status = models.CharField("状态", max_length=20, choices=Status.choices)
    data = models.JSONField("内容")
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = _user_ref("操作人")
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        ordering = ["declaration_id", "number"]
        verbose_name = "批复版本"
        verbose_name_plural = "批复版本"
        constraints = [
            models.UniqueConstraint(fields=["declaration", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.declaration} 第 {self.number} 版"


class ReviewKey(models.Model):
    """The year's index for the rules across declarations: one row per LSH band key of a
    declaration's project text (PROJECT-SIMILAR) and per passage of its texts long enough to
    be boilerplate (TEXT-BOILERPLATE).  A save compares its declaration with the others that
    share a key (``year_index``) instead of with the whole year."""

    BAND = "b"
    PASSAGE = "p"

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="review_keys", verbose_name="申报表"
    )
    fiscal_year = models.PositiveSmallIntegerField("年度")
    # A revision's keys find what it resembles; the others are never compared with it.
    original = models.BooleanField("原申报表", default=True)
    kind = models.CharField("类别", max_length=1)
    key = models.BigIntegerField("键")
    field = models.CharField("所在字段", max_length=30, blank=True)

    class Meta:
        verbose_name = "跨申报表审核索引"
        verbose_name_plural = "跨申报表审核索引"
        indexes = [models.Index(fields=["fiscal_year", "kind", "key"], name="review_key_lookup")]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.kind}{self.key}"
