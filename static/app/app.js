// The product's only script: toasts, auto-submitting selects, the phone's disclosures. Everything works without
// it; it only smooths.
(function () {
  "use strict";

  function toastContainer() {
    var box = document.getElementById("toasts");
    if (!box) {
      box = document.createElement("div");
      box.id = "toasts";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      document.body.appendChild(box);
    }
    return box;
  }

  function dismissLater(el) {
    var delay = el.classList.contains("toast-error") ? 12000 : 6000;
    setTimeout(function () { el.remove(); }, delay);
    el.addEventListener("click", function () { el.remove(); });
  }

  function showToast(message) {
    var el = document.createElement("div");
    el.className = "toast toast-" + (message.level || "info");
    el.textContent = message.text;
    toastContainer().appendChild(el);
    dismissLater(el);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#toasts .toast").forEach(dismissLater);
    document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
    document.querySelectorAll("[data-js-hide]").forEach(function (el) { el.hidden = true; });
    document.querySelectorAll("details[data-disclosure]").forEach(function (details) {
      syncExpanded(details);
      details.addEventListener("toggle", function () { syncExpanded(details); });
    });
    document.querySelectorAll("details[data-filters-for]").forEach(function (details) {
      var form = document.getElementById(details.getAttribute("data-filters-for"));
      if (!form) { return; }
      var update = function () { showFilterCount(details, form); };
      form.addEventListener("change", update);
      form.addEventListener("input", update);
    });
  });

  // The phone's menu button and filter toggles are <details>: the browser opens and closes them; the summary,
  // a button to assistive technology, says whether what it controls is shown.
  function syncExpanded(details) {
    var summary = details.querySelector("summary");
    if (summary) { summary.setAttribute("aria-expanded", details.open ? "true" : "false"); }
  }

  // Escape closes the open menu and gives the focus back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var menu = document.querySelector("details.shell-menu[open]");
    if (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });

  // "Filters (2)": how many fields differ from their neutral value (empty, or the default named in data-neutral,
  // e.g. this year), the same count templates/_filters_toggle.html renders; kept up to date as the user filters.
  function showFilterCount(details, form) {
    var neutral = new URLSearchParams(details.getAttribute("data-neutral") || "");
    var count = 0;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || /^(hidden|submit|button|reset|file)$/.test(el.type)) { return; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      if (el.value !== "" && el.value !== (neutral.has(el.name) ? neutral.get(el.name) : "")) { count += 1; }
    });
    var badge = details.querySelector(".filters-count");
    if (badge) {
      badge.textContent = "(" + count + ")";
      badge.hidden = count === 0;
    }
  }

  // HX-Trigger: {"toast": {"messages": [...]}} from config.middleware.HtmxMessagesMiddleware; events bubble here.
  document.addEventListener("toast", function (event) {
    (event.detail.messages || []).forEach(showToast);
  });
})();
