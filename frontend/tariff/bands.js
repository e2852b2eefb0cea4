// Which band prices each minute of the day, in the browser: the rule of
// connect_app/connect/bands.py, held to the same answers by tests/test_tariff_scripts.py. The
// server's is the one that counts; this one only redraws the day's bar while a customer types.
//
// A band runs from `start` up to, not including, `end` (minutes after midnight); an end of 0 is
// midnight at the end of the day, an end before the start runs across midnight, and one band
// alone whose start is its end is the whole day.
export const MINUTES = 24 * 60;

function covers(band, minute, alone) {
  const { start, end } = band;
  if (start === end) {
    return alone;
  }
  if (end === 0 || end > start) {
    return minute >= start && minute < (end || MINUTES);
  }
  return minute >= start || minute < end;
}

// The day from 00:00 to 24:00 as stretches of one owner: {start, end, band, overlap}, `band`
// the index of the first band covering it (null: a gap), `overlap` whether a second one does.
export function segments(bands) {
  const alone = bands.length === 1;
  const owners = new Array(MINUTES).fill(null);
  const counts = new Array(MINUTES).fill(0);
  bands.forEach((band, index) => {
    for (let minute = 0; minute < MINUTES; minute += 1) {
      if (covers(band, minute, alone)) {
        counts[minute] += 1;
        if (owners[minute] === null) {
          owners[minute] = index;
        }
      }
    }
  });
  const found = [];
  let start = 0;
  for (let minute = 1; minute <= MINUTES; minute += 1) {
    if (
      minute === MINUTES ||
      owners[minute] !== owners[start] ||
      counts[minute] > 1 !== counts[start] > 1
    ) {
      found.push({ start, end: minute, band: owners[start], overlap: counts[start] > 1 });
      start = minute;
    }
  }
  return found;
}

const CLOCK = /^(?:(\d{1,2})(?:[:.,h](\d{2}))?(?::00)?(am|pm)?|(\d{1,2})(\d{2})(am|pm)?)$/;

// Minutes after midnight of a time typed on a clock, as forms/prices.parse_clock reads it
// ("07:00", "7", "7.30", "0730", "7:30 pm"); 1440 for "24:00"; null if it is none.
export function parseClock(text) {
  const typed = String(text || "")
    .replace(/\s+/g, "")
    .toLowerCase()
    .replace(/a\.m\./g, "am")
    .replace(/p\.m\./g, "pm");
  const match = CLOCK.exec(typed);
  if (!match) {
    return null;
  }
  const [hourText, minuteText, meridiem] =
    match[1] !== undefined ? [match[1], match[2], match[3]] : [match[4], match[5], match[6]];
  let hour = Number(hourText);
  const minute = Number(minuteText || 0);
  if (meridiem) {
    if (hour < 1 || hour > 12) {
      return null;
    }
    hour = (hour % 12) + (meridiem === "pm" ? 12 : 0);
  }
  if (minute > 59 || hour > 24 || (hour === 24 && minute)) {
    return null;
  }
  return hour * 60 + minute;
}
