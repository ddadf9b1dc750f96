#!/usr/bin/env bash
# Prints the slowest test classes of a Maven build as a Markdown table (the one in docs/testing.md),
# read from surefire's XML reports (TEST-<class>.xml, one per class, with the class's wall time).
# It reads reports only; it never runs a test. Run a build first (mvn -B verify, or mvn -pl pipelines
# test), then:
#
#   bench/slowest-tests.sh                           # pipelines/target/surefire-reports, ten slowest
#   bench/slowest-tests.sh DIR [DIR...]              # other report folders (e.g. bench/target/surefire-reports)
#   TOP=20 bench/slowest-tests.sh                    # more rows
set -euo pipefail

top="${TOP:-10}"
if [ "$#" -eq 0 ]; then
  set -- "$(cd "$(dirname "$0")/.." && pwd)/pipelines/target/surefire-reports"
fi

rows=$(mktemp)
trap 'rm -f "$rows"' EXIT
for dir in "$@"; do
  if [ ! -d "$dir" ]; then
    echo "slowest-tests: no report folder $dir (run the tests first)" >&2
    exit 1
  fi
  for report in "$dir"/TEST-*.xml; do
    [ -e "$report" ] || continue
    # The <testsuite …> element: its attributes, in any order, on one or more lines.
    suite=$(tr '\n' ' ' < "$report" | grep -o '<testsuite [^>]*>' | head -n 1 || true)
    [ -n "$suite" ] || continue
    attribute() { printf '%s' "$suite" | grep -o " $1=\"[^\"]*\"" | head -n 1 | sed 's/.*="\(.*\)"/\1/'; }
    name=$(attribute name)
    time=$(attribute time | tr -d ',')
    tests=$(attribute tests)
    failed=$(( $(attribute failures || echo 0) + $(attribute errors || echo 0) ))
    skipped=$(attribute skipped)
    printf '%s\t%s\t%s\t%s\t%s\n' "${time:-0}" "$name" "${tests:-0}" "$failed" "${skipped:-0}" >> "$rows"
  done
done

if [ ! -s "$rows" ]; then
  echo "slowest-tests: no TEST-*.xml report in $* (run the tests first)" >&2
  exit 1
fi

sort -t "$(printf '\t')" -k1,1 -g -r "$rows" | awk -F '\t' -v top="$top" '
  BEGIN { top += 0 }
  { total += $1; n++; if (n <= top) { line[n] = $0 } }
  END {
    print "| # | test class | tests | failed | skipped | seconds | share of the total |"
    print "|---|---|---|---|---|---|---|"
    for (i = 1; i <= n && i <= top; i++) {
      split(line[i], f, "\t")
      share = total > 0 ? 100 * f[1] / total : 0
      printf "| %d | `%s` | %d | %d | %d | %.1f | %.0f %% |\n", i, f[2], f[3], f[4], f[5], f[1], share
    }
    printf "\n%d test classes, %.1f s in all (the sum of the classes'"'"' times).\n", n, total
  }'
