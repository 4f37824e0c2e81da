"""The rules engine: pure Python, no Django.

from evaluator.engine import default_knowledge, evaluate, evaluation_to_dict
kb = default_knowledge()          # loaded, validated and compiled once per process
result = evaluate(spec, kb)       # an immutable Evaluation, analysis included
data = evaluation_to_dict(result) # JSON-ready
"""

from evaluator.engine.analysis import what_if
from evaluator.engine.errors import DesignError, EvaluatorError, KnowledgeError
from evaluator.engine.knowledge import (
    OPTION_IDS,
    KnowledgeBase,
    default_knowledge,
    load_knowledge,
)
from evaluator.engine.results import (
    SCHEMA_VERSION,
    ComponentResult,
    Evaluation,
    Finding,
    OptionResult,
    TippingPoint,
    TradeoffPoint,
)
from evaluator.engine.scoring import evaluate, evaluate_component
from evaluator.engine.serialize import evaluation_to_dict

__all__ = [
    "OPTION_IDS",
    "SCHEMA_VERSION",
    "ComponentResult",
    "DesignError",
    "Evaluation",
    "EvaluatorError",
    "Finding",
    "KnowledgeBase",
    "KnowledgeError",
    "OptionResult",
    "TippingPoint",
    "TradeoffPoint",
    "default_knowledge",
    "evaluate",
    "evaluate_component",
    "evaluation_to_dict",
    "load_knowledge",
    "what_if",
]
