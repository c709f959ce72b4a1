#!/bin/sh
# Writers killed with SIGKILL at random moments, round after round, on one
# database: after each round every write the program confirmed is there
# exactly once, the file is intact, and the next process opens, reads and
# writes normally (recovering the WAL left behind).
# usage: sh tests/reliability/crash.sh ./frontdesk [ROUNDS] [PROCS]
. "$(dirname "$0")/lib.sh"
rounds=${2:-30}
procs=${3:-8}
db=$T/crash.db

build_driver || { not_ok "the driver compiles"; finish; }
new_db "$db" 4 || { not_ok "a new database"; finish; }

r=1
bad=0
killed=0
saved=0
writes=0
while [ $r -le "$rounds" ]; do
	out=$T/round$r
	mkdir -p "$out"
	# half the writes are killed somewhere in their first 150 ms
	if ! "$T/driver" -f "$FD" -d "$db" -o "$out" -p "$procs" -t 0.4 -s 4 -r "$r" -k 150 \
		>"$out/figures" 2>"$out/driver.err"; then
		not_ok "round $r: the driver ran"
		cat "$out/driver.err"
		bad=$((bad + 1))
		break
	fi
	fig=$(cat "$out/figures")
	k=$(echo "$fig" | sed -n 's/.* killed \([0-9]*\),.*/\1/p')
	s=$(echo "$fig" | sed -n 's/.* saved \([0-9]*\),.*/\1/p')
	w=$(echo "$fig" | sed -n 's/.* writes \([0-9]*\),.*/\1/p')
	killed=$((killed + ${k:-0}))
	saved=$((saved + ${s:-0}))
	writes=$((writes + ${w:-0}))
	problems=$(check_confirmed "$db" "$out" 0 2>&1)
	if [ -n "$problems" ]; then
		not_ok "round $r: every confirmed write is there once"
		echo "$problems" | head -5 | sed 's/^/#   /'
		bad=$((bad + 1))
	fi
	if grep -qiE 'locked|busy|damaged|malformed' "$out"/w*.err; then
		not_ok "round $r: no 'locked', 'busy' or damage reported"
		grep -hiE 'locked|busy|damaged|malformed' "$out"/w*.err | head -3 | sed 's/^/#   /'
		bad=$((bad + 1))
	fi
	if ! integrity_ok "$db"; then
		not_ok "round $r: integrity_check"
		bad=$((bad + 1))
	fi
	# the next process recovers and writes
	if ! "$FD" --db "$db" call log --for s1 --from "+4930999$((1000 + r))" --subject "after round $r" \
		>"$out/after" 2>&1; then
		not_ok "round $r: a write after the crashes"
		sed 's/^/#   /' "$out/after"
		bad=$((bad + 1))
	fi
	[ $bad -gt 3 ] && break
	r=$((r + 1))
done
echo "# crash: $((r - 1)) rounds of $procs processes, writes $writes, confirmed $saved, killed $killed"
expect "$((r - 1)) rounds: confirmed writes all present, file intact" [ $bad -eq 0 -a $((r - 1)) -eq "$rounds" ]
expect "some writers were really killed ($killed)" [ "$killed" -gt 0 ]
expect "the audit chain is intact after the crashes" quiet "$FD" --db "$db" verify
finish
