"""Saves keep the year's findings by comparing one declaration with its index: after any mix
of edits, creations, deletions and revisions, the stored findings are exactly those of a
review of the whole year (``declaration_year_review_refresh``)."""

from __future__ import annotations

import random

import pytest
from django.test import override_settings

from jixiao.accounts.models import User
from jixiao.declarations import services
from jixiao.declarations.models import Declaration, ReviewKey, Status
from jixiao.declarations.reviewing import _config_at
from jixiao.declarations.services.year_review import declaration_year_review_refresh
from jixiao.declarations.synthetic import synthetic_load

pytestmark = pytest.mark.django_db

YEAR = 2033
PASSAGE = (
    "坚持以人民为中心的发展思想，全面落实项目绩效管理责任，强化事前事中事后全过程监管，"
    "确保财政资金安全高效使用"
)


TIGHT = {
    # Passage groups of two already count.
    "passages": "[batch]\nboilerplate_min_declarations = 2\n",
    # Buckets overflow at four members, and no passage counts (so that only the buckets
    # tell which declarations a copy touches).
    "buckets": "[batch]\nmax_bucket = 3\nboilerplate_min_chars = 100000\n",
}


@pytest.fixture(params=["default", *TIGHT])
def config(request, tmp_path):
    """The built-in review configuration, and ones that make saves cross its limits."""
    if request.param == "default":
        yield None
        return
    path = tmp_path / "review.toml"
    path.write_text(TIGHT[request.param], "utf-8")
    _config_at.cache_clear()
    with override_settings(JIXIAO_REVIEW_CONFIG=str(path)):
        yield path
    _config_at.cache_clear()


def state() -> dict:
    return {
        pk: (findings, partners, score, errors, warnings, hints)
        for pk, findings, partners, score, errors, warnings, hints in Declaration.objects.filter(
            fiscal_year=YEAR
        ).values_list(
            "pk",
            "findings",
            "batch_partners",
            "review_score",
            "review_errors",
            "review_warnings",
            "review_hints",
        )
    }


def assert_same_as_whole_year():
    kept = state()
    assert declaration_year_review_refresh(fiscal_year=YEAR) == 0
    again = state()
    assert {pk: v for pk, v in again.items() if v != kept[pk]} == {}


def filer_of(record):
    return User.objects.get(username=f"syn{record.department.code}_filer")


def edit(record, change):
    record = Declaration.objects.get(pk=record.pk)
    data = record.to_core().to_dict()
    change(data)
    return services.declaration_update(
        declaration=record, data=data, user=filer_of(record), expected_version=record.version
    )


