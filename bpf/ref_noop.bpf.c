// SPDX-License-Identifier: GPL-2.0
/*
 * Programs that do nothing, at the hooks where rxtop's programs run per packet or per event: the bench's
 * reference for what the hook and the run-time statistics cost by themselves (rxtop-dev __bpfref,
 * tests/bench/cost.sh). Never part of rxtop's observer.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("xdp")
int ref_xdp(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("tc")
int ref_tc(struct __sk_buff *skb)
{
	return TCX_NEXT;
}

/* tp_btf, as rxtop loads them where the kernel has BTF: the arguments are declared, never read. */
SEC("tp_btf/kfree_skb")
int BPF_PROG(ref_kfree_skb, struct sk_buff *skb, void *location, enum skb_drop_reason reason)
{
	return 0;
}

SEC("tp_btf/napi_poll")
int BPF_PROG(ref_napi_poll, struct napi_struct *napi, int work, int budget)
{
	return 0;
}

SEC("tp_btf/softirq_entry")
int BPF_PROG(ref_softirq_entry, unsigned int vec)
{
	return 0;
}

SEC("tp_btf/softirq_exit")
int BPF_PROG(ref_softirq_exit, unsigned int vec)
{
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(ref_sys_enter, struct pt_regs *regs, long id)
{
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(ref_sys_exit, struct pt_regs *regs, long ret)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
