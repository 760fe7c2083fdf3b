// SPDX-License-Identifier: GPL-2.0-only
/* Names of kernel enum values, read from the running kernel's BTF, never hard-coded. */
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf_enum.h"
#include "log.h"

/* One answer already given; the strings it returned must stay valid, so entries are never evicted. */
struct enum_name {
	struct enum_name *next;
	char *enum_type;
	char *prefix;
	long value;
	char *name;
};

static struct btf *vmlinux_btf;
static int vmlinux_btf_err;
static struct enum_name *cache;

const struct btf *btf_kernel(void)
{
	if (!vmlinux_btf && !vmlinux_btf_err) {
		vmlinux_btf = btf__load_vmlinux_btf();
		if (!vmlinux_btf) {
			vmlinux_btf_err = -errno;
			log_debug("btf_enum: no kernel BTF (%s): enum values print as numbers",
				  strerror(-vmlinux_btf_err));
		}
	}
	return vmlinux_btf;
}

/* The enumerator of enum type t called want_name, or (want_name NULL) equal to want_value; NULL if none. */
static const char *enumerator_of(const struct btf *btf, const struct btf_type *t, const char *want_name,
				 long want_value, long *value_out)
{
	for (int i = 0; i < btf_vlen(t); i++) {
		const char *name;
		long value;

		if (btf_is_enum(t)) {
			const struct btf_enum *e = btf_enum(t) + i;

			name = btf__name_by_offset(btf, e->name_off);
			value = btf_kflag(t) ? (long)e->val : (long)(unsigned int)e->val;
		} else {
			const struct btf_enum64 *e = btf_enum64(t) + i;

			name = btf__name_by_offset(btf, e->name_off);
			value = (long)btf_enum64_value(e);
		}
		/* A name offset outside the string section reads NULL: that enumerator has no name to give.
		 */
		if (!name)
			continue;
		if (want_name ? strcmp(name, want_name) == 0 : value == want_value) {
			if (value_out)
				*value_out = value;
			return name;
		}
	}
	return NULL;
}

/* Like enumerator_of, in enum_type, or (enum_type NULL) in whichever enum of the kernel holds it. */
static const char *find_enumerator(const char *enum_type, const char *want_name, long want_value,
				   long *value_out)
{
	const struct btf *btf = btf_kernel();
	const char *name = NULL;
	int id, n;

	if (!btf)
		return NULL;
	if (enum_type) {
		id = btf__find_by_name_kind(btf, enum_type, BTF_KIND_ENUM);
		if (id < 0)
			id = btf__find_by_name_kind(btf, enum_type, BTF_KIND_ENUM64);
		return id < 0
			   ? NULL
			   : enumerator_of(btf, btf__type_by_id(btf, id), want_name, want_value, value_out);
	}
	/* Anonymous enums (the softirq numbers) have no type name to look up: try each. */
	n = (int)btf__type_cnt(btf);
	for (id = 1; id < n && !name; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (btf_is_enum(t) || btf_is_enum64(t))
			name = enumerator_of(btf, t, want_name, want_value, value_out);
	}
	return name;
}

static const char *lookup(const char *enum_type, long value, const char *prefix, const char *fallback)
{
	struct enum_name *entry;
	const char *name;
	char buf[128];

	for (entry = cache; entry; entry = entry->next)
		if (entry->value == value && strcmp(entry->enum_type, enum_type) == 0 &&
		    strcmp(entry->prefix, prefix) == 0)
			return entry->name;

	name = find_enumerator(enum_type, NULL, value, NULL);
	if (name) {
		size_t plen = strlen(prefix);

		snprintf(buf, sizeof(buf), "%s",
			 strncmp(name, prefix, plen) == 0 && name[plen] ? name + plen : name);
	} else {
		snprintf(buf, sizeof(buf), "%s_%ld", fallback, value);
	}

	entry = calloc(1, sizeof(*entry));
	if (!entry)
		return "unknown";
	entry->enum_type = strdup(enum_type);
	entry->prefix = strdup(prefix);
	entry->name = strdup(buf);
	entry->value = value;
	if (!entry->enum_type || !entry->prefix || !entry->name) {
		free(entry->enum_type);
		free(entry->prefix);
		free(entry->name);
		free(entry);
		return "unknown";
	}
	entry->next = cache;
	cache = entry;
	return entry->name;
}

const char *btf_enum_name(const char *enum_type, long value)
{
	return lookup(enum_type, value, "", enum_type);
}

const char *btf_enum_name_stripped(const char *enum_type, long value, const char *prefix)
{
	return lookup(enum_type, value, prefix, enum_type);
}

const char *btf_drop_reason_name(long value)
{
	return lookup("skb_drop_reason", value, "SKB_DROP_REASON_", "reason");
}

int btf_enum_value(const char *enum_type, const char *name, long *value)
{
	if (!btf_kernel())
		return vmlinux_btf_err;
	return find_enumerator(enum_type, name, 0, value) ? 0 : -ENOENT;
}

void btf_enum_free(void)
{
	while (cache) {
		struct enum_name *next = cache->next;

		free(cache->enum_type);
		free(cache->prefix);
		free(cache->name);
		free(cache);
		cache = next;
	}
	btf__free(vmlinux_btf);
	vmlinux_btf = NULL;
	vmlinux_btf_err = 0;
}

void btf_enum_use(struct btf *btf)
{
	btf_enum_free();
	vmlinux_btf = btf;
}
