/* report.c: rendering the outcome report.
 *
 * The figures section answers "what did it achieve?" in the order the
 * officials ask it; the itinerary shows each day in local time with the
 * home time beside it; the agreements and pavilion sections list the
 * records behind the figures, so every number can be traced.
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "domain/moment.h"
#include "domain/money.h"
#include "domain/outcome.h"
#include "domain/tz.h"
#include "report/format.h"
#include "util/arena.h"

struct render {
	const struct bundle *b;
	const struct outcome *o;
	enum lang lang;
	enum report_format format;
	struct buf *out;
};

#define L(r, ko, en) ((r)->lang == LANG_KO ? (ko) : (en))

int report_format_parse(const char *s)
{
	if (strcmp(s, "text") == 0)
		return REPORT_TEXT;
	if (strcmp(s, "markdown") == 0 || strcmp(s, "md") == 0)
		return REPORT_MARKDOWN;
	if (strcmp(s, "json") == 0)
		return REPORT_JSON;
	return -1;
}

static const char *T(const struct render *r, struct text t)
{
	return text_get(t, r->lang);
}

static const char *org_name(const struct render *r, int org)
{
	return org >= 0 ? T(r, r->b->orgs[org].name) : "";
}

/* "three" for small counts in English prose, digits otherwise. */
static const char *count_word(int n, char buf[FMT_MAX])
{
	static const char *const words[] = { "zero", "one", "two", "three",
		"four", "five", "six", "seven", "eight", "nine", "ten" };

	if (n >= 0 && n <= 10)
		return words[n];
	snprintf(buf, FMT_MAX, "%d", n);
	return buf;
}

static const char *ordinal_word(int n, char buf[FMT_MAX])
{
	static const char *const words[] = { "zeroth", "first", "second",
		"third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
		"tenth" };
	const char *suffix = "th";

	if (n >= 0 && n <= 10)
		return words[n];
	if (n % 100 < 11 || n % 100 > 13) {
		if (n % 10 == 1)
			suffix = "st";
		else if (n % 10 == 2)
			suffix = "nd";
		else if (n % 10 == 3)
			suffix = "rd";
	}
	snprintf(buf, FMT_MAX, "%d%s", n, suffix);
	return buf;
}

