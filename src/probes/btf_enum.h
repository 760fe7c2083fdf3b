// SPDX-License-Identifier: GPL-2.0-only
/* Names of kernel enum values, read from the running kernel's BTF, never hard-coded. */
#ifndef RXTOP_BTF_ENUM_H
#define RXTOP_BTF_ENUM_H

/*
 * Name of value in enum enum_type (e.g. "xdp_action", 2 -> "XDP_PASS"). Always returns a readable string that
 * lives until btf_enum_free(): the enumerator's name, or "<enum_type>_<value>" when the kernel has no such
 * value or no BTF.
 */
const char *btf_enum_name(const char *enum_type, long value);

/* Like btf_enum_name, with prefix stripped from the front when present. */
const char *btf_enum_name_stripped(const char *enum_type, long value, const char *prefix);

/* A skb drop reason without the SKB_DROP_REASON_ prefix ("NO_SOCKET"); unknown values read "reason_<value>".
 */
const char *btf_drop_reason_name(long value);

/*
 * Value of the enumerator called name in enum_type, or (enum_type NULL) in whichever kernel enum holds it,
 * anonymous ones included (NET_RX_SOFTIRQ): 0 and *value set, or a negative errno.
 */
int btf_enum_value(const char *enum_type, const char *name, long *value);

struct btf;

/* The running kernel's BTF, loaded once for every user until btf_enum_free(); NULL when the kernel has none.
 */
const struct btf *btf_kernel(void);

/* Answers from btf instead of the kernel's from now on (tests, fuzzing); takes it over, empties the cache. */
void btf_enum_use(struct btf *btf);

/* Releases the kernel BTF and the cache. */
void btf_enum_free(void);

#endif
