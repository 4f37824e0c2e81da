"""Reading charts back from a page: each chart's figure, from its <figure>'s JSON."""

from __future__ import annotations

import html
import json
import re

# templates/partials/chart.html: <figure ... data-figure-json="..."> then the chart's box.
_CHART = re.compile(r'data-figure-json="([^"]*)"[^>]*>\s*<div class="chart" id="([^"]+)"')


def figures(page: str) -> dict[str, dict]:
    """Chart id -> figure, for every chart on ``page``."""
    return {chart_id: json.loads(html.unescape(text)) for text, chart_id in _CHART.findall(page)}
