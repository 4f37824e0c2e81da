"""Benchmark the rules engine and print ratios measured in this one run.

    python bench/engine.py

Designs of 50 and 1,000 fully answered components are generated from the real question
catalogue (seeded, so every run sees the same designs). Printed:

- time per component evaluation (scores only, and with analysis);
- the same rules run through the ``rule-engine`` package (conditions translated into its
  expression syntax here): how many times faster the compiled closures are (target >= 20x);
- one option's rules written by hand as Python if-statements: how many times slower the
  engine is (target <= 2x);
- time for 1,000 components over time for 50 (linear is 20);
- evaluation plus analysis of 50 components (target < 50 ms).

Each figure is the median of several timed repeats (``time.perf_counter``).
"""

from __future__ import annotations

import dataclasses
import math
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from evaluator.engine import evaluate, load_knowledge  # noqa: E402
from evaluator.engine.assessment import assess  # noqa: E402
from evaluator.engine.core import plan_for, priorities_key  # noqa: E402
from evaluator.engine.facts import DesignGraph, component_facts  # noqa: E402
from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase, Question  # noqa: E402
from evaluator.engine.results import bounded_score  # noqa: E402
from evaluator.engine.spec import (  # noqa: E402
    COMPONENT_KINDS,
    ComponentSpec,
    Dependency,
    DesignSpec,
)
from evaluator.engine.standing import Outcome, Tally  # noqa: E402

SEED = 20261101


# --- Designs ---------------------------------------------------------------------------


def _answer(question: Question, thresholds: list[float], rng: random.Random):
    if question.type == "bool":
        return rng.random() < 0.5
    if question.type == "choice":
        return rng.choice(question.choices).value
    if question.type == "multi":
        return [c.value for c in question.choices if rng.random() < 0.3]
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else 1_000_000
    if thresholds and rng.random() < 0.6:
        # Near a threshold the rules use, so rules fire both ways.
        value = rng.choice(thresholds) * rng.choice((0.5, 0.9, 1, 1.1, 2))
    else:
        value = 10 ** rng.uniform(0, math.log10(max(high, 10)))
    value = min(max(value, low), high)
    return int(round(value)) if question.integer or rng.random() < 0.8 else round(value, 1)


def make_design(kb: KnowledgeBase, count: int, seed: int) -> DesignSpec:
    rng = random.Random(seed)
    thresholds: dict[str, set[float]] = {}
    for rule in kb.rules:
        for qid, values in rule.condition.thresholds.items():
            thresholds.setdefault(qid, set()).update(values)
    sorted_thresholds = {qid: sorted(values) for qid, values in thresholds.items()}

    def answers(scope: str) -> dict:
        return {
            q.id: _answer(q, sorted_thresholds.get(q.id, []), rng)
            for q in kb.questions_in_scope(scope)
        }

    components = []
    for index in range(count):
        # Depend on up to two earlier components, so the graph has depth but no cycle.
        earlier = rng.sample(range(index), min(index, rng.randint(0, 2)))
        depends = tuple(
            Dependency(f"Component {j}", rng.choice(("sync", "async"))) for j in earlier
        )
        components.append(
            ComponentSpec(
                name=f"Component {index}",
                kind=rng.choice(COMPONENT_KINDS),
                depends_on=depends,
                answers=answers("component"),
            )
        )
    levels = ("high", "medium", "low")
    priorities = {a.id: rng.choice(levels) for a in kb.attributes if rng.random() < 0.5}
    return DesignSpec(
        name=f"Bench {count}",
        context=answers("system"),
        priorities=priorities,
        components=tuple(components),
    )


# --- Timing ----------------------------------------------------------------------------


def median_time(fn, repeats: int) -> float:
    fn()  # warm caches (compiled plans, formatted values) before timing
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- rule-engine translation -----------------------------------------------------------


def _literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value.replace("'", "\\'") + "'"
    return repr(value)


