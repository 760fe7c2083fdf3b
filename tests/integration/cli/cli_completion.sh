#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The bash completion generated from the option tables (.output/rxtop.bash-completion), driven as bash drives it
# (COMP_WORDS, COMP_CWORD, then the function 'complete -p rxtop' names): commands, run's and bench's stacks, -o's formats, the
# receivers' options after run, interface names; and what it offers, the parser takes.
source "${0%/integration/*}/lib.sh"
COMPLETION=$ROOT/.output/rxtop.bash-completion
[ -x "$RXTOP" ] && [ -f "$COMPLETION" ] || fail "build rxtop first (make build writes $COMPLETION)"

# offered WORD...: what the completion offers for the command line WORD... (the last word is the one completed).
offered() {
	bash -c 'source "$1" || exit 1
		fn=$(complete -p rxtop | sed -n "s/.*-F \([^ ]*\) .*/\1/p")
		[ -n "$fn" ] || { echo "no completion function for rxtop" >&2; exit 1; }
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMPREPLY=()
		"$fn" rxtop "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETION" "$@" || fail "the completion failed on: $*"
}
has() { grep -qxF -- "$2" <<<"$1"; }

# The commands: those 'rxtop --help' lists, after rxtop and after --lab, and none after an option.
commands=$("$RXTOP" --help | sed -n 's/^\(Usage:\)\? *rxtop \([a-z][a-z_-]*\) .*/\2/p' | sort)
has "$commands" run || fail "'rxtop --help' lists no run command: $("$RXTOP" --help)"
got=$(offered rxtop "" | sort)
[ "$got" = "$commands" ] || fail "rxtop <TAB> offers '$(echo $got)', want the commands of --help: '$(echo $commands)'"
[ "$(offered rxtop --lab "" | sort)" = "$commands" ] || fail "rxtop --lab <TAB> does not offer the commands"
[ -z "$(offered rxtop -b "")" ] || fail "rxtop -b <TAB> offers '$(offered rxtop -b "")': a command must stand first"
info "rxtop <TAB>: $(echo $got)"

# run's stacks: each one offered is one the parser takes; afxdp and epoll are always built in.
stacks=$(offered rxtop run "")
for s in afxdp epoll; do has "$stacks" "$s" || fail "rxtop run <TAB> lacks $s: $(echo $stacks)"; done
for s in $stacks; do
	err=$("$RXTOP" run "$s" -b -n 1 -i rxnosuch0 2>&1 >/dev/null)
	grep -q "no interface 'rxnosuch0'" <<<"$err" || fail "rxtop run <TAB> offers $s, which run refuses: $err"
done
[ "$(offered rxtop run afxdp,ep)" = afxdp,epoll ] || fail "rxtop run afxdp,ep<TAB> gives '$(offered rxtop run afxdp,ep)'"
[ "$(offered rxtop --lab run ep)" = epoll ] || fail "rxtop --lab run ep<TAB> gives '$(offered rxtop --lab run ep)'"
info "rxtop run <TAB>: $(echo $stacks)"
# bench's --stacks: the receivers and the XDP_DROP ceiling, a name only bench takes.
bench_stacks=$(offered rxtop bench --stacks "")
for s in afxdp epoll xdp-drop; do
	has "$bench_stacks" "$s" || fail "rxtop bench --stacks <TAB> lacks $s: $(echo $bench_stacks)"
done
! has "$stacks" xdp-drop || fail "rxtop run <TAB> offers xdp-drop, which only bench takes"
[ "$(offered rxtop bench --stacks afxdp,xdp)" = afxdp,xdp-drop ] ||
	fail "rxtop bench --stacks afxdp,xdp<TAB> gives '$(offered rxtop bench --stacks afxdp,xdp)'"

# -o's formats, under both spellings and as bash splits --output=VALUE; each one the parser takes.
formats=$(offered rxtop -o "" | sort)
[ "$(echo $formats)" = "csv json openmetrics prometheus text" ] || fail "rxtop -o <TAB> offers '$(echo $formats)'"
[ "$(offered rxtop --output "" | sort)" = "$formats" ] || fail "rxtop --output <TAB> differs from -o"
[ "$(offered rxtop run epoll --output = "" | sort)" = "$formats" ] || fail "rxtop run epoll --output=<TAB> differs"
[ "$(offered rxtop -o j)" = json ] || fail "rxtop -o j<TAB> gives '$(offered rxtop -o j)'"
for f in $formats; do
	err=$("$RXTOP" -b -n 1 -o "$f" -i rxnosuch0 2>&1 >/dev/null)
	grep -q "no interface 'rxnosuch0'" <<<"$err" || fail "-o <TAB> offers $f, which rxtop refuses: $err"
done

# Options: the receivers' after run STACKS, and not for plain rxtop, which runs no receiver.
opts=$(offered rxtop run afxdp --)
for o in --ring-size --xdp-mode --iface --gen-rate --help; do
	has "$opts" "$o" || fail "rxtop run afxdp --<TAB> lacks $o: $(echo $opts)"
done
has "$(offered rxtop --)" --ring-size && fail "rxtop --<TAB> offers --ring-size, which only run takes"
has "$(offered rxtop run afxdp --xdp-mode "")" native || fail "--xdp-mode <TAB> lacks native"

# -i: interface names of this namespace.
ifaces=$(offered rxtop -i "")
has "$ifaces" lo || fail "rxtop -i <TAB> lacks lo: $(echo $ifaces)"
[ "$(offered rxtop run epoll --iface l)" = lo ] || has "$(offered rxtop run epoll --iface l)" lo ||
	fail "rxtop run epoll --iface l<TAB> lacks lo"
for i in $ifaces; do [ -e "/sys/class/net/$i" ] || fail "-i <TAB> offers $i, which is no interface here"; done
info "rxtop -i <TAB>: $(echo $ifaces)"

# -p: this shell's own pid among them, and after a comma too.
has "$(offered rxtop -p "$$")" "$$" || fail "rxtop -p $$<TAB> does not offer $$"
has "$(offered rxtop -p "1,$$")" "1,$$" || fail "rxtop -p 1,$$<TAB> does not offer 1,$$"
exit 0
