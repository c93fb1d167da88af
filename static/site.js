// cityprofiles default theme: progressive enhancement only. Every page is complete without
// this script; it adds sort buttons to tables marked data-sortable, runs the search page, and
// opens folded details before printing.
(function () {
  "use strict";

  var forEach = function (list, fn) { Array.prototype.forEach.call(list || [], fn); };

  // ---- Sortable tables ----------------------------------------------------------------------

  // Sort key of a cell: its data-sort number, else a number read from its text, else the text.
  function key(cell) {
    if (!cell) return "";
    var s = cell.getAttribute("data-sort");
    if (s !== null && s !== "" && !isNaN(Number(s))) return Number(s);
    var text = (cell.textContent || "").trim();
    var compact = text.replace(/[\s\u00a0\u202f]/g, "").replace("\u2212", "-");
    var m = compact.match(/^[-+]?\d+(\.\d+)?/);
    if (m) return Number(m[0]);
    return text.toLowerCase();
  }

  function compare(x, y) {
    if (typeof x === "number" && typeof y === "number") return x - y;
    if (typeof x === "number") return -1;
    if (typeof y === "number") return 1;
    return String(x).localeCompare(String(y));
  }

  // Rows of a table body in the order of column `col`. A cell marked data-unranked (a city
  // below the minimum-evidence rule, or without a value) is not ranked: its row follows the
  // ranked rows whichever the direction, those with some evidence (key -1) before those with
  // nothing scorable (-2), then in page order. Keys are read once per row, not per comparison.
  function sortRows(rows, col, asc) {
    var entries = rows.map(function (row, index) {
      var cell = row.cells[col];
      return {
        row: row,
        key: key(cell),
        unranked: !!cell && cell.hasAttribute("data-unranked"),
        index: index
      };
    });
    entries.sort(function (a, b) {
      if (a.unranked !== b.unranked) return a.unranked ? 1 : -1;
      var r = a.unranked ? compare(b.key, a.key) : compare(a.key, b.key);
      if (r !== 0) return a.unranked || asc ? r : -r;
      return a.index - b.index;
    });
    return entries.map(function (e) { return e.row; });
  }

  function sortable(table) {
    var head = table.tHead && table.tHead.rows[0];
    var body = table.tBodies && table.tBodies[0];
    if (!head || !body || body.rows.length < 2) return;
    var original = Array.prototype.slice.call(body.rows);
    forEach(head.cells, function (th, col) {
      var label = (th.textContent || "").trim();
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      var icon = document.createElement("span");
      icon.className = "sort-icon";
      icon.setAttribute("aria-hidden", "true");
      if (th.querySelector("a, button, input, select, textarea")) {
        // The header holds a link: keep it, and add a separate small sort button.
        button.classList.add("sort-only");
        button.setAttribute("aria-label", table.getAttribute("data-sort-label") ? table.getAttribute("data-sort-label").replace("{column}", label) : label);
        button.appendChild(icon);
        th.appendChild(document.createTextNode(" "));
        th.appendChild(button);
      } else {
        while (th.firstChild) button.appendChild(th.firstChild);
        button.appendChild(icon);
        th.appendChild(button);
      }
      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");
        var asc = current !== "ascending";
        forEach(head.cells, function (c) { c.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        sortRows(original, col, asc).forEach(function (r) { body.appendChild(r); });
      });
    });
    table.classList.add("is-sortable");
  }

  // ---- Search -------------------------------------------------------------------------------

  function fold(s) {
    var t = String(s || "");
    if (t.normalize) t = t.normalize("NFD");
    return t.replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\u00f8/g, "o").replace(/\u00e6/g, "ae").replace(/\u00df/g, "ss")
      .replace(/\u0111/g, "d").replace(/\u0142/g, "l");
  }

  function tokens(s) {
    return fold(s).split(/[^a-z0-9.\u0400-\u04ff]+/).filter(function (w) { return w.length > 0; });
  }

  // The index's words are folded to ASCII by the build (deunicode), so Russian text is there
  // in Latin letters: a query typed in Cyrillic is also tried spelt the way deunicode spells it.
  // Runs before fold(), which would strip the marks of "ё" and "й" and lose deunicode's "io".
  var CYRILLIC = "\u0430\u0431\u0432\u0433\u0434\u0435\u0451\u0436\u0437\u0438\u0439\u043a\u043b\u043c\u043d\u043e\u043f" +
    "\u0440\u0441\u0442\u0443\u0444\u0445\u0446\u0447\u0448\u0449\u044a\u044b\u044c\u044d\u044e\u044f";
  var LATIN = ["a", "b", "v", "g", "d", "e", "io", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "'", "y", "'", "e", "iu", "ia"];
  function latin(s) {
    return String(s || "").toLowerCase().replace(/[\u0430-\u044f\u0451]/g, function (c) {
      return LATIN[CYRILLIC.indexOf(c)];
    });
  }

  // A KPI code with case and separators ignored: "EC: ICT: T: 1C" and "ec-ict-t-1c" are both
  // "ecictt1c", the form of the index's `c` field.
  function code(s) {
    return fold(s).replace(/[^a-z0-9]/g, "");
  }

  function matches(d, q) {
    return q.every(function (t) {
      return d.w.some(function (w) { return w.indexOf(t) === 0; });
    });
  }

  function search(form) {
    var input = form.querySelector("input[type=search]");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var fallback = document.getElementById("search-fallback");
    var url = form.getAttribute("data-index");
    if (!input || !list || !status || !url || !window.fetch) return;
    form.hidden = false;
    if (fallback) fallback.hidden = true;
    var docs = null;
    var loading = null;

    function load() {
      if (!loading) {
        loading = fetch(url).then(function (r) { return r.json(); }).then(function (d) {
          docs = (d || []).map(function (x) {
            x.w = tokens((x.s || "") + " " + (x.t || ""));
            return x;
          });
        }).catch(function () { docs = []; });
      }
      return loading;
    }

    var timer = null;
    function run() {
      var q = tokens(input.value);
      if (!q.length) {
        list.textContent = "";
        status.textContent = "";
        return;
      }
      load().then(function () {
        if (tokens(input.value).join(" ") !== q.join(" ")) return;
        var ql = tokens(latin(input.value));
        var typed = code(input.value);
        var hits = [];
        docs.forEach(function (d, i) {
          var exact = typed !== "" && d.c === typed;
          if (exact || matches(d, q) || matches(d, ql)) hits.push({ d: d, rank: exact ? 0 : 1, i: i });
        });
        // The KPI whose code was typed comes first; otherwise the index's order stands.
        hits.sort(function (a, b) { return a.rank - b.rank || a.i - b.i; });
        hits = hits.slice(0, 50).map(function (h) { return h.d; });
        list.textContent = "";
        hits.forEach(function (d) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = d.u;
          a.textContent = d.t;
          li.appendChild(a);
          if (d.x) {
            var p = document.createElement("p");
            p.className = "muted small";
            p.textContent = d.x;
            li.appendChild(p);
          }
          list.appendChild(li);
        });
        status.textContent = hits.length
          ? (form.getAttribute("data-count") || "{n}").replace("{n}", String(hits.length))
          : (form.getAttribute("data-none") || "");
      });
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    input.addEventListener("input", function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    var params = window.URLSearchParams ? new URLSearchParams(window.location.search) : null;
    var initial = params ? params.get("q") : null;
    if (initial) {
      input.value = initial;
      run();
    }
  }

  // ---- 404 page in the reader's language -----------------------------------------------------

  // GitHub Pages answers every missing address with the root 404.html, in the default language.
  // That page carries the other languages' text in <template>s; the first folder of the address
  // asked for, after the base path, names the reader's language ("/repo/fr/..." is French).
  function notFound(box) {
    var base = box.getAttribute("data-notfound") || "/";
    var path = window.location.pathname;
    if (path.indexOf(base) !== 0) return;
    var code = path.slice(base.length).split("/")[0];
    var chosen = null;
    forEach(document.querySelectorAll("template[data-notfound-lang]"), function (t) {
      if (code && t.getAttribute("data-notfound-lang") === code) chosen = t;
    });
    if (!chosen) return;
    while (box.firstChild) box.removeChild(box.firstChild);
    box.appendChild(chosen.content.cloneNode(true));
    document.title = chosen.getAttribute("data-title") || document.title;
  }

  // ---- Print: show folded details ------------------------------------------------------------

  function printing() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      forEach(document.querySelectorAll("details:not([open])"), function (d) {
        d.open = true;
        opened.push(d);
      });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
    });
  }

  // The tests run this file in Node, without a page, to check the order of sorted rows.
  if (typeof document === "undefined") {
    if (typeof module === "object" && module.exports) module.exports = { sortRows: sortRows };
    return;
  }

  function init() {
    forEach(document.querySelectorAll("table[data-sortable]"), sortable);
    var form = document.getElementById("search-form");
    if (form) search(form);
    printing();
    var missing = document.querySelector("[data-notfound]");
    if (missing) notFound(missing);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
