// The zone line: the programme's clock as the viewer's own differs from it; nothing when their
// zones agree. The sentences arrive translated from the server (connect_app/pages/zone_line.py);
// this only picks the one for the device's offset.
import { afterNextPaint } from "./paint.js";

// The device's offset is cheap to read and settles most cases before the first paint; its
// zone's name costs the browser tens of milliseconds of time zone data the first time, so it
// is asked only when the offsets agree (most often: the same zone), after the page is shown.
export function showZoneLine(root) {
  // The sentences stay on the page when a period change swaps in the line's card alone.
  const source = document.querySelector("#zone-line-data");
  const line = (root || document).querySelector("[data-zone-line]");
  if (!source || !line) {
    return;
  }
  const data = JSON.parse(source.textContent);
  const difference = data.offsetMinutes - -new Date().getTimezoneOffset();
  if (difference !== 0) {
    line.textContent = data.sentences[String(difference)] || data.fallback;
    line.hidden = false;
    return;
  }
  line.hidden = true;
  afterNextPaint().then(() => {
    if (line.isConnected && deviceZone() && deviceZone() !== data.zone) {
      line.textContent = data.sentences["0"] || data.fallback;
      line.hidden = false;
    }
  });
}

function deviceZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return "";
  }
}
