// tests/followup/web_followup.mjs URL PROFILE ARTIFACTS TOKEN FIRM: a
// company answers its own follow-up survey in headless chromium: an
// amount with more decimals than its currency is refused beside the form
// with nothing stored, then the export and its evidence file (a PDF) are
// saved; the API shows the realisation and the file's SHA-256; an officer
// sees the survey answered and the firm's others still overdue.
// Prints "N passed, N failed".
import { createHash } from 'node:crypto';
import { chromium } from '../../web/node_modules/playwright-core/index.mjs';

const [url, profile, artifacts, token, firm] = process.argv.slice(2);
let passed = 0, failed = 0;
const consoleErrors = [];

function check(ok, what) {
	if (ok) passed++;
	else { failed++; console.log(`FAIL: ${what}`); }
}

function watch(page, who) {
	page.on('console', (m) => {
		if (m.type() !== 'error') return;
		const loc = m.location().url || '';
		if (/^Failed to load resource: the server responded with a status of (401|422)/.test(m.text()) && loc.includes('/api/')) return;
		consoleErrors.push(`${who} ${page.url()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => consoleErrors.push(`${who} ${page.url()}: ${e.message}`));
}

async function api(path, body) {
	const r = await fetch(url + path, body === undefined ? { headers: { Authorization: `Bearer ${token}` } } : {
		method: 'POST', body: JSON.stringify(body),
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
	});
	return r.json();
}

const see = (page, s, timeout = 5000) => page.getByText(s).first().waitFor({ timeout }).then(() => true, () => false);

async function login(page, user, password) {
	await page.goto(url + '/');
	await page.fill('#username', user);
	await page.fill('#password', password);
	await page.click('form.login button[type=submit]');
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), Buffer.alloc(2000, 7)]);
const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
		'--disable-component-update', '--disable-sync', '--disable-quic'],
	env: { ...process.env, TMPDIR: profile },
});
try {
	const before = await api(`/api/surveys?organisation_id=${firm}&limit=200`);
	const target = before.items.find((s) => s.months === 3);
	check(target && target.state === 'overdue', `the sample firm's 3-month survey is overdue: ${JSON.stringify(target)}`);

	const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	watch(page, 'company');
	await login(page, 'gasang', 'company password');
	await page.getByRole('link', { name: '사후 성과조사' }).first().click();
	await page.locator(`tr[data-survey="${target.id}"]`).waitFor();
	check(await page.locator('tr[data-survey]').count() === before.items.length, 'the company sees its own surveys, all of them');
	await page.screenshot({ path: `${artifacts}/followup-surveys-company.png`, fullPage: true });
	await page.locator(`tr[data-survey="${target.id}"] a`, { hasText: '귀국 3개월 후' }).click();
	await page.locator('form.survey-answer').waitFor();

	// An amount in won with decimals: refused, nothing stored.
	const agreement = page.locator('select[id^=x-ag-]').first();
	const options = await agreement.locator('option').allTextContents();
	check(options.length >= 2, `its agreements to report under: ${options}`);
	await agreement.selectOption({ index: 1 });
	await page.fill('input[id^=x-amount-]', '1500000.5');
	await page.fill('input[id^=x-cur-]', 'KRW');
	await page.click('form.survey-answer button[type=submit]');
	check(await see(page, 'exports/0/value/amount'), 'a KRW amount with decimals is refused, naming the field');
	const still = await api(`/api/surveys/${target.id}`);
	check(still.state === 'overdue' && still.answered_utc === null, 'the refused answer stored nothing');

	// The answer with its evidence file.
	await page.fill('input[id^=x-amount-]', '12000.50');
	await page.fill('input[id^=x-cur-]', 'USD');
	await page.selectOption('select[id^=x-kind-]', 'invoice');
	await page.fill('input[id^=x-ref-]', 'INV-2025-88');
	await page.setInputFiles('input[id^=x-file-]', { name: 'invoice-88.pdf', mimeType: 'application/pdf', buffer: PDF });
	await page.screenshot({ path: `${artifacts}/followup-answer.png`, fullPage: true });
	await page.setViewportSize({ width: 375, height: 812 });
	const wide = await page.evaluate(() => document.documentElement.scrollWidth);
	check(wide <= 375, `the answer form holds at 375 px: ${wide}`);
	await page.screenshot({ path: `${artifacts}/followup-answer-375.png`, fullPage: true });
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.click('form.survey-answer button[type=submit]');
	check(await see(page, '응답 완료') && await see(page, '응답을 저장했습니다'), 'the survey shows as answered, with thanks');
	const after = await api(`/api/surveys/${target.id}`);
	check(after.state === 'answered' && after.outcome === 'results' && after.answer.realisation_ids.length === 1,
		`the API has the answer: ${JSON.stringify(after)}`);
	const rid = after.answer.realisation_ids[0];
	const real = await api(`/api/realisations/${rid}`);
	check(real.value && real.value.minor === 1200050 && real.value.currency === 'USD' && real.evidence_kind === 'invoice'
		&& real.evidence_reference === 'INV-2025-88', `the realisation: ${JSON.stringify(real)}`);
	const files = await api(`/api/realisations/${rid}/evidence`);
	check(files.items.length === 1 && files.items[0].sha256 === createHash('sha256').update(PDF).digest('hex')
		&& files.items[0].name === 'invoice-88.pdf', `the evidence file: ${JSON.stringify(files)}`);
	await page.click(`a[href="/realisations/${rid}"]`);
	check(await see(page, 'invoice-88.pdf'), 'the realisation page lists the evidence file');
	await page.screenshot({ path: `${artifacts}/followup-realisation.png`, fullPage: true });

	// English is complete on the same pages.
	await page.click('button:has-text("English")');
	await page.goto(`${url}/surveys/${target.id}`);
	check(await see(page, 'Follow-up survey') && await see(page, '3 months after return'), 'the survey page in English');

	// An officer sees it answered and the firm's other surveys overdue.
	const octx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const officer = await octx.newPage();
	watch(officer, 'officer');
	await login(officer, 'officer', 'officer password');
	await officer.locator('.mission-row').first().waitFor();
	await officer.goto(`${url}/surveys?state=answered`);
	await officer.locator(`tr[data-survey="${target.id}"]`).waitFor({ timeout: 5000 }).catch(() => {});
	check(await officer.locator(`tr[data-survey="${target.id}"]`).count() === 1, 'the officer sees the answered survey');
	await officer.goto(`${url}/surveys?state=overdue`);
	await officer.locator('tr[data-survey]').first().waitFor({ timeout: 5000 }).catch(() => {});
	const overdue = await officer.locator('tr[data-survey]').count();
	check(overdue === before.items.filter((s) => s.state === 'overdue').length - 1 + 6,
		`overdue: the firm's others and the two other sample firms': ${overdue}`);
	await officer.screenshot({ path: `${artifacts}/followup-surveys-officer.png`, fullPage: true });

	// The sample mission's claims beside the records, its consultations,
	// and an agreement's realised exports: upload evidence and verify.
	const sample = (await api('/api/missions?slug=sample-vietnam-2025')).items[0];
	await officer.goto(`${url}/missions/${sample.id}/claims`);
	await officer.locator('tr[data-claim="press-2025-03-15"]').waitFor();
	const claim = (await officer.locator('tr[data-claim="press-2025-03-15"]').textContent()).replace(/\s+/g, ' ');
	check(claim.includes('기록이 뒷받침하지 않음') && claim.includes('USD 1,124,000') && claim.includes('USD 110,000'),
		`the unbacked claim says so beside the records: ${claim}`);
	await officer.screenshot({ path: `${artifacts}/followup-claims.png`, fullPage: true });
	await officer.goto(`${url}/missions/${sample.id}/consultations`);
	await officer.getByText('sample-c1').first().waitFor();
	const consultations = (await api(`/api/consultations?limit=200`)).items.filter((c) => c.key.startsWith('sample-c')).length;
	check(await officer.locator('td', { hasText: /^sample-c\d$/ }).count() === consultations && consultations === 6,
		`the mission's consultations, event by event: ${consultations}`);
	const agreementId = (await api('/api/agreements?key=sample-foods-saigon-2025')).items[0].id;
	const reals = (await api(`/api/realisations?agreement_id=${agreementId}`)).items;
	const open = reals.find((r) => r.verified_by === null);
	await officer.goto(`${url}/agreements/${agreementId}/realisations`);
	await officer.locator(`section[data-realisation="${open.id}"]`).waitFor();
	check(await officer.locator('section[data-realisation]').count() === reals.length, 'every realisation of the agreement');
	const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]);
	const card = officer.locator(`section[data-realisation="${open.id}"]`);
	await card.locator('input[type=file]').setInputFiles({ name: 'remittance.png', mimeType: 'image/png', buffer: PNG });
	await card.getByRole('button', { name: '올리기' }).click();
	check(await see(officer, 'remittance.png'), 'an officer uploads a PNG and sees it listed');
	const people = (await api('/api/people?limit=200')).items;
	const who = people.find((p) => p.name && p.name.en && p.name.en.length >= 4);
	const person = who.id;
	await card.locator('input[id^=vb-]').first().fill(who.name.en);
	await card.locator(`[role=option][data-id="${person}"]`).click();
	await card.getByRole('button', { name: '검증하기' }).click();
	await officer.locator(`section[data-realisation="${open.id}"] .tag`, { hasText: '검증됨' }).waitFor({ timeout: 5000 }).catch(() => {});
	const verified = await api(`/api/realisations/${open.id}`);
	check(verified.verified_by === person && verified.verified_at, `verified by the officer's pick: ${JSON.stringify(verified)}`);
	await officer.screenshot({ path: `${artifacts}/followup-realisations.png`, fullPage: true });

	// A B2B meeting that took place: "record consultation" opens the form
	// with the event, meeting, firm and buyer filled in.
	const orgs = (await api('/api/organisations?kind=buyer&limit=200')).items;
	const buyer = orgs.find((o) => o.key.startsWith('sample-'));
	const past = Math.floor(Date.now() / 1000) - 30 * 86400;
	const b2b = await api('/api/events', { mission_id: sample.id, key: 'b2b-past', kind: 'b2b_meeting', zone: 'Asia/Ho_Chi_Minh',
		start_utc: past, start_precision: 2, title: { ko: '지난 B2B 상담회', en: 'Past B2B meetings' } });
	const slot = await api('/api/slots', { event_id: b2b.id, start_utc: past, end_utc: past + 1800, tables: 2 });
	for (const org of [Number(firm), buyer.id])
		await api(`/api/events/${b2b.id}/participants`, { organisation_id: org, role: 'attendee' });
	const meeting = await api('/api/meetings', { event_id: b2b.id, slot_id: slot.id, table_no: 1,
		a_organisation_id: Number(firm), b_organisation_id: buyer.id });
	check(meeting.id > 0, `a past meeting: ${JSON.stringify(meeting)}`);
	await officer.goto(`${url}/events/${b2b.id}/meetings`);
	await officer.getByRole('link', { name: '상담일지 기록' }).first().click();
	await officer.locator('form.edit').waitFor();
	check(await officer.inputValue('input[id^=f-firm_id]') === String(firm) && await officer.inputValue('input[id^=f-buyer_id]') === String(buyer.id)
		&& await officer.inputValue('input[id^=f-meeting_id]') === String(meeting.id), 'the form comes filled from the meeting');
	await officer.fill('input[id^=f-consulted]', '50000');
	await officer.fill('input[id^=f-consulted-][id$=-c]', 'USD');
	await officer.selectOption('select[id^=f-likelihood]', 'high');
	await officer.click('form.edit button[type=submit]');
	await officer.getByText(`meeting-${meeting.id}`).first().waitFor({ timeout: 5000 }).catch(() => {});
	const recorded = (await api(`/api/consultations?meeting_id=${meeting.id}`)).items;
	check(recorded.length === 1 && recorded[0].consulted.minor === 5000000 && recorded[0].firm_id === Number(firm)
		&& recorded[0].likelihood === 'high', `the meeting's consultation is recorded: ${JSON.stringify(recorded)}`);
	check(officer.url().endsWith(`/events/${b2b.id}/consultations`), `and the event's consultations are shown: ${officer.url()}`);
	check(consoleErrors.length === 0, `no console errors: ${consoleErrors.join('\n')}`);
} finally {
	await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
