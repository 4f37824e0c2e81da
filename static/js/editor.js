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
  });

  form.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt !== form || !event.detail.successful) {
      lastScored = null;
    }
  });

  document.body.addEventListener("htmx:afterSettle", function (event) {
    showFieldErrors();
    focusRequested(document);
    rememberOpen();
  });

  rememberOpen();
  focusRequested(document);
})();
