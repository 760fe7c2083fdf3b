#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kill -9 at random moments of rxtop (live, batch), rxtop run (each stack), gen, doctor (and bench when it
# exists): after each of 6 kills nothing of rxtop remains (tests/kill9.sh; `make kill9` does 50 at 1 s).
# Here 3 s: on a loaded machine the kernel frees a dead process's BPF programs and links up to ~2 s late.
source "$(dirname "$0")/../lib.sh"
KILL9_GRACE=${KILL9_GRACE:-3} exec "$ROOT/tests/kill9.sh" "${KILL9_SHORT:-6}"
