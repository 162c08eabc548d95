// tests/web/scale.mjs URL PROFILE_DIR PICK.json ARTIFACTS: the main pages
// on a programme-scale database (bench/scale/gen.sh, 300 missions): each
// renders with at most MAX_API API requests and MAX_BYTES bytes, and
// shows the figures tests/web/pick.py read from the database file.
// Prints "N passed, N failed" (tests/run.sh counts it).
import { readFileSync } from 'node:fs';
import { chromium } from '../../web/node_modules/playwright-core/index.mjs';
import { checks, launchOptions, login, measure, scalePages } from './measure.mjs';

const MAX_API = 20;
const MAX_BYTES = 1024 * 1024;
const [url, profile, pickFile, artifacts] = process.argv.slice(2);
const pick = JSON.parse(readFileSync(pickFile, 'utf8'));
// The first session check of a fresh login answers 401 on purpose.
const { check, fail, watch, finish } = checks((text, loc) => /status of 401/.test(text) && loc.endsWith('/api/session'));

const text = async (page, sel) => ((await page.locator(sel).first().textContent()) || '').replace(/\s+/g, ' ').trim();
const digits = (s) => Number(String(s).replace(/[^0-9]/g, ''));
const apiGet = (page, path) => page.evaluate(async (p) => (await fetch(p)).json(), path);

