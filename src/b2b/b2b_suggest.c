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

static bool already_requested(const struct b2b_candidates *c, int64_t a,
			      int64_t b)
{
	for (size_t i = 0; i < c->n_requests; i++)
		if ((c->requests[i].from == a && c->requests[i].to == b) ||
		    (c->requests[i].from == b && c->requests[i].to == a))
			return true;
	return false;
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
	for (int n = 0; *best && n < depth; best++)
		if (*best >= '0' && *best <= '9')
			digits[n++] = *best;
	digits[depth] = '\0';
	s->score += points[depth];
	add_reason(s, "product", arena_printf(a, "품목 일치: HS %s", digits),
		   arena_printf(a, "products match at HS %s", digits));
}

static void score_ties(struct b2b_suggestion *s, const struct b2b_org *co,
		       const struct b2b_candidates *c, struct arena *a)
{
	for (size_t i = 0; i < c->n_ties; i++) {
		const struct b2b_tie *t = &c->ties[i];

		if (!((t->a == co->id && t->b == s->org->id) ||
		      (t->b == co->id && t->a == s->org->id)))
			continue;
		s->score += SCORE_AGREEMENT;
		add_reason(s, "agreement",
			   arena_printf(a, "기존 협약: %s (%s)",
					t->title.ko ? t->title.ko : t->title.en ?
					t->title.en : "", t->signed_on),
			   arena_printf(a, "earlier agreement: %s (%s)",
					t->title.en ? t->title.en : t->title.ko ?
					t->title.ko : "", t->signed_on));
		return;
	}
}

static void score_market(struct b2b_suggestion *s, const struct b2b_org *co,
			 const struct b2b_candidates *c, struct arena *a)
{
	char ko[FMT_MAX], en[FMT_MAX];

	if (s->org->country == NULL)
		return;
	for (size_t i = 0; i < c->n_markets; i++) {
		if (c->markets[i].org != co->id ||
		    strcmp(c->markets[i].country, s->org->country) != 0)
			continue;
		fmt_country(LANG_KO, s->org->country, ko);
		fmt_country(LANG_EN, s->org->country, en);
		s->score += SCORE_MARKET;
		add_reason(s, "market",
			   arena_printf(a, "%s에 기존 협약 상대 있음", ko),
			   arena_printf(a, "already has partners in %s", en));
		return;
	}
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

static int suggest_one(const struct b2b_candidates *c,
		       const struct b2b_org *co, int limit, struct arena *a,
		       struct b2b_suggestions *out, struct error *err)
{
	struct b2b_suggestion *all = arena_array(a, c->n_orgs + 1, sizeof *all);
	size_t n = 0;

	if (all == NULL)
		return error_set(err, ERROR_NOMEM, "out of memory");
	for (size_t i = 0; i < c->n_orgs; i++) {
		struct b2b_suggestion *s = &all[n];

		if (&c->orgs[i] == co || !candidate_kind(c->orgs[i].kind) ||
		    already_requested(c, co->id, c->orgs[i].id))
			continue;
		*s = (struct b2b_suggestion){ .org = &c->orgs[i] };
		score_ties(s, co, c, a);
		score_sectors(s, co, a);
		score_products(s, co, a);
		score_market(s, co, c, a);
		if (s->score > 0)
			n++;
	}
	if (arena_failed(a))
		return error_set(err, ERROR_NOMEM, "out of memory");
	qsort(all, n, sizeof *all, by_score);
	out->company = co;
	out->items = all;
	out->n_items = limit > 0 && n > (size_t)limit ? (size_t)limit : n;
	return 0;
}

int b2b_suggest(const struct b2b_candidates *c, int64_t for_org, int limit,
		struct arena *a, struct b2b_suggestions **out, size_t *n_out,
		struct error *err)
{
	struct b2b_suggestions *list;
	size_t n = 0;
	bool found = for_org <= 0;
	int status;

	*out = NULL;
	*n_out = 0;
	list = arena_array(a, c->n_orgs + 1, sizeof *list);
	if (list == NULL)
		return error_set(err, ERROR_NOMEM, "out of memory");
	for (size_t i = 0; i < c->n_orgs; i++) {
		const struct b2b_org *co = &c->orgs[i];

		if (for_org > 0 && co->id != for_org)
			continue;
		found = true;
		if (co->kind != ORG_LOCAL_COMPANY)
			continue;
		if ((status = suggest_one(c, co, limit, a, &list[n++], err)) != 0)
			return status;
	}
	if (!found)
		return error_set(err, ERROR_NOT_FOUND,
				 "organisation %lld does not take part in the event",
				 (long long)for_org);
	*out = list;
	*n_out = n;
	return 0;
}
