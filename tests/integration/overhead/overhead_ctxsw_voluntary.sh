#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Voluntary switches rxtop counts agree (1 %) with /proc/PID/task/*/status over a burst of 1000 sleeps of 1 ms.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/overhead.sh"
ovh_switch_case voluntary -- sleep 1000
