"""What would change the answer, where answers pull both ways, and what only shows across
components: tipping points, trade-off points and cross-component findings.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Iterator, Mapping
from typing import Any

from evaluator.engine.core import Plan, State, reassess
from evaluator.engine.explain import format_number, format_value, signed
from evaluator.engine.facts import DesignGraph
from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase, Question
from evaluator.engine.results import (
    ComponentResult,
    Finding,
    OptionResult,
    TippingPoint,
    TradeoffPoint,
    pick,
)
from evaluator.engine.spec import DesignSpec

__all__ = ["findings", "tipping_points", "tradeoff_points", "what_if"]

MAX_TIPPING_POINTS = 12
MAX_TRADEOFF_POINTS = 6
# A serverless component called synchronously with a p99 target below this many
# milliseconds feels every cold start.
TIGHT_LATENCY_MS = 100
SMALL_TEAM = 10
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


# --- Tipping points --------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _thresholds(kb: KnowledgeBase) -> Mapping[str, tuple[float, ...]]:
    """Every number each question is compared with, over all rules."""
    found: dict[str, set[float]] = {}
    for rule in kb.rules:
        for qid, values in rule.condition.thresholds.items():
            found.setdefault(qid, set()).update(values)
    return {qid: tuple(sorted(values)) for qid, values in found.items()}


def _tidy(value: float) -> float:
    # 899.0 reads as 899 and compares equal either way.
    return int(value) if float(value).is_integer() else value


@functools.lru_cache(maxsize=1024)
def _number_candidates(question: Question, thresholds: tuple[float, ...]) -> tuple[float, ...]:
    """Values just either side of, and at, every threshold, within the question's bounds."""
    values: set[float] = set()
    for t in thresholds:
        if question.integer or float(t).is_integer():
            around = (math.floor(t) - 1, math.floor(t), math.ceil(t), math.ceil(t) + 1)
        else:
            step = abs(t) / 100 or 0.01
            around = (t - step, t, t + step)
        for value in around:
            if question.integer and not float(value).is_integer():
                continue
            if question.min is not None and value < question.min:
                continue
            if question.max is not None and value > question.max:
                continue
            values.add(_tidy(value))
    return tuple(sorted(values))


def _candidates(
    question: Question, current: Any, thresholds: tuple[float, ...]
) -> Iterator[tuple[Any, float, int]]:
    """(new value, distance, direction) in the order they should be tried.

    Direction groups number candidates: analysis stops at the first change in each
    direction, because anything further away is not the smallest change.
    """
    kind = question.type
    if kind == "bool":
        for value in (True, False) if current is None else (not current,):
            yield value, 1.0, 0
    elif kind == "choice":
        for index, choice in enumerate(question.choices):
            if choice.value != current:
                yield choice.value, 1.0, index + 1
    elif kind == "multi":
        order = [choice.value for choice in question.choices]
        if current is None:
            yield [], 1.0, 0
            for index, value in enumerate(order):
                yield [value], 1.0, index + 1
        else:
            present = set(current)
            for index, value in enumerate(order):
                toggled = present ^ {value}
                yield [v for v in order if v in toggled], 1.0, index + 1
    else:
        values = _number_candidates(question, thresholds)
        if current is None:
            for value in values:
                yield value, 1.0, 0
            return
        scale = abs(current) or 1.0
        below = [v for v in values if v < current]
        above = [v for v in values if v > current]
        for value in reversed(below):
            yield value, abs(current - value) / scale, -1
        for value in above:
            yield value, abs(value - current) / scale, 1


@functools.lru_cache(maxsize=64)
def _rule_info(plan: Plan) -> Mapping[str, tuple[tuple[int, int, bool, int], ...]]:
    """Per question: (rule, option, is veto, numerator) for each rule reading it."""
    return {
        qid: tuple((i, plan.rule_option[i], plan.is_veto[i], plan.numerators[i]) for i in indexes)
        for qid, indexes in plan.by_question.items()
    }


