// tests/web/measure.mjs: what the browser tests (tests/web/*.mjs) and the
// browser benchmark (bench/web/bench.mjs) share: the checks and their
// tally, chromium's launch options, logging in, and what opening one page
// costs: API requests, bytes received and the time until the page has
// rendered (main's aria-busy turns false, js/main.js).

// The checks of one browser test script: check(ok, what) counts and
// names failures; watch(page, who) records the page's console errors
// except those ignore(text, url) accepts (failed API calls a page handles
// on purpose); finish() reports them, prints "N passed, N failed" (which
// tests/run.sh counts) and exits.
export function checks(ignore = () => false) {
	let passed = 0, failed = 0;
	const errors = [];
	const check = (ok, what) => {
		if (ok) passed++;
		else { failed++; console.log(`FAIL: ${what}`); }
	};
	return {
		check,
		fail(e) { failed++; console.log(`FAIL: ${e.stack || e}`); },
		watch(page, who) {
			page.on('console', (m) => {
				if (m.type() === 'error' && !ignore(m.text(), m.location().url || '')) errors.push(`${who} ${page.url()}: ${m.text()}`);
			});
			page.on('pageerror', (e) => errors.push(`${who} ${page.url()}: ${e.message}`));
		},
		finish() {
			for (const e of errors) console.log(`console error: ${e}`);
			check(errors.length === 0, 'no console errors on any page');
			console.log(`${passed} passed, ${failed} failed`);
			process.exit(failed ? 1 : 0);
		},
	};
}

// Debian's chromium, headless.  playwright gives every launch a fresh
// user-data dir of its own (it refuses --user-data-dir); profile is where
// it lives.
export const launchOptions = (profile) => ({
	executablePath: '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
		'--disable-component-update', '--disable-sync', '--disable-quic'],
	env: { ...process.env, TMPDIR: profile },
});

// Logs in and waits until the page drawn after it has all its answers,
// so that a measure() right after does not abort them and count them as
// failed.
export async function login(page, url, user, password) {
	await page.goto(url + '/');
	await page.fill('#username', user);
	await page.fill('#password', password);
	let pending = 0, lastChange = Date.now();
	const start = () => { pending++; lastChange = Date.now(); };
	const end = () => { pending--; lastChange = Date.now(); };
	page.on('request', start);
	page.on('requestfinished', end);
	page.on('requestfailed', end);
	try {
		await page.click('form.login button[type=submit]');
		await page.waitForSelector("form.login", { state: "detached", timeout: 300000 });
		await page.waitForFunction(() => document.querySelector('main')?.getAttribute('aria-busy') !== 'true',
			null, { timeout: 300000, polling: 20 });
		while (pending > 0 || Date.now() - lastChange < 300) await new Promise((r) => setTimeout(r, 50));
	} finally {
		page.off('request', start);
		page.off('requestfinished', end);
		page.off('requestfailed', end);
	}
}

// Opens url + path as a fresh load and returns {path, api, requests,
// bytes, apiBytes, ms, failed}: requests made until the page rendered and
// the network has been quiet for quietMs (late requests count too), bytes
// of response bodies as received, ms from navigation to rendered.
// With scroll, the page is then scrolled to its end and ms runs until
// no chart is still loading (js/pages/home.js draws charts in view).
export async function measure(page, url, path, { timeout = 120000, quietMs = 300, scroll = false } = {}) {
	const seen = [];
	let pending = 0, lastChange = Date.now();
	const onRequest = () => { pending++; lastChange = Date.now(); };
	const settle = async (req, ok) => {
		let body = 0;
		if (ok) { try { body = (await req.sizes()).responseBodySize; } catch { body = 0; } }
		seen.push({ url: req.url(), body, ok });
		pending--; lastChange = Date.now();
	};
	const onFinished = (req) => settle(req, true);
	const onFailed = (req) => settle(req, false);
	page.on('request', onRequest);
	page.on('requestfinished', onFinished);
	page.on('requestfailed', onFailed);
	const t0 = Date.now();
	try {
		await page.goto(url + path, { waitUntil: 'commit', timeout });
		// aria-busy is true until the page is drawn.  (A UI from before
		// aria-busy leaves main empty until then.)
		await page.waitForFunction(() => {
			const m = document.querySelector('main');
			return m && (m.getAttribute('aria-busy') === 'false' || (!m.hasAttribute('aria-busy') && m.children.length > 0));
		}, null, { timeout, polling: 20 });
		if (scroll)
			await page.waitForFunction(() => {
				window.scrollTo(0, document.body.scrollHeight);
				return !document.querySelector('main .loading');
			}, null, { timeout, polling: 20 });
		const ms = Date.now() - t0;
		while (pending > 0 || Date.now() - lastChange < quietMs) await new Promise((r) => setTimeout(r, 50));
		const api = seen.filter((s) => new URL(s.url).pathname.startsWith('/api/'));
		return {
			path, ms, requests: seen.length, api: api.length,
			bytes: seen.reduce((n, s) => n + s.body, 0), apiBytes: api.reduce((n, s) => n + s.body, 0),
			failed: seen.filter((s) => !s.ok).length,
			alert: await page.locator('main .alert').count(),
		};
	} finally {
		page.off('request', onRequest);
		page.off('requestfinished', onFinished);
		page.off('requestfailed', onFailed);
	}
}

// The pages the issue names, for the records tests/web/pick.py chose:
// [name, path, measure options].
export function scalePages(pick) {
	return [
		['dashboard', '/'],
		['dashboard, every chart', '/', { scroll: true }],
		['agreements board', '/agreements'],
		['agreements board, scrolled', '/agreements', { scroll: true }],
		['directory search', `/organisations?q=${encodeURIComponent(pick.search.q)}`],
		['organisation', `/organisations/${pick.org.id}`],
		['mission', `/missions/${pick.mission.id}`],
		['meetings', `/events/${pick.meetings.id}/meetings`],
	];
}
