#!/bin/sh
# Two people acting on the same callback at the same moment: exactly one
# wins, the other is told who did what, and nothing is written twice.
#
#   sh tests/cli/race.sh ./frontdesk [ROUNDS]
#
# Each round puts a new callback on max's queue, then starts two processes
# that wait on the same start signal: max runs 'callback done', rita (a
# receptionist) 'callback attempt --result reached' (swapped every other
# round).  Prints "N passed, N failed"; exit status 1 on any failure.
set -u

if [ $# -lt 1 ]; then
	echo "usage: sh tests/cli/race.sh ./frontdesk [ROUNDS]" >&2
	exit 2
fi
case $1 in
/*) FD=$1 ;;
*) FD=$(pwd)/$1 ;;
esac
ROUNDS=${2:-50}
if [ ! -x "$FD" ]; then
	echo "tests/cli: $FD is not an executable; build it with 'make'" >&2
	exit 2
fi
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "tests/cli: sqlite3 is needed and missing" >&2
	exit 2
fi

unset FRONTDESK_DB FRONTDESK_DIAL_COMMAND FRONTDESK_MAIL_COMMAND
LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Europe/Berlin
export LANG LC_ALL TZ
T=$(mktemp -d "${TMPDIR:-/tmp}/fd-race.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
HOME=$T/home XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config
export HOME XDG_DATA_HOME XDG_CONFIG_HOME
mkdir -p "$HOME"
DB=$T/fd.db

passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() {
	failed=$((failed + 1))
	{
		echo "FAIL [round $round] $1"
		for who in a b; do
			echo "  $who: $(cat "$T/$who.cmd") -> exit $(cat "$T/$who.rc" 2>/dev/null)"
			sed 's/^/    | /' "$T/$who.err" "$T/$who.out" 2>/dev/null | head -n 5
		done
	} >&2
}
sql() { sqlite3 -batch -noheader "$DB" "$1" 2>&1; }

"$FD" --db "$DB" init >/dev/null || { echo "init failed" >&2; exit 1; }
"$FD" --db "$DB" staff add --name "Max Müller" --login max --ext 202 --role employee >/dev/null &&
"$FD" --db "$DB" staff add --name "Rita Klein" --login rita --ext 100 --role receptionist >/dev/null ||
	{ echo "staff add failed" >&2; exit 1; }

# racer NAME LOGIN ARGS...: wait for the start signal, then run.
racer() {
	name=$1 login=$2
	shift 2
	echo "--as $login $*" >"$T/$name.cmd"
	(
		while [ ! -e "$T/go" ]; do :; done
		"$FD" --db "$DB" --as "$login" "$@" >"$T/$name.out" 2>"$T/$name.err"
		echo $? >"$T/$name.rc"
	) &
}

round=1
while [ "$round" -le "$ROUNDS" ]; do
	rm -f "$T/go" "$T"/a.* "$T"/b.*
	num=$(printf '030 %07d' "$round")
	"$FD" --db "$DB" call log --for max --from "$num" --name "Caller $round" --callback >/dev/null ||
		{ echo "call log failed in round $round" >&2; exit 1; }
	id=$(sql "SELECT max(id) FROM callback")
	if [ $((round % 2)) -eq 0 ]; then
		racer a max callback done "$id"
		racer b rita callback attempt "$id" --result reached
	else
		racer a rita callback attempt "$id" --result reached
		racer b max callback done "$id"
	fi
	: >"$T/go"
	wait

	ra=$(cat "$T/a.rc") rb=$(cat "$T/b.rc")
	if [ "$ra" = 0 ] && [ "$rb" = 1 ]; then
		winner=a loser=b
	elif [ "$ra" = 1 ] && [ "$rb" = 0 ]; then
		winner=b loser=a
	else
		bad "exit statuses $ra and $rb; expected one 0 and one 1"
		round=$((round + 1))
		continue
	fi
	ok
	wlogin=$(sed 's/^--as \([a-z]*\) .*/\1/' "$T/$winner.cmd")
	err=$(cat "$T/$loser.err")
	# the loser learns who did what, and that nothing changed
	case $err in
	"frontdesk: callback #$id is already done: "*"($wlogin) logged \"reached\" at "*"; nothing was changed") ok ;;
	*) bad "the loser's message does not say that $wlogin closed #$id: $err" ;;
	esac
	if [ "$(wc -l <"$T/$loser.err")" -eq 1 ] && [ ! -s "$T/$loser.out" ]; then ok; else
		bad "the loser printed more than one line of error"
	fi
	got=$(sql "SELECT count(*), sum(result = 'reached'), min(by_login) FROM attempt WHERE callback_id = $id")
	if [ "$got" = "1|1|$wlogin" ]; then ok; else
		bad "attempts for #$id: $got; expected exactly one reached, by $wlogin"
	fi
	got=$(sql "SELECT status, closed IS NOT NULL FROM callback WHERE id = $id")
	if [ "$got" = "done|1" ]; then ok; else bad "callback #$id is $got; expected done"; fi
	got=$(sql "SELECT count(*) FROM audit WHERE entity = 'callback' AND entity_id = $id AND action = 'callback.close'")
	if [ "$got" = 1 ]; then ok; else bad "$got close entries in the audit trail for #$id"; fi
	round=$((round + 1))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
