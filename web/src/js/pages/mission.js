// mission.js: a mission's page (the itinerary day by day, events with
// their people, attendance and agreements) and its printable report.
// Every headline figure comes from the report API, so the page and
// `pavilion report` never disagree.
import * as api from '../api.js';
import { h, clear } from '../dom.js';
import { t, tx, label, getLang } from '../i18n.js';
import { money, number, day, dayKey, time, homeTime, dateTime } from '../format.js';
import { link, pageTitle, dl, errorBox } from '../ui.js';
import { refName } from '../paged.js';
import { MEETING_KINDS, calendarSection } from './meetings.js';

// Events up to which a mission page lists every event's participants
// without being asked: one request each.
const PARTICIPANTS_AT_ONCE = 10;

async function load(id) {
	const lang = getLang();
	const [mission, report, stops, events, agreements, pavilions] = await Promise.all([
		api.get(`/api/missions/${id}`), api.get(`/api/missions/${id}/report?lang=${lang}`),
		api.listAll('stops', { mission_id: id }), api.listAll('events', { mission_id: id }),
		api.listAll('agreements', { mission_id: id }), api.listAll('pavilions', { mission_id: id })]);
	stops.sort((a, b) => (a.arrive_utc ?? a.depart_utc ?? 0) - (b.arrive_utc ?? b.depart_utc ?? 0) || a.id - b.id);
	events.sort((a, b) => a.start_utc - b.start_utc || a.id - b.id);
	return { mission, report, stops, events, agreements, pavilions };
}

// The report's headline figures; each figure of records links to the
// records it counts and says what that is.
function headline(r, id) {
	const a = r.agreements;
	const board = `/agreements?mission=${id}&except=cancelled`;
	const counted = (value, href, note) => h('span', link(href, value), h('span.counts', note));
	return dl([
		[t('duration'), r.duration.known ? `${r.duration.label} · ${day(r.duration.first_day)} – ${day(r.duration.last_day)}` : '—'],
		[t('cities'), r.cities.map((c) => c.city).join(', ')],
		[t('time_zones'), number(r.time_zones)],
		[t('signed'), counted(`${number(a.signed)} (MOU ${number(a.mou)}, LOI ${number(a.loi)}, ${label('agreement_kind', 'contract')} ${number(a.contract)}, ${label('agreement_kind', 'purchase_order')} ${number(a.purchase_order)})`,
			board, t('mission_signed_counts'))],
		[t('values'), a.values.length ? counted(h('span', a.values.map((v, i) => [i ? ', ' : '', h('span.money', money(v.minor, v.currency))])), board, t('mission_values_counts')) : '—'],
		[t('series'), a.series.length ? h('ul.plain', a.series.map((s) => h('li', s.label))) : ''],
		[t('pavilion_companies'), `${number(r.pavilions.count)} · ${number(r.pavilions.companies)}`],
		[t('investment_events'), r.investment_events.count ? counted(`${number(r.investment_events.count)} · ${r.investment_events.approximate ? t('approx') : ''}${number(r.investment_events.attendance)}`,
			`/events?mission=${id}&kind=business_day`, t('mission_investment_counts')) : '—'],
		[t('sector'), r.sectors.map((s) => label('sector', s)).join(', ')],
	]);
}

export async function missionPage([id]) {
	const d = await load(id);
	const { mission: m, report: r } = d;
	const edit = api.can.write();
	// A short programme shows everyone at once; a long one (the requests
	// would grow with its events) shows each event's people when asked.
	const participants = d.events.length <= PARTICIPANTS_AT_ONCE
		? new Map(await Promise.all(d.events.map(async (e) => [e.id, await api.listAll(`events/${e.id}/participants`)]))) : null;
	const head = h('header.mission-head',
		pageTitle(tx(m.title) || m.slug,
			link(`/missions/${m.id}/report`, t('report')),
			link(`/missions/${m.id}/consultations`, t('consultations')), link(`/missions/${m.id}/claims`, t('claims')),
			link(`/surveys?mission_id=${m.id}`, t('surveys')),
			edit ? link(`/edit/missions/${m.id}`, t('edit')) : null),
		h('p.duration-badge', { id: 'duration' }, r.duration.known ? r.duration.label : '—'),
		tx(m.purpose) ? h('p.purpose', tx(m.purpose)) : null);
	const actions = edit ? h('p.actions',
		link(`/new/stops?mission_id=${m.id}`, '+ ', t('stops')),
		link(`/new/events?mission_id=${m.id}`, '+ ', t('events')),
		link(`/new/agreements?mission_id=${m.id}`, '+ ', t('agreements')),
		link(`/new/pavilions?mission_id=${m.id}`, '+ ', t('pavilions'))) : null;
	return h('article', head,
		h('section', h('h2', t('headline')), headline(r, m.id)),
		actions,
		h('section', h('h2', t('timeline')), timeline(d, participants, edit)),
		calendarSection(m.id),
		d.pavilions.length ? h('section', h('h2', t('pavilions')), h('ul.list', d.pavilions.map((p) => h('li', link(`/pavilions/${p.id}`, tx(p.name) || p.key), ' · ', tx(p.show))))) : null);
}

