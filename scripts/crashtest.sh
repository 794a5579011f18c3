#!/usr/bin/env bash
# Crash test at scale: kills gongkai builds with SIGKILL during their
# commit, RUNS times, switching one output directory between two generated
# sites, and checks that the next build (of either site, at random) ends
# with exactly what a fresh build of that site makes, with nothing left in
# .gongkai-output but the marker and the lock. `make test` runs the same at
# a few hundred pages (generator/cli: TestKilledDuringCommit).
#
#   bash scripts/crashtest.sh                    # 10,000 pages, 10 kills
#   PAGES=2000 RUNS=20 bash scripts/crashtest.sh
#   WORK=/mnt/share/crash bash scripts/crashtest.sh   # on another disk
#
# It also prints the mix window (how long the output holds old and new
# files side by side) of an uninterrupted switch between the two sites and
# of a rebuild after one file changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES="${PAGES:-10000}"
RUNS="${RUNS:-10}"
WORK="${WORK:-/tmp/gongkai-crash}"
rm -rf "$WORK"
mkdir -p "$WORK"
go build -o "$WORK/gongkai" .
gk() { "$WORK/gongkai" "$@"; }
sites=("$WORK/site-a" "$WORK/site-b")
go run ./bench/gen -pages "$PAGES" -seed 1 -out "${sites[0]}" >/dev/null
go run ./bench/gen -pages $((PAGES * 9 / 10)) -seed 2 -out "${sites[1]}" >/dev/null
for i in 0 1; do
  gk build --source "${sites[$i]}" --dest "$WORK/fresh-$i" 2>/dev/null
  rm -rf "${sites[$i]}/.gongkai"
done
dest="$WORK/public"
meta="$dest/.gongkai-output"
same() { # same I: the output equals the fresh build of site I
  diff -rq --exclude=.gongkai-output "$WORK/fresh-$1" "$dest" >/dev/null || { echo "FAIL: output differs from a fresh build of site $1"; diff -rq --exclude=.gongkai-output "$WORK/fresh-$1" "$dest" | head -5; exit 1; }
  extra=$(ls "$meta" | grep -vx -e owner -e lock || true)
  [ -z "$extra" ] || { echo "FAIL: left in .gongkai-output: $extra"; exit 1; }
}
mixed() { grep -o 'mixed *[0-9]* ms' "$1" | awk '{print $2}'; }

# The mix window, uninterrupted: a switch to the other site, and a rebuild
# after one file changed.
GONGKAI_TRACE=1 gk build --source "${sites[0]}" --dest "$dest" 2>/dev/null
GONGKAI_TRACE=1 gk build --source "${sites[1]}" --dest "$dest" 2>"$WORK/switch.trace"
same 1
GONGKAI_TRACE=1 gk build --source "${sites[0]}" --dest "$dest" 2>/dev/null
f=$(ls "${sites[0]}"/content/disclosures/*/d-1.md | head -1)
printf '\n补充说明。\n' >> "$f"
GONGKAI_TRACE=1 gk build --source "${sites[0]}" --dest "$dest" 2>"$WORK/one.trace"
cp -r "$WORK/fresh-0" "$WORK/fresh-0.old"
rm -rf "$WORK/fresh-0" && gk build --source "${sites[0]}" --dest "$WORK/fresh-0" --force-dest 2>/dev/null
same 0
switch_ms=$(mixed "$WORK/switch.trace"); one_ms=$(mixed "$WORK/one.trace")
echo "mix window at $PAGES pages: switch to another site ${switch_ms} ms, one file changed ${one_ms} ms"

# Kills: after the build finished rendering, a moment after its journal
# appears, at a random delay within the switch's mix window.
cur=0; during=0
for run in $(seq "$RUNS"); do
  target=$((1 - cur))
  GONGKAI_TRACE=1 gk build --source "${sites[$target]}" --dest "$dest" 2>"$WORK/run.trace" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null && [ ! -e "$meta/journal" ]; do :; done
  sleep "$(awk -v ms="$switch_ms" -v r="$RANDOM" 'BEGIN{printf "%.4f", ms * (r / 32768) / 1000}')"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -e "$meta/journal" ]; then during=$((during + 1)); fi
  cur=$((RANDOM % 2))
  gk build --source "${sites[$cur]}" --dest "$dest" 2>/dev/null
  same "$cur"
done
echo "OK: $RUNS kills ($during during a commit); every next build equalled a fresh build byte for byte"
