"""The deployment's review configuration (JIXIAO_REVIEW_CONFIG) is what the app reviews with."""

from jixiao.core.declaration import Declaration
from jixiao.declarations.reviewing import review_fields


def rules(fields: dict) -> set[str]:
    return {f["rule"] for f in fields["findings"]}


def test_it_reviews_with_the_built_in_rules_by_default(expected_data, settings):
    settings.JIXIAO_REVIEW_CONFIG = ""
    assert "FIELD-MISSING" in rules(review_fields(Declaration.from_dict(expected_data[0])))


def test_it_reviews_with_the_configured_file(expected_data, settings, tmp_path):
    config = tmp_path / "review.toml"
    config.write_text('disabled = ["FIELD-MISSING"]\n', "utf-8")
    settings.JIXIAO_REVIEW_CONFIG = str(config)
    fields = review_fields(Declaration.from_dict(expected_data[0]))
    assert "FIELD-MISSING" not in rules(fields)
    assert "IND-COST-MISSING" in rules(fields)
