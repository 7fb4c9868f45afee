import pytest

from jixiao.declarations.models import Declaration, Status


@pytest.fixture
def two_years(draft, outsider_draft, walk):
    """The filer's draft published, and the other department's form submitted a year earlier:
    a summary without filters must hold the first only."""
    walk(draft, Status.PUBLISHED)
    Declaration.objects.filter(pk=outsider_draft.pk).update(
        status=Status.SUBMITTED, fiscal_year=draft.fiscal_year - 1
    )
    return draft
