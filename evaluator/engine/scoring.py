"""Evaluate a design: score every option for every component, and explain the scores."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from evaluator.engine import analysis
from evaluator.engine.core import Plan, State, assess, plan_for, priorities_key
from evaluator.engine.explain import fill_rationale, format_value, verdict
from evaluator.engine.facts import DesignGraph, component_facts
from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase, Rule, default_knowledge
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
from evaluator.engine.spec import ComponentSpec, DesignSpec

__all__ = ["evaluate", "evaluate_component"]


def evaluate(
    spec: DesignSpec, kb: KnowledgeBase | None = None, *, analyse: bool = True
) -> Evaluation:
    """Score every option for every component of ``spec`` and analyse the result.

    Deterministic: the same spec and knowledge base always give an equal Evaluation.
    ``analyse=False`` skips tipping points, trade-off points and cross-component
    findings (for callers that only need scores).
    """
    kb = kb if kb is not None else default_knowledge()
    plan = plan_for(kb, priorities_key(spec.priorities))
    graph = DesignGraph.of(spec)
    components = tuple(
        _component(plan, spec, component, component_facts(spec, component, graph), analyse)
        for component in spec.components
    )
    findings = analysis.findings(kb, spec, components, graph) if analyse else ()
    return Evaluation(
        schema_version=SCHEMA_VERSION,
        knowledge_version=kb.version,
        design_name=spec.name,
        components=components,
        findings=findings,
    )


def evaluate_component(
    spec: DesignSpec, name: str, kb: KnowledgeBase | None = None, *, analyse: bool = True
) -> ComponentResult:
    """Evaluate one component of ``spec`` (by name) in the context of the whole design."""
    kb = kb if kb is not None else default_knowledge()
    plan = plan_for(kb, priorities_key(spec.priorities))
    component = spec.component(name)
    return _component(plan, spec, component, component_facts(spec, component), analyse)


def _facts_read(rule: Rule, kb: KnowledgeBase, facts: Mapping[str, Any]) -> tuple[Fact, ...]:
    out = []
    for qid in sorted(rule.reads):
        value = facts.get(qid)
        if value is None:
            continue
        question = kb.by_id[qid]
        out.append(Fact(qid, question.label, value, format_value(question, value)))
    return tuple(out)


def _dedupe(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _option(plan: Plan, state: State, oi: int) -> OptionResult:
    kb = plan.kb
    option = kb.option(OPTION_IDS[oi])
    facts = state.facts
    results = state.results
    contributions: list[Contribution] = []
    vetoes: list[Veto] = []
    open_rules: list[OpenRule] = []
    decided = undecided = 0.0
    for i in plan.option_rules[oi]:
        outcome = results[i]
        weight = plan.magnitude[i]
        if outcome is None:
            undecided += weight
            rule = kb.rules[i]
            open_rules.append(
                OpenRule(
                    rule_id=rule.id,
                    title=rule.title,
                    points=rule.points,
                    veto=rule.veto,
                    weight=round(weight, 2),
                    missing=tuple(sorted(q for q in rule.reads if facts.get(q) is None)),
                )
            )
            continue
        decided += weight
        if outcome is not True:
            continue
        rule = kb.rules[i]
        rationale = fill_rationale(rule.rationale, kb.by_id, facts)
        if rule.veto is not None:
            vetoes.append(
                Veto(
                    rule_id=rule.id,
                    title=rule.title,
                    limit=rule.veto,
                    rationale=rationale,
                    values=_facts_read(rule, kb, facts),
                    source=rule.source,
                    as_of=rule.as_of,
                )
            )
        else:
            contributions.append(
                Contribution(
                    rule_id=rule.id,
                    title=rule.title,
                    points=rule.points,
                    weighted=round(plan.weighted[i], 2),
                    attributes=rule.attributes,
                    rationale=rationale,
                    values=_facts_read(rule, kb, facts),
                    source=rule.source,
                    as_of=rule.as_of,
                )
            )
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

    variant = None
    for candidate in option.variants:
        if candidate.when is None or candidate.when.evaluate(facts) is True:
            variant = candidate
            break

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
) -> ComponentResult:
    state = assess(plan, facts)
    options = tuple(_option(plan, state, oi) for oi in range(len(OPTION_IDS)))
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
        tipping = analysis.tipping_points(plan, state, spec)
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
    )
