/* Baton's few lines of browser code (no build step): the shell's message for an HTMX request
   that failed. The server's error page (403, 404, 503, 500) is swapped into #request-error by
   the htmx-config in base.html; a request that got no answer at all says so here. The message
   stays at the bottom of the window until closed or until the next request. */
(function () {
  "use strict";
  function region() { return document.getElementById("request-error"); }
  function clear() {
    var box = region();
    if (box) { box.replaceChildren(); }
  }
  function addClose() {
    var box = region();
    var shown = box && box.firstElementChild;
    if (!shown || shown.querySelector(".request-error__close")) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "request-error__close";
    button.setAttribute("aria-label", box.getAttribute("data-close") || "Close");
    button.textContent = "\u00d7";
    button.addEventListener("click", clear);
    shown.appendChild(button);
  }
  document.addEventListener("htmx:beforeRequest", clear);
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail && event.detail.target === region()) { addClose(); }
  });
  document.addEventListener("htmx:sendError", function () {
    var box = region();
    if (!box) { return; }
    var p = document.createElement("p");
    p.className = "message message--error";
    p.textContent = box.getAttribute("data-offline") || "";
    box.replaceChildren(p);
    addClose();
  });
})();
