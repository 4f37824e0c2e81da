"""Names that Plotly would draw as markup if a figure passed them on as they are.

Shared by the figure tests (tests/charts/test_markup.py) and the browser test that looks
at the drawn charts (tests/browser/test_charts.py).
"""

from evaluator.engine.spec import design_from_dict

LINK = '<a href="https://example.com" target="_top">Click to re-login</a>'
STYLED = '<span style="font-size:40px;fill:red">Styled</span>'
BOLD_BREAK = "<b>Bold</b> and <br>break"
# Typed as entities: must be shown as typed, not decoded into a tag.
ENTITIES = "&lt;i&gt;Typed&lt;/i&gt; &amp; more"

MARKUP_NAMES = (LINK, STYLED, BOLD_BREAK, ENTITIES)


def markup_design() -> dict:
    """A design whose name and component names are markup; the first component has
    answers that give it rules, a veto and a what-if curve."""
    return {
        "format": "tradeoff-evaluator/1",
        "name": '<a href="https://example.com">Design link</a>',
        "context": {"team_size": 5},
        "components": [
            {
                "name": LINK,
                "kind": "batch_job",
                "answers": {"job_duration_s": 3600, "peak_rps": 50, "memory_mb": 2048},
            },
            {"name": STYLED, "kind": "api", "answers": {"peak_rps": 50, "caller_waits": True}},
            {"name": BOLD_BREAK, "kind": "data_store", "answers": {"replicas": 3}},
            {"name": ENTITIES, "kind": "worker", "answers": {}},
        ],
    }


def markup_spec():
    return design_from_dict(markup_design())
