// Draw every chart whose Vega-Lite spec is embedded in the page; window.drcCharts[id] resolves to its view.
(function () {
  "use strict";
  window.drcCharts = {};
  document.querySelectorAll("script.vl-spec").forEach(function (block) {
    var id = block.dataset.target;
    var spec = JSON.parse(block.textContent);
    window.drcCharts[id] = vegaEmbed("#" + id, spec, {
      renderer: "svg",
      actions: false,
      loader: { target: "_self" }  // a mark's link opens in the same tab, like any other link
    }).then(function (result) { return result.view; });
  });
})();
