"""Every write to declarations goes through one of these functions (``<entity>_<action>``).

Each is one transaction with keyword-only arguments; a refusal is a ``JixiaoError`` subclass
(``WorkflowError``, ``ConcurrencyError``, ``FormError``) with a Chinese message, and writes
nothing.
"""

from jixiao.declarations.services.editing import (
    declaration_create,
    declaration_delete,
    declaration_update,
)
from jixiao.declarations.services.importing import (
    ImportOutcome,
    PlannedDeclaration,
    declaration_import,
    import_plan,
)
from jixiao.declarations.services.workflow import (
    declaration_approve,
    declaration_comment,
    declaration_finance_conclude,
    declaration_follow_up_close,
    declaration_publish,
    declaration_return,
    declaration_revise,
    declaration_submit,
)
from jixiao.declarations.services.year_review import (
    declaration_review_refresh_all,
    declaration_year_review_refresh,
)

__all__ = [
    "ImportOutcome",
    "PlannedDeclaration",
    "declaration_approve",
    "declaration_comment",
    "declaration_create",
    "declaration_delete",
    "declaration_finance_conclude",
    "declaration_follow_up_close",
    "declaration_import",
    "declaration_publish",
    "declaration_return",
    "declaration_review_refresh_all",
    "declaration_revise",
    "declaration_submit",
    "declaration_update",
    "declaration_year_review_refresh",
    "import_plan",
]
