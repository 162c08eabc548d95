// format.js: dates, times, numbers and money per language through the
// browser's Intl, used everywhere the UI shows one.
import { getLang, t } from './i18n.js';

const HOME_ZONE = 'Asia/Seoul';
const locale = () => (getLang() === 'ko' ? 'ko-KR' : 'en-GB');

export function number(n) {
	return new Intl.NumberFormat(locale()).format(n);
}

function digits(currency) {
	try {
		return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
	} catch { return 2; }
}

// value_minor (integer minor units) + ISO 4217 code, as "USD 1,000,000";
// whole amounts without decimals, as the server's reports print them.
export function money(minor, currency) {
	if (minor === null || minor === undefined || !currency) return '';
	const d = digits(currency);
	const major = minor / 10 ** d;
	const whole = minor % 10 ** d === 0;
	return new Intl.NumberFormat(locale(), {
		style: 'currency', currency, currencyDisplay: 'code',
		minimumFractionDigits: whole ? 0 : d, maximumFractionDigits: whole ? 0 : d,
	}).format(major).replace(/\u00a0/g, ' ');
}

export function minorFromMajor(text, currency) {
	const d = digits(currency);
	const v = Number(String(text).replace(/[, ]/g, ''));
	return Number.isFinite(v) ? Math.round(v * 10 ** d) : NaN;
}
export function majorFromMinor(minor, currency) {
	if (minor === null || minor === undefined) return '';
	return String(minor / 10 ** digits(currency || 'USD'));
}

// A day like "2024-01-09" (or "2024", "2024-01") in words.
export function day(s) {
	if (!s) return '';
	const [y, m, d] = s.split('-').map(Number);
	const opts = m ? (d ? { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' } : { year: 'numeric', month: 'long' }) : { year: 'numeric' };
	return new Intl.DateTimeFormat(locale(), { ...opts, timeZone: 'UTC' }).format(Date.UTC(y, (m || 1) - 1, d || 1));
}

// The local calendar day (YYYY-MM-DD) of an instant in zone.
export function dayKey(utcSeconds, zone) {
	const p = parts(utcSeconds, zone);
	return `${p.year}-${p.month}-${p.day}`;
}

function parts(utcSeconds, zone) {
	const out = {};
	for (const p of new Intl.DateTimeFormat('en-CA', {
		timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
		hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
	}).formatToParts(utcSeconds * 1000)) out[p.type] = p.value;
	return out;
}

export function time(utcSeconds, zone) {
	return new Intl.DateTimeFormat(locale(), { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(utcSeconds * 1000);
}

export function dateTime(utcSeconds, zone, precision) {
	if (utcSeconds === null || utcSeconds === undefined) return '';
	const o = { timeZone: zone, year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' };
	if (precision === 2) Object.assign(o, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
	return new Intl.DateTimeFormat(locale(), o).format(utcSeconds * 1000);
}

// An instant as a short day and time in zone ("3월 12일 09:00").
export function shortTime(utcSeconds, zone) {
	return new Intl.DateTimeFormat(locale(), {
		timeZone: zone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
	}).format(utcSeconds * 1000);
}

// The same instant at home (Seoul), for the "local | Seoul" pair.
export function homeTime(utcSeconds, precision) {
	if (precision !== 2) return t('time_unknown');
	return shortTime(utcSeconds, HOME_ZONE);
}

// Seconds of zone ahead of UTC at instant ms.
function offsetMs(ms, zone) {
	const p = parts(ms / 1000, zone);
	return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(ms / 1000) * 1000;
}

// Wall time "YYYY-MM-DDTHH:MM" (or a day) in zone -> UTC seconds.
export function zonedToUtc(local, zone) {
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(local);
	if (!m) return NaN;
	const guess = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0));
	let utc = guess - offsetMs(guess, zone);
	utc = guess - offsetMs(utc, zone);
	return Math.round(utc / 1000);
}

// UTC seconds -> "YYYY-MM-DDTHH:MM" (precision 2) or "YYYY-MM-DD" in zone.
export function utcToZoned(utcSeconds, zone, precision) {
	if (utcSeconds === null || utcSeconds === undefined) return '';
	const p = parts(utcSeconds, zone);
	const d = `${p.year}-${p.month}-${p.day}`;
	return precision === 2 ? `${d}T${p.hour}:${p.minute}` : d;
}

export function todayKey() {
	return new Date().toISOString().slice(0, 10);
}
