#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Not a test (make bench): what observing costs a process that switches context all the time. Two threads bounce a
# byte through two pipes on CPU 1 (each round trip is two context switches and four syscalls), for the whole run;
# `rxtop -p PID --syscall-counts sampled` observes it in every other phase, and each observed phase's round-trip rate
# is divided by the mean of the unobserved phases either side. With the sched probes attached all the time every
# switch ran two programs; sampled, with the figures from /proc (docs/overhead.md "Scheduler figures"), only the
# sampling windows do. RXTOP_BASE=another build alternates with this one in the same run (the "before").
# Usage: [RXTOP_BASE=other/rxtop] [ROUNDS=n] [PHASE=s] tests/bench/switches.sh
source "${0%/bench*}/lib.sh"
source "$ROOT/tests/lib/overhead.sh"
[ "$(nproc)" -ge 2 ] || skip "needs two CPUs: the ping-pong on one, rxtop on the other"
rounds=${ROUNDS:-6}
phase=${PHASE:-3}
builds=("$RXTOP")
[ -n "${RXTOP_BASE:-}" ] && builds=("$RXTOP_BASE" "$RXTOP")
cat >"$OVH_DIR/pingpong.c" <<'CEOF'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
static int there[2], back[2];
static void *echo(void *arg)
{
	char c;
	while (read(there[0], &c, 1) == 1 && write(back[1], &c, 1) == 1);
	return arg;
}
static double now(void) { struct timespec t; clock_gettime(CLOCK_REALTIME, &t); return t.tv_sec + t.tv_nsec / 1e9; }
/* Round trips a second, printed every half second with the wall-clock time, for argv[1] seconds. */
int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 10, start = now(), last = start;
	long trips = 0, at_last = 0;
	pthread_t t;
	char c = 'x';
	if (pipe(there) || pipe(back) || pthread_create(&t, NULL, echo, NULL)) return 1;
	printf("pid %d\n", getpid());
	fflush(stdout);
	while (write(there[1], &c, 1) == 1 && read(back[0], &c, 1) == 1) {
		if (++trips % 1000)
			continue;
		double t1 = now();
		if (t1 - last >= 0.5) {
			printf("%.3f %.0f\n", t1, (trips - at_last) / (t1 - last));
			fflush(stdout);
			last = t1;
			at_last = trips;
		}
		if (t1 - start >= seconds)
			break;
	}
	return 0;
}
CEOF
gcc -O2 -pthread -o "$OVH_DIR/pingpong" "$OVH_DIR/pingpong.c" || fail "cannot compile the ping-pong (gcc)"
total=$((rounds * ${#builds[@]} * (2 * phase + 3) + phase + 10))
taskset -c 1 "$OVH_DIR/pingpong" "$total" >"$OVH_DIR/rates" &
OVH_PIDS+=($!)
for _ in $(seq 50); do grep -q '^pid' "$OVH_DIR/rates" && break; sleep 0.1; done
pid=$(sed -n 's/^pid //p' "$OVH_DIR/rates")
[ -n "$pid" ] || fail "the ping-pong did not start"
spans=$OVH_DIR/spans
: >"$spans"
for r in $(seq "$rounds"); do
	for b in "${!builds[@]}"; do
		echo "off $EPOCHREALTIME -" >>"$spans"
		sleep "$phase"
		# Observed from rxtop's first reading (probes attached) until it exits (detached).
		taskset -c 0 "${builds[$b]}" -p "$pid" -i lo --syscall-counts sampled -b -o json -d 1 -n "$phase" 2>/dev/null |
			{ read -r _ && echo "on $EPOCHREALTIME $b" >>"$spans"; cat >/dev/null; }
		echo "end $EPOCHREALTIME -" >>"$spans"
		sleep 1
	done
	echo "round $r of $rounds" >&2
done
echo "off $EPOCHREALTIME -" >>"$spans"
sleep "$phase"
echo "end $EPOCHREALTIME -" >>"$spans"
python3 - "$OVH_DIR/rates" "$spans" "${builds[@]}" <<'PY'
import statistics, sys
samples = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if not l.startswith("pid")]
marks = [l.split() for l in open(sys.argv[2])]
builds = sys.argv[3:]
spans = [(k, float(t), float(u), w) for (k, t, w), (_, u, _) in zip(marks, marks[1:]) if k in ("off", "on")]
def rate(a, b):
    inside = [r for t, r in samples if a <= t <= b]
    return statistics.mean(inside) if inside else None
rates = [(k, rate(a, b), w) for k, a, b, w in spans]
ratios = {}
for i, (k, r, w) in enumerate(rates):
    if k != "on" or not r:
        continue
    around = [x for kk, x, _ in rates[max(i - 1, 0):i + 2] if kk == "off" and x]
    if around:
        ratios.setdefault(int(w), []).append(r / statistics.mean(around))
alone = [r for k, r, _ in rates if k == "off" and r]
print(f"ping-pong alone: {statistics.median(alone):.0f} round trips/s (two context switches each), median of {len(alone)} phases")
for b, v in sorted(ratios.items()):
    print(f"observed by {builds[b]}: median ratio {statistics.median(v):.3f} over {len(v)} phases, range {min(v):.3f}-{max(v):.3f}")
PY
