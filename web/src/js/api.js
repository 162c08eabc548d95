// api.js: the one way the UI reaches data: the JSON API of docs/api.md,
// with the session cookie and its CSRF token on every unsafe request.

let csrf = null;
export let session = null;

export class ApiError extends Error {
	constructor(status, problem, headers) {
		super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
		this.status = status;
		this.problem = problem || {};
		this.headers = headers;
	}
}

export async function request(method, path, body, headers = {}) {
	const h = { Accept: 'application/json', ...headers };
	if (body !== undefined) h['Content-Type'] = 'application/json';
	if (method !== 'GET' && csrf) h['X-CSRF-Token'] = csrf;
	const r = await fetch(path, {
		method, headers: h, credentials: 'same-origin',
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await r.text();
	let doc = null;
	try { doc = text ? JSON.parse(text) : null; } catch { doc = null; }
	if (!r.ok) throw new ApiError(r.status, doc, r.headers);
	return { doc, etag: r.headers.get('ETag'), status: r.status };
}

export const get = async (path) => (await request('GET', path)).doc;

// A file as the raw body (evidence uploads), its type as Content-Type.
export async function upload(path, file) {
	const r = await fetch(path, {
		method: 'POST', credentials: 'same-origin', body: file,
		headers: { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream', ...(csrf ? { 'X-CSRF-Token': csrf } : {}) },
	});
	const text = await r.text();
	let doc = null;
	try { doc = text ? JSON.parse(text) : null; } catch { doc = null; }
	if (!r.ok) throw new ApiError(r.status, doc, r.headers);
	return doc;
}

// The query string of params, leaving out empty values.
export function query(params = {}) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, v);
	return q.toString();
}

// One page of a listing: {items, next} where next is the cursor of the
// page after it or null.  path is under /api/ and may name a sublisting
// ("organisations/4/agreements").
export async function page(path, params = {}, cursor = null) {
	const doc = await get(`/api/${path}?${query({ limit: 50, ...params, cursor })}`);
	return { items: doc.items, next: doc.next ?? doc.next_cursor ?? null };
}

// Every page of a listing (the API pages at most 200 records).  Only for
// listings bounded by their parent (a mission's stops, an agreement's
// parties), never for a registry.
export async function listAll(resource, params = {}) {
	const items = [];
	let cursor = null;
	do {
		const q = new URLSearchParams({ ...params, limit: '200' });
		if (cursor) q.set('cursor', cursor);
		const page = await get(`/api/${resource}?${q}`);
		items.push(...page.items);
		cursor = page.next ?? page.next_cursor;
	} while (cursor);
	return items;
}

// A listing that may be forbidden for this role: empty instead.
export async function listOrNone(resource, params) {
	try { return await listAll(resource, params); } catch (e) {
		if (e.status === 403 || e.status === 404) return [];
		throw e;
	}
}

export async function whoAmI() {
	try {
		session = (await request('GET', '/api/session')).doc;
		csrf = session.csrf_token;
	} catch (e) {
		if (e.status !== 401) throw e;
		session = null;
	}
	return session;
}

// The server verifies one password at a time and answers 503 with
// Retry-After to a login that arrives meanwhile: such a login is tried
// again, a few times.
export async function login(username, password) {
	for (let tries = 1; ; tries++) {
		try {
			session = (await request('POST', '/api/session', { username, password })).doc;
			break;
		} catch (e) {
			if (e.status !== 503 || tries >= 5) throw e;
			const wait = Number(e.headers.get('Retry-After')) || 1;
			await new Promise((done) => setTimeout(done, wait * 1000));
		}
	}
	csrf = session.csrf_token;
	return session;
}

export async function logout() {
	try { await request('DELETE', '/api/session'); } finally { session = null; csrf = null; }
}

export const can = {
	write: () => session && (session.role === 'admin' || session.role === 'officer'),
	missions: () => session && session.role !== 'company',
};
