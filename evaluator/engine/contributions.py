"""Explaining fired and open rules: the Contribution, Veto and OpenRule values of a result.

Explanations are shared by every evaluation under one plan (``Plan.shared_explanations``):
a rule that fires on the same values explains itself the same way, so the immutable value
is built once and reused, across components and across evaluations.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from evaluator.engine.core import Plan
from evaluator.engine.explain import format_value
from evaluator.engine.knowledge import KnowledgeBase
from evaluator.engine.results import Contribution, Fact, OpenRule, Veto

__all__ = ["Explainer", "value_key"]


_PLACEHOLDER_RE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


@functools.lru_cache(maxsize=8)
def _explained_rules(kb: KnowledgeBase) -> tuple[tuple[tuple[str, ...], tuple, tuple], ...]:
    """Per rule: the ids it reads (sorted), its rationale split around placeholders, and
    every id its explanation depends on."""
    out = []
    for rule in kb.rules:
        parts = []
        last = 0
        for match in _PLACEHOLDER_RE.finditer(rule.rationale):
            if match.group(1) not in kb.by_id:
                continue
            parts.append((rule.rationale[last : match.start()], match.group(1)))
            last = match.end()
        parts.append((rule.rationale[last:], None))
        quoted = {qid for _, qid in parts if qid}
        out.append((tuple(sorted(rule.reads)), tuple(parts), tuple(sorted(rule.reads | quoted))))
    return tuple(out)


def value_key(value: Any) -> Any:
    """An answer as a key: with its type, since 1, 1.0 and True are equal keys but read
    and export differently; a list as a tuple."""
    return (list, tuple(value)) if isinstance(value, list) else (value.__class__, value)


class Explainer:
    """Explains fired rules for one component.

    Answers are formatted once per component. Explanations are shared by every
    evaluation under one plan (``Plan.shared_explanations``): a rule that fires on the
    same values explains itself the same way, so the immutable Contribution is built
    once and reused, across components and across evaluations.
    """

    def __init__(
        self, plan: Plan, facts: Mapping[str, Any], shared: dict[tuple, Any] | None = None
    ) -> None:
        self.plan = plan
        self.kb = plan.kb
        self.facts = facts
        self.meta = _explained_rules(plan.kb)
        self.texts: dict[str, str] = {}
        self.found: dict[str, Fact | None] = {}
        self.shared = shared if shared is not None else {}

    def text(self, qid: str) -> str:
        text = self.texts.get(qid)
        if text is None:
            text = self.texts[qid] = format_value(self.kb.by_id[qid], self.facts.get(qid))
        return text

    def fact(self, qid: str) -> Fact | None:
        if qid not in self.found:
            value = self.facts.get(qid)
            self.found[qid] = (
                None
                if value is None
                else Fact(qid, self.kb.by_id[qid].label, value, self.text(qid))
            )
        return self.found[qid]

    def values(self, index: int) -> tuple[Fact, ...]:
        facts = (self.fact(qid) for qid in self.meta[index][0])
        return tuple(fact for fact in facts if fact is not None)

    def rationale(self, index: int) -> str:
        return "".join(
            literal + (self.text(qid) if qid else "") for literal, qid in self.meta[index][1]
        )

    def fired(self, index: int) -> Contribution | Veto:
        """The explanation of rule ``index``, which held for this component."""
        facts = self.facts
        key = (index, *(value_key(facts.get(qid)) for qid in self.meta[index][2]))
        found = self.shared.get(key)
        if found is not None:
            return found
        rule = self.kb.rules[index]
        if rule.veto is not None:
            found = Veto(
                rule.id,
                rule.title,
                rule.veto,
                self.rationale(index),
                self.values(index),
                rule.source,
                rule.as_of,
                rule.variants,
            )
        else:
            found = Contribution(
                rule.id,
                rule.title,
                rule.points,
                round(self.plan.weighted(index), 2),
                rule.attributes,
                self.rationale(index),
                self.values(index),
                rule.source,
                rule.as_of,
                rule.variants,
            )
        self.shared[key] = found
        return found

    def open(self, index: int) -> OpenRule:
        """The open rule ``index``, undecided for lack of answers."""
        facts = self.facts
        rule = self.kb.rules[index]
        missing = tuple(qid for qid in self.meta[index][0] if facts.get(qid) is None)
        key = ("open", index, missing)
        found = self.shared.get(key)
        if found is None:
            found = self.shared[key] = OpenRule(
                rule.id,
                rule.title,
                rule.points,
                rule.veto,
                round(self.plan.magnitude[index], 2),
                missing,
            )
        return found
