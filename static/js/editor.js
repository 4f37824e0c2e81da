/* The design editor: the small things htmx does not do by itself.
 *
 * - Remembers which <details> are open in the form's "open" field, so the server draws
 *   them open again when it sends the component list back.
 * - After a swap, focuses the element the server asked for (data-focus-target).
 * - Shows the field messages that come with the score panel next to their fields.
 * - Enter in a text field rescoring at once instead of submitting the form.
 * - Renaming a component renames it in the dependency lists and its heading at once.
 * - Skips a rescoring whose form is exactly the one scored last: a text field is sent
 *   when typing pauses and again by its change event when it loses focus.
 * - Rescoring by changes (see evaluator/web/rescoring.py): the form is posted once as a
 *   base, under an id made up here, then only the fields that differ from that base.
 *   When the server does not know the base (it answers 204 and triggers the event
 *   "rescoring-base-unknown") the base is posted again, with the changes; when the
 *   changes grow large, the form becomes the new base.
 */
(function () {
  "use strict";

  var form = document.getElementById("editor");
  if (!form) {
    return;
  }
  var openField = document.getElementById("editor-open");

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

  function renameComponent(input) {
    var key = input.getAttribute("data-component-key");
    var name = input.value.trim() || "Unnamed component";
    form.querySelectorAll('select[data-dep-target] option[value="' + key + '"]').forEach(
      function (option) {
        option.textContent = name;
      }
    );
    var heading = form.querySelector('[data-name-of="' + key + '"]');
    if (heading) {
      heading.textContent = name;
    }
  }

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

  // The body of the last rescoring the form sent; null after anything else changed the
  // panel, or when that rescoring failed, so the next one always goes out.
  var lastScored = null;

  var CSRF_FIELD = "csrfmiddlewaretoken";
  // Past this many changed fields the whole form is posted as a new base.
  var MAX_CHANGES = 40;
  // {id, fields: Map of name -> [values], known: whether the last answer showed the
  // server has it}; null until the first rescoring.
  var base = null;
  // Whether the request under way posts the base in full.
  var registering = false;

  function newId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
  }

  function fieldsOf(formData) {
    var fields = new Map();
    formData.forEach(function (value, name) {
      if (name === CSRF_FIELD || typeof value !== "string") {
        return;
      }
      if (!fields.has(name)) {
        fields.set(name, []);
      }
      fields.get(name).push(value);
    });
    return fields;
  }

  function sameValues(a, b) {
    if (a.length !== b.length) {
      return false;
    }
    for (var i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) {
        return false;
      }
    }
    return true;
  }

  // Every field whose values differ from the base's, with its values now ([]: gone).
  function changesFrom(old, now) {
    var changes = {};
    var count = 0;
    now.forEach(function (values, name) {
      var before = old.get(name);
      if (!before || !sameValues(before, values)) {
        changes[name] = values;
        count++;
      }
    });
    old.forEach(function (values, name) {
      if (!now.has(name)) {
        changes[name] = [];
        count++;
      }
    });
    return { changes: changes, count: count };
  }

  function rescoringBody(formData) {
    var fields = fieldsOf(formData);
    var diff = base ? changesFrom(base.fields, fields) : null;
    if (!diff || diff.count > MAX_CHANGES) {
      base = { id: newId(), fields: fields, known: false };
      diff = { changes: {}, count: 0 };
    }
    registering = !base.known;
    var params = new FormData();
    params.append(CSRF_FIELD, formData.get(CSRF_FIELD) || "");
    if (registering) {
      base.fields.forEach(function (values, name) {
        values.forEach(function (value) {
          params.append(name, value);
        });
      });
    }
    var delta = { base: base.id, changes: diff.changes };
    if (registering) {
      delta.register = true;
    }
    params.append("delta", JSON.stringify(delta));
    return params;
  }

  form.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt !== form) {
      return;
    }
    var body = new URLSearchParams(event.detail.formData).toString();
    if (body === lastScored) {
      event.preventDefault();
      return;
    }
    lastScored = body;
    event.detail.parameters = rescoringBody(event.detail.formData);
  });

  var scoreError = document.getElementById("score-error");

  function showScoreError(text) {
    if (!scoreError) {
      return;
    }
    scoreError.textContent = text;
    scoreError.hidden = !text;
  }

  function failure(xhr) {
    var status = xhr ? xhr.status : 0;
    if (status === 400 && xhr.responseText) {
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
      if (registering && base) {
        base.known = true;
      }
      showScoreError("");
      return;
    }
    lastScored = null;
    showScoreError(failure(event.detail.xhr));
  });

  // The server process that answered does not know the base (another one made it, or
  // it was restarted): post the base again, with the changes. A request that posted the
  // base cannot be answered so, so this never repeats itself.
  form.addEventListener("rescoring-base-unknown", function () {
    if (!base || registering) {
      return;
    }
    base.known = false;
    lastScored = null;
    htmx.trigger(form, "change");
  });

  document.body.addEventListener("htmx:afterSettle", function (event) {
    showFieldErrors();
    focusRequested(document);
    rememberOpen();
  });

  rememberOpen();
  focusRequested(document);
})();
