#!/bin/sh
# bench/http/run.sh: wrk against `pavilion serve` and against nginx serving
# the same response bytes as static files, in the same run, on loopback.
# Usage: sh bench/http/run.sh [SECONDS]   (needs wrk and nginx: apt-get
# install wrk nginx).  Prints the wrk reports and the server's RSS; the
# figures of a run are written up in bench/http/RESULTS.md.
set -e
secs=${1:-10}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/bench/out/http
rm -rf "$out"
mkdir -p "$out/www/api/missions" "$out/www/api"
bin=$root/build/pavilion
make -s -C "$root" build/pavilion
db=$out/bench.db
"$bin" demo --db "$db" >/dev/null
echo 'bench-password-1' | "$bin" user add bench --role officer --password-stdin --db "$db" >/dev/null
token=$("$bin" token create bench --db "$db" | tail -1)

"$bin" serve --listen 127.0.0.1:0 --db "$db" >"$out/serve.out" 2>"$out/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null; [ -f "$out/nginx.pid" ] && kill $(cat "$out/nginx.pid") 2>/dev/null; true' EXIT
sleep 0.5
url=$(sed -n 's/^listening on //p' "$out/serve.out")
auth="Authorization: Bearer $token"
# Enough organisations for a full page of 50.
i=0
while [ $i -lt 60 ]; do
	curl -sf -o /dev/null -H "$auth" -H 'Content-Type: application/json' \
		-d "{\"key\":\"bench-org-$i\",\"kind\":\"company\",\"name\":{\"en\":\"Bench Company $i\",\"ko\":\"벤치 기업 $i\"},\"country\":\"KR\",\"sectors\":[\"bio\",\"ai\"]}" \
		"$url/api/organisations"
	i=$((i + 1))
done
curl -sf -H "$auth" "$url/api/missions/1" >"$out/www/api/missions/1"
curl -sf -H "$auth" "$url/api/organisations?limit=50" >"$out/www/api/organisations"
echo "response sizes: mission $(wc -c <"$out/www/api/missions/1") B," \
	"organisations page $(wc -c <"$out/www/api/organisations") B"

# nginx on a free port, two workers (as many as the machine's cores).
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$out/nginx.conf" <<CONF
worker_processes 2;
pid $out/nginx.pid;
error_log $out/nginx.err;
events { worker_connections 1024; }
http {
	access_log off;
	keepalive_requests 1000000;
	default_type application/json;
	server {
		listen 127.0.0.1:$nport;
		root $out/www;
		location / { try_files \$uri =404; }
	}
}
CONF
nginx -c "$out/nginx.conf"
sleep 0.3

run() {
	echo "== $1"
	shift
	wrk -t2 -c64 -d"${secs}s" --latency "$@" | grep -E "Requests/sec|Latency|50%|99%|requests in|Non-2xx|Socket errors"
}
run "pavilion GET /api/missions/1" -H "$auth" "$url/api/missions/1"
run "nginx    GET /api/missions/1" "http://127.0.0.1:$nport/api/missions/1"
run "pavilion GET /api/organisations?limit=50" -H "$auth" "$url/api/organisations?limit=50"
run "nginx    GET /api/organisations (same bytes)" "http://127.0.0.1:$nport/api/organisations"
run "pavilion POST /api/agreements (writes)" -H "$auth" -s "$here/create_agreement.lua" "$url/api/agreements"
echo "pavilion RSS after the runs: $(ps -o rss= -p $pid) KiB"
echo "agreements in the database: $(sqlite3 "$db" 'select count(*) from agreement')"
