/* ecomap report: selection, kind filter, search, tooltips, sortable tables, layout switch.
   Vanilla JS, no network, no eval; all text goes in through textContent. */
(function () {
  "use strict";
  var dataEl = document.getElementById("ecomap-data");
  var DATA = {};
  try { DATA = JSON.parse(dataEl ? dataEl.textContent : "{}"); } catch (e) { DATA = {}; }
  var people = DATA.participants || {};
  var flows = DATA.flows || [];
  var T = DATA.t || {};
  var byRef = {};
  flows.forEach(function (f) { byRef[f.ref] = f; });

  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function eid(el) { return el.getAttribute("data-eid") || el.getAttribute("id") || ""; }
  function titleText(el) {
    for (var i = 0; i < el.children.length; i++) {
      if (el.children[i].tagName.toLowerCase() === "title") return el.children[i].textContent || "";
    }
    return "";
  }
  function stripPort(s) {
    // Graphviz titles may carry quotes or ports ("a:s"); participant ids and keys have no colon.
    return s.trim().replace(/^"|"$/g, "").split(":")[0];
  }
  function asPid(s) {
    if (!s) return null;
    if (people[s]) return s;
    var m = /^(?:p|node|participant)[-_:](.+)$/.exec(s);
    if (m && people[m[1]]) return m[1];
    return null;
  }

  /* ---------- index the diagrams: which element is which participant / flow ---------- */
  var svgs = $$("svg.diagram");
  svgs.forEach(function (svg) {
    $$("g.node", svg).forEach(function (g) {
      var pid = asPid(g.getAttribute("data-pid")) || asPid(eid(g)) || asPid(stripPort(titleText(g)));
      if (pid) { g.setAttribute("data-pid", pid); g.classList.add("clickable"); }
    });
    $$("g.edge", svg).forEach(function (g) {
      var refs = [];
      var id = eid(g);
      var from = null, to = null;
      var parts = titleText(g).split(/->|--/);
      if (parts.length === 2) { from = asPid(stripPort(parts[0])); to = asPid(stripPort(parts[1])); }
      var byIndex = /^flow-(\d+)$/.exec(id);  // the renderer's key: the flow's position in the map
      if (g.getAttribute("data-ref") && byRef[g.getAttribute("data-ref")]) refs = [g.getAttribute("data-ref")];
      else if (byIndex && flows[+byIndex[1]] && (!from || (flows[+byIndex[1]].from === from && flows[+byIndex[1]].to === to))) refs = [flows[+byIndex[1]].ref];
      else if (id.indexOf("flow-") === 0 && byRef[id.slice(5)]) refs = [id.slice(5)];
      if (refs.length) { from = byRef[refs[0]].from; to = byRef[refs[0]].to; }
      else {
        if (from && to) {
          var kindClass = null;
          g.classList.forEach(function (c) { if (c.indexOf("kind-") === 0 && c !== "kind-off") kindClass = c.slice(5); });
          refs = flows.filter(function (f) {
            return f.from === from && f.to === to && (!kindClass || f.kind === kindClass);
          }).map(function (f) { return f.ref; });
        }
      }
      if (!from || !to) return;
      g.setAttribute("data-from", from);
      g.setAttribute("data-to", to);
      g.setAttribute("data-refs", JSON.stringify(refs));
      var kinds = {};
      refs.forEach(function (r) { kinds[byRef[r].kind] = true; });
      g.setAttribute("data-kinds", Object.keys(kinds).join(" "));
    });
    // Edge labels drawn as nodes of their own (radial layout): "label-<edge id>" follows its edge.
    var edgeById = {};
    $$("g.edge", svg).forEach(function (g) { edgeById[eid(g)] = g; });
    $$("g.node", svg).forEach(function (g) {
      var id = eid(g);
      if (id.indexOf("label-") !== 0 || !edgeById[id.slice(6)]) return;
      var e = edgeById[id.slice(6)];
      g.classList.add("edge-label");
      ["data-from", "data-to", "data-refs", "data-kinds"].forEach(function (a) {
        if (e.hasAttribute(a)) g.setAttribute(a, e.getAttribute(a));
      });
    });
    // The browser's own tooltips would double ours.
    $$("g.node > title, g.edge > title", svg).forEach(function (t) { t.parentNode.removeChild(t); });
  });

  /* ---------- selection ---------- */
  var selected = null;
  var selLabel = document.getElementById("selection-label");
  var clearBtn = document.getElementById("clear-selection");
  var flowTable = document.getElementById("flow-table");

  function select(pid) {
    if (pid && pid === selected) pid = null;
    selected = pid && people[pid] ? pid : null;
    var neighbours = {};
    if (selected) {
      neighbours[selected] = true;
      flows.forEach(function (f) {
        if (f.from === selected) neighbours[f.to] = true;
        if (f.to === selected) neighbours[f.from] = true;
      });
    }
    svgs.forEach(function (svg) {
      svg.classList.toggle("has-sel", !!selected);
      $$("g.edge, g.edge-label", svg).forEach(function (g) {
        var on = !!selected && (g.getAttribute("data-from") === selected || g.getAttribute("data-to") === selected);
        g.classList.toggle("hl", on);
      });
      $$("g.node:not(.edge-label)", svg).forEach(function (g) {
        var p = g.getAttribute("data-pid");
        g.classList.toggle("hl", !!selected && !!p && !!neighbours[p]);
        g.classList.toggle("sel", !!selected && p === selected);
      });
    });
    $$("tr.prow").forEach(function (tr) { tr.classList.toggle("sel", !!selected && tr.getAttribute("data-pid") === selected); });
    if (flowTable) {
      flowTable.classList.toggle("has-sel", !!selected);
      $$("tr.frow", flowTable).forEach(function (tr) {
        tr.classList.toggle("hl", !!selected && (tr.getAttribute("data-from") === selected || tr.getAttribute("data-to") === selected));
      });
    }
    $$(".pbar").forEach(function (g) { g.classList.toggle("hl", !!selected && g.getAttribute("data-pid") === selected); });
    if (selLabel) selLabel.textContent = selected ? (T.selected || "") + people[selected].name : "";
    if (clearBtn) clearBtn.hidden = !selected;
    document.body.classList.toggle("has-selection", !!selected);
  }

  document.addEventListener("click", function (ev) {
    var el = ev.target;
    if (!(el instanceof Element)) return;
    if (el.closest("a[href]") || el.closest("input, button, label, summary")) return;
    var holder = el.closest("[data-pid]");
    if (holder && holder.closest("svg.diagram, .pbar, .who, tr.prow")) {
      var pid = holder.getAttribute("data-pid");
      if (people[pid]) {
        select(pid);
        if (!holder.closest("svg.diagram") && holder.closest("#map") === null) {
          // A click in a table shows the result on the map when the map is out of view.
          var map = document.getElementById("map");
          if (map && map.getBoundingClientRect().bottom < 0 && ev.detail > 1) map.scrollIntoView();
        }
      }
      return;
    }
    if (el.closest("svg.diagram") && selected) select(null);
  });
  if (clearBtn) clearBtn.addEventListener("click", function () { select(null); });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && selected) select(null); });

  /* ---------- kind filter ---------- */
  var shownLabel = document.getElementById("flows-shown");
  function applyKinds() {
    var off = {};
    $$("input[data-kind]").forEach(function (cb) { if (!cb.checked) off[cb.getAttribute("data-kind")] = true; });
    svgs.forEach(function (svg) {
      $$("g.edge, g.edge-label", svg).forEach(function (g) {
        var ks = (g.getAttribute("data-kinds") || "").split(" ").filter(Boolean);
        var hide = ks.length > 0 && ks.every(function (k) { return off[k]; });
        g.classList.toggle("kind-off", hide);
      });
    });
    var n = 0, total = 0;
    $$("tr.frow").forEach(function (tr) {
      var hide = !!off[tr.getAttribute("data-kind")];
      tr.classList.toggle("kind-off", hide);
      total += 1; if (!hide) n += 1;
    });
    if (shownLabel && T.flows_shown) shownLabel.textContent = T.flows_shown.replace("{n}", n).replace("{total}", total);
  }
  $$("input[data-kind]").forEach(function (cb) { cb.addEventListener("change", applyKinds); });

  /* ---------- search ---------- */
  var search = document.getElementById("search");
  function norm(s) { return (s || "").toLowerCase().replace(/\s+/g, ""); }
  function applySearch() {
    var q = norm(search ? search.value : "");
    var hits = {};
    Object.keys(people).forEach(function (pid) {
      if (q && (norm(people[pid].name).indexOf(q) >= 0 || pid.indexOf(q) >= 0)) hits[pid] = true;
    });
    svgs.forEach(function (svg) {
      svg.classList.toggle("has-search", !!q);
      $$("g.node", svg).forEach(function (g) { g.classList.toggle("match", !!q && !!hits[g.getAttribute("data-pid")]); });
    });
    $$(".ptable tr.prow").forEach(function (tr) { tr.classList.toggle("search-miss", !!q && !hits[tr.getAttribute("data-pid")]); });
    return Object.keys(hits);
  }
  if (search) {
    search.addEventListener("input", applySearch);
    search.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { var hits = applySearch(); if (hits.length) select(hits[0]); }
      if (ev.key === "Escape") { search.value = ""; applySearch(); }
    });
  }

  /* ---------- tooltips ---------- */
  var tip = document.getElementById("tooltip");
  function showTip(ev, lines) {
    if (!tip) return;
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    lines.forEach(function (line, i) {
      var el = document.createElement(i === 0 ? "b" : "div");
      el.textContent = line;
      tip.appendChild(el);
    });
    tip.hidden = false;
    var x = ev.clientX + 14, y = ev.clientY + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = ev.clientX - w - 14;
    if (y + h > window.innerHeight - 8) y = ev.clientY - h - 14;
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() { if (tip) tip.hidden = true; }
  svgs.forEach(function (svg) {
    svg.addEventListener("mousemove", function (ev) {
      var t = ev.target instanceof Element ? ev.target : null;
      var edge = t && t.closest("g.edge[data-refs], g.edge-label[data-refs]");
      var node = t && t.closest("g.node[data-pid]");
      if (edge) {
        var refs = JSON.parse(edge.getAttribute("data-refs") || "[]");
        var lines = [];
        refs.forEach(function (r) {
          var f = byRef[r];
          if (!f) return;
          if (!lines.length) lines.push(people[f.from].name + " → " + people[f.to].name);
          lines.push(f.kind_name + " · " + (f.label || "") + (f.annual ? " · " + f.annual : ""));
        });
        if (lines.length) { showTip(ev, lines); return; }
      } else if (node) {
        var p = people[node.getAttribute("data-pid")];
        showTip(ev, [p.name, (T.col_net || "") + " " + p.net]);
        return;
      }
      hideTip();
    });
    svg.addEventListener("mouseleave", hideTip);
  });

  /* ---------- layouts ---------- */
  $$(".seg-btn[data-layout]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var id = btn.getAttribute("data-layout");
      $$(".seg-btn[data-layout]").forEach(function (b) {
        var on = b === btn;
        b.classList.toggle("on", on);
        b.setAttribute("aria-selected", on ? "true" : "false");
      });
      $$(".diagram-view").forEach(function (v) { v.classList.toggle("on", v.getAttribute("data-layout") === id); });
    });
  });

  /* ---------- enlarge the diagram ---------- */
  var zoom = document.getElementById("zoom");
  var diagrams = document.querySelector(".diagrams");
  if (zoom && diagrams) {
    zoom.addEventListener("click", function () {
      var on = diagrams.classList.toggle("zoomed");
      zoom.textContent = zoom.getAttribute(on ? "data-fit" : "data-zoom");
    });
  }

  /* ---------- sortable tables ---------- */
  var collator = new Intl.Collator(DATA.lang === "en" ? "en" : "zh-Hans-CN", { numeric: true });
  function cellKey(td) {
    if (!td) return { n: null, s: "" };
    var raw = td.getAttribute("data-sort");
    var text = raw !== null ? raw : td.textContent.trim();
    var n = raw !== null ? parseFloat(raw) : NaN;
    return { n: isNaN(n) ? null : n, s: text };
  }
  $$("table.sortable").forEach(function (table) {
    var heads = $$("thead th", table);
    heads.forEach(function (th, col) {
      th.setAttribute("tabindex", "0");
      th.setAttribute("aria-sort", "none");
      function sort() {
        var asc = !th.classList.contains("asc");
        if (!th.classList.contains("asc") && !th.classList.contains("desc") && th.classList.contains("num")) asc = false;
        heads.forEach(function (h) { h.classList.remove("asc", "desc"); h.setAttribute("aria-sort", "none"); });
        th.classList.add(asc ? "asc" : "desc");
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        if (!body) return;
        var rows = Array.prototype.slice.call(body.rows).map(function (tr, i) { return { tr: tr, i: i, k: cellKey(tr.cells[col]) }; });
        rows.sort(function (a, b) {
          var d;
          if (a.k.n !== null && b.k.n !== null) d = a.k.n - b.k.n;
          else d = collator.compare(a.k.s, b.k.s);
          if (!asc) d = -d;
          return d !== 0 ? d : a.i - b.i;
        });
        rows.forEach(function (r) { body.appendChild(r.tr); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); sort(); } });
    });
  });

  /* ---------- print: open folded sections ---------- */
  window.addEventListener("beforeprint", function () { $$("details").forEach(function (d) { d.setAttribute("open", ""); }); });

  window.ecomapReport = { select: select, selected: function () { return selected; } };
})();
