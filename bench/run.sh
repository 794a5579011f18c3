#!/usr/bin/env bash
# Benchmarks gongkai against Hugo on synthetic portals.
#
#   bash bench/run.sh                 # 1k, 10k and 100k pages, 5 runs each
#   SIZES="300000 1000000" RUNS=1 bash bench/run.sh   # the large rows (issue 17)
#   SIZES="1000 10000" RUNS=3 bash bench/run.sh
#   OUT=/tmp/bench-out bash bench/run.sh   # write output to disk instead of tmpfs
#   PROFILE=heavy SIZES=10000 bash bench/run.sh   # bodies of about 8 KB (bench/gen -profile heavy)
#   ROWS=50000 SIZES=1000 bash bench/run.sh       # plus data/units.xlsx: 50,000 register rows, 3 yearly sheets
#
# Each size is built cold (no output, no cache) and after one content file
# changed (with gongkai's cache), RUNS times; the table shows medians of wall
# time and peak RSS from /usr/bin/time. Hugo (Debian's hugo, 0.111) builds
# the same Markdown with the minimal theme in bench/hugo, with --minify.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${SIZES:-1000 10000 100000}"
RUNS="${RUNS:-5}"
PROFILE="${PROFILE:-default}"
ROWS="${ROWS:-0}"
OUT="${OUT:-/dev/shm/gongkai-bench}"
mkdir -p bench/bin bench/sites "$OUT"
rm -f "$OUT"/trace-*.txt

# What a size needs, per 1,000 pages (bench/gen's default profile, measured
# at 100k and 300k, rounded up): the generated site on disk, the output
# of each tool (gongkai's and Hugo's side by side), and gongkai's peak RSS
# (Hugo's is larger: 7.7 GB at 100k, so Hugo is skipped above 100k unless
# HUGO_LARGE=1). The check runs before anything is written.
need_site_mb=5; need_out_mb=20; need_rss_mb=50
free_mb() { df -Pm "$1" | awk 'NR==2 {print $4}'; }
avail_mb() { awk '/^MemAvailable:/ {print int($2/1024)}' /proc/meminfo; }
for n in $SIZES; do
  k=$(( (n + 999) / 1000 ))
  site_mb=$(( k * need_site_mb )); out_mb=$(( k * need_out_mb * 2 )); rss_mb=$(( k * need_rss_mb + 200 ))
  [ -f "bench/sites/$n/config.toml" ] && site_mb=0
  short=""
  [ "$(free_mb bench/sites)" -ge "$site_mb" ] || short="$short disk for the site: needs ${site_mb} MB in bench/sites, $(free_mb bench/sites) MB free;"
  [ "$(free_mb "$OUT")" -ge "$out_mb" ] || short="$short space for the output: needs ${out_mb} MB in $OUT, $(free_mb "$OUT") MB free;"
  # Output on tmpfs is memory too.
  mem_mb=$rss_mb
  case "$(df -P "$OUT" | awk 'NR==2 {print $1}')" in tmpfs|shm) mem_mb=$(( rss_mb + out_mb )) ;; esac
  [ "$(avail_mb)" -ge "$mem_mb" ] || short="$short memory: needs ${mem_mb} MB (peak RSS, plus the output when it is on tmpfs), $(avail_mb) MB available;"
  if [ -n "$short" ]; then
    echo "bench/run.sh: $n pages do not fit this machine:$short" >&2
    echo "  (per 1,000 pages: ${need_site_mb} MB of site, ${need_out_mb} MB of output per tool, ${need_rss_mb} MB of RSS)" >&2
    exit 1
  fi
  echo "$n pages: needs about ${site_mb} MB of site, ${out_mb} MB of output, ${rss_mb} MB of RSS — available" >&2
