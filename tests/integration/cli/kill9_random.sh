#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kill -9 at random moments of rxtop (live, batch), rxtop run (each stack), gen, doctor (and bench when it
# exists): 1 s after each of 6 kills nothing of rxtop remains (tests/kill9.sh; `make kill9` does 50). The kills
# fall in the first 2.5 s (make kill9: 4 s), where rxtop loads and attaches; programs the kernel is still freeing
# are timed apart (see tests/kill9.sh).
source "${0%/integration/*}/lib.sh"
KILL9_MAX_DELAY_MS=${KILL9_MAX_DELAY_MS:-2500} exec "$ROOT/tests/kill9.sh" "${KILL9_SHORT:-6}"
