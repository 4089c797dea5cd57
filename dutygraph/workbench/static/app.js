// The workbench's only script: sort a table by a header, filter its rows by a word. Text is
// compared and moved, never written as markup.
(function () {
  "use strict";
  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }
  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var numeric = rows.every(function (r) { var v = cellValue(r, index).replace("%", ""); return v === "" || !isNaN(Number(v)); });
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var d = numeric ? (Number(x.replace("%", "")) || 0) - (Number(y.replace("%", "")) || 0) : x.localeCompare(y, "zh-Hans-CN");
      return ascending ? d : -d;
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function setUp(box) {
    var table = box.querySelector("table");
    var filter = box.querySelector("input.filter");
    var count = box.querySelector(".count");
    if (!table) { if (filter) { filter.hidden = true; } return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      th.addEventListener("click", function () { sortBy(table, index, th); });
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sortBy(table, index, th); } });
    });
    if (filter) {
      filter.addEventListener("input", function () {
        var word = filter.value.trim().toLowerCase(), shown = 0;
        Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
          var hit = !word || r.textContent.toLowerCase().indexOf(word) >= 0;
          r.hidden = !hit;
          if (hit) { shown += 1; }
        });
        if (count) { count.dataset.shown = String(shown); count.textContent = count.textContent.replace(/\d+/, String(shown)); }
      });
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("div.table"), setUp);
  });
})();
