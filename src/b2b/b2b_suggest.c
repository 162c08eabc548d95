/* b2b_suggest.c: which participants of an event a local company should
 * meet, and why.
 *
 * A candidate earns points for what it shares with the company: each
 * common sector (3), the closest match between their products' HS codes
 * (same subheading, 6 digits: 4; heading, 4 digits: 3; chapter, 2
 * digits: 1), an earlier agreement between the two (5: a relationship to
 * follow up), and its country being one where the company already has an
 * agreement partner (1: a market it knows).  Only buyers, distributors,
 * companies and associations are candidates, never another local
 * company or a government; pairs already requested either way are left
 * out.  Ties in score go to the name, so the order is stable.
 */
#include <stdlib.h>
#include <string.h>

#include "b2b/b2b.h"
#include "report/format.h"
#include "util/arena.h"

#define SCORE_SECTOR 3
#define SCORE_AGREEMENT 5
#define SCORE_MARKET 1

static bool candidate_kind(enum org_kind k)
{
	return k == ORG_BUYER || k == ORG_DISTRIBUTOR || k == ORG_COMPANY ||
		k == ORG_ASSOCIATION;
}

/* Lookups run once per pair of organisations, so they search copies of
 * the requests, ties and markets sorted by sort_candidates(). */
static int pair_cmp(int64_t a1, int64_t b1, int64_t a2, int64_t b2)
{
	int64_t lo1 = a1 < b1 ? a1 : b1, hi1 = a1 < b1 ? b1 : a1;
	int64_t lo2 = a2 < b2 ? a2 : b2, hi2 = a2 < b2 ? b2 : a2;

	if (lo1 != lo2)
		return lo1 < lo2 ? -1 : 1;
	return hi1 < hi2 ? -1 : hi1 > hi2;
}

static int by_request(const void *x, const void *y)
{
	const struct b2b_request *a = x, *b = y;

	return pair_cmp(a->from, a->to, b->from, b->to);
}

/* Same pair first; of one pair, the newest agreement first. */
static int by_tie(const void *x, const void *y)
{
	const struct b2b_tie *a = x, *b = y;
	int c = pair_cmp(a->a, a->b, b->a, b->b);

	return c ? c : -strcmp(a->signed_on, b->signed_on);
}

static int by_tie_pair(const void *x, const void *y)
{
	const struct b2b_tie *a = x, *b = y;

	return pair_cmp(a->a, a->b, b->a, b->b);
}

static int by_market(const void *x, const void *y)
{
	const struct b2b_market *a = x, *b = y;

	if (a->org != b->org)
		return a->org < b->org ? -1 : 1;
	return strcmp(a->country, b->country);
}

static void *sorted_copy(struct arena *a, const void *src, size_t n,
			 size_t size, int (*cmp)(const void *, const void *))
{
	void *copy = arena_array(a, n + 1, size);

	if (copy != NULL && n > 0) {
		memcpy(copy, src, n * size);
		qsort(copy, n, size, cmp);
	}
	return copy;
}

static bool already_requested(const struct b2b_candidates *c, int64_t a,
			      int64_t b)
{
	struct b2b_request key = { .from = a, .to = b };

	return bsearch(&key, c->requests, c->n_requests, sizeof key,
		       by_request) != NULL;
}

/* Digits two HS codes share from the start, ignoring dots and spaces. */
static int hs_common(const char *x, const char *y)
{
	int n = 0;

	while (*x && *y) {
		if (*x == '.' || *x == ' ') {
			x++;
			continue;
		}
		if (*y == '.' || *y == ' ') {
			y++;
			continue;
		}
		if (*x != *y || *x < '0' || *x > '9')
			break;
		n++;
		x++;
		y++;
	}
	return n;
}

static void add_reason(struct b2b_suggestion *s, const char *code,
		       const char *ko, const char *en)
{
	if (s->n_reasons < B2B_MAX_REASONS)
		s->reasons[s->n_reasons++] = (struct b2b_reason_text){
			code, { ko, en },
		};
}

