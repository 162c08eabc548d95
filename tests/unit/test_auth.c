/* test_auth.c: which passwords may be chosen, the failed-login brake's
 * waits and keys, and the accounts migration (case-insensitive names,
 * token expiry, company accounts without an organisation). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "auth/auth.h"
#include "store/sqlite_internal.h"

static void test_passwords_refused(void **state)
{
	static const char *const bad[] = {
		"short", "aaaaaaaa", "AAAAaaaa", "        ", "\t\t\t\t\t\t\t\t",
		"abababab", "abcabcabcabc", "12121212", "12345678", "87654321",
		"abcdefgh", "ZYXWVUTS", "qwertyuiop", "asdfghjk", "1qaz2wsx3edc",
		"password", "Password1", "PASSWORD!!", "iloveyou", "baseball2024",
		"trustno1", "alice123", "alicealice", "ALICE-2024",
	};
	struct error err;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&err, 0, sizeof err);
		if (auth_password_check(bad[i], "alice", &err) == 0)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_int_equal(err.code, ERROR_INVALID);
		assert_non_null(strstr(err.message, "password: "));
	}
}

static void test_passwords_accepted(void **state)
{
	static const char *const good[] = {
		"correct horse battery", "officer password", "Tr0ub4dor&3x",
		"alice in wonderland", "7 fjords, 3 ferries", "대한민국 수출 상담회",
		"qwertyuiop-but-longer-and-odd", "aaaaaaab",
	};
	struct error err = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (auth_password_check(good[i], "alice", &err) != 0)
			fail_msg("\"%s\" was refused: %s", good[i], err.message);
}

static void test_brake_waits(void **state)
{
	int64_t failures[AUTH_BRAKE_KEYS] = { 0, 0, 0 };
	int64_t last[AUTH_BRAKE_KEYS] = { 1000, 1000, 1000 };

	(void)state;
	failures[AUTH_BRAKE_PAIR] = 2;
	assert_int_equal(auth_brake_wait(failures, last, 1000), 0);
	failures[AUTH_BRAKE_PAIR] = 3;
	assert_int_equal(auth_brake_wait(failures, last, 1000), 4);
	assert_int_equal(auth_brake_wait(failures, last, 1003), 1);
	assert_int_equal(auth_brake_wait(failures, last, 1004), 0);
	failures[AUTH_BRAKE_PAIR] = 4;
	assert_int_equal(auth_brake_wait(failures, last, 1000), 8);
	failures[AUTH_BRAKE_PAIR] = 40;
	assert_int_equal(auth_brake_wait(failures, last, 1000), 60);
	failures[AUTH_BRAKE_PAIR] = 0;
	failures[AUTH_BRAKE_USER] = 9;
	failures[AUTH_BRAKE_ADDRESS] = 19;
	assert_int_equal(auth_brake_wait(failures, last, 1000), 0);
	failures[AUTH_BRAKE_USER] = 10;
	assert_int_equal(auth_brake_wait(failures, last, 1001), 3);
	failures[AUTH_BRAKE_ADDRESS] = 21;
	assert_int_equal(auth_brake_wait(failures, last, 1001), 7);
}

static void test_brake_keys(void **state)
{
	char a[AUTH_BRAKE_KEYS][AUTH_BRAKE_KEY_HEX + 1];
	char b[AUTH_BRAKE_KEYS][AUTH_BRAKE_KEY_HEX + 1];

	(void)state;
	assert_int_equal(auth_init(NULL), 0);
	auth_brake_keys("10.0.0.1", "Alice", a);
	auth_brake_keys("10.0.0.1", "aLICE", b);
	for (int i = 0; i < AUTH_BRAKE_KEYS; i++)
		assert_string_equal(a[i], b[i]);
	auth_brake_keys("10.0.0.2", "alice", b);
	assert_string_not_equal(a[AUTH_BRAKE_PAIR], b[AUTH_BRAKE_PAIR]);
	assert_string_equal(a[AUTH_BRAKE_USER], b[AUTH_BRAKE_USER]);
	assert_string_not_equal(a[AUTH_BRAKE_ADDRESS], b[AUTH_BRAKE_ADDRESS]);
	assert_string_not_equal(a[AUTH_BRAKE_PAIR], a[AUTH_BRAKE_USER]);
	assert_int_equal(strlen(a[0]), AUTH_BRAKE_KEY_HEX);
}

static int64_t one_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* A database from before the accounts migration, with names that differ
 * only by case, a token and a company account without an organisation,
 * brought up to date. */
