/* test_b2b.c: an event's B2B records through the scheduler, and the
 * matchmaking scores and reasons. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "b2b/b2b.h"
#include "domain/tz.h"
#include "report/format.h"
#include "util/arena.h"

#define T0 1704902400   /* 2024-01-10 08:00 in Los Angeles */
#define HALF 1800

static struct b2b_slot slots[3] = {
	{ 1, T0, T0 + HALF, 0, 1 },
	{ 2, T0 + HALF, T0 + 2 * HALF, 0, 1 },
	{ 3, T0 + 2 * HALF, T0 + 3 * HALF, 7, 1 },
};

static struct b2b_event event_of(struct b2b_party *parties, size_t n_parties,
				 struct b2b_request *requests, size_t n_requests,
				 struct b2b_meeting *meetings, size_t n_meetings)
{
	return (struct b2b_event){
		.id = 1, .zone = "America/Los_Angeles", .travel_minutes = 45,
		.slots = slots, .n_slots = 3,
		.parties = parties, .n_parties = n_parties,
		.requests = requests, .n_requests = n_requests,
		.meetings = meetings, .n_meetings = n_meetings,
	};
}

static const struct b2b_meeting *meeting_of(const struct b2b_result *r,
					    int64_t a, int64_t b)
{
	for (size_t i = 0; i < r->n_meetings; i++)
		if ((r->meetings[i].a == a && r->meetings[i].b == b) ||
		    (r->meetings[i].a == b && r->meetings[i].b == a))
			return &r->meetings[i];
	return NULL;
}

static void test_schedule_rules(void **state)
{
	struct b2b_party parties[] = {
		{ 10, -1, 0, 0 },
		{ 20, 1, 0, 0 },                 /* one meeting at most */
		{ 30, -1, T0 + HALF, 0 },        /* arrives for the second slot */
		{ 40, -1, 0, T0 + HALF },        /* leaves after the first */
	};
	struct b2b_request requests[] = {
		{ 10, 20, 1 }, { 20, 10, 2 },    /* both ways: weight 3 */
		{ 10, 30, 1 },
		{ 30, 20, 1 },                   /* 20 is full */
		{ 40, 30, 1 },                   /* never both there */
		{ 10, 99, 5 },                   /* 99 is not registered */
	};
	struct b2b_event ev = event_of(parties, 4, requests, 6, NULL, 0);
	struct sched_options opt = { .time_limit = 0.5, .seed = 1 };
	struct arena *a = arena_new(1 << 20);
	struct b2b_result r;
	struct error err = { 0 };
	bool saw[B2B_REASON_COUNT] = { false };

	(void)state;
	assert_int_equal(b2b_schedule(&ev, &opt, a, &r, &err), 0);
	assert_int_equal(r.stats.requests, 4);
	assert_int_equal(r.stats.weight_scheduled, 4);
	assert_int_equal(r.stats.upper_bound, 4);
	assert_int_equal(r.n_meetings, 2);
	assert_non_null(meeting_of(&r, 10, 20));
	const struct b2b_meeting *m = meeting_of(&r, 10, 30);
	assert_non_null(m);
	assert_int_not_equal(m->slot, 1);   /* 30 is not there yet */
	assert_int_equal(r.n_left, 3);
	for (size_t i = 0; i < r.n_left; i++) {
		saw[r.left[i].reason] = true;
		if (r.left[i].reason == B2B_NOT_REGISTERED)
			assert_int_equal(r.left[i].who, 99);
		if (r.left[i].reason == B2B_CAP)
			assert_int_equal(r.left[i].who, 20);
	}
	assert_true(saw[B2B_NOT_REGISTERED]);
	assert_true(saw[B2B_CAP]);
	assert_true(saw[B2B_NO_COMMON_SLOT]);
	assert_string_equal(b2b_reason_code(B2B_CAP), "cap");
	assert_true(strlen(b2b_reason_label(B2B_BUSY, LANG_KO)) > 0);
	arena_free(a);
	tz_thread_cleanup();
}

/* A confirmed meeting stays in its slot and table, one placed by hand
 * without a request counts as one, and a confirmed meeting that breaks a
 * rule is refused with its organisations named. */
