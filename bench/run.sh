#!/usr/bin/env bash
# dealgraph benchmarks: prints a Markdown table (see bench/RESULTS.md).
#
#   bench/run.sh                      default: 1 MB corpus, 100k-quad loads, 1M-quad query graph
#   bench/run.sh --corpus-mb 10       bigger corpus (1, 10, 100)
#   bench/run.sh --graph-quads 10000000 --load-quads 1000000
#   bench/run.sh --backends bolt,postgres --postgres postgres://...
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
