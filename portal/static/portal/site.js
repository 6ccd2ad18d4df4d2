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

// Phones show every table as labelled cards: each cell carries its column's header as data-label (the
// CSS writes it before the value). A page may set data-label itself; htmx-swapped tables are labelled too.
function labelTables(root) {
  root.querySelectorAll("table").forEach(function (table) {
    var headers = Array.from(table.querySelectorAll("thead tr:last-child th")).map(function (th) {
      return th.textContent.trim();
    });
    if (!headers.length) {
      return;
    }
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var column = 0;
      Array.from(row.children).forEach(function (cell) {
        if (!cell.hasAttribute("data-label") && headers[column]) {
          cell.setAttribute("data-label", headers[column]);
        }
        column += cell.colSpan || 1;
      });
    });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  labelTables(document);
});
document.addEventListener("htmx:afterSwap", function (event) {
  labelTables(event.target);
});

// "Back" on the error pages: the browser's history when there is one (the link's own address otherwise).
document.addEventListener("click", function (event) {
  var back = event.target.closest("[data-back]");
  if (back && window.history.length > 1 && document.referrer) {
    event.preventDefault();
    window.history.back();
  }
});
