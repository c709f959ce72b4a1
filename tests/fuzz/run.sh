#!/bin/sh
# Build the libFuzzer harnesses (tests/fuzz/fuzz_*.c) with clang and
# AddressSanitizer + UBSan, and run each for its share of SECONDS (default
# 30) on its seed corpus (tests/fuzz/corpus/NAME/).  New inputs go to
# build-fuzz/corpus/NAME, crashes to build-fuzz/artifacts/.
#
#   sh tests/fuzz/run.sh [SECONDS] [NAME...]      (from the repository root)
#
# Prints one line per harness (runs, seconds, new corpus entries) and exits
# 1 when one crashed or a property failed (the input and the reproducer
# command are printed), 2 when the tools are missing.
set -u

SECONDS_TOTAL=${1:-30}
[ $# -gt 0 ] && shift
case $SECONDS_TOTAL in
'' | *[!0-9]*) echo "usage: sh tests/fuzz/run.sh [SECONDS] [NAME...]" >&2; exit 2 ;;
esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
B=build-fuzz
CC=${FUZZ_CC:-clang}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

install_hint() {
	if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo "; fi
	echo "tests/fuzz: $1; install clang and libFuzzer:" >&2
	echo "    ${sudo}apt-get install -y clang libclang-rt-14-dev" >&2
	exit 2
}
command -v "$CC" >/dev/null 2>&1 || install_hint "$CC is missing"
mkdir -p "$B/obj" "$B/artifacts" "$B/corpus"
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; return (int)n * 0; }\n' \
	>"$B/probe.c"
"$CC" -fsanitize=fuzzer,address,undefined -o "$B/probe" "$B/probe.c" >"$B/probe.log" 2>&1 ||
	install_hint "$CC cannot link a fuzzer ($(head -n 1 "$B/probe.log"))"

CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
	-fno-sanitize-recover=undefined -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE
	-DFRONTDESK_VERSION=\"fuzz\" -I. $($PKG_CONFIG --cflags libutf8proc sqlite3 2>/dev/null)"
LIBS="$($PKG_CONFIG --libs sqlite3 libutf8proc 2>/dev/null) -lm"

# The library: core/ and data/, rebuilt when a source is newer than its object.
objs=""
for src in core/*.c data/*.c; do
	obj=$B/obj/$(echo "${src%.c}" | tr / _).o
	objs="$objs $obj"
	if [ ! -f "$obj" ] || [ -n "$(find core data -name '*.h' -newer "$obj" 2>/dev/null | head -n 1)" ] ||
		[ "$src" -nt "$obj" ]; then
		# shellcheck disable=SC2086
		$CC $CFLAGS -c -o "$obj" "$src" || { echo "tests/fuzz: cannot compile $src" >&2; exit 2; }
	fi
done

names=$*
if [ -z "$names" ]; then
	for f in tests/fuzz/fuzz_*.c; do
		n=${f#tests/fuzz/fuzz_}
		names="$names ${n%.c}"
	done
fi
count=$(echo $names | wc -w)
each=$((SECONDS_TOTAL / count))
[ "$each" -lt 1 ] && each=1

failed=0
total_runs=0
printf '%-8s %12s %8s %8s  %s\n' harness runs seconds corpus result
for n in $names; do
	src=tests/fuzz/fuzz_$n.c
	[ -f "$src" ] || { echo "tests/fuzz: no harness $src" >&2; exit 2; }
	# shellcheck disable=SC2086
	$CC $CFLAGS -fsanitize=fuzzer -o "$B/fuzz_$n" "$src" $objs $LIBS ||
		{ echo "tests/fuzz: cannot build $src" >&2; exit 2; }
	mkdir -p "$B/corpus/$n"
	seeds=tests/fuzz/corpus/$n
	[ -d "$seeds" ] || seeds=""
	log=$B/fuzz_$n.log
	start=$(date +%s)
	# shellcheck disable=SC2086
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		"$B/fuzz_$n" -max_total_time="$each" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$B/artifacts/$n-" \
		"$B/corpus/$n" $seeds >"$log" 2>&1
	status=$?
	secs=$(($(date +%s) - start))
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	runs=${runs:-0}
	total_runs=$((total_runs + runs))
	corpus=$(ls "$B/corpus/$n" | wc -l | tr -d ' ')
	if [ "$status" -eq 0 ]; then
		printf '%-8s %12s %8s %8s  %s\n' "$n" "$runs" "$secs" "$corpus" ok
	else
		failed=1
		art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
		printf '%-8s %12s %8s %8s  %s\n' "$n" "$runs" "$secs" "$corpus" "CRASH (exit $status)"
		grep -E 'ERROR: |property failed|runtime error|SUMMARY' "$log" | head -n 5 | sed 's/^/    /'
		[ -n "$art" ] && echo "    input: $art; reproduce: $B/fuzz_$n $art"
		echo "    log: $log"
	fi
done
echo "fuzz: $total_runs runs in $SECONDS_TOTAL s over $count harnesses: $([ $failed -eq 0 ] && echo 'no crashes' || echo 'CRASHED')"
exit $failed