static void score_sectors(struct b2b_suggestion *s, const struct b2b_org *co,
			  struct arena *a)
{
	uint32_t common = co->sectors & s->org->sectors;

	for (int i = 0; i < SECTOR_COUNT; i++) {
		if (!(common & (1u << i)))
			continue;
		s->score += SCORE_SECTOR;
		if (a == NULL)
			continue;
		add_reason(s, "sector",
			   arena_printf(a, "같은 분야: %s",
					enum_label(&enum_sector, i, LANG_KO)),
			   arena_printf(a, "same sector: %s",
					enum_label(&enum_sector, i, LANG_EN)));
	}
}

static void score_products(struct b2b_suggestion *s, const struct b2b_org *co,
			   struct arena *a)
{
	static const int points[7] = { 0, 0, 1, 1, 3, 3, 4 };
	const char *best = NULL;
	char digits[8];
	int depth = 0;

	for (size_t i = 0; i < co->n_hs_codes; i++)
		for (size_t j = 0; j < s->org->n_hs_codes; j++) {
			int n = hs_common(co->hs_codes[i], s->org->hs_codes[j]);

			if (n > 6)
				n = 6;
			if (n > depth) {
				depth = n;
				best = co->hs_codes[i];
			}
		}
	if (depth < 2)
		return;
	depth = depth >= 6 ? 6 : depth >= 4 ? 4 : 2;
	s->score += points[depth];
	if (a == NULL)
		return;
	for (int n = 0; *best && n < depth; best++)
		if (*best >= '0' && *best <= '9')
			digits[n++] = *best;
	digits[depth] = '\0';
	add_reason(s, "product", arena_printf(a, "품목 일치: HS %s", digits),
		   arena_printf(a, "products match at HS %s", digits));
}

static void score_ties(struct b2b_suggestion *s, const struct b2b_org *co,
		       const struct b2b_candidates *c, struct arena *a)
{
	struct b2b_tie key = { .a = co->id, .b = s->org->id };
	const struct b2b_tie *t = bsearch(&key, c->ties, c->n_ties, sizeof key,
					  by_tie_pair);

	if (t == NULL)
		return;
	s->score += SCORE_AGREEMENT;
	if (a == NULL)
		return;
	/* bsearch may land on any tie of the pair: step back to the newest. */
	while (t > c->ties && by_tie_pair(t - 1, &key) == 0)
		t--;
	add_reason(s, "agreement",
		   arena_printf(a, "기존 협약: %s (%s)",
				t->title.ko ? t->title.ko : t->title.en ?
				t->title.en : "", t->signed_on),
		   arena_printf(a, "earlier agreement: %s (%s)",
				t->title.en ? t->title.en : t->title.ko ?
				t->title.ko : "", t->signed_on));
}

static void score_market(struct b2b_suggestion *s, const struct b2b_org *co,
			 const struct b2b_candidates *c, struct arena *a)
{
	struct b2b_market key = { co->id, s->org->country };
	char ko[FMT_MAX], en[FMT_MAX];

	if (s->org->country == NULL ||
	    bsearch(&key, c->markets, c->n_markets, sizeof key, by_market) == NULL)
		return;
	s->score += SCORE_MARKET;
	if (a == NULL)
		return;
	fmt_country(LANG_KO, s->org->country, ko);
	fmt_country(LANG_EN, s->org->country, en);
	add_reason(s, "market", arena_printf(a, "%s에 기존 협약 상대 있음", ko),
		   arena_printf(a, "already has partners in %s", en));
}

static const char *sort_name(const struct b2b_org *o)
{
	return o->name.en ? o->name.en : o->name.ko ? o->name.ko : o->key;
}

