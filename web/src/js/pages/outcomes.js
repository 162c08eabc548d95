// outcomes.js: what a mission achieved, record by record: the
// consultations of an event or a mission, the realised exports of an
// agreement with their evidence files and verification, the figures
// announced about a mission beside what the records back, and the
// follow-up surveys (사후 성과조사): officers see them by state, a company
// answers its own.  Every list is paged by the API (50 at a time, "more").
import * as api from '../api.js';
import { h, clear } from '../dom.js';
import { t, tx, label, enumCodes } from '../i18n.js';
import { money, day, todayKey } from '../format.js';
import { link, pageTitle, dl, errorBox, problemText } from '../ui.js';
import { picker, searchFor, pagedList, refName } from '../paged.js';
import { go } from '../main.js';
import { listPage } from './lists.js';

const moneyOf = (m) => (m ? money(m.minor, m.currency) : '');

// A table that grows a page at a time: fetchPage(cursor) -> {items, next}.
function pagedTable(headers, fetchPage, row) {
	const list = pagedList('tbody', row, { head: h('thead', h('tr', headers.map((x) => h('th', { scope: 'col' }, x)))), empty: t('no_data') });
	return { el: list.el, load: () => list.load(fetchPage) };
}

// --- follow-up surveys -----------------------------------------------

function stateTag(s) {
	const warn = s.state === 'overdue' ? '.warn' : '';
	return h(`span.tag${warn}.state-${s.state}`, label('survey_state', s.state));
}

export async function surveysPage(_, query) {
	const state = query.get('state') || '';
	const mission = query.get('mission_id') || '';
	const params = {};
	if (state) params.state = state;
	if (mission) params.mission_id = mission;
	const tabs = h('ul.tabs', ['', 'due', 'overdue', 'upcoming', 'answered'].map((s) => {
		const q = new URLSearchParams({ ...(s ? { state: s } : {}), ...(mission ? { mission_id: mission } : {}) });
		return h('li', h('a', { href: `/surveys${q.toString() ? '?' + q : ''}`, 'data-link': true, 'aria-current': s === state ? 'page' : null },
			s ? label('survey_state', s) : t('all_states')));
	}));
	const table = pagedTable([t('due_on'), t('state'), t('firm'), t('mission'), t('survey'), t('reminders'), t('outcome')],
		(cursor) => api.page('surveys', params, cursor),
		(s) => h('tr', { 'data-survey': s.id },
			h('td', day(s.due_on)), h('td', stateTag(s)),
			h('td', tx(s.organisation_name) || s.organisation_key),
			h('td', api.can.missions() ? link(`/missions/${s.mission_id}`, tx(s.mission_title) || s.mission_slug) : tx(s.mission_title) || s.mission_slug),
			h('td', link(`/surveys/${s.id}`, t('months_after', { n: s.months }))),
			h('td', s.reminded_utc ? t('reminded_on', { d: day(new Date(s.reminded_utc * 1000).toISOString().slice(0, 10)) }) : '—'),
			h('td', s.outcome ? label('survey_outcome', s.outcome) : s.state === 'answered' ? '' : (mayAnswer() ? link(`/surveys/${s.id}`, t('answer')) : '—'))));
	await table.load();
	return h('div', pageTitle(t('surveys')), h('nav', { 'aria-label': t('state') }, tabs), table.el);
}

const mayAnswer = () => api.session && api.session.role !== 'viewer';

export async function surveyPage([id], query) {
	const s = await api.get(`/api/surveys/${id}`);
	const thanks = query && query.get('answered') && s.answered_utc ? h('p.notice', { role: 'status' }, t('answer_sent')) : null;
	const head = pageTitle(`${t('survey')} · ${tx(s.organisation_name) || s.organisation_key}`, link('/surveys', t('back')));
	const facts = dl([[t('mission'), tx(s.mission_title) || s.mission_slug], [t('firm'), tx(s.organisation_name) || s.organisation_key],
		[t('survey'), t('months_after', { n: s.months })], [t('due_on'), day(s.due_on)], [t('state'), stateTag(s)],
		[t('reminders'), s.reminded_utc ? t('reminded_on', { d: day(new Date(s.reminded_utc * 1000).toISOString().slice(0, 10)) }) : ''],
		[t('outcome'), s.outcome ? label('survey_outcome', s.outcome) : ''], [t('reason'), s.reason || '']]);
	if (s.answered_utc) {
		const a = s.answer || {};
		return h('article', head, thanks, facts,
			(a.realisation_ids || []).length ? h('section', h('h2', t('exports_realised')), h('ul.list', a.realisation_ids.map((r) =>
				h('li', link(`/realisations/${r}`, `${t('realisations')} #${r}`))))) : null,
			(a.agreement_ids || []).length ? h('section', h('h2', t('new_contracts')), h('ul.list', a.agreement_ids.map((g) =>
				h('li', link(`/agreements/${g}`, `${t('agreement')} #${g}`))))) : null);
	}
	return h('article', head, facts, mayAnswer() ? await answerForm(s) : null);
}

