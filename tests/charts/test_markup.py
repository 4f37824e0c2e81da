"""No name reaches a figure as markup: Plotly must draw every one exactly as written.

Every string of every figure (the narrow variants included) is searched: after the few
tags figure code writes itself (<b>, <i>, <br>), no "<" or ">" may be left, and each name
is there in its escaped form.
"""

import pytest

from evaluator import charts
from evaluator.engine import evaluate
from evaluator.engine.whatif import run_sweep

from .helpers import OWN_TAGS, texts
from .markup import MARKUP_NAMES, markup_spec


@pytest.fixture(scope="module")
def markup(kb):
    spec = markup_spec()
    return spec, evaluate(spec, kb)


def figures(spec, evaluation, kb):
    yield "heatmap", charts.heatmap_figure(evaluation)
    for component in evaluation.components:
        yield f"impact {component.name}", charts.attribute_impact_figure(component, kb)
        for option in component.options:
            yield f"waterfall {component.name} {option.option}", charts.waterfall_figure(option)
    for component in spec.components:
        for question_id in ("job_duration_s", "team_size"):
            sweep = run_sweep(spec, kb, component.name, question_id)
            yield f"what-if {component.name} {question_id}", charts.whatif_figure(sweep)


def test_no_figure_holds_markup_from_a_name(markup, kb):
    spec, evaluation = markup
    for label, figure in figures(spec, evaluation, kb):
        for text in texts(figure):
            left = OWN_TAGS.sub("", text)
            assert "<" not in left and ">" not in left, (label, text)
            for name in MARKUP_NAMES:
                assert name not in text, (label, text)


def test_every_name_is_in_the_figures_escaped(markup, kb):
    spec, evaluation = markup
    heatmap = charts.heatmap_figure(evaluation)
    assert heatmap["data"][0]["y"] == [charts.literal(name) for name in MARKUP_NAMES]
    hover = " ".join(texts(heatmap["data"][0]["hovertext"]))
    for name in MARKUP_NAMES:
        assert charts.literal(name) in hover
    sweep = run_sweep(spec, kb, MARKUP_NAMES[2], "replicas")
    title = charts.whatif_figure(sweep)["layout"]["title"]["text"]
    assert title.startswith(charts.literal(MARKUP_NAMES[2]))


def test_the_editor_panels_trace_builder_escapes_its_labels():
    trace = charts.heatmap_trace("Score", ["<i>Option</i>"], [MARKUP_NAMES[0]], [[50]], [["50"]])
    assert trace["x"] == ["&lt;i&gt;Option&lt;/i&gt;"]
    assert trace["y"] == [charts.literal(MARKUP_NAMES[0])]