def _may_tip(plan: Plan, state: State, info: tuple) -> bool:
    """Whether any answer to a question could change the recommendation at all.

    A cheap bound over the rules reading the question (``info``): the most each option
    could gain, the most the leader could lose, and which vetoes could appear or lift.
    When no option can overtake even in the best case, none of the question's values need
    be tried.
    """
    best = state.best
    if best is None:
        return True
    results = state.results
    up = [0, 0, 0, 0, 0, 0]
    liftable = [0, 0, 0, 0, 0, 0]
    down = 0
    for i, oi, veto, n in info:
        fired = results[i] is True
        if veto:
            if fired:
                liftable[oi] += 1
            elif oi == best:
                return True  # the leader could be ruled out
        elif oi == best:
            if (n > 0) == fired:
                down += n if n > 0 else -n
        elif (n > 0) != fired:
            up[oi] += n if n > 0 else -n
    floor = plan.score(best, state.sums[best] - down)
    # Every option, not only those the question touches: if the leader can fall, an
    # untouched runner-up can overtake it.
    for oi in range(len(OPTION_IDS)):
        if oi == best or state.vetoes[oi] > liftable[oi]:
            continue
        ceiling = plan.score(oi, state.sums[oi] + up[oi])
        if ceiling > floor or (ceiling == floor and oi < best):
            return True
    return False


def tipping_points(plan: Plan, state: State) -> tuple[TippingPoint, ...]:
    """The smallest single-answer changes that change this component's recommendation.

    Every question a rule reads is tried: each other choice, yes/no flipped (both when
    unanswered), each multi choice toggled, and for numbers the values just either side of
    every threshold the rules use. Only the rules reading the changed question are re-run.
    """
    kb = plan.kb
    thresholds = _thresholds(kb)
    names = [kb.option(oid).name for oid in OPTION_IDS]
    found: list[TippingPoint] = []
    info = _rule_info(plan)
    # Derived facts are left out: they are worked out from the design, not answered.
    for qid, question in _answerable(kb):
        if not _may_tip(plan, state, info[qid]):
            continue
        current = state.facts.get(qid)
        settled: set[int] = set()  # number directions already answered
        seen_outcomes: set[int | None] = set()  # for unanswered numbers: one per outcome
        for new, distance, direction in _candidates(question, current, thresholds.get(qid, ())):
            if direction in settled and question.type == "number" and current is not None:
                continue
            changed = reassess(plan, state, qid, new)
            if changed is None:
                continue
            scores, vetoed = changed
            best, _ = pick(scores, vetoed)
            if best == state.best:
                continue
            if question.type == "number":
                if current is None:
                    if best in seen_outcomes:
                        continue
                    seen_outcomes.add(best)
                else:
                    settled.add(direction)
            found.append(
                _tipping(question, state, names, current, new, distance, best, scores, vetoed)
            )
    found.sort(key=lambda t: (t.distance, t.scope != "component", t.question, repr(t.new)))
    return tuple(found[:MAX_TIPPING_POINTS])


def _tipping(
    question: Question,
    state: State,
    names: list[str],
    current: Any,
    new: Any,
    distance: float,
    best: int | None,
    scores: list[int],
    vetoed: list[bool],
) -> TippingPoint:
    current_text = format_value(question, current)
    new_text = format_value(question, new)
    previous = state.best
    if current is None:
        lead = f"If “{question.label}” were answered {new_text}"
    else:
        lead = f"If “{question.label}” changed from {current_text} to {new_text}"
    if best is None:
        sentence = f"{lead}, every option would be ruled out."
    elif previous is None:
        sentence = f"{lead}, {names[best]} would become the recommendation ({scores[best]})."
    elif vetoed[previous]:
        sentence = (
            f"{lead}, {names[previous]} would be ruled out and {names[best]} would become"
            f" the recommendation ({scores[best]})."
        )
    elif scores[best] == scores[previous]:
        sentence = (
            f"{lead}, {names[best]} would draw level with {names[previous]} at"
            f" {scores[best]} and become the recommendation, as the simpler of the two."
        )
    else:
        sentence = (
            f"{lead}, {names[best]} would become the recommendation"
            f" ({scores[best]} vs {scores[previous]})."
        )
    return TippingPoint(
        question=question.id,
        label=question.label,
        scope=question.scope,
        current=current,
        new=new,
        current_text=current_text,
        new_text=new_text,
        distance=round(distance, 4),
        recommendation=OPTION_IDS[best] if best is not None else None,
        score=scores[best] if best is not None else None,
        previous=OPTION_IDS[previous] if previous is not None else None,
        previous_score=scores[previous] if previous is not None else None,
        sentence=sentence,
    )


# --- Trade-off points ------------------------------------------------------------------


