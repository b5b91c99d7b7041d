// Opens the collapsed section (<details>) that holds the target of the address's #anchor,
// on load and whenever the anchor changes, then scrolls the target into view: anchor links
// into the capture (#L12), the log or the citations of a source page land on what they name.
(function () {
  "use strict";

  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) { return; }
    var target = document.getElementById(id);
    if (!target) { return; }
    var opened = false;
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS" && !el.open) { el.open = true; opened = true; }
    }
    if (opened) { target.scrollIntoView(); }
  }

  window.addEventListener("hashchange", openTarget);
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(openTarget);  // Material's instant loading, when enabled
  } else {
    document.addEventListener("DOMContentLoaded", openTarget);
  }
})();
