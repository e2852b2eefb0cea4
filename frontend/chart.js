// The entry of our Chart.js bundle (built by esbuild at `make setup`, never committed): only the
// parts the dashboard uses (frontend/dashboard/chart-config.js and price-chart.js) are
// registered, so the browser parses and evaluates a fraction of the full build. Both charts are
// bars on a category axis and one linear scale; the tooltip shows the server's words. The legend
// is ours, in HTML, so Chart.js's is not included.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

window.Chart = Chart;
