# The shared start of the small command-line suites, sourced after set -u:
# FD is the program under test ($1, made absolute), T a temporary directory
# removed on exit, HOME and the XDG directories private to it; ok and no
# count results, finish prints the count and sets the exit status.
FD=$(cd "$(dirname "${1:-./frontdesk}")" && pwd)/$(basename "${1:-./frontdesk}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME="$T" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" LANG=C.UTF-8 TZ=Europe/Berlin
unset FRONTDESK_DB FRONTDESK_CONFIG
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
no() {
	fail=$((fail + 1))
	if [ $# -gt 1 ]; then echo "FAIL $1: $2"; else echo "FAIL $1"; fi
}
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
}
