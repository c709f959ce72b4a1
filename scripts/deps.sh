#!/bin/sh
# Check the build's libraries and tools; install the Debian packages that are
# missing when run as root, otherwise print the exact command and fail.
# Usage: scripts/deps.sh [build|check]
set -u
want=${1:-build}
missing=""
need_pc() { pkg-config --exists "$1" 2>/dev/null || missing="$missing $2"; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }

need_cmd pkg-config pkg-config
need_cmd cc gcc
need_cmd make make
if command -v pkg-config >/dev/null 2>&1; then
	need_pc ncursesw libncurses-dev
	need_pc sqlite3 libsqlite3-dev
	need_pc libedit libedit-dev
	need_pc libutf8proc libutf8proc-dev
	if [ "$want" = check ]; then
		need_pc criterion libcriterion-dev
	fi
else
	missing="$missing libncurses-dev libsqlite3-dev libedit-dev libutf8proc-dev"
	[ "$want" = check ] && missing="$missing libcriterion-dev"
fi
if [ "$want" = check ]; then
	need_cmd tmux tmux
	need_cmd sqlite3 sqlite3
	need_cmd mandoc mandoc
	need_cmd script bsdutils
	need_cmd socat socat
	need_cmd lua5.4 lua5.4
	need_cmd python3 python3
fi
# the German screen and command-line tests need the de_DE.UTF-8 locale
if [ "$want" = check ] && [ "$(id -u)" = 0 ] && [ -f /etc/locale.gen ] &&
   ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
	sed -i 's/^# *de_DE.UTF-8/de_DE.UTF-8/' /etc/locale.gen && locale-gen >&2
fi
[ -z "$missing" ] && exit 0

missing=$(echo $missing | tr ' ' '\n' | sort -u | tr '\n' ' ')
cmd="apt-get install -y $missing"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "frontdesk: installing missing packages: $missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q $missing >&2 || { apt-get update -q >&2 && apt-get install -y -q $missing >&2; } || {
		echo "frontdesk: could not install packages; run: sudo apt-get update && sudo $cmd" >&2
		exit 1
	}
	exit 0
fi
echo "frontdesk: missing packages:$missing" >&2
echo "frontdesk: install them with: sudo apt-get update && sudo $cmd" >&2
exit 1