static int by_score(const void *x, const void *y)
{
	const struct b2b_suggestion *a = x, *b = y;
	int c;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if ((c = strcmp(sort_name(a->org), sort_name(b->org))) != 0)
		return c;
	return a->org->id < b->org->id ? -1 : a->org->id > b->org->id;
}

/* Scores every candidate for co into scratch (reasons left out, since
 * most candidates are not kept), then scores the best limit again with
 * their reasons into memory from a. */
static int suggest_one(const struct b2b_candidates *c,
		       const struct b2b_org *co, int limit,
		       struct b2b_suggestion *scratch, struct arena *a,
		       struct b2b_suggestions *out, struct error *err)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n_orgs; i++) {
		struct b2b_suggestion *s = &scratch[n];

		if (&c->orgs[i] == co || !candidate_kind(c->orgs[i].kind) ||
		    already_requested(c, co->id, c->orgs[i].id))
			continue;
		*s = (struct b2b_suggestion){ .org = &c->orgs[i] };
		score_ties(s, co, c, NULL);
		score_sectors(s, co, NULL);
		score_products(s, co, NULL);
		score_market(s, co, c, NULL);
		if (s->score > 0)
			n++;
	}
	qsort(scratch, n, sizeof *scratch, by_score);
	if (limit > 0 && n > (size_t)limit)
		n = (size_t)limit;
	out->company = co;
	out->n_items = n;
	out->items = arena_array(a, n + 1, sizeof *out->items);
	if (out->items == NULL)
		return error_set(err, ERROR_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct b2b_suggestion *s = &out->items[i];

		*s = (struct b2b_suggestion){ .org = scratch[i].org };
		score_ties(s, co, c, a);
		score_sectors(s, co, a);
		score_products(s, co, a);
		score_market(s, co, c, a);
	}
	if (arena_failed(a))
		return error_set(err, ERROR_NOMEM, "out of memory");
	return 0;
}

int b2b_suggest(const struct b2b_candidates *given,
		struct b2b_suggest_page *page, struct arena *a,
		struct b2b_suggestions **out, size_t *n_out, struct error *err)
{
	int64_t for_org = page->for_org;
	struct b2b_candidates sorted = *given, *c = &sorted;
	struct b2b_suggestions *list;
	struct b2b_suggestion *scratch = NULL;
	size_t n = 0;
	bool found = for_org <= 0;
	int status = 0;

	*out = NULL;
	*n_out = 0;
	sorted.requests = sorted_copy(a, given->requests, given->n_requests,
				      sizeof *given->requests, by_request);
	sorted.ties = sorted_copy(a, given->ties, given->n_ties,
				  sizeof *given->ties, by_tie);
	sorted.markets = sorted_copy(a, given->markets, given->n_markets,
				     sizeof *given->markets, by_market);
	if (arena_failed(a))
		return error_set(err, ERROR_NOMEM, "out of memory");
	list = arena_array(a, c->n_orgs + 1, sizeof *list);
	scratch = malloc((c->n_orgs + 1) * sizeof *scratch);
	if (list == NULL || scratch == NULL) {
		status = error_set(err, ERROR_NOMEM, "out of memory");
		goto done;
	}
	page->next = 0;
	for (size_t i = 0; i < c->n_orgs; i++) {
		const struct b2b_org *co = &c->orgs[i];

		if (for_org > 0 && co->id != for_org)
			continue;
		found = true;
		if (co->kind != ORG_LOCAL_COMPANY || (for_org <= 0 && co->id <= page->after))
			continue;
		if (for_org <= 0 && n == (size_t)page->max_companies) {
			page->next = list[n - 1].company->id;
			break;
		}
		if ((status = suggest_one(c, co, page->limit, scratch, a,
					  &list[n++], err)) != 0)
			goto done;
	}
	if (!found) {
		status = error_set(err, ERROR_NOT_FOUND,
				   "organisation %lld does not take part in the event",
				   (long long)for_org);
		goto done;
	}
	*out = list;
	*n_out = n;
done:
	free(scratch);
	return status;
}
