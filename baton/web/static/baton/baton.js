/* Baton's few lines of browser code (no build step): the shell's message for an HTMX request
   that failed. The server's error page (403, 404, 503, 500) is swapped into #request-error by
   the htmx-config in base.html; a request that got no answer at all says so here; the next
   request clears the message. */
(function () {
  "use strict";
  function region() { return document.getElementById("request-error"); }
  document.addEventListener("htmx:beforeRequest", function () {
    var box = region();
    if (box) { box.textContent = ""; }
  });
  document.addEventListener("htmx:sendError", function () {
    var box = region();
    if (!box) { return; }
    var p = document.createElement("p");
    p.className = "message message--error";
    p.textContent = box.getAttribute("data-offline") || "";
    box.replaceChildren(p);
  });
})();