done
go build -o bench/bin/gongkai .
have_hugo=0
command -v hugo >/dev/null 2>&1 && have_hugo=1

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) {print "-"} else if (NR%2) {print a[(NR+1)/2]} else {printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}}'; }
# timed CMD… → prints "seconds maxrss_kb"
timed() { /usr/bin/time -f "%e %M" -o "$OUT/.time" "$@" >/dev/null 2>"$OUT/.err" || { cat "$OUT/.err" >&2; exit 1; }; cat "$OUT/.time"; }

# With GONGKAI_TRACE=1 each gongkai run's phases (time, live and held
# heap) are kept in $OUT/trace-SIZE-cold-RUN.txt and …-rebuild-RUN.txt.
keep_trace() {
  [ -n "${GONGKAI_TRACE:-}" ] || return 0
  grep -E '^ +[a-z]+ +[0-9]+ ms' "$OUT/.err" > "$OUT/trace-$1-$2-$3.txt" || true
}

printf '| pages | gongkai cold (s) | RSS (MB) | gongkai rebuild (s) | rebuild/cold | hugo cold (s) | hugo RSS (MB) | gongkai/hugo |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for n in $SIZES; do
  site="bench/sites/$n"
  [ "$PROFILE" = default ] || site="bench/sites/$n-$PROFILE"
  [ "$ROWS" = 0 ] || site="$site-rows$ROWS"
  [ -f "$site/config.toml" ] || go run ./bench/gen -pages "$n" -profile "$PROFILE" -rows "$ROWS" -out "$site" >/dev/null
  : > "$OUT/gk.t"; : > "$OUT/gk.m"; : > "$OUT/re.t"; : > "$OUT/hu.t"; : > "$OUT/hu.m"
  for r in $(seq "$RUNS"); do
    # Cold: no output, no cache, no 修订记录 (a log kept beside the
    # sources would make every later "cold" build a build of changes).
    rm -rf "$OUT/gk" "$site/.gongkai" "$site/revisions.jsonl"
    read -r t m < <(timed bench/bin/gongkai build --source "$site" --dest "$OUT/gk")
    echo "$t" >> "$OUT/gk.t"; echo "$m" >> "$OUT/gk.m"
    keep_trace "$n" cold "$r"
    # One content file changes; the cache from the cold build is used.
    f=$(ls "$site"/content/disclosures/*/d-$r.md | head -1)
    printf '\n补充说明第 %s 次。\n' "$r" >> "$f"
    read -r t m < <(timed bench/bin/gongkai build --source "$site" --dest "$OUT/gk")
    echo "$t" >> "$OUT/re.t"
    keep_trace "$n" rebuild "$r"
    if [ "$have_hugo" = 1 ] && { [ "$n" -le 100000 ] || [ "${HUGO_LARGE:-0}" = 1 ]; }; then
      rm -rf "$OUT/hu" "$OUT/hucache"
      read -r t m < <(timed hugo --source "$site" --config hugo.toml --themesDir "$PWD/bench/hugo/themes" --destination "$OUT/hu" --cacheDir "$OUT/hucache" --minify --quiet)
      echo "$t" >> "$OUT/hu.t"; echo "$m" >> "$OUT/hu.m"
    fi
  done
  gt=$(median < "$OUT/gk.t"); gm=$(median < "$OUT/gk.m"); rt=$(median < "$OUT/re.t")
  ht=$(median < "$OUT/hu.t"); hm=$(median < "$OUT/hu.m")
  ratio="-"; hmb="-"; rr=$(awk -v a="$rt" -v b="$gt" 'BEGIN{printf "%.0f%%", 100*a/b}')
  if [ "$ht" != "-" ]; then ratio=$(awk -v a="$gt" -v b="$ht" 'BEGIN{printf "%.2f", a/b}'); hmb=$(( hm / 1024 )); fi
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$gt" "$(( gm / 1024 ))" "$rt" "$rr" "$ht" "$hmb" "$ratio"
done
if [ -n "${GONGKAI_TRACE:-}" ]; then
  for f in "$OUT"/trace-*.txt; do [ -f "$f" ] && { echo; echo "$(basename "$f" .txt):"; cat "$f"; }; done
fi
