"""The case library, loaded once against the project's knowledge base."""

import pytest

from evaluator.cases import judge, load_cases
from evaluator.engine import default_knowledge


@pytest.fixture(scope="session")
def kb():
    return default_knowledge()


@pytest.fixture(scope="session")
def cases(kb):
    return {case.slug: case for case in load_cases(kb)}


@pytest.fixture(scope="session")
def verdicts(kb, cases):
    return {slug: judge(case, kb) for slug, case in cases.items()}
