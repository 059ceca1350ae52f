// The one home of how the pages write numbers, areas and moments: Chinese conventions (zh-CN
// grouping), areas in 亩 mu and km², moments in the browser's time zone or in Foshan's.

const formats = new Map();

/** A cached Intl.NumberFormat of zh-CN with these options. */
function numberFormat(options) {
  const key = JSON.stringify(options);
  if (!formats.has(key)) formats.set(key, new Intl.NumberFormat('zh-CN', options));
  return formats.get(key);
}

/** A number with exactly `digits` decimals, grouped as in China: 12,345.60. */
export const fixed = (value, digits = 0) =>
  numberFormat({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    Number(value),
  );

/** A number with up to `digits` decimals (none shown when not needed), grouped: 12,345.6. */
export const decimal = (value, digits = 0) =>
  numberFormat({ maximumFractionDigits: digits }).format(value);

/** A share (0.125) as a percentage with up to one decimal: 12.5%. */
export const percent = (value) =>
  numberFormat({ style: 'percent', maximumFractionDigits: 1 }).format(value);

/** An area in 亩 mu with up to `digits` decimals (2 unless told); missing counts as 0. */
export const mu = (value, digits = 2) => decimal(value ?? 0, digits);

/** An area in km² with `digits` decimals, ungrouped (as the quota figures show it). */
export const km2 = (value, digits = 2) => (value ?? 0).toFixed(digits);

/** A value with its sign: +1.5, −1.5 (a true minus), ±0. */
export const signed = (value, format) =>
  `${value > 0 ? '+' : value < 0 ? '−' : '±'}${format(Math.abs(value))}`;

const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** An ISO 8601 moment as the browser's local date and time (2026/03/01 14:05:09), or —. */
export const formatDate = (iso) => (iso ? dateTimeFormat.format(new Date(iso)) : '—');

/** An ISO 8601 moment as Foshan's date and time, whatever the browser's time zone. */
export const foshanTime = (iso) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** Today in Foshan as yyyy-mm-dd (the day the server and the database count in), whatever the
 * browser's time zone: a form's default day, never a UTC date that is tomorrow's in China after
 * 16:00 UTC or yesterday's before 08:00 in Foshan. */
export const todayInFoshan = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
