"""Evaluate a design: score every option for every component, and explain the scores."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from evaluator.engine import analysis, uncertainty
from evaluator.engine.core import Plan, State, assess, plan_for, priorities_key, variant_index
from evaluator.engine.explain import format_value, verdict
from evaluator.engine.facts import DesignGraph, component_facts
from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase, default_knowledge
from evaluator.engine.results import (
    CLOSE_CALL_MARGIN,
    GOOD_OPTION_SCORE,
    SCHEMA_VERSION,
    ComponentResult,
    Contribution,
    Evaluation,
    Fact,
    OpenQuestion,
    OpenRule,
    OptionResult,
    Veto,
    band_for,
    confidence_label,
)
from evaluator.engine.sampling import DEFAULT_SAMPLES, DEFAULT_SEED, check_samples, point_spec
from evaluator.engine.spec import ComponentSpec, DesignSpec

__all__ = ["evaluate", "evaluate_component"]


def evaluate(
    spec: DesignSpec,
    kb: KnowledgeBase | None = None,
    *,
    analyse: bool = True,
    samples: int | None = None,
    seed: int = DEFAULT_SEED,
    detail: bool = True,
) -> Evaluation:
    """Score every option for every component of ``spec`` and analyse the result.

    Deterministic: the same spec, knowledge base, ``samples`` and ``seed`` always give an
    equal Evaluation. An uncertain answer (a range, or weights) is scored at its point
    (see ``uncertain.py``). ``analyse=False`` skips tipping points, trade-off points and
    cross-component findings (for callers that only need scores).

    Each component's ``uncertainty`` (``uncertainty.measure``: probabilities over
    ``samples`` draws of its uncertain answers, from ``seed``) is worked out when
    analysing, or whenever ``samples`` is given; ``samples=None`` then means
    ``DEFAULT_SAMPLES``. Raises ValueError for a count outside 1..``MAX_SAMPLES`` or a
    negative seed. ``detail=False`` leaves each uncertainty's drivers and priority flips
    out (for callers that only show the chances, such as the editor's live panel).
    """
    kb = kb if kb is not None else default_knowledge()
    draws = _Draws.asked(spec, analyse, samples, seed, detail)
    points = point_spec(spec, kb)
    plan = plan_for(kb, priorities_key(spec.priorities))
    graph = DesignGraph.of(points)
    shared = plan.shared_explanations()
    components = tuple(
        _component(
            plan,
            points,
            component,
            component_facts(points, component, graph),
            analyse,
            shared,
            draws and (draws, given),
        )
        for component, given in zip(points.components, spec.components, strict=True)
    )
    findings = analysis.findings(kb, points, components, graph) if analyse else ()
    return Evaluation(
        schema_version=SCHEMA_VERSION,
        knowledge_version=kb.version,
        design_name=spec.name,
        components=components,
        findings=findings,
    )


def evaluate_component(
    spec: DesignSpec,
    name: str,
    kb: KnowledgeBase | None = None,
    *,
    analyse: bool = True,
    samples: int | None = None,
    seed: int = DEFAULT_SEED,
) -> ComponentResult:
    """Evaluate one component of ``spec`` (by name) in the context of the whole design,
    as ``evaluate`` does."""
    kb = kb if kb is not None else default_knowledge()
    draws = _Draws.asked(spec, analyse, samples, seed)
    points = point_spec(spec, kb)
    plan = plan_for(kb, priorities_key(spec.priorities))
    component = points.component(name)
    facts = component_facts(points, component)
    sampled = draws and (draws, spec.component(name))
    return _component(plan, points, component, facts, analyse, plan.shared_explanations(), sampled)


@dataclass(frozen=True)
class _Draws:
    """What the uncertainty of each component is worked out from: the design as given
    (with its ranges and weights), how many samples, the seed, and the draws of
    system-wide answers, which every component shares."""

    spec: DesignSpec
    samples: int
    seed: int
    detail: bool = True
    shared: dict = field(default_factory=dict, compare=False)

    @classmethod
    def asked(
        cls, spec: DesignSpec, analyse: bool, samples: int | None, seed: int, detail: bool = True
    ) -> _Draws | None:
        if samples is None and not analyse:
            return None
        samples = DEFAULT_SAMPLES if samples is None else samples
        check_samples(samples, seed)
        return cls(spec, samples, seed, detail)


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


def _key(value: Any) -> Any:
    # With the type: 1, 1.0 and True are equal keys but read and export differently.
    return (list, tuple(value)) if isinstance(value, list) else (value.__class__, value)


class _Explainer:
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
        key = (index, *(_key(facts.get(qid)) for qid in self.meta[index][2]))
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


def _dedupe(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _option(plan: Plan, state: State, oi: int, explain: _Explainer) -> OptionResult:
    kb = plan.kb
    option = kb.option(OPTION_IDS[oi])
    facts = state.facts
    results = state.results
    contributions: list[Contribution] = []
    vetoes: list[Veto] = []
    open_rules: list[OpenRule] = []
    decided = undecided = 0.0
    magnitude = plan.magnitude
    for i in plan.option_rules[oi]:
        outcome = results[i]
        if outcome is None:
            undecided += magnitude[i]
            open_rules.append(explain.open(i))
            continue
        decided += magnitude[i]
        if outcome is True:
            item = explain.fired(i)
            (vetoes if plan.is_veto[i] else contributions).append(item)
    # Sorted by content, not by position in the files, so reordering rules changes nothing.
    contributions.sort(key=lambda c: (-abs(c.weighted), c.rule_id))
    vetoes.sort(key=lambda v: v.rule_id)
    open_rules.sort(key=lambda r: (-r.weight, r.rule_id))
    fired = [v.rule_id for v in vetoes] + [c.rule_id for c in contributions]
    risks: list[str] = []
    mitigations: list[str] = []
    for rule_id in fired:
        rule = kb.rule(rule_id)
        risks.extend(rule.risks)
        mitigations.extend(rule.mitigations)

    chosen = variant_index(option.variants, lambda when: when.evaluate(facts) is True)
    variant = option.variants[chosen] if chosen is not None else None

    total = decided + undecided
    confidence = round(decided / total, 3) if total else 1.0
    ruled_out = state.vetoed[oi]
    score = state.scores[oi]
    return OptionResult(
        option=option.id,
        name=option.name,
        start=option.start,
        score=score,
        band=band_for(score, ruled_out),
        ruled_out=ruled_out,
        confidence=confidence,
        confidence_label=confidence_label(confidence),
        variant=variant.id if variant else None,
        variant_name=variant.name if variant else None,
        contributions=tuple(contributions),
        vetoes=tuple(vetoes),
        open_rules=tuple(open_rules),
        risks=_dedupe(risks),
        mitigations=_dedupe(mitigations),
    )


def _open_questions(plan: Plan, options: tuple[OptionResult, ...]) -> tuple[OpenQuestion, ...]:
    kb = plan.kb
    weight: dict[str, float] = {}
    by_option: dict[str, set[str]] = {}
    by_rule: dict[str, set[str]] = {}
    for result in options:
        for rule in result.open_rules:
            for qid in rule.missing:
                weight[qid] = weight.get(qid, 0.0) + rule.weight
                by_option.setdefault(qid, set()).add(result.option)
                by_rule.setdefault(qid, set()).add(rule.rule_id)
    ranked = sorted(weight, key=lambda qid: (-weight[qid], qid))
    return tuple(
        OpenQuestion(
            question=qid,
            label=kb.by_id[qid].label,
            scope=kb.by_id[qid].scope,
            weight=round(weight[qid], 2),
            options=tuple(oid for oid in OPTION_IDS if oid in by_option[qid]),
            rules=tuple(sorted(by_rule[qid])),
        )
        for qid in ranked
    )


def _component(
    plan: Plan,
    spec: DesignSpec,
    component: ComponentSpec,
    facts: dict[str, Any],
    analyse: bool,
    shared: dict[tuple, Any],
    sampled: tuple[_Draws, ComponentSpec] | None = None,
) -> ComponentResult:
    """``sampled``: how to draw samples, and the component as given (with its ranges
    and weights); None leaves the uncertainty out."""
    state = assess(plan, facts)
    explain = _Explainer(plan, facts, shared)
    options = tuple(_option(plan, state, oi, explain) for oi in range(len(OPTION_IDS)))
    best = options[state.best] if state.best is not None else None
    second = options[state.second] if state.second is not None else None
    close_call = (
        best is not None and second is not None and best.score - second.score <= (CLOSE_CALL_MARGIN)
    )
    no_good = best is None or best.score < GOOD_OPTION_SCORE
    sentence = verdict(
        component.name,
        (best.name, best.score, best.band) if best else None,
        (second.name, second.score) if second else None,
        close_call=close_call,
        no_good_option=no_good,
    )
    tipping = tradeoffs = ()
    if analyse:
        tipping = analysis.tipping_points(plan, state)
        tradeoffs = analysis.tradeoff_points(plan, state, options)
    return ComponentResult(
        name=component.name,
        kind=component.kind,
        options=options,
        recommendation=best.option if best else None,
        recommendation_name=best.name if best else None,
        runner_up=second.option if second else None,
        close_call=close_call,
        no_good_option=no_good,
        confidence=best.confidence if best else 0.0,
        confidence_label=best.confidence_label if best else "low",
        verdict=sentence,
        open_questions=_open_questions(plan, options),
        tipping_points=tipping,
        tradeoff_points=tradeoffs,
        uncertainty=_uncertainty(plan, state, sampled) if sampled else None,
    )


def _uncertainty(plan: Plan, state: State, sampled: tuple[_Draws, ComponentSpec]):
    draws, given = sampled
    return uncertainty.measure(
        plan, draws.spec, given, state, draws.samples, draws.seed, draws.shared, draws.detail
    )
