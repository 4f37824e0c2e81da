"""The case library: documented architecture decisions the knowledge base is judged by.

Pure Python on top of the engine (no Django): ``library`` reads the case files,
``judge`` evaluates each case and looks for plausible answer changes that flip it.
"""

from .judge import Flip, Summary, Verdict, in_place, judge, plausible_changes, summarise
from .library import CASES_DIR, Case, Source, load_case, load_cases

__all__ = [
    "CASES_DIR",
    "Case",
    "Flip",
    "Source",
    "Summary",
    "Verdict",
    "in_place",
    "judge",
    "load_case",
    "load_cases",
    "plausible_changes",
    "summarise",
]
