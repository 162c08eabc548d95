/* test_csv.c: the CSV reader and writer at their boundaries: encodings
 * (BOM, UTF-8, CP949, forced EUC-KR), separators, quoting, embedded line
 * breaks, line numbers, limits, and header mapping in both languages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <unicode/uclean.h>

#include "domain/tz.h"
#include "export/csv.h"
#include "export/csv_rows.h"

static struct csv_reader *reader(const char *text, enum csv_encoding enc,
				 struct error *err)
{
	return csv_reader_new(text, strlen(text), enc, "t.csv", err);
}

static void test_quotes_and_lines(void **state)
{
	struct error err = { 0 };
	struct csv_reader *r = reader(
		"a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\n1,,3", 0, &err);
	struct csv_record rec;

	(void)state;
	assert_non_null(r);
	assert_int_equal(csv_reader_separator(r), ',');
	assert_int_equal(csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 1);
	assert_int_equal(csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 2);
	assert_int_equal(rec.n_fields, 3);
	assert_string_equal(rec.fields[0], "x, y");
	assert_string_equal(rec.fields[1], "say \"hi\"");
	assert_string_equal(rec.fields[2], "two\nlines");
	assert_int_equal(csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 5);   /* after the embedded break and a blank */
	assert_int_equal(rec.n_fields, 3);
	assert_string_equal(rec.fields[1], "");
	assert_string_equal(rec.fields[2], "3");
	assert_int_equal(csv_next(r, &rec, &err), 0);
	csv_reader_free(r);
}

static void test_separators(void **state)
{
	struct error err = { 0 };
	struct csv_record rec;
	struct csv_reader *r = reader("a;b;\"c,d\"\n1;2;3\n", 0, &err);

	(void)state;
	assert_int_equal(csv_reader_separator(r), ';');
	assert_int_equal(csv_next(r, &rec, &err), 1);
	assert_string_equal(rec.fields[2], "c,d");
	csv_reader_free(r);
	r = reader("a\tb,c\tz\n", 0, &err);
	assert_int_equal(csv_reader_separator(r), '\t');
	assert_int_equal(csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.n_fields, 3);
	assert_string_equal(rec.fields[1], "b,c");
	csv_reader_free(r);
}

static void test_encodings(void **state)
{
	/* "이름\n김" in CP949 (EUC-KR range) and "똠" (CP949 only). */
	static const char euc[] = "\xc0\xcc\xb8\xa7\n\xb1\xe8\n";
	static const char uhc[] = "\x8c\x63\n";
	struct error err = { 0 };
	struct csv_record rec;
	struct csv_reader *r;

	(void)state;
	r = reader("\xef\xbb\xbfkey\n", CSV_ENCODING_AUTO, &err);
	assert_int_equal(csv_reader_encoding(r), CSV_ENCODING_UTF8);
	assert_int_equal(csv_next(r, &rec, &err), 1);
	assert_string_equal(rec.fields[0], "key");   /* BOM gone */
	csv_reader_free(r);
	r = reader(euc, CSV_ENCODING_AUTO, &err);
	assert_int_equal(csv_reader_encoding(r), CSV_ENCODING_CP949);
	assert_int_equal(csv_next(r, &rec, &err), 1);
	assert_string_equal(rec.fields[0], "이름");
	assert_int_equal(csv_next(r, &rec, &err), 1);
	assert_string_equal(rec.fields[0], "김");
	csv_reader_free(r);
	r = reader(euc, CSV_ENCODING_EUC_KR, &err);
	assert_non_null(r);
	csv_reader_free(r);
	r = reader(uhc, CSV_ENCODING_AUTO, &err);
	assert_int_equal(csv_next(r, &rec, &err), 1);
	assert_string_equal(rec.fields[0], "똠");
	csv_reader_free(r);
	assert_null(reader(uhc, CSV_ENCODING_EUC_KR, &err));
	assert_int_equal(err.code, ERROR_INVALID);
	assert_non_null(strstr(err.message, "t.csv: line 1: byte 0x8C is not EUC-KR"));
	assert_null(reader("ok\n\xb1\xe8\n", CSV_ENCODING_UTF8, &err));
	assert_non_null(strstr(err.message, "line 2: byte 0xB1 is not UTF-8"));
	assert_null(reader("\xff\xfek\0e\0", CSV_ENCODING_AUTO, &err));
	assert_non_null(strstr(err.message, "UTF-16"));
	assert_int_equal(csv_encoding_parse("CP949"), CSV_ENCODING_CP949);
	assert_int_equal(csv_encoding_parse("euc-kr"), CSV_ENCODING_EUC_KR);
	assert_int_equal(csv_encoding_parse("latin1"), -1);
}

