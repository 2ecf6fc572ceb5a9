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

  // Custom-plan fields that apply only to some choices carry data-when="c_overage=pay_per_unit"
  // (a field name and the values it applies to); the server ignores them elsewhere anyway.
  function applyWhen(form) {
    var custom = form.querySelector("#custom-plan");
    if (!custom || custom.classList.contains("is-hidden")) return;
    custom.querySelectorAll("[data-when]").forEach(function (element) {
      var rule = element.getAttribute("data-when").split("=");
      var input = form.querySelector("[name=" + rule[0] + "]");
      var values = rule[1].split(",");
      setHidden(element, !!input && values.indexOf(input.value || "") < 0);
    });
  }

  document.querySelectorAll("select[data-plan-select]").forEach(function (select) {
    var form = select.form;
    function apply() { applyPlan(select); applyWhen(form); }
    apply();
    select.addEventListener("change", apply);
    ["c_billing", "c_lines_max", "c_overage", "c_mode"].forEach(function (name) {
      var input = form.querySelector("[name=" + name + "]");
      if (input) input.addEventListener("change", apply);
    });
  });

  // "Use this every month": fill the list in place instead of submitting.
  document.querySelectorAll("[data-fill-same]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var form = button.form;
      var same = form.querySelector("[name=same]").value.trim();
      var months = parseInt(form.querySelector("[name=months]").value || "12", 10);
      if (!same || !(months >= 1 && months <= 36)) return; // let the server explain
      event.preventDefault();
      form.querySelector("[name=usage]").value = Array(months).fill(same).join(", ");
    });
  });
})();
