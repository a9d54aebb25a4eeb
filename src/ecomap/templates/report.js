/* ecomap report: selection, kind filter, search, tooltips, sortable tables, layout switch.
   Vanilla JS, no network, no eval; all text goes in through textContent. */
(function () {
  "use strict";
  var dataEl = document.getElementById("ecomap-data");
  if (!dataEl) throw new Error("ecomap report: the data block #ecomap-data is missing");
  // A broken data block is a broken report: say so instead of showing an empty one.
  var DATA = JSON.parse(dataEl.textContent);
  var people = DATA.participants || {};
  var flows = DATA.flows || [];
  var T = DATA.t || {};
  var byRef = {};
  flows.forEach(function (f) { byRef[f.ref] = f; });

  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function eid(el) { return el.getAttribute("data-eid") || el.getAttribute("id") || ""; }

  /* ---------- index the diagrams: the diagram stage says which element is which ---------- */
  // DATA.diagrams[layout] maps each SVG node id to its participant and each SVG edge id to
  // the refs of the flows it draws and its two ends; nothing is guessed from positions.
  var svgs = $$("svg.diagram");
  svgs.forEach(function (svg) {
    var view = svg.closest(".diagram-view");
    var ids = (DATA.diagrams || {})[view ? view.getAttribute("data-layout") : ""] || { nodes: {}, edges: {} };
    $$("g.node", svg).forEach(function (g) {
      var pid = ids.nodes[eid(g)];
      if (pid && people[pid]) { g.setAttribute("data-pid", pid); g.classList.add("clickable"); }
    });
    var edgeById = {};
    $$("g.edge", svg).forEach(function (g) {
      var e = ids.edges[eid(g)];
      if (!e) return;
      edgeById[eid(g)] = g;
      g.setAttribute("data-from", e.from);
      g.setAttribute("data-to", e.to);
      g.setAttribute("data-refs", JSON.stringify(e.refs));
      g.setAttribute("data-kinds", e.kinds.join(" "));
    });
    // Edge labels drawn as nodes of their own (radial layout): "label-<edge id>" follows its edge.
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

  var selectedFlow = null;

  function edgeRefs(g) {
    try { return JSON.parse(g.getAttribute("data-refs") || "[]"); } catch (e) { return []; }
  }

  /* A flow (a row of the flow table): its edge on every diagram, and its row. */
  function selectFlow(ref) {
    if (ref && ref === selectedFlow) ref = null;
    if (ref && selected) select(null);
    selectedFlow = ref && byRef[ref] ? ref : null;
    svgs.forEach(function (svg) {
      svg.classList.toggle("has-sel", !!selectedFlow);
      $$("g.edge, g.edge-label", svg).forEach(function (g) {
        g.classList.toggle("hl", !!selectedFlow && edgeRefs(g).indexOf(selectedFlow) >= 0);
      });
      $$("g.node:not(.edge-label)", svg).forEach(function (g) {
        var p = g.getAttribute("data-pid");
        var f = selectedFlow ? byRef[selectedFlow] : null;
        g.classList.toggle("hl", !!f && (p === f.from || p === f.to));
        g.classList.remove("sel");
      });
    });
    if (flowTable) {
      flowTable.classList.toggle("has-sel", !!selectedFlow);
      $$("tr.frow", flowTable).forEach(function (tr) {
        tr.classList.toggle("hl", !!selectedFlow && tr.getAttribute("data-ref") === selectedFlow);
      });
    }
    if (selLabel) selLabel.textContent = selectedFlow ? (T.selected || "") + byRef[selectedFlow].label : "";
    if (clearBtn) clearBtn.hidden = !selectedFlow;
    document.body.classList.toggle("has-selection", !!selectedFlow);
  }

  function select(pid) {
    if (pid && pid === selected) pid = null;
    if (pid && selectedFlow) selectFlow(null);
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
    var row = el.closest("tr.frow[data-ref]");
    if (row) { selectFlow(row.getAttribute("data-ref")); return; }
    if (el.closest("svg.diagram") && selected) select(null);
    if (el.closest("svg.diagram") && selectedFlow) selectFlow(null);
  });
  function clearAll() { if (selected) select(null); if (selectedFlow) selectFlow(null); }
  if (clearBtn) clearBtn.addEventListener("click", clearAll);
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") clearAll(); });

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
        var refs = edgeRefs(edge);
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

  window.ecomapReport = { select: select, selected: function () { return selected; },
                          selectFlow: selectFlow, selectedFlow: function () { return selectedFlow; } };
})();
