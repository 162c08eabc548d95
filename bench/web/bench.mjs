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
			times.sort((a, b) => a - b);
			const r = { db: label, page: name, ...last, ms: times.length ? times[Math.floor(times.length / 2)] : null, runs: times.length };
			results.push(r);
			console.log(JSON.stringify(r));
		}
		await ctx.close();
	}
} finally {
	await browser.close();
}
const base = new Map(results.filter((r) => r.db === results[0].db).map((r) => [r.page, r.ms]));
const kb = (n) => (n === undefined ? '—' : `${(n / 1024).toFixed(1)} KB`);
console.log('\n| database | page | API requests | API bytes | all bytes | render (median) | vs first |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
	const rel = r.ms !== null && base.get(r.page) ? `${(r.ms / base.get(r.page)).toFixed(2)}x` : '—';
	const ms = r.error ? `fails: ${r.error}` : `${r.ms} ms${r.alert ? ' (shows an error)' : ''}`;
	console.log(`| ${r.db} | ${r.page} | ${r.api ?? '—'} | ${kb(r.apiBytes)} | ${kb(r.bytes)} | ${ms} | ${rel} |`);
}
