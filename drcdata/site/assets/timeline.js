// Filter the timeline by kind and process: the chart (its `kind` and `process` parameters) and the list together.
(function () {
  "use strict";
  var kind = document.getElementById("kind");
  var process = document.getElementById("process");
  var items = document.querySelectorAll("#items li");
  var shown = document.getElementById("shown");

  function apply() {
    var count = 0;
    items.forEach(function (li) {
      var visible = (!kind.value || li.dataset.kind === kind.value) && (!process.value || li.dataset.process === process.value);
      li.hidden = !visible;
      if (visible) count++;
    });
    shown.textContent = count + " of " + items.length + " items";
    window.drcCharts["timeline-chart"].then(function (view) {
      view.signal("kind", kind.value).signal("process", process.value).runAsync();
    });
  }
  kind.addEventListener("change", apply);
  process.addEventListener("change", apply);
  apply();
})();