// The firm's sales to report exports under (contracts and purchase
// orders): a company's own, or for an officer those of the survey's
// mission (one page each).
async function agreementOptions(s) {
	const params = api.session.role === 'company' ? {} : { mission_id: s.mission_id };
	const p = await api.page('agreements', { ...params, limit: '200' });
	return p.items.filter((a) => a.kind === 'contract' || a.kind === 'purchase_order')
		.map((a) => [a.id, `${tx(a.title) || a.key} (${label('agreement_kind', a.kind)})`]);
}

// Buyers: an officer finds them by name; a company, which cannot see
// other organisations, picks among the buyers of its own consultations.
async function buyerPicker(id) {
	if (api.session.role === 'company') {
		const p = await api.page('consultations', { limit: '200' });
		const seen = new Map();
		for (const c of p.items) if (c.buyer_id && !seen.has(c.buyer_id)) seen.set(c.buyer_id, `${t('buyer')} #${c.buyer_id} · ${tx(c.products) || c.key}`);
		const sel = h('select', { id }, h('option', { value: '' }, '—'), [...seen].map(([v, l]) => h('option', { value: v }, l)));
		return { el: sel, get value() { return sel.value; } };
	}
	return picker(id, searchFor('organisations'));
}

let seq = 0;
function labelled(text, input) {
	const id = input.id || `o-${++seq}`;
	input.id = id;
	return h('div.field', h('label', { for: id }, text), input);
}

