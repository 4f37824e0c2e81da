"""Whatever bytes a client posts, the quick form reader gives what Django's QueryDict gives."""

from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from evaluator.web import formdata

from .conftest import FUZZ

# Bytes that mean something in a url-encoded body, plus any byte at all.
pieces = st.one_of(
    st.sampled_from([b"&", b"=", b"+", b"%", b"%2", b"%25", b"%2B", b"%C3%A9", b"%E2%82", b"a"]),
    st.sampled_from([b"c1.a.peak_rps", b"component", b"\xe9", "Ω".encode(), b" ", b";"]),
    st.binary(max_size=4),
)
bodies = st.lists(pieces, max_size=40).map(b"".join)


@FUZZ
@given(bodies)
def test_it_reads_any_body_as_querydict_does(body):
    expected = QueryDict(body, encoding="utf-8")
    assert list(formdata.parse(body, None).lists()) == list(expected.lists())
