// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the receive-path map's parsers and formatting (src/probes/rx_path_proc.c,
 * src/output/output_path.c). */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "output.h"
#include "rx_path.h"

static void test_cpu_lists(void)
{
	struct snap_cpus s;
	char buf[64];

	CHECK("parse_range", snap_cpus_parse("0-3,6\n", &s) == 0);
	snap_cpus_format(&s, buf, sizeof(buf));
	CHECK_STR("format_range", buf, "0-3,6");
	CHECK("parse_single", snap_cpus_parse("1", &s) == 0 && snap_cpus_has(&s, 1) && !snap_cpus_has(&s, 0));
	CHECK("parse_high",
	      snap_cpus_parse("130,255", &s) == 0 && snap_cpus_has(&s, 130) && snap_cpus_has(&s, 255));
	snap_cpus_format(&s, buf, sizeof(buf));
	CHECK_STR("format_high", buf, "130,255");
	CHECK("parse_empty", snap_cpus_parse("\n", &s) == 0 && snap_cpus_empty(&s));
	CHECK("parse_garbage", snap_cpus_parse("a-b", &s) == -EINVAL);
	CHECK("parse_backwards", snap_cpus_parse("3-1", &s) == -EINVAL);
}

/* Shaped as /proc/interrupts on a host with an ixgbe-like and an i40e-like NIC (names as those drivers make
 * them). */
static const char interrupts[] = "           CPU0       CPU1       \n"
				 "  0:         40          0   IO-APIC   2-edge      timer\n"
				 " 24:       1000         20   PCI-MSI 524288-edge      eth0-TxRx-0\n"
				 " 25:          0       5000   PCI-MSI 524289-edge      eth0-TxRx-1\n"
				 " 26:          7          0   PCI-MSI 524290-edge      eth0\n"
				 " 30:          1          2   PCI-MSI 1-edge      i40e-eth10-TxRx-1\n"
				 "NMI:          0          0   Non-maskable interrupts\n";

static void test_interrupts(void)
{
	struct irq_counts c = {0};
	int line;

	CHECK("interrupts_parse", irq_counts_parse(&c, interrupts) == 0);
	CHECK("interrupts_cpus", c.ncpus == 2);
	CHECK("interrupts_lines", c.nirqs == 5); /* NMI: is no device line */
	line = irq_counts_find(&c, 25);
	CHECK("interrupts_counts", line >= 0 && c.counts[line * 2] == 0 && c.counts[line * 2 + 1] == 5000);
	CHECK_STR("interrupts_name", c.names[irq_counts_find(&c, 24)], "eth0-TxRx-0");
	CHECK("by_name_queue0", irq_counts_by_name(&c, "eth0", 0) == 24);
	CHECK("by_name_queue1", irq_counts_by_name(&c, "eth0", 1) == 25);
	CHECK("by_name_no_rx_word", irq_counts_by_name(&c, "eth0", 2) == -1);
	CHECK("by_name_prefixed", irq_counts_by_name(&c, "eth10", 1) == 30);
	CHECK("by_name_not_a_prefix", irq_counts_by_name(&c, "eth1", 1) == -1);
	CHECK("interrupts_no_header", irq_counts_parse(&c, "  0: 1 2 x\n") == -EINVAL);
	irq_counts_free(&c);
}

static void test_thread_cpu(void)
{
	struct snap_cpus s;
	pid_t tids[8];
	int cpu = thread_last_cpu(getpid(), getpid());

	CHECK("own_last_cpu", cpu >= 0 && cpu < sysconf(_SC_NPROCESSORS_CONF));
	CHECK("own_affinity", thread_affinity(getpid(), &s) == 0 && !snap_cpus_empty(&s));
	CHECK("own_threads", process_threads(getpid(), tids, 8) == 1 && tids[0] == getpid());
	CHECK("gone_thread", thread_last_cpu(getpid(), 0x7ffffff0) == -1);
}

static void test_format(void)
{
	struct snapshot *snap = calloc(1, sizeof(*snap));
	struct rx_path *p = &snap->queues[0].path;
	char line[400];

	if (!snap)
		return;
	snap->nqueues = 2;
	snprintf(snap->queues[0].iface, sizeof(snap->queues[0].iface), "eth0");
	p->known = true;
	p->irq = 24;
	snap_cpus_set(&p->irq_cpus, 1);
	snap_cpus_parse("0-1", &p->irq_affinity);
	p->napi_id = 8193;
	snap_cpus_set(&p->softirq_cpus, 1);
	snprintf(p->softirq_source, sizeof(p->softirq_source), "irq");
	p->nreceivers = 1;
	p->receivers[0] = (struct rx_receiver){.pid = 10, .tid = 11, .cpu = 1, .by_queue = true};
	snap_cpus_set(&p->shared, 1);
	output_path_line(p, line, sizeof(line));
	CHECK_STR("line", line,
		  "irq 24 on 1 (affinity 0-1)  napi 8193  softirq 1 (irq)  receivers 11@1  SHARED cpu 1");
	CHECK("shared_count", output_path_shared(snap, line, sizeof(line)) == 1);
	CHECK_STR("shared_text", line, "eth0/0 cpu 1");
	free(snap);
}

int main(void)
{
	test_cpu_lists();
	test_interrupts();
	test_thread_cpu();
	test_format();
	return check_failures ? 1 : 0;
}
