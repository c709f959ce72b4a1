#!/bin/sh
# Phone-system tests: run the commands the manual and contrib/ document
# for Asterisk, FreeSWITCH and the HTTP bridge, and check what was recorded.
#
#   sh tests/cli/pbx.sh ./frontdesk          (from the repository root)
#
# Needs sqlite3.  The Asterisk and FreeSWITCH cases run the exact command
# line from contrib/ after doing what the PBX does first (FILTER(), the
# dialplan condition); the Lua case needs lua (lua5.4, lua5.3 or lua), the
# TCP case socat: without them those cases say so and are counted as
# failures only when FRONTDESK_PBX_STRICT=1 (CI sets it).
set -u

if [ $# -lt 1 ]; then
	echo "usage: sh tests/cli/pbx.sh ./frontdesk" >&2
	exit 2
fi
case $1 in
/*) FD=$1 ;;
*) FD=$(pwd)/$1 ;;
esac
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BRIDGE_SRC=$TOP/contrib/cti-bridge
if [ ! -x "$FD" ]; then
	echo "tests/cli/pbx.sh: $FD is not an executable; build it with 'make'" >&2
	exit 2
fi
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "tests/cli/pbx.sh: sqlite3 is needed and missing" >&2
	exit 2
fi

LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Europe/Berlin
export LANG LC_ALL TZ
unset FRONTDESK_CONFIG

passed=0
failed=0
rc=0
last=""

T=$(mktemp -d "${TMPDIR:-/tmp}/fd-pbx.XXXXXX") || exit 1
SOCAT_PID=
cleanup() {
	[ -n "$SOCAT_PID" ] && kill "$SOCAT_PID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

HOME=$T/home XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config
export HOME XDG_DATA_HOME XDG_CONFIG_HOME
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$T/bin"
DB=$T/fd.db
# "frontdesk" as the PBX examples call it: this build, this database
ln -s "$FD" "$T/bin/frontdesk"
PATH=$T/bin:$PATH
FRONTDESK=$FD
FRONTDESK_DB=$DB
export PATH FRONTDESK FRONTDESK_DB
cp "$BRIDGE_SRC" "$T/cti-bridge"
BRIDGE=$T/cti-bridge
# hostile input below says $PWNED literally: a shell that ran it would create this
PWNED=$T/pwned
export PWNED

ok() { passed=$((passed + 1)); }
bad() {
	failed=$((failed + 1))
	{
		echo "FAIL $1"
		echo "  command:  $last"
		echo "  exit:     $rc"
		echo "  stdout:"
		head -c 1500 "$T/out" 2>/dev/null | sed 's/^/    | /'
		echo "  stderr:"
		head -c 1500 "$T/err" 2>/dev/null | sed 's/^/    | /'
	} >&2
}
note() { echo "note: $*"; }

# run ARGS...: frontdesk on the test database
run() {
	last="frontdesk $(printf '%s ' "$@" | cut -c1-200)"
	"$FD" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# shell CMD: CMD through /bin/sh -c, as System(), bgsystem and os.execute do
shell() {
	last="sh -c $(printf '%s' "$1" | cut -c1-200)"
	sh -c "$1" >"$T/out" 2>"$T/err"
	rc=$?
}
# bridge REQUEST-PRINTF-FORMAT [ARGS]: the bridge fed a raw request on stdin
bridge() {
	fmt=$1
	shift
	last="printf '$(printf '%s' "$fmt" | cut -c1-120)' | sh contrib/cti-bridge"
	# shellcheck disable=SC2059
	printf "$fmt" "$@" | sh "$BRIDGE" >"$T/out" 2>"$T/err"
	rc=$?
}
sql() { sqlite3 -batch -noheader "$DB" "$1" 2>&1; }
rings() { sql 'SELECT count(*) FROM ring'; }
last_ring() { sql 'SELECT number, ifnull(to_ext, "") FROM ring ORDER BY id DESC LIMIT 1'; }

expect_rc() { if [ "$rc" -eq "$1" ]; then ok; else bad "$2: exit $rc, expected $1"; fi; }
expect_out() { if grep -qF -- "$1" "$T/out"; then ok; else bad "$2: stdout lacks \"$1\""; fi; }
expect_err() { if grep -qF -- "$1" "$T/err"; then ok; else bad "$2: stderr lacks \"$1\""; fi; }
expect_out_empty() { if [ -s "$T/out" ]; then bad "$1: stdout not empty"; else ok; fi; }
expect_ring() {
	got=$(last_ring)
	if [ "$got" = "$1" ]; then ok; else bad "$2: last ring is \"$got\", expected \"$1\""; fi
}
expect_rings() {
	got=$(rings)
	if [ "$got" = "$1" ]; then ok; else bad "$2: $got rings recorded, expected $1"; fi
}
expect_status() { # HTTP status line of $T/out
	got=$(head -n 1 "$T/out" | tr -d '\r')
	case $got in
	"HTTP/1.0 $1 "*) ok ;;
	*) bad "$2: answered \"$got\", expected $1" ;;
	esac
}
expect_safe() {
	if [ -e "$PWNED" ]; then bad "$1: a shell ran caller data ($PWNED exists)"; rm -f "$PWNED"; else ok; fi
}

# ---- the company ----
"$FD" --db "$DB" init >/dev/null || { echo "init failed" >&2; exit 1; }
"$FD" --db "$DB" staff add --name "Hans Maier" --login hmaier --ext 201 \
	--phone "+49 30 123456-201" >/dev/null || exit 1
"$FD" --db "$DB" staff add --name "Eva Empfang" --login empfang --ext 200 \
	--role receptionist >/dev/null || exit 1
"$FD" --db "$DB" contact add --name "Klaus Müller" --company "Müller GmbH" \
	--phone "+49 30 555777" >/dev/null || exit 1

# ---- the positional form ----
run ring +4930555777 --to 201
expect_rc 0 "ring NUMBER --to EXT"
expect_out "Klaus Müller (Müller GmbH)" "ring NUMBER names the caller"
expect_ring "+4930555777|201" "ring NUMBER --to EXT"
run ring "030 555777" --to "+49 30 123456-201"
expect_rc 0 "ring NUMBER --to DIRECT-NUMBER"
expect_ring "+4930555777|201" "a staff member's direct number becomes the extension"
run ring "030 555777" --to "+49 30 123456"
expect_rc 0 "ring NUMBER --to MAIN-NUMBER"
expect_ring "+4930555777|" "the main number is no extension"

# ---- the generic CTI parameters as options ----
run ring --event newCall --from 4930555777 --to 4930123456201 --direction in \
	--call-id abc-1 --user empfang
expect_rc 0 "CTI options"
expect_out "Klaus Müller" "CTI options name the caller"
expect_ring "+4930555777|201" "CTI options: international digits, direct number"
run ring --from 0301234567 --to 030123456 --user hmaier
expect_rc 0 "CTI options: --user"
expect_ring "+49301234567|201" "--user gives the extension when to is the main number"

# ---- one URL-encoded query string ----
run ring --cti 'event=newCall&from=%2B4930123456&to=201&direction=in&callId=abc&user=empfang'
expect_rc 0 "--cti with %2B"
expect_out "unknown caller" "--cti prints the caller"
expect_ring "+4930123456|201" "--cti with %2B"
run ring --cti '?event=newCall&from=+4930555777&to=%2B4930123456201&queue=sales&user%5B%5D=Hans+Maier'
expect_rc 0 "--cti: '+' for a space, user[], extra keys"
expect_ring "+4930555777|201" "--cti: unencoded + read as international"
run --json ring --cti 'event=newCall&from=030555777&to=201'
expect_rc 0 "--cti with --json"
expect_out '"name":"Klaus Müller"' "--cti --json"

# ---- valid, nothing to record ----
n=$(rings)
run ring --cti 'event=newCall&from=201&to=%2B4930555777&direction=out&callId=x'
expect_rc 0 "an outgoing call"
expect_out_empty "an outgoing call"
expect_err "outgoing call: not recorded" "an outgoing call"
run ring --event newCall --from 030123456201 --to 030555777 --direction out
expect_rc 0 "an outgoing call (options)"
run ring --cti 'event=hangup&from=%2B4930555777&to=201&direction=in&callId=abc&cause=normalClearing'
expect_rc 0 "a hangup event"
expect_err "hangup event" "a hangup event"
run ring --cti 'event=answer&from=%2B4930555777&to=201&direction=in&callId=abc&answeringNumber=201'
expect_rc 0 "an answer event"
run ring --cti 'event=newCall&from=anonymous&to=201&direction=in'
expect_rc 0 "a withheld number"
expect_err "withheld" "a withheld number"
run --json ring --from "" --to 201
expect_rc 0 "an empty number"
expect_out '"recorded":false' "--json says nothing was recorded"
expect_rings "$n" "nothing recorded for outgoing, hangup, answer, withheld"

# ---- hostile input: exit 2, nothing recorded, no shell ----
n=$(rings)
big=$(awk 'BEGIN { s = "event=newCall&from=030555777&x="; while (length(s) < 10240) s = s "a"; print s }')
for q in \
	'event=newCall&from=%3Bwhoami&to=201' \
	'event=newCall&from=030%3Btouch%20%22%24PWNED%22&to=201' \
	'event=newCall&from=%24(touch%20%22%24PWNED%22)' \
	'event=newCall&from=%60touch%20%22%24PWNED%22%60' \
	'event=newCall&from=030555777%0Aid' \
	'event=newCall&from=030555777%00' \
	'event=newCall&from=030555777&to=201%7Cid' \
	'event=newCall&from=030555777&to=abc' \
	'event=newCall&from=030555777&callId=a%20b' \
	'event=newCall&from=030555777&user=x%1By' \
	'event=newCall&from=030555777&from=030555778' \
	'event=newCall&from=%2' \
	'event=ringing&from=030555777' \
	'event=newCall&from=030555777&direction=sideways' \
	'event=newCall&from=030 555777' \
	'event=newCall&to=201' \
	"$big"; do
	run ring --cti "$q"
	expect_rc 2 "hostile query $(printf '%s' "$q" | cut -c1-60)"
done
for f in ';whoami' '030;touch "$PWNED"' '$(touch "$PWNED")' '`touch "$PWNED"`' \
	'030555777 | id' "030555777' && id '" 'not a number'; do
	run ring --event newCall --from "$f" --to 201
	expect_rc 2 "hostile --from $(printf '%s' "$f" | cut -c1-40)"
done
run ring 030555777 --to '201;id'
expect_rc 2 "hostile --to"
run ring --cti 'from=030555777' --to 201
expect_rc 2 "--cti beside other options"
expect_rings "$n" "nothing recorded for hostile input"
expect_safe "hostile input"
run ring --cti 'event=newCall&from=%3Bwhoami&to=201'
expect_err 'from: ";whoami" is not a phone number' "the refusal names the field"

# ---- the HTTP bridge, a raw request on stdin ----
bridge 'GET /?event=newCall&from=%%2B4930123456&to=201 HTTP/1.0\r\n\r\n'
expect_status 200 "bridge GET"
expect_out "recorded" "bridge GET body"
expect_ring "+4930123456|201" "bridge GET recorded the ring"
body='event=newCall&from=4930555777&to=4930123456201&direction=in&callId=7f3a&user%5B%5D=Hans+Maier'
bridge 'POST /cti HTTP/1.1\r\nHost: pbx\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s' \
	"${#body}" "$body"
expect_status 200 "bridge POST (form-encoded, as the webhook sends it)"
expect_ring "+4930555777|201" "bridge POST recorded the ring"
bridge 'GET /?event=hangup&from=%%2B4930123456&to=201&cause=busy HTTP/1.1\r\nHost: pbx\r\n\r\n'
expect_status 200 "bridge hangup"
expect_out "hangup event" "bridge hangup body"
n=$(rings)
bridge 'GET /?event=newCall&from=%%3Bwhoami&to=201 HTTP/1.0\r\n\r\n'
expect_status 400 "bridge: hostile number"
expect_out "is not a phone number" "bridge 400 body"
bridge 'GET /?event=newCall&from=%%24(touch%%20%%22%%24PWNED%%22) HTTP/1.0\r\n\r\n'
expect_status 400 "bridge: command substitution"
bridge 'GET / HTTP/1.0\r\n\r\n'
expect_status 400 "bridge: no parameters"
bridge 'GET /?--db=%s/other.db HTTP/1.0\r\n\r\n' "$T"
expect_status 400 "bridge: a query that looks like an option stays the value of --cti"
if [ -e "$T/other.db" ]; then bad "bridge: the query chose a database"; else ok; fi
bridge 'GET /?event=newCall&from=030555777\r\n\r\n'
expect_status 400 "bridge: no HTTP version"
bridge 'GET /?event=newCall&from=030555777 HTTP/1.0\r\n'
expect_status 400 "bridge: header never ends"
bridge 'DELETE /?event=newCall&from=030555777 HTTP/1.0\r\n\r\n'
expect_status 405 "bridge: DELETE"
bridge 'POST / HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}'
expect_status 415 "bridge: JSON body"
bridge 'POST / HTTP/1.0\r\nContent-Length: 99999999\r\n\r\nevent=newCall'
expect_status 413 "bridge: huge Content-Length"
bridge 'GET /?%s HTTP/1.0\r\n\r\n' "$big"
expect_status 413 "bridge: 10 KB query"
last="(printf 'GET /?event=newCall'; sleep 2) | FRONTDESK_CTI_TIMEOUT=1 sh contrib/cti-bridge"
(printf 'GET /?event=newCall'; sleep 2) | FRONTDESK_CTI_TIMEOUT=1 sh "$BRIDGE" >"$T/out" 2>"$T/err"
rc=$?
expect_status 408 "bridge: a request that never finishes"
expect_rings "$n" "nothing recorded for bad requests"
expect_safe "bridge"

# ---- Asterisk: the System() line of contrib/asterisk/extensions.conf ----
AST=$TOP/contrib/asterisk/extensions.conf
ast_cmd=$(sed -n 's/^.*System(\(.*\))[[:space:]]*$/\1/p' "$AST")
case $ast_cmd in
*'${fd_from}'*'${fd_to}'*) ok ;;
*) bad "no System(... \${fd_from} ... \${fd_to} ...) line in $AST" ;;
esac
# asterisk CALLERID(num) EXTEN: FILTER() as the dialplan does, then System()
asterisk() {
	a_from=$(printf '%s' "$1" | tr -cd '+0123456789')
	a_to=$(printf '%s' "$2" | tr -cd '0123456789')
	a_id=$(printf '%s' "1732000000.42" | tr -cd '0123456789.')
	shell "$(printf '%s' "$ast_cmd" | sed -e "s/\${fd_from}/$a_from/" -e "s/\${fd_to}/$a_to/" \
		-e "s/\${fd_id}/$a_id/")"
}
asterisk "+49 30 555777" "4930123456201"
expect_rc 0 "Asterisk: a call to a direct number"
expect_ring "+4930555777|201" "Asterisk: a call to a direct number"
asterisk "0301234567" "201"
expect_rc 0 "Asterisk: a call to an extension"
expect_ring "+49301234567|201" "Asterisk: a call to an extension"
n=$(rings)
asterisk "anonymous" "201"
expect_rc 0 "Asterisk: a withheld number"
asterisk "'; touch \"\$PWNED\"; echo '" "201"
expect_rc 0 "Asterisk: a hostile caller ID is filtered to nothing"
asterisk '$(touch "$PWNED")' '201`touch "$PWNED"`'
expect_rings "$n" "Asterisk: nothing recorded for withheld or hostile caller IDs"
expect_safe "Asterisk"

# ---- FreeSWITCH: the bgsystem action of contrib/freeswitch/frontdesk.xml ----
FSX=$TOP/contrib/freeswitch/frontdesk.xml
fs_cmd=$(sed -n 's/^.*application="bgsystem" data="\(.*\)".*$/\1/p' "$FSX")
fs_re_from=$(sed -n 's/^.*field="caller_id_number" expression="\([^"]*\)".*$/\1/p' "$FSX")
fs_re_to=$(sed -n 's/^.*field="destination_number" expression="\([^"]*\)".*$/\1/p' "$FSX")
if [ -n "$fs_cmd" ] && [ -n "$fs_re_from" ] && [ -n "$fs_re_to" ]; then ok; else
	bad "bgsystem action or its conditions not found in $FSX"
fi
# freeswitch CALLER DESTINATION: the conditions, then bgsystem (run in the foreground here)
freeswitch() {
	if printf '%s\n' "$1" | grep -Eqx -- "$fs_re_from" && printf '%s\n' "$2" | grep -Eqx -- "$fs_re_to"; then
		shell "$(printf '%s' "$fs_cmd" | sed -e "s/\${caller_id_number}/$1/" -e "s/\\\$1/$2/" \
			-e "s/\${uuid}/4f0c9e5e-1c1b-4a8e-9d7e-0c2b7a6f5e11/")"
	else
		rc=99   # the dialplan skips the extension
	fi
}
freeswitch "+4930555777" "4930123456201"
expect_rc 0 "FreeSWITCH: a call to a direct number"
expect_ring "+4930555777|201" "FreeSWITCH: a call to a direct number"
n=$(rings)
freeswitch "anonymous" "201"
expect_rc 99 "FreeSWITCH: a withheld number skips the extension"
freeswitch "030';touch \"\$PWNED\";'" "201"
expect_rc 99 "FreeSWITCH: a hostile caller ID skips the extension"
freeswitch "0305557777" '201;touch "$PWNED"'
expect_rc 99 "FreeSWITCH: a hostile destination skips the extension"
expect_rings "$n" "FreeSWITCH: nothing recorded for skipped calls"
expect_safe "FreeSWITCH"

# ---- FreeSWITCH from Lua: contrib/freeswitch/frontdesk_ring.lua ----
LUA=
for l in lua5.4 lua5.3 lua; do
	if command -v "$l" >/dev/null 2>&1; then LUA=$l; break; fi
done
if [ -n "$LUA" ]; then
	# lua_ring CALLER DESTINATION [nowait]: the script with a stand-in
	# session; os.execute runs in the background, so wait for its ring
	# (nowait: a second for a call that must not be recorded)
	lua_ring() {
		n0=$(rings)
		last="$LUA frontdesk_ring.lua (caller $1, destination $2)"
		FS_CALLER=$1 FS_DEST=$2 "$LUA" -e '
			session = { getVariable = function(self, k)
				return ({ caller_id_number = os.getenv("FS_CALLER"),
				          destination_number = os.getenv("FS_DEST"),
				          uuid = "4f0c9e5e-1c1b-4a8e-9d7e-0c2b7a6f5e11" })[k] end }' \
			"$TOP/contrib/freeswitch/frontdesk_ring.lua" >"$T/out" 2>"$T/err"
		rc=$?
		if [ "${3:-}" = nowait ]; then
			sleep 1
			return
		fi
		i=0
		while [ "$(rings)" = "$n0" ] && [ $i -lt 10 ]; do sleep 1; i=$((i + 1)); done
	}
	lua_ring "+49 30 555777" "030123456201"
	expect_rc 0 "Lua: the script runs"
	expect_ring "+4930555777|201" "Lua: a call to a direct number"
	n=$(rings)
	lua_ring "'; touch \"\$PWNED\"; '" "201" nowait
	expect_rings "$n" "Lua: a hostile caller ID is filtered to nothing"
	expect_safe "Lua"
else
	note "no lua interpreter: contrib/freeswitch/frontdesk_ring.lua not run (apt-get install lua5.4)"
	[ "${FRONTDESK_PBX_STRICT:-0}" = 1 ] && bad "lua missing and FRONTDESK_PBX_STRICT=1"
fi

# ---- the bridge over TCP, end to end ----
if command -v socat >/dev/null 2>&1; then
	SOCAT_PID=
	for try in 1 2 3 4 5; do
		port=$(awk -v p="$$" -v t="$try" 'BEGIN { srand(); print 20000 + (int(rand() * 40000) + p * 7 + t * 131) % 40000 }')
		socat -T 10 "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" "EXEC:$BRIDGE" \
			</dev/null >"$T/socat.log" 2>&1 &
		SOCAT_PID=$!
		sleep 1
		if kill -0 "$SOCAT_PID" 2>/dev/null; then break; fi
		SOCAT_PID=
	done
	if [ -n "$SOCAT_PID" ]; then
		last="printf 'GET /?...' | socat -T 10 - TCP:127.0.0.1:$port"
		printf 'GET /?event=newCall&from=%%2B4930777888&to=%%2B4930123456201&direction=in&callId=tcp-1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' |
			socat -T 10 - "TCP:127.0.0.1:$port" >"$T/out" 2>"$T/err"
		rc=$?
		expect_status 200 "TCP: GET through socat"
		expect_ring "+4930777888|201" "TCP: the ring recorded"
		printf 'GET /?event=newCall&from=%%3Bid HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' |
			socat -T 10 - "TCP:127.0.0.1:$port" >"$T/out" 2>"$T/err"
		rc=$?
		expect_status 400 "TCP: a hostile number"
		kill "$SOCAT_PID" 2>/dev/null
		wait "$SOCAT_PID" 2>/dev/null
		SOCAT_PID=
	else
		bad "socat could not listen on a free port: $(cat "$T/socat.log")"
	fi
else
	note "socat is not installed: the TCP end-to-end case did not run (apt-get install socat)"
	[ "${FRONTDESK_PBX_STRICT:-0}" = 1 ] && bad "socat missing and FRONTDESK_PBX_STRICT=1"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
