"""What every figure must be, and the texts it holds."""

import json
import re

# The only markup figure code writes itself; everything else in a text is data.
OWN_TAGS = re.compile(r"</?b>|</?i>|<br>")


def roundtrip(figure):
    """The figure after JSON, which is what the browser gets; fails on anything else."""
    return json.loads(json.dumps(figure, allow_nan=False))


def assert_common(figure):
    assert set(figure) == {"data", "layout", "narrow"}
    layout = figure["layout"]
    assert layout["title"]["text"]
    assert isinstance(layout["height"], int) and 150 <= layout["height"] <= 4000
    assert "width" not in layout  # the page sets the width; only the height is fixed
    narrow = figure["narrow"]
    assert set(narrow) <= {"below", "layout", "data"} and narrow["below"] > 320
    # Item by item: a narrow trace list overrides the figure's own traces, never adds one.
    assert len(narrow.get("data", [])) <= len(figure["data"])
    assert "height" not in narrow["layout"]  # the page reserved the height: nothing moves
    assert roundtrip(figure) == figure


def texts(value):
    """Every string in a figure, at any depth."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts(item)