async function answerForm(s) {
	const agreements = await agreementOptions(s);
	const status = h('div', { 'aria-live': 'polite' });
	const results = h('input', { type: 'radio', name: 'outcome', id: 'outcome-results', value: 'results', checked: true });
	const none = h('input', { type: 'radio', name: 'outcome', id: 'outcome-none', value: 'no_result' });
	const reason = h('textarea', { id: 'reason', rows: 3 });
	const reasonField = h('div', { hidden: true }, labelled(t('reason'), reason));
	const exports = h('div.rows'), contracts = h('div.rows');
	const exportRows = [], contractRows = [];

	function addExport() {
		const n = ++seq;
		const r = {
			agreement: h('select', { id: `x-ag-${n}` }, h('option', { value: '' }, '—'), agreements.map(([v, l]) => h('option', { value: v }, l))),
			on: h('input', { type: 'date', id: `x-on-${n}`, value: todayKey() }),
			amount: h('input', { id: `x-amount-${n}`, inputmode: 'decimal' }),
			currency: h('input', { id: `x-cur-${n}`, value: 'USD', maxlength: 3, size: 4 }),
			kind: h('select', { id: `x-kind-${n}` }, h('option', { value: '' }, '—'), enumCodes('evidence_kind').map((c) => h('option', { value: c }, label('evidence_kind', c)))),
			reference: h('input', { id: `x-ref-${n}` }),
			file: h('input', { type: 'file', id: `x-file-${n}`, accept: 'application/pdf,image/png,image/jpeg' }),
		};
		exportRows.push(r);
		exports.append(h('fieldset.card.small.export-row', h('legend', `${t('exports_realised')} ${exportRows.length}`),
			labelled(t('agreement'), r.agreement), labelled(t('on_date'), r.on), labelled(t('amount'), r.amount),
			labelled(t('currency'), r.currency), labelled(t('evidence_kind'), r.kind), labelled(t('evidence_reference'), r.reference),
			labelled(t('evidence_file'), r.file)));
	}
	async function addContract() {
		const n = ++seq;
		const buyer = await buyerPicker(`c-buyer-${n}`);
		const r = {
			buyer, signed: h('input', { type: 'date', id: `c-on-${n}`, value: todayKey() }),
			amount: h('input', { id: `c-amount-${n}`, inputmode: 'decimal' }),
			currency: h('input', { id: `c-cur-${n}`, value: 'USD', maxlength: 3, size: 4 }),
			title: h('input', { id: `c-title-${n}`, required: true }),
		};
		contractRows.push(r);
		contracts.append(h('fieldset.card.small', h('legend', `${t('new_contracts')} ${contractRows.length}`),
			h('div.field', h('label', { for: `c-buyer-${n}` }, t('buyer')), buyer.el), labelled(t('signed_on'), r.signed),
			labelled(t('amount'), r.amount), labelled(t('currency'), r.currency), labelled(t('title'), r.title)));
	}
	const sections = h('div', h('h3', t('exports_realised')), exports,
		h('p', h('button', { type: 'button', onclick: addExport }, '+ ', t('add_export'))),
		h('h3', t('new_contracts')), contracts,
		h('p', h('button', { type: 'button', onclick: () => addContract() }, '+ ', t('add_contract'))));
	const toggle = () => { reasonField.hidden = !none.checked; sections.hidden = none.checked; };
	results.addEventListener('change', toggle);
	none.addEventListener('change', toggle);
	addExport();

	const form = h('form.card.edit.survey-answer', { novalidate: true }, h('h2', t('answer')), status,
		h('fieldset.field.checks', h('legend', t('outcome')),
			h('label.check', results, label('survey_outcome', 'results')), ' ', h('label.check', none, label('survey_outcome', 'no_result'))),
		reasonField, sections,
		h('div.actions', h('button.primary', { type: 'submit' }, t('save'))));

	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clear(status);
		let body;
		const files = [];
		if (none.checked) {
			if (!reason.value.trim()) { status.append(h('p.alert', { role: 'alert' }, t('reason_needed'))); reason.focus(); return; }
			body = { outcome: 'no_result', reason: reason.value.trim() };
		} else {
			const xs = exportRows.filter((r) => r.agreement.value && r.amount.value.trim());
			const cs = contractRows.filter((r) => r.buyer.value && r.amount.value.trim());
			if (!xs.length && !cs.length) { status.append(h('p.alert', { role: 'alert' }, t('answer_needs_item'))); return; }
			body = { outcome: 'results' };
			if (xs.length) body.exports = xs.map((r) => {
				files.push(r.file.files[0] || null);
				return { agreement_id: Number(r.agreement.value), on: r.on.value,
					value: { amount: r.amount.value.trim().replace(/,/g, ''), currency: r.currency.value.trim().toUpperCase() },
					...(r.kind.value ? { evidence_kind: r.kind.value } : {}), ...(r.reference.value.trim() ? { evidence_reference: r.reference.value.trim() } : {}) };
			});
			if (cs.length) body.contracts = cs.map((r) => ({ buyer_id: Number(r.buyer.value), signed_on: r.signed.value,
				value: { amount: r.amount.value.trim().replace(/,/g, ''), currency: r.currency.value.trim().toUpperCase() },
				title: r.title.value.trim() }));
		}
		let r;
		try {
			r = await api.request('POST', `/api/surveys/${s.id}/answer`, body);
		} catch (e) {
			status.append(errorBox(e));
			return;
		}
		// The answer is saved; a file the server refuses is uploaded
		// again on its realisation's page.
		const ids = (r.doc.answer && r.doc.answer.realisation_ids) || [];
		for (let i = 0; i < ids.length; i++) {
			if (!files[i]) continue;
			try {
				await api.upload(`/api/realisations/${ids[i]}/evidence?name=${encodeURIComponent(files[i].name)}`, files[i]);
			} catch {
				go(`/realisations/${ids[i]}`);
				return;
			}
		}
		go(`/surveys/${s.id}?answered=1`);
	});
	return form;
}

// --- realised exports of an agreement, with evidence ----------------------

function evidenceBlock(r) {
	const list = h('ul.list.evidence');
	const status = h('div', { 'aria-live': 'polite' });
	async function draw() {
		try {
			const ev = await api.get(`/api/realisations/${r.id}/evidence`);
			clear(list).append(...ev.items.map((e) => h('li',
				h('a', { href: `/api/evidence/${e.id}`, download: e.name || `evidence-${e.id}` }, e.name || `evidence-${e.id}`),
				h('span.muted', ` · ${e.content_type} · ${Math.ceil(e.size / 1024)} KB · SHA-256 ${e.sha256.slice(0, 12)}…`))));
		} catch (err) { clear(status).append(errorBox(err)); }
	}
	const file = h('input', { type: 'file', id: `ev-${r.id}`, accept: 'application/pdf,image/png,image/jpeg' });
	const up = h('button', { type: 'button', onclick: async () => {
		clear(status);
		if (!file.files[0]) return;
		try {
			await api.upload(`/api/realisations/${r.id}/evidence?name=${encodeURIComponent(file.files[0].name)}`, file.files[0]);
			status.append(h('p', t('uploaded')));
			file.value = '';
			await draw();
		} catch (e) { status.append(h('p.alert', { role: 'alert' }, problemText(e))); }
	} }, t('upload'));
	draw();
	return h('div', list, api.session.role === 'viewer' ? null : h('p', h('label', { for: file.id }, t('evidence_file')), ' ', file, ' ', up), status);
}

