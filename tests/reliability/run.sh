#!/bin/sh
# The reliability suite: stress, crash loop, concurrent upgrades, faults,
# shared directory, audit chain.  Bounded (about a minute on two idle CPUs).
# usage: sh tests/reliability/run.sh ./frontdesk
# RELIABILITY_PROCS, RELIABILITY_SECONDS, RELIABILITY_ROUNDS override the
# stress and crash sizes (defaults 16 processes, 10 s, 30 rounds).
set -u
if [ $# -lt 1 ]; then
	echo "usage: sh $0 ./frontdesk" >&2
	exit 2
fi
here=$(dirname "$0")
bin=$1
procs=${RELIABILITY_PROCS:-16}
secs=${RELIABILITY_SECONDS:-10}
rounds=${RELIABILITY_ROUNDS:-30}
passed=0
failed=0
log=$(mktemp "${TMPDIR:-/tmp}/frontdesk-rel-log.XXXXXX") || exit 2
trap 'rm -f "$log"' EXIT
for t in "stress.sh $procs $secs" "crash.sh $rounds" upgrade.sh faults.sh shared.sh audit.sh; do
	set -- $t
	script=$1
	shift
	echo "# $script"
	sh "$here/$script" "$bin" "$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(grep -c '^ok - ' "$log")
	f=$(grep -c '^not ok - ' "$log")
	# a script that died without saying why counts as one failure
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $script exited $rc"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
