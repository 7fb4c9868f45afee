"""Phone numbers in what the public sees: 联系电话 and free text (core, no Django)."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.declaration import Declaration
from jixiao.core.disclosure import mask_phone, mask_phones_in_text, public_declaration
from tests.phones import clear_windows, visible_digits

# 联系电话 as filers type it, and as it is published.
PHONE_FIELD = [
    ("13812345678", "138****5678"),
    ("18003452232", "180****2232"),
    ("138-1234-5678", "138-****-5678"),
    ("138 1234 5678", "138 **** 5678"),
    ("+86 138 1234 5678", "+86 138 **** 5678"),
    ("+8613812345678", "+86138****5678"),
    ("0086-13812345678", "0086-138****5678"),
    ("(+86)13812345678", "(+86)138****5678"),
    ("13812345678/0355-8551234", "138****5678/0355-***1234"),
    ("13812345678、13912345678", "138****5678、139****5678"),
    ("13812345678,13912345678", "138****5678,139****5678"),
    ("13812345678；13912345678", "138****5678；139****5678"),
    ("13812345678 13912345678", "138****5678 139****5678"),
    ("电话13812345678转6", "电话138****5678转*"),
    ("0355-8551234转806", "0355-***1234转***"),
    ("0355-8551234-806", "0355-***1234-***"),
    ("0355-8087565", "0355-***7565"),
    ("0355 8551234", "0355 ***1234"),
    ("(0355)8551234", "(0355)***1234"),
    ("（0355）855－1234", "（0355）***－1234"),
    ("03558551234", "0355***1234"),
    ("010-82345678", "010-****5678"),
    ("021 6234 5678", "021 **** 5678"),
    ("0351-85512345", "0351-****2345"),
    ("+86 355 8551234", "+86 355 ***1234"),
    ("8087565", "***7565"),
    ("400-123-4567", "400-***-4567"),
    ("１３８１２３４５６７８", "１３８****５６７８"),
    ("１３８－１２３４－５６７８", "１３８－****－５６７８"),
    ("一三八一二三四五六七八", "一三八****五六七八"),
    ("幺三八 一二三四 五六七八", "幺三八 **** 五六七八"),
    ("〇三五五-八五五一二三四", "〇三五五-***一二三四"),
    ("张三 13812345678；李四 0355-8551234", "张三 138****5678；李四 0355-***1234"),
    ("138＊＊＊＊5678", "138＊＊＊＊5678"),  # masked already, with full-width stars
    ("1381234567813912345678", "******************5678"),  # two numbers run together
    ("123", "***"),  # too short to tell: hidden
    ("12345", "*****"),
    ("", ""),
    (None, None),
]


@pytest.mark.parametrize("phone, masked", PHONE_FIELD)
def test_it_masks_every_number_in_the_phone_field(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize("phone, masked", PHONE_FIELD)
def test_it_masks_the_phone_field_once_for_all(phone, masked):
    assert mask_phone(masked) == masked  # a public copy masked again is unchanged


@pytest.mark.parametrize("phone", [p for p, _ in PHONE_FIELD if p])
def test_it_never_leaves_seven_digits_of_a_number_in_clear(phone):
    for number in _planted_numbers(phone):
        assert not clear_windows(mask_phone(phone), number), phone


def _planted_numbers(phone: str) -> list[str]:
    """The national numbers of at least seven digits that the field holds, normalised (the
    country code is public)."""
    runs = [
        d.removeprefix("00")
        for spaces in (phone, phone.replace(" ", "|"))  # a space joins groups or numbers
        for d in visible_digits(spaces).split("|")
    ]
    runs = [d[2:] if d.startswith("86") and len(d) >= 12 else d for d in runs]
    return [d for d in runs if 7 <= len(d) <= 12]


# Free text: phone-shaped numbers masked, every other number left alone.
FREE_TEXT = [
    ("联系电话13812345678转6", "联系电话138****5678转*"),
    ("联系人：张三（139-1234-5678）", "联系人：张三（139-****-5678）"),
    ("咨询电话：0355-8551234。", "咨询电话：0355-***1234。"),
    ("请拨打0355－8551234-806咨询", "请拨打0355－***1234-***咨询"),
    ("手机号：138 1234 5678。", "手机号：138 **** 5678。"),
    ("联系人张三，电话：8551234", "联系人张三，电话：***1234"),
    ("项目负责人王五１３８１２３４５６７８", "项目负责人王五１３８****５６７８"),
    ("电话一三八一二三四五六七八", "电话一三八****五六七八"),
    ("+86 138 1234 5678", "+86 138 **** 5678"),
]
NOT_PHONES = [
    "≥10000人次",
    "项目总投资13800000000元",
    "资金19000000000.00",
    "预算 13812345678.50 元",
    "2023-2025年",
    "2023年1月1日至2023-12-31",
    "GB/T 35273-2020",
    "财预〔2021〕101号",
    "功能科目2130101",
    "统一社会信用代码 11140400012345678X",
    "二〇二三年度",
    "第一、二、三季度",
    "张三、李四",
    "覆盖率≥95%，满意度≥90%",
    "8551234户",  # a count, no phone word before it
    "热线12345",  # the public hotline stays
    "13800000000%",
    "¥13812345678",
]


@pytest.mark.parametrize("text, masked", FREE_TEXT)
def test_it_masks_phone_numbers_in_free_text(text, masked):
    assert mask_phones_in_text(text) == masked
    assert mask_phones_in_text(masked) == masked


@pytest.mark.parametrize("text", NOT_PHONES)
def test_it_leaves_amounts_dates_counts_and_codes_alone(text):
    assert mask_phones_in_text(text) == text


def test_it_masks_random_numbers_whatever_their_separators():
    rng = random.Random(17)
    separators = ["", "-", " ", "－", "—", "　"]
    between = ["/", "、", ",", ";", "；", " ", "转", "，"]
    for _ in range(300):
        mobile = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
        area = rng.choice(["010", "021", "0355", "0351"])
        local = f"{rng.randrange(2, 10)}{rng.randrange(10**7):07d}"[: 8 if len(area) == 3 else 7]
        sep = rng.choice(separators)
        mobile_written = sep.join((mobile[:3], mobile[3:7], mobile[7:]))
        landline_written = f"{area}{rng.choice(separators)}{local}"
        field = f"{mobile_written}{rng.choice(between)}{landline_written}"
        masked = mask_phone(field)
        for number in (mobile, area + local):
            assert not clear_windows(masked, number), (field, masked)
        text = f"项目概况。联系人张三，电话{field}，地址……"
        assert not clear_windows(mask_phones_in_text(text), mobile), text


def test_it_masks_the_public_copy_everywhere_a_filer_could_type_a_phone():
    decl = Declaration(
        fiscal_year=2023,
        project_name="保障性住房建设项目（咨询13812345678）",
        implementing_unit="住建局 0355-8551234",
        overview="项目总投资13800000000元，联系人张三 139 1234 5678。",
        goal_annual="完成≥10000人次培训",
        responsible_person="王五13712345678",
        handler="李四",
        phone="13812345678/0355-8551234转6",
        indicators=[
            {
                "period": "annual",
                "level1": "产出指标",
                "level2": "数量指标",
                "name": "热线电话13612345678接通率",
                "value": "≥95%",
            }
        ],
    )
    public = public_declaration(decl, show_handler=False)
    assert public.project_name == "保障性住房建设项目（咨询138****5678）"
    assert public.implementing_unit == "住建局 0355-***1234"
    assert public.overview == "项目总投资13800000000元，联系人张三 139 **** 5678。"
    assert public.goal_annual == "完成≥10000人次培训"
    assert public.responsible_person == "王五137****5678"
    assert public.phone == "138****5678/0355-***1234转*"
    assert public.indicators[0].name == "热线电话136****5678接通率"
    assert public.indicators[0].value == "≥95%"
    assert public.handler is None
    assert public_declaration(decl, show_handler=True).handler == "李四"
    assert decl.phone == "13812345678/0355-8551234转6"  # the original is untouched
    assert public_declaration(public, show_handler=False) == public


@given(st.text(max_size=80))
def test_it_only_ever_replaces_digits_by_the_mask(text):
    for masked in (mask_phone(text), mask_phones_in_text(text)):
        assert len(masked) == len(text)
        changed = [(a, b) for a, b in zip(text, masked, strict=True) if a != b]
        assert all(b == "*" and visible_digits(a) in tuple("0123456789") for a, b in changed)
    assert mask_phone(mask_phone(text)) == mask_phone(text)
    assert mask_phones_in_text(mask_phones_in_text(text)) == mask_phones_in_text(text)


_DIGITS = {"ascii": "0123456789", "full": "０１２３４５６７８９", "words": "〇一二三四五六七八九"}


@given(
    before=st.text(max_size=20),
    after=st.text(max_size=20),
    mobile=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    script=st.sampled_from(sorted(_DIGITS)),
    separator=st.sampled_from(["", " ", "-", "－", "—", "　"]),
)
def test_it_masks_a_mobile_in_any_phone_field(before, after, mobile, script, separator):
    written = "".join(_DIGITS[script][int(c)] for c in mobile)
    written = separator.join((written[:3], written[3:7], written[7:]))
    field = f"{before}、{written}、{after}"
    assert not clear_windows(mask_phone(field), mobile)
