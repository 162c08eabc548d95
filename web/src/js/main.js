// main.js: the single-page app: session, header, and the route table of
// pages.  Every page is a function (params, query) -> Promise<Node>.
import * as api from './api.js';
import { h, clear } from './dom.js';
import { t, getLang, setLang, label } from './i18n.js';
import { errorBox, link } from './ui.js';
import { loginPage, dashboardPage } from './pages/home.js';
import { missionPage, reportPage } from './pages/mission.js';
import { organisationsPage, organisationPage } from './pages/organisations.js';
import { agreementsPage, agreementPage, pavilionPage } from './pages/agreements.js';
import { formPage } from './pages/forms.js';
import { meetingsPage } from './pages/meetings.js';
import { eventsPage } from './pages/events.js';
import { surveysPage, surveyPage, realisationsPage, realisationPage, eventConsultationsPage, missionConsultationsPage, claimsPage,
	consultationsPage, allRealisationsPage } from './pages/outcomes.js';

const ROUTES = [
	[/^\/$/, dashboardPage],
	[/^\/missions\/(\d+)$/, missionPage],
	[/^\/missions\/(\d+)\/report$/, reportPage],
	[/^\/organisations$/, organisationsPage],
	[/^\/organisations\/(\d+)$/, organisationPage],
	[/^\/agreements$/, agreementsPage],
	[/^\/agreements\/(\d+)$/, agreementPage],
	[/^\/pavilions\/(\d+)$/, pavilionPage],
	[/^\/events\/(\d+)\/meetings$/, meetingsPage],
	[/^\/surveys$/, surveysPage],
	[/^\/surveys\/(\d+)$/, surveyPage],
	[/^\/agreements\/(\d+)\/realisations$/, realisationsPage],
	[/^\/realisations\/(\d+)$/, realisationPage],
	[/^\/events\/(\d+)\/consultations$/, eventConsultationsPage],
	[/^\/missions\/(\d+)\/consultations$/, missionConsultationsPage],
	[/^\/missions\/(\d+)\/claims$/, claimsPage],
	[/^\/new\/([a-z]+)$/, formPage],
	[/^\/new\/([a-z]+)\/(\d+)\/([a-z]+)$/, formPage],
	[/^\/edit\/([a-z]+)\/(\d+)$/, formPage],
	[/^\/edit\/([a-z]+)\/(\d+)\/([a-z]+)\/(\d+)$/, formPage],
	[/^\/events$/, eventsPage],
	[/^\/consultations$/, consultationsPage],
	[/^\/realisations$/, allRealisationsPage],
];

const main = document.getElementById('main');
const top = document.getElementById('top');

function header() {
	const s = api.session;
	const nav = s ? h('nav', { 'aria-label': t('app') }, h('ul',
		h('li', link('/', t('dashboard'))),
		h('li', link('/organisations', t('organisations'))),
		h('li', link('/agreements', t('agreements'))),
		h('li', link('/surveys', t('surveys'))))) : null;
	clear(top).append(
		h('div.topbar',
			h('a.brand', { href: '/', 'data-link': true }, t('app')),
			nav,
			h('div.who',
				s ? h('span.user', `${s.username} · ${label('user_role', s.role)}`) : null,
				h('button.linkish', { type: 'button', lang: getLang() === 'ko' ? 'en' : 'ko', 'aria-label': t('lang_switch_label'), onclick: () => { setLang(getLang() === 'ko' ? 'en' : 'ko'); render(); } }, t('lang_switch')),
				s ? h('button.linkish', { type: 'button', onclick: async () => { await api.logout(); go('/'); } }, t('logout')) : null)));
	document.querySelector('.skip').textContent = t('skip');
}

export function go(path) {
	history.pushState(null, '', path);
	render();
}

let generation = 0;
export async function render() {
	const mine = ++generation;
	// Busy until the page is drawn (screen readers wait; tests and the
	// browser benchmark know when a page has rendered).
	main.setAttribute('aria-busy', 'true');
	if (api.session === null) await api.whoAmI();
	header();
	const path = location.pathname.replace(/\/+$/, '') || '/';
	let page = null, params = [];
	if (!api.session) page = loginPage;
	else for (const [re, fn] of ROUTES) {
		const m = re.exec(path);
		if (m) { page = fn; params = m.slice(1); break; }
	}
	let node;
	try {
		node = page ? await page(params, new URLSearchParams(location.search)) : h('p.alert', t('page_not_found'));
	} catch (e) {
		if (e.status === 401) { api.session && (await api.whoAmI()); if (!api.session) return render(); }
		node = errorBox(e);
	}
	if (mine !== generation) return;
	clear(main).append(node);
	main.setAttribute('aria-busy', 'false');
	main.focus({ preventScroll: true });
}

// Links marked data-link stay in the app; the rest behave as usual.
document.addEventListener('click', (ev) => {
	const a = ev.target.closest('a[data-link]');
	if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
	ev.preventDefault();
	go(a.getAttribute('href'));
});
window.addEventListener('popstate', render);
render();
