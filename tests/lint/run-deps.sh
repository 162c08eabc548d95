#!/bin/sh
# `make run` installs what building and running pavilion needs and
# nothing only the tests use (browsers, office suites, fuzzers, test
# libraries); `make check` installs all of it.  Every pkg-config module
# the build links against must come from a package in RUN_DEBS.
run=" $(make -s --no-print-directory print-run-debs) "
all=" $(make -s --no-print-directory print-debs) "
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

for p in chromium libreoffice-calc-nogui nodejs npm clang libclang-rt-14-dev \
	libcmocka-dev poppler-utils python3-icalendar; do
	case "$run" in *" $p "*) bad "make run would install $p, which only the tests need";; *) ok;; esac
	case "$all" in *" $p "*) ok;; *) bad "make check would not install $p";; esac
done
for p in $run; do
	case "$all" in *" $p "*) ok;; *) bad "$p is in RUN_DEBS but not in DEBS";; esac
done
make -n --no-print-directory run 2>/dev/null | grep -q 'chromium' &&
	bad "make run's commands name chromium" || ok
for m in $(make -s --no-print-directory print-pkgs); do
	pc=$(pkg-config --variable=pcfiledir "$m" 2>/dev/null)/$m.pc
	pkg=$(dpkg -S "$pc" 2>/dev/null | head -1 | cut -d: -f1)
	if [ -z "$pkg" ]; then
		bad "pkg-config module $m: no Debian package owns $pc"
	else
		case "$run" in *" $pkg "*) ok;; *) bad "pkg-config module $m comes from $pkg, not in RUN_DEBS";; esac
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
