#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# What `rxtop run` writes keeps its shape: the JSON key paths of every reading and of the summary, the comparison
# table's columns (UDP and TCP) and the CSV header equal the lists in tests/integration/run/expected/, written from the
# output of the code before the cost and ledger modules (run_*.txt; with the keys main added since: queues[].napi_polls_ps,
# stacks[].rx_bps, ifaces[].nic_queues, ifaces[].nic_queues_note). A drop-prone run (2 KiB socket buffer) so the
# summary's main_drop and the drop rows show their keys; keys under an array or object that stayed empty or null in
# this run are not required (they cannot show), all others are.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/run.sh"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
EXPECTED=$(dirname "$0")/expected
KEYS=$EXPECTED/keys.py

# header OUT: the comparison table's header line, columns separated by single spaces
header() { grep '^STACK' "$1" | tr -s ' ' | sed 's/ $//'; }

udp=(run recvfrom --lab -b -d 0.5 --duration 2 --gen-rate 50000 --rcvbuf 2048)
run_rxtop "$TMP/udp.json" "$TMP/err" "${udp[@]}" -o json || { rc=$?; cat "$TMP/err"; fail "rxtop ${udp[*]} -o json exited $rc"; }
python3 "$KEYS" "$TMP/udp.json" --expected "$EXPECTED/run_udp_json_keys.txt" || fail "the UDP run's JSON keys changed"
run_rxtop "$TMP/udp.txt" "$TMP/err" "${udp[@]}" || { rc=$?; cat "$TMP/err"; fail "rxtop ${udp[*]} exited $rc"; }
[ "$(header "$TMP/udp.txt")" = "$(cat "$EXPECTED/run_udp_table_header.txt")" ] ||
	fail "the UDP comparison table's columns changed: '$(header "$TMP/udp.txt")'"
run_rxtop "$TMP/udp.csv" "$TMP/err" "${udp[@]}" -o csv || { rc=$?; cat "$TMP/err"; fail "rxtop ${udp[*]} -o csv exited $rc"; }
[ "$(head -n 1 "$TMP/udp.csv")" = "$(cat "$EXPECTED/run_csv_header.txt")" ] ||
	fail "the CSV header changed: '$(head -n 1 "$TMP/udp.csv")'"
info "UDP: JSON keys, table columns and CSV header as expected"

tcp=(run epoll --lab --proto tcp -b -d 0.5 --duration 2)
run_rxtop "$TMP/tcp.json" "$TMP/err" "${tcp[@]}" -o json || { rc=$?; cat "$TMP/err"; fail "rxtop ${tcp[*]} -o json exited $rc"; }
tail -n 1 "$TMP/tcp.json" | python3 -c 'import json, sys; print(json.dumps({"summary": json.load(sys.stdin)["summary"]}))' \
	>"$TMP/tcp_summary.json" || fail "the TCP run's last line has no summary"
python3 "$KEYS" "$TMP/tcp_summary.json" --expected "$EXPECTED/run_tcp_summary_keys.txt" ||
	fail "the TCP summary's keys changed"
run_rxtop "$TMP/tcp.txt" "$TMP/err" "${tcp[@]}" || { rc=$?; cat "$TMP/err"; fail "rxtop ${tcp[*]} exited $rc"; }
[ "$(header "$TMP/tcp.txt")" = "$(cat "$EXPECTED/run_tcp_table_header.txt")" ] ||
	fail "the TCP comparison table's columns changed: '$(header "$TMP/tcp.txt")'"
info "TCP: summary keys and table columns as expected"
exit 0
