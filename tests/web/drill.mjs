// tests/web/drill.mjs URL PROFILE_DIR ARTIFACTS [busiest]: every figure of
// the dashboard (with "busiest", narrowed to the province sending the
// most missions and its year with the most) and of
// a mission's page opens the list of the records it counts.  For each
// figure that is a link, the test follows it, pages through the list to
// its end and checks that the number of rows listed equals the figure,
// and that both the figure and the list say what they count.  Prints
// "N passed, N failed".
import { chromium } from '../../web/node_modules/playwright-core/index.mjs';
import { checks, launchOptions, login } from './measure.mjs';

const [profile, artifacts, demo, big, firm] = process.argv.slice(2);
let url;
// The first session check's 401 is the page asking whether it is logged in.
const { check, fail, watch, finish } = checks((text, loc) => /status of 401/.test(text) && loc.endsWith('/api/session'));
// A list longer than this is not paged through (the figure's link is
// still followed and its count line checked).
const MAX_ROWS = 400;

// The first number of a figure's text ("1,234", "3 (MOU 1, ...)").
const count = (s) => Number((String(s).match(/[0-9][0-9,]*/) || ['NaN'])[0].replace(/,/g, ''));

// Clicks every "more" of the list(s) matching sel until none is left,
// then counts their rows.
async function listed(page, listSel, rowSel) {
	for (let i = 0; i < MAX_ROWS / 20; i++) {
		const more = page.locator(`${listSel} button.more:visible:enabled`);
		if (!(await more.count())) break;
		const before = await page.locator(rowSel).count();
		await more.first().click();
		await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > n, [rowSel, before], { timeout: 10000 }).catch(() => {});
	}
	return page.locator(rowSel).count();
}

async function rendered(page) {
	await page.waitForFunction(() => document.querySelector('main') && document.querySelector('main').getAttribute('aria-busy') !== 'true', null, { timeout: 20000 });
}

// The rows behind href, counted on the page it opens.
async function rowsBehind(page, href) {
	await page.goto(url + href);
	await rendered(page);
	const u = new URL(page.url());
	if (u.pathname === '/agreements') {
		const statuses = u.searchParams.get('status');
		check(await page.locator('p.counts').first().isVisible(), `${href}: the board says what it counts`);
		return { rows: await listed(page, '.board', '.board li.card'), byStatus: statuses };
	}
	if (u.pathname === '/events' || u.pathname === '/consultations' || u.pathname === '/realisations') {
		const shown = count(await page.locator('#list-count').textContent());
		check((await page.locator('.list-count .counts').textContent()).trim().length > 0, `${href}: the list says what it counts`);
		const rows = await listed(page, 'main', 'main .paged tbody > tr');
		check(shown === rows, `${href}: its count line (${shown}) equals its rows (${rows})`);
		return { rows };
	}
	if (u.pathname === '/') {
		if (u.hash === '#missions') return { rows: await listed(page, '#missions', '#mission-list > tr') };
		return { rows: count(await page.locator('#total-missions').textContent()) };
	}
	throw new Error(`no list counted at ${href}`);
}

// The figures of the current page that are links: [{what, figure, href}].
async function figureLinks(page, sel) {
	return page.locator(sel).evaluateAll((as) => as.map((a) => ({
		what: (a.closest('li, .stat, tr, dd, .tier') || a).innerText.replace(/\s+/g, ' ').slice(0, 80),
		figure: a.innerText, href: ((u) => u.pathname + u.search + u.hash)(new URL(a.href)), money: !!a.querySelector('.money') || /^[A-Z]{3}\s?[0-9]/.test(a.innerText.trim()) })));
}

async function follow(page, figures, where) {
	let n = 0;
	for (const f of figures) {
		if (f.money) continue;
		const want = count(f.figure);
		if (want > MAX_ROWS) continue;
		try {
			const { rows } = await rowsBehind(page, f.href);
			check(rows === want, `${where}: "${f.what}" shows ${want}, its list ${f.href} has ${rows}`);
			n++;
		} catch (e) { fail(`${where}: ${f.href}: ${e.message}`); }
	}
	return n;
}

