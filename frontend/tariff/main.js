// The tariff pages' behaviour on top of the server's HTML, one module per job: the provider
// search (provider-search.js), the day's bar of the time-of-day page (day-bar.js, with the band
// rule of bands.js), and the error summary's focus (error-focus.js). Each only improves a page
// that works without JavaScript. Every word it shows arrives from the server.
//
// esbuild bundles this entry into build/static/js/tariff.js (`make setup`, bin/build-assets);
// the dashboard's script fetches it where a tariff page is shown (load.js), so the dashboard
// never downloads it. The summary's chart of today's prices is the dashboard's
// (frontend/dashboard/price-chart.js).
import { followBands } from "./day-bar.js";
import { focusErrorsAfterAnswers } from "./error-focus.js";
import { followProviderSearch } from "./provider-search.js";

followProviderSearch();
followBands();
focusErrorsAfterAnswers();
