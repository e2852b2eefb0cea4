// Chart.js's set-up for a tariff's prices today (the tariff summary): one bar per hour, each
// hour's price as the server wrote it in the tooltip, and the scale named by its unit in the
// customer's currency ("p/kWh", "¢/kWh") and its figures ("24,5") as the server wrote them
// (templates/connect_app/tariff/summary.html), in the JSON of #price-chart-data.
import { cssColour, figuresOf, serverScale } from "./chart-config.js";

// Today's prices as Chart.js's data.
export function priceData(data) {
  return {
    labels: data.labels,
    datasets: [{ data: data.values, backgroundColor: cssColour("--energy"), borderRadius: 3 }],
  };
}

export function priceChartFor(data) {
  const muted = cssColour("--text-muted");
  return {
    type: "bar",
    data: priceData(data),
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          displayColors: false,
          callbacks: {
            // The hour's price as the server wrote it, in the reader's language.
            label: (item) => figuresOf(item.chart).texts[item.dataIndex] || "",
          },
        },
      },
      scales: {
        x: { grid: { display: false }, ticks: { color: muted, maxTicksLimit: 6 } },
        y: {
          ...serverScale,
          grid: { color: cssColour("--grid") },
          ticks: { ...serverScale.ticks, color: muted },
          title: { display: Boolean(data.unit), text: data.unit, color: muted },
        },
      },
    },
  };
}
