/* watchgraph page: draws the network and shows a details panel for a node or a line.
   Every string from the data goes into the page as text (textContent), never as markup. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("wg-data").textContent);
  var container = document.getElementById("wg-network");
  var tip = document.getElementById("wg-tip");
  var details = null;  /* tooltips and sources: parsed on first use, not before drawing */
  var sources = {};
  function detailsFor(kind, id) {
    if (!details) {
      details = JSON.parse(document.getElementById("wg-details").textContent);
      details.sources.forEach(function (s) { sources[s.n] = s; });
    }
    return details[kind][id];
  }
  data.nodes.forEach(function (n) {
    var t = data.types[n.t];
    n.color = t.color;
    n.font = Object.assign({}, t.font, n.font);
  });
  data.edges.forEach(function (e) {
    var s = data.statuses[e.s];
    e.dashes = s.dashes;
    e.width = s.width;
    e.color = { color: s.color, highlight: "#000000", hover: "#000000", inherit: false };
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var state = { network: network, nodes: nodes, edges: edges, ready: false, shown: null };
  window.watchgraph = state;
  var pinned = false;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function link(url) {
    if (!url || !/^https?:\/\//i.test(url)) { return null; }
    var a = el("a", "", url);
    a.href = url;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    return a;
  }

  function sourceItem(n) {
    var s = sources[n];
    var li = el("li");
    li.value = n;
    li.appendChild(document.createTextNode(
      s.publisher + ", \u201c" + s.title + "\u201d" + (s.date ? " (" + s.date + ")" : "") + "."));
    var a = link(s.url);
    if (a) { li.appendChild(document.createTextNode(" ")); li.appendChild(a); }
    return li;
  }

  function fill(info) {
    tip.replaceChildren();
    var close = el("button", "wg-close", "\u00d7");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", hide);
    tip.appendChild(close);
    if (info.type) {  // a relationship: its status first, as strong as its sources say
      tip.appendChild(el("p", "tip-status status-" + info.status,
                         info.status + ": " + (details.words.statuses[info.status] || "")));
    }
    tip.appendChild(el("h3", "", info.title));
    var dl = el("dl");
    var rows = info.rows;
    if (info.type) {
      rows = [["type", details.words.types[info.type] + " (" + info.type + ")"]].concat(rows);
    }
    rows.forEach(function (row) {
      dl.appendChild(el("dt", "", row[0]));
      dl.appendChild(el("dd", "", row[1]));
    });
    tip.appendChild(dl);
    if (info.text) { tip.appendChild(el("p", "", info.text)); }
    var own = link(info.url);
    if (own) { var p = el("p"); p.appendChild(own); tip.appendChild(p); }
    if (info.citations && info.citations.length) {
      tip.appendChild(el("h4", "", "Evidence"));
      var ul = el("ul", "wg-citations");
      info.citations.forEach(function (c) {
        var li = el("li");
        li.appendChild(el("span", c.stance === "disputes" ? "wg-disputes" : "",
          "[" + c.n + "] " + (c.stance || "supports") +
          (c.locator ? ", " + c.locator : "") + ": "));
        li.appendChild(document.createTextNode((c.note || "") + (c.quote ? " (\u201c" + c.quote + "\u201d)" : "")));
        ul.appendChild(li);
      });
      tip.appendChild(ul);
    }
    if (info.sources.length) {
      tip.appendChild(el("h4", "", "Sources"));
      var ol = el("ol", "wg-tip-sources");
      info.sources.forEach(function (n) { ol.appendChild(sourceItem(n)); });
      tip.appendChild(ol);
    }
  }

  function place(pointer) {
    var width = container.clientWidth, height = container.clientHeight;
    if (width < 600 || !pointer) {
      tip.classList.add("wg-sheet");
      return;
    }
    tip.classList.remove("wg-sheet");
    var x = Math.min(pointer.x + 14, width - tip.offsetWidth - 8);
    var y = Math.min(pointer.y + 14, height - tip.offsetHeight - 8);
    tip.style.left = Math.max(8, x) + "px";
    tip.style.top = Math.max(8, y) + "px";
  }

  function show(kind, id, pointer) {
    var info = detailsFor(kind, id);
    if (!info) { return; }
    fill(info);
    tip.hidden = false;
    tip.setAttribute("data-kind", kind);
    tip.setAttribute("data-id", id);
    state.shown = { kind: kind, id: id };
    place(pointer);
  }

  function hide() {
    tip.hidden = true;
    pinned = false;
    state.shown = null;
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      pinned = true;
      show("nodes", params.nodes[0], params.pointer.DOM);
    } else if (params.edges.length) {
      pinned = true;
      show("edges", params.edges[0], params.pointer.DOM);
    } else {
      hide();
    }
  });
  network.on("hoverNode", function (params) {
    if (!pinned) { show("nodes", params.node, params.pointer.DOM); }
  });
  network.on("hoverEdge", function (params) {
    if (!pinned) { show("edges", params.edge, params.pointer.DOM); }
  });
  network.on("blurNode", function () { if (!pinned) { hide(); } });
  network.on("blurEdge", function () { if (!pinned) { hide(); } });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hide(); }
  });

  /* A tall stage (a phone) shows a wide drawing small: turn the drawing a quarter. */
  function orient() {
    var ids = nodes.getIds();
    if (ids.length < 3) { return; }
    var pos = network.getPositions(ids);
    var xs = ids.map(function (id) { return pos[id].x; });
    var ys = ids.map(function (id) { return pos[id].y; });
    var wide = Math.max.apply(null, xs) - Math.min.apply(null, xs);
    var tall = Math.max.apply(null, ys) - Math.min.apply(null, ys);
    var stageTall = container.clientHeight > container.clientWidth * 1.2;
    var stageWide = container.clientWidth > container.clientHeight * 1.2;
    if ((stageTall && wide > tall * 1.2) || (stageWide && tall > wide * 1.2)) {
      nodes.update(ids.map(function (id) { return { id: id, x: pos[id].y, y: pos[id].x }; }));
    }
    network.fit();
  }

  function ready() {
    orient();
    network.once("afterDrawing", function () { state.ready = true; });
    network.redraw();
  }
  if (data.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      ready();
    });
  } else {
    ready();
  }
}());
