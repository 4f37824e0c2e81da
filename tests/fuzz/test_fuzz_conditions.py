"""The condition compiler takes any rule data: a compiled condition or a KnowledgeError."""

from hypothesis import given
from hypothesis import strategies as st

from evaluator.engine.conditions import OPERATORS, compile_condition
from evaluator.engine.errors import KnowledgeError

from .conftest import FUZZ
from .strategies import KB, QUESTION_IDS, answers, plain_data

leaf_args = st.one_of(
    st.lists(st.one_of(st.sampled_from(QUESTION_IDS), plain_data), max_size=4),
    st.sampled_from(QUESTION_IDS),
    plain_data,
)

conditions = st.recursive(
    st.dictionaries(
        st.sampled_from(OPERATORS + ("eval", "__class__")), leaf_args, min_size=1, max_size=2
    ),
    lambda children: st.one_of(
        st.fixed_dictionaries({"all": st.lists(children, max_size=4)}),
        st.fixed_dictionaries({"any": st.lists(children, max_size=4)}),
        st.fixed_dictionaries({"not": children}),
        plain_data,
    ),
    max_leaves=12,
)


@FUZZ
@given(conditions, st.lists(answers, min_size=1, max_size=3))
def test_any_rule_data_compiles_or_is_refused(node, fact_sets):
    try:
        condition = compile_condition(node, KB.by_id, filename="fuzz.yaml")
    except KnowledgeError as error:
        assert error.file == "fuzz.yaml"
        assert str(error)
        return
    # A compiled condition answers True, False or None for any facts the catalogue
    # admits; facts of the wrong type never reach it (the design reader refuses them).
    for facts in fact_sets:
        clean = {qid: value for qid, value in facts.items() if KB.check_answer(qid, value) is None}
        assert condition.evaluate(clean) in (True, False, None)
        assert condition.reads <= set(KB.by_id)
