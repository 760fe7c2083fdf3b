// SPDX-License-Identifier: GPL-2.0-only
/* rxtop's version string. */
#ifndef RXTOP_VERSION
#define RXTOP_VERSION "0.1.0"
#endif
