/* The YAML box: line numbers beside the text, and the caret taken to the line of an error.
 *
 * The numbers are a column kept in step with the box's lines and scrolling; they are
 * hidden from screen readers, which announce the line with the error message instead.
 */
(function () {
  "use strict";

  var holder = document.querySelector(".code-box");
  var box = holder ? holder.querySelector("textarea") : null;
  if (!box) {
    return;
  }
  var gutter = document.createElement("div");
  gutter.className = "line-numbers";
  gutter.setAttribute("aria-hidden", "true");
  holder.insertBefore(gutter, box);
  holder.classList.add("numbered");

  var shown = 0;
  function number() {
    var lines = box.value.split("\n").length;
    if (lines !== shown) {
      var text = [];
      for (var i = 1; i <= lines; i++) {
        text.push(i);
      }
      gutter.textContent = text.join("\n");
      shown = lines;
    }
    gutter.scrollTop = box.scrollTop;
  }

  function goToLine(line) {
    var lines = box.value.split("\n");
    if (!(line >= 1 && line <= lines.length)) {
      return;
    }
    var start = 0;
    for (var i = 0; i < line - 1; i++) {
      start += lines[i].length + 1;
    }
    box.focus();
    box.setSelectionRange(start, start + lines[line - 1].length);
    // Put the line a third of the way down the box.
    var height = parseFloat(getComputedStyle(box).lineHeight) || 20;
    box.scrollTop = Math.max(0, (line - 1) * height - box.clientHeight / 3);
    number();
  }

  box.addEventListener("input", number);
  box.addEventListener("scroll", number);
  number();
  var errorLine = parseInt(holder.getAttribute("data-error-line"), 10);
  if (errorLine) {
    goToLine(errorLine);
  }
})();
