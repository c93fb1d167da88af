// cityprofiles default theme: progressive enhancement only. Every page is complete without
// this script; it adds sort buttons to tables marked data-sortable, runs the search page, lets
// the compare page show the cities a reader chooses, and opens folded details before printing.
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

  // ---- Tables as labelled blocks on phones ---------------------------------------------------

  // On a narrow screen the stylesheet shows each row of these tables as a block, one cell under
  // another. Each data cell gets its column's header as a label (data-label, which the
  // stylesheet draws and keeps from screen readers: they announce the header from the table).
  // Some browsers drop a table's semantics once its parts are not displayed as table parts, so
  // the roles are stated. Without this script the cells stack unlabelled, the header above.
  var STACKED = "table.kpis, table.cities, table.matrix, table.coverage, table.compare";

  function stack(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return;
    var labels = [];
    forEach(head.cells, function (th) {
      var text = (th.textContent || "").replace(/\s+/g, " ").trim();
      th.setAttribute("role", "columnheader");
      for (var i = 0; i < th.colSpan; i++) labels.push(text);
    });
    table.setAttribute("role", "table");
    forEach([table.tHead].concat(Array.prototype.slice.call(table.tBodies)), function (group) {
      group.setAttribute("role", "rowgroup");
      forEach(group.rows, function (row) {
        row.setAttribute("role", "row");
        if (group === table.tHead) return;
        var col = 0;
        forEach(row.cells, function (cell) {
          if (cell.localName === "th") {
            cell.setAttribute("role", "rowheader");
          } else {
            cell.setAttribute("role", "cell");
            if (cell.colSpan === 1 && labels[col]) cell.setAttribute("data-label", labels[col]);
          }
          col += cell.colSpan;
        });
      });
    });
    table.classList.add("is-labelled");
  }

  // ---- Search -------------------------------------------------------------------------------

  // The language's own index (search/index/, written by src/search/index.rs): the entry file
  // names each chunk of words by its first key; a query loads the chunks its words fall in and
  // the fragments of the results it shows, never the whole index. Chunks and fragments are
  // gzipped JSON: browsers without DecompressionStream keep the form hidden, and the page's
  // links to the city and indicator lists stand in for it.

  // A KPI code with case and separators dropped: "EC: ICT: T: 1C" and "ec-ict-t-1c" are both
  // "ecictt1c", a key of the entry file's `codes` (search/record.rs).
  function code(s) {
    return String(s || "").toLowerCase().replace(/[^a-z0-9]/g, "");
  }

  // Text folded as the index folds its words: decomposed, accents dropped, lower case.
  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var MAX_RESULTS = 20;
  var EXCERPT_WORDS = 24;
  // What separates words, as the index splits them (letters, digits and marks make words).
  // Built at run time: a browser without Unicode property escapes gets no search, not a
  // script that fails to parse.
  var SEPARATOR = null;
  try { SEPARATOR = new RegExp("[^\\p{L}\\p{N}\\p{M}]+", "u"); } catch (e) { SEPARATOR = null; }

  function terms(q) {
    return fold(q).split(SEPARATOR).filter(function (t) { return t; });
  }

  // Bytes as text: gunzipped unless the server already did that (some add Content-Encoding
  // to .gz files, and the browser then hands over the plain bytes).
  function gunzip(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Promise.resolve(new TextDecoder().decode(bytes));
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }

  function getJSON(url, options) {
    return fetch(url, options).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.arrayBuffer();
    }).then(gunzip).then(JSON.parse);
  }

  // The index of the page's language, its pieces fetched once each.
  function Index(address) {
    var base = new URL(address, window.location.href);
    // The entry file is revalidated: after a new build, it names the new pieces (`id`).
    var entry = getJSON(base.href, { cache: "no-cache" }).then(function (e) {
      if (!e || e.version !== 1) throw new Error("unknown search index version");
      return e;
    });
    var chunks = {};
    var pages = {};
    function piece(path, id) {
      return new URL(path + "?v=" + encodeURIComponent(id), base).href;
    }
    // The number of the chunk `key` would be in: the last whose first key is not after it.
    function chunkOf(e, key) {
      var lo = 0, hi = e.chunks.length - 1, found = -1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (e.chunks[mid] <= key) { found = mid; lo = mid + 1; } else hi = mid - 1;
      }
      return found;
    }
    function chunk(e, n) {
      if (n < 0) return Promise.resolve(new Map());
      if (!chunks[n]) {
        chunks[n] = getJSON(piece("words/" + n + ".gz", e.id)).then(function (pairs) { return new Map(pairs); });
      }
      return chunks[n];
    }
    // The keys of the chunks holding `keys`, as one map.
    function lookup(e, keys) {
      var wanted = {};
      keys.forEach(function (k) { wanted[chunkOf(e, k)] = true; });
      return Promise.all(Object.keys(wanted).map(function (n) { return chunk(e, Number(n)); }))
        .then(function (maps) {
          var all = new Map();
          maps.forEach(function (m) { m.forEach(function (v, k) { all.set(k, v); }); });
          return all;
        });
    }
    // The stems a typed word stands for, each with how much it counts: the word as indexed
    // (or the stem of the written form it is), else the longest stem that begins it (a form no
    // page has: "безработица" finds "безработиц"); while it is being typed, also the stems it
    // begins.
    function stems(e, t, typing) {
      var prefixes = [];
      for (var n = t.length - 1; n >= Math.max(3, Math.ceil(t.length / 2)); n--) prefixes.push(t.slice(0, n));
      return lookup(e, [t].concat(prefixes)).then(function (keys) {
        var found = [];
        var v = keys.get(t);
        if (typeof v === "string") found.push([v, 1]);
        else if (v) found.push([t, 1]);
        else {
          for (var i = 0; i < prefixes.length; i++) {
            var p = keys.get(prefixes[i]);
            if (p) { found.push([typeof p === "string" ? p : prefixes[i], 1]); break; }
          }
        }
        if (typing && t.length >= 2) {
          var more = 0;
          keys.forEach(function (value, k) {
            if (more < 30 && k !== t && k.indexOf(t) === 0 && typeof value !== "string") {
              found.push([k, 0.5]);
              more++;
            }
          });
        }
        // Written forms point to stems that may be in other chunks.
        return lookup(e, found.map(function (f) { return f[0]; })).then(function (all) {
          return found.map(function (f) {
            var postings = all.get(f[0]);
            return { stem: f[0], factor: f[1], postings: Array.isArray(postings) ? postings : [] };
          });
        });
      });
    }
    // Pages that have every typed word, best first: each word scores by how often the page has
    // it (title words count more, see index.rs) and how rare it is across pages.
    this.search = function (q) {
      var words = terms(q);
      return entry.then(function (e) {
        return Promise.all(words.map(function (t, i) { return stems(e, t, i === words.length - 1); }))
          .then(function (perWord) {
            var scores = null;
            perWord.forEach(function (found) {
              var mine = new Map();
              found.forEach(function (f) {
                var df = f.postings.length / 2;
                var idf = Math.log(1 + e.pages / Math.max(1, df));
                var page = 0;
                for (var i = 0; i < f.postings.length; i += 2) {
                  page += f.postings[i];
                  var w = f.postings[i + 1];
                  var s = f.factor * idf * (w / (w + 1.2));
                  if (!(mine.get(page) >= s)) mine.set(page, s);
                }
              });
              if (scores === null) scores = mine;
              else {
                var both = new Map();
                scores.forEach(function (s, page) { if (mine.has(page)) both.set(page, s + mine.get(page)); });
                scores = both;
              }
            });
            var ranked = [];
            (scores || new Map()).forEach(function (s, page) { ranked.push([page, s]); });
            ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
            var pages = ranked.map(function (r) { return r[0]; });
            // The KPI whose code was typed comes first, whatever its words score.
            var typed = code(q);
            if (typed && Object.prototype.hasOwnProperty.call(e.codes, typed)) {
              var kpi = e.codes[typed];
              pages = [kpi].concat(pages.filter(function (p) { return p !== kpi; }));
            }
            var matched = [];
            perWord.forEach(function (found) {
              found.forEach(function (f) { matched.push(f.stem); });
            });
            return { pages: pages, terms: words.concat(matched) };
          });
      });
    };
    this.page = function (n) {
      return entry.then(function (e) {
        if (!pages[n]) pages[n] = getJSON(piece("pages/" + n + ".gz", e.id));
        return pages[n];
      });
    };
  }

  // An excerpt of `text` around its first word that begins with one of `stems`, those words
  // marked, as nodes appended to `p`.
  function excerpt(p, text, stems) {
    var parts = String(text || "").split(new RegExp("(" + SEPARATOR.source + ")", "u"));
    var hits = {};
    var first = -1;
    for (var i = 0; i < parts.length; i += 2) {
      var w = fold(parts[i]);
      if (w && stems.some(function (s) { return w === s || (s.length >= 3 && w.indexOf(s) === 0); })) {
        hits[i] = true;
        if (first < 0) first = i;
      }
    }
    var start = first < 0 ? 0 : Math.max(0, first - 2 * Math.floor(EXCERPT_WORDS / 3));
    var end = Math.min(parts.length, start + 2 * EXCERPT_WORDS);
    if (start > 0) p.appendChild(document.createTextNode("… "));
    for (var j = start; j < end; j++) {
      if (hits[j]) {
        var mark = document.createElement("mark");
        mark.textContent = parts[j];
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(parts[j]));
      }
    }
    if (end < parts.length) p.appendChild(document.createTextNode(" …"));
  }

  function search(form) {
    var input = form.querySelector("input[type=search]");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var fallback = document.getElementById("search-fallback");
    var address = form.getAttribute("data-index");
    if (!input || !list || !status || !address || !SEPARATOR || !window.fetch ||
        !window.DecompressionStream || !window.Map || !window.URL || !window.TextDecoder) return;
    form.hidden = false;
    if (fallback) fallback.hidden = true;
    var index = null;

    // The first results of `q`, with their fragments: a city one of whose names was typed
    // first (in a language whose pages use another spelling, a city whose narrative mentions
    // the name can score above it).
    function find(q) {
      if (!index) index = new Index(address);
      return index.search(q).then(function (found) {
        return Promise.all(found.pages.slice(0, MAX_RESULTS).map(index.page)).then(function (pages) {
          var typed = fold(q).replace(/\s+/g, " ").trim();
          var named = function (d) {
            return (d.names || []).some(function (n) { return fold(n).replace(/\s+/g, " ").trim() === typed; });
          };
          return {
            pages: pages.filter(named).concat(pages.filter(function (d) { return !named(d); })),
            terms: found.terms,
            // Every page that matched, not only those listed: "2,000 results" with the best 20.
            total: found.pages.length,
          };
        });
      });
    }

    function show(found) {
      list.textContent = "";
      found.pages.forEach(function (d) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = d.url;
        a.textContent = d.title || d.url;
        li.appendChild(a);
        if (d.text) {
          var p = document.createElement("p");
          p.className = "muted small";
          excerpt(p, d.text, found.terms);
          li.appendChild(p);
        }
        list.appendChild(li);
      });
      status.textContent = found.pages.length
        ? countText(found.total)
        : (form.getAttribute("data-none") || "");
    }

    // "5 results" in the page's language: the form of the number's CLDR plural category
    // (data-count-one, -few, -many, -other), as the build chose them for counts in the page.
    function countText(n) {
      var category = "other";
      try {
        category = new Intl.PluralRules(document.documentElement.lang).select(n);
      } catch (e) { /* an unknown language tag: the `other` form */ }
      var text = form.getAttribute("data-count-" + category) ||
        form.getAttribute("data-count-other") || "{n}";
      return text.replace("{n}", n.toLocaleString(document.documentElement.lang));
    }

    // Keeps the query in the address, so a search can be shared and survives a reload.
    function remember(q) {
      if (!window.history || !window.history.replaceState || !window.URL) return;
      var url = new URL(window.location.href);
      if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
      window.history.replaceState(null, "", url.href);
    }

    var timer = null;
    function run() {
      var q = input.value.trim();
      remember(q);
      if (!q) {
        list.textContent = "";
        status.textContent = "";
        return;
      }
      find(q).then(function (found) {
        // A slower earlier query must not replace the answer to what the box holds now.
        if (input.value.trim() === q) show(found);
      }).catch(function () {
        // A piece that failed to load (a dropped connection, a site rebuilt meanwhile) is asked
        // for again by the next query instead of failing every query until a reload.
        index = null;
        if (input.value.trim() === q) show({ pages: [], terms: [], total: 0 });
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

  // ---- Compare page ---------------------------------------------------------------------------

  // The page holds every city's column (up to its cap) in each table marked data-compare, named
  // by the th[data-city] cells of the table's head, and an item per city in each list marked
  // data-compare, in the same order. Choosing cities hides the other columns and items. Rows
  // with fewer cells (a category's heading row) are left alone.
  //
  // A site with more cities than the page holds lists the others' slugs and names in
  // #compare-more, and writes each one's column to a file of its own (the form's data-columns,
  // then "<slug>.json"; see render/pages/compare_column.rs). Choosing such a city fetches its
  // column and inserts it where the page would have had it: the page's cities are the first
  // by name, so the others go after them, in name order.

  // The slugs of ?cities=a,b, each once, in the order given: those of `known` (at most `max`)
  // and the others.
  function citiesFromQuery(search, known, max) {
    var params = typeof URLSearchParams === "function" ? new URLSearchParams(search) : null;
    var value = params ? params.get("cities") : null;
    var out = { known: [], unknown: [] };
    String(value || "").split(",").forEach(function (slug) {
      slug = slug.trim();
      if (!slug || out.known.indexOf(slug) >= 0 || out.unknown.indexOf(slug) >= 0) return;
      if (known.indexOf(slug) < 0) out.unknown.push(slug);
      else if (out.known.length < max) out.known.push(slug);
    });
    return out;
  }

  // One cell of a fetched column, from its HTML: a table cell is parsed inside a row (elsewhere
  // the parser drops it), a chart's item inside a list.
  function cellFrom(html) {
    var t = document.createElement("template");
    var row = /^<t[hd][\s>]/i.test(html);
    t.innerHTML = row ? "<table><tbody><tr>" + html + "</tr></tbody></table>" : "<ul>" + html + "</ul>";
    var parent = t.content.querySelector(row ? "tr" : "ul");
    return parent && parent.firstElementChild;
  }

  function compareCities(form) {
    var head = document.querySelector("table[data-compare] thead");
    var list = form.querySelector(".compare-choices");
    var status = document.getElementById("compare-status");
    var common = document.getElementById("compare-common");
    var clear = document.getElementById("compare-clear");
    var none = document.getElementById("compare-none");
    if (!head || !list || !status) return;
    var cities = Array.prototype.map.call(head.querySelectorAll("th[data-city]"), function (th) {
      return { slug: th.getAttribute("data-city"), name: (th.textContent || "").trim() };
    });
    if (cities.length < 2) return;
    var max = Number(form.getAttribute("data-max")) || 4;
    var width = cities.length + 1;
    var boxes = [];

    // The cities the page does not hold, in name order; `rank` is a city's place in that list.
    var more = [];
    var moreData = document.getElementById("compare-more");
    var columnsUrl = form.getAttribute("data-columns") || "";
    if (moreData && columnsUrl) {
      try {
        var flat = JSON.parse(moreData.textContent || "[]");
        for (var i = 0; i + 1 < flat.length; i += 2) more.push({ slug: flat[i], name: flat[i + 1], rank: more.length });
      } catch (e) {
        more = [];
      }
    }
    var inPage = cities.length;
    var loading = {};

    function slugs() { return cities.map(function (c) { return c.slug; }); }
    function allSlugs() { return slugs().concat(more.map(function (c) { return c.slug; })); }
    function moreCity(slug) {
      for (var i = 0; i < more.length; i++) if (more[i].slug === slug) return more[i];
      return null;
    }

    function addBox(c, at) {
      var li = document.createElement("li");
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.value = c.slug;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + c.name));
      li.appendChild(label);
      list.insertBefore(li, list.children[at] || null);
      box.addEventListener("change", apply);
      boxes.splice(at, 0, box);
      return box;
    }
    cities.forEach(function (c, i) { addBox(c, i); });

    function text(key, city) {
      return (form.getAttribute("data-" + key) || "").replace("{city}", city);
    }

    function names(picked) {
      var words = picked.map(function (i) { return cities[i].name; });
      if (window.Intl && Intl.ListFormat) {
        return new Intl.ListFormat(document.documentElement.lang || undefined, { type: "conjunction" }).format(words);
      }
      return words.join(", ");
    }

    function message(picked) {
      var key = picked.length === 0 ? "all" : picked.length === 1 ? "one" : picked.length >= max ? "full" : "some";
      return (form.getAttribute("data-status-" + key) || "").replace("{cities}", names(picked));
    }

    // Keeps the choice in the address, so a comparison can be shared and survives a reload.
    function remember(picked) {
      if (!window.history || !window.history.replaceState || !window.URLSearchParams) return;
      var params = new URLSearchParams(window.location.search);
      params.delete("cities");
      var parts = params.toString() ? [params.toString()] : [];
      if (picked.length) parts.push("cities=" + picked.map(function (i) { return encodeURIComponent(cities[i].slug); }).join(","));
      var search = parts.length ? "?" + parts.join("&") : "";
      window.history.replaceState(null, "", window.location.pathname + search + window.location.hash);
    }

    // Coverage rows: with cities chosen and the box ticked, only the KPIs every chosen city
    // gave a value for; a category or table left empty is hidden with them.
    function coverage(picked) {
      var onlyCommon = !!(common && common.checked) && picked.length > 0;
      var any = false;
      forEach(document.querySelectorAll("table[data-coverage]"), function (table) {
        var inTable = 0;
        forEach(table.tBodies, function (body) {
          var shown = 0;
          forEach(body.rows, function (row) {
            if (row.cells.length !== width) return;
            var keep = !onlyCommon || picked.every(function (i) {
              return row.cells[i + 1].classList.contains("cov-value");
            });
            row.hidden = !keep;
            if (keep) shown++;
          });
          body.hidden = shown === 0;
          inTable += shown;
        });
        var region = table.closest(".table-scroll") || table;
        region.hidden = inTable === 0;
        if (inTable) any = true;
      });
      if (none) none.hidden = any;
    }

    var addInput = document.getElementById("compare-name");
    var addButton = form.querySelector(".compare-add button");
    var note = "";

    function apply() {
      var picked = [];
      boxes.forEach(function (b, i) { if (b.checked) picked.push(i); });
      var show = cities.map(function (_, i) { return picked.length === 0 || picked.indexOf(i) >= 0; });
      forEach(document.querySelectorAll("table[data-compare]"), function (table) {
        table.classList.toggle("is-chosen", picked.length > 0);
        forEach(table.rows, function (row) {
          // A category's heading row spans only the columns shown: in the fixed layout of
          // chosen cities, every column it spans gets an equal share of the width, hidden
          // cities' columns too (at 100 cities, two shown ones were 11 px wide).
          if (row.cells.length === 1) row.cells[0].colSpan = (picked.length || width - 1) + 1;
          if (row.cells.length !== width) return;
          show.forEach(function (on, i) { row.cells[i + 1].hidden = !on; });
        });
      });
      forEach(document.querySelectorAll("ul[data-compare]"), function (ul) {
        forEach(ul.children, function (li, i) { li.hidden = !show[i]; });
      });
      coverage(picked);
      var full = picked.length >= max;
      boxes.forEach(function (b) { b.disabled = !b.checked && full; });
      if (addInput) addInput.disabled = full;
      if (addButton) addButton.disabled = full;
      remember(picked);
      status.textContent = message(picked) + (note ? " " + note : "");
      note = "";
    }

    // Inserts a fetched column (see render/pages/compare_column.rs) at column `at` and returns
    // the name its head cell shows; null when it does not fit the page's tables (a site whose
    // compare.html changed since).
    function insert(column, at) {
      var tables = document.querySelectorAll("table[data-compare]");
      var charts = document.querySelectorAll("ul[data-compare]");
      if (!column || !column.cells || !column.tables || !column.bars) return null;
      if (column.tables.length !== tables.length || column.bars.length !== charts.length) return null;
      var parsed = column.cells.map(cellFrom);
      var rows = Array.prototype.map.call(tables, function (table) {
        return Array.prototype.filter.call(table.rows, function (row) { return row.cells.length === width; });
      });
      var fits = rows.every(function (r, t) {
        return r.length === column.tables[t].length && column.tables[t].every(function (c) { return !!parsed[c]; });
      });
      if (!fits || !column.bars.every(function (c) { return !!parsed[c]; })) return null;
      rows.forEach(function (r, t) {
        // A category's heading row is left to apply(), which always follows.
        r.forEach(function (row, k) {
          row.insertBefore(parsed[column.tables[t][k]].cloneNode(true), row.cells[at + 1] || null);
        });
      });
      forEach(charts, function (ul, c) {
        ul.insertBefore(parsed[column.bars[c]].cloneNode(true), ul.children[at] || null);
      });
      width += 1;
      // The new cells get their column's label for the phone layout, as the others did.
      forEach(tables, function (table) { if (table.matches(STACKED)) stack(table); });
      return (parsed[column.tables[0][0]].textContent || "").trim();
    }

    // Fetches and inserts the column of a city the page does not hold (once); resolves to its
    // index in `cities`, or -1 when it could not be loaded.
    function load(c) {
      var have = slugs().indexOf(c.slug);
      if (have >= 0) return Promise.resolve(have);
      if (loading[c.slug]) return loading[c.slug];
      loading[c.slug] = fetch(columnsUrl + encodeURIComponent(c.slug) + ".json")
        .then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        })
        .then(function (column) {
          var at = inPage;
          while (at < cities.length && moreCity(cities[at].slug).rank < c.rank) at++;
          var name = insert(column, at);
          if (name === null) throw new Error("the column does not fit the page");
          cities.splice(at, 0, { slug: c.slug, name: name || c.name });
          addBox(cities[at], at);
          return at;
        })
        .catch(function () {
          delete loading[c.slug];
          return -1;
        });
      return loading[c.slug];
    }

    // Ticks the cities of `wanted` (slugs), fetching those the page does not hold; `after`
    // names the slugs that are not cities of the site.
    function choose(wanted, unknown) {
      var fetched = wanted.map(moreCity).filter(Boolean);
      var parts = unknown.map(function (slug) { return text("unknown", slug); });
      if (!fetched.length) {
        wanted.forEach(function (slug) { boxes[slugs().indexOf(slug)].checked = true; });
        note = parts.join(" ");
        apply();
        return Promise.resolve();
      }
      status.textContent = text("loading", fetched.map(function (c) { return c.name; }).join(", "));
      return Promise.all(fetched.map(load)).then(function (done) {
        fetched.forEach(function (c, i) { if (done[i] < 0) parts.push(text("failed", c.name)); });
        wanted.forEach(function (slug) {
          var i = slugs().indexOf(slug);
          if (i >= 0) boxes[i].checked = true;
        });
        note = parts.join(" ");
        apply();
      });
    }

    // The datalist offers every city by name; two cities of the same name are told apart by
    // their slugs.
    var byName = {};
    var everyone = cities.concat(more);
    everyone.forEach(function (c) {
      var k = c.name.toLowerCase();
      byName[k] = byName[k] ? byName[k].concat([c.slug]) : [c.slug];
    });
    function label(c) {
      return byName[c.name.toLowerCase()].length > 1 ? c.name + " (" + c.slug + ")" : c.name;
    }
    var datalist = document.getElementById("compare-names");
    if (datalist && addInput) {
      everyone.forEach(function (c) {
        var o = document.createElement("option");
        o.value = label(c);
        datalist.appendChild(o);
      });
    }

    // The city a typed text names: its name (or name and slug), or its slug.
    function typed(value) {
      var v = value.trim().toLowerCase();
      if (!v) return null;
      for (var i = 0; i < everyone.length; i++) {
        var c = everyone[i];
        if (label(c).toLowerCase() === v || c.slug === v) return c.slug;
      }
      var same = byName[v];
      return same && same.length === 1 ? same[0] : null;
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!addInput) return;
      var value = addInput.value;
      var slug = typed(value);
      if (!slug) {
        if (value.trim()) status.textContent = text("unknown", value.trim());
        return;
      }
      var i = slugs().indexOf(slug);
      if (i >= 0 && boxes[i].checked) {
        addInput.value = "";
        apply();
        return;
      }
      choose([slug], []).then(function () {
        addInput.value = "";
      });
    });

    if (common) common.addEventListener("change", apply);
    if (clear) {
      clear.addEventListener("click", function () {
        boxes.forEach(function (b) { b.checked = false; });
        apply();
      });
    }
    form.hidden = false;
    var asked = citiesFromQuery(window.location.search, allSlugs(), max);
    if (asked.known.length || asked.unknown.length) choose(asked.known, asked.unknown);
    else apply();
  }

  // ---- 404 page in the reader's language -----------------------------------------------------

  // GitHub Pages answers every missing address with the root 404.html, in the default language.
  // That page carries the other languages' text in <template>s; the first folder of the address
  // asked for, after the base path, names the reader's language ("/repo/fr/..." is French).
  function notFound(box) {
    // Marks the page settled (whatever language it ends in), so a check or a tool reading the
    // page can wait for the swap below instead of racing it.
    var settled = function () { document.documentElement.setAttribute("data-notfound-settled", ""); };
    var base = box.getAttribute("data-notfound") || "/";
    var path = window.location.pathname;
    if (path.indexOf(base) !== 0) return settled();
    var code = path.slice(base.length).split("/")[0];
    var chosen = null;
    forEach(document.querySelectorAll("template[data-notfound-lang]"), function (t) {
      if (code && t.getAttribute("data-notfound-lang") === code) chosen = t;
    });
    if (!chosen) return settled();
    while (box.firstChild) box.removeChild(box.firstChild);
    box.appendChild(chosen.content.cloneNode(true));
    document.title = chosen.getAttribute("data-title") || document.title;
    // The header, footer and skip link come from that language's own 404.html, which every
    // language has: carrying each language's navigation and site texts here as well would be
    // a second copy of base.html's markup to keep in step. Until it arrives (or if it cannot),
    // they stay in the default language, marked as such by the page's lang.
    if (!window.fetch || !window.DOMParser) return settled();
    var folder = base + code + "/";
    fetch(folder + "404.html").then(function (r) {
      return r.ok ? r.text() : "";
    }).then(function (html) {
      if (!html) return;
      var theirs = new DOMParser().parseFromString(html, "text/html");
      if (theirs.documentElement.getAttribute("lang") !== code) return;
      [".skip-link", ".site-header", ".site-footer"].forEach(function (sel) {
        var a = document.querySelector(sel);
        var b = theirs.querySelector(sel);
        if (a && b) a.parentNode.replaceChild(document.importNode(b, true), a);
      });
      document.documentElement.setAttribute("lang", code);
      document.documentElement.setAttribute("dir", theirs.documentElement.getAttribute("dir") || "ltr");
    }).catch(function () { /* offline: the default language's header and footer stay */ })
      .then(settled);
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

  // ---- Embed code: a copy button -------------------------------------------------------------

  // The code stays selectable text without this script; with it, the button (hidden in the
  // page) copies it and says so in its status line.
  function copyButton(button) {
    var box = button.closest("details");
    var code = box && box.querySelector("pre code");
    var status = box && box.querySelector(".copy-status");
    if (!code || !status || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(code.textContent).then(function () {
        status.textContent = button.getAttribute("data-copied");
      }, function () {
        status.textContent = button.getAttribute("data-failed");
      });
    });
  }

  // The tests run this file in Node, without a page, to check the order of sorted rows.
  if (typeof document === "undefined") {
    if (typeof module === "object" && module.exports) module.exports = { sortRows: sortRows, citiesFromQuery: citiesFromQuery };
    return;
  }

  function init() {
    forEach(document.querySelectorAll(STACKED), stack);
    forEach(document.querySelectorAll("table[data-sortable]"), sortable);
    var form = document.getElementById("search-form");
    if (form) search(form);
    printing();
    forEach(document.querySelectorAll("button.copy-code"), copyButton);
    var chooser = document.getElementById("compare-form");
    if (chooser) compareCities(chooser);
    var missing = document.querySelector("[data-notfound]");
    if (missing) notFound(missing);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
