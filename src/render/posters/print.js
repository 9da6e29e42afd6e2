// The "In" button of a poster page, and printing straight away when the page was opened from
// the list of posters with #in. Without script the page says to press Ctrl + P.
"use strict";
for (const button of document.querySelectorAll(".print-button")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
if (window.location.hash === "#in") {
  window.addEventListener("load", () => window.print());
}
