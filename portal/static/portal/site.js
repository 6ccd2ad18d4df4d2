// The portal's few behaviours, kept out of the pages so that the Content-Security-Policy forbids every
// inline script: a print button, and htmx swapping a refused answer (400, 409) in place.
"use strict";

document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

document.addEventListener("htmx:beforeSwap", function (event) {
  var shown = event.target.closest("[data-swap-refusals]");
  if (shown && [400, 409].includes(event.detail.xhr.status)) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// A warning step (refuse, reject, withdraw) asks for its reason and the confirmation in one dialog.
// Without JavaScript the same form opens in place from its folded <details>; the server refuses a
// warning step posted without the confirmation ticked either way.
function confirmDialogs() {
  document.querySelectorAll("details[data-confirm-dialog]").forEach(function (details, i) {
    var summary = details.querySelector("summary");
    var form = details.querySelector("form");
    if (!summary || !form || typeof HTMLDialogElement !== "function") {
      return;
    }
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.id = form.id + "-dialog";
    var title = form.querySelector(".step-title");
    if (title) {
      title.id = title.id || form.id + "-title";
      dialog.setAttribute("aria-labelledby", title.id);
    }
    var opener = document.createElement("button");
    opener.type = "button";
    opener.className = summary.className;
    opener.id = "open-" + form.id;
    opener.textContent = summary.textContent;
    opener.setAttribute("aria-haspopup", "dialog");
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "usa-button usa-button--unstyled cancel";
    cancel.textContent = details.dataset.cancel || "×";
    cancel.addEventListener("click", function () { dialog.close(); opener.focus(); });
    form.querySelector(".step-buttons").appendChild(cancel);
    dialog.appendChild(form);
    details.replaceWith(opener);
    opener.insertAdjacentElement("afterend", dialog);
    opener.addEventListener("click", function () { dialog.showModal(); });
    if (details.open) {
      dialog.showModal();  // sent back unconfirmed: the dialog opens again with the reason kept
    }
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", confirmDialogs);
} else {
  confirmDialogs();
}
