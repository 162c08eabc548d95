// lists.js: what the lists behind the figures share: the filters taken
// from the address and a line naming them, with a way to drop them.
import { h } from '../dom.js';
import { t, label } from '../i18n.js';
import { link } from '../ui.js';

// The address's values of the names a list applies.
export function filtersOf(query, names) {
	const f = {};
	for (const k of names) if (query.get(k)) f[k] = query.get(k);
	return f;
}

// The filters in words ("Sector: Food · Year: 2024"); kindVocab names
// the vocabulary of `kind`.
export function filterNote(filters, clearHref, kindVocab = 'event_kind') {
	const vocab = { kind: kindVocab, sector: 'sector', status: 'status', except: 'status' };
	const words = (k, v) => (vocab[k] ? v.split(',').map((x) => label(vocab[k], x) || x).join(', ') : v);
	const named = Object.entries(filters).map(([k, v]) => `${t(k === 'except' ? 'left_out' : k)}: ${words(k, v)}`);
	return named.length ? h('p.muted', { id: 'list-filters' }, named.join(' · '), ' · ', link(clearHref, t('clear_filters'))) : null;
}