static void test_malformed(void **state)
{
	struct error err = { 0 };
	struct csv_record rec;
	struct csv_reader *r = reader("a,b\n1,\"open\n\n", 0, &err);

	(void)state;
	assert_int_equal(csv_next(r, &rec, &err), 1);
	assert_int_equal(csv_next(r, &rec, &err), ERROR_INVALID);
	assert_non_null(strstr(err.message, "line 2: a quote opened here"));
	csv_reader_free(r);
	r = reader("\"a\"b,c\n", 0, &err);
	assert_int_equal(csv_next(r, &rec, &err), ERROR_INVALID);
	assert_non_null(strstr(err.message, "line 1: field 1: text after its closing quote"));
	csv_reader_free(r);
}

static void test_limits(void **state)
{
	struct error err = { 0 };
	struct csv_record rec;
	char many[CSV_FIELDS_MAX * 2 + 8];
	struct csv_reader *r;
	size_t n = 0;

	(void)state;
	for (int i = 0; i < CSV_FIELDS_MAX; i++) {   /* exactly the limit */
		many[n++] = 'x';
		many[n++] = i + 1 < CSV_FIELDS_MAX ? ',' : '\n';
	}
	many[n] = '\0';
	r = reader(many, 0, &err);
	assert_int_equal(csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.n_fields, CSV_FIELDS_MAX);
	csv_reader_free(r);
	many[n - 1] = ',';                          /* one over */
	many[n++] = 'y';
	many[n] = '\0';
	r = reader(many, 0, &err);
	assert_int_equal(csv_next(r, &rec, &err), ERROR_NOMEM);
	assert_non_null(strstr(err.message, "more than 256 fields"));
	csv_reader_free(r);
}

static void test_writer(void **state)
{
	static const char *const fields[] = { "plain", "a,b", "say \"hi\"",
		"two\nlines", " padded", NULL, "한글" };
	struct error err = { 0 };
	struct csv_record rec;
	struct csv_reader *r;
	struct buf out;

	(void)state;
	buf_init(&out, 0);
	csv_write_record(&out, fields, 7);
	assert_string_equal(buf_str(&out),
		"plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",,한글\r\n");
	r = reader(buf_str(&out), 0, &err);
	assert_int_equal(csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.n_fields, 7);
	for (int i = 0; i < 7; i++)
		assert_string_equal(rec.fields[i], fields[i] ? fields[i] : "");
	csv_reader_free(r);
	buf_free(&out);
}

/* Formula cells: written with one more apostrophe, read back without it;
 * everything else untouched both ways. */
static void test_formula_cells(void **state)
{
	static const struct { const char *value, *cell; } cases[] = {
		{ "=1+1", "'=1+1" }, { "+82 2 123", "'+82 2 123" },
		{ "-5", "'-5" }, { "@home", "'@home" }, { "\tx", "\"'\tx\"" },
		{ "'=x", "''=x" }, { "''+y", "'''+y" }, { "'90s", "'90s" },
		{ "'", "'" }, { "a=b", "a=b" }, { "", "" }, { "한글", "한글" },
		{ "=a,b", "\"'=a,b\"" },
	};
	char text[64];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf out;
		struct csv_record rec;
		struct csv_reader *r;
		struct error err = { 0 };

		buf_init(&out, 0);
		csv_write_value(&out, cases[i].value, 1);
		assert_string_equal(out.data ? out.data : "", cases[i].cell);
		csv_write_end(&out);
		r = reader(buf_str(&out), 0, &err);
		assert_non_null(r);
		if (cases[i].value[0] != '\0') {
			assert_int_equal(csv_next(r, &rec, &err), 1);
			assert_string_equal(csv_read_value(rec.fields[0]), cases[i].value);
		}
		csv_reader_free(r);
		buf_free(&out);
	}
	/* Cells as read (the rejects file) keep the meaning they had. */
	for (size_t i = 0; i < 2; i++) {
		static const char *const raw[] = { "=x", "'=x" };
		struct buf out;

		buf_init(&out, 0);
		csv_write_cell(&out, raw[i], 1);
		snprintf(text, sizeof text, "%s", buf_str(&out));
		assert_string_equal(csv_read_value(text), "=x");
		buf_free(&out);
	}
}

