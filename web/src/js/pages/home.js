// home.js: the login page and the dashboard.
import * as api from '../api.js';
import { h } from '../dom.js';
import { t, tx, label, getLang, enumCodes } from '../i18n.js';
import { money, number } from '../format.js';
import { barChart } from '../charts.js';
import { link, pageTitle, dl, byId } from '../ui.js';
import { render } from '../main.js';
import { MEETING_KINDS } from './meetings.js';

export async function loginPage() {
	document.title = `${t('login')} · Pavilion`;
	const msg = h('p.alert', { role: 'alert', hidden: true, id: 'login-error' });
	const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
	const pass = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
	const form = h('form.card.login', { 'aria-describedby': 'login-error' },
		h('h1', t('app')), h('p.muted', t('login_title')), msg,
		h('div.field', h('label', { for: 'username' }, t('username')), user),
		h('div.field', h('label', { for: 'password' }, t('password')), pass),
		h('button.primary', { type: 'submit' }, t('login')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		msg.hidden = true;
		try {
			await api.login(user.value, pass.value);
			render();
		} catch (e) {
			const wait = e.headers && e.headers.get('Retry-After');
			msg.textContent = e.status === 429 ? t('login_wait', { s: wait || '60' }) : e.status === 401 ? t('login_failed') : e.message;
			msg.hidden = false;
			pass.focus();
		}
	});
	setTimeout(() => user.focus(), 0);
	return form;
}

export async function dashboardPage() {
	if (!api.can.missions()) return companyHome();
	const lang = getLang();
	const [missions, agreements, events] = await Promise.all([
		api.listAll('missions'), api.listAll('agreements'), api.listAll('events')]);
	const reports = await Promise.all(missions.map((m) => api.get(`/api/missions/${m.id}/report?lang=${lang}`)));
	const totals = new Map();
	let signed = 0;
	for (const r of reports) {
		signed += r.agreements.signed;
		for (const v of r.agreements.values) totals.set(v.currency, (totals.get(v.currency) || 0) + v.minor);
	}
	const out = [pageTitle(t('dashboard'), api.can.write() ? link('/new/missions', '+ ', t('missions')) : null)];
	out.push(h('section.totals', { 'aria-label': t('total') },
		h('div.stat', h('span.stat-label', t('missions')), h('span.stat-value', { id: 'total-missions' }, number(missions.length))),
		h('div.stat', h('span.stat-label', t('signed')), h('span.stat-value', { id: 'total-signed' }, number(signed))),
		h('div.stat', h('span.stat-label', t('values')), h('span.stat-value', { id: 'total-value' },
			[...totals].map(([c, v]) => h('span.money', money(v, c))), totals.size ? null : '—'))));
	out.push(h('section.missions', h('h2', t('headline')), h('ul.cards', missions.map((m, i) => missionCard(m, reports[i])))));
	out.push(h('section.charts', charts(agreements, events)));
	return h('div', out);
}

function missionCard(m, r) {
	const a = r.agreements;
	return h('li.card.mission-card',
		h('h3', link(`/missions/${m.id}`, tx(m.title) || m.slug)),
		h('p.duration', r.duration.known ? r.duration.label : '—'),
		dl([
			[t('cities'), number(r.cities.length)],
			[t('signed'), `${number(a.signed)} (MOU ${number(a.mou)} · ${label('agreement_kind', 'contract')} ${number(a.contract)})`],
			[t('values'), a.values.length ? a.values.map((v) => money(v.minor, v.currency)).join(', ') : '—'],
			[t('pavilion_companies'), number(r.pavilions.companies)],
			[t('investment_events'), r.investment_events.count ? `${number(r.investment_events.count)} · ${r.investment_events.approximate ? t('approx') : ''}${number(r.investment_events.attendance)}` : '—'],
		]));
}

function charts(agreements, events) {
	const statuses = enumCodes('status');
	const byKind = enumCodes('agreement_kind').map((k) => {
		const mine = agreements.filter((a) => a.kind === k);
		return { label: label('agreement_kind', k), text: number(mine.length),
			parts: statuses.map((s) => ({ name: label('status', s), value: mine.filter((a) => a.status === s).length })) };
	}).filter((r) => r.text !== '0');
	// Contract value per year and currency, split by (first) sector.
	const groups = new Map(), sectors = [];
	for (const a of agreements) {
		if (a.value_minor === null || !a.currency) continue;
		const key = `${a.signed_on.slice(0, 4)} ${a.currency}`;
		const sector = label('sector', a.sectors[0] || '') || t('none');
		if (!sectors.includes(sector)) sectors.push(sector);
		const g = groups.get(key) || { year: a.signed_on.slice(0, 4), currency: a.currency, total: 0, parts: new Map() };
		g.total += a.value_minor;
		g.parts.set(sector, (g.parts.get(sector) || 0) + a.value_minor);
		groups.set(key, g);
	}
	const valueRows = [...groups.values()].sort((x, y) => (x.year + x.currency).localeCompare(y.year + y.currency))
		.map((g) => ({ label: `${g.year} · ${g.currency}`, text: money(g.total, g.currency),
			parts: [...g.parts].map(([name, value]) => ({ name, value })) }));
	const attendRows = events.filter((e) => e.attended !== null).map((e) => ({
		label: tx(e.title), text: (e.attendance_approximate ? t('approx') : '') + number(e.attended),
		parts: [{ name: '', value: e.attended }] }));
	return [
		barChart(t('chart_kind_status'), byKind, statuses.map((s) => label('status', s))),
		barChart(t('chart_value'), valueRows, sectors),
		barChart(t('chart_attendance'), attendRows, null),
	];
}

async function companyHome() {
	const s = api.session;
	const [orgs, agreements, events] = await Promise.all([
		api.listOrNone('organisations'), api.listOrNone('agreements'), api.listOrNone('events')]);
	const mine = byId(orgs).get(s.organisation_id);
	return h('div', pageTitle(t('dashboard')),
		mine ? h('p', t('my_org'), ': ', link(`/organisations/${mine.id}`, tx(mine.name))) : null,
		h('section', h('h2', t('agreements')), h('ul.list', agreements.map((a) => h('li', link(`/agreements/${a.id}`, tx(a.title)), ' · ', label('status', a.status), a.value_minor !== null ? ` · ${money(a.value_minor, a.currency)}` : '')))),
		h('section', h('h2', t('events')), h('ul.list', events.map((e) => h('li', tx(e.title),
			MEETING_KINDS.includes(e.kind) ? [' · ', link(`/events/${e.id}/meetings`, t('b2b_meetings'))] : null)))));
}
