// Rollover Lab: conveniences only. Every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setHidden(element, hidden) {
    if (!element) return;
    element.classList.toggle("is-hidden", hidden);
    // Hidden inputs are not submitted, so a shared URL holds only what applies.
    element.querySelectorAll("input, select, textarea").forEach(function (input) {
      input.disabled = hidden;
    });
  }

  function applyPlan(select) {
    var form = select.form;
    var option = select.options[select.selectedIndex];
    var custom = select.value === "custom";
    var billing = option ? option.getAttribute("data-billing") : null;
    var lines = option ? parseInt(option.getAttribute("data-lines") || "1", 10) : 1;
    if (custom) {
      var billingField = form.querySelector("[name=c_billing]");
      var maxLines = form.querySelector("[name=c_lines_max]");
      billing = billingField ? billingField.value : "monthly";
      lines = maxLines ? parseInt(maxLines.value || "1", 10) : 1;
    }
    var optional = !select.required;
    setHidden(form.querySelector("#custom-plan"), !custom);
    setHidden(form.querySelector(".only-shared"), !(lines > 1) && !(optional && !select.value));
    setHidden(form.querySelector(".only-daily"), billing !== "daily" && !(optional && !select.value));
  }

  // A field's value as data-when reads it: a checkbox is "on" when ticked, "" when not.
  function valueOf(input) {
    if (input.type === "checkbox") return input.checked ? "on" : "";
    return input.value || "";
  }

  // Custom-plan fields that apply only to some choices carry data-when="c_overage=pay_per_unit"
  // (a field name and the values it applies to); the server ignores them elsewhere anyway.
  function applyWhen(form) {
    var custom = form.querySelector("#custom-plan");
    if (!custom || custom.classList.contains("is-hidden")) return;
    custom.querySelectorAll("[data-when]").forEach(function (element) {
      var rule = element.getAttribute("data-when").split("=");
      var input = form.querySelector("[name=" + rule[0] + "]");
      var values = rule[1].split(",");
      setHidden(element, !!input && values.indexOf(valueOf(input)) < 0);
    });
  }

  document.querySelectorAll("select[data-plan-select]").forEach(function (select) {
    var form = select.form;
    function apply() { applyPlan(select); applyWhen(form); }
    apply();
    select.addEventListener("change", apply);
    ["c_billing", "c_lines_max", "c_overage", "c_mode", "c_unlimited"].forEach(function (name) {
      var input = form.querySelector("[name=" + name + "]");
      if (input) input.addEventListener("change", apply);
    });
  });

  // The use list: as the server reads it (commas, lines, tabs, full-width separators).
  var SEPARATORS = /[,;\t\n，；、]/;
  function countMonths(text) {
    text = text.replace(/\r/g, "").trim();
    return text ? text.split(SEPARATORS).length : 0;
  }

  document.querySelectorAll("form").forEach(function (form) {
    var usage = form.querySelector("textarea[name=usage]");
    var months = form.querySelector("[name=months]");
    var helpers = form.querySelector("[data-fill-helpers]");
    if (!usage || !months) return;

    // "Number of months" follows a typed or pasted list.
    usage.addEventListener("input", function () {
      var count = countMonths(usage.value);
      if (count >= 1 && count <= 36) months.value = String(count);
    });

    // Enter in the use box runs the simulation, as in every other field (Shift+Enter
    // starts a new line; Enter that ends an input method's composition is left alone).
    var primary = form.querySelector("button[type=submit].primary");
    usage.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.shiftKey || event.ctrlKey || event.altKey ||
          event.metaKey || event.isComposing || event.keyCode === 229) return;
      event.preventDefault();
      form.requestSubmit(primary || undefined);
    });

    if (!helpers) return;
    // The helpers act in place: under the use box, and no longer submit buttons, so Enter
    // in any field runs the simulation (the form's first submit button).
    var field = usage.closest(".field");
    if (field) {
      var hint = field.nextElementSibling;
      (hint && hint.classList.contains("js-only") ? hint : field).after(helpers);
    }
    var status = helpers.querySelector("[data-fill-status]");
    helpers.querySelectorAll("button").forEach(function (button) { button.type = "button"; });

    function monthCount() {
      var n = parseInt(months.value || "12", 10);
      return n >= 1 && n <= 36 ? n : null;
    }
    function fill(values, message) {
      usage.value = values.join(", ");
      months.value = String(values.length);
      if (status) status.textContent = message;
    }

    var sameButton = helpers.querySelector("[data-fill-same]");
    if (sameButton) {
      sameButton.addEventListener("click", function () {
        var same = form.querySelector("[name=same]").value.trim();
        var n = monthCount();
        if (!same || !n) { form.requestSubmit(); return; } // let the server explain
        fill(Array(n).fill(same), helpers.getAttribute("data-done") || "");
      });
    }
    helpers.querySelectorAll("[data-preset]").forEach(function (button) {
      button.addEventListener("click", function () {
        var n = monthCount() || 12;
        var values = Array(n).fill(button.getAttribute("data-preset"));
        var peak = button.getAttribute("data-peak");
        if (peak) values[Math.floor(n / 2)] = peak;
        fill(values, helpers.getAttribute("data-done") || "");
      });
    });
  });

  // Focus: after a failed submit, on the error summary; after a result, on its heading.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      var control = target.matches("input, select, textarea, button")
        ? target
        : target.querySelector("input, select, textarea, button");
      var label = control && control.id ? document.querySelector("label[for='" + control.id + "']") : null;
      (label || target).scrollIntoView({ block: "start" });
      if (control) control.focus({ preventScroll: true });
    });
  }
  // The result's heading is the target of the form's #result: the browser scrolls to it and
  // focuses it (it has tabindex="-1"), with or without this script.
})();
