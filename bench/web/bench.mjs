// bench/web/bench.mjs PROFILE RUNS LABEL=URL=PICK.json ...: opens the
// pages of tests/web/measure.mjs on each server (logged in as the
// officer the runner made), RUNS times each, and prints per page the API
// requests, bytes and the median time to render, as JSON lines and as a
// Markdown table with each page's time relative to the first server's.
import { readFileSync } from 'node:fs';
import { chromium } from '../../web/node_modules/playwright-core/index.mjs';
import { launchOptions, login, measure, scalePages } from '../../tests/web/measure.mjs';

const [profile, runsArg, ...targets] = process.argv.slice(2);
const runs = Number(runsArg) || 3;
const browser = await chromium.launch(launchOptions(profile));
const results = [];
try {
	for (const target of targets) {
		const [label, url, pickFile] = target.split('=');
		const pick = JSON.parse(readFileSync(pickFile, 'utf8'));
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		const page = await ctx.newPage();
		await login(page, url, 'officer', 'officer password');
		for (const [name, path, opts] of scalePages(pick)) {
			const times = [];
			let last = null;
			for (let i = 0; i < runs; i++) {
				try {
					last = await measure(page, url, path, opts);
					times.push(last.ms);
				} catch (e) {
					last = { path, error: String(e.message || e).split('\n')[0] };
					break;
				}
			}
			// The first opening finds the server's reply cache cold; later
			// ones may be answered from it.
			const first = times.length ? times[0] : null;
			times.sort((a, b) => a - b);
			const r = { db: label, page: name, ...last, first, ms: times.length ? times[Math.floor(times.length / 2)] : null, runs: times.length };
			results.push(r);
			console.log(JSON.stringify(r));
		}
		await ctx.close();
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
