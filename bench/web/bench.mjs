// bench/web/bench.mjs PROFILE RUNS LABEL=URL=PICK.json ...: opens the
// pages of tests/web/measure.mjs on each server (logged in as the
// officer the runner made), RUNS times each, alternating servers, and
// prints per page the API requests, bytes and the first and median time
// to render, as JSON lines and as a Markdown table with each page's time
// relative to the first server's.
import { readFileSync } from 'node:fs';
import { chromium } from '../../web/node_modules/playwright-core/index.mjs';
import { launchOptions, login, measure, scalePages } from '../../tests/web/measure.mjs';

const [profile, runsArg, ...targets] = process.argv.slice(2);
const runs = Number(runsArg) || 3;
const browser = await chromium.launch(launchOptions(profile));
const results = [];
try {
	// One logged-in page per server; each page is opened on every server
	// in turn, run after run, so a change in the machine's load falls on
	// all of them alike.
	const sites = [];
	for (const target of targets) {
		const [label, url, pickFile] = target.split('=');
		const pick = JSON.parse(readFileSync(pickFile, 'utf8'));
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		const page = await ctx.newPage();
		await login(page, url, 'officer', 'officer password');
		sites.push({ label, url, page, pages: scalePages(pick), times: [], last: [] });
	}
	const n = sites[0].pages.length;
	for (let k = 0; k < n; k++) {
		for (const s of sites) { s.times[k] = []; s.last[k] = null; }
		for (let i = 0; i < runs; i++)
			for (const s of sites) {
				const [, path, opts] = s.pages[k];
				if (s.last[k] && s.last[k].error) continue;
				try {
					s.last[k] = await measure(s.page, s.url, path, opts);
					s.times[k].push(s.last[k].ms);
				} catch (e) {
					s.last[k] = { path, error: String(e.message || e).split('\n')[0] };
				}
			}
	}
	for (const s of sites)
		for (let k = 0; k < n; k++) {
			// The first opening finds the server's reply cache cold; later
			// ones may be answered from it.
			const times = s.times[k];
			const first = times.length ? times[0] : null;
			const sorted = [...times].sort((a, b) => a - b);
			const r = { db: s.label, page: s.pages[k][0], ...s.last[k], first, ms: sorted.length ? sorted[Math.floor(sorted.length / 2)] : null, runs: times.length };
			results.push(r);
			console.log(JSON.stringify(r));
		}
} finally {
	await browser.close();
}
const base = new Map(results.filter((r) => r.db === results[0].db).map((r) => [r.page, r]));
const kb = (n) => (n === undefined ? '—' : `${(n / 1024).toFixed(1)} KB`);
const ratio = (a, b) => (a !== null && b ? `${(a / b).toFixed(2)}x` : '—');
console.log('\n| database | page | API requests | API bytes | all bytes | render, first | vs first db | render, median | vs first db |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
	const b = base.get(r.page) || {};
	const ms = (v) => (r.error ? `fails: ${r.error}` : `${v} ms${r.alert ? ' (shows an error)' : ''}`);
	console.log(`| ${r.db} | ${r.page} | ${r.api ?? '—'} | ${kb(r.apiBytes)} | ${kb(r.bytes)} | ${ms(r.first)} | ${ratio(r.first, b.first)} | ${ms(r.ms)} | ${ratio(r.ms, b.ms)} |`);
}
