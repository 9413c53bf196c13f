// newstrace's only script. No inline script anywhere (the Content-Security-Policy forbids
// it); it fetches only this app's own JSON; article text is only ever set as textContent.
"use strict";

// Highlight layers: each checkbox hides its own layer's elements ("off") and no other's.
function setupLayers() {
  document.querySelectorAll("input[data-layer]").forEach(function (box) {
    var apply = function () {
      document.querySelectorAll("#article-text .hl." + box.dataset.layer).forEach(function (el) {
        el.classList.toggle("off", !box.checked);
      });
    };
    box.addEventListener("change", apply);
    apply();
  });
}

// Name boxes (data-lookup="<datalist id>"): entities whose name starts with what is typed.
function setupLookups() {
  document.querySelectorAll("input[data-lookup]").forEach(function (input) {
    var list = document.getElementById(input.dataset.lookup);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2 || !list) return;
      timer = setTimeout(function () {
        fetch("/api/entities/lookup?q=" + encodeURIComponent(text))
          .then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (body) {
            list.replaceChildren();
            body.items.forEach(function (e) {
              var opt = document.createElement("option");
              opt.value = e.id;
              opt.textContent = e.name + " (" + e.type + ", " + e.mention_count + " mentions)";
              opt.label = e.name + " (" + e.type + ", " + e.mention_count + " mentions)";
              list.appendChild(opt);
            });
          });
      }, 200);
    });
  });
}

// The events map: Leaflet on the Natural Earth outline shipped with the app (no tiles),
// event points from /api/events/points, clustered.
function parseOutline(d) {
  var rings = [];
  d.split("M").forEach(function (part) {
    if (!part) return;
    var ring = [];
    part.replace(/Z/g, "").split("L").forEach(function (xy) {
      var p = xy.split(",");
      if (p.length === 2) ring.push([90 - parseFloat(p[1]), parseFloat(p[0]) - 180]);
    });
    if (ring.length > 2) rings.push(ring);
  });
  return rings;
}

function setupMap() {
  var el = document.getElementById("event-map");
  if (!el || typeof L === "undefined") return;
  var map = L.map(el, { minZoom: 1, maxZoom: 12, worldCopyJump: false, attributionControl: false })
    .setView([20, 10], 2);
  fetch("/static/world-110m.json").then(function (r) { return r.json(); }).then(function (world) {
    world.countries.forEach(function (c) {
      L.polygon(parseOutline(c.d), { color: "#b9b3a3", weight: 0.6, fillColor: "#f4f1e8", fillOpacity: 1, interactive: false }).addTo(map);
    });
  });
  fetch("/api/events/points?" + (el.dataset.query || "")).then(function (r) { return r.json(); }).then(function (body) {
    var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
    var bounds = [];
    body.points.forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lon], { radius: 6, color: "#fff", weight: 1, fillColor: "#c0392b", fillOpacity: 0.85 });
      var box = document.createElement("div");
      var a = document.createElement("a");
      a.href = "/events/group/" + encodeURIComponent(p.group);
      a.textContent = p.type + (p.place ? " in " + p.place : "");
      box.appendChild(a);
      var info = document.createElement("div");
      info.textContent = [p.date, p.fatalities !== null ? p.fatalities + " killed" : ""].filter(Boolean).join(" · ");
      box.appendChild(info);
      m.bindPopup(box);
      cluster.addLayer(m);
      bounds.push([p.lat, p.lon]);
    });
    map.addLayer(cluster);
    if (bounds.length) map.fitBounds(bounds, { maxZoom: 6, padding: [20, 20] });
    var note = document.getElementById("map-note");
    if (note) note.textContent = body.points.length + " located event mention" + (body.points.length === 1 ? "" : "s") +
      (body.truncated ? " (the most confident; narrow the filters to see the rest)" : "") + ". Scroll or use +/- to zoom; click a cluster to open it.";
    el.dataset.ready = String(body.points.length);
  });
}

document.addEventListener("DOMContentLoaded", function () {
  setupLayers();
  setupLookups();
  setupMap();
});
