"""Evaluate a design: score every option for every component, and explain the scores."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from evaluator.engine import analysis, uncertainty
from evaluator.engine.assessment import State, assess
from evaluator.engine.contributions import Explainer
from evaluator.engine.core import Plan, plan_for, priorities_key
from evaluator.engine.explain import verdict
from evaluator.engine.facts import DesignGraph, component_facts
from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase, default_knowledge
from evaluator.engine.results import (
    GOOD_OPTION_SCORE,
    SCHEMA_VERSION,
    ComponentResult,
    Contribution,
    Evaluation,
    OpenQuestion,
    OpenRule,
    OptionResult,
    Veto,
    band_for,
    confidence_label,
    is_close_call,
)
from evaluator.engine.sampling import DEFAULT_SAMPLES, DEFAULT_SEED, check_samples, point_spec
from evaluator.engine.spec import ComponentSpec, DesignSpec
from evaluator.engine.standing import display_variant

__all__ = ["evaluate", "evaluate_component"]


def evaluate(
    spec: DesignSpec,
    kb: KnowledgeBase | None = None,
    *,
    analyse: bool = True,
    samples: int | None = None,
    seed: int = DEFAULT_SEED,
    detail: bool = True,
    what_if: bool = True,
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
    ``what_if=False`` leaves each component's tipping points and trade-off points out
    while keeping the rest of the analysis (for callers that compare results, such as
    ``review --against``).
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
            analyse and what_if,
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
        knowledge_digest=kb.digest,
        packs=kb.packs,
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


def _dedupe(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _explained(plan: Plan, state: State, oi: int, explain: Explainer) -> tuple:
    """(contributions, vetoes, variant vetoes, open rules, confidence) of option ``oi``.

    Only rules that count for the variant it would be built as are contributions; a veto
    that rules out other variants only is a variant veto. Confidence and open rules cover
    every variant's rules: which variant it would be is part of what is not yet known.
    """
    variant = state.outcome.variants[oi]
    ruled_out = state.outcome.vetoed[oi]
    results = state.results
    contributions: list[Contribution] = []
    vetoes: list[Veto] = []
    variant_vetoes: list[Veto] = []
    open_rules: list[OpenRule] = []
    decided: list[float] = []
    undecided: list[float] = []
    magnitude = plan.magnitude
    for i in plan.option_rules[oi]:
        result = results[i]
        if result is None:
            undecided.append(magnitude[i])
            open_rules.append(explain.open(i))
            continue
        decided.append(magnitude[i])
        if result is not True:
            continue
        if plan.is_veto[i]:
            # Whole-option vetoes only ever appear on a ruled-out option.
            (vetoes if ruled_out else variant_vetoes).append(explain.fired(i))
        elif plan.applies(i, variant):
            contributions.append(explain.fired(i))
    # Sorted by content, not by position in the files, so reordering rules changes nothing.
    contributions.sort(key=lambda c: (-abs(c.weighted), c.rule_id))
    vetoes.sort(key=lambda v: v.rule_id)
    variant_vetoes.sort(key=lambda v: v.rule_id)
    open_rules.sort(key=lambda r: (-r.weight, r.rule_id))
    # fsum: the exactly rounded sum, the same in any order of the rules (a running float
    # sum is not, and a share on a rounding edge would then depend on the files' order).
    known, total = math.fsum(decided), math.fsum(decided + undecided)
    confidence = round(known / total, 3) if total else 1.0
    return contributions, vetoes, variant_vetoes, open_rules, confidence


def _option(plan: Plan, state: State, oi: int, explain: Explainer) -> OptionResult:
    """One option's result, for the variant it would be built as."""
    kb = plan.kb
    option = kb.option(OPTION_IDS[oi])
    outcome = state.outcome
    contributions, vetoes, variant_vetoes, open_rules, confidence = _explained(
        plan, state, oi, explain
    )
    risks: list[str] = []
    mitigations: list[str] = []
    for item in (*vetoes, *contributions):
        rule = kb.rule(item.rule_id)
        risks.extend(rule.risks)
        mitigations.extend(rule.mitigations)
    ruled_out = outcome.vetoed[oi]
    variant = outcome.variants[oi]
    if variant < 0:
        variant = display_variant(plan.when_fns[oi], state.facts, ruled_out)
    chosen = option.variants[variant]
    score = outcome.scores[oi]
    return OptionResult(
        option=option.id,
        name=option.name,
        start=option.start,
        score=score,
        band=band_for(score, ruled_out),
        ruled_out=ruled_out,
        confidence=confidence,
        confidence_label=confidence_label(confidence),
        variant=chosen.id,
        variant_name=chosen.name,
        contributions=tuple(contributions),
        vetoes=tuple(vetoes),
        open_rules=tuple(open_rules),
        risks=_dedupe(risks),
        mitigations=_dedupe(mitigations),
        raw=round(outcome.totals[oi] / plan.denominator, 2),
        evidence=round(outcome.evidence[oi] / plan.denominator, 2),
        earned=outcome.earned[oi],
        variant_vetoes=tuple(variant_vetoes),
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


def _held_back(state: State, best: int | None) -> tuple[str, ...]:
    """Options above the recommendation that lack the evidence to be recommended."""
    if best is None:
        return ()
    outcome = state.outcome
    return tuple(
        OPTION_IDS[oi]
        for oi in range(len(OPTION_IDS))
        if not outcome.vetoed[oi]
        and not outcome.earned[oi]
        and outcome.totals[oi] > outcome.totals[best]
    )


def _component(
    plan: Plan,
    spec: DesignSpec,
    component: ComponentSpec,
    facts: dict[str, Any],
    what_if: bool,
    shared: dict[tuple, Any],
    sampled: tuple[_Draws, ComponentSpec] | None = None,
) -> ComponentResult:
    """``sampled``: how to draw samples, and the component as given (with its ranges
    and weights); None leaves the uncertainty out."""
    state = assess(plan, facts)
    explain = Explainer(plan, facts, shared)
    options = tuple(_option(plan, state, oi, explain) for oi in range(len(OPTION_IDS)))
    best = options[state.best] if state.best is not None else None
    second = options[state.second] if state.second is not None else None
    totals = state.outcome.totals
    margin = close_call = None
    if best is not None and second is not None:
        gap = totals[state.best] - totals[state.second]
        margin = round(gap / plan.denominator, 2)
        close_call = is_close_call(totals[state.best], totals[state.second], plan.denominator)
    no_good = best is None or best.score < GOOD_OPTION_SCORE
    held_back = _held_back(state, state.best)
    sentence = verdict(
        component.name,
        (best.name, best.score, best.band) if best else None,
        (second.name, second.score) if second else None,
        close_call=bool(close_call),
        no_good_option=no_good,
        held_back=bool(held_back),
        variant=_surviving_variant(plan.kb, best),
    )
    tipping = tradeoffs = ()
    if what_if:
        tipping = analysis.tipping_points(plan, state)
        tradeoffs = analysis.tradeoff_points(plan, state, options)
    return ComponentResult(
        name=component.name,
        kind=component.kind,
        options=options,
        recommendation=best.option if best else None,
        recommendation_name=best.name if best else None,
        runner_up=second.option if second else None,
        close_call=bool(close_call),
        no_good_option=no_good,
        confidence=best.confidence if best else 0.0,
        confidence_label=best.confidence_label if best else "low",
        verdict=sentence,
        open_questions=_open_questions(plan, options),
        tipping_points=tipping,
        tradeoff_points=tradeoffs,
        margin=margin,
        held_back=held_back,
        uncertainty=_uncertainty(plan, state, sampled) if sampled else None,
    )


def _uncertainty(plan: Plan, state: State, sampled: tuple[_Draws, ComponentSpec]):
    draws, given = sampled
    return uncertainty.measure(
        plan, draws.spec, given, state, draws.samples, draws.seed, draws.shared, draws.detail
    )


def _surviving_variant(
    kb: KnowledgeBase, best: OptionResult | None
) -> tuple[str, tuple[str, ...]] | None:
    """(variant, the variants ruled out) when a hard limit ruled out some variants of the
    recommended option: the recommendation must then name the variant to build."""
    if best is None or not best.variant_vetoes:
        return None
    out = {vid for veto in best.variant_vetoes for vid in veto.variants}
    names = tuple(v.name for v in kb.option(best.option).variants if v.id in out)
    return best.variant_name or "", names
