// assocbench — the administrator's pages: copy an invitation link, print
// the list. No inline script (Content-Security-Policy).
(function () {
  "use strict";
  document.addEventListener("click", function (ev) {
    var b = ev.target.closest("[data-copy], [data-print]");
    if (!b) { return; }
    if (b.hasAttribute("data-print")) { window.print(); return; }
    var input = document.getElementById(b.getAttribute("data-copy"));
    var status = b.parentNode.querySelector(".copy-status");
    var done = function () { if (status) { status.textContent = b.getAttribute("data-done"); } };
    input.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
