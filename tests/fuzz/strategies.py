"""Hypothesis strategies shared by the fuzz tests: YAML-ish text and design-shaped data."""

import yaml
from hypothesis import strategies as st

from evaluator.engine import default_knowledge
from evaluator.engine.spec import COMPONENT_KINDS, FORMAT

KB = default_knowledge()
QUESTION_IDS = sorted(KB.by_id)

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "JaVaScRiPt :alert(1)",
    "<!-- hidden -->",
    "| a | b |",
    "`code` ``` fence",
    "# heading",
    "line\nbreak\r\n\u2028sep",
    '"]-->B[x]; click A call alert(1) %% c',
    "A-->B",
    "<iframe src=//evil>",
    "&lt;script&gt;",
    "$x$ \\( y \\)",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(HOSTILE),
    st.sampled_from(QUESTION_IDS),
)

# Arbitrary nested plain data, the shape YAML can hold.
plain_data = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(
            st.one_of(st.text(max_size=12), st.sampled_from(QUESTION_IDS)), children, max_size=5
        ),
    ),
    max_leaves=30,
)


def _answer_value(qid: str):
    question = KB.by_id[qid]
    if question.type == "bool":
        return st.one_of(st.booleans(), scalars)
    if question.type == "number":
        return st.one_of(st.integers(min_value=-5, max_value=10**7), st.floats(), scalars)
    choices = sorted(question.choice_values)
    if question.type == "multi":
        return st.one_of(st.lists(st.sampled_from(choices), max_size=4), scalars)
    return st.one_of(st.sampled_from(choices), scalars)


answers = st.dictionaries(st.sampled_from(QUESTION_IDS), st.just(None), max_size=8).flatmap(
    lambda keys: st.fixed_dictionaries({k: _answer_value(k) for k in keys})
)

names = st.one_of(st.text(min_size=0, max_size=40), st.sampled_from(HOSTILE))


@st.composite
def design_dicts(draw):
    """Mostly well-formed designs with a few things wrong in random places."""
    count = draw(st.integers(min_value=0, max_value=5))
    component_names = [draw(names) for _ in range(count)]
    components = []
    for name in component_names:
        deps = draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "component": st.one_of(st.sampled_from(component_names or ["x"]), names),
                        "style": st.sampled_from(["sync", "async", "later"]),
                    }
                ),
                max_size=2,
            )
        )
        component = {
            "name": name,
            "kind": draw(st.one_of(st.sampled_from(COMPONENT_KINDS), st.text(max_size=8))),
            "depends_on": deps,
            "answers": draw(answers),
        }
        if draw(st.integers(0, 9)) == 0:
            component[draw(st.text(max_size=8))] = draw(plain_data)
        components.append(component)
    design = {
        "format": draw(st.sampled_from([FORMAT, FORMAT, FORMAT, "tradeoff-evaluator/2"])),
        "name": draw(names),
        "summary": draw(st.one_of(names, st.text(max_size=200))),
        "context": draw(answers),
        "priorities": draw(
            st.dictionaries(
                st.sampled_from([a.id for a in KB.attributes] + ["speed"]),
                st.sampled_from(["high", "medium", "low", "urgent"]),
                max_size=4,
            )
        ),
        "components": components,
    }
    return design


def dump(data) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