static const char *plural(int n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void heading(struct render *r, const char *title)
{
	if (r->format == REPORT_MARKDOWN)
		buf_printf(r->out, "\n## %s\n\n", title);
	else
		buf_printf(r->out, "\n■ %s\n", title);
}

static void item(struct render *r, int depth, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void item(struct render *r, int depth, const char *fmt, ...)
{
	char line[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	for (int i = 0; i < depth; i++)
		buf_puts(r->out, "  ");
	buf_printf(r->out, "- %s\n", line);
}

/* True for a participant from the sending government itself. */
static bool is_home(const struct render *r, const struct participant *p)
{
	int home = r->b->mission->home_org;
	int org = p->org >= 0 ? p->org :
		p->person >= 0 ? r->b->people[p->person].org : -1;

	return home >= 0 && org == home;
}

/* ---- figures -------------------------------------------------------- */

static void span_text(const struct render *r, char out[FMT_MAX])
{
	const struct trip_span *s = &r->o->span;

	if (!s->known)
		snprintf(out, FMT_MAX, "%s", L(r, "일정 미정", "dates not known"));
	else if (r->lang == LANG_KO)
		snprintf(out, FMT_MAX, "%d박 %d일", s->nights, s->days);
	else
		snprintf(out, FMT_MAX, "%d %s, %d %s", s->nights,
			 plural(s->nights, "night", "nights"), s->days,
			 plural(s->days, "day", "days"));
}

static void money_list(const struct render *r, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (int i = 0; i < r->o->n_totals; i++) {
		char m[FMT_MAX];
		int n;

		fmt_money(r->lang, r->o->totals[i].currency, r->o->totals[i].minor, m);
		n = snprintf(out + used, size - used, "%s%s", i ? ", " : "", m);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
}

static void sector_list(const struct render *r, uint32_t sectors, char *out,
			size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (int s = 0; s < SECTOR_COUNT; s++) {
		int n;

		if (!(sectors & (1u << s)))
			continue;
		n = snprintf(out + used, size - used, "%s%s", used ? ", " : "",
			     enum_label(&enum_sector, s, r->lang));
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
}

/* The counterpart of an agreement: its first party that is not home. */
static int counterpart(const struct render *r, const struct agreement *a)
{
	int home = r->b->mission ? r->b->mission->home_org : -1;

	for (size_t i = 0; i < a->n_parties; i++)
		if (a->parties[i].org != home)
			return a->parties[i].org;
	return a->n_parties ? a->parties[0].org : -1;
}

/* The agreement at position in the series of agreement i, or -1. */
static int at_position(const struct render *r, size_t i, int position)
{
	const struct bundle *b = r->b;

	for (size_t k = 0; k < b->n_agreements; k++)
		if (b->agreements[k].series == b->agreements[i].series &&
		    r->o->places[k].position == position)
			return (int)k;
	return -1;
}

#define SERIES_SHOWN_BEFORE 3

/* "3번째 (총 3건)" / "third of a series of three", with the (at most three)
 * agreements just before it. */
static void series_text(const struct render *r, size_t i, char *out,
			size_t size)
{
	const struct bundle *b = r->b;
	const struct agreement *a = &b->agreements[i];
	struct series_place p = r->o->places[i];
	char w1[FMT_MAX], w2[FMT_MAX], before[512];
	int first = p.position - SERIES_SHOWN_BEFORE;
	size_t used = 0;

	before[0] = '\0';
	if (first < 1)
		first = 1;
	if (first > 1) {
		int n = r->lang == LANG_KO ?
			snprintf(before, sizeof before, "… ") :
			snprintf(before, sizeof before, "%d earlier, ", first - 1);

		used = n > 0 ? (size_t)n : 0;
	}
	for (int pos = first; pos < p.position; pos++) {
		int k = at_position(r, i, pos);
		int n;

		if (k < 0)
			continue;
		n = snprintf(before + used, sizeof before - used, "%s%s (%s)",
			     pos == first ? "" : pos + 1 == p.position &&
			     r->lang == LANG_EN ? " and " : ", ",
			     org_name(r, counterpart(r, &b->agreements[k])),
			     b->agreements[k].signed_on);
		if (n < 0 || (size_t)n >= sizeof before - used)
			break;
		used += (size_t)n;
	}
	if (r->lang == LANG_KO)
		snprintf(out, size, "「%s」 시리즈 %d번째 (총 %d건%s%s)",
			 T(r, b->series[a->series].name), p.position, p.count,
			 used ? "; 앞선 협약: " : "", before);
	else
		snprintf(out, size, "%s of a series of %s, \"%s\"%s%s",
			 ordinal_word(p.position, w1), count_word(p.count, w2),
			 T(r, b->series[a->series].name), used ? ", after " : "",
			 before);
}

/* " (Moderna)": the organisations met at events of kind, limited to
 * organisations of org_kind (ORG_KIND_COUNT: any but home). */
static void counterparts(const struct render *r, enum event_kind kind,
			 enum org_kind org_kind, char *out, size_t size)
{
	const struct bundle *b = r->b;
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < b->n_events; i++) {
		const struct event *e = &b->events[i];

		if (e->kind != kind)
			continue;
		for (size_t k = 0; k < e->n_participants; k++) {
			const struct participant *p = &e->participants[k];
			int org = p->org >= 0 ? p->org :
				p->person >= 0 ? b->people[p->person].org : -1;
			int n;

			if (org < 0 || p->role == PARTICIPANT_HOST || is_home(r, p) ||
			    (org_kind != ORG_KIND_COUNT && b->orgs[org].kind != org_kind))
				continue;
			n = snprintf(out + used, size - used, "%s%s",
				     used ? ", " : " (", org_name(r, org));
			if (n < 0 || (size_t)n >= size - used - 1)
				break;
			used += (size_t)n;
			break;
		}
	}
	if (used > 0)
		snprintf(out + used, size - used, ")");
}

/* "joint pavilion 1, site visit 2, ...": every kind of event held. */
static void events_held(const struct render *r, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (int k = 0; k < EVENT_KIND_COUNT; k++) {
		int n;

		if (r->o->events_by_kind[k] == 0)
			continue;
		n = snprintf(out + used, size - used, "%s%s %d", used ? ", " : "",
			     enum_label(&enum_event_kind, k, r->lang),
			     r->o->events_by_kind[k]);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
}

static void figures(struct render *r)
{
	const struct outcome *o = r->o;
	const struct bundle *b = r->b;
	const char *home = org_name(r, b->mission->home_org);
	char s1[FMT_MAX], s2[FMT_MAX], big[1024];
	int mous = o->by_kind[AGREEMENT_MOU];
	int contracts = o->by_kind[AGREEMENT_CONTRACT];

	heading(r, L(r, "성과", "Outcomes"));
	span_text(r, s1);
	item(r, 0, "%s: %s", L(r, "기간", "Duration"), s1);
	if (r->lang == LANG_KO)
		item(r, 0, "방문: %d개 도시, %d개 시간대", o->n_cities, o->n_zones);
	else
		item(r, 0, "Visited: %d %s in %d time %s", o->n_cities,
		     plural(o->n_cities, "city", "cities"), o->n_zones,
		     plural(o->n_zones, "zone", "zones"));
	events_held(r, big, sizeof big);
	if (big[0])
		item(r, 0, "%s: %s", L(r, "행사", "Events held"), big);
	if (mous > 0 && r->lang == LANG_KO)
		item(r, 0, "MOU 체결: %d건 (%s 당사자 %d건, 지원·입회 %d건)", mous,
		     home, o->mous_party, o->mous_supported);
	else if (mous > 0)
		item(r, 0, "MOUs signed: %d (%d with %s as a party, %d facilitated)",
		     mous, o->mous_party, home, o->mous_supported);
	money_list(r, big, sizeof big);
	if (contracts > 0 && r->lang == LANG_KO)
		item(r, 0, "계약: %d건%s%s", contracts, big[0] ? ", " : "", big);
	else if (contracts > 0)
		item(r, 0, "Contracts: %d%s%s", contracts, big[0] ? " worth " : "", big);
	for (size_t i = 0; i < b->n_agreements; i++) {
		const struct agreement *a = &b->agreements[i];

		if (!a->in_mission || a->series < 0 || a->status == STATUS_CANCELLED)
			continue;
		series_text(r, i, big, sizeof big);
		item(r, 1, "%s: %s", T(r, a->title), big);
	}
	if (o->by_kind[AGREEMENT_LOI] || o->by_kind[AGREEMENT_PURCHASE_ORDER])
		item(r, 0, "%s: %d, %s: %d", L(r, "LOI", "LOIs"),
		     o->by_kind[AGREEMENT_LOI], L(r, "구매주문", "Purchase orders"),
		     o->by_kind[AGREEMENT_PURCHASE_ORDER]);
	if (o->pavilions > 0 && r->lang == LANG_KO)
		item(r, 0, "공동관: %d개, 참가기업 %d개사", o->pavilions,
		     o->pavilion_companies);
	else if (o->pavilions > 0)
		item(r, 0, "Joint pavilions: %d with %d %s", o->pavilions,
		     o->pavilion_companies,
		     plural(o->pavilion_companies, "company", "companies"));
	fmt_count(r->lang, o->investment_attendance, s2);
	if (o->investment_events > 0 && r->lang == LANG_KO)
		item(r, 0, "투자 행사: %d회, %s%s명 참석", o->investment_events,
		     o->attendance_approximate ? "약 " : "", s2);
	else if (o->investment_events > 0)
		item(r, 0, "Investment events: %d with %s%s %s", o->investment_events,
		     o->attendance_approximate ? "about " : "", s2,
		     plural((int)o->investment_attendance, "attendee", "attendees"));
	counterparts(r, EVENT_COURTESY_CALL, ORG_GOVERNMENT, big, sizeof big);
	if (o->city_meetings > 0 && r->lang == LANG_KO)
		item(r, 0, "도시 간 면담: %d회%s", o->city_meetings, big);
	else if (o->city_meetings > 0)
		item(r, 0, "City-to-city meetings: %d%s", o->city_meetings, big);
	counterparts(r, EVENT_CONSULTATION, ORG_KIND_COUNT, big, sizeof big);
	if (o->corporate_consultations > 0 && r->lang == LANG_KO)
		item(r, 0, "기업 상담: %d회%s", o->corporate_consultations, big);
	else if (o->corporate_consultations > 0)
		item(r, 0, "Corporate consultations: %d%s",
		     o->corporate_consultations, big);
	sector_list(r, o->sectors, big, sizeof big);
	if (big[0])
		item(r, 0, "%s: %s", L(r, "전략 분야", "Strategic sectors touched"),
		     big);
}

/* ---- outcome tiers and claims ------------------------------------------ */

static void values_text(const struct render *r, const struct tier_figure *f,
			char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (int i = 0; i < f->n_values; i++) {
		char m[FMT_MAX];
		int n;

		fmt_money(r->lang, f->values[i].currency, f->values[i].minor, m);
		n = snprintf(out + used, size - used, "%s%s", i ? ", " : "", m);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
	if (used == 0)
		snprintf(out, size, "%s", L(r, "금액 미기록", "no amount recorded"));
}

/* "12.5%", or "–" without a base. */
static void percent(int64_t value, int64_t base, char out[FMT_MAX])
{
	int64_t p = outcome_permille(value, base);

	if (p < 0)
		snprintf(out, FMT_MAX, "–");
	else
		snprintf(out, FMT_MAX, "%lld.%lld%%", (long long)(p / 10),
			 (long long)(p % 10));
}

/* "USD 2,620,000 → USD 110,000 (4.2%) → USD 95,000 (86.4%)". */
static void conversion_text(const struct render *r, const struct conversion *c,
			    char *out, size_t size)
{
	char a[FMT_MAX], b[FMT_MAX], d[FMT_MAX], p1[FMT_MAX], p2[FMT_MAX];

	fmt_money(r->lang, c->currency, c->consulted, a);
	fmt_money(r->lang, c->currency, c->signed_value, b);
	fmt_money(r->lang, c->currency, c->realised, d);
	percent(c->signed_value, c->consulted, p1);
	percent(c->realised, c->signed_value, p2);
	snprintf(out, size, "%s → %s (%s) → %s (%s)", a, b, p1, d, p2);
}

static void tiers(struct render *r)
{
	const struct outcome *o = r->o;
	const struct tier_figure *c = &o->tiers[TIER_CONSULTED];
	const struct tier_figure *x = &o->tiers[TIER_EXPECTED];
	const struct tier_figure *s = &o->tiers[TIER_SIGNED];
	const struct tier_figure *z = &o->tiers[TIER_REALISED];
	const struct survey_status *sv = &r->b->surveys;
	char v1[1024], v2[1024], v3[1024];

	if (!o->has_outcome_records)
		return;
	heading(r, L(r, "성과 단계별 실적 (단계끼리 더하지 않음)",
		     "Outcomes by tier (never added together)"));
	if (c->count > 0) {
		values_text(r, c, v1, sizeof v1);
		if (r->lang == LANG_KO)
			item(r, 0, "상담: %d건, %d개사, 바이어 %d곳; 상담액 %s (판매 아님)",
			     c->count, c->firms, o->consultation_buyers, v1);
		else
			item(r, 0, "Consultations: %d by %d %s with %d %s; consulted %s"
			     " (not sales)", c->count, c->firms,
			     plural(c->firms, "firm", "firms"), o->consultation_buyers,
			     plural(o->consultation_buyers, "buyer", "buyers"), v1);
	}
	if (x->count > 0) {
		values_text(r, x, v1, sizeof v1);
		if (r->lang == LANG_KO)
			item(r, 0, "계약추진액: %s (%d건, %d개사; 계약 아님)", v1,
			     x->count, x->firms);
		else
			item(r, 0, "Expected: %s (%d %s, %d %s; not signed)", v1,
			     x->count, plural(x->count, "consultation", "consultations"),
			     x->firms, plural(x->firms, "firm", "firms"));
	}
	values_text(r, s, v1, sizeof v1);
	values_text(r, &o->signed_during, v2, sizeof v2);
	values_text(r, &o->signed_after, v3, sizeof v3);
	if (r->lang == LANG_KO)
		item(r, 0, "계약 (계약·구매주문): %d건, %d개사, %s (현장 %d건 %s; 사후 %d건 %s)",
		     s->count, s->firms, v1, o->signed_during.count, v2,
		     o->signed_after.count, v3);
	else
		item(r, 0, "Signed (contracts and purchase orders): %d by %d %s, %s"
		     " (during the mission %d, %s; after it %d, %s)", s->count,
		     s->firms, plural(s->firms, "firm", "firms"), v1,
		     o->signed_during.count, v2, o->signed_after.count, v3);
	if (z->count > 0) {
		values_text(r, z, v1, sizeof v1);
		if (o->realised_verified.count > 0)
			values_text(r, &o->realised_verified, v2, sizeof v2);
		else
			snprintf(v2, sizeof v2, "%s", L(r, "없음", "none"));
		if (r->lang == LANG_KO)
			item(r, 0, "수출 실적: %s (%d건, %d개사); 증빙 확인분 %s; %s 기준",
			     v1, z->count, z->firms, v2, o->realised_as_of);
		else
			item(r, 0, "Realised exports: %s (%d %s by %d %s); with verified"
			     " evidence %s; as of %s", v1, z->count,
			     plural(z->count, "shipment or payment", "shipments or payments"),
			     z->firms, plural(z->firms, "firm", "firms"), v2,
			     o->realised_as_of);
	} else if (s->count > 0) {
		item(r, 0, "%s", L(r, "수출 실적: 아직 기록 없음",
				   "Realised exports: none recorded yet"));
	}
	for (int i = 0; i < o->n_conversions; i++) {
		const struct conversion *k = &o->conversions[i];

		conversion_text(r, k, v1, sizeof v1);
		if (k->firm < 0)
			item(r, 0, "%s: %s", L(r, "전환 (상담액 → 계약 → 수출 실적)",
					       "Conversion (consulted → signed → realised)"),
			     v1);
		else
			item(r, 1, "%s: %s", org_name(r, k->firm), v1);
	}
	if (sv->due + sv->overdue + sv->answered > 0) {
		if (r->lang == LANG_KO)
			item(r, 0, "사후 성과조사: 응답 %d, 예정 %d, 기한 경과 %d",
			     sv->answered, sv->due, sv->overdue);
		else
			item(r, 0, "Follow-up surveys: %d answered, %d due, %d overdue",
			     sv->answered, sv->due, sv->overdue);
	}
}

/* The tier in prose; the Korean labels all end in a consonant, so the
 * particle after them is 으로. */
static const char *tier_words(const struct render *r, enum tier t)
{
	static const char *const en[TIER_COUNT] = {
		"consulted", "expected", "contracts", "realised exports" };

	return r->lang == LANG_KO ? enum_label(&enum_tier, t, LANG_KO) : en[t];
}

/* What the records show for a claim, in plain words. */
static void claim_text(const struct render *r, const struct claim *c,
		       const struct claim_check *k, char *out, size_t size)
{
	char claimed[FMT_MAX], recorded[FMT_MAX], lower[512];
	size_t used = 0;

	if (!c->has_value) {
		if (r->lang == LANG_KO)
			snprintf(out, size, "%s 발표 %lld개사; 기록 %d개사 — %s",
				 tier_words(r, c->tier), (long long)c->firms,
				 k->recorded_firms, k->backed ? "기록이 뒷받침함" :
				 "기록이 뒷받침하지 않음");
		else
			snprintf(out, size, "%lld firms announced for %s; the records"
				 " show %d — %s", (long long)c->firms,
				 tier_words(r, c->tier), k->recorded_firms,
				 k->backed ? "backed" : "not backed");
		return;
	}
	fmt_money(r->lang, c->value.currency, c->value.minor, claimed);
	fmt_money(r->lang, c->value.currency, k->recorded_minor, recorded);
	lower[0] = '\0';
	/* The tiers below the claimed one, where an unbacked figure most
	 * likely came from. */
	for (int t = (int)c->tier - 1; !k->backed && t >= 0; t--) {
		const struct tier_figure *f = &r->o->tiers[t];
		char m[FMT_MAX];
		int n;

		for (int i = 0; i < f->n_values; i++) {
			if (strcmp(f->values[i].currency, c->value.currency) != 0 ||
			    f->values[i].minor == 0)
				continue;
			fmt_money(r->lang, c->value.currency, f->values[i].minor, m);
			n = r->lang == LANG_KO ?
				snprintf(lower + used, sizeof lower - used, "%s%s으로 기록된 것 %s",
					 used ? ", " : "; ", tier_words(r, (enum tier)t), m) :
				snprintf(lower + used, sizeof lower - used, "%s%s is recorded as %s",
					 used ? ", " : "; ", m, tier_words(r, (enum tier)t));
			if (n > 0 && (size_t)n < sizeof lower - used)
				used += (size_t)n;
		}
	}
	if (k->backed && r->lang == LANG_KO)
		snprintf(out, size, "%s으로 발표된 %s: 기록이 뒷받침함 (기록 %s)",
			 tier_words(r, c->tier), claimed, recorded);
	else if (k->backed)
		snprintf(out, size, "records back the %s announced as %s (%s recorded)",
			 claimed, tier_words(r, c->tier), recorded);
	else if (r->lang == LANG_KO)
		snprintf(out, size, "%s으로 발표된 %s 중 기록이 뒷받침하는 것은 %s%s",
			 tier_words(r, c->tier), claimed, recorded, lower);
	else
		snprintf(out, size, "records back %s of the %s announced as %s%s",
			 recorded, claimed, tier_words(r, c->tier), lower);
}

static void claims(struct render *r)
{
	const struct bundle *b = r->b;

	for (size_t i = 0; i < b->n_claims; i++) {
		const struct claim *c = &b->claims[i];
		char text[1536];

		if (i == 0)
			heading(r, L(r, "발표 수치와 기록", "Announced figures against the records"));
		claim_text(r, c, &r->o->claims[i], text, sizeof text);
		item(r, 0, "%s (%s): %s", T(r, c->source_title), c->stated_on, text);
		if (c->source_url)
			item(r, 1, "%s", c->source_url);
	}
}

/* "2026-11-30T01:23:01+00:00" */
static void utc_text(int64_t t, char out[FMT_MAX])
{
	struct moment m = { t, MOMENT_TIME };

	moment_format(m, "UTC", out);
}

/* The chain head the figures were computed at, to check them later. */
static void chain_line(struct render *r)
{
	const struct chain_head *h = &r->b->chain;
	char at[FMT_MAX];

	buf_putc(r->out, '\n');
	if (h->links == 0) {
		buf_printf(r->out, "%s\n", L(r, "기록 체인: 비어 있음",
					      "Record chain: empty"));
		return;
	}
	utc_text(h->at_utc, at);
	if (r->lang == LANG_KO)
		buf_printf(r->out, "기록 체인: 링크 %lld개, 헤드 %s (%s)\n",
			   (long long)h->links, h->head, at);
	else
		buf_printf(r->out, "Record chain: %lld links, head %s (%s)\n",
			   (long long)h->links, h->head, at);
}

/* ---- itinerary ------------------------------------------------------- */

static int64_t stop_time(const struct stop *s)
{
	return s->arrive.precision ? s->arrive.utc : s->depart.utc;
}

static int compare_stops(const void *a, const void *b, void *ctx)
{
	const struct bundle *bundle = ctx;
	const struct stop *x = &bundle->stops[*(const int *)a];
	const struct stop *y = &bundle->stops[*(const int *)b];
	int64_t tx = stop_time(x), ty = stop_time(y);

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return *(const int *)a - *(const int *)b;
}

static int compare_events(const void *a, const void *b, void *ctx)
{
	const struct bundle *bundle = ctx;
	const struct event *x = &bundle->events[*(const int *)a];
	const struct event *y = &bundle->events[*(const int *)b];

	if (x->start.utc != y->start.utc)
		return x->start.utc < y->start.utc ? -1 : 1;
	return *(const int *)a - *(const int *)b;
}

/* Whether a local day [start, end) is the same day from midnight to
 * midnight at home, so its home-time range would say nothing. */
static bool same_day_at_home(const struct event *e, const char *home,
			     int64_t end)
{
	struct civil local, at_home, end_home;

	return tz_to_civil(e->zone, e->start.utc, &local) &&
	       tz_to_civil(home, e->start.utc, &at_home) &&
	       tz_to_civil(home, end, &end_home) &&
	       at_home.year == local.year && at_home.month == local.month &&
	       at_home.day == local.day && at_home.hour == 0 &&
	       at_home.minute == 0 && end_home.hour == 0 && end_home.minute == 0;
}

/* "14:00–15:30 (한국 1월 11일 (목) 07:00)" or, for a day, its home-time
 * range (none when it is the same day at home). */
static void event_when(const struct render *r, const struct event *e,
		       char *out, size_t size)
{
	const char *home = r->b->mission->home_zone;
	char a[FMT_MAX], b[FMT_MAX], c[FMT_MAX], d[FMT_MAX];

	if (e->start.precision == MOMENT_TIME) {
		fmt_instant(r->lang, FMT_TIME, e->zone, e->start.utc, a);
		if (e->end.precision == MOMENT_TIME)
			fmt_instant(r->lang, FMT_TIME, e->zone, e->end.utc, b);
		else
			b[0] = '\0';
		fmt_instant(r->lang, FMT_DATE_SHORT, home, e->start.utc, c);
		fmt_instant(r->lang, FMT_TIME, home, e->start.utc, d);
		snprintf(out, size, "%s%s%s (%s %s %s)", a, b[0] ? "–" : "", b,
			 L(r, "한국 시간", "home time"), c, d);
		return;
	}
	/* The local day runs from its midnight to the next one; the zone's
	 * rules (ICU, lenient) carry day + 1 across month ends and DST. */
	{
		struct civil civ;
		int64_t end = e->start.utc + 86400;

		if (tz_to_civil(e->zone, e->start.utc, &civ)) {
			struct civil next = { .year = civ.year, .month = civ.month,
					      .day = civ.day + 1 };
			int64_t t;

			if (tz_to_utc(e->zone, &next, &t))
				end = t;
		}
		if (same_day_at_home(e, home, end)) {
			snprintf(out, size, "%s", L(r, "시간 미기록", "time not recorded"));
			return;
		}
		fmt_instant(r->lang, FMT_DATE_SHORT, home, e->start.utc, a);
		fmt_instant(r->lang, FMT_TIME, home, e->start.utc, b);
		fmt_instant(r->lang, FMT_DATE_SHORT, home, end, c);
		fmt_instant(r->lang, FMT_TIME, home, end, d);
	}
	snprintf(out, size, "%s (%s %s %s – %s %s)",
		 L(r, "시간 미기록", "time not recorded"),
		 L(r, "한국 시간", "home time"), a, b, c, d);
}

static void event_line(struct render *r, int i)
{
	const struct bundle *b = r->b;
	const struct event *e = &b->events[i];
	char when[512], who[1024], extra[512];
	size_t used = 0;

	event_when(r, e, when, sizeof when);
	who[0] = '\0';
	for (size_t k = 0; k < e->n_participants; k++) {
		const struct participant *p = &e->participants[k];
		const char *name = p->person >= 0 ? T(r, b->people[p->person].name) :
			org_name(r, p->org);
		const char *org = p->person >= 0 && p->org >= 0 ? org_name(r, p->org) :
			p->person >= 0 && b->people[p->person].org >= 0 ?
			org_name(r, b->people[p->person].org) : NULL;
		int n;

		if (p->role == PARTICIPANT_HOST || is_home(r, p))
			continue;
		if (org != NULL && strcmp(org, name) != 0)
			n = snprintf(who + used, sizeof who - used, "%s%s (%s)",
				     used ? ", " : "", name, org);
		else
			n = snprintf(who + used, sizeof who - used, "%s%s",
				     used ? ", " : "", name);
		if (n < 0 || (size_t)n >= sizeof who - used)
			break;
		used += (size_t)n;
	}
	extra[0] = '\0';
	if (e->attendance.attended >= 0 || e->attendance.registered >= 0) {
		char n[FMT_MAX], m[FMT_MAX];
		int64_t att = e->attendance.attended;

		fmt_count(r->lang, att >= 0 ? att : e->attendance.registered, n);
		if (e->attendance.registered >= 0 && att >= 0) {
			fmt_count(r->lang, e->attendance.registered, m);
			snprintf(extra, sizeof extra, L(r, "; 등록 %s명, 참석 %s%s명",
							"; %s registered, %s%s attended"),
				 m, e->attendance.approximate ? L(r, "약 ", "about ") : "", n);
		} else {
			snprintf(extra, sizeof extra, L(r, "; %s%s명 %s", "; %s%s %s"),
				 e->attendance.approximate ? L(r, "약 ", "about ") : "", n,
				 att >= 0 ? L(r, "참석", "attended") : L(r, "등록", "registered"));
		}
	}
	item(r, 2, "[%s] %s — %s%s%s%s%s%s", enum_label(&enum_event_kind, e->kind,
							  r->lang),
	     T(r, e->title), when, e->venue >= 0 ? " @ " : "",
	     e->venue >= 0 ? T(r, b->venues[e->venue].name) : "",
	     who[0] ? L(r, "; 상대: ", "; with ") : "", who, extra);
}

static void stop_events(struct render *r, const int *events, int n, int stop)
{
	const struct bundle *b = r->b;
	int64_t day_shown = INT64_MIN;

	for (int k = 0; k < n; k++) {
		const struct event *e = &b->events[events[k]];
		int64_t day;

		if (e->stop != stop)
			continue;
		day = moment_local_day(e->start, e->zone);
		if (day != day_shown) {
			char d[FMT_MAX];

			fmt_instant(r->lang, FMT_DATE_LONG, e->zone, e->start.utc, d);
			item(r, 1, "%s (%s)", d, L(r, "현지", "local"));
			day_shown = day;
		}
		event_line(r, events[k]);
	}
}

static void itinerary(struct render *r)
{
	const struct bundle *b = r->b;
	struct arena *a = b->arena;
	int *stops = arena_array(a, b->n_stops + 1, sizeof *stops);
	int *events = arena_array(a, b->n_events + 1, sizeof *events);
	bool unplaced = false;

	if (arena_failed(a))
		return;
	for (size_t i = 0; i < b->n_stops; i++)
		stops[i] = (int)i;
	for (size_t i = 0; i < b->n_events; i++) {
		events[i] = (int)i;
		unplaced |= b->events[i].stop < 0;
	}
	qsort_r(stops, b->n_stops, sizeof *stops, compare_stops, (void *)b);
	qsort_r(events, b->n_events, sizeof *events, compare_events, (void *)b);
	heading(r, L(r, "일자별 일정", "Itinerary"));
	for (size_t k = 0; k < b->n_stops; k++) {
		const struct stop *s = &b->stops[stops[k]];
		char country[FMT_MAX], d1[FMT_MAX], d2[FMT_MAX];

		fmt_country(r->lang, s->country, country);
		if (s->home) {
			bool leaving = s->depart.precision && !s->arrive.precision;
			struct moment m = leaving ? s->depart : s->arrive;

			fmt_instant(r->lang, FMT_DATE_LONG, s->zone, m.utc, d1);
			item(r, 0, "%s: %s, %s (%s)",
			     leaving ? L(r, "출발", "Departure") : L(r, "귀국", "Return"),
			     d1, T(r, s->city), s->zone);
			continue;
		}
		d1[0] = d2[0] = '\0';
		if (s->arrive.precision)
			fmt_instant(r->lang, FMT_DATE_LONG, s->zone, s->arrive.utc, d1);
		if (s->depart.precision)
			fmt_instant(r->lang, FMT_DATE_LONG, s->zone, s->depart.utc, d2);
		{
			int nights = s->arrive.precision && s->depart.precision ?
				(int)(moment_local_day(s->depart, s->zone) -
				      moment_local_day(s->arrive, s->zone)) : 0;
			char n[FMT_MAX];

			if (r->lang == LANG_KO)
				snprintf(n, sizeof n, "%d박", nights);
			else
				snprintf(n, sizeof n, "%d %s", nights,
					 plural(nights, "night", "nights"));
			item(r, 0, "%s, %s · %s · %s – %s · %s", T(r, s->city), country,
			     s->zone, d1, d2, n);
		}
		stop_events(r, events, (int)b->n_events, stops[k]);
	}
	if (unplaced) {
		item(r, 0, "%s", L(r, "기타 일정", "Other events"));
		stop_events(r, events, (int)b->n_events, -1);
	}
}

/* ---- agreements and pavilions --------------------------------------- */

/* "수출 실적 2025-06-30: USD 40,000 (수출신고필증 ...; 확인: ...)". */
static void realisation_lines(struct render *r, const struct agreement *a)
{
	for (size_t k = 0; k < a->n_realisations; k++) {
		const struct realisation *x = &a->realisations[k];
		char value[FMT_MAX], evidence[512];

		fmt_money(r->lang, x->value.currency, x->value.minor, value);
		snprintf(evidence, sizeof evidence, "%s%s%s",
			 x->evidence_kind >= 0 ? enum_label(&enum_evidence_kind,
							    x->evidence_kind, r->lang) :
			 L(r, "증빙 없음", "no evidence"),
			 x->evidence_reference ? " " : "",
			 x->evidence_reference ? x->evidence_reference : "");
		item(r, 1, "%s %s: %s (%s; %s%s)", L(r, "수출 실적", "Realised"),
		     x->on, value, evidence,
		     x->verified_by >= 0 ? L(r, "확인: ", "verified by ") :
		     L(r, "미확인", "unverified"),
		     x->verified_by >= 0 ? T(r, r->b->people[x->verified_by].name) : "");
	}
}

static void agreements(struct render *r)
{
	const struct bundle *b = r->b;
	bool any = false;

	for (size_t i = 0; i < b->n_agreements; i++) {
		const struct agreement *a = &b->agreements[i];
		char parties[1024], value[FMT_MAX];
		size_t used = 0;

		if (!a->in_mission && agreement_consultation(b, a) == NULL)
			continue;
		if (!any)
			heading(r, L(r, "협약·계약", "Agreements"));
		any = true;
		parties[0] = '\0';
		for (size_t k = 0; k < a->n_parties; k++) {
			int n = snprintf(parties + used, sizeof parties - used, "%s%s",
					 k ? ", " : "", org_name(r, a->parties[k].org));
			if (n < 0 || (size_t)n >= sizeof parties - used)
				break;
			used += (size_t)n;
		}
		value[0] = '\0';
		if (a->has_value)
			fmt_money(r->lang, a->value.currency, a->value.minor, value);
		item(r, 0, "[%s] %s — %s", enum_label(&enum_agreement_kind, a->kind,
						       r->lang), T(r, a->title), a->signed_on);
		item(r, 1, "%s: %s; %s: %s; %s: %s%s%s",
		     L(r, "당사자", "Parties"), parties,
		     L(r, "도의 역할", "home government"),
		     enum_label(&enum_home_role, a->home_role, r->lang),
		     L(r, "상태", "status"),
		     enum_label(&enum_agreement_status, a->status, r->lang),
		     value[0] ? L(r, "; 금액: ", "; value: ") : "", value);
		if (agreement_consultation(b, a) != NULL)
			item(r, 1, "%s: %s", L(r, "출처 상담", "From consultation"),
			     agreement_consultation(b, a)->key);
		realisation_lines(r, a);
		for (size_t k = 0; k < a->n_followups; k++) {
			const struct followup *f = &a->followups[k];

			item(r, 1, "%s %s: %s%s%s", L(r, "후속 조치", "Follow-up"),
			     f->due_on, T(r, f->description),
			     f->done_on ? L(r, " (완료 ", " (done ") : "",
			     f->done_on ? f->done_on : "");
		}
	}
}

static void pavilions(struct render *r)
{
	const struct bundle *b = r->b;

	for (size_t i = 0; i < b->n_pavilions; i++) {
		const struct pavilion *p = &b->pavilions[i];
		int unnamed = 0;

		if (i == 0)
			heading(r, L(r, "공동관", "Joint pavilions"));
		if (r->lang == LANG_KO)
			item(r, 0, "%s (%s): 참가기업 %zu개사", T(r, p->name),
			     T(r, p->show), p->n_exhibitors);
		else
			item(r, 0, "%s (%s): %zu exhibiting %s", T(r, p->name),
			     T(r, p->show), p->n_exhibitors,
			     plural((int)p->n_exhibitors, "company", "companies"));
		for (size_t k = 0; k < p->n_exhibitors; k++) {
			const struct exhibitor *x = &p->exhibitors[k];

			if (x->org >= 0)
				item(r, 1, "%s%s%s", org_name(r, x->org),
				     x->description.ko || x->description.en ? ": " : "",
				     T(r, x->description));
			else if (x->description.ko || x->description.en)
				item(r, 1, "%s (%s)", T(r, x->description),
				     L(r, "기업명 미보도", "name not reported"));
			else
				unnamed++;
		}
		if (unnamed > 0) {
			if (r->lang == LANG_KO)
				item(r, 1, "그 밖의 %d개사 (기업명 미보도)", unnamed);
			else
				item(r, 1, "%d more %s (names not reported)", unnamed,
				     plural(unnamed, "company", "companies"));
		}
	}
}

static void header(struct render *r)
{
	const struct bundle *b = r->b;
	const struct mission *m = b->mission;
	const struct trip_span *s = &r->o->span;
	char d1[FMT_MAX], d2[FMT_MAX], span[FMT_MAX];

	if (r->format == REPORT_MARKDOWN)
		buf_printf(r->out, "# %s\n\n", T(r, m->title));
	else
		buf_printf(r->out, "%s\n", T(r, m->title));
	span_text(r, span);
	if (s->known) {
		fmt_day(r->lang, FMT_DATE_LONG, s->first_day, d1);
		fmt_day(r->lang, FMT_DATE_LONG, s->last_day, d2);
		buf_printf(r->out, "%s · %s – %s (%s, %s)\n", span, d1, d2,
			   L(r, "한국 시간", "home time"), m->home_zone);
	}
	buf_printf(r->out, "%s: %s", L(r, "사절단", "Mission"), m->slug);
	if (m->home_org >= 0)
		buf_printf(r->out, " · %s", org_name(r, m->home_org));
	buf_putc(r->out, '\n');
	if (m->purpose.ko || m->purpose.en)
		buf_printf(r->out, "%s: %s\n", L(r, "목적", "Purpose"), T(r, m->purpose));
	for (size_t i = 0; i < m->n_delegates; i++) {
		const struct delegate *d = &m->delegates[i];

		if (d->role != DELEGATE_LEADER)
			continue;
		if (r->lang == LANG_KO)
			buf_printf(r->out, "단장: %s %s\n",
				   T(r, b->people[d->person].name),
				   T(r, b->people[d->person].title));
		else
			buf_printf(r->out, "Leader: %s %s\n",
				   T(r, b->people[d->person].title),
				   T(r, b->people[d->person].name));
	}
}

/* ---- JSON --------------------------------------------------------------- */

static json_t *json_text(const struct render *r, struct text t)
{
	return json_string(T(r, t));
}

static json_t *json_money(const char *currency, int64_t minor)
{
	struct money m = { minor, { 0 } };
	char amount[64];

	memcpy(m.currency, currency, 4);
	money_format_plain(m, amount, sizeof amount);
	return json_pack("{ss ss sI}", "currency", m.currency, "amount", amount,
			 "minor", (json_int_t)minor);
}

static json_t *json_values(const struct tier_figure *f)
{
	json_t *list = json_array();

	for (int i = 0; i < f->n_values; i++)
		json_array_append_new(list, json_money(f->values[i].currency,
						       f->values[i].minor));
	return list;
}

static json_t *json_tier(const struct tier_figure *f)
{
	return json_pack("{si si so}", "count", f->count, "firms", f->firms,
			 "values", json_values(f));
}

/* "outcomes": the four tiers, never added together, and the conversion
 * from one to the next, overall (firm null) and per firm. */
static json_t *json_outcomes(const struct render *r)
{
	const struct outcome *o = r->o;
	json_t *x = json_object(), *t, *list = json_array();

	json_object_set_new(x, "consulted", json_tier(&o->tiers[TIER_CONSULTED]));
	json_object_set_new(x, "expected", json_tier(&o->tiers[TIER_EXPECTED]));
	json_object_set_new(x, "signed", json_tier(&o->tiers[TIER_SIGNED]));
	json_object_set_new(x, "realised", t = json_tier(&o->tiers[TIER_REALISED]));
	json_object_set_new(t, "verified_values", json_values(&o->realised_verified));
	/* Beside the tiers, not inside them: the buyers consulted, signed
	 * during and after the mission, the date realised figures stand at. */
	json_object_set_new(x, "consulted_buyers",
			    json_integer(o->consultation_buyers));
	json_object_set_new(x, "signed_during", json_pack("{si so}", "count",
		o->signed_during.count, "values", json_values(&o->signed_during)));
	json_object_set_new(x, "signed_after", json_pack("{si so}", "count",
		o->signed_after.count, "values", json_values(&o->signed_after)));
	json_object_set_new(x, "realised_as_of", o->realised_as_of ?
			    json_string(o->realised_as_of) : json_null());
	for (int i = 0; i < o->n_conversions; i++) {
		const struct conversion *c = &o->conversions[i];
		int64_t p1 = outcome_permille(c->signed_value, c->consulted);
		int64_t p2 = outcome_permille(c->realised, c->signed_value);

		json_array_append_new(list, json_pack("{so ss sI sI sI so so}",
			"firm", c->firm >= 0 ? json_string(r->b->orgs[c->firm].key) :
			json_null(), "currency", c->currency,
			"consulted", (json_int_t)c->consulted,
			"signed", (json_int_t)c->signed_value,
			"realised", (json_int_t)c->realised,
			"signed_permille", p1 >= 0 ? json_integer(p1) : json_null(),
			"realised_permille", p2 >= 0 ? json_integer(p2) : json_null()));
	}
	json_object_set_new(x, "conversion", list);
	if (r->b->surveys.due + r->b->surveys.overdue + r->b->surveys.answered > 0)
		json_object_set_new(x, "surveys", json_pack("{si si si}",
			"due", r->b->surveys.due, "overdue", r->b->surveys.overdue,
			"answered", r->b->surveys.answered));
	return x;
}

static json_t *json_claims(const struct render *r)
{
	json_t *list = json_array();

	for (size_t i = 0; i < r->b->n_claims; i++) {
		const struct claim *c = &r->b->claims[i];
		const struct claim_check *k = &r->o->claims[i];
		char text[1536];
		json_t *v;

		claim_text(r, c, k, text, sizeof text);
		v = json_pack("{ss ss so so sb ss}", "key", c->key,
			"tier", enum_code(&enum_tier, c->tier),
			"claimed", c->has_value ? json_money(c->value.currency,
							     c->value.minor) : json_null(),
			"recorded", c->has_value ? json_money(c->value.currency,
							      k->recorded_minor) : json_null(),
			"backed", k->backed, "text", text);
		if (c->firms >= 0) {
			json_object_set_new(v, "firms_claimed", json_integer(c->firms));
			json_object_set_new(v, "firms_recorded",
					    json_integer(k->recorded_firms));
		}
		json_array_append_new(list, v);
	}
	return list;
}

static int render_json(struct render *r, struct error *err)
{
	const struct bundle *b = r->b;
	const struct outcome *o = r->o;
	json_t *root = json_object(), *x, *list;
	char span[FMT_MAX], tmp[1024];
	char *text;

	json_object_set_new(root, "mission", x = json_object());
	json_object_set_new(x, "slug", json_string(b->mission->slug));
	json_object_set_new(x, "title", json_text(r, b->mission->title));
	json_object_set_new(x, "home_zone", json_string(b->mission->home_zone));
	json_object_set_new(root, "lang", json_string(L(r, "ko", "en")));
	span_text(r, span);
	json_object_set_new(root, "duration", x = json_object());
	json_object_set_new(x, "known", json_boolean(o->span.known));
	json_object_set_new(x, "nights", json_integer(o->span.nights));
	json_object_set_new(x, "days", json_integer(o->span.days));
	json_object_set_new(x, "label", json_string(span));
	if (o->span.known) {
		struct moment m1 = { o->span.first_day * 86400, MOMENT_DATE };
		struct moment m2 = { o->span.last_day * 86400, MOMENT_DATE };
		char t[MOMENT_TEXT_MAX];

		moment_format(m1, "UTC", t);
		json_object_set_new(x, "first_day", json_string(t));
		moment_format(m2, "UTC", t);
		json_object_set_new(x, "last_day", json_string(t));
	}
	list = json_array();
	for (int i = 0; i < o->n_cities; i++) {
		const struct stop *s = &b->stops[o->city_stops[i]];

		x = json_object();
		json_object_set_new(x, "city", json_text(r, s->city));
		json_object_set_new(x, "country", json_string(s->country ? s->country : ""));
		json_object_set_new(x, "zone", json_string(s->zone));
		json_array_append_new(list, x);
	}
	json_object_set_new(root, "cities", list);
	json_object_set_new(root, "time_zones", json_integer(o->n_zones));
	json_object_set_new(root, "agreements", x = json_object());
	json_object_set_new(x, "signed", json_integer(o->agreements));
	for (int k = 0; k < AGREEMENT_KIND_COUNT; k++)
		json_object_set_new(x, enum_code(&enum_agreement_kind, k),
				    json_integer(o->by_kind[k]));
	json_object_set_new(x, "mous_party", json_integer(o->mous_party));
	json_object_set_new(x, "mous_facilitated", json_integer(o->mous_supported));
	list = json_array();
	for (int i = 0; i < o->n_totals; i++) {
		json_t *v = json_object();
		struct money m = { o->totals[i].minor, { 0 } };
		char amount[64];

		memcpy(m.currency, o->totals[i].currency, 4);
		money_format_plain(m, amount, sizeof amount);
		json_object_set_new(v, "currency", json_string(m.currency));
		json_object_set_new(v, "amount", json_string(amount));
		json_object_set_new(v, "minor", json_integer(m.minor));
		json_object_set_new(v, "count", json_integer(o->totals[i].count));
		json_array_append_new(list, v);
	}
	json_object_set_new(x, "values", list);
	list = json_array();
	for (size_t i = 0; i < b->n_agreements; i++) {
		const struct agreement *a = &b->agreements[i];
		json_t *v;

		if (!a->in_mission || a->series < 0)
			continue;
		v = json_object();
		series_text(r, i, tmp, sizeof tmp);
		json_object_set_new(v, "agreement", json_string(a->key));
		json_object_set_new(v, "series", json_string(b->series[a->series].key));
		json_object_set_new(v, "position", json_integer(o->places[i].position));
		json_object_set_new(v, "count", json_integer(o->places[i].count));
		json_object_set_new(v, "label", json_string(tmp));
		json_array_append_new(list, v);
	}
	json_object_set_new(x, "series", list);
	json_object_set_new(root, "pavilions", x = json_object());
	json_object_set_new(x, "count", json_integer(o->pavilions));
	json_object_set_new(x, "companies", json_integer(o->pavilion_companies));
	json_object_set_new(root, "investment_events", x = json_object());
	json_object_set_new(x, "count", json_integer(o->investment_events));
	json_object_set_new(x, "attendance", json_integer(o->investment_attendance));
	json_object_set_new(x, "approximate", json_boolean(o->attendance_approximate));
	json_object_set_new(root, "city_meetings", json_integer(o->city_meetings));
	json_object_set_new(root, "corporate_consultations",
			    json_integer(o->corporate_consultations));
	json_object_set_new(root, "events", x = json_object());
	for (int k = 0; k < EVENT_KIND_COUNT; k++)
		json_object_set_new(x, enum_code(&enum_event_kind, k),
				    json_integer(o->events_by_kind[k]));
	list = json_array();
	for (int s = 0; s < SECTOR_COUNT; s++)
		if (o->sectors & (1u << s))
			json_array_append_new(list, json_string(enum_code(&enum_sector, s)));
	json_object_set_new(root, "sectors", list);
	json_object_set_new(root, "event_kinds", x = json_object());
	for (int k = 0; k < EVENT_KIND_COUNT; k++)
		if (o->events_by_kind[k] > 0)
			json_object_set_new(x, enum_code(&enum_event_kind, k),
					    json_integer(o->events_by_kind[k]));
	json_object_set_new(root, "outcomes", json_outcomes(r));
	json_object_set_new(root, "claims", json_claims(r));
	if (b->chain.links > 0) {
		utc_text(b->chain.at_utc, tmp);
		json_object_set_new(root, "chain", json_pack("{sI ss ss}", "links",
			(json_int_t)b->chain.links, "head", b->chain.head, "at", tmp));
	} else {
		json_object_set_new(root, "chain", json_pack("{si sn sn}", "links", 0,
							     "head", "at"));
	}
	text = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	if (text == NULL)
		return error_set(err, ERROR_NOMEM, "out of memory");
	buf_puts(r->out, text);
	buf_putc(r->out, '\n');
	free(text);
	return 0;
}

int report_render(const struct bundle *b, enum lang lang,
		  enum report_format format, struct buf *out, struct error *err)
{
	struct outcome o;
	struct render r = { b, &o, lang, format, out };

	if (outcome_compute(b, &o, err) != 0)
		return err ? (int)err->code : ERROR_INVALID;
	if (format == REPORT_JSON) {
		if (render_json(&r, err))
			return err->code;
	} else {
		header(&r);
		figures(&r);
		tiers(&r);
		claims(&r);
		itinerary(&r);
		agreements(&r);
		pavilions(&r);
		chain_line(&r);
	}
	if (out->failed)
		return error_set(err, ERROR_NOMEM, "the report is larger than allowed");
	return 0;
}