static void test_header_mapping(void **state)
{
	struct error err = { 0 };
	struct store_import_row row;
	struct csv_reader *r;
	struct csv_rows *cr;

	(void)state;
	r = reader("키,종류,Name (ko),영문 이름,국가,분야\n"
		   "acme,해외 바이어,애크미,Acme,kr,바이오|ai\n"
		   "acme,buyer,둘,,,\n"
		   "b,nobody,x,,,\n", 0, &err);
	cr = csv_rows_new(r, STORE_ORGANISATIONS, "t.csv", &err);
	assert_non_null(cr);
	memset(&row, 0, sizeof row);
	assert_int_equal(csv_rows_next(cr, &row, &err), 1);
	assert_null(row.invalid);
	assert_string_equal(row.org.key, "acme");
	assert_int_equal(row.org.kind, ORG_BUYER);
	assert_string_equal(row.org.name.ko, "애크미");
	assert_string_equal(row.org.country, "KR");
	assert_int_equal(row.org.sectors, 1u << SECTOR_BIO | 1u << SECTOR_AI);
	memset(&row, 0, sizeof row);
	assert_int_equal(csv_rows_next(cr, &row, &err), 1);
	assert_non_null(row.invalid);
	assert_non_null(strstr(row.invalid, "line 3: key \"acme\" was given already on line 2"));
	memset(&row, 0, sizeof row);
	assert_int_equal(csv_rows_next(cr, &row, &err), 1);
	assert_non_null(strstr(row.invalid, "line 4, column 2 (\"종류\"): \"nobody\""));
	assert_int_equal(csv_rows_next(cr, &row, &err), 0);
	csv_rows_free(cr);
	csv_reader_free(r);

	r = reader("key,name_ko\n", 0, &err);
	assert_null(csv_rows_new(r, STORE_ORGANISATIONS, "t.csv", &err));
	assert_non_null(strstr(err.message, "no \"kind\" (종류) column"));
	csv_reader_free(r);
	r = reader("key,kind,colour\n", 0, &err);
	assert_null(csv_rows_new(r, STORE_ORGANISATIONS, "t.csv", &err));
	assert_non_null(strstr(err.message, "column 3: \"colour\" is not a column"));
	csv_reader_free(r);
}

static void test_event_rows(void **state)
{
	struct error err = { 0 };
	struct store_import_row row;
	struct csv_reader *r;
	struct csv_rows *cr;

	(void)state;
	r = reader("mission,key,kind,title_en,zone,start,end,attended\n"
		   "m,e1,signing,Signing,America/Los_Angeles,2024-01-10T14:30,,70\n"
		   "m,e2,signing,Late,America/Los_Angeles,2024-01-10T14:30,2024-01-10T09:00,\n"
		   "m,e3,signing,Day,Asia/Seoul,2024-01-10,,-3\n", 0, &err);
	cr = csv_rows_new(r, STORE_EVENTS, "t.csv", &err);
	memset(&row, 0, sizeof row);
	assert_int_equal(csv_rows_next(cr, &row, &err), 1);
	assert_null(row.invalid);
	assert_int_equal(row.event.start.utc, 1704925800);   /* 22:30Z */
	assert_int_equal(row.event.start.precision, MOMENT_TIME);
	assert_int_equal(row.event.attendance.attended, 70);
	assert_int_equal(row.event.attendance.registered, -1);
	memset(&row, 0, sizeof row);
	assert_int_equal(csv_rows_next(cr, &row, &err), 1);
	assert_non_null(strstr(row.invalid, "is before start"));
	memset(&row, 0, sizeof row);
	assert_int_equal(csv_rows_next(cr, &row, &err), 1);
	assert_non_null(strstr(row.invalid, "column 8 (\"attended\"): \"-3\""));
	csv_rows_free(cr);
	csv_reader_free(r);
}

/* Appends a pseudo-random record meant to fall across the file reader's
 * window edges: quoted fields with separators, doubled quotes and line
 * breaks, empty fields, CRLF, bare CR and blank lines, now and then one
 * longer than the first window. */
