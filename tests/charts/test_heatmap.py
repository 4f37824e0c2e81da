"""The heatmap: a row per component, a column per option, and its phone-width variant."""

from evaluator import charts
from evaluator.engine import evaluate

from .helpers import assert_common


def test_heatmap_has_a_row_per_component_and_a_column_per_option(example):
    spec, evaluation = example
    figure = charts.heatmap_figure(evaluation)
    assert_common(figure)
    (scores,) = figure["data"]  # one trace: Plotly redraws it fastest
    assert scores["type"] == "heatmap"
    assert scores["y"] == [charts.literal(c.name) for c in spec.components]
    assert scores["x"] == [
        "Baseline",
        "Event-driven",
        "Serverless",
        "Microservices",
        "Consensus",
        "Blockchain",
    ]
    # Cividis from 0 to 100, and grey below 0 for the ruled-out cells.
    assert (scores["zmin"], scores["zmax"]) == (charts.heatmap.RULED_OUT_Z, 100)
    colours = scores["colorscale"]
    zero = -charts.heatmap.RULED_OUT_Z / (100 - charts.heatmap.RULED_OUT_Z)
    assert [colour for _, colour in colours[:2]] == [charts.style.RULED_OUT_COLOR] * 2
    assert colours[1][0] < zero <= colours[2][0] + 0.0001
    assert [colour for _, colour in colours[2:]] == list(charts.style.CIVIDIS)


def test_heatmap_values_are_the_scores_and_vetoes_are_marked(example):
    _spec, evaluation = example
    figure = charts.heatmap_figure(evaluation)
    (scores,) = figure["data"]
    for row, component in enumerate(evaluation.components):
        for column, option in enumerate(component.options):
            if option.ruled_out:
                assert scores["z"][row][column] == charts.heatmap.RULED_OUT_Z
                assert scores["text"][row][column] == "✕ ruled out"
            else:
                assert scores["z"][row][column] == option.score
                assert str(option.score) in scores["text"][row][column]
    # The trace prints its cells' labels, in a colour Plotly picks to stand out.
    assert scores["texttemplate"] == "%{text}"
    assert "color" not in scores["textfont"]


def test_heatmap_has_a_ruled_out_cell_in_the_batch_design(batch_evaluation):
    figure = charts.heatmap_figure(batch_evaluation)
    serverless = batch_evaluation.components[0].option("serverless")
    assert serverless.ruled_out
    column = figure["data"][0]["x"].index("Serverless")
    assert figure["data"][0]["z"][0][column] == charts.heatmap.RULED_OUT_Z
    assert figure["data"][0]["text"][0][column] == "✕ ruled out"
    hover = figure["data"][0]["hovertext"][0][column]
    assert "Ruled out" in hover and "serverless.job-over-lambda-limit" in hover


def test_heatmap_marks_each_recommendation_with_a_star_in_bold(example):
    _spec, evaluation = example
    figure = charts.heatmap_figure(evaluation)
    text = figure["data"][0]["text"]
    options = figure["data"][0]["x"]
    for row, component in enumerate(evaluation.components):
        starred = [column for column, cell in enumerate(text[row]) if "★" in cell]
        if component.recommendation is None:
            assert starred == []
        else:
            column = charts.OPTION_SHORT_NAMES[component.recommendation]
            assert starred == [options.index(column)]
            assert text[row][starred[0]].startswith("<b>★ ")  # in bold


def test_heatmap_hover_names_the_top_rules(example):
    _spec, evaluation = example
    figure = charts.heatmap_figure(evaluation)
    for row, component in enumerate(evaluation.components):
        for column, option in enumerate(component.options):
            hover = figure["data"][0]["hovertext"][row][column]
            for item in option.contributions[: charts.TOP_RULES_IN_HOVER]:
                assert item.rule_id in hover


def test_heatmap_height_grows_with_the_components_and_is_fixed(example):
    _spec, evaluation = example
    height = charts.heatmap_figure(evaluation)["layout"]["height"]
    assert height == 150 + 44 * len(evaluation.components)


def test_heatmap_rows_are_categories_even_when_a_name_is_a_number(kb, batch_spec):
    spec = batch_spec.__class__(
        name=batch_spec.name,
        components=(batch_spec.components[0].__class__(name="2024", kind="batch_job"),),
    )
    figure = charts.heatmap_figure(evaluate(spec, kb))
    assert figure["layout"]["yaxis"]["type"] == "category"
    assert figure["layout"]["xaxis"]["type"] == "category"


def test_heatmap_narrow_variant_fits_six_columns_in_a_phone(example):
    spec, evaluation = example
    figure = charts.heatmap_figure(evaluation)
    narrow = figure["narrow"]
    layout = narrow["layout"]
    assert layout["xaxis"]["tickangle"] == -90  # option names stand upright
    assert layout["margin"]["l"] <= 110
    # Row labels: every component, on at most two short lines, tied to its row.
    assert layout["yaxis"]["tickvals"] == figure["data"][0]["y"]
    for label in layout["yaxis"]["ticktext"]:
        lines = label.split("<br>")
        assert len(lines) <= 2 and all(len(line) <= 14 for line in lines)
    # Ruled-out cells show only their ✕, and the colour bar goes.
    assert narrow["data"][0]["showscale"] is False
    wide, short = figure["data"][0]["text"], narrow["data"][0]["text"]
    for wide_row, short_row in zip(wide, short, strict=True):
        for cell, narrow_cell in zip(wide_row, short_row, strict=True):
            assert narrow_cell == ("✕" if cell == "✕ ruled out" else cell)


def test_without_rules_in_hover_a_cell_says_its_score_alone(example):
    _spec, evaluation = example
    full = charts.heatmap_figure(evaluation)
    short = charts.heatmap_figure(evaluation, rules_in_hover=False)
    assert short["data"][0]["z"] == full["data"][0]["z"]
    assert short["data"][0]["text"] == full["data"][0]["text"]
    for row, component in enumerate(evaluation.components):
        for column, option in enumerate(component.options):
            hover = short["data"][0]["hovertext"][row][column]
            assert option.name in hover
            assert ("ruled out" if option.ruled_out else f"{option.score} ({option.band})") in hover
            assert all(item.rule_id not in hover for item in option.contributions)
    assert len(str(short)) < len(str(full)) / 2
