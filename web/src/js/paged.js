// paged.js: what pages share to stay small on a large database: a list
// that shows one page of a listing and fetches the next only when asked,
// a search box that waits for typing to pause, and a typeahead picker
// that asks the server instead of downloading a registry.
import { h, clear } from './dom.js';
import { t, tx } from './i18n.js';
import { errorBox } from './ui.js';
import * as api from './api.js';

// One page of fetchPage(cursor) -> {items, next} as item(record) nodes in
// a tag ('ul.list'), with a "more" button while there is a next page.
// load(fetchPage) starts again (new filters); an answer to an older
// load is dropped, so fast typing never shows stale results.
// With head (a thead), tag is the tbody of a table.data.
export function pagedList(tag, item, { id, empty, head } = {}) {
	const list = h(tag, id ? { id } : null);
	const more = h('button', { type: 'button', hidden: true, class: 'more' }, t('more'));
	const status = h('div', { 'aria-live': 'polite' });
	const el = h('div.paged', head ? h('table.data', head, list) : list, status, more);
	let fetchPage = null, next = null, generation = 0, shown = 0;

	async function step(first) {
		const mine = first ? ++generation : generation;
		more.disabled = true;
		let page;
		try {
			page = await fetchPage(first ? null : next);
		} catch (e) {
			if (mine === generation) clear(status).append(errorBox(e));
			return;
		} finally {
			more.disabled = false;
		}
		if (mine !== generation) return;
		clear(status);
		if (first) { clear(list); shown = 0; }
		list.append(...page.items.map(item));
		shown += page.items.length;
		next = page.next;
		more.hidden = !next;
		if (!shown && empty) status.append(h('p.muted', empty));
		el.dispatchEvent(new CustomEvent('paged', { detail: { shown, more: !!next } }));
	}
	more.addEventListener('click', () => step(false));
	return {
		el,
		load(f) { fetchPage = f; return step(true); },
	};
}

// fn after the person stops typing for ms; an Enter runs it at once.
export function debounce(fn, ms = 250) {
	let timer = null;
	const run = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
	run.now = (...args) => { clearTimeout(timer); fn(...args); };
	return run;
}

// A part of a page asked for only when it comes into view: box (marked
// .loading) is replaced by the node(s) draw(await ask()) returns, or shows
// the problem.  A page nobody scrolls does not pay for it.
export function whenSeen(box, ask, draw) {
	box.classList.add('loading');
	const seen = new IntersectionObserver(async (entries) => {
		if (!entries.some((e) => e.isIntersecting)) return;
		seen.disconnect();
		try {
			box.replaceWith(...[draw(await ask())].flat());
		} catch (e) {
			box.classList.remove('loading');
			box.append(errorBox(e));
		}
	}, { rootMargin: '200px' });
	seen.observe(box);
	return box;
}

// The name of an embedded reference ({id, key|slug, name|title}).
export function refName(r) {
	if (!r) return '';
	return tx(r.name || r.title) || r.key || r.slug || `#${r.id}`;
}

// A typeahead for a reference field: a text box whose suggestions come
// from search(q) -> [{id, text}] (at most ten, from the server) and a
// hidden value holding the chosen id.  initial: {id, text} or null;
// onpick(option) when one is chosen.
export function picker(id, search, initial, onpick) {
	const input = h('input', { id, type: 'text', autocomplete: 'off', role: 'combobox', 'aria-autocomplete': 'list',
		'aria-expanded': 'false', 'aria-controls': `${id}-list`, value: initial ? initial.text : '' });
	const box = h('ul.picker', { id: `${id}-list`, role: 'listbox', hidden: true });
	let value = initial ? initial.id : null, chosenText = initial ? initial.text : '', generation = 0;
	const close = () => { box.hidden = true; input.setAttribute('aria-expanded', 'false'); };
	function choose(o) {
		value = o.id; chosenText = o.text; input.value = o.text;
		close();
		if (onpick) onpick(o);
	}
	const ask = debounce(async () => {
		const q = input.value.trim();
		const mine = ++generation;
		if (!q) { close(); return; }
		let options;
		try { options = await search(q); } catch { options = []; }
		if (mine !== generation) return;
		clear(box).append(...options.map((o, i) => h('li', { role: 'option', id: `${id}-o${i}`, 'data-id': o.id, tabindex: '-1',
			onmousedown: (e) => { e.preventDefault(); choose(o); }, onkeydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); choose(o); input.focus(); } } }, o.text)));
		if (!options.length) box.append(h('li.muted', t('none')));
		box.hidden = false;
		input.setAttribute('aria-expanded', 'true');
	});
	input.addEventListener('input', () => { if (input.value !== chosenText) value = null; if (!input.value) chosenText = ''; ask(); });
	input.addEventListener('keydown', (e) => {
		if (e.key === 'ArrowDown' && !box.hidden) { e.preventDefault(); const f = box.querySelector('[role=option]'); if (f) f.focus(); }
		if (e.key === 'Escape') close();
	});
	box.addEventListener('keydown', (e) => {
		const cur = document.activeElement;
		if (e.key === 'ArrowDown' && cur.nextElementSibling) { e.preventDefault(); cur.nextElementSibling.focus(); }
		if (e.key === 'ArrowUp') { e.preventDefault(); (cur.previousElementSibling || input).focus(); }
		if (e.key === 'Escape') { close(); input.focus(); }
	});
	input.addEventListener('blur', () => setTimeout(() => { if (!box.contains(document.activeElement)) close(); }, 100));
	return {
		input, el: h('div.picker-wrap', input, box),
		get value() { return value; },
		// Typed text that names nothing chosen.
		get dangling() { return input.value.trim() !== '' && value === null; },
	};
}

// Searches per resource for pickers: the resource's own listing with q
// where it has one; else the name index (which lists every kind, up to
// 200 names) filtered to the kind.
const SEARCH_KIND = { people: 'person', agreements: 'agreement', pavilions: 'pavilion' };
const PICKS = 10;
export function searchFor(res) {
	const own = { organisations: 'organisations', missions: 'missions/summary' }[res];
	if (own)
		return async (q) => (await api.page(own, { q, limit: PICKS })).items.map((r) => ({ id: r.id, text: refName(r) }));
	return async (q) => {
		const kind = SEARCH_KIND[res];
		const doc = await api.get(`/api/search?${api.query({ q, limit: 200 })}`);
		return doc.items.filter((r) => r.kind === kind).slice(0, PICKS).map((r) => ({ id: r.id, text: refName(r) }));
	};
}