static void random_record(struct buf *out, uint32_t *seed)
{
	static const char *const bits[] = { "plain", "한글 이름", "a,b", "\"q\"",
		"two\nlines", "crlf\r\nin", "", " sp ", "x\"y" };
	size_t n = 1 + *seed % 7;

	for (size_t i = 0; i < n; i++) {
		struct buf field;
		size_t parts;

		*seed = *seed * 1103515245u + 12345u;
		parts = (*seed >> 8) % 5;
		buf_init(&field, 0);
		if ((*seed >> 4) % 97 == 0)
			for (size_t k = 0; k < 9000; k++)
				buf_puts(&field, "long-");
		for (size_t k = 0; k < parts; k++) {
			*seed = *seed * 1103515245u + 12345u;
			buf_puts(&field, bits[(*seed >> 16) % 9]);
		}
		/* Unquoted where that reads the same, quoted otherwise. */
		if (strpbrk(buf_str(&field), ",\"\r\n") == NULL && (*seed & 1))
			buf_printf(out, "%s%s", i ? "," : "", buf_str(&field));
		else
			csv_write_field(out, buf_str(&field), i == 0);
		buf_free(&field);
	}
	*seed = *seed * 1103515245u + 12345u;
	buf_puts(out, (*seed >> 12) % 3 == 0 ? "\r\n" : (*seed >> 12) % 3 == 1 ?
		 "\n" : "\r");
	if ((*seed >> 20) % 13 == 0)
		buf_puts(out, "\n\r\n");
}

/* Reads data through a file (csv_reader_open, a window at a time) and
 * from memory (csv_reader_new, whole) and wants the same records. */
static void same_records(const char *data, size_t len)
{
	char path[] = "/tmp/pavilion-test-csv-XXXXXX";
	int fd = mkstemp(path);
	struct error e1 = { 0 }, e2 = { 0 };
	struct csv_reader *r1, *r2;
	struct csv_record a, b;
	int rc1, rc2;
	long records = 0;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	r1 = csv_reader_open(path, CSV_ENCODING_AUTO, &e1);
	r2 = csv_reader_new(data, len, CSV_ENCODING_AUTO, path, &e2);
	unlink(path);
	assert_non_null(r1);
	assert_non_null(r2);
	assert_int_equal(csv_reader_encoding(r1), csv_reader_encoding(r2));
	assert_int_equal(csv_reader_separator(r1), csv_reader_separator(r2));
	do {
		rc1 = csv_next(r1, &a, &e1);
		rc2 = csv_next(r2, &b, &e2);
		assert_int_equal(rc1, rc2);
		if (rc1 != 1)
			break;
		records++;
		assert_int_equal(a.line, b.line);
		assert_int_equal(a.n_fields, b.n_fields);
		for (size_t i = 0; i < a.n_fields; i++)
			assert_string_equal(a.fields[i], b.fields[i]);
	} while (1);
	if (rc1 != 0)
		assert_string_equal(e1.message, e2.message);
	assert_true(records > 0);
	csv_reader_free(r1);
	csv_reader_free(r2);
}

static void test_file_window(void **state)
{
	struct buf data;
	uint32_t seed = 6;

	(void)state;
	buf_init(&data, 0);
	buf_puts(&data, "\xef\xbb\xbfkey,name,notes\r\n");
	while (data.len < ((size_t)3 << 20))
		random_record(&data, &seed);
	same_records(buf_str(&data), data.len);
	/* A quote never closed, found only at the end of the file. */
	buf_puts(&data, "\"open,to the end\n");
	same_records(buf_str(&data), data.len);
	buf_free(&data);
	/* A byte that is not UTF-8 past the first window: CP949, read whole. */
	buf_init(&data, 0);
	buf_puts(&data, "k,v\n");
	while (data.len < ((size_t)1 << 17))
		buf_puts(&data, "abc,\"d,e\"\r\n");
	buf_puts(&data, "\xb0\xa1,x\n");
	same_records(buf_str(&data), data.len);
	buf_free(&data);
	/* CR LF split by the first window's edge (64 KiB): one line end. */
	buf_init(&data, 0);
	buf_puts(&data, "k\r\n");
	while (data.len < ((size_t)64 << 10) - 1)
		buf_putc(&data, 'x');
	buf_puts(&data, "\r\ny\r\n");
	same_records(buf_str(&data), data.len);
	buf_free(&data);
	/* A header line longer than the first window. */
	buf_init(&data, 0);
	for (size_t k = 0; k < 3 * 30000; k++)
		buf_putc(&data, k % 30000 == 0 && k > 0 ? ';' : "abc"[k / 30000]);
	buf_puts(&data, "\n1;2;3\n");
	same_records(buf_str(&data), data.len);
	buf_free(&data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quotes_and_lines),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_formula_cells),
		cmocka_unit_test(test_header_mapping),
		cmocka_unit_test(test_event_rows),
		cmocka_unit_test(test_file_window),
	};
	int failed = cmocka_run_group_tests_name("csv", tests, NULL, NULL);

	tz_thread_cleanup();
	u_cleanup();
	return failed;
}