static void test_schedule_confirmed(void **state)
{
	struct b2b_party parties[] = {
		{ 10, -1, 0, 0 }, { 20, -1, 0, 0 }, { 30, -1, 0, 0 },
	};
	struct b2b_request requests[] = { { 10, 20, 1 } };
	struct b2b_meeting fixed[] = {
		{ .slot = 2, .table = 1, .a = 10, .b = 20, .confirmed = true },
		{ .slot = 1, .table = 1, .a = 30, .b = 20, .confirmed = true },
		{ .slot = 1, .table = 1, .a = 10, .b = 30, .confirmed = false },
	};
	struct b2b_event ev = event_of(parties, 3, requests, 1, fixed, 3);
	struct sched_options opt = { .time_limit = 0.5, .seed = 7 };
	struct arena *a = arena_new(1 << 20);
	struct b2b_result r;
	struct error err = { 0 };

	(void)state;
	assert_int_equal(b2b_schedule(&ev, &opt, a, &r, &err), 0);
	assert_int_equal(r.n_meetings, 2);
	const struct b2b_meeting *m = meeting_of(&r, 10, 20);
	assert_non_null(m);
	assert_true(m->confirmed);
	assert_int_equal(m->slot, 2);
	m = meeting_of(&r, 30, 20);
	assert_non_null(m);
	assert_int_equal(m->slot, 1);
	/* Slot 2 at the event's venue, slot 3 at venue 7 right after it:
	 * 45 minutes of travel do not fit, so these two cannot both stand. */
	fixed[1] = (struct b2b_meeting){ .slot = 3, .table = 1, .a = 10, .b = 30,
					 .confirmed = true };
	assert_int_equal(b2b_schedule(&ev, &opt, a, &r, &err), ERROR_INVALID);
	assert_string_equal(err.message, "confirmed meetings clash: "
			    "organisation 10 cannot attend both slot 2 and slot 3");
	ev.n_slots = 0;
	assert_int_equal(b2b_schedule(&ev, &opt, a, &r, &err), ERROR_INVALID);
	assert_non_null(strstr(err.message, "no meeting slots"));
	arena_free(a);
	tz_thread_cleanup();
}

/* An arena at its ceiling fails the run with ERROR_NOMEM: nothing is
 * copied into memory the arena did not hand out. */
static void test_schedule_out_of_memory(void **state)
{
	enum { N = 4000 };   /* 128 KiB of parties, past the second chunk */
	struct b2b_party *parties = calloc(N, sizeof *parties);
	struct sched_options opt = { .time_limit = 0.5, .seed = 1 };
	struct arena *a = arena_new(96 * 1024);
	struct b2b_result r;
	struct error err = { 0 };

	(void)state;
	assert_non_null(parties);
	for (int i = 0; i < N; i++)
		parties[i] = (struct b2b_party){ 10 + i, -1, 0, 0 };
	struct b2b_event ev = event_of(parties, N, NULL, 0, NULL, 0);
	assert_int_equal(b2b_schedule(&ev, &opt, a, &r, &err), ERROR_NOMEM);
	assert_true(arena_failed(a));
	arena_free(a);
	free(parties);
	tz_thread_cleanup();
}

