// meetings.js: the B2B meetings of an event (a business day or a B2B
// meeting event): its slots, who asked to meet whom, whom each local
// company should meet and why, the scheduler's run and the agenda; and a
// mission's calendar (a download, and private subscription feeds).
// A company account sees its own agenda, requests and suggestions only;
// the API decides that, the page just shows what it gets.
import * as api from '../api.js';
import { recordConsultationLink } from './outcomes.js';
import { h, clear } from '../dom.js';
import { t, tx, label, getLang } from '../i18n.js';
import { number, time, dateTime, shortTime, zonedToUtc, utcToZoned } from '../format.js';
import { link, pageTitle, errorBox } from '../ui.js';

export const MEETING_KINDS = ['b2b_meeting', 'business_day'];

const section = (id, title, ...children) => h('section', { id, 'aria-labelledby': id + '-h' }, h('h2', { id: id + '-h' }, title), ...children);
const cols = (...names) => h('thead', h('tr', names.map((n) => h('th', { scope: 'col' }, n))));

// "weight_scheduled of upper_bound (x%)": the honest quality figure, as
// no schedule can score above the bound; "optimal" when it meets it.
export function qualityText(stats) {
	if (stats.optimal) return t('quality_optimal', { w: number(stats.weight_scheduled) });
	const p = stats.upper_bound > 0 ? stats.weight_scheduled / stats.upper_bound : 1;
	const pct = new Intl.NumberFormat(getLang() === 'ko' ? 'ko-KR' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(p);
	return t('quality_figure', { w: number(stats.weight_scheduled), u: number(stats.upper_bound), p: pct });
}

export async function meetingsPage([id]) {
	const ev = await api.get(`/api/events/${id}`);
	const officer = api.can.write();
	const own = api.session.role === 'company' ? api.session.organisation_id : null;
	const status = h('div', { 'aria-live': 'polite', id: 'meetings-status' });
	const body = h('div');
	let lastRun = null;

	// Every action reports here and redraws the page's lists from the API.
	async function act(fn) {
		clear(status);
		try { await fn(); } catch (e) { status.append(errorBox(e)); return; }
		await draw();
	}

	async function draw() {
		const [slots, requests, parts, agenda, sugg] = await Promise.all([
			api.listOrNone('slots', { event_id: id }), api.listOrNone('meeting-requests', { event_id: id }),
			api.listOrNone(`events/${id}/participants`),
			api.get(`/api/events/${id}/agenda`),
			api.get(`/api/events/${id}/suggestions?companies=200`).catch((e) => { if (e.status === 404 || e.status === 403) return { items: [] }; throw e; })]);
		// Names of every organisation this page may mention, from the
		// references its listings embed (never the whole registry).
		const names = new Map();
		for (const r of [...parts, ...requests])
			for (const o of [r.organisation, r.from_organisation, r.to_organisation]) if (o) names.set(o.id, tx(o.name) || o.key);
		for (const m of agenda.items) for (const o of [m.a, m.b]) names.set(o.id, tx(o.name) || o.key);
		for (const s of sugg.items) {
			names.set(s.organisation.id, tx(s.organisation.name) || s.organisation.key);
			for (const x of s.suggestions) names.set(x.organisation.id, tx(x.organisation.name) || x.organisation.key);
		}
		const nameOf = (oid) => names.get(oid) || `#${oid}`;
		const home = agenda.home_zone || 'Asia/Seoul';
		clear(body).append(h('div',
			slotsSection(slots, home),
			requestsSection(requests, parts, nameOf),
			suggestionsSection(sugg, nameOf),
			officer ? scheduleSection(nameOf) : null,
			agendaSection(agenda, nameOf),
			own && ev.mission_id ? calendarSection(ev.mission_id) : null));
	}

	function slotsSection(slots, home) {
		const rows = slots.sort((a, b) => a.start_utc - b.start_utc).map((s) => h('tr',
			h('td.when', `${shortTime(s.start_utc, ev.zone)}–${time(s.end_utc, ev.zone)}`),
			h('td.when', shortTime(s.start_utc, home)),
			h('td.num', number(s.tables)),
			officer ? h('td', h('button', { type: 'button', onclick: () => act(() => api.request('DELETE', `/api/slots/${s.id}`)) },
				t('del'), h('span.sr', ` ${time(s.start_utc, ev.zone)}`))) : null));
		return section('slots', t('slots'),
			h('p.muted', `${t('zone')}: ${ev.zone} · ${t('home_zone')}: ${home}`),
			slots.length ? h('table.data', cols(`${t('when')} (${t('local')})`, t('home_time'), t('tables'), officer ? '' : null), h('tbody', rows)) : h('p.muted', t('no_data')),
			officer ? slotForm() : null);
	}

	function slotForm() {
		const day = h('input', { id: 'slot-day', type: 'date', value: utcToZoned(ev.start_utc, ev.zone, 1) });
		const from = h('input', { id: 'slot-start', type: 'time', value: '10:00' });
		const to = h('input', { id: 'slot-end', type: 'time', value: '10:30' });
		const tables = h('input', { id: 'slot-tables', inputmode: 'numeric', value: '1' });
		const times = () => [zonedToUtc(`${day.value}T${from.value}`, ev.zone), zonedToUtc(`${day.value}T${to.value}`, ev.zone)];
		// The end must come after the start: said beside the field, before
		// anything is sent.
		const endAfterStart = () => {
			const [start, end] = times();
			to.setCustomValidity(end > start ? '' : t('end_after_start'));
			return to.reportValidity();
		};
		for (const input of [day, from, to]) input.addEventListener('input', () => to.setCustomValidity(''));
		return addForm(t('add_slot'), [[[t('date'), h('span.muted', ` (${t('local')})`)], day], [t('start'), from], [t('end'), to], [t('tables'), tables]],
			() => {
				const [start, end] = times();
				return api.request('POST', '/api/slots', { event_id: Number(id), tables: Number(tables.value), start_utc: start, end_utc: end });
			}, endAfterStart);
	}

	function requestsSection(requests, parts, nameOf) {
		const mayDelete = (r) => officer || (own && r.from_organisation_id === own && r.source === 'company');
		const rows = requests.map((r) => h('tr',
			h('td', nameOf(r.from_organisation_id)), h('td', nameOf(r.to_organisation_id)),
			h('td.num', number(r.weight)), h('td', label('request_source', r.source)),
			h('td', mayDelete(r) ? h('button', { type: 'button', onclick: () => act(() => api.request('DELETE', `/api/meeting-requests/${r.id}`)) },
				t('del'), h('span.sr', ` ${nameOf(r.from_organisation_id)} → ${nameOf(r.to_organisation_id)}`)) : null)));
		const orgIds = [...new Set(parts.map((p) => p.organisation_id).filter(Boolean))];
		return section('requests', t('requests'),
			requests.length ? h('table.data', cols(t('from_org'), t('to_org'), t('weight'), t('source'), ''), h('tbody', rows)) : h('p.muted', t('no_data')),
			officer && orgIds.length > 1 ? requestForm(orgIds, nameOf) : null);
	}

	function requestForm(orgIds, nameOf) {
		const pick = (idName) => h('select', { id: idName }, orgIds.map((o) => h('option', { value: o }, nameOf(o))));
		const from = pick('req-from'), to = pick('req-to');
		to.selectedIndex = 1;
		const weight = h('input', { id: 'req-weight', inputmode: 'numeric', value: '1' });
		return addForm(t('add_request'), [[t('from_org'), from], [t('to_org'), to], [t('weight'), weight]],
			() => api.request('POST', '/api/meeting-requests', { event_id: Number(id), from_organisation_id: Number(from.value),
				to_organisation_id: Number(to.value), weight: Number(weight.value), source: 'officer' }));
	}

	// A one-line form: [label, input] pairs and a submit button named
	// title; submitting runs post as an action once valid() (if given)
	// agrees.
	function addForm(title, fields, post, valid) {
		const form = h('form.filters.add', { 'aria-label': title },
			fields.map(([text, input]) => h(input.tagName === 'SELECT' ? 'div.field.grow' : 'div.field', h('label', { for: input.id }, text), input)),
			h('button.primary', { type: 'submit' }, '+ ', title));
		form.addEventListener('submit', (e) => { e.preventDefault(); if (!valid || valid()) act(post); });
		return form;
	}

	// Accepting a suggestion asks for the meeting; a company account may
	// ask only in its own name, as source "company".
	function suggestionsSection(sugg, nameOf) {
		const mayAccept = (co) => officer || (own && co.id === own);
		const blocks = sugg.items.map((it) => h('div.card.suggest',
			h('h3', tx(it.organisation.name) || it.organisation.key),
			it.suggestions.length ? h('ul.plain', it.suggestions.map((s) => h('li.suggestion',
				h('p', h('strong', tx(s.organisation.name) || s.organisation.key), ' ',
					h('span.muted', `${label('org_kind', s.organisation.kind)}${s.organisation.country ? ' · ' + s.organisation.country : ''} · ${t('score')} ${number(s.score)}`)),
				h('ul.reasons', s.reasons.map((r) => h('li', tx(r)))),
				mayAccept(it.organisation) ? h('button', { type: 'button', onclick: () => act(() => api.request('POST', '/api/meeting-requests', {
					event_id: Number(id), from_organisation_id: it.organisation.id, to_organisation_id: s.organisation.id,
					source: officer ? 'suggestion' : 'company' })) }, t('accept'), h('span.sr', `: ${nameOf(it.organisation.id)} → ${nameOf(s.organisation.id)}`)) : null)))
				: h('p.muted', t('no_data'))));
		return section('suggestions', t('suggestions'), blocks.length ? h('div.cards', blocks) : h('p.muted', t('no_data')),
			sugg.next_cursor ? h('p.muted', t('suggestions_first', { n: number(blocks.length) })) : null);
	}

	function scheduleSection(nameOf) {
		const run = h('button.primary', { type: 'button', id: 'schedule-run', onclick: () => act(async () => {
			run.disabled = true;
			run.textContent = t('scheduling');
			try { lastRun = (await api.request('POST', `/api/events/${id}/schedule`)).doc; } finally { run.disabled = false; }
		}) }, t('schedule'));
		let result = null;
		if (lastRun) {
			const s = lastRun.stats;
			result = h('div.card', { id: 'schedule-stats' },
				h('p', h('strong', t('quality'), ': '), h('span', { id: 'quality' }, qualityText(s))),
				h('p.muted.small', t('quality_note')),
				h('p', t('sched_counts', { r: number(s.requests), s: number(s.scheduled), l: number(s.left_out), g: number(s.idle_gaps), sec: s.seconds < 0.01 ? '< 0.01' : number(Math.round(s.seconds * 100) / 100) })),
				lastRun.unscheduled.length ? [h('h3', t('unscheduled')), h('ul.list', { id: 'unscheduled' }, lastRun.unscheduled.map((u) =>
					h('li', `${nameOf(u.a)} → ${nameOf(u.b)}: ${tx(u.reason_text)}`)))] : null);
		}
		return section('schedule', t('schedule_title'), h('p.muted', t('schedule_note')), h('p', run), result);
	}

	function agendaSection(agenda, nameOf) {
		const home = agenda.home_zone || 'Asia/Seoul';
		const mine = own !== null;
		const rows = agenda.items.map((m) => h('tr',
			h('td.when', `${shortTime(m.start_utc, agenda.zone)}–${time(m.end_utc, agenda.zone)}`),
			h('td.when', shortTime(m.start_utc, home)),
			h('td.num', number(m.table_no)),
			mine ? h('td', nameOf((m.with || m.b).id)) : [h('td', nameOf(m.a.id)), h('td', nameOf(m.b.id))],
			h('td', m.confirmed ? h('span.tag', t('confirmed')) : h('span.muted', t('unconfirmed')),
				officer && !m.confirmed ? [' ', h('button', { type: 'button', onclick: () => act(async () => {
					const cur = await api.request('GET', `/api/meetings/${m.id}`);
					await api.request('PATCH', `/api/meetings/${m.id}`, { confirmed: true }, { 'If-Match': cur.etag });
				}) }, t('confirm'), h('span.sr', ` ${nameOf(m.a.id)} · ${nameOf(m.b.id)}`))] : null,
				' ', recordConsultationLink(m, id))));
		return section('agenda', mine ? t('my_agenda') : t('agenda'),
			rows.length ? h('table.data', cols(`${t('when')} (${t('local')})`, t('home_time'), t('table_no'),
				...(mine ? [t('with')] : [t('organisation') + ' A', t('organisation') + ' B']), t('confirmed')), h('tbody', rows))
				: h('p.muted', t('no_data')));
	}

	await draw();
	return h('article.meetings',
		pageTitle(`${t('b2b_meetings')} · ${tx(ev.title) || ev.key}`, ev.mission_id && api.can.missions() ? link(`/missions/${ev.mission_id}`, t('back')) : null),
		h('p', h('span.tag', label('event_kind', ev.kind)), ' ', dateTime(ev.start_utc, ev.zone, ev.start_precision), h('span.muted', ` (${ev.zone})`)),
		status, body);
}

// A mission's calendar: .ics downloads in both languages, and private
// subscription URLs (shown once in full, then only listed to revoke).
export function calendarSection(missionId) {
	const ics = (lang) => h('a', { href: `/api/missions/${missionId}/calendar.ics?lang=${lang}`, download: `mission-${missionId}-${lang}.ics`, class: `ics-${lang}` },
		t(lang === 'ko' ? 'ics_ko' : 'ics_en'));
	const shown = h('div', { 'aria-live': 'polite' });
	const feeds = h('ul.plain', { id: 'feeds' });
	async function list() {
		const all = (await api.get('/api/calendar-feeds')).items.filter((f) => f.mission_id === Number(missionId));
		clear(feeds).append(...all.map((f) => h('li', `#${f.id} · ${t('feed_created', { d: dateTime(f.created_utc, undefined, 2) })} `,
			h('button', { type: 'button', onclick: async () => {
				try { await api.request('DELETE', `/api/calendar-feeds/${f.id}`); clear(shown); await list(); } catch (e) { clear(shown).append(errorBox(e)); }
			} }, t('revoke'), h('span.sr', ` #${f.id}`)))));
		if (!all.length) feeds.append(h('li.muted', t('none')));
	}
	const subscribe = h('button', { type: 'button', id: 'subscribe', onclick: async () => {
		clear(shown);
		try {
			const f = (await api.request('POST', '/api/calendar-feeds', { mission_id: Number(missionId) })).doc;
			const url = h('input', { id: 'feed-url', readonly: true, value: location.origin + f.url, onfocus: (e) => e.target.select() });
			shown.append(h('div.field', h('label', { for: 'feed-url' }, t('feed_url')), url, h('p.muted.small', t('feed_url_once'))));
			await list();
			url.focus();
		} catch (e) { shown.append(errorBox(e)); }
	} }, t('subscribe'));
	list().catch((e) => feeds.append(errorBox(e)));
	return section('calendar', t('calendar'),
		h('p.actions', ics('ko'), ics('en'), subscribe), shown,
		h('h3', t('my_feeds')), feeds);
}
