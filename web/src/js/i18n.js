// i18n.js: Korean first, English by a switch remembered in localStorage.
// Labels of the closed vocabularies are those of src/domain/enums.c.

const KEY = 'pavilion.lang';
let lang = localStorage.getItem(KEY) === 'en' ? 'en' : 'ko';

export function getLang() { return lang; }
export function setLang(l) {
	lang = l === 'en' ? 'en' : 'ko';
	localStorage.setItem(KEY, lang);
	document.documentElement.lang = lang;
}
document.documentElement.lang = lang;

// A {ko, en} text in the current language, else the other one.
export function tx(t) {
	if (!t) return '';
	if (typeof t === 'string') return t;
	return t[lang] || t[lang === 'ko' ? 'en' : 'ko'] || '';
}

const ENUMS = {
	org_kind: {
		local_company: ['지역 기업', 'local company'], buyer: ['해외 바이어', 'overseas buyer'],
		distributor: ['유통사', 'distributor'], association: ['협회·단체', 'association'],
		government: ['정부·지자체', 'government or city'], university: ['대학', 'university'],
		research_institute: ['연구기관', 'research institute'], company: ['방문 기업', 'company visited'],
	},
	sector: {
		bio: ['바이오', 'bio'], defence: ['방산', 'defence'], mobility: ['모빌리티', 'mobility'],
		'agri-food': ['농식품', 'agri-food'], ict: ['정보통신', 'ICT'], ai: ['인공지능', 'AI'],
		semiconductor: ['반도체', 'semiconductors'], battery: ['이차전지', 'batteries'],
		energy: ['에너지', 'energy'], hydrogen: ['수소', 'hydrogen'], machinery: ['기계', 'machinery'],
		chemicals: ['화학', 'chemicals'], cosmetics: ['화장품', 'cosmetics'],
		healthcare: ['헬스케어', 'healthcare'], content: ['문화콘텐츠', 'content'],
		logistics: ['물류', 'logistics'], education: ['교육', 'education'],
	},
	event_kind: {
		joint_pavilion: ['공동관', 'joint pavilion'], signing: ['협약·계약 체결', 'signing'],
		business_day: ['투자설명회·비즈니스 데이', 'business day / investment briefing'],
		courtesy_call: ['면담', 'courtesy call'], site_visit: ['현장 방문', 'site visit'],
		consultation: ['자문·상담', 'consultation'], coaching: ['1:1 코칭', '1:1 coaching'],
		tech_exchange: ['기술 교류', 'tech exchange'], b2b_meeting: ['B2B 상담', 'B2B meeting'],
		address: ['기조연설·발표', 'address at a conference or forum'], sales_promotion: ['판촉전', 'sales promotion'],
		export_consultation: ['수출상담회', 'export consultation meeting'],
	},
	participant_role: {
		host: ['주최', 'host'], counterpart: ['상대', 'counterpart'], signatory: ['서명', 'signatory'],
		witness: ['입회', 'witness'], speaker: ['발표', 'speaker'], attendee: ['참석', 'attendee'],
		exhibitor: ['참가기업', 'exhibitor'],
	},
	agreement_kind: {
		mou: ['MOU', 'MOU'], loi: ['LOI', 'LOI'], contract: ['계약', 'contract'],
		purchase_order: ['구매주문', 'purchase order'],
	},
	status: {
		signed: ['체결', 'signed'], in_execution: ['이행 중', 'in execution'],
		fulfilled: ['이행 완료', 'fulfilled'], lapsed: ['만료', 'lapsed'], cancelled: ['취소', 'cancelled'],
	},
	home_role: {
		party: ['당사자', 'party'], facilitator: ['지원', 'facilitator'], witness: ['입회', 'witness'],
		none: ['해당 없음', 'none'],
	},
	party_role: { party: ['당사자', 'party'], buyer: ['구매자', 'buyer'], seller: ['판매자', 'seller'] },
	request_source: { officer: ['담당자 요청', 'officer'], company: ['기업 신청', 'company'], suggestion: ['추천 수락', 'accepted suggestion'] },
	user_role: { admin: ['관리자', 'admin'], officer: ['담당관', 'officer'], company: ['기업', 'company'], viewer: ['열람자', 'viewer'] },
	// Outcomes: consultations, realised exports, claims, follow-up surveys.
	likelihood: { high: ['높음', 'high'], medium: ['보통', 'medium'], low: ['낮음', 'low'] },
	evidence_kind: {
		export_declaration: ['수출신고필증', 'export declaration'], invoice: ['상업송장', 'commercial invoice'],
		payment: ['입금·송금 내역', 'payment'], letter_of_credit: ['신용장', 'letter of credit'], statement: ['기업 진술', "the firm's statement"],
	},
	tier: { consulted: ['상담액', 'consulted'], expected: ['계약추진액', 'expected'], signed: ['계약', 'signed'], realised: ['수출 실적', 'realised'] },
	survey_state: { upcoming: ['예정', 'upcoming'], due: ['응답 기간', 'due'], overdue: ['기한 지남', 'overdue'], answered: ['응답 완료', 'answered'] },
	survey_outcome: { results: ['성과 있음', 'results'], no_result: ['성과 없음', 'no result'] },
};

