// The product's only script: toasts, auto-submitting selects. Everything works without it; it only smooths.
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
  });

  // HX-Trigger: {"toast": {"messages": [...]}} from config.middleware.HtmxMessagesMiddleware; events bubble here.
  document.addEventListener("toast", function (event) {
    (event.detail.messages || []).forEach(showToast);
  });
})();
