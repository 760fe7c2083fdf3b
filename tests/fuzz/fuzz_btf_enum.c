// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: the BTF enum decoder (src/probes/btf_enum.c) over any bytes taken as a BTF blob. */
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "btf_enum.h"
#include "fuzz_args.h"

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level, (void)fmt, (void)ap;
	return 0;
}

/* Every answer is a readable string (ASan checks each byte through strlen). */
static void check_name(const char *name)
{
	FUZZ_CHECK(name && strlen(name) < 4096);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"XDP_PASS", "NET_RX_SOFTIRQ", "SKB_DROP_REASON_NO_SOCKET", "",
					    "A"};
	struct btf *btf;
	long value;
	int n;

	libbpf_set_print(quiet);
	/* libbpf 1.1 takes a type section that does not start 4-byte aligned, which later libbpf refuses and
	 * no kernel emits; reading its types would be misaligned in any reader, so such blobs are skipped. */
	if (size >= 16) {
		uint32_t hdr_len, type_off;

		memcpy(&hdr_len, data + 4, 4);
		memcpy(&type_off, data + 8, 4);
		if ((hdr_len + type_off) % 4)
			return 0;
	}
	btf = btf__new(data, size);
	if (!btf)
		return 0;
	btf_enum_use(btf);
	for (long v = -1; v < 4; v++) {
		check_name(btf_enum_name("xdp_action", v));
		check_name(btf_enum_name_stripped("xdp_action", v, "XDP_"));
		check_name(btf_drop_reason_name(v));
		check_name(btf_enum_name("", v));
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		btf_enum_value(NULL, names[i], &value);
		btf_enum_value("xdp_action", names[i], &value);
	}
	/* Every enum of the blob by its own name, so the fuzzer need not guess one. */
	n = (int)btf__type_cnt(btf);
	for (int id = 1; id < n && id < 64; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *type_name = t ? btf__name_by_offset(btf, t->name_off) : NULL;

		if (t && type_name && (btf_is_enum(t) || btf_is_enum64(t))) {
			check_name(btf_enum_name(type_name, 0));
			check_name(btf_enum_name_stripped(type_name, 1, "X"));
			btf_enum_value(type_name, "A", &value);
		}
	}
	btf_enum_free();
	return 0;
}