function timeline(d, participants, edit) {
	const byStop = new Map(d.stops.map((s) => [s.id, []]));
	const loose = [];
	for (const e of d.events) (byStop.get(e.stop_id) || loose).push(e);
	const partsOf = (e) => (participants ? peopleLine(participants.get(e.id) || []) : peopleOnDemand(e));
	const stopItems = d.stops.map((s) => {
		const evs = byStop.get(s.id);
		const days = new Map();
		for (const e of evs) {
			const k = dayKey(e.start_utc, e.zone);
			if (!days.has(k)) days.set(k, []);
			days.get(k).push(e);
		}
		const span = [s.arrive_utc !== null ? `${t('arrive')} ${dateTime(s.arrive_utc, s.zone, s.arrive_precision)}` : null,
			s.depart_utc !== null ? `${t('depart')} ${dateTime(s.depart_utc, s.zone, s.depart_precision)}` : null].filter(Boolean).join(' · ');
		return h('li.stop',
			h('h3', tx(s.city) || s.key, s.country ? h('span.muted', ` · ${s.country}`) : null, s.home ? h('span.tag', t('home')) : null,
				edit ? [' ', link(`/edit/stops/${s.id}`, h('span.sr', tx(s.city), ' '), t('edit'))] : null),
			h('p.muted', `${s.zone}${span ? ' · ' + span : ''}`),
			[...days].map(([k, evs2]) => h('section.day', h('h4', day(k), ' ', h('span.muted', `(${t('local')})`)),
				h('ul.events', evs2.map((e) => eventItem(e, d, partsOf(e), edit))))));
	});
	if (loose.length) stopItems.push(h('li.stop', h('h3', '—'), h('ul.events', loose.map((e) => eventItem(e, d, partsOf(e), edit)))));
	return h('ol.timeline', stopItems);
}

// Who took part, with the names the participants listing embeds.
function peopleLine(parts) {
	return parts.length ? h('p.people', parts.map((p, i) => [i ? ', ' : '', label('participant_role', p.role), ' ',
		p.person_id ? refName(p.person || { id: p.person_id }) : '', p.person_id && p.organisation_id ? ' (' : '',
		p.organisation_id ? link(`/organisations/${p.organisation_id}`, refName(p.organisation || { id: p.organisation_id })) : '',
		p.person_id && p.organisation_id ? ')' : ''])) : null;
}

function peopleOnDemand(e) {
	const body = h('div');
	const box = h('details.people', h('summary', t('participants')), body);
	box.addEventListener('toggle', async () => {
		if (!box.open || body.dataset.loaded) return;
		body.dataset.loaded = '1';
		try { clear(body).append(peopleLine(await api.listAll(`events/${e.id}/participants`)) || h('p.muted', t('none'))); }
		catch (err) { clear(body).append(errorBox(err)); delete body.dataset.loaded; }
	});
	return box;
}

function eventItem(e, d, people, edit) {
	const local = e.start_precision === 2 ? time(e.start_utc, e.zone) + (e.end_utc && e.end_precision === 2 ? `–${time(e.end_utc, e.zone)}` : '') : t('time_unknown');
	// A day without a time is shown as the span of Seoul time that the
	// local day covers, as `pavilion report` prints it.
	const seoul = e.start_precision === 2 ? homeTime(e.start_utc, 2)
		: `${homeTime(e.start_utc, 2)} – ${homeTime(e.start_utc + 86400, 2)}`;
	const agreements = d.agreements.filter((a) => a.event_id === e.id);
	return h('li.event',
		h('div.event-time', h('span.local', local), seoul ? h('span.home', `${t('home_time')} ${seoul}`) : null),
		h('div.event-body',
			h('p.event-title', h('span.tag', label('event_kind', e.kind)), ' ', tx(e.title),
				edit ? [' ', link(`/edit/events/${e.id}`, h('span.sr', tx(e.title), ' '), t('edit'))] : null),
			e.attended !== null || e.registered !== null ? h('p.muted', `${t('attendance')}: ${e.attendance_approximate ? t('approx') : ''}${e.attended !== null ? number(e.attended) : '—'}${e.registered !== null ? ` / ${t('registered')} ${number(e.registered)}` : ''}`) : null,
			people,
			agreements.length ? h('ul.plain', agreements.map((a) => h('li', '✍ ', link(`/agreements/${a.id}`, tx(a.title)), ' · ', label('agreement_kind', a.kind),
				a.value_minor !== null ? [' · ', h('span.money', money(a.value_minor, a.currency))] : null))) : null,
			MEETING_KINDS.includes(e.kind) ? h('p.small', link(`/events/${e.id}/meetings`, t('b2b_meetings'))) : null,
			edit ? h('p.small', link(`/new/events/${e.id}/participants`, '+ ', t('participants'))) : null));
}

export async function reportPage([id]) {
	const d = await load(id);
	const { mission: m, report: r } = d;
	document.title = `${t('report')} · ${tx(m.title)}`;
	const rows = d.agreements.map((a) => h('tr', h('td', tx(a.title)), h('td', label('agreement_kind', a.kind)), h('td', label('status', a.status)),
		h('td', day(a.signed_on)), h('td.num', a.value_minor !== null ? money(a.value_minor, a.currency) : '')));
	return h('article.report',
		h('p.no-print', h('button.primary', { type: 'button', onclick: () => window.print() }, t('print')), ' ', link(`/missions/${m.id}`, t('back'))),
		h('h1', tx(m.title)), h('p.duration-badge', r.duration.label || ''),
		h('h2', t('headline')), headline(r, m.id),
		h('h2', t('agreements')),
		h('table.data', h('thead', h('tr', [t('title'), t('kind'), t('status'), t('signed_on'), t('value')].map((x, i) => h(i === 4 ? 'th.num' : 'th', { scope: 'col' }, x)))), h('tbody', rows)),
		h('h2', t('timeline')),
		h('ol.plain', d.events.map((e) => h('li', `${dateTime(e.start_utc, e.zone, e.start_precision)} · ${label('event_kind', e.kind)} · ${tx(e.title)}`))));
}