export function enumCodes(vocab) { return Object.keys(ENUMS[vocab]); }
export function label(vocab, code) {
	const e = ENUMS[vocab] && ENUMS[vocab][code];
	return e ? e[lang === 'ko' ? 0 : 1] : code;
}

const MSG = {
	app: ['파빌리온', 'Pavilion'],
	skip: ['본문으로 건너뛰기', 'Skip to content'],
	login: ['로그인', 'Log in'], logout: ['로그아웃', 'Log out'],
	username: ['사용자 이름', 'User name'], password: ['비밀번호', 'Password'],
	login_title: ['통상·투자 사절단 성과 관리', 'Trade and investment missions and their outcomes'],
	login_failed: ['사용자 이름 또는 비밀번호가 올바르지 않습니다.', 'The user name or password is wrong.'],
	login_wait: ['로그인 시도가 너무 많습니다. {s}초 후에 다시 시도하십시오.', 'Too many attempts. Try again in {s} seconds.'],
	dashboard: ['대시보드', 'Dashboard'], missions: ['사절단', 'Missions'], organisations: ['기관·기업', 'Organisations'],
	agreements: ['협약', 'Agreements'], pavilions: ['공동관', 'Pavilions'], people: ['인물', 'People'],
	events: ['행사', 'Events'], stops: ['방문 도시', 'Stops'], followups: ['후속 조치', 'Follow-ups'],
	parties: ['당사자', 'Parties'], participants: ['참석자', 'Participants'], exhibitors: ['참가기업', 'Exhibitors'],
	series: ['시리즈', 'Series'],
	lang_switch: ['English', '한국어'], lang_switch_label: ['Switch to English', '한국어로 보기'],
	headline: ['주요 성과', 'Headline outcomes'], duration: ['기간', 'Duration'],
	cities: ['방문 도시', 'Cities'], time_zones: ['시간대', 'Time zones'],
	signed: ['체결 협약', 'Agreements signed'], values: ['계약 금액', 'Contract value'],
	pavilion_companies: ['공동관 참가기업', 'Pavilion exhibitors'], attendance: ['참석', 'Attendance'],
	investment_events: ['투자 행사', 'Investment events'],
	chart_value: ['연도별 협약 금액', 'Agreement values per year'],
	no_data: ['자료 없음', 'No data'],
	timeline: ['일자별 일정', 'Day by day'], local: ['현지', 'local'], home_time: ['한국 시간', 'Seoul time'],
	time_unknown: ['시간 미기록', 'time not recorded'],
	report: ['성과 보고서', 'Outcome report'], print: ['인쇄', 'Print'],
	search_orgs: ['이름 검색 (초성 가능: ㅎㅅㅍ)', 'Search names (Korean initials work: ㅎㅅㅍ)'],
	search: ['검색', 'Search'], kind: ['종류', 'Kind'], country: ['국가', 'Country'], sector: ['분야', 'Sector'],
	all: ['전체', 'All'], results: ['{n}건', '{n} found'],
	new: ['새로 만들기', 'New'], edit: ['수정', 'Edit'], del: ['삭제', 'Delete'], save: ['저장', 'Save'], cancel: ['취소', 'Cancel'],
	saved: ['저장했습니다.', 'Saved.'], deleted: ['삭제했습니다.', 'Deleted.'],
	confirm_delete: ['정말 삭제하시겠습니까?', 'Delete this record?'],
	required: ['필수 항목입니다.', 'This field is required.'],
	conflict: ['다른 사용자가 이 기록을 먼저 바꾸었습니다. 바뀐 항목을 확인하고 다시 저장하십시오.', 'Someone changed this record since you opened it. Check what changed and save again.'],
	changed_field: ['항목', 'Field'], yours: ['내 입력', 'Yours'], theirs: ['지금 값', 'Now'],
	not_found: ['찾을 수 없습니다 (없거나 볼 권한이 없음).', 'Not found (it does not exist or you may not see it).'],
	forbidden: ['이 작업을 할 권한이 없습니다.', 'You may not do this.'],
	error: ['오류가 발생했습니다', 'Something went wrong'],
	pipeline: ['진행 단계별 협약', 'Pipeline by status'],
	due: ['예정', 'Due'], overdue: ['기한 지남', 'Overdue'], done: ['완료', 'Done'],
	nth: ['{n}번째', '{o}'], signed_on: ['체결일', 'Signed'], value: ['금액', 'Value'],
	status: ['상태', 'Status'], home_role: ['전북 역할', 'Home role'], mission: ['사절단', 'Mission'], event: ['행사', 'Event'],
	show: ['전시회', 'Trade show'], booth: ['부스', 'Booth'], products: ['제품', 'Products'], notes: ['메모', 'Notes'],
	description: ['설명', 'Description'], website: ['웹사이트', 'Website'], city: ['도시', 'City'],
	name: ['이름', 'Name'], title: ['제목', 'Title'], role: ['역할', 'Role'], email: ['이메일', 'Email'], phone: ['전화', 'Phone'],
	registered: ['등록', 'Registered'], attended: ['참석', 'Attended'], approx: ['약 ', 'about '],
	my_org: ['우리 기관', 'My organisation'], none: ['없음', 'None'], loading: ['불러오는 중…', 'Loading…'],
	total: ['합계', 'Total'], open_mission: ['사절단 보기', 'Open mission'], count: ['건수', 'Count'],
	back: ['돌아가기', 'Back'], arrive: ['도착', 'Arrive'], depart: ['출발', 'Depart'], home: ['출발지(국내)', 'Home'],
	nights_stay: ['{n}박', '{n} nights'], user: ['사용자', 'User'], go: ['이동', 'Go'],
	purpose: ['목적', 'Purpose'], key: ['키', 'Key'], slug: ['식별자', 'Slug'], zone: ['시간대', 'Time zone'],
	start: ['시작', 'Start'], end: ['종료', 'End'], currency: ['통화', 'Currency'], amount: ['금액', 'Amount'],
	due_on: ['기한', 'Due on'], done_on: ['완료일', 'Done on'], organisation: ['기관', 'Organisation'], person: ['인물', 'Person'],
	parent: ['상위 기관', 'Parent organisation'], home_zone: ['본국 시간대', 'Home time zone'],
	home_org: ['주관 기관', 'Home organisation'], stop: ['방문 도시', 'Stop'], home_stop: ['국내 출발·도착지', 'Home stop'],
	ko: ['한국어', 'Korean'], en: ['영어', 'English'], date: ['날짜', 'Date'], time: ['시각 (비우면 날짜만)', 'Time (empty: the day only)'],
	field_changed: ['바뀐 항목', 'Changed fields'], reload_theirs: ['지금 값으로 다시 불러오기', 'Load the current values'],
	series_view: ['시리즈 (연속 협약)', 'Series (successive agreements)'],
	viewer_note: ['열람 전용 계정입니다.', 'Read-only account.'],
	page_not_found: ['없는 페이지입니다.', 'There is no such page.'],
	// B2B meetings of an event, and a mission's calendar.
	b2b_meetings: ['B2B 상담', 'B2B meetings'], when: ['시간', 'Time'],
	slots: ['상담 시간대', 'Meeting slots'], tables: ['테이블 수', 'Tables'], add_slot: ['시간대 추가', 'Add slot'],
	requests: ['상담 요청', 'Meeting requests'], from_org: ['요청 기관', 'Asked by'], to_org: ['상대 기관', 'Asked to meet'],
	weight: ['중요도', 'Weight'], source: ['출처', 'Source'], add_request: ['요청 추가', 'Add request'],
	end_after_start: ['종료 시각은 시작 시각보다 늦어야 합니다.', 'The end must come after the start.'],
	suggestions_first: ['기업이 많아 처음 {n}개 기업만 표시합니다.', 'Showing the first {n} companies of many.'],
	suggestions: ['추천 상담 상대', 'Suggested partners'], score: ['점수', 'score'], accept: ['요청하기', 'Accept'],
	schedule_title: ['일정 배정', 'Scheduling'], schedule: ['일정 배정 실행', 'Run the scheduler'], scheduling: ['배정 중…', 'Scheduling…'],
	schedule_note: ['확정된 상담은 그대로 두고 나머지를 다시 배정합니다.', 'Confirmed meetings stay where they are; the rest are placed again.'],
	quality: ['배정 품질', 'Quality'],
	quality_figure: ['배정 가중치 {w} / 상한 {u} ({p})', 'weight {w} of upper bound {u} ({p})'],
	quality_optimal: ['최적: 배정 가중치 {w}는 증명된 상한과 같아 더 나은 일정이 없습니다', 'optimal: weight {w} equals the proven upper bound, so no schedule is better'],
	quality_note: ['상한은 어떤 일정도 넘을 수 없음이 증명된 값이지만 가장 좋은 일정도 상한보다 낮을 수 있으므로, 백분율은 이 일정의 품질을 낮춰 말할 수는 있어도 부풀리지는 않습니다.', 'The upper bound is proven (no schedule can weigh more), but the best possible schedule may weigh less than it, so the percentage can understate this schedule, never overstate it.'],
	sched_counts: ['요청 {r}건 · 배정 {s}건 · 제외 {l}건 · 빈 시간 {g}회 · {sec}초', '{r} requests · {s} scheduled · {l} left out · {g} idle gaps · {sec} s'],
	unscheduled: ['배정되지 않은 요청', 'Not scheduled'],
	agenda: ['상담 일정표', 'Agenda'], my_agenda: ['우리 기관 상담 일정', 'Our agenda'], table_no: ['테이블', 'Table'], with: ['상대', 'With'],
	confirmed: ['확정', 'Confirmed'], unconfirmed: ['미확정', 'Not confirmed'], confirm: ['확정하기', 'Confirm'],
	calendar: ['일정 캘린더', 'Calendar'], ics_ko: ['캘린더 파일 (한국어)', 'Calendar file (Korean)'], ics_en: ['캘린더 파일 (영어)', 'Calendar file (English)'],
	subscribe: ['구독 주소 만들기', 'Create a subscription URL'], feed_url: ['구독 주소', 'Subscription URL'],
	feed_url_once: ['이 주소는 지금 한 번만 표시됩니다. 캘린더 앱에 붙여 넣으십시오. 주소를 아는 사람은 누구나 일정을 볼 수 있으니, 필요 없으면 폐기하십시오.', 'This address is shown only now: paste it into your calendar app. Anyone who has it can read the calendar, so revoke it when it is no longer needed.'],
	my_feeds: ['내 구독 주소', 'My subscriptions'], revoke: ['폐기', 'Revoke'], feed_created: ['{d} 생성', 'created {d}'],
	// Pages at programme scale: filters, paging, what each figure counts.
	more: ['더 보기', 'Show more'], filters: ['필터', 'Filters'], apply: ['적용', 'Apply'], clear_filters: ['필터 해제', 'Clear filters'],
	year: ['연도', 'Year'], province: ['주관 기관(지자체)', 'Home organisation (province)'],
	period: ['기간', 'Dates'], signed_from: ['체결일 (부터)', 'Signed from'], signed_to: ['체결일 (까지)', 'Signed to'],
	country_code: ['국가 코드', 'Country code'], series_id: ['시리즈 번호 (숫자)', 'Series number (digits)'],
	search_titles: ['제목 검색', 'Search titles'],
	country_two_letters: ['국가 코드는 영문 두 글자입니다 (예: US).', 'A country code is two letters (e.g. US).'], pick_from_list: ['목록에서 고르십시오.', 'Pick one from the list.'],
	results_more: ['{n}건 표시 (더 있음)', '{n} shown, more available'], others: ['그 밖의 항목', 'All others'],
	chart_kind: ['협약 종류별', 'Agreements by kind'], chart_status: ['협약 상태별', 'Agreements by status'],
	chart_sector: ['분야별 협약 (상위 {n})', 'Agreements by sector (top {n})'],
	chart_country: ['상대국별 협약 (상위 {n})', 'Agreements by country (top {n})'],
	chart_province: ['주관 기관별 사절단 (상위 {n})', 'Missions by home organisation (top {n})'],
	chart_event_kind: ['종류별 행사', 'Events by kind'],
	values_counts: ['금액이 기록된 협약(모든 상태)의 통화별 합계, 통화끼리는 더하지 않음', 'Sum per currency of the agreements (every status) with a recorded value; currencies are never added together'],
	missions_counts: ['필터에 맞는 사절단', 'The missions matching the filters'],
	followups_counts: ['모든 협약의 미완료 후속 조치, 기한이 이른 순', 'Open follow-ups of every agreement, soonest due first'],
	org_events_counts: ['이 기관이 참석자로 기록된 행사', 'Events where this organisation is recorded as taking part'],
	mission_signed_counts: ['이 사절단에 기록된 협약 중 취소되지 않은 것 (시리즈의 앞선 협약은 세지 않음)', 'Agreements recorded for this mission, cancelled ones left out (earlier agreements of a series are not counted)'],
	mission_values_counts: ['그 협약들의 금액, 통화별 합계', 'The values of those agreements, summed per currency'],
	mission_investment_counts: ['투자설명회·비즈니스 데이 행사 수 · 참석자 (없으면 등록자)', 'Business days and investment briefings · attended (else registered)'],
	org_agreements_counts: ['이 기관이 당사자인 협약', 'Agreements to which this organisation is a party'],
	// Outcomes: consultations, realised exports, claims, follow-up surveys.
	surveys: ['사후 성과조사', 'Follow-up surveys'], survey: ['사후 성과조사', 'Follow-up survey'],
	months_after: ['귀국 {n}개월 후', '{n} months after return'], firm: ['기업', 'Firm'],
	state: ['상태', 'State'], reminders: ['알림', 'Reminders'], reminded_on: ['{d} 알림 발송', 'reminded {d}'],
	answer: ['응답하기', 'Answer'], answered_on: ['{d} 응답', 'answered {d}'], outcome: ['성과', 'Outcome'],
	reason: ['사유', 'Reason'], reason_needed: ['성과가 없으면 사유를 적어 주십시오.', 'Say why there was no result.'],
	exports_realised: ['실현된 수출 (바이어별)', 'Exports realised (per buyer)'], add_export: ['수출 실적 추가', 'Add an export'],
	new_contracts: ['새 계약', 'New contracts'], add_contract: ['계약 추가', 'Add a contract'],
	agreement: ['협약·계약', 'Agreement'], buyer: ['바이어', 'Buyer'], on_date: ['일자', 'Date'],
	evidence: ['증빙', 'Evidence'], evidence_kind: ['증빙 종류', 'Kind of evidence'], evidence_reference: ['증빙 번호', 'Reference'],
	evidence_file: ['증빙 파일 (PDF, PNG, JPEG)', 'Evidence file (PDF, PNG, JPEG)'], upload: ['올리기', 'Upload'],
	uploaded: ['올렸습니다.', 'Uploaded.'], download: ['내려받기', 'Download'],
	answer_needs_item: ['수출 실적이나 계약을 하나 이상 적거나 “성과 없음”을 고르십시오.', 'Give at least one export or contract, or choose “no result”.'],
	answer_sent: ['응답을 저장했습니다. 감사합니다.', 'Your answer is saved. Thank you.'],
	all_states: ['전체', 'All'], filter_mission: ['사절단 번호', 'Mission id'],
	consultations: ['상담일지', 'Consultations'], consultation: ['상담', 'Consultation'],
	record_consultation: ['상담일지 기록', 'Record consultation'],
	consulted: ['상담액', 'Consulted'], expected: ['계약추진액', 'Expected'], likelihood: ['가능성', 'Likelihood'],
	buyer_country: ['바이어 국가 (비공개 바이어)', 'Buyer country (undisclosed buyer)'], hs_code: ['HS 코드', 'HS code'],
	recorded_by: ['기록자', 'Recorded by'], meeting: ['B2B 상담', 'B2B meeting'],
	realisations: ['수출 실적', 'Realised exports'], verified: ['검증됨', 'Verified'], unverified: ['미검증', 'Unverified'],
	verify: ['검증하기', 'Verify'], verified_by: ['검증자', 'Verified by'], verified_at: ['검증일', 'Verified on'],
	claims: ['발표 수치', 'Announced figures'], claim: ['발표 수치', 'Announced figure'], tier: ['구분', 'Tier'],
	claimed: ['발표', 'Announced'], recorded: ['기록', 'Recorded'], backed: ['기록이 뒷받침함', 'Backed by the records'],
	not_backed: ['기록이 뒷받침하지 않음', 'Not backed by the records'], stated_on: ['발표일', 'Stated on'],
	source: ['출처', 'Source'], source_title: ['출처 제목', 'Source title'], source_url: ['출처 주소', 'Source URL'],
	firms_count: ['기업 수', 'Firms'], firm_id: ['기업', 'Firm'], buyer_id: ['바이어', 'Buyer'],
	pick_search: ['이름으로 찾기', 'Find by name'], agreement_id: ['협약·계약', 'Agreement'], meeting_id: ['B2B 상담', 'B2B meeting'],
	on: ['일자', 'Date'],
	left_out: ['제외', 'Left out'], outcome_tiers: ['성과 단계', 'Outcome tiers'],
	tier_expected_counts: ['그 상담들에서 기업이 계약을 기대하는 금액, 통화별 합계 (계약이 아님)', 'What the firms of those consultations expect to contract, summed per currency (not a sale)'],
	tier_signed_counts: ['필터에 맞는 계약과 구매주문 중 취소되지 않은 것, 통화별 합계', 'Contracts and purchase orders matching the filters that are not cancelled, summed per currency'],
};

// A message, with {name} placeholders filled from vars.
export function t(key, vars) {
	const m = MSG[key];
	let s = m ? m[lang === 'ko' ? 0 : 1] : key;
	for (const [k, v] of Object.entries(vars || {})) s = s.replaceAll('{' + k + '}', v);
	return s;
}
