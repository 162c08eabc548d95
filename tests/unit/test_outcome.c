/* test_outcome.c: the outcome tiers with exact figures (consulted,
 * expected, signed during and after, realised and its verified part, per
 * currency), the conversion from one tier to the next overall and per
 * firm, claims backed and not, and the hash chain: intact after imports
 * and found broken after a direct SQL edit of a record or of a link. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "bundle/bundle.h"
#include "domain/outcome.h"
#include "store/store.h"
#include "util/error.h"

static const char bundle_json[] =
	"{\"pavilion_bundle\": 1,"
	" \"organisations\": ["
	"  {\"key\": \"gov\", \"kind\": \"government\", \"name\": {\"en\": \"Gov\"}, \"country\": \"KR\"},"
	"  {\"key\": \"f1\", \"kind\": \"local_company\", \"name\": {\"en\": \"F1\"}, \"country\": \"KR\"},"
	"  {\"key\": \"f2\", \"kind\": \"local_company\", \"name\": {\"en\": \"F2\"}, \"country\": \"KR\"},"
	"  {\"key\": \"b1\", \"kind\": \"buyer\", \"name\": {\"en\": \"B1\"}, \"country\": \"JP\"},"
	"  {\"key\": \"b2\", \"kind\": \"distributor\", \"name\": {\"en\": \"B2\"}, \"country\": \"JP\"}],"
	" \"people\": [{\"key\": \"off\", \"name\": {\"en\": \"Officer\"}, \"organisation\": \"gov\"}],"
	" \"mission\": {\"slug\": \"tiers\", \"title\": {\"en\": \"Tiers\"}, \"home_zone\": \"Asia/Seoul\","
	"  \"home_organisation\": \"gov\","
	"  \"stops\": ["
	"   {\"key\": \"out\", \"city\": {\"en\": \"Seoul\"}, \"country\": \"KR\", \"zone\": \"Asia/Seoul\", \"home\": true, \"depart\": \"2025-01-05T10:00\"},"
	"   {\"key\": \"tokyo\", \"city\": {\"en\": \"Tokyo\"}, \"country\": \"JP\", \"zone\": \"Asia/Tokyo\", \"arrive\": \"2025-01-05T13:00\", \"depart\": \"2025-01-08T18:00\"},"
	"   {\"key\": \"back\", \"city\": {\"en\": \"Seoul\"}, \"country\": \"KR\", \"zone\": \"Asia/Seoul\", \"home\": true, \"arrive\": \"2025-01-08T20:00\"}],"
	"  \"events\": ["
	"   {\"key\": \"fair\", \"kind\": \"export_consultation\", \"title\": {\"en\": \"Fair\"}, \"stop\": \"tokyo\", \"start\": \"2025-01-06T10:00\"},"
	"   {\"key\": \"sign\", \"kind\": \"signing\", \"title\": {\"en\": \"Signing\"}, \"stop\": \"tokyo\", \"start\": \"2025-01-07T15:00\"}]},"
	" \"consultations\": ["
	"  {\"key\": \"k1\", \"event\": \"fair\", \"firm\": \"f1\", \"buyer\": \"b1\", \"consulted\": {\"amount\": \"1000.00\", \"currency\": \"USD\"}, \"expected\": {\"amount\": \"400\", \"currency\": \"USD\"}},"
	"  {\"key\": \"k2\", \"event\": \"fair\", \"firm\": \"f1\", \"buyer_country\": \"CN\", \"consulted\": {\"amount\": \"500.50\", \"currency\": \"USD\"}, \"expected\": {\"amount\": \"30000\", \"currency\": \"JPY\"}},"
	"  {\"key\": \"k3\", \"event\": \"fair\", \"firm\": \"f2\", \"buyer\": \"b1\", \"consulted\": {\"amount\": \"2000000\", \"currency\": \"JPY\"}},"
	"  {\"key\": \"k4\", \"event\": \"fair\", \"firm\": \"f2\", \"buyer\": \"b2\", \"expected\": {\"amount\": \"99.99\", \"currency\": \"USD\"}}],"
	" \"agreements\": ["
	"  {\"key\": \"g1\", \"kind\": \"contract\", \"title\": {\"en\": \"G1\"}, \"event\": \"sign\", \"home_role\": \"witness\", \"consultation\": \"k1\","
	"   \"parties\": [{\"organisation\": \"f1\", \"role\": \"seller\"}, {\"organisation\": \"b1\", \"role\": \"buyer\"}],"
	"   \"value\": {\"amount\": \"300\", \"currency\": \"USD\"}, \"realisations\": ["
	"    {\"on\": \"2025-03-01\", \"value\": {\"amount\": \"100\", \"currency\": \"USD\"}, \"verified_by\": \"off\"},"
	"    {\"on\": \"2025-04-01\", \"value\": {\"amount\": \"50\", \"currency\": \"USD\"}, \"evidence\": {\"kind\": \"invoice\"}}]},"
	"  {\"key\": \"g2\", \"kind\": \"purchase_order\", \"title\": {\"en\": \"G2\"}, \"signed_on\": \"2025-02\", \"home_role\": \"none\", \"consultation\": \"k3\","
	"   \"parties\": [{\"organisation\": \"f2\"}, {\"organisation\": \"b1\"}], \"value\": {\"amount\": \"500000\", \"currency\": \"JPY\"},"
	"   \"realisations\": [{\"on\": \"2025-02-10\", \"value\": {\"amount\": \"500000\", \"currency\": \"JPY\"}, \"evidence\": {\"kind\": \"statement\"}}]},"
	"  {\"key\": \"g3\", \"kind\": \"contract\", \"title\": {\"en\": \"G3\"}, \"signed_on\": \"2025-02-15\", \"home_role\": \"none\", \"consultation\": \"k2\","
	"   \"status\": \"cancelled\", \"parties\": [{\"organisation\": \"f1\"}], \"value\": {\"amount\": \"200\", \"currency\": \"USD\"}},"
	"  {\"key\": \"g4\", \"kind\": \"contract\", \"title\": {\"en\": \"G4\"}, \"event\": \"sign\", \"home_role\": \"witness\","
	"   \"parties\": [{\"organisation\": \"b2\", \"role\": \"buyer\"}, {\"organisation\": \"f2\", \"role\": \"seller\"}], \"value\": {\"amount\": \"25\", \"currency\": \"USD\"}},"
	"  {\"key\": \"g5\", \"kind\": \"mou\", \"title\": {\"en\": \"G5\"}, \"event\": \"sign\", \"home_role\": \"party\", \"parties\": [{\"organisation\": \"gov\"}]},"
	"  {\"key\": \"g6\", \"kind\": \"contract\", \"title\": {\"en\": \"G6\"}, \"signed_on\": \"2025-03-01\", \"home_role\": \"none\","
	"   \"parties\": [{\"organisation\": \"f1\"}], \"value\": {\"amount\": \"999\", \"currency\": \"USD\"}},"
	"  {\"key\": \"g7\", \"kind\": \"loi\", \"title\": {\"en\": \"G7\"}, \"signed_on\": \"2025-02-01\", \"home_role\": \"none\", \"consultation\": \"k4\","
	"   \"parties\": [{\"organisation\": \"f2\"}]}],"
	" \"claims\": ["
	"  {\"key\": \"c1\", \"tier\": \"signed\", \"value\": {\"amount\": \"325\", \"currency\": \"USD\"}, \"stated_on\": \"2025-01-09\", \"source\": {\"title\": {\"en\": \"a\"}}},"
	"  {\"key\": \"c2\", \"tier\": \"signed\", \"value\": {\"amount\": \"325.01\", \"currency\": \"USD\"}, \"stated_on\": \"2025-01-09\", \"source\": {\"title\": {\"en\": \"b\"}}},"
	"  {\"key\": \"c3\", \"tier\": \"realised\", \"value\": {\"amount\": \"10\", \"currency\": \"EUR\"}, \"stated_on\": \"2025-05-01\", \"source\": {\"title\": {\"en\": \"c\"}}},"
	"  {\"key\": \"c4\", \"tier\": \"consulted\", \"firms\": 2, \"stated_on\": \"2025-01-09\", \"source\": {\"title\": {\"en\": \"d\"}}},"
	"  {\"key\": \"c5\", \"tier\": \"expected\", \"firms\": 3, \"stated_on\": \"2025-01-09\", \"source\": {\"title\": {\"en\": \"e\"}}}]}";

static struct bundle *read_bundle(void)
{
	struct error err = { 0 };
	struct bundle *b = bundle_read_text(bundle_json, sizeof bundle_json - 1,
					    "tiers.json", &err);

	if (b == NULL)
		fail_msg("%s", err.message);
	return b;
}

/* The total of currency in f, or -1 when f has none in it. */
static int64_t value_in(const struct tier_figure *f, const char *currency)
{
	for (int i = 0; i < f->n_values; i++)
		if (strcmp(f->values[i].currency, currency) == 0)
			return f->values[i].minor;
	return -1;
}

