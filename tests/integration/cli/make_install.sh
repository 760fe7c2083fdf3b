#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make install DESTDIR=... PREFIX=/usr puts the binary in usr/sbin, the docs in usr/share/doc/rxtop, rxtop(8) in
# usr/share/man/man8 and the bash completion in usr/share/bash-completion/completions, exactly those files; the
# installed binary runs, the page renders and names the installed docs, bash loads the completion; make uninstall
# with the same variables removes all of it.
source "${0%/integration/*}/lib.sh"
dest=$(mktemp -d)
at_exit 'rm -rf "$dest"'

make -s -C "$ROOT" install DESTDIR="$dest" PREFIX=/usr >/dev/null || fail "make install exited $?"
(cd "$dest" && find . -type f | sort) >"$dest.got"
{
	echo ./usr/sbin/rxtop
	echo ./usr/share/doc/rxtop/LICENSE
	echo ./usr/share/doc/rxtop/LICENSES/GPL-2.0-only.txt
	echo ./usr/share/doc/rxtop/README.md
	echo ./usr/share/man/man8/rxtop.8
	echo ./usr/share/bash-completion/completions/rxtop
	(cd "$ROOT" && ls docs/*.md docs/*.txt docs/*.json) | sed 's|^|./usr/share/doc/rxtop/|'
} | sort >"$dest.want"
diff -u "$dest.want" "$dest.got" >&2 || { rm -f "$dest.want" "$dest.got"; fail "the installed tree differs (- wanted, + got)"; }
info "installed $(wc -l <"$dest.got") files: usr/sbin/rxtop, rxtop.8, the completion and $(($(wc -l <"$dest.got") - 3)) under usr/share/doc/rxtop"
rm -f "$dest.want" "$dest.got"
[ "$(stat -c %a "$dest/usr/sbin/rxtop")" = 755 ] || fail "the binary is not mode 755"
cmp -s "$ROOT/rxtop" "$dest/usr/sbin/rxtop" || fail "the installed binary is not the one built"
"$dest/usr/sbin/rxtop" --version >/dev/null || fail "the installed binary does not run"
page=$dest/usr/share/man/man8/rxtop.8
warnings=$(MANWIDTH=100 man -l "$page" 2>&1 >/dev/null)
[ -z "$warnings" ] || fail "man -l rxtop.8 warns: $warnings"
MANWIDTH=100 man -l "$page" 2>/dev/null | grep -q -- '--counter-xdp-mode' || fail "rxtop.8 lacks --counter-xdp-mode"
grep -q '/usr/share/doc/rxtop/docs/json\\-schema.md' "$page" || fail "rxtop.8 does not point to the docs installed with PREFIX=/usr"
bash -c 'source "$1" && complete -p rxtop' _ "$dest/usr/share/bash-completion/completions/rxtop" >/dev/null ||
	fail "bash does not load the installed completion for rxtop"

make -s -C "$ROOT" uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null || fail "make uninstall exited $?"
left=$(cd "$dest" && find . -type f -o -type d -path '*rxtop*')
[ -z "$left" ] || fail "make uninstall left: $left"
exit 0