static void test_suggest(void **state)
{
	const char *kimchi_hs[] = { "2005.99" };
	const char *grocer_hs[] = { "200599" };      /* same subheading */
	const char *dist_hs[] = { "2008.11", "0902" };  /* same chapter only */
	struct b2b_org orgs[] = {
		{ 1, "kimchi", { "김치", "Kimchi" }, ORG_LOCAL_COMPANY, "KR",
		  1u << SECTOR_AGRI_FOOD, kimchi_hs, 1 },
		{ 2, "grocer", { NULL, "Grocer" }, ORG_BUYER, "US",
		  1u << SECTOR_AGRI_FOOD, grocer_hs, 1 },
		{ 3, "dist", { NULL, "Dist" }, ORG_DISTRIBUTOR, "CA", 0,
		  dist_hs, 2 },
		{ 4, "gov", { NULL, "Gov" }, ORG_GOVERNMENT, "US",
		  1u << SECTOR_AGRI_FOOD, NULL, 0 },
		{ 5, "other", { NULL, "Other" }, ORG_LOCAL_COMPANY, "KR",
		  1u << SECTOR_AGRI_FOOD, NULL, 0 },
		{ 6, "asked", { NULL, "Asked" }, ORG_BUYER, "US",
		  1u << SECTOR_AGRI_FOOD, NULL, 0 },
		{ 7, "none", { NULL, "None" }, ORG_BUYER, "US", 0, NULL, 0 },
	};
	struct b2b_tie ties[] = {
		{ 1, 3, { "수출 계약", "Export deal" }, "2023-05" },
	};
	struct b2b_market markets[] = { { 1, "CA" } };
	struct b2b_request requests[] = { { 6, 1, 1 } };
	struct b2b_candidates c = {
		orgs, 7, ties, 1, markets, 1, requests, 1,
	};
	struct arena *a = arena_new(1 << 20);
	struct b2b_suggestions *list;
	struct b2b_suggest_page page = { .max_companies = 10, .limit = 10 };
	struct error err = { 0 };
	size_t n;

	(void)state;
	assert_int_equal(b2b_suggest(&c, &page, a, &list, &n, &err), 0);
	assert_int_equal(page.next, 0);
	assert_int_equal(n, 2);                  /* kimchi and other */
	assert_int_equal(list[0].company->id, 1);
	assert_int_equal(list[0].n_items, 2);    /* dist, grocer */
	/* dist: agreement 5 + chapter 1 + market 1 = 7; grocer: sector 3 +
	 * subheading 4 = 7; equal scores go by name. */
	assert_int_equal(list[0].items[0].org->id, 3);
	assert_int_equal(list[0].items[0].score, 7);
	assert_int_equal(list[0].items[1].org->id, 2);
	assert_int_equal(list[0].items[1].score, 7);
	assert_string_equal(list[0].items[0].reasons[0].code, "agreement");
	assert_non_null(strstr(list[0].items[0].reasons[0].text.ko, "수출 계약"));
	assert_string_equal(list[0].items[0].reasons[1].text.en,
			    "products match at HS 20");
	assert_string_equal(list[0].items[0].reasons[2].code, "market");
	assert_non_null(strstr(list[0].items[0].reasons[2].text.en, "Canada"));
	assert_string_equal(list[0].items[1].reasons[1].text.en,
			    "products match at HS 200599");
	assert_string_equal(list[0].items[1].reasons[0].text.ko,
			    "같은 분야: 농식품");
	/* other: grocer and asked (sector), never kimchi or gov. */
	assert_int_equal(list[1].n_items, 2);
	assert_int_equal(list[1].items[0].org->id, 6);
	assert_int_equal(list[1].items[1].org->id, 2);

	/* Pages of one company: kimchi, then other, then the end. */
	page = (struct b2b_suggest_page){ .max_companies = 1, .limit = 10 };
	assert_int_equal(b2b_suggest(&c, &page, a, &list, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].company->id, 1);
	assert_int_equal(page.next, 1);
	page.after = page.next;
	assert_int_equal(b2b_suggest(&c, &page, a, &list, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].company->id, 5);
	assert_int_equal(page.next, 0);

	page = (struct b2b_suggest_page){ .for_org = 5, .limit = 1 };
	assert_int_equal(b2b_suggest(&c, &page, a, &list, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].n_items, 1);
	page.for_org = 2;
	assert_int_equal(b2b_suggest(&c, &page, a, &list, &n, &err), 0);
	assert_int_equal(n, 0);                  /* a buyer gets none */
	page.for_org = 99;
	assert_int_equal(b2b_suggest(&c, &page, a, &list, &n, &err),
			 ERROR_NOT_FOUND);
	arena_free(a);
	fmt_thread_cleanup();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schedule_rules),
		cmocka_unit_test(test_schedule_confirmed),
		cmocka_unit_test(test_schedule_out_of_memory),
		cmocka_unit_test(test_suggest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
