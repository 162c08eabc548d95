// forms.js: create and edit forms for every resource, driven by one field
// table.  Validation messages sit beside their field (from our own
// checks, or from the API's problem pointer); a 412 on save shows what
// someone else changed, field by field, and keeps the person's input.
import * as api from '../api.js';
import { h, clear } from '../dom.js';
import { t, tx, label, enumCodes } from '../i18n.js';
import { minorFromMajor, majorFromMinor, zonedToUtc, utcToZoned } from '../format.js';
import { pageTitle, errorBox, problemText } from '../ui.js';
import { picker, searchFor, refName } from '../paged.js';
import { go } from '../main.js';

const req = true;
const SPECS = {
	organisations: [['key', 'text', req], ['kind', 'enum:org_kind', req], ['name', 'i18n'], ['country', 'country'], ['city', 'i18n'],
		['sectors', 'sectors'], ['website', 'text'], ['description', 'i18n']],
	people: [['key', 'text', req], ['name', 'i18n'], ['title', 'i18n'], ['organisation_id', 'ref:organisations'], ['email', 'text'], ['phone', 'text']],
	missions: [['slug', 'text', req], ['title', 'i18n', req], ['home_zone', 'zone', req], ['home_organisation_id', 'ref:organisations'], ['purpose', 'i18n'], ['sectors', 'sectors']],
	stops: [['mission_id', 'fixed'], ['key', 'text', req], ['city', 'i18n'], ['country', 'country'], ['zone', 'zone', req], ['home', 'bool'],
		['arrive', 'instant'], ['depart', 'instant']],
	events: [['mission_id', 'fixed'], ['key', 'text', req], ['kind', 'enum:event_kind', req], ['title', 'i18n', req], ['stop_id', 'ref:stops'],
		['zone', 'zone', req], ['start', 'instant', req], ['end', 'instant'], ['registered', 'int'], ['attended', 'int'],
		['attendance_approximate', 'bool'], ['sectors', 'sectors'], ['notes', 'i18n']],
	agreements: [['key', 'text', req], ['kind', 'enum:agreement_kind', req], ['title', 'i18n', req], ['mission_id', 'ref:missions'], ['event_id', 'ref:events'],
		['signed_on', 'day', req], ['home_role', 'enum:home_role', req], ['status', 'enum:status', req], ['value', 'money'],
		['series_id', 'int'], ['sectors', 'sectors'], ['notes', 'i18n']],
	pavilions: [['mission_id', 'fixed'], ['key', 'text', req], ['show', 'i18n'], ['name', 'i18n'], ['event_id', 'ref:events'], ['notes', 'i18n']],
	participants: [['role', 'enum:participant_role', req], ['organisation_id', 'ref:organisations'], ['person_id', 'ref:people']],
	parties: [['organisation_id', 'ref:organisations', req], ['role', 'enum:party_role', req]],
	followups: [['due_on', 'day', req], ['description', 'i18n'], ['done_on', 'day'], ['owner_person_id', 'ref:people']],
	exhibitors: [['organisation_id', 'ref:organisations'], ['booth', 'text'], ['description', 'i18n'], ['products', 'i18n']],
	consultations: [['key', 'text', req], ['event_id', 'int', req], ['firm_id', 'find:organisation', req], ['buyer_id', 'find:organisation'],
		['buyer_country', 'country'], ['meeting_id', 'int'], ['products', 'i18n'], ['hs_code', 'text'], ['consulted', 'amount'],
		['expected', 'amount'], ['likelihood', 'enum:likelihood'], ['recorded_by', 'find:person'], ['notes', 'i18n']],
	realisations: [['agreement_id', 'fixed'], ['on', 'day', req], ['value', 'amount', req], ['evidence_kind', 'enum:evidence_kind'],
		['evidence_reference', 'text'], ['verified_by', 'find:person'], ['verified_at', 'day']],
	claims: [['mission_id', 'fixed'], ['key', 'text', req], ['tier', 'enum:tier', req], ['value', 'amount'], ['firms', 'int'],
		['stated_on', 'day', req], ['source_title', 'i18n'], ['source_url', 'text']],
};

