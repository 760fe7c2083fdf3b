// SPDX-License-Identifier: GPL-2.0-only
/* The facts of the machine a bench ran on: kernel, CPU, driver, versions. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifdef HAVE_DPDK
#include <rte_version.h>
#endif

#include "bench_machine.h"
#include "netdev_driver.h"
#include "version.h"

static void cpu_model(char *out, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];

	out[0] = '\0';
	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) != 0 || !colon)
			continue;
		colon += 1 + (colon[1] == ' ');
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(out, len, "%s", colon);
		break;
	}
	if (f)
		fclose(f);
}

void bench_machine_read(const char *iface, struct bench_machine *m)
{
	struct utsname u;

	memset(m, 0, sizeof(*m));
	if (uname(&u) == 0)
		snprintf(m->kernel, sizeof(m->kernel), "%s", u.release);
	cpu_model(m->cpu, sizeof(m->cpu));
	m->cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (iface && iface[0] && netdev_driver(iface, m->driver, sizeof(m->driver)) < 0)
		m->driver[0] = '\0';
	snprintf(m->rxtop_version, sizeof(m->rxtop_version), "%s", RXTOP_VERSION);
#ifdef HAVE_DPDK
	snprintf(m->dpdk_version, sizeof(m->dpdk_version), "%s", rte_version());
#endif
}