def tradeoff_points(
    plan: Plan, state: State, options: tuple[OptionResult, ...] = ()
) -> tuple[TradeoffPoint, ...]:
    """Answers whose rules push options, or quality attributes, in opposite directions.

    In the ATAM sense: one answer argues for some options and against others, or counts
    for some quality attributes and against others.
    """
    kb = plan.kb
    results = state.results
    facts = state.facts
    numerators = plan.numerators
    rule_option = plan.rule_option
    # First find and rank the candidates with integer arithmetic only; build the objects
    # and sentences just for the few that are kept.
    ranked: list[tuple[int, str, list[int]]] = []
    for qid, _question in _answerable(kb):
        if facts.get(qid) is None:
            continue
        fired = [i for i in plan.by_question[qid] if numerators[i] and results[i] is True]
        if len(fired) < 2:
            continue
        per_option: dict[int, int] = {}
        signs = 0
        for i in fired:
            oi = rule_option[i]
            per_option[oi] = per_option.get(oi, 0) + numerators[i]
            signs |= 1 if numerators[i] > 0 else 2
        deltas = set(per_option.values())
        options_split = any(d > 0 for d in deltas) and any(d < 0 for d in deltas)
        if not options_split and signs != 3:
            continue
        ranked.append((-sum(abs(numerators[i]) for i in fired), qid, fired))
    ranked.sort()
    found: list[TradeoffPoint] = []
    for _, qid, fired in ranked:
        point = _tradeoff(plan, state, qid, fired)
        if point is not None:
            found.append(point)
            if len(found) == MAX_TRADEOFF_POINTS:
                break
    return tuple(found)


@functools.lru_cache(maxsize=8)
def _answerable(kb: KnowledgeBase) -> tuple[tuple[str, Question], ...]:
    """The questions rules read that people answer (not derived facts), sorted by id."""
    return tuple(
        (qid, kb.by_id[qid]) for qid in sorted(kb.rules_by_question) if not kb.by_id[qid].derived
    )


def _tradeoff(plan: Plan, state: State, qid: str, fired: list[int]) -> TradeoffPoint | None:
    kb = plan.kb
    question = kb.by_id[qid]
    value = state.facts[qid]
    names = [kb.option(oid).name for oid in OPTION_IDS]
    per_option: dict[int, float] = {}
    for_attributes: set[str] = set()
    against_attributes: set[str] = set()
    for i in fired:
        oi = plan.rule_option[i]
        per_option[oi] = per_option.get(oi, 0.0) + plan.weighted(i)
        side = for_attributes if plan.numerators[i] > 0 else against_attributes
        side.update(kb.rules[i].attributes)
    ordered = sorted(per_option.items())
    gains = tuple((OPTION_IDS[oi], round(delta, 2)) for oi, delta in ordered if delta > 0)
    loses = tuple((OPTION_IDS[oi], round(delta, 2)) for oi, delta in ordered if delta < 0)
    only_for = sorted(for_attributes - against_attributes)
    only_against = sorted(against_attributes - for_attributes)
    if not (gains and loses) and not (only_for and only_against):
        return None
    value_text = format_value(question, value)
    return TradeoffPoint(
        question=qid,
        label=question.label,
        scope=question.scope,
        value=value,
        value_text=value_text,
        gains=gains,
        loses=loses,
        attributes_gain=tuple(sorted(for_attributes)),
        attributes_lose=tuple(sorted(against_attributes)),
        rules=tuple(sorted(kb.rules[i].id for i in fired)),
        weight=round(math.fsum(plan.magnitude[i] for i in fired), 2),
        sentence=_tradeoff_sentence(
            kb.by_id[qid].label, value_text, gains, loses, only_for, only_against, names, kb
        ),
    )


def _tradeoff_sentence(
    label: str,
    value_text: str,
    gains: tuple,
    loses: tuple,
    only_for: list[str],
    only_against: list[str],
    names: list[str],
    kb: KnowledgeBase,
) -> str:
    def options_text(items: tuple) -> str:
        return _join([f"{names[OPTION_IDS.index(oid)]} ({signed(delta)})" for oid, delta in items])

    parts = []
    if gains:
        parts.append(f"favours {options_text(gains)}")
    if loses:
        parts.append(f"counts against {options_text(loses)}")
    text = f"The answer {value_text} to “{label}” " + " but ".join(parts) + "."
    if only_for and only_against:
        helps = ", ".join(kb.attribute_label(a).lower() for a in only_for)
        hurts = ", ".join(kb.attribute_label(a).lower() for a in only_against)
        text += f" It argues for on {helps} and against on {hurts}."
    return text


