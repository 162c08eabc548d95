// tests/web/e2e.mjs URL PROFILE_DIR ARTIFACTS: the web UI's scenarios in
// headless chromium.  Prints "N passed, N failed" (tests/run.sh counts it).
import { chromium } from '../../web/node_modules/playwright-core/index.mjs';
import { checks, launchOptions } from './measure.mjs';

const [url, profile, artifacts] = process.argv.slice(2);
// Failed API requests that a page handles on purpose (not logged in, a
// wrong password, a record out of a company's scope, a duplicate key or
// a rule the form reports beside its field, a stale ETag) show
// up as console errors in chromium; everything else counts.
const { check, fail, watch, finish } = checks((text, loc) =>
	/^Failed to load resource: the server responded with a status of (401|403|404|409|412|422)/.test(text) && loc.includes('/api/'));

async function shot(page, name) {
	for (const width of [1280, 375]) {
		await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
		await page.screenshot({ path: `${artifacts}/${name}-${width}.png`, fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 900 });
}

const text = async (page, sel) => ((await page.locator(sel).first().textContent()) || '').replace(/\s+/g, ' ');
const see = (page, s, timeout = 5000) => page.getByText(s).first().waitFor({ timeout }).then(() => true, () => false);

async function login(page, user, password) {
	await page.goto(url + '/');
	await page.fill('#username', user);
	await page.fill('#password', password);
	await page.click('form.login button[type=submit]');
}

const browser = await chromium.launch(launchOptions(profile));
try {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	watch(page, 'officer');

	// Log in: a wrong password first, then the right one.
	await login(page, 'officer', 'not the password');
	check(await see(page, '사용자 이름 또는 비밀번호가 올바르지 않습니다'), 'wrong password shows a clear error');
	await shot(page, 'login');
	await page.fill('#password', 'officer password');
	await page.click('form.login button[type=submit]');
	check(await page.locator('#total-missions').waitFor({ timeout: 5000 }).then(() => true, () => false), 'login opens the dashboard');

	// The reference mission in the dashboard's list, with its value; the
	// headline figures say what they count.
	const row = page.locator('.mission-row', { hasText: '전북' });
	await row.first().waitFor();
	const card = await row.first().innerText();
	check(card.includes('전북') && card.includes('USD 1,000,000'), `dashboard mission row: ${card}`);
	check((await page.locator('section.totals:not(.tiers) .stat .counts').count()) === 4, 'each headline figure says what it counts');
	const valueBefore = await text(page, '#total-value');
	const signedBefore = await text(page, '#total-signed');
	await shot(page, 'dashboard');

	await row.first().locator('a').first().click();
	await page.locator('#duration').waitFor();
	check((await text(page, '#duration')) === '5박 7일', 'mission header says 5박 7일');
	check((await text(page, 'main')).includes('USD 1,000,000'), 'mission page shows USD 1,000,000');
	check(await see(page, 'CES 2024 전북 공동관'), 'mission timeline lists the pavilion visit');
	await shot(page, 'mission');
	await page.click('text=성과 보고서');
	check(await see(page, '인쇄'), 'printable report opens');
	await shot(page, 'report');

	// The directory searches on the server as one types.
	await page.goto(url + '/organisations');
	await page.fill('#org-search', '홈쇼핑');
	await page.waitForFunction(() => document.querySelectorAll('#org-list li').length === 1);
	check((await text(page, '#org-list')).includes('홈쇼핑월드'), '홈쇼핑 finds 홈쇼핑월드');
	// Initial consonants (초성) are searched on the server too.
	const asked = page.waitForResponse((r) => r.url().includes('/api/organisations?') && new URL(r.url()).searchParams.get('q') === 'ㅎㅅㅍ');
	await page.fill('#org-search', 'ㅎㅅㅍ');
	check((await asked).status() === 200, 'ㅎㅅㅍ is asked of the server');
	check(await page.waitForFunction(() => [...document.querySelectorAll('#org-list li')].some((li) => li.textContent.includes('홈쇼핑월드')),
		null, { timeout: 5000 }).then(() => true, () => false), 'ㅎㅅㅍ finds 홈쇼핑월드');
	await page.fill('#org-search', 'okta');
	await page.waitForFunction(() => document.querySelectorAll('#org-list li').length === 2);
	check(true, 'partial English word finds both OKTA records');
	await page.fill('#org-search', '');
	await page.fill('#org-country', 'U');
	check(await see(page, '국가 코드는 영문 두 글자입니다'), 'a one-letter country code is refused beside its field');
	await page.fill('#org-country', '');
	await shot(page, 'organisations');

	// Create an organisation: the required key first shows a message
	// beside its field, then the record is made.
	await page.goto(url + '/new/organisations');
	await page.locator('form.edit').waitFor();
	await page.click('form.edit button[type=submit]');
	check(await see(page, '필수 항목입니다'), 'missing key is reported beside the field');
	await shot(page, 'form-organisation');
	await page.fill('input[id^=f-key]', 'jeonju-bio');
	await page.selectOption('select[id^=f-kind]', 'local_company');
	await page.fill('input[id^=f-name]:not([id$=-en])', '전주바이오');
	await page.fill('input[id^=f-country]', 'KR');
	await page.click('form.edit button[type=submit]');
	check(await see(page, '지역 기업'), 'organisation created and shown');
	check((await text(page, 'h1')) === '전주바이오', 'organisation page title');
	await shot(page, 'organisation');
	// The same key again: the API's conflict in plain words.
	await page.goto(url + '/new/organisations');
	await page.locator('form.edit').waitFor();
	await page.fill('input[id^=f-key]', 'jeonju-bio');
	await page.selectOption('select[id^=f-kind]', 'buyer');
	await page.click('form.edit button[type=submit]');
	check(await see(page, '오류가 발생했습니다'), 'duplicate key shows the problem');

	// A person's organisation picked by typing: the server suggests, the
	// choice is kept by id; typed text that names nothing is refused.
	await page.goto(url + '/new/people');
	await page.locator('form.edit').waitFor();
	await page.fill('input[id^=f-key]', 'jeonju-bio-ceo');
	await page.fill('input[id^=f-name]:not([id$=-en])', '김전주');
	await page.fill('input[id^=f-organisation_id]', '없는 기관');
	await page.click('form.edit button[type=submit]');
	check(await see(page, '목록에서 고르십시오'), 'a typed organisation that names nothing is refused beside the field');
	await page.fill('input[id^=f-organisation_id]', '전주바이');
	await page.locator('ul.picker li[role=option]').filter({ hasText: '전주바이오' }).first().click();
	await page.click('form.edit button[type=submit]');
	await page.locator('h1').filter({ hasText: '전주바이오' }).waitFor();
	check((await text(page, '#org-people')).includes('김전주'), 'person saved with the organisation picked by typing');

	// A mission, a stop and an event.
	await page.goto(url + '/new/missions');
	await page.locator('form.edit').waitFor();
	await page.fill('input[id^=f-slug]', 'jeonbuk-vn-2025');
	await page.fill('input[id^=f-title]:not([id$=-en])', '전북 베트남 사절단');
	await page.click('form.edit button[type=submit]');
	await page.locator('#duration').waitFor();
	const missionUrl = page.url();
	const missionId = missionUrl.split('/').pop();
	check((await text(page, 'h1')) === '전북 베트남 사절단', 'mission created');
	await page.goto(`${url}/new/stops?mission_id=${missionId}`);
	await page.locator('form.edit').waitFor();
	await page.fill('input[id^=f-key]', 'hanoi');
	await page.fill('input[id^=f-city]:not([id$=-en])', '하노이');
	await page.fill('input[id^=f-country]', 'VN');
	await page.fill('input[id^=f-zone]', 'Asia/Ho_Chi_Minh');
	await page.fill('input[id^=f-arrive]:not([id$=-t])', '2025-03-10');
	await page.fill('input[id^=f-depart]:not([id$=-t])', '2025-03-13');
	await page.click('form.edit button[type=submit]');
	check(await see(page, '하노이'), 'stop created and shown');
	await page.goto(`${url}/new/events?mission_id=${missionId}`);
	await page.locator('form.edit').waitFor();
	await page.fill('input[id^=f-key]', 'hanoi-biz-day');
	await page.selectOption('select[id^=f-kind]', 'business_day');
	await page.fill('input[id^=f-title]:not([id$=-en])', '하노이 투자설명회');
	await page.selectOption('select[id^=f-stop_id]', { label: '하노이' });
	await page.fill('input[id^=f-zone]', 'Asia/Ho_Chi_Minh');
	await page.fill('input[id^=f-start]:not([id$=-t])', '2025-03-11');
	await page.fill('input[id^=f-start-][id$=-t]', '14:00');
	await page.fill('input[id^=f-attended]', '120');
	await page.click('form.edit button[type=submit]');
	check(await see(page, '하노이 투자설명회'), 'event created and shown');
	const ev = await text(page, '.event');
	check(ev.includes('14:00') && ev.includes('16:00'), `event at 14:00 local, 16:00 in Seoul: ${ev}`);
	await shot(page, 'mission-new');

	// B2B meetings.  Organisations, a B2B event, its participants, slots
	// and one request through the API from the page (with the app's CSRF
	// header); then suggestions, the scheduler and the agenda in the UI.
	const b2b = await page.evaluate(async (mission) => {
		const csrf = (await (await fetch('/api/session')).json()).csrf_token;
		const post = async (path, body) => {
			const r = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify(body) });
			if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
			return r.json();
		};
		const org = (key, kind, ko, sectors) => post('/api/organisations', { key, kind, name: { ko, en: key }, country: kind === 'local_company' ? 'KR' : 'VN', sectors });
		const food = await org('b2b-jeonju-food', 'local_company', '전주푸드', ['agri-food']);
		const bio = await org('b2b-iksan-bio', 'local_company', '익산바이오', ['bio']);
		const mart = await org('b2b-hanoi-mart', 'buyer', '하노이마트', ['agri-food']);
		const pharma = await org('b2b-saigon-pharma', 'distributor', '사이공제약', ['bio']);
		const hsw = (await (await fetch('/api/organisations?limit=200')).json()).items.find((o) => o.key === 'home-shopping-world');
		const start = Date.UTC(2025, 2, 12, 2) / 1000; // 09:00 in Hanoi, 11:00 in Seoul
		const ev = await post('/api/events', { mission_id: Number(mission), key: 'hanoi-b2b', kind: 'b2b_meeting', title: { ko: '하노이 B2B 상담회' },
			zone: 'Asia/Ho_Chi_Minh', start_utc: start, start_precision: 2 });
		for (const o of [food, bio, mart, pharma, hsw]) await post(`/api/events/${ev.id}/participants`, { organisation_id: o.id, role: 'attendee' });
		for (const k of [0, 1]) await post('/api/slots', { event_id: ev.id, start_utc: start + k * 1800, end_utc: start + (k + 1) * 1800, tables: 2 });
		await post('/api/meeting-requests', { event_id: ev.id, from_organisation_id: bio.id, to_organisation_id: pharma.id, weight: 3, source: 'officer' });
		await post('/api/meeting-requests', { event_id: ev.id, from_organisation_id: food.id, to_organisation_id: hsw.id, source: 'officer' });
		return ev.id;
	}, missionId);
	await page.goto(missionUrl);
	await page.click(`a[href="/events/${b2b}/meetings"]`);
	await page.locator('#suggestions .suggestion').first().waitFor();
	await page.fill('#slot-end', '09:30');
	await page.click('#slots form button[type=submit]');
	const refused = await page.evaluate(() => [document.querySelector('#slot-end').validationMessage,
		document.querySelectorAll('#slots tbody tr').length]);
	check(refused[0].includes('종료 시각') && refused[1] === 2, `a slot ending before it starts is refused beside the field: ${refused}`);
	await page.fill('#slot-end', '10:30');
	await page.click('#slots form button[type=submit]'); // 10:00-10:30 on the event's day
	await page.waitForFunction(() => document.querySelectorAll('#slots tbody tr').length === 3);
	const slot = (await page.locator('#slots tbody tr').allTextContents())[2];
	check(slot.includes('10:00–10:30') && slot.includes('12:00'), `slot added in local time (12:00 in Seoul): ${slot}`);
	const sugg = await text(page, '#suggestions');
	check(sugg.includes('하노이마트') && sugg.includes('같은 분야: 농식품'), `suggestion with its reason: ${sugg}`);
	await page.locator('#suggestions .suggestion button').first().click();
	await page.waitForFunction(() => document.querySelectorAll('#requests tbody tr').length === 3);
	check((await text(page, '#requests')).includes('추천 수락'), 'accepted suggestion is a request');
	await page.click('#schedule-run');
	await page.locator('#quality, #meetings-status .alert').first().waitFor();
	const quality = await text(page, '#quality, #meetings-status .alert');
	check(/^최적: 배정 가중치 5는/.test(quality) && !/%/.test(quality), `quality figure: ${quality}`);
	const agenda = await page.locator('#agenda tbody tr').allTextContents();
	check(agenda.length === 3 && agenda[0].includes('09:00') && agenda[0].includes('11:00') && agenda.join().includes('전주푸드'), `agenda rows (09:00 in Hanoi is 11:00 in Seoul): ${agenda}`);
	await page.locator('#agenda tbody button').first().click();
	await page.waitForFunction(() => document.querySelectorAll('#agenda tbody .tag').length === 1);
	check(true, 'a meeting is confirmed');
	await shot(page, 'meetings');

	// The mission's calendar: a download and a private subscription URL
	// that reads without a session until it is revoked.
	await page.goto(missionUrl);
	await page.locator('#calendar a.ics-ko').waitFor();
	const ics = await page.evaluate(async () => {
		const r = await fetch(document.querySelector('#calendar a.ics-ko').href);
		return `${r.status} ${r.headers.get('Content-Type')} ${(await r.text()).slice(0, 15)}`;
	});
	check(/^200 text\/calendar.*BEGIN:VCALENDAR/.test(ics), `calendar.ics: ${ics}`);
	await page.click('#subscribe');
	const feedUrl = await page.locator('#feed-url').inputValue();
	const feedStatus = async () => page.evaluate(async (u) => (await fetch(u, { credentials: 'omit' })).status, feedUrl);
	check(feedUrl.startsWith(`${url}/api/calendar/`) && (await feedStatus()) === 200, `feed URL ${feedUrl}`);
	await shot(page, 'mission-calendar');
	await page.locator('#feeds button').first().click();
	await page.locator('#feeds li.muted').waitFor();
	check((await feedStatus()) === 404, 'a revoked feed is gone');

	// Record an agreement on the reference mission; the totals follow.
	await page.goto(`${url}/new/agreements?mission_id=1`);
	await page.locator('form.edit').waitFor();
	await page.fill('input[id^=f-key]', 'jeonju-bio-contract');
	await page.selectOption('select[id^=f-kind]', 'contract');
	await page.fill('input[id^=f-title]:not([id$=-en])', '전주바이오 수출 계약');
	await page.fill('input[id^=f-signed_on]', '2024-01-10');
	await page.selectOption('select[id^=f-home_role]', 'party');
	await page.selectOption('select[id^=f-status]', 'signed');
	await page.fill('input[id^=f-value]:not([id$=-c])', '500000');
	await page.fill('input[id^=f-value][id$=-c]', 'USD');
	await shot(page, 'form-agreement');
	await page.click('form.edit button[type=submit]');
	check(await see(page, '전주바이오 수출 계약'), 'agreement created');
	await shot(page, 'agreement');
	await page.goto(url + '/');
	await page.locator('#total-value').waitFor();
	const valueAfter = await text(page, '#total-value'), signedAfter = await text(page, '#total-signed');
	// Every agreement with a value: the reference mission's USD 1,000,000, the
	// fictional sample's USD 80,000 contract and its USD 30,000 purchase order
	// signed after the mission.
	check(valueBefore.includes('USD 1,110,000') && valueAfter.includes('USD 1,610,000'), `totals ${valueBefore} -> ${valueAfter}`);
	check(Number(signedAfter) === Number(signedBefore) + 1, `signed ${signedBefore} -> ${signedAfter}`);

	await page.goto(url + '/agreements');
	check(await see(page, '진행 단계별 협약'), 'agreements board');
	await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
	await page.click('#top-series a');
	check(await see(page, '1번째'), 'series view numbers the agreements');
	await shot(page, 'agreements');
	await page.goto(url + '/pavilions/1');
	check(await see(page, '양봉 신기술 기업'), 'pavilion page lists exhibitors');
	await shot(page, 'pavilion');

	// A conflict: another tab saves first; this one is told what changed.
	const other = await ctx.newPage();
	watch(other, 'officer-2');
	await page.goto(url + '/edit/organisations/4');
	await page.locator('form.edit').waitFor();
	await other.goto(url + '/edit/organisations/4');
	await other.locator('form.edit').waitFor();
	await other.fill('input[id^=f-website]', 'https://hsw.example');
	await other.click('form.edit button[type=submit]');
	await other.locator('h1').filter({ hasText: '홈쇼핑월드' }).waitFor();
	await page.fill('input[id^=f-country]', 'CA');
	await page.click('form.edit button[type=submit]');
	check(await see(page, '다른 사용자가 이 기록을 먼저 바꾸었습니다'), '412 explained');
	check(await see(page, 'https://hsw.example'), '412 shows what changed');
	await shot(page, 'conflict');
	await other.close();

	// English, remembered across a reload.
	await page.goto(url + '/missions/1');
	await page.locator('#duration').waitFor();
	await page.click('button:has-text("English")');
	await page.getByText('Day by day').waitFor();
	await page.reload();
	await page.locator('#duration').waitFor();
	const en = await text(page, '#duration');
	check(/5 nights?, 7 days?/i.test(en) || en.includes('nights'), `English duration: ${en}`);
	await shot(page, 'mission-en');
	await page.click('button:has-text("한국어")');
	await page.getByText('일자별 일정').waitFor();
	await ctx.close();

	// A viewer sees no edit buttons.
	const vctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const vp = await vctx.newPage();
	watch(vp, 'viewer');
	await login(vp, 'viewer', 'viewer password');
	await vp.locator('.mission-row').first().waitFor();
	await vp.goto(url + '/missions/1');
	await vp.locator('#duration').waitFor();
	check(await vp.locator('a[href^="/edit/"], a[href^="/new/"]').count() === 0, 'viewer sees no edit links');
	await vctx.close();

	// A company sees its own agreement and not another company's.
	const cctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const cp = await cctx.newPage();
	watch(cp, 'company');
	await login(cp, 'hsw', 'company password');
	check(await see(cp, '홈쇼핑월드 수출입 계약'), 'company sees its own agreement');
	check(!(await see(cp, '한남체인 미국 판로 협약', 1000)), 'company does not list another company\'s agreement');
	await shot(cp, 'company');
	// Its own B2B agenda, without the officers' tools.
	await cp.goto(`${url}/events/${b2b}/meetings`);
	await cp.locator('#agenda').waitFor();
	const own = await cp.locator('#agenda tbody tr').allTextContents();
	check(own.length === 1 && own[0].includes('전주푸드') && (await cp.locator('#schedule-run').count()) === 0, `company agenda: ${own}`);
	await shot(cp, 'company-meetings');
	await cp.goto(url + '/agreements/1');
	check(await see(cp, '찾을 수 없습니다'), 'company gets not found for another company\'s agreement');
	check(!(await see(cp, '한남체인 미국 판로 협약', 500)), 'nothing of it shows');
	await cctx.close();
} catch (e) {
	fail(e);
} finally {
	await browser.close();
}
finish();
