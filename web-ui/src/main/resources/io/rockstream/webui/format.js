// Number, size, duration and time formats shared by every page. A missing value (null or
// undefined) shows as an em dash everywhere.

export const MISSING = '\u2014';

function missing(value) {
  return value === null || value === undefined || (typeof value === 'number' && !isFinite(value));
}

/** 950, 1.2k, 34k, 5.6M, 7.8G: three significant figures at most. */
export function count(value) {
  if (missing(value)) {
    return MISSING;
  }
  const magnitude = Math.abs(value);
  if (magnitude < 999.5) {
    return Number.isInteger(value) ? String(value) : trim(value.toFixed(magnitude < 10 ? 1 : 0));
  }
  const units = ['k', 'M', 'G', 'T', 'P'];
  let scaled = value;
  let unit = -1;
  while (Math.abs(scaled) >= 999.5 && unit < units.length - 1) {
    scaled /= 1000;
    unit++;
  }
  return significant(scaled) + units[unit];
}

/** 1.2k/s */
export function rate(value) {
  return missing(value) ? MISSING : count(value) + '/s';
}

/** 12,345,678: exact counts with thousands separators. */
export function exact(value) {
  return missing(value) ? MISSING : Math.round(value).toLocaleString('en-US');
}

/** 512 B, 3.4 kB, 3.4 MB, 1.2 GB (decimal units, as the labels say). */
export function bytes(value) {
  if (missing(value)) {
    return MISSING;
  }
  if (Math.abs(value) < 1000) {
    return Math.round(value) + ' B';
  }
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let scaled = value;
  let unit = -1;
  while (Math.abs(scaled) >= 999.5 && unit < units.length - 1) {
    scaled /= 1000;
    unit++;
  }
  return significant(scaled) + ' ' + units[unit];
}

/** 120 ms, 3.4 s, 2 min 05 s, 1 h 02 min. */
export function duration(ms) {
  if (missing(ms)) {
    return MISSING;
  }
  if (ms < 1000) {
    return (ms < 10 && !Number.isInteger(ms) ? ms.toFixed(1) : Math.round(ms)) + ' ms';
  }
  const seconds = ms / 1000;
  if (seconds < 60) {
    return significant(seconds) + ' s';
  }
  const whole = Math.round(seconds);
  if (whole < 3600) {
    return Math.floor(whole / 60) + ' min ' + pad(whole % 60) + ' s';
  }
  if (whole < 86400) {
    return Math.floor(whole / 3600) + ' h ' + pad(Math.floor(whole % 3600 / 60)) + ' min';
  }
  return Math.floor(whole / 86400) + ' d ' + Math.floor(whole % 86400 / 3600) + ' h';
}

/** A ratio 0..1 as 0%..100% (one decimal under 10%). */
export function percent(ratio) {
  if (missing(ratio)) {
    return MISSING;
  }
  const value = ratio * 100;
  return (value > 0 && value < 10 ? trim(value.toFixed(1)) : Math.round(value)) + '%';
}

/** 08:41:07 for today, 2026-11-21 08:41:07 otherwise (local time). */
export function time(iso) {
  if (!iso) {
    return MISSING;
  }
  const date = new Date(iso);
  if (isNaN(date.getTime())) {
    return String(iso);
  }
  const clock = pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
  const now = new Date();
  if (date.toDateString() === now.toDateString()) {
    return clock;
  }
  return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + ' ' + clock;
}

/** "3 s ago", "2 min ago" */
export function ago(iso) {
  if (!iso) {
    return MISSING;
  }
  const elapsed = Date.now() - new Date(iso).getTime();
  if (isNaN(elapsed)) {
    return MISSING;
  }
  if (elapsed < 1000) {
    return 'just now';
  }
  return duration(Math.round(elapsed / 1000) * 1000) + ' ago';
}

function significant(value) {
  const magnitude = Math.abs(value);
  return trim(value.toFixed(magnitude < 10 ? 1 : 0));
}

function trim(text) {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

function pad(number) {
  return number < 10 ? '0' + number : String(number);
}