# --- Cross-component findings ----------------------------------------------------------


def findings(
    kb: KnowledgeBase,
    spec: DesignSpec,
    components: tuple[ComponentResult, ...],
    graph: DesignGraph | None = None,
) -> tuple[Finding, ...]:
    """Problems that only show when components are looked at together."""
    graph = graph if graph is not None else DesignGraph.of(spec)
    recommended = {result.name: result.recommendation for result in components}
    answers = {component.name: component.answers for component in spec.components}
    out: list[Finding] = []
    out.extend(_even_replicas(spec, recommended))
    out.extend(_async_into_strong_consistency(spec, recommended, answers, kb))
    out.extend(_serverless_in_sync_chain(spec, recommended, graph))
    out.extend(_personal_data_on_blockchain(spec, recommended))
    out.extend(_microservices_for_small_team(spec, recommended))
    out.extend(_sync_cycles(spec))
    out.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], f.id, f.components))
    return tuple(out)


def _even_replicas(spec: DesignSpec, recommended: Mapping[str, str | None]) -> Iterator[Finding]:
    for component in spec.components:
        replicas = component.answers.get("replicas")
        if isinstance(replicas, bool) or not isinstance(replicas, int | float):
            continue
        if replicas < 2 or not float(replicas).is_integer() or int(replicas) % 2:
            continue
        n = int(replicas)
        tolerated = (n - 1) // 2
        failures = "failure" if tolerated == 1 else "failures"
        yield Finding(
            id="even-consensus-replicas",
            severity="high" if recommended.get(component.name) == "consensus" else "medium",
            title="Even number of consensus replicas",
            message=(
                f"{component.name} plans {n} replicas that must agree. A majority quorum of"
                f" n = 2f+1 nodes tolerates f failures, so {n} nodes tolerate {tolerated}"
                f" {failures}, no more than {n - 1} would, while every write waits for one more"
                f" node. Use {n - 1} or {n + 1}."
            ),
            components=(component.name,),
        )


def _async_into_strong_consistency(
    spec: DesignSpec,
    recommended: Mapping[str, str | None],
    answers: Mapping[str, Mapping[str, Any]],
    kb: KnowledgeBase,
) -> Iterator[Finding]:
    for component in spec.components:
        for dep in component.depends_on:
            asynchronous = dep.style == "async" or recommended.get(component.name) == "event_driven"
            consistency = answers.get(dep.component, {}).get("consistency")
            if not asynchronous or consistency not in ("strong", "read_your_writes"):
                continue
            how = (
                "sends it messages" if dep.style == "async" else "is recommended to be event-driven"
            )
            label = format_value(kb.by_id.get("consistency"), consistency)
            yield Finding(
                id="async-into-strong-consistency",
                severity="high",
                title="Asynchronous updates feed a component that needs strong consistency",
                message=(
                    f"{component.name} {how}, so {dep.component} sees its changes only after a"
                    f" delay, yet {dep.component} asks for {label} consistency. Either make"
                    " that path synchronous, or let readers tolerate stale data and say how"
                    " they learn the write has landed."
                ),
                components=(component.name, dep.component),
            )


def _serverless_in_sync_chain(
    spec: DesignSpec, recommended: Mapping[str, str | None], graph: DesignGraph
) -> Iterator[Finding]:
    for component in spec.components:
        if recommended.get(component.name) != "serverless":
            continue
        callers = graph.sync_callers.get(component.name, 0)
        latency = component.answers.get("latency_p99_ms")
        if callers <= 0 or isinstance(latency, bool) or not isinstance(latency, int | float):
            continue
        if latency >= TIGHT_LATENCY_MS:
            continue
        who = "component waits" if callers == 1 else "components wait"
        yield Finding(
            id="serverless-in-sync-chain",
            severity="medium",
            title="Serverless function on a tight synchronous path",
            message=(
                f"{component.name} is recommended as serverless, {callers} {who} for it,"
                f" and its p99 target is {format_number(latency)} ms. A cold start can take from"
                " under 100 ms to over a second, and the caller waits for every one of them."
                " Keep instances warm (provisioned concurrency) or move it off the"
                " synchronous path."
            ),
            components=(component.name,),
        )