_SYMBOLS = {"eq": "==", "ne": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}


def to_rule_engine(node) -> str:
    """Our condition data as a rule-engine expression."""
    ((op, arg),) = node.items()
    if op in ("all", "any"):
        joiner = " and " if op == "all" else " or "
        return joiner.join(f"({to_rule_engine(child)})" for child in arg)
    if op == "not":
        return f"not ({to_rule_engine(arg)})"
    if op == "known":
        return f"{arg} != null"
    if op == "unknown":
        return f"{arg} == null"
    if op in _SYMBOLS:
        return f"{arg[0]} {_SYMBOLS[op]} {_literal(arg[1])}"
    if op == "in":
        return f"{arg[0]} in [{', '.join(_literal(v) for v in arg[1])}]"
    if op == "between":
        return f"({arg[0]} >= {_literal(arg[1])} and {arg[0]} <= {_literal(arg[2])})"
    if op == "has":
        return f"{_literal(arg[1])} in {arg[0]}"
    raise ValueError(op)


# --- Hand-written rules for one option -------------------------------------------------

BASELINE_RULES = (
    "baseline.cross-component-transaction",
    "baseline.acid-consistency",
    "baseline.one-small-team",
    "baseline.tight-latency-between-parts",
    "baseline.low-operations-maturity",
    "baseline.background-worker",
    "baseline.small-system",
    "baseline.in-process-handoff",
    "baseline.sub-round-trip-budget",
    "baseline.single-authority-in-memory",
    "baseline.data-beyond-one-database",
    "baseline.wide-fan-out",
    "baseline.independent-scaling",
    "baseline.fault-isolation",
    "baseline.many-teams-one-deployable",
    "baseline.write-rate-beyond-one-primary",
    "baseline.active-active-regions",
    "baseline.many-consumers",
    "baseline.no-trusted-operator",
    "baseline.tamper-evident-log-suffices",
    "baseline.long-lived-connections",
    "baseline.verifiable-operator",
)


def _at_least(value, bound) -> bool:
    return value is not None and value >= bound


def hand_baseline(f, n, start, d) -> int:
    """The baseline rules as plain if-statements.

    Written the way a careful hand would for the same semantics: an answer may be
    missing (``None``), and a rule adds points only when its condition is known to hold.
    """
    g = f.get
    total = 0
    # Which variant the baseline is built as: the first whose condition holds (the
    # baseline has no vetoes), since one rule counts only for some of its variants.
    state, multiple = g("state"), g("multiple_writers")
    third_party, verifiable = g("trusted_third_party"), g("verifiable_operator")
    if g("sub_round_trip_budget") is True or (
        g("single_authority") is True and state in ("stateful", "stateful_connections")
    ):
        variant = "in_memory_single_writer"
    elif g("tamper_evidence") is True or (
        multiple is True and third_party is False and verifiable is True
    ):
        variant = "verifiable_log"
    elif g("kind") in ("worker", "batch_job", "scheduler"):
        variant = "job_queue"
    else:
        variant = "modular_monolith"
    if g("cross_component_transaction") is True:
        total += n[0]
    if g("consistency") in ("read_your_writes", "strong"):
        total += n[1]
    teams, team_size = g("teams"), g("team_size")
    if teams is not None and team_size is not None and teams <= 1 and team_size <= 10:
        total += n[2]
    latency, sync_deps = g("latency_p99_ms"), g("sync_dependencies")
    if g("caller_waits") is True and latency is not None and latency < 100 and sync_deps >= 1:
        total += n[3]
    if g("monitoring") == "none" or g("deployment") == "manual" or g("provisioning") == "weeks":
        total += n[4]
    if g("kind") in ("worker", "batch_job", "scheduler") and g("caller_waits") is False:
        total += n[5]
    services = g("system_services")
    if services is not None and team_size is not None and services <= 3 and team_size <= 15:
        total += n[6]
    if _at_least(g("steps_per_unit"), 3) and _at_least(g("handoff_mb_s"), 10):
        total += n[7]
    if g("sub_round_trip_budget") is True:
        total += n[8]
    if g("single_authority") is True:
        total += n[9]
    if _at_least(g("data_volume_gb"), 10000) or _at_least(g("data_growth_gb_month"), 500):
        total += n[10]
    if _at_least(g("subscribers_per_event"), 1000):
        total += n[11]
    if g("independent_scaling") is True and variant != "job_queue":
        total += n[12]
    if g("fault_isolation") is True:
        total += n[13]
    if teams is not None and teams >= 4 and g("independent_deployment") is True:
        total += n[14]
    write_rps = g("write_rps")
    if write_rps is not None and write_rps > 20000:
        total += n[15]
    if g("regions") == "multi_region_active":
        total += n[16]
    if _at_least(g("consumers"), 3):
        total += n[17]
    stores, known, trusted = g("stores_state"), g("writers_known"), g("writers_trusted")
    untrusted = stores is True and multiple is True and third_party is False
    if untrusted and verifiable is False and (known is False or trusted is False):
        total += n[18]
    if g("tamper_evidence") is True and (
        multiple is False
        or third_party is True
        or verifiable is True
        or (known is True and trusted is True)
    ):
        total += n[19]
    if state in ("long_lived_connections", "stateful_connections") and _at_least(
        g("peak_rps"), 10000
    ):
        total += n[20]
    if untrusted and verifiable is True:
        total += n[21]
    return bounded_score(start * d + total, d)


