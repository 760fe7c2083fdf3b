// SPDX-License-Identifier: GPL-2.0-only
/* The name of a kernel XDP attach mode; its own header so netlink code can use it without the snapshot. */
#ifndef RXTOP_XDP_MODE_H
#define RXTOP_XDP_MODE_H

/* XDP_ATTACHED_DRV -> "native", _SKB -> "generic", _HW -> "offload", _MULTI -> "multi", else "none". */
const char *xdp_attach_mode_name(int attach_mode);

#endif
