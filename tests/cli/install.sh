#!/bin/sh
# make install DESTDIR=... puts every file where it belongs, with its mode.
# Usage: sh tests/cli/install.sh ./frontdesk   (run from the source tree)
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
no() { fail=$((fail + 1)); echo "FAIL $1"; }

if make -s install DESTDIR="$T/root" PREFIX=/usr MANPREFIX=/usr/share/man >"$T/log" 2>&1; then
	ok "make install exits 0"
else
	no "make install exits 0"; cat "$T/log"
fi
check() { # path mode
	f="$T/root$1"
	if [ -f "$f" ]; then
		m=$(stat -c %a "$f")
		[ "$m" = "$2" ] && ok "$1 ($m)" || no "$1 has mode $m, not $2"
	else
		no "$1 missing"
	fi
}
check /usr/bin/frontdesk 755
check /usr/share/man/man1/frontdesk.1 644
check /usr/share/man/man5/frontdesk.conf.5 644
check /usr/share/bash-completion/completions/frontdesk 644
check /usr/share/locale/de/LC_MESSAGES/frontdesk.mo 644
check /usr/libexec/frontdesk/cti-bridge 755
# the installed program runs from its new place
case $("$T/root/usr/bin/frontdesk" --version 2>&1) in
"frontdesk "*) ok "installed binary runs" ;;
*) no "installed binary runs" ;;
esac
if make -s uninstall DESTDIR="$T/root" PREFIX=/usr MANPREFIX=/usr/share/man >"$T/log" 2>&1 &&
	[ -z "$(find "$T/root" -type f)" ]; then
	ok "make uninstall removes every file"
else
	no "make uninstall removes every file"; find "$T/root" -type f
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