def test_it_keeps_the_findings_of_a_whole_year_review_through_every_kind_of_change(config):
    synthetic_load(240, year=YEAR, seed=11, departments=6)
    assert_same_as_whole_year()
    rng = random.Random(5)
    drafts = list(Declaration.objects.filter(fiscal_year=YEAR, status=Status.DRAFT).order_by("pk"))
    others = list(Declaration.objects.filter(fiscal_year=YEAR).order_by("pk"))
    assert len(drafts) > 40

    # Names: one draft takes another's name (in another department), another its name with
    # a word more, a third loses its duplicate again.
    for k in range(6):
        target = rng.choice(others)

        def rename(data, target=target, k=k):
            data["project_name"] = target.project_name + ("" if k % 2 else "项目")

        edit(drafts[k], rename)
    edit(drafts[0], lambda data: data.update(project_name="全新的独立项目名称甲乙丙"))

    # Projects: overviews and indicators copied onto drafts, some taken back.
    for k in range(6, 14):
        source = Declaration.objects.get(pk=rng.choice(others).pk).to_core().to_dict()

        def copy(data, source=source):
            data["overview"] = source["overview"]
            data["indicators"] = source["indicators"]

        edit(drafts[k], copy)
    edit(drafts[6], lambda data: data.update(overview="本项目内容独特，与其他项目均不相同。"))

    # Boilerplate: one passage pasted into 24 drafts one save at a time, past the number of
    # forms a finding lists, then taken out of four again.
    for k in range(14, 38):
        edit(drafts[k], lambda data: data.update(safeguards=(data["safeguards"] or "") + PASSAGE))
    for k in range(14, 18):
        edit(drafts[k], lambda data: data.update(safeguards="制定专门的管理办法。"))

    # A draft deleted, a new declaration created as a copy of another.
    services.declaration_delete(declaration=drafts[40], user=filer_of(drafts[40]))
    source = drafts[41]
    copy = source.to_core().to_dict()
    copy["project_name"] = source.project_name + "（二期）"
    services.declaration_create(user=filer_of(source), data=copy)

    # A revision of a published declaration, renamed to another's name.
    published = Declaration.objects.filter(fiscal_year=YEAR, status=Status.PUBLISHED).first()
    revision = services.declaration_revise(declaration=published, user=filer_of(published))
    target = drafts[45]
    edit(revision, lambda data: data.update(project_name=target.project_name))
    assert any(
        f["rule"] == "PROJECT-DUPLICATE" for f in Declaration.objects.get(pk=revision.pk).findings
    )
    # ... and the declaration it duplicates is renamed afterwards.
    edit(target, lambda data: data.update(project_name="另起炉灶的全新名称项目"))
    assert not any(
        f["rule"] == "PROJECT-DUPLICATE" for f in Declaration.objects.get(pk=revision.pk).findings
    )

    # Windows: two near-identical names four apart in the sorted names pair up; a fifth name
    # saved between them parts them, and pairs them again when it leaves.
    base = "长治市上党区城区老旧小区综合改造提升工程"
    for k, last in zip(range(50, 55), "乙亚交京甲", strict=True):
        edit(drafts[k], lambda data, last=last: data.update(project_name=base + last))
    x, y = drafts[50], drafts[54]
    assert y.pk in Declaration.objects.get(pk=x.pk).batch_partners["duplicate"]
    # Between them in both orders, and no duplicate of either.
    between = base + "人附属配套设施及周边环境综合整治亚"
    edit(drafts[55], lambda data: data.update(project_name=between))
    assert y.pk not in Declaration.objects.get(pk=x.pk).batch_partners["duplicate"]
    assert not Declaration.objects.get(pk=drafts[55].pk).batch_partners["duplicate"]
    assert_same_as_whole_year()
    edit(drafts[55], lambda data: data.update(project_name="又一个互不相干的项目"))
    assert y.pk in Declaration.objects.get(pk=x.pk).batch_partners["duplicate"]

    # Buckets: the same project text saved into four drafts, one at a time, and out again.
    source = drafts[60].to_core().to_dict()

    def same_text(data):
        data["overview"] = source["overview"]
        data["indicators"] = source["indicators"]

    for k in range(61, 65):
        edit(drafts[k], same_text)
        assert_same_as_whole_year()
    edit(drafts[64], lambda data: data.update(overview="本项目内容独特，与其他项目均不相同。"))

    # A draft moves to another year and back.
    edit(drafts[46], lambda data: data.update(fiscal_year=YEAR + 1))
    edit(drafts[46], lambda data: data.update(fiscal_year=YEAR))

    assert_same_as_whole_year()


def test_it_finds_a_copy_saved_into_a_year_and_clears_it_when_changed():
    synthetic_load(60, year=YEAR, seed=3, departments=3)
    a, b = Declaration.objects.filter(fiscal_year=YEAR, status=Status.DRAFT).order_by("pk")[:2]
    source = a.to_core().to_dict()

    def copy(data):
        data["overview"] = source["overview"]
        data["indicators"] = source["indicators"]

    b = edit(b, copy)
    a.refresh_from_db()
    assert a.pk in b.batch_partners["similar"] and b.pk in a.batch_partners["similar"]
    similar = next(f for f in a.findings if f["rule"] == "PROJECT-SIMILAR")
    assert b.pk in [r["id"] for r in similar["refs"]]
    edit(b, lambda data: data.update(overview="本项目内容独特，与其他项目均不相同。"))
    a.refresh_from_db()
    assert b.pk not in a.batch_partners["similar"]
    assert ReviewKey.objects.filter(declaration=b, kind=ReviewKey.BAND).exists()
