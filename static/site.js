// Progressive enhancement only: every page is complete without this script.
(function () {
  "use strict";

  // Sortable tables: header buttons sort by each cell's data-sort value, else its text.
  function sortable(table) {
    var head = table.tHead && table.tHead.rows[0];
    var body = table.tBodies[0];
    if (!head || !body) return;
    Array.prototype.forEach.call(head.cells, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(head.cells, function (c) { c.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          var r = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
          return asc ? r : -r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  function key(cell) {
    if (!cell) return "";
    var s = cell.getAttribute("data-sort");
    if (s !== null && s !== "" && !isNaN(Number(s))) return Number(s);
    return cell.textContent.trim();
  }

  // Search: loads the language's index on first use; prefix matching on folded words.
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/ø/g, "o").replace(/æ/g, "ae").replace(/ß/g, "ss").replace(/đ/g, "d").replace(/ł/g, "l");
  }
  function tokens(s) { return fold(s).split(/[^a-z0-9.\u0400-\u04ff]+/).filter(Boolean); }
  function search(form) {
    var input = form.querySelector("input[type=search]");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var docs = null, loading = null;
    function load() {
      if (!loading) {
        loading = fetch(form.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (d) {
          docs = d.map(function (x) { x.w = tokens(x.s + " " + x.t); return x; });
        });
      }
      return loading;
    }
    function run() {
      var q = tokens(input.value);
      list.textContent = "";
      if (!q.length) { status.textContent = ""; return; }
      load().then(function () {
        if (tokens(input.value).join(" ") !== q.join(" ")) return;
        var hits = docs.filter(function (d) {
          return q.every(function (t) { return d.w.some(function (w) { return w.indexOf(t) === 0; }); });
        }).slice(0, 50);
        hits.forEach(function (d) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = d.u; a.textContent = d.t;
          li.appendChild(a);
          if (d.x) { var p = document.createElement("div"); p.className = "muted small"; p.textContent = d.x; li.appendChild(p); }
          list.appendChild(li);
        });
        status.textContent = hits.length ? form.getAttribute("data-count").replace("{n}", hits.length) : form.getAttribute("data-none");
      });
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    input.addEventListener("input", run);
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; run(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), sortable);
    var form = document.getElementById("search-form");
    if (form) search(form);
  });
})();
