/* Draws every Plotly chart on the page from the figure JSON it carries.
 *
 * A chart is a <div class="chart"> box inside a <figure data-figure-json="{...}">
 * (templates/partials/chart.html). Charts inside content that htmx swaps in, or restores
 * from its history, are drawn after the swap settles; charts htmx removes are purged
 * first, so Plotly lets go of their listeners and resize observers.
 *
 * Chart boxes are hx-preserve: when a swap brings a chart of the same id (the editor's
 * heatmap, on every rescoring), htmx keeps the drawn box, and it is updated in place from
 * its new figure with Plotly.react rather than drawn afresh.
 *
 * A figure may carry a "narrow" variant ({below: px, layout: {...}, data: [...]}, built by
 * evaluator/charts/style.py): when the chart's box is narrower than `below`, it is merged
 * into the figure before drawing, and the chart is drawn again whenever its box crosses
 * that width.
 */
(function () {
  "use strict";

  // Nothing on a chart may send its data to another host: no "Share chart" button
  // (plotly.js shows it unless told not to), no destination for it even if it were
  // clicked, and no logo linking to plotly.com. What is left works offline: download
  // as PNG, zoom, pan, hover modes.
  var CONFIG = {
    displaylogo: false,
    showSendToCloud: false,
    plotlyServerURL: "",
    responsive: true,
    modeBarButtonsToRemove: ["sendChartToCloud", "select2d", "lasso2d", "autoScale2d"],
  };

  // The figure's JSON, from the <figure> around the box.
  function figureText(box) {
    var holder = box.closest("[data-figure-json]");
    return holder ? holder.getAttribute("data-figure-json") : null;
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // Objects merge key by key; a list of objects merges item by item ({} keeps an item as
  // it is); anything else replaces.
  function merged(base, over) {
    if (Array.isArray(over)) {
      if (!Array.isArray(base) || over.length === 0 || !over.every(isObject)) {
        return over;
      }
      var items = base.map(function (item, index) {
        return index < over.length ? merged(item, over[index]) : item;
      });
      return items.concat(over.slice(base.length));
    }
    if (isObject(over) && isObject(base)) {
      var out = Object.assign({}, base);
      Object.keys(over).forEach(function (key) {
        out[key] = merged(base[key], over[key]);
      });
      return out;
    }
    return over;
  }

  function wantsNarrow(box, figure) {
    // A box not laid out yet (width 0, e.g. inside a closed <details>) draws wide; the
    // resize observer draws it again once it has a width.
    var width = box.clientWidth;
    return Boolean(figure.narrow) && width > 0 && width < figure.narrow.below;
  }

  function plot(box, figure, fresh) {
    var narrow = wantsNarrow(box, figure);
    var data = figure.data;
    var layout = figure.layout;
    if (narrow) {
      if (figure.narrow.data) {
        data = merged(data, figure.narrow.data);
      }
      if (figure.narrow.layout) {
        layout = merged(layout, figure.narrow.layout);
      }
    }
    box.setAttribute("data-layout", narrow ? "narrow" : "wide");
    if (layout.height) {
      box.style.height = layout.height + "px";
    }
    var draw = fresh ? window.Plotly.newPlot : window.Plotly.react;
    draw(box, data, layout, CONFIG);
  }

  var resized = typeof ResizeObserver === "function"
    ? new ResizeObserver(function (entries) {
        entries.forEach(function (entry) {
          var box = entry.target;
          var figure = box._figure;
          if (!box._fullLayout || !box.isConnected || !figure) {
            return;
          }
          var layout = wantsNarrow(box, figure) ? "narrow" : "wide";
          if (layout !== box.getAttribute("data-layout")) {
            plot(box, figure, false);
          }
        });
      })
    : null;

  // Draws each chart under root that is new, and updates in place each drawn chart whose
  // figure changed (a box htmx kept through a swap, beside its new figure). A box htmx
  // restored from its history cache is the old drawing, but dead: it is drawn afresh.
  function draw(root) {
    if (!window.Plotly) {
      return;
    }
    root.querySelectorAll("[data-figure-json] > .chart").forEach(function (box) {
      var text = figureText(box);
      var drawn = Boolean(box._fullLayout);
      if (drawn && text === box._figureText) {
        return;
      }
      var figure;
      try {
        figure = JSON.parse(text);
      } catch (error) {
        if (!drawn) {
          box.textContent = "This chart could not be read.";
        }
        return;
      }
      if (!drawn) {
        box.replaceChildren();
        box.setAttribute("data-drawn", "");
      }
      box._figure = figure;
      box._figureText = text;
      plot(box, figure, !drawn);
      if (resized && figure.narrow) {
        resized.observe(box); // again for a kept box: observing twice changes nothing
      }
    });
  }

  function purge(element) {
    if (window.Plotly && element.classList && element.classList.contains("js-plotly-plot")) {
      if (resized) {
        resized.unobserve(element);
      }
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
