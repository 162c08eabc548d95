# tests/web/serve.sh, sourced by the browser test scripts and the browser
# benchmark: checks for chromium, makes $work (removed at exit, with the
# servers stopped) and a browser profile in it; serve DB NAME starts
# "$PAVILION serve" on a port the OS picks, keeps its output in
# $work/NAME.out and .err and its pid in $pids, and sets $url once it
# listens; sanitizer_clean NAME fails when the server's sanitizers spoke.
set -e
command -v chromium >/dev/null 2>&1 || { echo "chromium is missing (make deps)"; exit 1; }
work=$(mktemp -d)
pids=
trap 'kill $pids 2>/dev/null; wait $pids 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p build/web-artifacts "$work/profile"

serve() {
	"$PAVILION" serve --db "$1" --listen 127.0.0.1:0 >"$work/$2.out" 2>"$work/$2.err" &
	pids="$pids $!"
	i=0
	until grep -q '^listening on ' "$work/$2.out" 2>/dev/null; do
		i=$((i + 1)); [ $i -lt 600 ] || { cat "$work/$2.err"; exit 1; }
		sleep 0.05
	done
	url=$(sed -n 's/^listening on //p' "$work/$2.out" | head -1)
}

sanitizer_clean() {
	if grep -q "ERROR: \(AddressSanitizer\|LeakSanitizer\)" "$work/$1.err"; then
		cat "$work/$1.err"
		return 1
	fi
}