function realisationCard(r) {
	const verified = r.verified_by !== null;
	const verify = api.can.write() && !verified ? verifyForm(r) : null;
	return h('section.card.realisation', { 'data-realisation': r.id },
		h('h3', `${day(r.on)} · `, h('span.money', moneyOf(r.value)), ' ', h(verified ? 'span.tag' : 'span.tag.warn', verified ? t('verified') : t('unverified'))),
		dl([[t('evidence_kind'), r.evidence_kind ? label('evidence_kind', r.evidence_kind) : ''], [t('evidence_reference'), r.evidence_reference || ''],
			[t('verified_by'), verified ? `#${r.verified_by}` : ''], [t('verified_at'), r.verified_at ? day(r.verified_at) : '']]),
		h('h4', t('evidence')), evidenceBlock(r), verify,
		api.can.write() ? h('p', link(`/edit/realisations/${r.id}`, t('edit'))) : null);
}

// An officer verifies with the person who checked and the day.
function verifyForm(r) {
	const who = picker(`vb-${r.id}`, searchFor('people'));
	const on = h('input', { id: `va-${r.id}`, type: 'date', value: todayKey() });
	const status = h('span', { 'aria-live': 'polite' });
	const form = h('form.inline', h('div.field', h('label', { for: `vb-${r.id}` }, t('verified_by')), who.el), labelled(t('verified_at'), on),
		h('button', { type: 'submit' }, t('verify')), status);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		try {
			const cur = await api.request('GET', `/api/realisations/${r.id}`);
			await api.request('PATCH', `/api/realisations/${r.id}`, { verified_by: Number(who.value), verified_at: on.value }, { 'If-Match': cur.etag });
			go(location.pathname);
		} catch (e) { clear(status).append(problemText(e)); }
	});
	return form;
}

export async function realisationsPage([id]) {
	const a = await api.get(`/api/agreements/${id}`);
	const list = h('div');
	const more = h('button', { type: 'button', hidden: true }, t('more'));
	let cursor = null;
	async function load() {
		const p = await api.page('realisations', { agreement_id: id, sort: 'on' }, cursor);
		list.append(...p.items.map(realisationCard));
		cursor = p.next;
		more.hidden = !cursor;
		if (!list.firstChild) list.append(h('p.muted', t('no_data')));
	}
	more.addEventListener('click', load);
	await load();
	return h('article', pageTitle(`${t('realisations')} · ${tx(a.title) || a.key}`, link(`/agreements/${id}`, t('back')),
		api.session.role !== 'viewer' ? link(`/new/realisations?agreement_id=${id}`, '+ ', t('new')) : null), list, h('p', more));
}

export async function realisationPage([id]) {
	const r = await api.get(`/api/realisations/${id}`);
	return h('article', pageTitle(`${t('realisations')} #${r.id}`, link(`/agreements/${r.agreement_id}/realisations`, t('back'))), realisationCard(r));
}

// --- consultations of an event or a mission -----------------------------

function consultationRow(c) {
	return h('tr', h('td', c.key), h('td', c.firm ? refName(c.firm) : `#${c.firm_id}`), h('td', c.buyer_id ? (c.buyer ? refName(c.buyer) : `#${c.buyer_id}`) : c.buyer_country || ''),
		h('td', tx(c.products)), h('td.money', moneyOf(c.consulted)), h('td.money', moneyOf(c.expected)),
		h('td', c.likelihood ? label('likelihood', c.likelihood) : ''),
		h('td', api.session.role === 'viewer' ? '' : link(`/edit/consultations/${c.id}`, t('edit'))));
}

const CONSULTATION_COLS = () => [t('key'), t('firm'), t('buyer'), t('products'), t('consulted'), t('expected'), t('likelihood'), ''];

