# Interoperability (src/export, docs/interop.md): calendars, spreadsheets,
# CSV and the printable report.  python3-icalendar is the independent ICS
# parser of the tests; poppler-utils gives pdftotext and pdftoppm.
# The PDF needs the Korean font when it runs; LibreOffice, poppler and
# python3-icalendar only check the files in the tests.
RUN_DEBS += libical-dev libxlsxwriter-dev libcairo2-dev libpango1.0-dev \
	fonts-noto-cjk
DEBS += poppler-utils python3-icalendar libreoffice-calc-nogui
PKGS += libical xlsxwriter pangocairo

# The fuzz target of the CSV reader (not part of `make check`, which
# replays its corpus through tests/interop/test_csv_corpus.c).
.PHONY: fuzz-csv
fuzz-csv: build/fuzz/csv
build/fuzz/csv: fuzz/csv/fuzz_csv.c src/export/csv_read.c src/export/csv.h
	@mkdir -p $(@D)
	clang -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Isrc -g -O1 \
		-fsanitize=fuzzer,address,undefined $(shell pkg-config --cflags icu-uc) \
		-o $@ fuzz/csv/fuzz_csv.c src/export/csv_read.c src/util/error.c \
		$(shell pkg-config --libs icu-uc)
