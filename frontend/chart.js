// The entry of our Chart.js bundle (built by esbuild at `make setup`, never committed): only the
// parts the dashboard uses (frontend/dashboard/chart-config.js) are registered, so the browser
// parses and evaluates a fraction of the full build. The bar and line controllers draw earnings
// and energy; the line controller needs points and lines; the axes are a category and two linear
// scales; the tooltip shows the server's words. The legend is ours, in HTML, so Chart.js's is
// not included.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

window.Chart = Chart;
