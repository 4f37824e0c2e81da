/* Draws every Plotly chart on the page from the figure JSON it carries.
 *
 * A chart is <div class="chart" data-figure-json="{...}"> (templates/partials/chart.html),
 * or <div class="chart" data-figure="ID"> paired with Django's json_script element ID.
 * Charts inside content that htmx swaps in, or restores from its history, are drawn after
 * the swap settles; charts htmx removes are purged first, so Plotly lets go of their
 * listeners and resize observers.
 */
(function () {
  "use strict";

  var CONFIG = {
    displaylogo: false,
    responsive: true,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
  };

  function figureOf(box) {
    var text = box.getAttribute("data-figure-json");
    if (text === null) {
      var source = document.getElementById(box.getAttribute("data-figure") || "");
      text = source ? source.textContent : null;
    }
    return text === null ? null : JSON.parse(text);
  }

  function draw(root) {
    if (!window.Plotly) {
      return;
    }
    var boxes = root.querySelectorAll(".chart[data-figure-json], .chart[data-figure]");
    Array.prototype.forEach.call(boxes, function (box) {
      // Plotly keeps its state on the element; a box without it is new, or a copy that
      // htmx restored from its history cache (the old drawing, but dead): draw it afresh.
      if (box._fullLayout) {
        return;
      }
      box.replaceChildren();
      var figure;
      try {
        figure = figureOf(box);
      } catch (error) {
        box.textContent = "This chart could not be read.";
        return;
      }
      if (!figure) {
        return;
      }
      box.setAttribute("data-drawn", "");
      window.Plotly.newPlot(box, figure.data, figure.layout, CONFIG);
    });
  }

  function purge(element) {
    if (window.Plotly && element.classList && element.classList.contains("js-plotly-plot")) {
      window.Plotly.purge(element);
    }
  }

  draw(document);

  document.body.addEventListener("htmx:beforeCleanupElement", function (event) {
    purge(event.target);
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    draw(document);
  });
  document.body.addEventListener("htmx:historyRestore", function () {
    draw(document);
  });
})();