export async function eventConsultationsPage([id]) {
	const ev = await api.get(`/api/events/${id}`);
	const table = pagedTable(CONSULTATION_COLS(), (cursor) => api.page('consultations', { event_id: id }, cursor), consultationRow);
	await table.load();
	return h('div', pageTitle(`${t('consultations')} · ${tx(ev.title) || ev.key}`,
		api.can.missions() ? link(`/missions/${ev.mission_id}/consultations`, t('mission')) : null,
		api.session.role !== 'viewer' ? link(`/new/consultations?event_id=${id}`, '+ ', t('new')) : null), table.el);
}

export async function missionConsultationsPage([id]) {
	const events = (await api.page('events', { mission_id: id, sort: 'start_utc', limit: '200' })).items;
	const sections = [];
	for (const ev of events) {
		const table = pagedTable(CONSULTATION_COLS(), (cursor) => api.page('consultations', { event_id: ev.id }, cursor), consultationRow);
		await table.load();
		sections.push(h('section', h('h2', link(`/events/${ev.id}/consultations`, tx(ev.title) || ev.key), ' ', h('span.tag', label('event_kind', ev.kind))), table.el));
	}
	return h('div', pageTitle(t('consultations'), link(`/missions/${id}`, t('back')), link(`/missions/${id}/claims`, t('claims'))), sections);
}

// --- claims of a mission, beside the records ----------------------------

export async function claimsPage([id]) {
	const [m, report] = await Promise.all([api.get(`/api/missions/${id}`), api.get(`/api/missions/${id}/report`).catch(() => null)]);
	const judged = new Map(((report && report.claims) || []).map((c) => [c.key, c]));
	const table = pagedTable([t('claim'), t('tier'), t('claimed'), t('recorded'), t('backed'), t('stated_on'), t('source'), ''],
		(cursor) => api.page('claims', { mission_id: id, sort: 'stated_on' }, cursor),
		(c) => {
			const j = judged.get(c.key);
			return h('tr', { 'data-claim': c.key }, h('td', c.key), h('td', label('tier', c.tier)), h('td.money', moneyOf(c.value)),
				h('td.money', j && j.recorded ? money(j.recorded.minor, j.recorded.currency) : ''),
				h('td', j ? [h(j.backed ? 'span.tag' : 'span.tag.warn', j.backed ? t('backed') : t('not_backed')), j.text ? h('p.muted', j.text) : null] : '—'),
				h('td', day(c.stated_on)),
				h('td', c.source_url ? h('a', { href: c.source_url, rel: 'noopener noreferrer' }, tx(c.source_title) || c.source_url) : tx(c.source_title)),
				h('td', api.can.write() ? link(`/edit/claims/${c.id}`, t('edit')) : ''));
		});
	await table.load();
	return h('div', pageTitle(`${t('claims')} · ${tx(m.title) || m.slug}`, link(`/missions/${id}`, t('back')),
		api.can.write() ? link(`/new/claims?mission_id=${id}`, '+ ', t('new')) : null), table.el);
}

// The meetings page's link to record a B2B meeting's consultation, once
// the meeting's time has passed.
export function recordConsultationLink(m, eventId) {
	if (!m.end_utc || m.end_utc * 1000 > Date.now() || api.session.role === 'viewer') return null;
	const firm = m.with ? null : m.a.id;
	const q = new URLSearchParams({ event_id: eventId, meeting_id: m.id, key: `meeting-${m.id}`,
		...(firm ? { firm_id: firm, buyer_id: m.b.id } : {}) });
	return link(`/new/consultations?${q}`, t('record_consultation'));
}

// --- the consultations and realisations behind a dashboard figure --------

const OUTCOME_FILTERS = ['year', 'province', 'country', 'sector', 'mission'];

export const consultationsPage = (_, query) => listPage({
	title: t('consultations'), path: '/consultations', measure: 'consultations', listing: 'consultations',
	names: OUTCOME_FILTERS, columns: CONSULTATION_COLS(), row: consultationRow,
}, query);

export const allRealisationsPage = (_, query) => listPage({
	title: t('realisations'), path: '/realisations', measure: 'realisations', listing: 'realisations',
	names: OUTCOME_FILTERS,
	columns: [t('on_date'), t('agreement'), t('value'), t('verified')],
	row: (r) => h('tr', h('td', link(`/realisations/${r.id}`, day(r.on))),
		h('td', r.agreement ? link(`/agreements/${r.agreement_id}`, refName(r.agreement)) : `#${r.agreement_id}`),
		h('td.money', moneyOf(r.value)), h('td', r.verified_at ? t('verified') : t('unverified'))),
}, query);
