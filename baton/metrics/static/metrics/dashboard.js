/* Baton metrics dashboard: draws the 13-week trends and the ROI bars with the vendored
   Chart.js (no CDN). Readable without colour: every series has its own point shape and dash
   pattern, bars are hatched, values are written on the charts, and each chart has a data table
   beside it. */
(function () {
  "use strict";
  var SHAPES = ["circle", "rect", "triangle", "rectRot", "crossRot", "star", "rectRounded"];
  var DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3], [10, 4], [4, 4]];

  function hatch(ctx, angle) {
    var size = 8;
    var c = document.createElement("canvas");
    c.width = size; c.height = size;
    var g = c.getContext("2d");
    g.fillStyle = "#ffffff"; g.fillRect(0, 0, size, size);
    g.strokeStyle = "#1f2937"; g.lineWidth = 1.5;
    g.beginPath();
    if (angle) { g.moveTo(0, 0); g.lineTo(size, size); } else { g.moveTo(0, size); g.lineTo(size, 0); }
    g.stroke();
    return ctx.createPattern(c, "repeat");
  }

  var valueLabels = {
    id: "batonValueLabels",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = "#1f2937";
      ctx.font = "11px sans-serif";
      ctx.textAlign = "center";
      chart.data.datasets.forEach(function (ds, i) {
        chart.getDatasetMeta(i).data.forEach(function (el, j) {
          var v = ds.data[j];
          if (v === null || v === undefined) { return; }
          var shown = chart.config.type === "bar" ? v.toFixed(1) + "\u00d7" : String(Math.round(v * 10) / 10);
          if (chart.config.type === "line" && j !== ds.data.length - 1) { return; }
          ctx.fillText(shown, el.x, el.y - 6);
        });
      });
      ctx.restore();
    }
  };

  function draw() {
    var node = document.getElementById("metrics-data");
    if (!node || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(node.textContent);
    data.trends.forEach(function (t, i) {
      var canvas = document.getElementById("trend-" + t.id);
      if (!canvas) { return; }
      new window.Chart(canvas, {
        type: "line",
        data: {
          labels: t.weeks,
          datasets: [{
            label: t.name, data: t.values, spanGaps: true, borderColor: "#1f2937",
            borderDash: DASHES[i % DASHES.length], pointStyle: SHAPES[i % SHAPES.length],
            pointRadius: 3, borderWidth: 2, fill: false
          }]
        },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: { x: { ticks: { maxTicksLimit: 4 } }, y: { beginAtZero: true, ticks: { maxTicksLimit: 3 } } }
        },
        plugins: [valueLabels]
      });
    });
    Object.keys(data.roi).forEach(function (dim, k) {
      var canvas = document.getElementById("roi-" + dim);
      if (!canvas) { return; }
      var ctx = canvas.getContext("2d");
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: data.roi[dim].labels,
          datasets: [{
            label: data.labels.roi, data: data.roi[dim].values, backgroundColor: hatch(ctx, k % 2),
            borderColor: "#1f2937", borderWidth: 1.5
          }]
        },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          plugins: { legend: { display: true } }, layout: { padding: { top: 16 } },
          scales: { y: { beginAtZero: true, title: { display: true, text: data.labels.roi } } }
        },
        plugins: [valueLabels]
      });
    });
    document.body.setAttribute("data-charts", "drawn");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
