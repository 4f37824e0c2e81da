"""The condition language: plain YAML data compiled once into closures.

A condition is a one-key mapping such as ``{gt: [job_duration_s, 900]}`` or
``{all: [..., ...]}`` (the full grammar is in ``docs/architecture.md``). Compiling checks
it against the question catalogue and returns a :class:`Condition` whose ``evaluate``
answers ``True``, ``False`` or ``None`` (undetermined: a question it needs is unanswered).

Operators come from the whitelist tables of ``operators.py``; nothing read from the data
is ever turned into a name, evaluated as code or looked up as an attribute.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from evaluator.engine import closures, vector
from evaluator.engine.closures import Evaluate, Facts, Leaf
from evaluator.engine.errors import KnowledgeError, did_you_mean
from evaluator.engine.operators import (
    EQUALITY,
    MIRRORED,
    OPERATORS,
    ORDERING,
    SYMBOLS,
    is_number,
    written,
)
from evaluator.engine.vector import VectorEvaluate

__all__ = [
    "Condition",
    "Evaluate",
    "Facts",
    "Locate",
    "QuestionLike",
    "VectorEvaluate",
    "compile_condition",
    "OPERATORS",
]

Locate = Callable[[tuple], "tuple[int, int] | None"]
"""Turns a path into the YAML document into a 1-based (line, column), when known."""


class QuestionLike(Protocol):
    """What the compiler needs to know about a question (``knowledge.Question`` has it)."""

    id: str
    type: str  # bool | number | choice | multi

    @property
    def choice_values(self) -> frozenset[str]: ...


@dataclass(frozen=True, slots=True)
class Condition:
    """A compiled condition.

    ``evaluate(facts)`` returns True, False or None (undetermined); ``vector(samples)``
    answers the same over arrays of sampled answers (see ``vector.py``), built from the
    same checked arguments in the same pass. ``reads`` names every question it looks at; ``thresholds`` holds, per number question, the numbers it is
    compared with (tipping-point analysis tries values either side of each). ``text`` is
    a readable rendering, ``source`` the data it was compiled from.
    """

    evaluate: Evaluate
    reads: frozenset[str]
    thresholds: Mapping[str, tuple[float, ...]]
    text: str
    source: Any = field(compare=False, repr=False)
    vector: VectorEvaluate = field(compare=False, repr=False, default=None)


class _Compiler:
    """One compilation: carries the catalogue and where the condition sits in its file."""

    def __init__(
        self,
        questions: Mapping[str, QuestionLike],
        filename: str,
        locate: Locate | None,
    ) -> None:
        self.questions = questions
        self.filename = filename
        self.locate = locate
        self.reads: set[str] = set()
        self.thresholds: dict[str, set[float]] = {}
        # Simple comparisons, with the operator taking (value, answer): an all/any made
        # only of these runs as one flat loop.
        self.leaves: dict[Evaluate, Leaf] = {}
        # The twin of every closure built, over sampled answers (vector.py).
        self.vectors: dict[Evaluate, VectorEvaluate] = {}

    # -- errors -----------------------------------------------------------------------

    def fail(self, path: tuple, message: str, hint: str | None = None) -> KnowledgeError:
        # Walk up the path until YAML knows a position: a scalar inside a flow list may
        # not have one of its own, but its parent always does.
        line = column = None
        if self.locate is not None:
            probe = path
            while True:
                pos = self.locate(probe)
                if pos is not None:
                    line, column = pos
                    break
                if not probe:
                    break
                probe = probe[:-1]
        return KnowledgeError(
            message,
            file=self.filename,
            line=line,
            column=column,
            path=path,
            hint=hint,
        )

    # -- helpers ----------------------------------------------------------------------

    def question(self, qid: Any, path: tuple) -> QuestionLike:
        if not isinstance(qid, str):
            raise self.fail(path, f"expected a question id, got {qid!r}.")
        question = self.questions.get(qid)
        if question is None:
            raise self.fail(
                path,
                f"unknown question {qid!r}.",
                did_you_mean(qid, list(self.questions)),
            )
        self.reads.add(qid)
        return question

    def args(self, node: Any, op: str, count: int, path: tuple) -> list:
        if not isinstance(node, list) or len(node) != count:
            shape = ", ".join(["question"] + ["value"] * (count - 1))
            raise self.fail(
                path,
                f"{op!r} takes a list of {count} items [{shape}], got {node!r}.",
            )
        return node

    def number(self, value: Any, path: tuple, question: QuestionLike) -> float:
        if not is_number(value):
            raise self.fail(
                path, f"{question.id!r} is a number question; {value!r} is not a number."
            )
        self.thresholds.setdefault(question.id, set()).add(value)
        return value

    def number_question(self, qid: Any, op: str, path: tuple) -> QuestionLike:
        question = self.question(qid, path)
        if question.type != "number":
            raise self.fail(
                path, f"{op!r} compares numbers, but {qid!r} is a {question.type} question."
            )
        return question

    def value_for(self, question: QuestionLike, value: Any, path: tuple) -> Any:
        """Check that a literal can be compared with an answer to ``question``."""
        kind = question.type
        if kind == "number":
            return self.number(value, path, question)
        if kind == "bool":
            if not isinstance(value, bool):
                raise self.fail(
                    path,
                    f"{question.id!r} is a yes/no question; compare it with true or false,"
                    f" not {value!r}.",
                )
            return value
        if kind == "choice":
            choices = question.choice_values
            if not isinstance(value, str) or value not in choices:
                raise self.fail(
                    path,
                    f"{value!r} is not a choice of {question.id!r}"
                    f" (choices: {', '.join(sorted(choices))}).",
                    did_you_mean(str(value), sorted(choices)),
                )
            return value
        raise self.fail(
            path,
            f"{question.id!r} takes several answers; test it with 'has', not a comparison.",
            "Write {has: [" + question.id + ", value]}.",
        )

    # -- the grammar: one method per operator, chosen from _GRAMMAR ------------------

    def compile(self, node: Any, path: tuple) -> tuple[Evaluate, str]:
        if not isinstance(node, dict) or len(node) != 1:
            raise self.fail(
                path,
                f"a condition is a mapping with exactly one operator, got {node!r}.",
                "Write e.g. {gt: [peak_rps, 1000]} or {all: [..., ...]}.",
            )
        ((op, arg),) = node.items()
        rule = _GRAMMAR.get(op) if isinstance(op, str) else None
        if rule is None:
            raise self.fail(
                path,
                f"unknown operator {op!r}.",
                did_you_mean(str(op), list(OPERATORS)) or f"Operators: {', '.join(OPERATORS)}.",
            )
        return rule(self, op, arg, path + (op,))

    def combine(self, op: str, arg: Any, here: tuple) -> tuple[Evaluate, str]:
        if not isinstance(arg, list) or not arg:
            raise self.fail(here, f"{op!r} takes a non-empty list of conditions, got {arg!r}.")
        parts = [self.compile(child, here + (index,)) for index, child in enumerate(arg)]
        fns = tuple(fn for fn, _ in parts)
        text = f" {'and' if op == 'all' else 'or'} ".join(f"({t})" for _, t in parts)
        if len(fns) == 1:
            return fns[0], parts[0][1]
        twins = tuple(self.vectors[fn] for fn in fns)
        leaves = [self.leaves.get(fn) for fn in fns]
        if all(leaves):
            flat = tuple(leaves)
            fn = closures.all_leaves(flat) if op == "all" else closures.any_leaves(flat)
        else:
            fn = closures.conjunction(fns) if op == "all" else closures.disjunction(fns)
        twin = vector.conjunction(twins) if op == "all" else vector.disjunction(twins)
        return self.twin(fn, twin), text

    def twin(self, fn: Evaluate, twin: VectorEvaluate) -> Evaluate:
        self.vectors[fn] = twin
        return fn

    def negate(self, op: str, arg: Any, here: tuple) -> tuple[Evaluate, str]:
        inner, text = self.compile(arg, here)
        fn = closures.negation(inner)
        return self.twin(fn, vector.negation(self.vectors[inner])), f"not ({text})"

    def presence(self, op: str, arg: Any, here: tuple) -> tuple[Evaluate, str]:
        if not isinstance(arg, str):
            raise self.fail(here, f"{op!r} takes one question id, got {arg!r}.")
        self.question(arg, here)
        if op == "known":
            fn = closures.known(arg)
            return self.twin(fn, vector.presence(arg, True, fn)), f"{arg} is answered"
        fn = closures.unknown(arg)
        return self.twin(fn, vector.presence(arg, False, fn)), f"{arg} is not answered"

    def ordering(self, op: str, arg: Any, here: tuple) -> tuple[Evaluate, str]:
        qid, limit = self.args(arg, op, 2, here)
        question = self.number_question(qid, op, here + (0,))
        limit = self.number(limit, here + (1,), question)
        fn = closures.compare(ORDERING[op], qid, limit)
        self.leaves[fn] = (qid, MIRRORED[op], limit)
        self.twin(fn, vector.compare(ORDERING[op], qid, limit, fn))
        return fn, f"{qid} {SYMBOLS[op]} {limit}"

    def equality(self, op: str, arg: Any, here: tuple) -> tuple[Evaluate, str]:
        qid, value = self.args(arg, op, 2, here)
        question = self.question(qid, here + (0,))
        value = self.value_for(question, value, here + (1,))
        fn = closures.compare(EQUALITY[op], qid, value)
        self.leaves[fn] = (qid, MIRRORED[op], value)
        literal = vector.encode(question, value)
        self.twin(fn, vector.compare(EQUALITY[op], qid, literal, fn))
        return fn, f"{qid} {SYMBOLS[op]} {written(value)}"

    def membership(self, op: str, arg: Any, here: tuple) -> tuple[Evaluate, str]:
        qid, values = self.args(arg, op, 2, here)
        question = self.question(qid, here + (0,))
        if not isinstance(values, list) or not values:
            raise self.fail(here + (1,), f"'in' takes a non-empty list of values, got {values!r}.")
        checked = [
            self.value_for(question, value, here + (1, index)) for index, value in enumerate(values)
        ]
        shown = ", ".join(written(value) for value in checked)
        members = frozenset(checked)
        fn = closures.member(qid, members)
        self.leaves[fn] = (qid, operator.contains, members)
        literals = [vector.encode(question, value) for value in members]
        size = len(vector.categories(question)) if question.type in ("bool", "choice") else None
        self.twin(fn, vector.member(qid, literals, size, fn))
        return fn, f"{qid} in [{shown}]"

    def between(self, op: str, arg: Any, here: tuple) -> tuple[Evaluate, str]:
        qid, low, high = self.args(arg, op, 3, here)
        question = self.number_question(qid, op, here + (0,))
        low = self.number(low, here + (1,), question)
        high = self.number(high, here + (2,), question)
        if low > high:
            raise self.fail(here, f"'between' needs low <= high, got {low} > {high}.")
        fn = closures.between(qid, low, high)
        return self.twin(fn, vector.between(qid, low, high, fn)), f"{low} <= {qid} <= {high}"

    def has(self, op: str, arg: Any, here: tuple) -> tuple[Evaluate, str]:
        qid, value = self.args(arg, op, 2, here)
        question = self.question(qid, here + (0,))
        if question.type != "multi":
            raise self.fail(
                here + (0,),
                f"'has' tests a multi-answer question, but {qid!r} is a {question.type} question.",
                "Use eq or in for a single answer.",
            )
        choices = question.choice_values
        if not isinstance(value, str) or value not in choices:
            raise self.fail(
                here + (1,),
                f"{value!r} is not a choice of {qid!r} (choices: {', '.join(sorted(choices))}).",
                did_you_mean(str(value), sorted(choices)),
            )
        # Several answers at once are never sampled: decided on the shared facts.
        fn = closures.has(qid, value)
        return self.twin(fn, vector.constant(fn)), f"{qid} has {written(value)}"


# The whitelist of operators: each name read from the data is looked up here and nowhere
# else. Every operator in OPERATORS has its entry (tests/engine/test_conditions.py).
_GRAMMAR: dict[str, Callable[[_Compiler, str, Any, tuple], tuple[Evaluate, str]]] = {
    "all": _Compiler.combine,
    "any": _Compiler.combine,
    "not": _Compiler.negate,
    "known": _Compiler.presence,
    "unknown": _Compiler.presence,
    **{op: _Compiler.ordering for op in ORDERING},
    **{op: _Compiler.equality for op in EQUALITY},
    "in": _Compiler.membership,
    "between": _Compiler.between,
    "has": _Compiler.has,
}


def compile_condition(
    node: Any,
    questions: Mapping[str, QuestionLike],
    *,
    filename: str = "<knowledge>",
    path: Sequence = (),
    locate: Locate | None = None,
) -> Condition:
    """Compile ``node`` (plain data) against ``questions`` into a :class:`Condition`.

    ``path`` is where the node sits in its YAML document and ``locate`` turns a path into
    a (line, column), so every mistake is reported with its file and line. Raises
    :class:`KnowledgeError` for an unknown operator or question id, a wrong number of
    arguments, or a value that does not fit the question.
    """
    compiler = _Compiler(questions, filename, locate)
    fn, text = compiler.compile(node, tuple(path))
    thresholds = {qid: tuple(sorted(values)) for qid, values in compiler.thresholds.items()}
    return Condition(
        evaluate=fn,
        reads=frozenset(compiler.reads),
        thresholds=thresholds,
        text=text,
        source=node,
        vector=compiler.vectors[fn],
    )
