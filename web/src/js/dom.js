// dom.js: building elements without innerHTML, so text from the API is
// always text (and the page's Content-Security-Policy holds).

// h('a.btn', {href: '/x'}, 'text', child, [more]) -> element
export function h(tag, attrs, ...children) {
	const [name, ...classes] = tag.split('.');
	const el = name.startsWith('svg:')
		? document.createElementNS('http://www.w3.org/2000/svg', name.slice(4))
		: document.createElement(name || 'div');
	if (classes.length) el.setAttribute('class', classes.join(' '));
	if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
		children.unshift(attrs);
		attrs = null;
	}
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v === null || v === undefined || v === false) continue;
		if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
		else if (k === 'class') el.setAttribute('class', (el.getAttribute('class') ? el.getAttribute('class') + ' ' : '') + v);
		else if (k === 'value' && 'value' in el) el.value = v;
		else el.setAttribute(k, v === true ? '' : String(v));
	}
	append(el, children);
	return el;
}

function append(el, children) {
	for (const c of children) {
		if (c === null || c === undefined || c === false) continue;
		if (Array.isArray(c)) append(el, c);
		else el.append(c instanceof Node ? c : String(c));
	}
}

export function clear(el) {
	while (el.firstChild) el.firstChild.remove();
	return el;
}

export function svg(tag, attrs, ...children) {
	return h('svg:' + tag, attrs, ...children);
}
