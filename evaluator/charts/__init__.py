"""Engine results as Plotly figure dicts: plain data, no Django, no HTML, no JavaScript.

Every figure is ``{"data": [...], "layout": {...}, "narrow": {...}}`` that ``json.dumps``
accepts as it is; ``static/js/charts.js`` hands it to Plotly, applying the ``narrow``
variant (see ``style.narrow``) when the chart's box is narrow. Only SVG trace types are
used (heatmap, bar, waterfall, scatter, box), so the browser never needs WebGL or ``eval`` and
the Content-Security-Policy can stay strict. Every text that comes from data reaches a
figure through ``text.literal``, so Plotly never reads a name as markup.

The figures draw results only: the what-if sweep is computed by ``engine.whatif``.
"""

from .chances import chance_heatmap_figure
from .heatmap import heatmap_figure, heatmap_trace
from .impact import attribute_impact_figure, attribute_points, attribute_rows
from .style import (
    BAND_COLORS,
    FONT,
    HOVERLABEL,
    OPTION_COLORS,
    OPTION_DASHES,
    OPTION_SHORT_NAMES,
    TOP_RULES_IN_HOVER,
    option_label,
)
from .text import literal
from .uncertainty import driver_rows, drivers_figure, spread_figure, spread_rows
from .waterfall import waterfall_figure
from .whatif import threshold_label, whatif_figure

__all__ = [
    "BAND_COLORS",
    "FONT",
    "HOVERLABEL",
    "OPTION_COLORS",
    "OPTION_DASHES",
    "OPTION_SHORT_NAMES",
    "TOP_RULES_IN_HOVER",
    "attribute_impact_figure",
    "attribute_points",
    "attribute_rows",
    "chance_heatmap_figure",
    "driver_rows",
    "drivers_figure",
    "heatmap_figure",
    "heatmap_trace",
    "literal",
    "option_label",
    "spread_figure",
    "spread_rows",
    "threshold_label",
    "waterfall_figure",
    "whatif_figure",
]