const LABELS = { key: 'key', slug: 'slug', kind: 'kind', name: 'name', country: 'country', city: 'city', sectors: 'sector', website: 'website',
	description: 'description', title: 'title', organisation_id: 'organisation', email: 'email', phone: 'phone', home_zone: 'home_zone',
	home_organisation_id: 'home_org', purpose: 'purpose', mission_id: 'mission', zone: 'zone', home: 'home_stop', arrive: 'arrive', depart: 'depart',
	stop_id: 'stop', start: 'start', end: 'end', registered: 'registered', attended: 'attended', attendance_approximate: 'approx',
	notes: 'notes', event_id: 'event', signed_on: 'signed_on', home_role: 'home_role', status: 'status', value: 'value', series_id: 'series',
	show: 'show', role: 'role', person_id: 'person', due_on: 'due_on', done_on: 'done_on', owner_person_id: 'person', booth: 'booth', products: 'products',
	firms: 'firms_count' };

function apiPath(res, id, child, childId) {
	let p = `/api/${res}`;
	if (id) p += `/${id}`;
	if (child) p += `/${child}`;
	if (childId) p += `/${childId}`;
	return p;
}

// Options of a reference field scoped to its mission (a mission's stops
// or events); any other reference is a typeahead (paged.js picker).
async function refOptions(res, missionId) {
	const items = await api.listOrNone(res, { mission_id: missionId });
	return items.map((r) => [r.id, tx(r.name || r.title || r.city) || r.key || r.slug]);
}

// The text a picker starts with: the referenced record's name.
// The resource a 'find:' field's kind is searched in.
const FIND_RESOURCE = { organisation: 'organisations', person: 'people' };

async function refInitial(res, id) {
	if (id === null || id === undefined || id === '') return null;
	try { return { id: Number(id), text: refName(await api.get(`/api/${res}/${id}`)) }; }
	catch { return { id: Number(id), text: `#${id}` }; }
}

export async function formPage(params, query) {
	const creating = location.pathname.startsWith('/new/');
	let [res, id, child, childId] = params;
	if (creating && params.length === 3) [res, id, child] = params;
	const kind = child || res;
	const spec = SPECS[kind];
	if (!spec) return h('p.alert', t('page_not_found'));
	const path = creating ? apiPath(res, id, child) : apiPath(res, id, child, childId);
	let original = {}, etag = null;
	if (!creating) {
		const r = await api.request('GET', path);
		original = r.doc; etag = r.etag;
	}
	const missionId = original.mission_id || query.get('mission_id');
	const fields = [];
	for (const [name, type, required] of spec) {
		const f = await field(name, type, required, original, query, missionId, creating);
		if (f) fields.push(f);
	}
	const zoneOf = () => { const z = fields.find((f) => f.name === 'zone'); return z ? z.input.value : 'UTC'; };
	const status = h('div', { 'aria-live': 'polite' });
	const form = h('form.card.edit', { novalidate: true }, status, fields.map((f) => f.el),
		h('div.actions', h('button.primary', { type: 'submit' }, t('save')), ' ',
			h('button', { type: 'button', onclick: () => history.back() }, t('cancel')),
			!creating ? h('button.danger', { type: 'button', onclick: remove } , t('del')) : null));

	function collect() {
		const body = {};
		let ok = true;
		for (const f of fields) {
			f.setError('');
			if (f.type === 'fixed' && !creating) continue;
			const v = f.read(zoneOf());
			if (f.required && f.isEmpty()) { f.setError(t('required')); ok = false; continue; }
			if (v && v.error) { f.setError(v.error); ok = false; continue; }
			Object.assign(body, v.values);
		}
		return ok ? body : null;
	}

	function changedOnly(body) {
		const out = {};
		for (const [k, v] of Object.entries(body)) if (JSON.stringify(v) !== JSON.stringify(original[k])) out[k] = v;
		return out;
	}

	async function remove() {
		if (!confirm(t('confirm_delete'))) return;
		try {
			await api.request('DELETE', path, undefined, etag ? { 'If-Match': etag } : {});
			go(afterPath(kind, original, res, id));
		} catch (e) { clear(status).append(errorBox(e)); }
	}

	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clear(status);
		const body = collect();
		if (!body) { const bad = form.querySelector('[aria-invalid="true"]'); if (bad) bad.focus(); return; }
		try {
			const r = creating ? await api.request('POST', path, body)
				: await api.request('PATCH', path, changedOnly(body), { 'If-Match': etag });
			go(afterPath(kind, r.doc, res, id));
		} catch (e) {
			if (e.status === 412) return showConflict();
			const ptr = e.problem && e.problem.pointer;
			const f = ptr && fields.find((x) => x.owns(ptr.split('/')[1]));
			if (f) { f.setError(problemText(e).replace(/^[^:]*: /, '')); f.focus(); }
			status.append(errorBox(e));
		}
	});

	async function showConflict() {
		const now = await api.request('GET', path);
		const diff = Object.keys(now.doc).filter((k) => k !== 'version' && JSON.stringify(now.doc[k]) !== JSON.stringify(original[k]));
		clear(status).append(h('div.alert', { role: 'alert' }, h('p', t('conflict')),
			h('table.data', h('thead', h('tr', h('th', { scope: 'col' }, t('changed_field')), h('th', { scope: 'col' }, t('theirs')))),
				h('tbody', diff.map((k) => h('tr', h('td', t(LABELS[k.replace(/_(utc|precision)$/, '')] || k)), h('td', show(now.doc[k]))))))));
		// The next save goes against what is there now.
		original = now.doc; etag = now.etag;
	}

	return h('div', pageTitle(`${t(kind)} · ${creating ? t('new') : t('edit')}`), form);
}

