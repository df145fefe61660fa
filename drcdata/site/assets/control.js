// The day slider: picks the control_as_of answer for the day, redraws the map marks and the table,
// and keeps the day in the URL fragment (#on=YYYY-MM-DD) so the view can be shared.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("control-data").textContent);
  var DAY = 86400000;
  var first = Date.parse(data.first + "T00:00:00Z");
  var last = Date.parse(data.as_of + "T00:00:00Z");
  var changes = Object.keys(data.snapshots).sort();
  var slider = document.getElementById("day");
  var input = document.getElementById("day-input");
  var label = document.getElementById("day-label");
  var tbody = document.querySelector("#held tbody");
  var title = document.getElementById("held-title");
  slider.max = String(Math.round((last - first) / DAY));

  function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }

  function dayFromHash() {
    var match = /(?:^#|&)on=(\d{4}-\d{2}-\d{2})/.exec(location.hash);
    var ms = match ? Date.parse(match[1] + "T00:00:00Z") : NaN;
    // A day that does not exist (2025-02-30) is not quietly read as another one.
    if (isNaN(ms) || iso(ms) !== match[1]) return data.as_of;
    return iso(Math.min(Math.max(ms, first), last));
  }

  // control_as_of only changes on the days listed in `snapshots`; any other day has the answer of
  // the last change before it.
  function rowsOn(day) {
    var chosen = changes[0];
    for (var i = 0; i < changes.length && changes[i] <= day; i++) chosen = changes[i];
    // each snapshot lists indexes into data.rows, where every distinct row is stored once
    return data.snapshots[chosen].map(function (i) { return data.rows[i]; });
  }

  // Each cell carries its column's class (col-since, col-controller ...) so the stylesheet can size it.
  function cell(column, text) {
    var td = document.createElement("td");
    td.className = "col-" + column;
    td.textContent = text == null ? "" : text;
    return td;
  }

  function renderTable(day, rows) {
    title.textContent = "Held on " + day + " (" + rows.length + " periods)";
    tbody.replaceChildren();
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      tr.dataset.recordId = row.record_id;
      data.columns.forEach(function (column) {
        if (column === "record_id") {
          var td = cell(column, null), a = document.createElement("a");
          a.href = row._href; a.textContent = row.record_id; td.appendChild(a); tr.appendChild(td);
        } else {
          tr.appendChild(cell(column, row[column]));
        }
      });
      if (row._longitude === undefined) tr.classList.add("unplaced");
      tbody.appendChild(tr);
    });
  }

  var mapView = window.drcCharts.map;

  function show(day, updateHash) {
    var rows = rowsOn(day);
    slider.value = String(Math.round((Date.parse(day + "T00:00:00Z") - first) / DAY));
    input.value = day;
    label.textContent = day;
    renderTable(day, rows);
    if (updateHash) history.replaceState(null, "", "#on=" + day);
    var placed = rows.filter(function (r) { return r._longitude !== undefined; });
    return mapView.then(function (view) {
      return view.data("control", placed).runAsync();
    }).then(function () {
      // When the page first answers (map and table drawn): read by benchmarks/site.py.
      if (window.drcInteractiveMs === undefined) window.drcInteractiveMs = performance.now();
      document.body.dataset.shownDay = day;
    });
  }

  slider.addEventListener("input", function () { show(iso(first + Number(slider.value) * DAY), true); });
  input.addEventListener("change", function () { if (input.value) show(input.value, true); });
  window.addEventListener("hashchange", function () { show(dayFromHash(), false); });
  show(dayFromHash(), false);
})();