static const struct conversion *row(const struct bundle *b,
				    const struct outcome *o, const char *firm,
				    const char *currency)
{
	for (int i = 0; i < o->n_conversions; i++) {
		const struct conversion *c = &o->conversions[i];

		if (strcmp(c->currency, currency) == 0 &&
		    (firm == NULL ? c->firm < 0 :
		     c->firm >= 0 && strcmp(b->orgs[c->firm].key, firm) == 0))
			return c;
	}
	fail_msg("no conversion row %s %s", firm ? firm : "(all)", currency);
	return NULL;
}

static void test_tiers(void **state)
{
	struct bundle *b = read_bundle();
	struct error err = { 0 };
	struct outcome o;
	const struct tier_figure *t = o.tiers;

	(void)state;
	assert_int_equal(outcome_compute(b, &o, &err), 0);
	/* Consulted: k1, k2, k3; k4 has only an expected amount. */
	assert_int_equal(t[TIER_CONSULTED].count, 3);
	assert_int_equal(t[TIER_CONSULTED].firms, 2);
	assert_int_equal(t[TIER_CONSULTED].n_values, 2);
	assert_int_equal(value_in(&t[TIER_CONSULTED], "USD"), 150050);
	assert_int_equal(value_in(&t[TIER_CONSULTED], "JPY"), 2000000);
	assert_int_equal(o.consultation_buyers, 3);   /* b1, b2, one in CN */
	assert_int_equal(t[TIER_EXPECTED].count, 3);
	assert_int_equal(t[TIER_EXPECTED].firms, 2);
	assert_int_equal(value_in(&t[TIER_EXPECTED], "USD"), 49999);
	assert_int_equal(value_in(&t[TIER_EXPECTED], "JPY"), 30000);
	/* Signed: g1 and g4 at the mission's signing, g2 (from k3) after it;
	 * not the cancelled g3, the MOU g5, the LOI g7, nor g6, which is
	 * neither signed at the mission nor from its consultations. */
	assert_int_equal(t[TIER_SIGNED].count, 3);
	assert_int_equal(t[TIER_SIGNED].firms, 2);
	assert_int_equal(value_in(&t[TIER_SIGNED], "USD"), 32500);
	assert_int_equal(value_in(&t[TIER_SIGNED], "JPY"), 500000);
	assert_int_equal(o.signed_during.count, 2);
	assert_int_equal(value_in(&o.signed_during, "USD"), 32500);
	assert_int_equal(value_in(&o.signed_during, "JPY"), -1);
	assert_int_equal(o.signed_after.count, 1);
	assert_int_equal(value_in(&o.signed_after, "JPY"), 500000);
	/* Realised: two under g1 (one verified), one under g2. */
	assert_int_equal(t[TIER_REALISED].count, 3);
	assert_int_equal(t[TIER_REALISED].firms, 2);
	assert_int_equal(value_in(&t[TIER_REALISED], "USD"), 15000);
	assert_int_equal(value_in(&t[TIER_REALISED], "JPY"), 500000);
	assert_int_equal(value_in(&o.realised_verified, "USD"), 10000);
	assert_int_equal(value_in(&o.realised_verified, "JPY"), -1);
	assert_string_equal(o.realised_as_of, "2025-04-01");
	assert_true(o.has_outcome_records);
	bundle_free(b);
}