function show(v) {
	if (v === null || v === undefined) return '—';
	if (typeof v === 'object' && !Array.isArray(v)) return [v.ko, v.en].filter(Boolean).join(' / ');
	return Array.isArray(v) ? v.join(', ') : String(v);
}

function afterPath(kind, rec, res, parentId) {
	switch (kind) {
	case 'organisations': case 'missions': case 'agreements': case 'pavilions': return `/${kind}/${rec.id}`;
	case 'people': return rec.organisation_id ? `/organisations/${rec.organisation_id}` : '/organisations';
	case 'stops': case 'events': return `/missions/${rec.mission_id}`;
	case 'parties': case 'followups': return `/agreements/${parentId}`;
	case 'exhibitors': return `/pavilions/${parentId}`;
	case 'consultations': return `/events/${rec.event_id}/consultations`;
	case 'realisations': return `/agreements/${rec.agreement_id}/realisations`;
	case 'claims': return `/missions/${rec.mission_id}/claims`;
	default: return '/';
	}
}

let seq = 0;
async function field(name, type, required, rec, query, missionId, creating) {
	const id = `f-${name}-${++seq}`;
	const err = h('p.field-error', { id: id + '-err', hidden: true });
	const text = t(LABELS[name] || name) + (required ? ' *' : '');
	const describe = (el) => { el.setAttribute('aria-describedby', id + '-err'); return el; };
	const f = { name, type, required, owns: (k) => k === name, focus: () => f.input && f.input.focus() };
	f.setError = (m) => {
		err.textContent = m; err.hidden = !m;
		for (const el of f.inputs || [f.input]) if (el) el.setAttribute('aria-invalid', m ? 'true' : 'false');
	};
	const initial = name in rec ? rec[name] : query.get(name);
	const [base, arg] = type.split(':');
	if (base === 'fixed') {
		f.input = h('input', { id, value: initial || '', readonly: !creating, inputmode: 'numeric' });
		f.isEmpty = () => !f.input.value;
		f.read = () => ({ values: f.input.value ? { [name]: Number(f.input.value) } : {} });
		f.el = h('div.field', h('label', { for: id }, text), describe(f.input), err);
		return f;
	}
	if (base === 'i18n') {
		const v = initial || {};
		const ko = describe(h('input', { id, value: v.ko || '', lang: 'ko' }));
		const en = describe(h('input', { id: id + '-en', value: v.en || '', lang: 'en' }));
		f.input = ko; f.inputs = [ko, en];
		f.owns = (k) => k === name;
		f.isEmpty = () => !ko.value && !en.value;
		// Both languages empty is no text at all: left out when there was
		// none, cleared (null) when there was.
		f.read = () => {
			if (ko.value || en.value) return { values: { [name]: { ko: ko.value || null, en: en.value || null } } };
			return { values: v.ko || v.en ? { [name]: null } : {} };
		};
		f.el = h('fieldset.field.pair', h('legend', text),
			h('div', h('label', { for: id }, t('ko')), ko), h('div', h('label', { for: id + '-en' }, t('en')), en), err);
		return f;
	}
	if (base === 'sectors') {
		const have = new Set(initial || []);
		const boxes = enumCodes('sector').map((s) => h('input', { type: 'checkbox', id: `${id}-${s}`, value: s, checked: have.has(s) }));
		f.inputs = boxes; f.input = boxes[0];
		f.isEmpty = () => false;
		f.read = () => ({ values: { [name]: boxes.filter((b) => b.checked).map((b) => b.value) } });
		f.el = h('fieldset.field.checks', h('legend', text), boxes.map((b) => h('label.check', b, label('sector', b.value))), err);
		return f;
	}
	if (base === 'bool') {
		f.input = describe(h('input', { type: 'checkbox', id, checked: !!initial }));
		f.isEmpty = () => false;
		f.read = () => ({ values: { [name]: f.input.checked } });
		f.el = h('div.field', h('label.check', f.input, text), err);
		return f;
	}
	if (base === 'instant') {
		const utc = rec[name + '_utc'], prec = rec[name + '_precision'], zone = rec.zone || 'UTC';
		const local = utc !== undefined && utc !== null ? utcToZoned(utc, zone, prec) : '';
		const d = describe(h('input', { type: 'date', id, value: local.slice(0, 10) }));
		const tm = describe(h('input', { type: 'time', id: id + '-t', value: local.slice(11, 16) }));
		f.input = d; f.inputs = [d, tm];
		f.owns = (k) => k === name + '_utc' || k === name + '_precision';
		f.isEmpty = () => !d.value;
		f.read = (zoneName) => {
			if (!d.value) return { values: creating ? {} : { [name + '_utc']: null, [name + '_precision']: 0 } };
			const s = zonedToUtc(tm.value ? `${d.value}T${tm.value}` : d.value, zoneName);
			if (!Number.isFinite(s)) return { error: t('required') };
			return { values: { [name + '_utc']: s, [name + '_precision']: tm.value ? 2 : 1 } };
		};
		f.el = h('fieldset.field.pair', h('legend', text, h('span.muted', ` (${t('local')})`)),
			h('div', h('label', { for: id }, t('date')), d), h('div', h('label', { for: id + '-t' }, t('time')), tm), err);
		return f;
	}
	if (base === 'money') {
		const cur = rec.currency || 'USD';
		const amount = describe(h('input', { id, inputmode: 'decimal', value: rec.value_minor !== undefined && rec.value_minor !== null ? majorFromMinor(rec.value_minor, cur) : '' }));
		const currency = describe(h('input', { id: id + '-c', value: rec.currency || '', maxlength: 3, size: 4, autocapitalize: 'characters', placeholder: 'USD' }));
		f.input = amount; f.inputs = [amount, currency];
		f.owns = (k) => k === 'value_minor' || k === 'currency';
		f.isEmpty = () => !amount.value;
		f.read = () => {
			if (!amount.value) return { values: { value_minor: null, currency: null } };
			const c = currency.value.trim().toUpperCase();
			if (!/^[A-Z]{3}$/.test(c)) return { error: `${t('currency')}: ISO 4217 (USD, KRW, EUR …)` };
			const m = minorFromMajor(amount.value, c);
			if (!Number.isFinite(m)) return { error: t('amount') + '?' };
			return { values: { value_minor: m, currency: c } };
		};
		f.el = h('fieldset.field.pair', h('legend', text),
			h('div', h('label', { for: id }, t('amount')), amount), h('div', h('label', { for: id + '-c' }, t('currency')), currency), err);
		return f;
	}
	if (base === 'ref' && !(missionId && (arg === 'stops' || arg === 'events'))) {
		const p = picker(id, searchFor(arg), await refInitial(arg, initial));
		f.input = describe(p.input);
		f.isEmpty = () => p.value === null;
		f.read = () => (p.dangling ? { error: t('pick_from_list') } : { values: { [name]: p.value } });
		f.el = h('div.field', h('label', { for: id }, text), p.el, err);
		return f;
	}
	if (base === 'amount') {
		// {"amount": "80000.00", "currency": "USD"}: decimals as typed, the
		// server checks them against the currency.
		const v = initial && typeof initial === 'object' ? initial : {};
		const amount = describe(h('input', { id, inputmode: 'decimal', value: v.amount || '' }));
		const currency = describe(h('input', { id: id + '-c', value: v.currency || '', maxlength: 3, size: 4, autocapitalize: 'characters', placeholder: 'USD' }));
		f.input = amount; f.inputs = [amount, currency];
		f.isEmpty = () => !amount.value.trim();
		f.read = () => {
			const a = amount.value.trim().replace(/,/g, ''), c = currency.value.trim().toUpperCase();
			if (!a) return { values: creating ? {} : { [name]: null } };
			if (!/^[A-Z]{3}$/.test(c)) return { error: `${t('currency')}: ISO 4217 (USD, KRW, EUR …)` };
			return { values: { [name]: { amount: a, currency: c } } };
		};
		f.el = h('fieldset.field.pair', h('legend', text),
			h('div', h('label', { for: id }, t('amount')), amount), h('div', h('label', { for: id + '-c' }, t('currency')), currency), err);
		return f;
	}
	if (base === 'find') {
		// An id, found by name through the server's search where the role
		// may search (a company types its own ids, prefilled by links).
		const input = describe(h('input', { id, inputmode: 'numeric', value: initial ?? '' }));
		const find = api.session.role === 'company' ? null
			: picker(id + '-q', searchFor(FIND_RESOURCE[arg]), null, (o) => { input.value = String(o.id); });
		if (find) find.input.setAttribute('aria-label', `${text}: ${t('pick_search')}`);
		f.input = input;
		f.isEmpty = () => !input.value.trim();
		f.read = () => {
			const v = input.value.trim();
			if (!v) return { values: { [name]: null } };
			return /^\d+$/.test(v) ? { values: { [name]: Number(v) } } : { error: '0-9' };
		};
		f.el = h('div.field', h('label', { for: id }, text), input, find ? find.el : null, err);
		return f;
	}
	let input;
	if (base === 'enum') {
		input = h('select', { id }, h('option', { value: '' }, '—'), enumCodes(arg).map((c) => h('option', { value: c, selected: c === initial }, label(arg, c))));
	} else if (base === 'ref') {
		const opts = await refOptions(arg, missionId);
		input = h('select', { id }, h('option', { value: '' }, '—'), opts.map(([v, l]) => h('option', { value: v, selected: String(v) === String(initial) }, l)));
	} else if (base === 'zone') {
		const listId = 'zones';
		input = h('input', { id, list: listId, value: initial || (name === 'home_zone' ? 'Asia/Seoul' : ''), autocomplete: 'off' });
		if (!document.getElementById(listId)) document.body.append(h('datalist', { id: listId }, Intl.supportedValuesOf('timeZone').map((z) => h('option', { value: z }))));
	} else if (base === 'day') {
		input = h('input', { id, type: /^\d{4}-\d{2}-\d{2}$/.test(initial || '') || !initial ? 'date' : 'text', value: initial || '' });
	} else if (base === 'int') {
		input = h('input', { id, inputmode: 'numeric', value: initial ?? '' });
	} else {
		input = h('input', { id, value: initial ?? '', maxlength: base === 'country' ? 2 : null, autocapitalize: base === 'country' ? 'characters' : null });
	}
	f.input = describe(input);
	f.isEmpty = () => !input.value.trim();
	f.read = () => {
		const v = input.value.trim();
		if (base === 'int' || base === 'ref') {
			if (!v) return { values: { [name]: null } };
			if (!/^\d+$/.test(v)) return { error: '0-9' };
			return { values: { [name]: Number(v) } };
		}
		if (base === 'country') return v ? { values: { [name]: v.toUpperCase() } } : { values: { [name]: null } };
		if (!v) return { values: required ? {} : { [name]: name === 'key' || name === 'slug' ? undefined : null } };
		return { values: { [name]: v } };
	};
	f.el = h('div.field', h('label', { for: id }, text), input, err);
	return f;
}
