// Adds a filter box and sortable columns to the table that follows each
// <div class="dossier-table-tools"> of the generated index pages.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    var text = cell ? cell.textContent.trim() : "";
    var number = Number(text.replace(/,/g, ""));
    return text !== "" && !isNaN(number) ? number : text.toLowerCase();
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      th.setAttribute("data-sort", "");
      th.setAttribute("tabindex", "0");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          if (typeof x !== typeof y) { x = String(x); y = String(y); }
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  function addFilter(marker, table) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "dossier-filter";
    input.placeholder = "Filter rows";
    input.setAttribute("aria-label", "Filter the rows of the table below");
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) === -1;
      });
    });
    marker.appendChild(input);
  }

  function nextTable(marker) {
    for (var el = marker.nextElementSibling; el; el = el.nextElementSibling) {
      if (el.tagName === "TABLE") { return el; }
      var inner = el.querySelector && el.querySelector("table");
      if (inner) { return inner; }
    }
    return null;
  }

  function init() {
    document.querySelectorAll(".dossier-table-tools").forEach(function (marker) {
      if (marker.getAttribute("data-ready")) { return; }
      var table = nextTable(marker);
      if (!table || !table.tBodies.length) { return; }
      marker.setAttribute("data-ready", "1");
      addFilter(marker, table);
      makeSortable(table);
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(init);  // Material for MkDocs: runs on every page load
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