const browser = await chromium.launch(launchOptions(profile));
try {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	watch(page, 'officer');
	await login(page, url, 'officer', 'officer password');

	// Every page within its budget, without an error on it.
	const cost = new Map();
	for (const [name, path, opts] of scalePages(pick)) {
		const m = await measure(page, url, path, opts);
		cost.set(name, m);
		console.log(`${name}: ${m.api} API requests, ${m.apiBytes} API bytes, ${m.bytes} bytes, ${m.ms} ms`);
		check(m.api <= MAX_API, `${name} (${path}): ${m.api} API requests, at most ${MAX_API}`);
		check(m.bytes <= MAX_BYTES, `${name} (${path}): ${m.bytes} bytes, at most ${MAX_BYTES}`);
		check(m.alert === 0 && m.failed === 0, `${name} (${path}) shows no error (${m.alert} alerts, ${m.failed} failed requests)`);
		await page.screenshot({ path: `${artifacts}/scale-${name.replace(/ /g, '-')}.png`, fullPage: false });
	}

	// The dashboard's figures: what the database holds, and what they say
	// they count; the missions table pages on the server.
	await measure(page, url, '/');
	check(digits(await text(page, '#total-missions')) === pick.missions, `dashboard missions: ${await text(page, '#total-missions')}, database ${pick.missions}`);
	const signed = digits(await text(page, '#total-signed'));
	const kinds = await apiGet(page, '/api/stats?measure=agreements&group=kind');
	check(signed === kinds.total.count && signed === pick.agreements, `dashboard agreements: ${signed}, API ${kinds.total.count}, database ${pick.agreements}`);
	check((await page.locator('.stat .counts').count()) >= 3, 'each headline figure says what it counts');
	const rows = await page.locator('#mission-list tr').count();
	check(rows === 20, `mission list shows one page (${rows} rows)`);
	await page.click('#missions button.more');
	await page.waitForFunction(() => document.querySelectorAll('#mission-list tr').length === 40);
	check(true, 'the mission list pages on');
	// Sorted by agreements, most first (two clicks on the column).
	const settled = (s) => page.waitForFunction((want) => location.search.includes(want) && document.querySelector('main').getAttribute('aria-busy') === 'false', s);
	await page.click('#missions th:nth-child(5) a');
	await settled('sort=agreements');
	await page.click('#missions th:nth-child(5) a');
	await settled('sort=-agreements');
	await page.locator('#mission-list tr').first().waitFor();
	const most = digits(await text(page, '#mission-list tr td:nth-child(5)'));
	check(most === pick.most_agreements, `missions sorted by agreements: first has ${most}, database most ${pick.most_agreements}`);
	// A year narrows the figures and the list alike.
	await page.selectOption('#f-year', '2020');
	await settled('year=2020');
	await page.locator('#mission-list tr').first().waitFor();
	const year = await apiGet(page, '/api/stats?measure=missions&group=year&year=2020');
	check(digits(await text(page, '#total-missions')) === year.total.count && year.total.count < pick.missions, `missions of 2020: ${await text(page, '#total-missions')}, API ${year.total.count}`);
	const dates = await page.locator('#mission-list td.when').allTextContents();
	check(dates.length > 0 && dates.every((d) => d.includes('2020')), `every mission listed for 2020 is of 2020 (${dates.length})`);
	await measure(page, url, '/');
	// A chart row opens the records it counts: the board for that kind.
	const kindLink = page.locator('figure.chart').first().locator('.bar-value a').first();
	const kindCount = digits(await kindLink.textContent());
	await kindLink.click();
	await page.locator('main[aria-busy=false] .board').waitFor();
	const kindCols = await page.locator('.column .count').allTextContents();
	check(kindCols.reduce((n, c) => n + digits(c), 0) === kindCount, `a kind's figure (${kindCount}) opens the board of that kind (${kindCols})`);

	// The agreements board: per status the count and values of the
	// database; one page of cards per column.
	await measure(page, url, '/agreements');
	for (const [status, want] of Object.entries(pick.by_status)) {
		const col = page.locator(`.column[data-status="${status}"]`);
		const n = digits(await col.locator('.count').textContent());
		check(n === want.count, `board column ${status}: ${n}, database ${want.count}`);
		const cards = await col.locator('li.card').count();
		check(cards === Math.min(20, want.count), `board column ${status} shows one page (${cards} cards)`);
		const usd = want.values.USD;
		if (usd) {
			const total = await col.locator('.column-total').textContent();
			const shown = new Intl.NumberFormat('ko-KR').format(usd / 100);
			check(total.includes(`USD ${shown}`), `board column ${status} total ${total} has USD ${shown}`);
		}
	}

	// The board searched by title: the columns count what the cards show.
	await page.fill('#b-q', pick.search.q);
	await page.click('#board-filters button[type=submit]');
	await page.waitForFunction(() => location.search.includes('q=') && document.querySelector('main').getAttribute('aria-busy') === 'false');
	const counted = (await page.locator('.column .count').allTextContents()).reduce((n, c) => n + digits(c), 0);
	check(counted === pick.search.agreements, `board searched for ${pick.search.q}: columns count ${counted}, database ${pick.search.agreements}`);
	const titles = await page.locator('.column li.card > a').allTextContents();
	check(titles.length > 0 && titles.every((x) => x.includes(pick.search.q)), `every card of the searched board names ${pick.search.q} (${titles.length})`);

	// The directory: the server's search, one page of cards; typing
	// quickly sends one request, not one per keystroke.
	await measure(page, url, `/organisations?q=${encodeURIComponent(pick.search.q)}`);
	const cards = await page.locator('#org-list li').count();
	check(cards === Math.min(50, pick.search.found), `directory search ${pick.search.q}: ${cards} cards, database ${pick.search.found}`);
	const names = await page.locator('#org-list li h3').allTextContents();
	check(names.length > 0 && names.every((n) => n.includes(pick.search.q)), `every card found names ${pick.search.q}`);
	let asked = 0;
	const count = (r) => { if (new URL(r.url()).pathname === '/api/organisations') asked++; };
	page.on('request', count);
	await page.fill('#org-search', '');
	await page.locator('#org-search').pressSequentially('바이오', { delay: 30 });
	await page.waitForTimeout(800);
	page.off('request', count);
	check(asked === 1, `typing three characters asks the server once (${asked})`);

	// An organisation with many agreements: a page of them, more on demand.
	await measure(page, url, `/organisations/${pick.org.id}`);
	const first = await page.locator('#org-agreements li').count();
	check(first === Math.min(20, pick.org.agreements), `organisation ${pick.org.id}: ${first} agreements shown of ${pick.org.agreements}`);
	if (pick.org.agreements > 20) {
		await page.locator('#org-agreements + div + button.more').click();
		await page.waitForFunction((n) => document.querySelectorAll('#org-agreements li').length === n, Math.min(40, pick.org.agreements));
		check(true, 'an organisation\'s agreements page on');
	}

	// The mission with the most events shows every one of them.
	await measure(page, url, `/missions/${pick.mission.id}`);
	const events = await page.locator('li.event').count();
	check(events === pick.mission.events, `mission ${pick.mission.id}: ${events} events, database ${pick.mission.events}`);
	await ctx.close();

	// A company account's dashboard: its own agreements only, counted by
	// the server, within the same budget.
	const cctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const cp = await cctx.newPage();
	watch(cp, 'company');
	await login(cp, url, 'firm', 'company password');
	const cm = await measure(cp, url, '/');
	check(cm.api <= MAX_API && cm.bytes <= MAX_BYTES && cm.alert === 0, `company dashboard: ${cm.api} API requests, ${cm.bytes} bytes, ${cm.alert} alerts`);
	const own = digits(await text(cp, '#total-signed'));
	check(own === pick.org.agreements, `company dashboard counts its own agreements: ${own}, database ${pick.org.agreements}`);
	const listed = await cp.locator('#my-agreements li').count();
	check(listed === Math.min(20, pick.org.agreements), `company dashboard lists a page of its agreements (${listed})`);
	await cctx.close();
} catch (e) {
	fail(e);
} finally {
	await browser.close();
}
finish();
