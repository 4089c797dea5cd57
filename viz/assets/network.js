// dutygraph network widget: search, filters, details. Every text from the documents is set with
// textContent (never innerHTML), so document content is shown, never run.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dg-data").textContent);

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function byId(id) { return document.getElementById(id); }

  var status = byId("dg-status");
  var notices = byId("dg-notices");
  data.notices.forEach(function (text) { notices.appendChild(el("p", "dg-notice", text)); });
  byId("dg-heading").textContent = data.heading;
  byId("dg-summary").textContent = data.summary;

  // ---- filters ----------------------------------------------------------------------------
  var selected = {};
  function addFilter(name, label, values, labels) {
    if (values.length < 2) { selected[name] = null; return; }
    selected[name] = new Set(values);
    var box = el("fieldset", "dg-filter");
    box.appendChild(el("legend", null, label));
    values.forEach(function (value) {
      var row = el("label", "dg-check");
      var input = el("input");
      input.type = "checkbox";
      input.checked = true;
      input.dataset.filter = name;
      input.addEventListener("change", function () {
        if (input.checked) selected[name].add(value); else selected[name].delete(value);
        refresh();
      });
      row.appendChild(input);
      row.appendChild(el("span", null, labels ? labels[value] : value));
      box.appendChild(row);
    });
    byId("dg-filters").appendChild(box);
  }
  var ui = data.ui;
  function say(key, n) { return ui[key].replace("{n}", String(n)); }
  addFilter("kind", ui.filter_kind, data.filters.kinds, data.kindLabels);
  addFilter("plan", ui.filter_plan, data.filters.plans, data.planLabels);
  addFilter("issuer", ui.filter_issuer, data.filters.issuers);
  addFilter("role", ui.filter_role, data.filters.roles, data.roleLabels);

  function any(values, set) {
    if (!set || !values || values.length === 0) return true;
    for (var i = 0; i < values.length; i++) if (set.has(values[i])) return true;
    return false;
  }
  function nodeShown(node) {
    return (!selected.kind || selected.kind.has(node.kind)) && any(node.plans, selected.plan) &&
      any(node.issuers, selected.issuer) && (!node.roles || any(node.roles, selected.role));
  }
  function edgeShown(edge) {
    return (!edge.role || !selected.role || selected.role.has(edge.role)) && any(edge.plans, selected.plan);
  }

  // ---- legend -----------------------------------------------------------------------------
  var legend = byId("dg-legend");
  data.legend.forEach(function (entry) {
    var row = el("div", "dg-legend-row");
    var swatch = el("span", "dg-swatch dg-swatch-" + entry.shape);
    swatch.style.background = entry.color;
    swatch.style.borderColor = entry.border;
    if (entry.line) { swatch.className = "dg-swatch-line"; swatch.style.borderTopStyle = entry.line; swatch.style.background = "none"; }
    row.appendChild(swatch);
    row.appendChild(el("span", null, entry.label));
    legend.appendChild(row);
  });

  // ---- the network ------------------------------------------------------------------------
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var nodeView = new vis.DataView(nodes, { filter: nodeShown });
  var edgeView = new vis.DataView(edges, { filter: edgeShown });
  var container = byId("dg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  window.network = network;
  window.dutygraph = { ready: false, readyAt: null, nodes: nodes, edges: edges, shown: function () { return nodeView.length; } };

  // the print stylesheet shows this picture of the network in place of the canvas
  var printImage = byId("dg-print-image");
  function snapshot() {
    var canvas = container.querySelector("canvas");
    if (!printImage || !canvas || !canvas.width || !canvas.offsetWidth) return;  // hidden (printing): keep the last
    try { printImage.src = canvas.toDataURL("image/png"); } catch (e) { /* tainted: no picture */ }
  }
  window.addEventListener("beforeprint", function () {
    snapshot();
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
  function settled() {
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    window.dutygraph.ready = true;
    window.dutygraph.readyAt = performance.now();
    status.textContent = say("settled", nodeView.length);
    network.once("afterDrawing", snapshot);
    network.redraw();
  }
  status.textContent = say("laying_out", nodeView.length);
  network.once("stabilizationIterationsDone", settled);
  if (!data.options.physics.enabled) settled();

  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    status.textContent = say("shown", nodeView.length);
    runSearch();
  }

  // ---- details ----------------------------------------------------------------------------
  var details = byId("dg-details-body");
  function showDetails(id) {
    var node = nodes.get(id);
    if (!node) return;
    clear(details);
    details.appendChild(el("h2", null, node.title));
    details.appendChild(el("p", "dg-kind", data.kindLabels[node.kind] || node.kind));
    node.details.forEach(function (block) {
      details.appendChild(el("h3", null, block.heading));
      if (block.rows) {
        var list = el("dl");
        block.rows.forEach(function (row) {
          list.appendChild(el("dt", null, row[0]));
          list.appendChild(el("dd", null, row[1]));
        });
        details.appendChild(list);
      } else {
        var items = el("ul");
        block.lines.forEach(function (line) { items.appendChild(el("li", null, line)); });
        details.appendChild(items);
      }
    });
  }
  function showEdge(id) {
    var edge = edges.get(id);
    if (!edge || !edge.title) return;
    clear(details);
    details.appendChild(el("h2", null, data.roleLabels[edge.kind] || edge.kind));
    details.appendChild(el("p", null, edge.title));
  }
  network.on("click", function (params) {
    if (params.nodes.length) showDetails(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // ---- search -----------------------------------------------------------------------------
  var search = byId("dg-search");
  var results = byId("dg-results");
  var count = byId("dg-count");
  function pick(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showDetails(id);
  }
  function runSearch() {
    clear(results);
    var query = search.value.trim().toLowerCase();
    if (!query) { count.textContent = ""; return []; }
    var found = nodeView.get({ filter: function (node) { return node.search.toLowerCase().indexOf(query) >= 0; } });
    found.sort(function (a, b) { return (a.label.length - b.label.length) || (a.label < b.label ? -1 : 1); });
    count.textContent = say(found.length === 1 ? "match" : "matches", found.length);
    found.slice(0, 50).forEach(function (node) {
      var row = el("li", "dg-result");
      row.appendChild(el("span", "dg-result-kind", data.kindLabels[node.kind] || node.kind));
      row.appendChild(el("span", null, node.label));
      row.addEventListener("click", function () { pick(node.id); });
      results.appendChild(row);
    });
    network.selectNodes(found.slice(0, 200).map(function (node) { return node.id; }));
    return found;
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { var found = runSearch(); if (found.length) pick(found[0].id); }
  });
})();
