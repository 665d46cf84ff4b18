#!/usr/bin/env bash
# Quick regression guard (seconds): fails if start-up (dealgraph extract on
# one article) or the 2-hop named query (partners 中国能建 on the dev corpus
# copies) is more than 3x slower than bench/guard-baseline.txt.
#   bench/guard.sh            check
#   bench/guard.sh --record   rewrite the baseline with this machine's figures
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/dealgraph" ./cmd/dealgraph
"$tmp/dealgraph" load --db "$tmp/g.db" cmd/dealgraph/testdata/corpus >/dev/null
best() { # best-of-3 wall time of a command, in ms
	local b=999999 t
	for _ in 1 2 3; do
		/usr/bin/time -f %e -o "$tmp/t" "$@" >/dev/null 2>&1
		t=$(awk '{printf "%d", $1*1000}' "$tmp/t")
		[ "$t" -lt "$b" ] && b=$t
	done
	echo "$b"
}
startup=$(best "$tmp/dealgraph" extract cmd/dealgraph/testdata/corpus/cas-airbus-2019.txt)
twohop=$(best "$tmp/dealgraph" query --db "$tmp/g.db" partners 中国能建)
echo "startup_ms=$startup twohop_ms=$twohop"
if [ "${1:-}" = --record ]; then
	printf 'startup_ms=%s\ntwohop_ms=%s\n' "$startup" "$twohop" >bench/guard-baseline.txt
	exit 0
fi
fail=0
while IFS== read -r k v; do
	now=$([ "$k" = startup_ms ] && echo "$startup" || echo "$twohop")
	if [ "$now" -gt $((3 * v)) ]; then
		echo "guard: FAIL $k=$now is more than 3x the baseline $v"
		fail=1
	fi
done <bench/guard-baseline.txt
[ $fail = 0 ] && echo "guard: ok (baseline: $(tr '\n' ' ' <bench/guard-baseline.txt))"
exit $fail
