"""Findings across the year stored before they referred to the other declarations by pk
named them in their text (their drafts included), read by whoever may see the declaration.
This takes the names out: such a finding keeps its rule, severity and field and says what it
is about without naming anyone, until ``jixiao review_refresh`` (or the next save in its
year) stores it again with references.  The wording is frozen here, as a migration must be.
"""

from django.db import migrations

# The rules across the year and their titles when this migration was written.
BATCH_RULES = {
    "PROJECT-DUPLICATE": "同一项目重复申报",
    "PROJECT-SIMILAR": "项目内容高度相似",
    "TEXT-BOILERPLATE": "套用大段通用文字",
}


def _without_names(finding: dict) -> dict:
    rule = finding.get("rule")
    if rule not in BATCH_RULES or "refs" in finding:
        return finding
    return {
        **finding,
        "message": f"{BATCH_RULES[rule]}（涉及同年度的其他申报表，重新审核后列出）",
        "refs": [],
    }


def forwards(apps, schema_editor):
    Declaration = apps.get_model("declarations", "Declaration")
    changed = []
    for record in Declaration.objects.only("pk", "findings").iterator():
        findings = [_without_names(f) for f in record.findings or []]
        if findings != record.findings:
            record.findings = findings
            changed.append(record)
    Declaration.objects.bulk_update(changed, ["findings"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("declarations", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
