/* Draws every Plotly chart on the page from the figure JSON it carries.
 *
 * A chart is <div class="chart" data-figure-json="{...}"> (templates/partials/chart.html),
 * or <div class="chart" data-figure="ID"> paired with Django's json_script element ID.
 * Charts inside content that htmx swaps in, or restores from its history, are drawn after
 * the swap settles; charts htmx removes are purged first, so Plotly lets go of their
 * listeners and resize observers.
 *
 * A chart that htmx swaps out and in again under the same id (the editor's heatmap, on
 * every rescoring) is kept and updated in place with Plotly.react rather than drawn
 * afresh: the new box hands its figure to the old one and takes its place.
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

  function figureOf(box) {
    var text = box.getAttribute("data-figure-json");
    if (text === null) {
      var source = document.getElementById(box.getAttribute("data-figure") || "");
      text = source ? source.textContent : null;
    }
    return text === null ? null : JSON.parse(text);
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
          if (!box._fullLayout || !box.isConnected) {
            return;
          }
          var figure = figureOf(box);
          var layout = figure && wantsNarrow(box, figure) ? "narrow" : "wide";
          if (figure && layout !== box.getAttribute("data-layout")) {
            plot(box, figure, false);
          }
        });
      })
    : null;

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
      plot(box, figure, true);
      if (resized && figure.narrow) {
        resized.observe(box);
      }
    });
  }

  // Drawn charts about to be swapped out, by id, until the swap brings their successors.
  var kept = {};

  function keepDrawn(root) {
    root.querySelectorAll(".chart[id]").forEach(function (box) {
      if (box._fullLayout) {
        kept[box.id] = box;
      }
    });
  }

  function reuseKept(root) {
    Object.keys(kept).forEach(function (id) {
      var old = kept[id];
      var fresh = document.getElementById(id);
      delete kept[id];
      if (!fresh || fresh === old || !root.contains(fresh)) {
        return;
      }
      var figure;
      try {
        figure = figureOf(fresh);
      } catch (error) {
        return; // the fresh box draws itself, and says it could not
      }
      ["data-figure-json", "aria-label"].forEach(function (name) {
        if (fresh.hasAttribute(name)) {
          old.setAttribute(name, fresh.getAttribute(name));
        }
      });
      fresh.replaceWith(old);
      if (figure) {
        plot(old, figure, false);
      }
    });
  }

  function purge(element) {
    if (element && kept[element.id] === element) {
      return; // kept for its successor (reuseKept)
    }
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
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    keepDrawn(event.detail.target);
  });
  document.body.addEventListener("htmx:oobBeforeSwap", function (event) {
    keepDrawn(event.detail.target);
  });
  document.body.addEventListener("htmx:afterSettle", function (event) {
    reuseKept(document);
    draw(document);
  });
  document.body.addEventListener("htmx:historyRestore", function () {
    draw(document);
  });
})();
