/* The admin index's charts (Chart.js, served by the back-office). A click on a bar or a
   slice opens the changelist filtered to it. */
(function () {
  "use strict";
  var source = document.getElementById("helpdesk-charts");
  if (!source || !window.Chart) { return; }
  var charts = JSON.parse(source.textContent);
  charts.forEach(function (spec) {
    var canvas = document.querySelector('canvas[data-chart="' + spec.key + '"]');
    if (!canvas) { return; }
    var stacked = spec.kind === "bar" && spec.datasets.length > 1;
    var datasets = spec.datasets.map(function (dataset) {
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: dataset.colours || dataset.colour,
        borderWidth: spec.kind === "doughnut" ? 1 : 0
      };
    });
    new window.Chart(canvas, {
      type: spec.kind,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: stacked || spec.kind === "doughnut", position: "bottom" } },
        scales: spec.kind === "bar" ? {
          x: { stacked: stacked },
          y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } }
        } : {},
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        },
        onClick: function (event, elements) {
          if (!elements.length) { return; }
          var element = elements[0];
          var links = spec.datasets[element.datasetIndex].links;
          if (links && links[element.index]) { window.location.href = links[element.index]; }
        }
      }
    });
  });
})();
