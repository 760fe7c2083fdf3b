// SPDX-License-Identifier: GPL-2.0-only
/* Who may use the lab at once: flock claims that the kernel drops when a process ends, even by kill -9. */
#ifndef RXTOP_LAB_CLAIM_H
#define RXTOP_LAB_CLAIM_H

#include <stdbool.h>
#include <stddef.h>

/* Shared by every rxtop process using the lab; exclusive for lab up/down while they change it. */
#define LAB_USE_LOCK_FILE "/run/rxtop-lab-use.lock"
/* Exclusive for the one rxtop that measures on the lab with its generator (rxtop --lab, rxtop run --lab). */
#define LAB_MEASURE_LOCK_FILE "/run/rxtop-lab-measure.lock"

/*
 * Claims the lab for the rest of this process's life: shared use, and with measure the measurement too.
 * Forked children do not inherit the claims (they are closed in the child), so a process's claims end with
 * it. 0, or -EBUSY (another rxtop measures, or lab up/down is changing the lab for longer than a few seconds)
 * with one line for the user in err; another negative errno when the lock files cannot be opened.
 */
int lab_claim(bool measure, char *err, size_t len);

/*
 * For lab up/down: exclusive use while the lab changes, waiting up to wait_ms for users that are ending. This
 * process's own shared claim, if any, is converted and restored by lab_change_end. 0 or -EBUSY; then
 * who (if not NULL) names the user: "rxtop pid N (rxtop run epoll --lab ...)".
 */
int lab_change_begin(int wait_ms, char *who, size_t who_len);
void lab_change_end(void);

#endif