def _personal_data_on_blockchain(
    spec: DesignSpec, recommended: Mapping[str, str | None]
) -> Iterator[Finding]:
    gdpr = "gdpr" in (spec.context.get("regulation") or ())
    for component in spec.components:
        if recommended.get(component.name) != "blockchain":
            continue
        if component.answers.get("personal_data") is not True:
            continue
        yield Finding(
            id="personal-data-on-blockchain",
            severity="high",
            title="Personal data on an immutable ledger",
            message=(
                f"{component.name} holds personal data and is recommended as a blockchain."
                " The right to erasure (GDPR Art. 17) cannot be honoured on a ledger that"
                " never forgets"
                + (", and this design falls under the GDPR" if gdpr else "")
                + ". Keep personal data off-chain and record only salted hashes or"
                " references that can be made meaningless by deleting the data."
            ),
            components=(component.name,),
        )


def _microservices_for_small_team(
    spec: DesignSpec, recommended: Mapping[str, str | None]
) -> Iterator[Finding]:
    chosen = sorted(name for name, option in recommended.items() if option == "microservices")
    if not chosen:
        return
    teams = spec.context.get("teams")
    team_size = spec.context.get("team_size")
    too_many = isinstance(teams, int | float) and not isinstance(teams, bool) and teams > 0
    too_many = too_many and len(chosen) > 2 * teams
    small = (
        isinstance(team_size, int | float)
        and not isinstance(team_size, bool)
        and team_size < SMALL_TEAM
        and len(chosen) >= 3
    )
    if not (too_many or small):
        return
    people = []
    if isinstance(team_size, int | float) and not isinstance(team_size, bool):
        people.append(f"{format_number(team_size)} people")
    if isinstance(teams, int | float) and not isinstance(teams, bool):
        people.append(f"{format_number(teams)} team{'s' if teams != 1 else ''}")
    who = " in ".join(people) if people else "the team"
    yield Finding(
        id="microservices-for-small-team",
        severity="medium",
        title="More microservices than the team can carry",
        message=(
            f"{len(chosen)} components are recommended as microservices ({', '.join(chosen)})"
            f" for {who}. Each service brings its own pipeline, monitoring and on-call; start"
            " with a modular monolith and split out only what must scale or deploy on its own."
        ),
        components=tuple(chosen),
    )


def _sync_cycles(spec: DesignSpec) -> Iterator[Finding]:
    edges: dict[str, list[str]] = {component.name: [] for component in spec.components}
    for component in spec.components:
        for dep in component.depends_on:
            if dep.style == "sync":
                edges[component.name].append(dep.component)
    for group in _strongly_connected(edges):
        if len(group) < 2:
            continue
        members = sorted(group)
        yield Finding(
            id="sync-dependency-cycle",
            severity="high",
            title="Synchronous calls in a circle",
            message=(
                f"{_join(members)} call each other synchronously in a cycle: one slow or"
                " failing component stalls all of them, and none can be deployed or tested"
                " alone. Break the cycle with an asynchronous message or merge them."
            ),
            components=tuple(members),
        )


def _strongly_connected(edges: Mapping[str, list[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative so a long chain cannot exhaust the stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[set[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                groups.append(group)
    return groups


def _join(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# --- What if ---------------------------------------------------------------------------


def what_if(
    spec: DesignSpec,
    changes: Mapping[str, Any],
    kb: KnowledgeBase,
    component: str | None = None,
) -> DesignSpec:
    """A copy of ``spec`` with answers changed: system-wide ids go to the context, the rest
    to the named component's answers (or every component's, when none is named).

    Values should already be typed (see ``KnowledgeBase.parse_answer``); ``None`` removes
    an answer. Raises KeyError for an unknown question or component.
    """
    context = dict(spec.context)
    per_component: dict[str, Any] = {}
    for qid, value in changes.items():
        question = kb.by_id[qid]
        if question.scope == "system":
            if value is None:
                context.pop(qid, None)
            else:
                context[qid] = value
        else:
            per_component[qid] = value
    if component is not None:
        spec.component(component)  # raises KeyError for a name not in the design
    components = []
    for item in spec.components:
        if per_component and (component is None or item.name == component):
            answers = dict(item.answers)
            for qid, value in per_component.items():
                if value is None:
                    answers.pop(qid, None)
                else:
                    answers[qid] = value
            item = dataclasses.replace(item, answers=answers)
        components.append(item)
    return dataclasses.replace(spec, context=context, components=tuple(components))