# --- The run ---------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    kb = load_knowledge()
    print(
        f"Knowledge base {kb.version}: {len(kb.questions)} questions, {len(kb.rules)} rules;"
        f" Python {sys.version.split()[0]}"
    )
    small = make_design(kb, 50, SEED)
    large = make_design(kb, 1000, SEED + 1)

    # Per-component evaluation and linearity.
    t50 = median_time(lambda: evaluate(small, kb, analyse=False), 31)
    t1000 = median_time(lambda: evaluate(large, kb, analyse=False), 5)
    t50a = median_time(lambda: evaluate(small, kb), 21)
    t1000a = median_time(lambda: evaluate(large, kb), 5)
    print()
    print(f"Evaluation, scores only:    {t50 / 50 * 1e6:8.1f} us per component (50)")
    print(f"                            {t1000 / 1000 * 1e6:8.1f} us per component (1,000)")
    print(f"Evaluation with analysis:   {t50a / 50 * 1e6:8.1f} us per component (50)")
    print(f"                            {t1000a / 1000 * 1e6:8.1f} us per component (1,000)")
    ratio_scale = t1000a / t50a
    print(
        f"1,000 / 50 components:      {ratio_scale:8.1f}x  (linear is 20; scores only"
        f" {t1000 / t50:.1f}x)"
    )
    print(
        f"50 components + analysis:   {t50a * 1000:8.1f} ms  (target < 50 ms)"
        f"  {verdict(t50a < 0.050)}"
    )

    # The same rules through rule-engine.
    import rule_engine

    plan = plan_for(kb, priorities_key(small.priorities))
    graph = DesignGraph.of(small)
    facts = [component_facts(small, c, graph) for c in small.components]
    context = rule_engine.Context(default_value=None)
    translated = [
        rule_engine.Rule(to_rule_engine(rule.condition.source), context=context)
        for rule in kb.rules
    ]
    # The variants' conditions too: which variant an option is built as decides which of
    # its rules count.
    variant_rules = [
        [
            rule_engine.Rule(to_rule_engine(v.when.source), context=context) if v.when else None
            for v in option.variants
        ]
        for option in (kb.option(oid) for oid in OPTION_IDS)
    ]

    def ours():
        return [assess(plan, f).scores for f in facts]

    def theirs():
        out = []
        size = len(OPTION_IDS)
        for f in facts:
            results = [rule.matches(f) for rule in translated]
            tallies = []
            for oi, rules in enumerate(variant_rules):
                if not plan.scoped_options[oi]:
                    tallies.append(Tally(None, 0, 0, 0, (), (), ()))
                    continue
                count = len(rules)
                holds = [rule is not None and rule.matches(f) for rule in rules]
                tallies.append(Tally(holds, 0, 0, 0, [0] * count, [0] * count, [0] * count))
            for effect, held in zip(plan.effects, results, strict=True):
                if held:
                    oi, numerator, veto, scope, evidence = effect
                    tallies[oi].add(numerator, veto, scope, evidence, 1)
            outcome = Outcome(
                [0] * size, [0] * size, [0] * size, [False] * size, [True] * size, [0] * size
            )
            for oi, tally in enumerate(tallies):
                outcome.settle(plan, oi, tally)
            out.append(outcome.scores)
        return out

    assert ours() == theirs(), "rule-engine and the engine disagree"
    t_ours = median_time(ours, 15)
    t_theirs = median_time(theirs, 3)
    speedup = t_theirs / t_ours
    print()
    print(
        f"rule-engine, all {len(kb.rules)} rules: {t_theirs / 50 * 1e6:9.1f} us per component;"
        f" compiled closures {t_ours / 50 * 1e6:.1f} us"
    )
    print(
        f"  compiled closures are {speedup:.0f}x faster  (target >= 20x)  {verdict(speedup >= 20)}"
    )

    # One option written by hand.
    index = {rule.id: i for i, rule in enumerate(kb.rules)}
    baseline_ids = [rule.id for rule in kb.rules if rule.option == "baseline"]
    if sorted(baseline_ids) != sorted(BASELINE_RULES):
        print()
        print("Hand-written baseline rules no longer match the knowledge base; skipped.")
        return 0
    only_baseline = dataclasses.replace(
        kb, rules=tuple(rule for rule in kb.rules if rule.option == "baseline")
    )
    base_plan = plan_for(only_baseline, priorities_key(small.priorities))
    n = [plan.numerators[index[rule_id]] for rule_id in BASELINE_RULES]
    start, d = plan.starts[0], plan.denominator
    triples = [
        (plan.fns[i], plan.numerators[i], plan.scope[i])
        for i in (index[rule_id] for rule_id in BASELINE_RULES)
    ]
    whens = plan.when_fns[0]

    def compiled_rules():
        # The compiled conditions with exactly the hand-written version's bookkeeping.
        out = []
        for f in facts:
            variant = next(
                (v for v, when in enumerate(whens) if when is not None and when(f) is True),
                len(whens) - 1,
            )
            total = 0
            for fn, points, scope in triples:
                if fn(f) is True and (scope is None or variant in scope):
                    total += points
            out.append(base_plan.score(0, total))
        return out

    def engine_assess():
        return [assess(base_plan, f).scores[0] for f in facts]

    def by_hand():
        return [hand_baseline(f, n, start, d) for f in facts]

    if not (compiled_rules() == engine_assess() == by_hand()):
        print()
        print("Hand-written baseline rules disagree with the knowledge base; skipped.")
        return 0
    t_rules = median_time(compiled_rules, 30)
    t_assess = median_time(engine_assess, 30)
    t_hand = median_time(by_hand, 30)
    slowdown = t_rules / t_hand
    print()
    print(
        f"Baseline's {len(BASELINE_RULES)} rules, per component: hand-written ifs"
        f" {t_hand / 50 * 1e6:.1f} us, compiled conditions {t_rules / 50 * 1e6:.1f} us,"
        f" engine's assess() {t_assess / 50 * 1e6:.1f} us"
    )
    print(
        f"  compiled conditions take {slowdown:.2f}x the hand-written time  (target <= 2x)"
        f"  {verdict(slowdown <= 2)}"
    )
    print(
        f"  with the engine's per-component bookkeeping (six options, vetoes, ranking):"
        f" {t_assess / t_hand:.2f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