static void test_conversion(void **state)
{
	struct bundle *b = read_bundle();
	struct error err = { 0 };
	struct outcome o;
	const struct conversion *c;

	(void)state;
	assert_int_equal(outcome_compute(b, &o, &err), 0);
	assert_int_equal(o.n_conversions, 5);
	assert_true(o.conversions[0].firm < 0 && o.conversions[1].firm < 0);
	c = row(b, &o, NULL, "USD");
	assert_int_equal(c->consulted, 150050);
	assert_int_equal(c->signed_value, 32500);
	assert_int_equal(c->realised, 15000);
	assert_int_equal(outcome_permille(c->signed_value, c->consulted), 217);
	assert_int_equal(outcome_permille(c->realised, c->signed_value), 462);
	c = row(b, &o, NULL, "JPY");
	assert_int_equal(outcome_permille(c->signed_value, c->consulted), 250);
	assert_int_equal(outcome_permille(c->realised, c->signed_value), 1000);
	c = row(b, &o, "f1", "USD");
	assert_int_equal(c->consulted, 150050);
	assert_int_equal(c->signed_value, 30000);
	assert_int_equal(c->realised, 15000);
	assert_int_equal(outcome_permille(c->signed_value, c->consulted), 200);
	assert_int_equal(outcome_permille(c->realised, c->signed_value), 500);
	c = row(b, &o, "f2", "USD");   /* g4, signed without a consultation */
	assert_int_equal(c->consulted, 0);
	assert_int_equal(c->signed_value, 2500);
	assert_int_equal(outcome_permille(c->signed_value, c->consulted), -1);
	assert_int_equal(outcome_permille(c->realised, c->signed_value), 0);
	c = row(b, &o, "f2", "JPY");
	assert_int_equal(c->consulted, 2000000);
	assert_int_equal(c->realised, 500000);
	assert_int_equal(outcome_permille(1, 3), 333);
	assert_int_equal(outcome_permille(2, 3), 667);
	assert_int_equal(outcome_permille(0, 0), -1);
	bundle_free(b);
}