static void test_accounts_migration(void **state)
{
	sqlite3 *db;
	struct error err;
	int k = -1;

	(void)state;
	for (int i = 0; i < sqlite_migration_count && k < 0; i++)
		if (strstr(sqlite_migrations[i], "app_user_username_nocase"))
			k = i;
	assert_true(k > 0);
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite_chain_register(db, &err), 0);
	for (int i = 0; i < k; i++)
		assert_int_equal(sqlite3_exec(db, sqlite_migrations[i], NULL, NULL,
					      NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"PRAGMA foreign_keys = ON;"
		"INSERT INTO organisation (id, key, kind) VALUES (7, 'o7', 'company');"
		"INSERT INTO app_user (id, username, password_hash, role,"
		" organisation_id, created_utc) VALUES"
		" (1, 'weakpw', 'h', 'viewer', NULL, 0),"
		" (2, 'WEAKPW', 'h', 'viewer', NULL, 0),"
		" (3, 'WeakPw', 'h', 'viewer', NULL, 0),"
		" (4, 'lost', 'h', 'company', NULL, 0),"
		" (5, 'co7', 'h', 'company', 7, 0);"
		"INSERT INTO api_token VALUES ('t4', 4, 0), ('t5', 5, 0);",
		NULL, NULL, NULL), SQLITE_OK);
	for (int i = k; i < sqlite_migration_count; i++)
		assert_int_equal(sqlite3_exec(db, sqlite_migrations[i], NULL, NULL,
					      NULL), SQLITE_OK);
	assert_int_equal(one_int(db, "SELECT count(*) FROM app_user WHERE"
				 " username IN ('weakpw', 'WEAKPW-dup-2', 'WeakPw-dup-3')"), 3);
	assert_int_equal(one_int(db, "SELECT count(*) FROM audit WHERE"
				 " action = 'rename'"), 2);
	assert_int_not_equal(sqlite3_exec(db, "INSERT INTO app_user (username,"
		" password_hash, role, created_utc) VALUES ('WEAKpw', 'h',"
		" 'viewer', 0)", NULL, NULL, NULL), SQLITE_OK);
	/* The orphaned company account is disabled and its token gone; the
	 * other keeps its token, now with an expiry. */
	assert_int_equal(one_int(db, "SELECT disabled FROM app_user WHERE id = 4"), 1);
	assert_int_equal(one_int(db, "SELECT count(*) FROM api_token WHERE user_id = 4"), 0);
	assert_true(one_int(db, "SELECT expires_utc FROM api_token WHERE user_id = 5") >
		    one_int(db, "SELECT CAST(strftime('%s', 'now') AS INTEGER) + 89 * 86400"));
	/* Deleting an organisation disables its company accounts. */
	assert_int_equal(sqlite3_exec(db, "DELETE FROM organisation WHERE id = 7",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(one_int(db, "SELECT disabled FROM app_user WHERE id = 5"), 1);
	assert_int_equal(one_int(db, "SELECT count(*) FROM api_token"), 0);
	assert_int_equal(one_int(db, "SELECT count(*) FROM audit WHERE"
				 " action = 'disable' AND record_id = 5"), 1);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_passwords_refused),
		cmocka_unit_test(test_passwords_accepted),
		cmocka_unit_test(test_brake_waits),
		cmocka_unit_test(test_brake_keys),
		cmocka_unit_test(test_accounts_migration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
