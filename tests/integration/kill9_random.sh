#!/bin/bash
# kill -9 at random moments of rxtop (live, batch), rxtop run (each stack), gen, doctor (and bench when it
# exists): 1 s after each of 11 kills nothing of rxtop remains (tests/kill9.sh; `make kill9` does 50).
source "$(dirname "$0")/../lib.sh"
exec "$ROOT/tests/kill9.sh" "${KILL9_SHORT:-11}"
