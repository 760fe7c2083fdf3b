#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# OpenMetrics: promtool accepts both expositions, and a real Prometheus scraping `rxtop --listen` reads the rx
# packet rate that sysfs gives, and the totals that sysfs and the generator count.
source "${0%/integration/*}/lib.sh"
PY=/usr/bin/python3 # Debian's, which has python3-prometheus-client
command -v promtool >/dev/null && command -v prometheus >/dev/null || fail "prometheus is not installed (make deps-dev)"
dir=$(mktemp -d)
cleanup() {
	[ -n "${rxtop_pid:-}" ] && kill "$rxtop_pid" 2>/dev/null && wait "$rxtop_pid" 2>/dev/null
	[ -n "${prom_pid:-}" ] && kill "$prom_pid" 2>/dev/null && wait "$prom_pid" 2>/dev/null
	rm -rf "$dir"
	lab_cleanup
}
at_exit cleanup
free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$RXTOP" lab up >/dev/null || fail "lab up"

# 1. Batch expositions: the 0.0.4 text passes promtool, each OpenMetrics one parses strictly and ends in # EOF.
timeout 20 "$RXTOP" --lab -b -o prometheus -n 1 -d 0.5 --gen-rate 20000 >"$dir/prom.txt" || fail "-o prometheus"
promtool check metrics <"$dir/prom.txt" || fail "promtool rejects -o prometheus"
timeout 20 "$RXTOP" --lab -b -o openmetrics -n 2 -d 0.5 --gen-rate 20000 >"$dir/om.txt" || fail "-o openmetrics"
$PY - "$dir/om.txt" <<'PY' || fail "the OpenMetrics expositions do not parse"
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
text = open(sys.argv[1]).read()
parts = [p + "# EOF\n" for p in text.split("# EOF\n") if p.strip()]
assert len(parts) == 2, len(parts)
for p in parts:
    families = {f.name: f for f in text_string_to_metric_families(p)}
    rx = families["rxtop_queue_rx_packets"]
    assert rx.type == "counter" and {s.labels["queue"] for s in rx.samples} == {"0", "1"}, rx
    assert families["rxtop_ledger_sent"].samples[0].value > 0
print("# two OpenMetrics expositions parse;", len(families), "families")
PY

# 2. A real Prometheus scraping rxtop every second.
port=$(free_port)
prom_port=$(free_port)
base_rx=$(sysfs_stat rxlab0 rx_packets)
"$RXTOP" -i rxlab0 -b -o json -d 0.5 --listen "127.0.0.1:$port" >"$dir/rxtop.jsonl" 2>"$dir/rxtop.err" &
rxtop_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/metrics" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/metrics" >"$dir/scrape.txt" || fail "rxtop does not serve /metrics: $(cat "$dir/rxtop.err")"
promtool check metrics <"$dir/scrape.txt" || fail "promtool rejects what /metrics serves"
curl -sf -H 'Accept: application/openmetrics-text; version=1.0.0' "http://127.0.0.1:$port/metrics" | tail -n 1 |
	grep -qx '# EOF' || fail "/metrics does not give OpenMetrics to a client that asks for it"
cat >"$dir/prometheus.yml" <<YML
global: {scrape_interval: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: rxtop
    static_configs: [{targets: ["127.0.0.1:$port"]}]
YML
prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/tsdb" \
	--web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$dir/prom.log" 2>&1 &
prom_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$prom_port/-/ready" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$prom_port/-/ready" >/dev/null || fail "prometheus did not start: $(tail -3 "$dir/prom.log")"

query() { # PROMQL -> the first result's value
	curl -sf --get "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1" |
		$PY -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "none")'
}
# Traffic starts once Prometheus has scraped rxtop, so its rate window holds only paced traffic.
for _ in $(seq 100); do [ "$(query 'up{job="rxtop"}')" = 1 ] && break; sleep 0.2; done
[ "$(query 'up{job="rxtop"}')" = 1 ] || fail "Prometheus does not scrape rxtop: $(curl -s "http://127.0.0.1:$prom_port/api/v1/targets")"
"$RXTOP" --lab gen --rate 100000 --duration 8 >"$dir/gen.txt" 2>&1 &
gen_pid=$!
sleep 6
# Both rates come from the same scrapes: rxtop's per-queue counts against sysfs' rx_packets, same window.
queues_rate=$(query 'sum(rate(rxtop_queue_rx_packets_total[4s]))')
sysfs_rate=$(query 'sum(rate(rxtop_iface_rx_packets_total[4s]))')
info "Prometheus: rate of the queues' packets $queues_rate/s, of sysfs rx_packets $sysfs_rate/s"
[ "$queues_rate" != none ] && [ "$sysfs_rate" != none ] || fail "Prometheus has no rxtop series yet"
within "$queues_rate" "$sysfs_rate" 2 || fail "rate of queue packets $queues_rate vs sysfs $sysfs_rate: over 2 % apart"
awk -v r="$queues_rate" 'BEGIN { exit !(r > 0) }' || fail "Prometheus saw no packets"
wait "$gen_pid" || fail "the generator failed: $(cat "$dir/gen.txt")"
sent=$(sed -n 's/^sent=\([0-9]*\) .*/\1/p' "$dir/gen.txt")
[ -n "$sent" ] || fail "no count from the generator: $(cat "$dir/gen.txt")"
# Once the lab drained and Prometheus scraped again, the totals: sysfs read here, the generator's own count.
sleep 2.5
total=$(query 'sum(rxtop_queue_rx_packets_total)')
sysfs_delta=$(($(sysfs_stat rxlab0 rx_packets) - base_rx))
info "Prometheus: queues' total $total; sysfs delta $sysfs_delta; generator sent $sent"
within "$total" "$sysfs_delta" 2 || fail "Prometheus' total $total vs sysfs $sysfs_delta: over 2 % apart"
within "$total" "$sent" 2 || fail "Prometheus' total $total vs the generator's $sent: over 2 % apart"

# 3. Bad input: one line, exit 2, nothing attached.
expect_usage_error "--listen on a port in use" "$RXTOP" -i rxlab0 -b -n 1 --listen "127.0.0.1:$port"
expect_usage_error "--listen on an address not of this host" "$RXTOP" -i rxlab0 -b -n 1 --listen 192.0.2.1:9101
expect_usage_error "--listen with a bad port" "$RXTOP" -i rxlab0 -b -n 1 --listen 127.0.0.1:99999
expect_usage_error "-o with an unknown format" "$RXTOP" -i rxlab0 -b -n 1 -o openmetric
kill "$rxtop_pid"
wait "$rxtop_pid"
rxtop_pid=
assert_no_xdp rxlab0
