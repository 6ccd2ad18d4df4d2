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
