/* Draws every Plotly chart on the page from the figure JSON beside it.
 *
 * A chart is <div class="chart" data-figure="ID"> plus <script type="application/json"
 * id="ID"> (Django's json_script). Charts inside content that htmx swaps in are drawn
 * after the swap settles; charts htmx removes are purged first, so Plotly lets go of
 * their listeners and resize observers.
 */
(function () {
  "use strict";

  var CONFIG = {
    displaylogo: false,
    responsive: true,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
  };

  function draw(root) {
    if (!window.Plotly) {
      return;
    }
    var boxes = root.querySelectorAll(".chart[data-figure]:not([data-drawn])");
    Array.prototype.forEach.call(boxes, function (box) {
      var source = document.getElementById(box.getAttribute("data-figure"));
      if (!source) {
        return;
      }
      var figure;
      try {
        figure = JSON.parse(source.textContent);
      } catch (error) {
        box.textContent = "This chart could not be read.";
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
})();
