// events.js: the events behind a figure of the dashboard or a mission's
// report (docs/web.md, lists.js).
import * as api from '../api.js';
import { h } from '../dom.js';
import { t, tx, label } from '../i18n.js';
import { dateTime } from '../format.js';
import { link } from '../ui.js';
import { refName } from '../paged.js';
import { listPage } from './lists.js';

export const eventsPage = (_, query) => listPage({
	title: t('events'), path: '/events', measure: 'events', listing: 'events', sort: '-start_utc',
	names: ['year', 'province', 'country', 'sector', 'kind', 'mission'],
	listName: (f) => ({ ...f, mission: undefined, mission_id: f.mission }),
	columns: [t('when'), t('kind'), t('title'), t('mission')],
	row: (e) => h('tr',
		h('td.when', dateTime(e.start_utc, e.zone, e.start_precision)),
		h('td', label('event_kind', e.kind)),
		h('td', tx(e.title) || e.key),
		h('td', e.mission_id && api.can.missions() ? link(`/missions/${e.mission_id}`, e.mission ? refName(e.mission) : t('open_mission')) : '')),
}, query);
