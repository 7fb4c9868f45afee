"""Form details: the contact phone and the fill-in date."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from jixiao.core.review.context import Context
from jixiao.core.review.registry import Hit, rule

_SEPARATORS = re.compile(r"[、/,，;；]+")


@rule("PHONE-FORMAT", "hint", "联系电话格式不对")
def phone_format(ctx: Context) -> Iterator[Hit]:
    phone = ctx.declaration.phone
    if not phone or not phone.strip():
        return  # FIELD-MISSING
    cfg = ctx.config.details
    mobile, landline = re.compile(cfg.mobile_pattern), re.compile(cfg.landline_pattern)
    for number in _SEPARATORS.split(unicodedata.normalize("NFKC", phone)):
        number = re.sub(r"\s+", "", number)
        if number and not (mobile.match(number) or landline.match(number)):
            digits = sum(c.isdigit() for c in number)
            yield Hit(
                "phone",
                f"联系电话「{number}」既不是 11 位手机号，也不是带区号的固定电话（{digits} 位数字）",
                "请填写手机号（如 13912345678）或带区号的固定电话（如 0355-8087565）。",
            )


@rule("DATE-OUT-OF-RANGE", "hint", "填报日期不在预算年度或上一年")
def date_out_of_range(ctx: Context) -> Iterator[Hit]:
    d = ctx.declaration
    if d.filled_at is None:
        return  # FIELD-MISSING
    if d.filled_at.year not in (d.fiscal_year - 1, d.fiscal_year):
        yield Hit(
            "filled_at",
            f"填报日期 {d.filled_at:%Y-%m-%d} 不在 {d.fiscal_year - 1} 年或 {d.fiscal_year} 年内"
            f"（预算年度 {d.fiscal_year}）",
            "请核对填报日期和预算年度。",
        )
