# Shared by the reliability scripts (sourced, not run).  Sets FD (absolute
# path of the binary), T (a private temporary directory, removed on exit), a
# fixed environment, and ok/not_ok counters; finish prints the total.
set -u
if [ $# -lt 1 ]; then
	echo "usage: sh $0 ./frontdesk" >&2
	exit 2
fi
case $1 in
/*) FD=$1 ;;
*) FD=$(pwd)/$1 ;;
esac
if [ ! -x "$FD" ]; then
	echo "$0: $FD is not an executable; build it with 'make'" >&2
	exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-rel.XXXXXX") || exit 2
cleanup_hooks=""
trap 'eval "$cleanup_hooks"; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM HUP
export HOME="$T/home" XDG_DATA_HOME="$T/home/.local/share" XDG_CONFIG_HOME="$T/home/.config"
export XDG_STATE_HOME="$T/home/.local/state" XDG_CACHE_HOME="$T/home/.cache"
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
unset FRONTDESK_DB
mkdir -p "$HOME"

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }
# expect NAME COMMAND...: pass when COMMAND succeeds
expect() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
# quiet COMMAND...: run it with its output thrown away (for expect)
quiet() { "$@" >/dev/null 2>&1; }
finish() {
	echo "# $(basename "$0" .sh): $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}

# A new database with staff s1..sN: new_db PATH [N]
new_db() {
	"$FD" --db "$1" init --country-code 49 >/dev/null || return 1
	i=1
	while [ "$i" -le "${2:-4}" ]; do
		"$FD" --db "$1" staff add --name "Staff $i" --login "s$i" --ext "$((100 + i))" >/dev/null || return 1
		i=$((i + 1))
	done
}

# Read-only SQL on a database (never checkpoints or changes it).
sql_ro() {
	sqlite3 -batch -readonly "$1" "$2"
}

integrity_ok() {
	[ "$(sql_ro "$1" 'PRAGMA integrity_check' 2>&1)" = ok ] &&
		[ -z "$(sql_ro "$1" 'PRAGMA foreign_key_check' 2>&1)" ]
}

# The driver (tests/reliability/driver.c), compiled once per script.
build_driver() {
	[ -x "$T/driver" ] && return 0
	${CC:-cc} -std=c11 -O2 -o "$T/driver" "$HERE/driver.c" 2>"$T/driver.log" || {
		cat "$T/driver.log" >&2
		return 1
	}
}

# Compare the driver's confirmed writes (OUT/w*.csv) with the database.
# exact=1: also every tagged row in the database was confirmed (no process
# was killed, so a write reported as failed must not be there).
# Prints problems; returns 0 when there are none.
check_confirmed() {
	db=$1 out=$2 exact=$3
	cat "$out"/w*.csv >"$out/confirmed.csv" 2>/dev/null
	sqlite3 -batch ':memory:' <<SQL
.mode csv
CREATE TABLE conf(kind TEXT, tag TEXT, id INTEGER, extra TEXT);
.import '$out/confirmed.csv' conf
ATTACH 'file:$db?mode=ro' AS f;
.mode list
SELECT 'missing call ' || tag FROM conf c WHERE kind = 'call' AND NOT EXISTS
  (SELECT 1 FROM f.call k JOIN f.callback b ON b.id = k.callback_id
   WHERE k.id = c.id AND k.subject = c.tag AND k.callback_id = CAST(c.extra AS INTEGER));
SELECT 'missing attempt ' || tag FROM conf c WHERE kind = 'attempt' AND NOT EXISTS
  (SELECT 1 FROM f.attempt a WHERE a.callback_id = c.id AND a.note = c.tag AND a.result = c.extra);
SELECT 'callback ' || c.id || ' reached but still ' || b.status FROM conf c JOIN f.callback b ON b.id = c.id
  WHERE c.kind = 'attempt' AND c.extra = 'reached' AND b.status <> 'done';
SELECT 'duplicated call ' || subject FROM f.call WHERE subject LIKE 'r%-p%-%'
  GROUP BY subject HAVING count(*) > 1;
SELECT 'duplicated attempt ' || note FROM f.attempt WHERE note LIKE 'r%-p%-%'
  GROUP BY note HAVING count(*) > 1;
SELECT 'saved but reported failed: call ' || subject FROM f.call k WHERE $exact AND subject LIKE 'r%-p%-%'
  AND NOT EXISTS (SELECT 1 FROM conf WHERE kind = 'call' AND tag = k.subject);
SELECT 'saved but reported failed: attempt ' || note FROM f.attempt a WHERE $exact AND note LIKE 'r%-p%-%'
  AND NOT EXISTS (SELECT 1 FROM conf WHERE kind = 'attempt' AND tag = a.note);
SELECT 'call ' || k.id || ' without its callback' FROM f.call k WHERE subject LIKE 'r%-p%-%'
  AND NOT EXISTS (SELECT 1 FROM f.callback b WHERE b.id = k.callback_id);
SELECT 'callback ' || b.id || ': ' || (SELECT count(*) FROM f.audit WHERE entity = 'callback'
  AND entity_id = b.id) || ' audit rows for ' || (SELECT count(*) FROM f.attempt WHERE callback_id = b.id)
  || ' attempts' FROM f.callback b WHERE b.subject LIKE 'r%-p%-%' AND (SELECT count(*) FROM f.audit
  WHERE entity = 'callback' AND entity_id = b.id) <> 1 + (SELECT count(*) FROM f.attempt WHERE callback_id = b.id);
SELECT 'call ' || id || ' has ' || n || ' audit rows' FROM (SELECT k.id, (SELECT count(*) FROM f.audit
  WHERE action = 'call.log' AND entity_id = k.id) n FROM f.call k WHERE subject LIKE 'r%-p%-%') WHERE n <> 1;
SQL
}