static void test_claims(void **state)
{
	struct bundle *b = read_bundle();
	struct error err = { 0 };
	struct outcome o;

	(void)state;
	assert_int_equal(outcome_compute(b, &o, &err), 0);
	assert_true(o.claims[0].backed);           /* USD 325.00 signed */
	assert_int_equal(o.claims[0].recorded_minor, 32500);
	assert_false(o.claims[1].backed);          /* USD 325.01: a cent short */
	assert_int_equal(o.claims[1].recorded_minor, 32500);
	assert_false(o.claims[2].backed);          /* EUR: none recorded */
	assert_int_equal(o.claims[2].recorded_minor, 0);
	assert_true(o.claims[3].backed);           /* 2 firms consulted */
	assert_false(o.claims[4].backed);          /* 3 firms expected: 2 */
	assert_int_equal(o.claims[4].recorded_firms, 2);
	bundle_free(b);
}

/* ---- the chain ------------------------------------------------------ */

struct chain_fixture {
	char dir[64];
	char path[128];
};

static int chain_setup(void **state)
{
	struct chain_fixture *f = calloc(1, sizeof *f);
	struct bundle *b = read_bundle();
	struct store *s = NULL;
	struct store_import_stats stats;
	struct error err = { 0 };
	int rc;

	snprintf(f->dir, sizeof f->dir, "/tmp/pavilion-chain-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/chain.db", f->dir);
	rc = store_open(f->path, STORE_OPEN_CREATE, &s, &err) ||
	     store_import(s, b, 0, &stats, &err);
	store_close(s);
	bundle_free(b);
	*state = f;
	if (rc)
		fprintf(stderr, "%s\n", err.message);
	return rc ? -1 : 0;
}

static int chain_teardown(void **state)
{
	struct chain_fixture *f = *state;
	char path[160];

	unlink(f->path);
	snprintf(path, sizeof path, "%s-wal", f->path);
	unlink(path);
	snprintf(path, sizeof path, "%s-shm", f->path);
	unlink(path);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Runs sql on the database file directly, as the sqlite3 shell would:
 * no pavilion functions, no triggers of its own. */
static int shell(const struct chain_fixture *f, const char *sql)
{
	sqlite3 *db;
	int rc;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static int verify(const struct chain_fixture *f, struct store_verify *v,
		  struct error *err)
{
	struct store *s = NULL;
	int rc;

	assert_int_equal(store_open(f->path, 0, &s, err), 0);
	rc = store_verify(s, NULL, v, err);
	store_close(s);
	return rc;
}

static void test_chain_intact(void **state)
{
	struct chain_fixture *f = *state;
	struct store_verify v;
	struct error err = { 0 };

	assert_int_equal(verify(f, &v, &err), 0);
	/* 4 consultations, 7 agreements with 10 parties, 3 realisations and
	 * 5 claims: a link each. */
	assert_int_equal(v.links, 4 + 7 + 10 + 3 + 5);
	assert_int_equal(strlen(v.head), 64);
}

static void test_chain_record_edit(void **state)
{
	struct chain_fixture *f = *state;
	struct store_verify v;
	struct error err = { 0 };

	/* With the triggers in place the shell cannot write at all. */
	assert_int_not_equal(shell(f, "UPDATE agreement SET value_minor = 1"
				   " WHERE key = 'g1'"), SQLITE_OK);
	assert_int_equal(verify(f, &v, &err), 0);
	assert_int_equal(shell(f, "DROP TRIGGER chain_agreement_update;"
			       " UPDATE agreement SET value_minor = 99900"
			       " WHERE key = 'g1'"), SQLITE_OK);
	assert_int_equal(verify(f, &v, &err), ERROR_INVALID);
	assert_non_null(strstr(err.message, "chain: agreement 1 differs from its"
			       " last chained state (link 7)"));
}

static void test_chain_link_edit(void **state)
{
	struct chain_fixture *f = *state;
	struct store_verify v;
	struct error err = { 0 };

	assert_int_equal(shell(f, "UPDATE chain SET state = replace(state,"
			       " '30000', '99900') WHERE seq = 5"), SQLITE_OK);
	assert_int_equal(verify(f, &v, &err), ERROR_INVALID);
	assert_non_null(strstr(err.message, "chain: link 5 (agreement 1) is broken"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tiers),
		cmocka_unit_test(test_conversion),
		cmocka_unit_test(test_claims),
		cmocka_unit_test_setup_teardown(test_chain_intact, chain_setup,
						chain_teardown),
		cmocka_unit_test_setup_teardown(test_chain_record_edit, chain_setup,
						chain_teardown),
		cmocka_unit_test_setup_teardown(test_chain_link_edit, chain_setup,
						chain_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
