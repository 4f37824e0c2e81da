/* The design editor: the small things htmx does not do by itself.
 *
 * The form rescores itself through htmx (hx-post on the form, whole form each time); this
 * script only:
 * - remembers which <details> are open in the form's "open" field, so the server draws
 *   them open again when it sends the component list back;
 * - focuses the element the server asked for after a swap (data-focus-target);
 * - shows the field messages that come with the score panel next to their fields;
 * - rescores at once on Enter in a text field, instead of submitting the form;
 * - renames a component in the dependency lists and its heading as it is typed;
 * - leaves empty "not sure?" fields out of a rescoring, and skips a rescoring of
 *   exactly the form scored last;
 * - marks the scores a rescoring changed for a moment and announces them politely;
 * - asks before leaving the page, or removing a component, with unsaved edits;
 * - on a narrow screen, shows and hides the scores over the form;
 * - keeps a choice and its "not sure?" weights from both being given (weights count
 *   instead of the ticked choice, as the server reads them).
 */
(function () {
  "use strict";

  var form = document.getElementById("editor");
  if (!form) {
    return;
  }
  var openField = document.getElementById("editor-open");
  var panel = document.getElementById("score-panel");
  var statusLine = document.getElementById("score-status");
  var scoreError = document.getElementById("score-error");
  var HIGHLIGHT_MS = 2000;
  var MAX_ANNOUNCED = 4;

  function rememberOpen() {
    var ids = [];
    form.querySelectorAll("details[id]").forEach(function (details) {
      if (details.open) {
        ids.push(details.id);
      }
    });
    openField.value = ids.join(" ");
  }

  function focusRequested(root) {
    var marker = root.querySelector("[data-focus-target]");
    if (!marker) {
      return;
    }
    var target = document.getElementById(marker.getAttribute("data-focus-target"));
    marker.remove();
    if (!target) {
      return;
    }
    var details = target.closest("details");
    if (details && !details.open && target.tagName !== "SUMMARY") {
      details.open = true;
    }
    target.focus();
  }

  function describedBy(element, id, add) {
    var ids = (element.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    ids = ids.filter(function (item) {
      return item !== id;
    });
    if (add) {
      ids.push(id);
    }
    if (ids.length) {
      element.setAttribute("aria-describedby", ids.join(" "));
    } else {
      element.removeAttribute("aria-describedby");
    }
  }

  function showFieldErrors() {
    var source = document.getElementById("editor-errors");
    if (!source) {
      return;
    }
    var wanted = {};
    JSON.parse(source.textContent).forEach(function (error) {
      wanted[error.id] = error.message;
    });
    form.querySelectorAll("[data-field].has-error").forEach(function (box) {
      var id = box.getAttribute("data-field");
      if (Object.prototype.hasOwnProperty.call(wanted, id)) {
        return;
      }
      box.classList.remove("has-error");
      var slot = document.getElementById(id + "-error");
      if (slot) {
        slot.remove();
      }
      var field = document.getElementById(id);
      if (field) {
        field.removeAttribute("aria-invalid");
        describedBy(field, id + "-error", false);
      }
    });
    Object.keys(wanted).forEach(function (id) {
      var box = form.querySelector('[data-field="' + id + '"]');
      var field = document.getElementById(id);
      if (!box || !field) {
        return;
      }
      var slot = document.getElementById(id + "-error");
      if (!slot) {
        slot = document.createElement("p");
        slot.className = "field-error";
        slot.id = id + "-error";
        box.appendChild(slot);
      }
      slot.textContent = wanted[id];
      box.classList.add("has-error");
      field.setAttribute("aria-invalid", "true");
      describedBy(field, id + "-error", true);
    });
  }

  function componentName(key) {
    var input = document.getElementById("f-c" + key + "-name");
    var heading = form.querySelector('[data-name-of="' + key + '"]');
    var name = input ? input.value.trim() : heading ? heading.textContent.trim() : "";
    return name || "Unnamed component";
  }

  function renameComponent(input) {
    var key = input.getAttribute("data-component-key");
    var name = componentName(key);
    form.querySelectorAll('select[data-dep-target] option[value="' + key + '"]').forEach(
      function (option) {
        option.textContent = name;
      }
    );
    // The heading also names the component's button group (aria-labelledby).
    var heading = form.querySelector('[data-name-of="' + key + '"]');
    if (heading) {
      heading.textContent = name;
    }
  }

  // --- Unsaved edits -------------------------------------------------------------------

  var dirty = false;
  var leaving = false;

  function markDirty(event) {
    if (event.target !== openField) {
      dirty = true;
    }
  }

  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", function () {
    leaving = true; // saving (or, without htmx, any button): the edits go with it
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !leaving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  document.querySelectorAll("[data-cancel-edit]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (dirty && !window.confirm("Leave the editor? Your unsaved edits will be lost.")) {
        event.preventDefault();
        return;
      }
      leaving = true;
    });
  });

  // Removing asks first, naming the component as it is called now.
  document.body.addEventListener("htmx:confirm", function (event) {
    var key = event.detail.elt.getAttribute("data-confirm-name");
    if (key === null) {
      return;
    }
    event.preventDefault();
    var question = "Remove “" + componentName(key) + "” and its answers? Nothing is saved until you save.";
    if (window.confirm(question)) {
      dirty = true;
      event.detail.issueRequest(true);
    }
  });

  // --- Rescoring -----------------------------------------------------------------------

  // The body of the last rescoring the form sent; null after anything else changed the
  // panel, or when that rescoring failed, so the next one always goes out.
  var lastScored = null;

  // A "not sure?" field left empty says nothing (the server reads a missing one as
  // empty); most are empty, and leaving them out halves what a rescoring sends and reads.
  function omitEmpty(formData) {
    form.querySelectorAll("[data-omit-empty]").forEach(function (input) {
      if (!input.value.trim()) {
        formData.delete(input.name);
      }
    });
  }

  form.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt !== form) {
      return;
    }
    omitEmpty(event.detail.formData);
    var body = new URLSearchParams(event.detail.formData).toString();
    if (body === lastScored) {
      event.preventDefault();
      return;
    }
    lastScored = body;
  });

  function showScoreError(text) {
    if (!scoreError) {
      return;
    }
    scoreError.textContent = text;
    scoreError.hidden = !text;
  }

  function failure(xhr) {
    var status = xhr ? xhr.status : 0;
    if (status === 400 && xhr.responseText && xhr.responseText.length < 500) {
      return xhr.responseText;
    }
    if (!status) {
      return "Scores could not be updated: the server did not answer. Your answers are kept.";
    }
    return (
      "Scores could not be updated (the server answered " +
      status +
      "). Your answers are kept; change one to try again, or save."
    );
  }

  form.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt !== form) {
      return;
    }
    if (event.detail.successful) {
      showScoreError("");
      return;
    }
    lastScored = null;
    showScoreError(failure(event.detail.xhr));
  });

  // What a score cell says ("Serverless for Feed API: 74, recommended"): its words for
  // screen readers.
  function said(cell) {
    var words = cell.querySelector(".visually-hidden");
    return words ? words.textContent : "";
  }

  // What each score cell says, by component and option, so a rescoring can tell which
  // ones changed.
  function cellTexts() {
    var texts = {};
    panel.querySelectorAll("tr[data-component] td[data-option]").forEach(function (cell) {
      var row = cell.closest("tr").getAttribute("data-component");
      texts[row + "\u0000" + cell.getAttribute("data-option")] = said(cell);
    });
    return texts;
  }

  var before = null;

  panel.addEventListener("htmx:beforeSwap", function () {
    before = cellTexts();
  });
  document.body.addEventListener("htmx:oobBeforeSwap", function (event) {
    if (event.detail.target === panel) {
      before = cellTexts();
    }
  });

  function markChanges() {
    var body = panel.querySelector("[data-status]");
    var sentence = body ? body.getAttribute("data-status") : "";
    if (before === null) {
      return sentence;
    }
    var changed = [];
    panel.querySelectorAll("tr[data-component] td[data-option]").forEach(function (cell) {
      var row = cell.closest("tr").getAttribute("data-component");
      var key = row + "\u0000" + cell.getAttribute("data-option");
      if (Object.prototype.hasOwnProperty.call(before, key) && before[key] !== said(cell)) {
        changed.push(said(cell));
        cell.classList.add("changed");
        window.setTimeout(function () {
          cell.classList.remove("changed");
        }, HIGHLIGHT_MS);
      }
    });
    before = null;
    if (!changed.length) {
      return sentence;
    }
    var shown = changed.slice(0, MAX_ANNOUNCED).join("; ");
    var more = changed.length > MAX_ANNOUNCED ? "; and " + (changed.length - MAX_ANNOUNCED) + " more" : "";
    return sentence + " Changed: " + shown + more + ".";
  }

  // --- Narrow screens: the scores over the form ----------------------------------------

  var toggle = document.getElementById("show-scores");
  var aside = document.getElementById("score-aside");
  if (toggle && aside) {
    toggle.addEventListener("click", function () {
      var open = !aside.classList.contains("is-open");
      aside.classList.toggle("is-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = open ? "Back to the form" : "Show the scores";
      if (open) {
        aside.focus();
      }
    });
  }

  // Weights count instead of the ticked choice: typing one unticks the choice, ticking a
  // choice clears them, so the form shows what is scored. In the capture phase, so the
  // form is already changed when htmx posts it.
  function weightsOrChoice(event) {
    var target = event.target;
    var question = target.closest(".q");
    if (!question) {
      return;
    }
    if (target.matches(".unsure input") && target.value.trim()) {
      question.querySelectorAll('input[type="radio"]:checked').forEach(function (radio) {
        radio.checked = false;
      });
    } else if (event.type === "change" && target.matches('input[type="radio"]')) {
      question.querySelectorAll(".unsure input").forEach(function (input) {
        input.value = "";
      });
    }
  }

  // --- Wiring --------------------------------------------------------------------------

  form.addEventListener("input", weightsOrChoice, true);
  form.addEventListener("change", weightsOrChoice, true);

  form.addEventListener("toggle", rememberOpen, true);

  form.addEventListener("input", function (event) {
    if (event.target.matches("input[data-component-key]")) {
      renameComponent(event.target);
    }
  });

  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "Enter" || !target.matches('input[type="text"]')) {
      return;
    }
    event.preventDefault();
    target.dispatchEvent(new Event("change", { bubbles: true }));
  });

  document.body.addEventListener("htmx:afterSettle", function () {
    showFieldErrors();
    focusRequested(document);
    rememberOpen();
    if (statusLine) {
      statusLine.textContent = markChanges();
    }
  });

  rememberOpen();
  focusRequested(document);
})();
