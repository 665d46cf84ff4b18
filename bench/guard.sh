#!/usr/bin/env bash
# Quick regression guard (seconds): fails if start-up (dealgraph extract on
# one article, a whole process) or the 2-hop named query (partners 中国能建 on
# the dev corpus copies, in one process: bench/cmd/dgguard) takes more than
# 3x the CPU time recorded in bench/guard-baseline.txt.
#
#   bench/guard.sh            check (.ci/run does this)
#   bench/guard.sh --record   measure and rewrite bench/guard-baseline.txt
#
# Each figure is a best of 5 of user+sys CPU time (start-up: of the process,
# /usr/bin/time, in ms; the query: per run, over 5 rounds of 20 runs after a
# warm-up, getrusage, in µs, as a process's start would hide the query's own
# time), not wall time: on a shared machine a process waits for a
# core without using CPU, so CPU time moves much less with the load than wall
# time does, and the best of 5 drops runs slowed by cache and frequency
# effects. A figure over the limit is measured once more (best of 5 again)
# before the guard fails, so one unlucky burst does not fail CI while a real
# 3x slow-down fails both rounds. GUARD_FACTOR changes the 3x.
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=bench/guard-baseline.txt
factor=${GUARD_FACTOR:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/dealgraph" ./cmd/dealgraph
go build -o "$tmp/dgguard" ./bench/cmd/dgguard
"$tmp/dealgraph" load --db "$tmp/g.db" cmd/dealgraph/testdata/corpus >/dev/null

article=cmd/dealgraph/testdata/corpus/cas-airbus-2019.txt
measure() { # name -> its figure (best of 5)
	local b=999999 t
	case $1 in
	startup_cpu_ms)
		for _ in 1 2 3 4 5; do
			/usr/bin/time -f '%U %S' -o "$tmp/t" "$tmp/dealgraph" extract "$article" >/dev/null 2>"$tmp/err" ||
				{ echo "guard: dealgraph extract failed:" >&2 && cat "$tmp/err" >&2 && return 1; }
			t=$(awk '{printf "%d", ($1 + $2) * 1000}' "$tmp/t")
			[ "$t" -lt "$b" ] && b=$t
		done
		echo "$b"
		;;
	twohop_cpu_us) "$tmp/dgguard" -db "$tmp/g.db" -runs 20 -rounds 5 partners 中国能建 ;;
	*) echo "guard: unknown measure $1 in $baseline" >&2 && return 1 ;;
	esac
}
names=(startup_cpu_ms twohop_cpu_us)

if [ "${1:-}" = --record ]; then
	{
		echo "# bench/guard.sh baseline: best-of-5 user+sys CPU time (see guard.sh); the guard fails over ${factor}x."
		echo "# recorded $(date -u +%Y-%m-%dT%H:%MZ) at $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(go version | cut -d' ' -f3),"
		echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
		echo "# re-record: bench/guard.sh --record && git commit -m 'bench: re-record the guard baseline' $baseline"
		for n in "${names[@]}"; do echo "$n=$(measure "$n")"; done
	} >"$tmp/baseline"
	mv "$tmp/baseline" "$baseline"
	cat "$baseline"
	exit 0
fi

fail=0
for n in "${names[@]}"; do
	grep -q "^$n=[0-9][0-9]*\$" "$baseline" || {
		echo "guard: $baseline has no $n=NUMBER line; record one: bench/guard.sh --record"
		exit 1
	}
done
while IFS='=' read -r k v; do
	case $k in '#'* | '') continue ;; esac
	limit=$((factor * v))
	now=$(measure "$k")
	if [ "$now" -gt "$limit" ]; then
		echo "guard: $k=$now is over ${factor}x the baseline $v; measuring again"
		now=$(measure "$k")
	fi
	if [ "$now" -gt "$limit" ]; then
		echo "guard: FAIL $k=$now is more than ${factor}x the baseline $v (load average $(cut -d' ' -f1-3 /proc/loadavg));"
		echo "       if the slow-down is intended, re-record: bench/guard.sh --record"
		fail=1
	else
		echo "guard: $k=$now (baseline $v, limit $limit)"
	fi
done <"$baseline"
if [ $fail = 0 ]; then echo "guard: ok"; fi
exit $fail
