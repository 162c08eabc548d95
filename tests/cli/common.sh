# tests/cli/common.sh: what the CLI test scripts share, sourced after they
# set P (the binary) and T (their temporary directory): counters, exit
# status and output checks.
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect STATUS DESCRIPTION -- COMMAND...: runs it, checks the exit status;
# its output is in $T/out and $T/err.
expect() {
	want=$1; what=$2; shift 3
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else
		bad "$what: exit $got, wanted $want"; cat "$T/err"; fi
}

# contains FILE TEXT DESCRIPTION; lacks FILE TEXT DESCRIPTION
contains() {
	if grep -qF -- "$2" "$1"; then ok; else bad "$3: no \"$2\" in"; cat "$1"; fi
}
lacks() {
	if grep -qF -- "$2" "$1"; then bad "$3: \"$2\" in $1"; else ok; fi
}
