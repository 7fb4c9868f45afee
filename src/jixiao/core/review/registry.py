"""The rule registry: every rule is a function registered under its stable id.

A per-declaration rule takes a ``Context`` and yields ``Hit``s; a batch rule takes a
``BatchContext`` and yields ``(index, Hit)`` pairs, index into the batch.  The engine turns
hits into findings with the rule's id and its (configured) severity.  The group is the module
the rule lives in (``completeness``, ``funds`` …); the configuration maps groups onto the
reviewer's four dimensions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from jixiao.core.review.findings import Ref, Severity

Scope = Literal["declaration", "batch"]

# Imported for their registrations, in the order findings are reported.
RULE_MODULES = ("completeness", "funds", "values", "indicators", "text", "details", "batch")


class Hit(NamedTuple):
    """What a rule found: where, what (naming the values) and how to fix it.

    A rule across declarations names the others it found it with by ``refs`` (indices into
    the batch), never in the text: its ``message`` says ``findings.OTHERS`` where they go, and
    each reader gets them worded for what they may see (``findings.name_others``).
    """

    field: str
    message: str
    hint: str = ""
    refs: tuple[Ref, ...] = ()
    unlisted: int = 0


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    group: str
    title: str
    scope: Scope
    check: Callable[[Any], Iterator[Any]]


_RULES: dict[str, Rule] = {}
_loaded = False


def rule(
    rule_id: str, severity: Severity, title: str, *, scope: Scope = "declaration"
) -> Callable[[Callable], Callable]:
    """Register ``check`` as the rule ``rule_id`` (spec severity, a short Chinese title)."""

    def register(check: Callable) -> Callable:
        if rule_id in _RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        group = check.__module__.rsplit(".", 1)[-1]
        _RULES[rule_id] = Rule(rule_id, severity, group, title, scope, check)
        return check

    return register


def all_rules() -> dict[str, Rule]:
    """Every registered rule by id, in report order."""
    global _loaded
    if not _loaded:
        import importlib

        for name in RULE_MODULES:
            importlib.import_module(f"jixiao.core.review.{name}")
        order = {name: i for i, name in enumerate(RULE_MODULES)}
        ranked = sorted(enumerate(_RULES.values()), key=lambda p: (order[p[1].group], p[0]))
        ordered = {r.id: r for _, r in ranked}
        _RULES.clear()
        _RULES.update(ordered)
        _loaded = True
    return _RULES


def rule_title(rule_id: str) -> str:
    """The Chinese title users see for a rule id (the id itself when no rule has it, e.g. a
    finding stored by a rule since retired)."""
    found = all_rules().get(rule_id)
    return found.title if found else rule_id
