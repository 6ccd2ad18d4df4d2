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
