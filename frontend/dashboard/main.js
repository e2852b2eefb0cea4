// The dashboard's behaviour on top of the server's HTML, one module per job: the charts
// (chart.js, chart-config.js, and price-chart.js for a tariff's prices today), the zone line (zone-line.js), an instant answer to a period
// change (period-change.js), swipe and arrow keys between periods (swipe-keys.js), the page's
// life from load to close (page-life.js), the printed statement (print.js) and "Still loading…"
// when an answer is slow (still-loading.js). Every word it shows arrives already translated from
// the server (json_script or data attributes).
//
// esbuild bundles this entry into one classic script, build/static/js/dashboard.js, at
// `make setup` and in bin/build-assets; templates/base.html loads it deferred and
// render-blocking, so what runs here at once is done before the first paint. The tariff pages'
// script is a bundle of its own, fetched where a tariff page is shown (../tariff/load.js).
import { useChartBundle } from "./chart.js";
import { startPageLife } from "./page-life.js";
import { followPeriodChanges } from "./period-change.js";
import { preparePrint } from "./print.js";
import { sayStillLoading } from "./still-loading.js";
import { followSwipesAndKeys } from "./swipe-keys.js";
import { loadTariffScriptWhereShown } from "../tariff/load.js";

// Read while this script runs: document.currentScript is null afterwards.
const script = document.currentScript;
useChartBundle(script ? script.getAttribute("data-chart-bundle") : null);
loadTariffScriptWhereShown(script ? script.getAttribute("data-tariff-bundle") : null);

followPeriodChanges();
followSwipesAndKeys();
startPageLife();
preparePrint();
sayStillLoading();
