// dealgraph explorer: plain JavaScript, no build step. Talks to the JSON
// endpoints of queries/httpapi and draws with cytoscape (vendored).
(function () {
  "use strict";

  var COLORS = {
    Organization: "#4e79a7", Country: "#59a14f", Person: "#f28e2b", Deal: "#e15759",
    Product: "#b07aa1", Event: "#76b7b2", Document: "#9c755f", "": "#9aa5b1"
  };
  var $ = function (id) { return document.getElementById(id); };

  // el builds an element; children are nodes or strings (set as text, never HTML).
  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "class") { e.className = attrs[k]; }
        else if (k === "text") { e.textContent = attrs[k]; }
        else if (k.slice(0, 2) === "on") { e.addEventListener(k.slice(2), attrs[k]); }
        else { e.setAttribute(k, attrs[k]); }
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) { continue; }
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return e;
  }

  function showError(msg) {
    var box = $("error");
    box.textContent = msg;
    box.hidden = false;
    clearTimeout(showError.t);
    showError.t = setTimeout(function () { box.hidden = true; }, 6000);
  }

  function status(msg) { $("status").textContent = msg || ""; }

  // api fetches JSON; errors (the server's {"error": ...}) reject with the message.
  function api(path, opts) {
    return fetch(path, opts).then(function (r) {
      return r.text().then(function (t) {
        var body;
        try { body = t ? JSON.parse(t) : null; } catch (e) { body = { error: t }; }
        if (!r.ok) {
          var err = new Error((body && body.error) || ("HTTP " + r.status));
          err.status = r.status;
          throw err;
        }
        return body;
      });
    });
  }

  function q(params) {
    return Object.keys(params).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]);
    }).join("&");
  }

  // ---- graph --------------------------------------------------------------

  var cy = cytoscape({
    container: $("cy"),
    wheelSensitivity: 0.3,
    minZoom: 0.15,
    maxZoom: 2,
    style: [
      { selector: "node", style: {
        "background-color": function (n) { return COLORS[n.data("type")] || COLORS[""]; },
        "label": "data(label)", "font-size": 11, "color": "#223",
        "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 140,
        "width": 22, "height": 22, "border-width": 1, "border-color": "#fff"
      } },
      { selector: "node[type = 'Deal']", style: { "shape": "round-diamond", "width": 18, "height": 18, "font-size": 9, "color": "#7a2a22" } },
      { selector: "node[type = 'Country']", style: { "shape": "round-rectangle" } },
      { selector: "node.root", style: { "width": 34, "height": 34, "border-width": 3, "border-color": "#20324a", "font-weight": "bold", "font-size": 13 } },
      { selector: "node.expanded", style: { "border-width": 2, "border-color": "#20324a" } },
      { selector: "node:selected", style: { "overlay-color": "#4e79a7", "overlay-opacity": 0.2 } },
      { selector: "edge", style: {
        "width": 1.4, "line-color": "#b8c2cc", "curve-style": "bezier",
        "target-arrow-shape": "triangle", "target-arrow-color": "#b8c2cc", "arrow-scale": 0.8,
        "label": "data(label)", "font-size": 8, "color": "#667", "text-rotation": "autorotate",
        "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1
      } },
      { selector: "edge[pred = 'buyer']", style: { "line-color": "#e15759", "target-arrow-color": "#e15759" } },
      { selector: "edge[pred = 'partner']", style: { "line-color": "#4e79a7", "target-arrow-color": "#4e79a7" } },
      { selector: "edge[pred = 'country']", style: { "line-color": "#59a14f", "target-arrow-color": "#59a14f", "line-style": "dashed" } },
      { selector: ".path", style: { "line-color": "#ff9f1c", "target-arrow-color": "#ff9f1c", "width": 4, "border-color": "#ff9f1c", "border-width": 3 } }
    ]
  });

  function legend() {
    var box = $("legend");
    ["Organization", "Country", "Person", "Deal", "Product"].forEach(function (t) {
      var s = el("span", { text: t });
      s.style.setProperty("--c", COLORS[t]);
      box.appendChild(s);
    });
  }

  function layout(fit) {
    cy.layout({ name: "cose", animate: false, fit: fit !== false, padding: 40, nodeRepulsion: function () { return 9000; },
      idealEdgeLength: function () { return 90; }, randomize: false, numIter: 1500 }).run();
  }

  // addSubgraph adds nodes and edges the server sent; returns how many nodes were new.
  function addSubgraph(sg, near) {
    var added = 0;
    var pos = near ? near.position() : null;
    sg.nodes.forEach(function (n) {
      if (cy.getElementById(n.id).nonempty()) { return; }
      var spec = { group: "nodes", data: { id: n.id, label: n.label, type: n.type, degree: n.degree || 0 } };
      if (pos) { spec.position = { x: pos.x + (Math.random() - 0.5) * 80, y: pos.y + (Math.random() - 0.5) * 80 }; }
      cy.add(spec);
      added++;
    });
    sg.edges.forEach(function (e) {
      if (cy.getElementById(e.id).nonempty()) { return; }
      cy.add({ group: "edges", data: { id: e.id, source: e.source, target: e.target, label: e.label, pred: e.pred } });
    });
    return added;
  }

  var state = { root: null, expanded: {} };

  function openEntity(id) {
    status("loading…");
    $("suggestions").hidden = true;
    return api("/api/neighbours?" + q({ id: id, depth: 2 })).then(function (sg) {
      cy.elements().remove();
      state.root = id;
      state.expanded = {};
      state.expanded[id] = true;
      addSubgraph(sg);
      cy.getElementById(id).addClass("root expanded");
      layout();
      status(sg.nodes.length + " nodes" + (sg.truncated ? " (truncated)" : ""));
      return showCard(id);
    }).catch(function (e) { status(""); showError(e.message); });
  }

  function expand(id) {
    var node = cy.getElementById(id);
    if (state.expanded[id]) { return Promise.resolve(0); }
    state.expanded[id] = true;
    status("expanding…");
    return api("/api/neighbours?" + q({ id: id, depth: 1 })).then(function (sg) {
      var n = addSubgraph(sg, node);
      node.addClass("expanded");
      if (n > 0) { layout(false); }
      status(cy.nodes().length + " nodes (+" + n + ")");
      return n;
    }).catch(function (e) { state.expanded[id] = false; status(""); showError(e.message); });
  }

  cy.on("tap", "node", function (ev) {
    var id = ev.target.id();
    showCard(id);
    expand(id);
  });

  // ---- the entity card ---------------------------------------------------------

  function refLink(r) {
    if (!r.id) { return el("span", { text: r.name }); }
    return el("a", { "class": "ref", href: "#", "data-id": r.id, text: r.name, onclick: function (e) { e.preventDefault(); openEntity(r.id); } });
  }

  function refList(rs) {
    var span = el("span");
    rs.forEach(function (r, i) {
      if (i > 0) { span.appendChild(document.createTextNode("、")); }
      span.appendChild(refLink(r));
    });
    return span;
  }

  function section(title, content) { return content ? [el("h3", { text: title }), content] : []; }

  function showCard(id) {
    selectTab("card");
    return api("/api/entity?" + q({ id: id })).then(function (c) {
      var box = $("card");
      box.textContent = "";
      var badge = el("span", { "class": "badge", text: c.type || "node" });
      badge.style.background = COLORS[c.type] || COLORS[""];
      box.appendChild(el("h2", null, badge, c.name));
      if (c.altNames.length) { box.appendChild(el("div", { "class": "alts", text: "also: " + c.altNames.join(" · ") })); }
      var parts = [];
      if (c.identifiers && c.identifiers.length) { parts = parts.concat(section("identifier", el("div", { text: c.identifiers.join(", ") }))); }
      if (c.jobTitles && c.jobTitles.length) { parts = parts.concat(section("title", el("div", { text: c.jobTitles.join("、") }))); }
      if (c.countries.length) { parts = parts.concat(section("country", refList(c.countries))); }
      if (c.parents.length) { parts = parts.concat(section("parent organization", refList(c.parents))); }
      if (c.subsidiaries.length) { parts = parts.concat(section("subsidiaries", refList(c.subsidiaries))); }
      if (c.worksFor.length) { parts = parts.concat(section("works for", refList(c.worksFor))); }
      if (c.people.length) {
        var ul = el("ul");
        c.people.forEach(function (p) { ul.appendChild(el("li", null, refLink(p), p.jobTitles && p.jobTitles.length ? " — " + p.jobTitles.join("、") : "")); });
        parts = parts.concat(section("people", ul));
      }
      if (c.organizations.length) { parts = parts.concat(section("organizations based here", refList(c.organizations))); }
      if (c.deals.length) {
        var ds = el("div");
        c.deals.forEach(function (d) { ds.appendChild(dealBox(d)); });
        parts = parts.concat(section("deals (" + c.deals.length + ")", ds));
      }
      if (c.evidence.length) {
        var ev = el("div");
        c.evidence.forEach(function (s) { ev.appendChild(el("blockquote", { text: s })); });
        parts = parts.concat(section("evidence", ev));
      }
      if (c.documents.length) {
        var dl = el("ul", { "class": "docs" });
        c.documents.forEach(function (d) { dl.appendChild(el("li", { text: (d.title ? d.title + " — " : "") + d.id })); });
        parts = parts.concat(section("source documents", dl));
      }
      parts.forEach(function (p) { box.appendChild(p); });
      cy.$(":selected").unselect();
      cy.getElementById(id).select();
    }).catch(function (e) { showError(e.message); });
  }

  function dealBox(d) {
    var head = el("div", { "class": "head" }, (d.kind || "deal") + " (as " + d.role + ")");
    if (d.amount) {
      head.appendChild(el("span", { "class": "amount", text: d.amount.text + (d.amount.cumulative ? " (cumulative)" : "") + (d.amount.expected ? " (expected)" : "") }));
    }
    var box = el("div", { "class": "deal" }, head);
    var line = function (label, rs) { if (rs.length) { box.appendChild(el("div", null, label + ": ", refList(rs))); } };
    line("buyer", d.buyers);
    line("partner", d.partners);
    line("country", d.countries);
    line("product", d.products);
    if (d.event || d.date) { box.appendChild(el("div", { text: [d.event, d.date].filter(Boolean).join(" · ") })); }
    d.evidence.forEach(function (s) { box.appendChild(el("blockquote", { text: s })); });
    if (d.documents.length) { box.appendChild(el("div", { "class": "docs", text: d.documents.join(" ") })); }
    return box;
  }

  // ---- search and suggestions --------------------------------------------------

  function debounce(fn, ms) {
    var t;
    return function () { var a = arguments; clearTimeout(t); t = setTimeout(function () { fn.apply(null, a); }, ms); };
  }

  var sugg = { items: [], active: -1 };

  function renderSuggestions(hits) {
    var ul = $("suggestions");
    ul.textContent = "";
    sugg.items = hits;
    sugg.active = hits.length ? 0 : -1;
    hits.forEach(function (h, i) {
      var badge = el("span", { "class": "badge", text: h.type });
      badge.style.background = COLORS[h.type] || COLORS[""];
      var li = el("li", { role: "option", "data-id": h.id, onmousedown: function (e) { e.preventDefault(); choose(i); } },
        badge, el("span", { "class": "name", text: h.name }),
        h.matched !== h.name ? el("span", { "class": "alias", text: "(" + h.matched + ")" }) : null);
      if (i === 0) { li.className = "active"; }
      ul.appendChild(li);
    });
    ul.hidden = hits.length === 0;
  }

  function choose(i) {
    var h = sugg.items[i];
    if (!h) { return; }
    $("search").value = h.name;
    $("suggestions").hidden = true;
    openEntity(h.id);
  }

  var suggest = debounce(function (text) {
    if (!text.trim()) { renderSuggestions([]); return; }
    api("/api/search?" + q({ q: text, limit: 12 })).then(function (r) {
      if ($("search").value === text) { renderSuggestions(r.results); }
    }).catch(function (e) { showError(e.message); });
  }, 120);

  $("search").addEventListener("input", function (e) { suggest(e.target.value); });
  $("search").addEventListener("keydown", function (e) {
    var lis = $("suggestions").children;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!lis.length) { return; }
      if (sugg.active >= 0) { lis[sugg.active].className = ""; }
      sugg.active = (sugg.active + (e.key === "ArrowDown" ? 1 : lis.length - 1)) % lis.length;
      lis[sugg.active].className = "active";
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (sugg.active >= 0) { choose(sugg.active); }
    } else if (e.key === "Escape") {
      $("suggestions").hidden = true;
    }
  });
  $("search").addEventListener("blur", function () { setTimeout(function () { $("suggestions").hidden = true; }, 150); });

  // ---- tabs ------------------------------------------------------------------------

  function selectTab(name) {
    Array.prototype.forEach.call(document.querySelectorAll("#tabs button"), function (b) {
      b.classList.toggle("active", b.getAttribute("data-tab") === name);
    });
    ["card", "path", "gizmo"].forEach(function (t) { $("tab-" + t).hidden = t !== name; });
  }
  Array.prototype.forEach.call(document.querySelectorAll("#tabs button"), function (b) {
    b.addEventListener("click", function () { selectTab(b.getAttribute("data-tab")); });
  });

  // ---- path finder -----------------------------------------------------------------

  function datalistFor(input, listID) {
    input.addEventListener("input", debounce(function () {
      var v = input.value;
      if (!v.trim()) { return; }
      api("/api/search?" + q({ q: v, limit: 10 })).then(function (r) {
        var dl = $(listID);
        dl.textContent = "";
        r.results.forEach(function (h) { dl.appendChild(el("option", { value: h.name, label: h.type })); });
      }).catch(function () {});
    }, 150));
  }
  datalistFor($("path-from"), "path-from-list");
  datalistFor($("path-to"), "path-to-list");

  function findPath(from, to, hops) {
    var out = $("path-result");
    out.textContent = "searching…";
    return api("/api/path?" + q({ fromname: from, toname: to, maxHops: hops || 6, k: 3 })).then(function (sg) {
      out.textContent = "";
      var byId = {};
      sg.nodes.forEach(function (n) { byId[n.id] = n; });
      cy.elements().remove();
      state.root = sg.root;
      state.expanded = {};
      addSubgraph(sg);
      sg.paths.forEach(function (p, i) {
        var div = el("div", { "class": "path" }, el("strong", { text: "path " + (i + 1) + " (" + p.length + " hops): " }));
        var at = sg.root;
        div.appendChild(refLink({ id: at, name: byId[at].label }));
        p.forEach(function (ei) {
          var e = sg.edges[ei];
          var next = e.source === at ? e.target : e.source;
          var arrow = e.source === at ? "—" + e.label + "→" : "←" + e.label + "—";
          div.appendChild(el("span", { "class": "edge", text: arrow }));
          div.appendChild(refLink({ id: next, name: byId[next].label }));
          if (i === 0) { cy.getElementById(e.id).addClass("path"); }
          at = next;
        });
        out.appendChild(div);
      });
      cy.getElementById(sg.root).addClass("root");
      layout();
      status("path: " + sg.paths.length + " shortest path(s)");
    }).catch(function (e) { out.textContent = ""; out.appendChild(el("p", { "class": "error", text: e.message })); });
  }

  $("path-form").addEventListener("submit", function (e) {
    e.preventDefault();
    findPath($("path-from").value.trim(), $("path-to").value.trim(), $("path-hops").value);
  });

  // ---- Gizmo console ----------------------------------------------------------------

  function cellText(v) {
    if (v === null || v === undefined) { return ""; }
    if (typeof v === "object") { return JSON.stringify(v); }
    return String(v);
  }

  // label of a node value: the IRI's last segment, decoded ("中粮集团").
  function valueLabel(v) {
    var s = String(v);
    if (s.charAt(0) === "<" && s.charAt(s.length - 1) === ">") {
      s = s.slice(1, -1);
      var i = Math.max(s.lastIndexOf("/"), s.lastIndexOf("#"));
      try { return decodeURIComponent(s.slice(i + 1)); } catch (e) { return s.slice(i + 1); }
    }
    return s;
  }

  function nodeID(v) {
    var s = String(v);
    return s.charAt(0) === "<" ? s.slice(1, -1) : "lit:" + s;
  }

  function runGizmo(src) {
    var out = $("gizmo-result");
    out.textContent = "running…";
    return api("/api/v1/query/gizmo", { method: "POST", body: src }).then(function (r) {
      out.textContent = "";
      var rows = r.result || [];
      var cols = [];
      rows.forEach(function (row) { Object.keys(row).forEach(function (k) { if (cols.indexOf(k) < 0) { cols.push(k); } }); });
      cols.sort(function (a, b) { return (a === "id" ? -1 : 0) - (b === "id" ? -1 : 0) || a.localeCompare(b); });
      out.appendChild(el("p", { "class": "hint", text: rows.length + " row(s)" }));
      var table = el("table", null, el("thead", null, el("tr", null)));
      cols.forEach(function (c) { table.tHead.rows[0].appendChild(el("th", { text: c })); });
      var tb = el("tbody");
      rows.forEach(function (row) {
        var tr = el("tr");
        cols.forEach(function (c) { tr.appendChild(el("td", { text: cellText(row[c]) })); });
        tb.appendChild(tr);
      });
      table.appendChild(tb);
      out.appendChild(table);
      if (cols.indexOf("source") >= 0 && cols.indexOf("target") >= 0) {
        var sg = { nodes: [], edges: [] };
        var seen = {};
        rows.forEach(function (row) {
          if (row.source === undefined || row.target === undefined) { return; }
          [row.source, row.target].forEach(function (v) {
            var id = nodeID(v);
            if (!seen[id]) { seen[id] = true; sg.nodes.push({ id: id, label: valueLabel(v), type: "" }); }
          });
          var label = row.label !== undefined ? cellText(row.label) : "";
          sg.edges.push({ id: "q:" + nodeID(row.source) + " " + label + " " + nodeID(row.target), source: nodeID(row.source), target: nodeID(row.target), label: label, pred: "" });
        });
        var ids = sg.nodes.filter(function (n) { return n.id.slice(0, 4) !== "lit:"; }).map(function (n) { return n.id; });
        return api("/api/nodes", { method: "POST", body: JSON.stringify({ ids: ids.slice(0, 1000) }) }).then(function (named) {
          var byId = {};
          named.forEach(function (n) { byId[n.id] = n; });
          sg.nodes.forEach(function (n) {
            if (byId[n.id]) { n.label = byId[n.id].label; n.type = byId[n.id].type; }
          });
        }).catch(function () {}).then(function () {
          cy.elements().remove();
          state.root = null;
          state.expanded = {};
          addSubgraph(sg);
          layout();
          status("query graph: " + sg.nodes.length + " nodes");
        });
      }
    }).catch(function (e) { out.textContent = ""; out.appendChild(el("p", { "class": "error", text: e.message })); });
  }

  $("gizmo-run").addEventListener("click", function () { runGizmo($("gizmo").value); });
  $("gizmo").addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); runGizmo($("gizmo").value); }
  });

  api("/api/named").then(function (list) {
    var sel = $("named");
    list.forEach(function (n) { sel.appendChild(el("option", { value: n.name, text: n.usage + " — " + n.description })); });
    sel.addEventListener("change", function () {
      var n = sel.value;
      if (!n) { return; }
      var args = window.prompt("arguments for " + n + " (separated by spaces)", "中粮集团");
      if (args === null) { return; }
      var out = $("gizmo-result");
      api("/api/named/" + encodeURIComponent(n) + "?" + args.trim().split(/\s+/).filter(Boolean).map(function (a) { return "arg=" + encodeURIComponent(a); }).join("&")).then(function (r) {
        out.textContent = "";
        var table = el("table", null, el("thead", null, el("tr")));
        r.columns.forEach(function (c) { table.tHead.rows[0].appendChild(el("th", { text: c })); });
        var tb = el("tbody");
        r.rows.forEach(function (row) {
          var tr = el("tr");
          r.columns.forEach(function (c) { tr.appendChild(el("td", { text: cellText(row[c]) })); });
          tb.appendChild(tr);
        });
        table.appendChild(tb);
        out.appendChild(el("p", { "class": "hint", text: n + ": " + r.rows.length + " row(s)" }));
        out.appendChild(table);
      }).catch(function (e) { showError(e.message); });
      sel.value = "";
    });
  }).catch(function () {});

  legend();
  api("/api/status").then(function (s) {
    status(s.quads + " quads, " + s.documents + " documents" + (s.writable ? ", writable" : ""));
  }).catch(function () {});

  // For scripts and the browser test.
  window.explorer = { cy: cy, openEntity: openEntity, expand: expand, findPath: findPath, runGizmo: runGizmo, state: state };
})();
