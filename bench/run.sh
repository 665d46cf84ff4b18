#!/usr/bin/env bash
# dealgraph benchmarks: prints a Markdown table (see bench/RESULTS.md).
#
#   bench/run.sh                      default: 1 MB corpus, 100k-quad loads, 1M-quad query graph
#   bench/run.sh --corpus-mb 10       bigger corpus (1, 10, 100)
#   bench/run.sh --graph-quads 10000000 --load-quads 1000000
#   bench/run.sh --backends bolt,postgres --postgres postgres://...
#
# After dgbench it times `dealgraph load` of the synthetic corpus with 1
# worker and with one per core.
#
# Other flags go to dgbench (bench/cmd/dgbench -h). The corpus and the query
# graph are generated with a fixed seed and cached in $TMPDIR/dealgraph-bench
# (the first run builds the 1M-quad graph: about a minute).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/dealgraph" ./cmd/dealgraph
go build -o "$tmp/dgbench" ./bench/cmd/dgbench
article=cmd/dealgraph/testdata/corpus/cas-airbus-2019.txt

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
# Start-up: dealgraph extract on one article, cold process, 5 runs: median
# wall, CPU (user+sys) and peak RSS.
for i in 1 2 3 4 5; do
	/usr/bin/time -f "%e %U %S %M" -o "$tmp/t$i" "$tmp/dealgraph" extract "$article" >/dev/null
done
cat "$tmp"/t? | sort -n | sed -n 3p | awk '{printf "| start-up: dealgraph extract, one article (median of 5) | %.0f ms wall, %.0f ms CPU, %.0f MB peak RSS | /usr/bin/time; target 150 ms, 120 MB |\n", $1*1000, ($2+$3)*1000, $4/1024}' >"$tmp/startup"
"$tmp/dgbench" "$@" | sed "2r $tmp/startup"

# dealgraph load, end to end (extraction + resolution + store), of the
# synthetic corpus dgbench wrote, with 1 worker and one per core: MB/s of
# input over wall time, and CPU time. The corpus size follows --corpus-mb.
mb=1
cache="${TMPDIR:-/tmp}/dealgraph-bench"
args=("$@")
for i in "${!args[@]}"; do
	case "${args[$i]}" in
	--corpus-mb | -corpus-mb) mb=${args[$((i + 1))]} ;;
	--corpus-mb=* | -corpus-mb=*) mb=${args[$i]#*=} ;;
	--cache | -cache) cache=${args[$((i + 1))]} ;;
	--cache=* | -cache=*) cache=${args[$i]#*=} ;;
	esac
done
corpus="$cache/corpus-${mb}MB-seed1"
if [ -d "$corpus" ]; then
	bytes=$(cat "$corpus"/*.txt | wc -c)
	for w in 1 "$(nproc)"; do
		rm -f "$tmp/load.db"
		/usr/bin/time -f "%e %U %S %M" -o "$tmp/tl" "$tmp/dealgraph" load --db "$tmp/load.db" --workers "$w" "$corpus" >"$tmp/load.out"
		read -r wall user sys rss <"$tmp/tl"
		quads=$(sed -n 's/.*store now holds \([0-9]*\) quads.*/\1/p' "$tmp/load.out")
		awk -v b="$bytes" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v q="$quads" -v n="$w" -v f="$(ls "$corpus" | wc -l)" \
			'BEGIN {printf "| dealgraph load, %d worker(s), end to end | %.3f MB/s | %.1f MB, %d files, %d quads, %.1f s wall, %.1f s CPU, %.0f MB peak RSS |\n", n, b/1048576/w, b/1048576, f, q, w, u+s, r/1024}'
	done
fi
