// SPDX-License-Identifier: GPL-2.0-only
/* Unit test of btf_enum: names come from the running kernel's BTF, checked against libbpf's own reading of
 * it. */
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "btf_enum.h"
#include "check.h"

/* The kernel's value of an enumerator, found independently of btf_enum.c; -1 if absent. */
static long kernel_value(const struct btf *btf, const char *enum_type, const char *name)
{
	int id = btf__find_by_name_kind(btf, enum_type, BTF_KIND_ENUM);
	const struct btf_type *t;

	if (id < 0)
		return -1;
	t = btf__type_by_id(btf, id);
	for (int i = 0; i < btf_vlen(t); i++)
		if (strcmp(btf__name_by_offset(btf, btf_enum(t)[i].name_off), name) == 0)
			return btf_enum(t)[i].val;
	return -1;
}

int main(void)
{
	struct btf *btf;
	long no_socket, pass, value = -1;
	const char *first;

	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		printf("ok btf_enum_skipped_no_kernel_btf\n");
		return 0;
	}
	btf = btf__load_vmlinux_btf();
	CHECK("kernel_btf_loads", btf != NULL);
	if (!btf)
		return 1;

	no_socket = kernel_value(btf, "skb_drop_reason", "SKB_DROP_REASON_NO_SOCKET");
	CHECK("kernel_has_no_socket", no_socket >= 0);
	CHECK_STR("drop_reason_no_socket_stripped", btf_drop_reason_name(no_socket), "NO_SOCKET");
	CHECK_STR("drop_reason_full_name", btf_enum_name("skb_drop_reason", no_socket),
		  "SKB_DROP_REASON_NO_SOCKET");
	CHECK("drop_reason_value_roundtrip",
	      btf_enum_value("skb_drop_reason", "SKB_DROP_REASON_NO_SOCKET", &value) == 0 &&
		  value == no_socket);

	pass = kernel_value(btf, "xdp_action", "XDP_PASS");
	CHECK_STR("xdp_action_pass", btf_enum_name("xdp_action", pass), "XDP_PASS");
	CHECK_STR("xdp_action_stripped", btf_enum_name_stripped("xdp_action", pass, "XDP_"), "PASS");

	CHECK_STR("unknown_drop_reason_fallback", btf_drop_reason_name(999999), "reason_999999");
	CHECK_STR("unknown_enum_fallback", btf_enum_name("no_such_enum_rxtop", 7), "no_such_enum_rxtop_7");
	CHECK("unknown_name_enoent", btf_enum_value("xdp_action", "XDP_NO_SUCH", &value) == -ENOENT);

	/* The cache must hand back the same, still valid string. */
	first = btf_drop_reason_name(no_socket);
	CHECK("cached_pointer_stable", first == btf_drop_reason_name(no_socket));

	btf_enum_free();
	CHECK_STR("works_after_free", btf_drop_reason_name(no_socket), "NO_SOCKET");
	btf_enum_free();
	btf__free(btf);
	return check_failures ? 1 : 0;
}