async function drill(browser, narrow) {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	watch(page, 'officer');
	await login(page, url, 'officer', 'officer password');
	await page.locator('#total-missions').waitFor();

	// The dashboard: the headline, every chart's bars (scrolled so the
	// charts asked for in view draw) and the mission rows.
	let dash = '/';
	if (narrow) {
		const top = (q) => page.evaluate(async (q) => (await (await fetch(`/api/stats?${q}&top=1`)).json()).rows[0].key, q);
		const province = await top('measure=missions&group=province');
		dash = `/?year=${await top(`measure=missions&group=year&province=${province}`)}&province=${province}`;
	}
	await page.goto(url + dash);
	await rendered(page);
	for (let i = 0; i < 12 && await page.locator('main .loading').count(); i++) {
		await page.locator('main .loading').first().scrollIntoViewIfNeeded();
		await page.waitForTimeout(300);
	}
	check(!(await page.locator('main .loading').count()), 'every chart and the outcome tiers drew');
	check(await page.locator('#outcomes').count() === 1, 'the outcome tiers show');
	check((await page.locator('.stat .counts').count()) === (await page.locator('.stat').count()), 'every headline figure says what it counts');
	check((await page.locator('figure.chart figcaption .counts').count()) === (await page.locator('figure.chart').count()), 'every chart says what it counts');
	await page.screenshot({ path: `${artifacts}/drill-dashboard${narrow ? '-narrowed' : ''}.png`, fullPage: true });
	const head = await figureLinks(page, '.stat-value a');
	const bars = await figureLinks(page, '.bar-value a');
	const rows = await figureLinks(page, '.mission-row td.num a');
	check(head.length >= 3, `the headline figures are links (${head.length})`);
	check(bars.length >= 5, `the chart bars are links (${bars.length})`);
	check(rows.length >= 1, `the mission rows' figures are links (${rows.length})`);
	const unlinked = await page.locator('.bar-value:not(:has(a))').evaluateAll((els) => els.map((e) => e.closest('li').innerText.replace(/\s+/g, ' ')));
	// "Others" (past the top N) and "unknown" (no value to filter by).
	const others = ['기타', 'Others', '미상', 'unknown'];
	check(unlinked.every((s) => others.some((o) => s.startsWith(o))), `every bar but "others" and "unknown" is a link: ${unlinked.join('; ')}`);
	const followed = await follow(page, [...head, ...bars, ...rows.slice(0, 3)], `dashboard ${dash}`);
	check(followed >= 6, `figures followed to their lists: ${followed}`);

	// A mission's page: its headline figures of records.
	await page.goto(url + dash);
	await rendered(page);
	const mission = await page.locator('.mission-row td a').first().getAttribute('href');
	for (const path of [mission, `${mission}/report`]) {
		await page.goto(url + path);
		await rendered(page);
		const figs = await figureLinks(page, 'dl.facts dd a');
		check(figs.length >= 1, `${path}: its figures are links (${figs.length})`);
		check(await follow(page, figs, path) >= 1, `${path}: figures followed`);
	}
	await ctx.close();
}

// A company account's dashboard: its outcome tiers count its own
// consultations and realisations, as the officer's listings filtered to
// the firm (FIRM, an organisation id) count them, and open those lists.
async function company(browser) {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const officer = await ctx.newPage();
	await login(officer, url, 'officer', 'officer password');
	await officer.locator('#total-missions').waitFor();
	const all = (path) => officer.evaluate(async (path) => {
		let cursor = null, items = [];
		do {
			const doc = await (await fetch(`${path}${path.includes('limit=') ? '' : '&limit=200'}${cursor ? '&cursor=' + cursor : ''}`)).json();
			items = items.concat(doc.items); cursor = doc.next_cursor;
		} while (cursor);
		return items;
	}, path);
	const consultations = (await all(`/api/consultations?firm_id=${firm}`)).length;
	const agreements = new Set((await all(`/api/organisations/${firm}/agreements?sort=signed_on`)).map((a) => a.id));
	const realisations = (await all('/api/realisations?limit=200')).filter((r) => agreements.has(r.agreement_id)).length;
	check(consultations > 0 && realisations > 0, `the firm has consultations (${consultations}) and realisations (${realisations})`);
	await ctx.close();

	const cctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await cctx.newPage();
	watch(page, 'company');
	await login(page, url, 'gasang', 'company password');
	await page.locator('#outcomes').waitFor({ timeout: 10000 });
	const tier = async (id) => count(await page.locator(`#${id} .stat-value a`).first().textContent());
	check(await tier('tier-consulted') === consultations, `company: consulted tier counts its ${consultations} consultations`);
	check(await tier('tier-realised') === realisations, `company: realised tier counts its ${realisations} realisations`);
	await page.screenshot({ path: `${artifacts}/drill-company.png`, fullPage: true });
	const figs = await figureLinks(page, '.tiers .stat-value a');
	check(await follow(page, figs, 'company dashboard') >= 2, 'company: the tiers open its lists');
	await cctx.close();
}

const browser = await chromium.launch(launchOptions(profile));
try {
	url = demo;
	await drill(browser, false);
	await company(browser);
	url = big;
	await drill(browser, true);
} catch (e) {
	fail(e);
} finally {
	await browser.close();
}
finish();
