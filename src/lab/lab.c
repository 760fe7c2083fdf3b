// SPDX-License-Identifier: GPL-2.0-only
/* The built-in test bed: namespace rxtop-gen with rxgen0, veth peer rxlab0 here; `rxtop lab up|down|status`.
 */
/* net/if.h first: then linux/if.h (IF_OPER_*) leaves out what glibc's header already declared; the other
 * order declares both (xdp.h -> snapshot.h brings net/if.h). */
#include <net/if.h>

#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/ethtool.h>
#include <linux/if_link.h>
#include <linux/sockios.h>
#include <linux/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "commands.h"
#include "lab.h"
#include "lab_claim.h"
#include "log.h"
#include "netns.h"
#include "nl_link.h"
#include "xdp.h"

/* Serialises lab up/down between concurrent rxtop processes. */
#define LAB_LOCK_FILE "/run/rxtop-lab.lock"
/* How long up/down wait for users that are ending (a killed run's last moments) before saying who is there.
 */
#define LAB_CHANGE_WAIT_MS 3000

static char busy_holder[256];

const char *lab_busy_holder(void)
{
	return busy_holder;
}

int lab_default_queues(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (cpus < 1)
		return 1;
	return cpus > LAB_MAX_QUEUES ? LAB_MAX_QUEUES : (int)cpus;
}

static int lab_lock(void)
{
	int fd = open(LAB_LOCK_FILE, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static void lab_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* Back from LAB_NETNS to the namespace netns_enter saved, or abort: staying in the wrong namespace would
 * silently misdirect everything after. */
static void leave_lab(int saved)
{
	int err = netns_restore(saved);

	if (err) {
		log_user("rxtop: cannot return from namespace %s: %s; aborting", LAB_NETNS, strerror(-err));
		abort();
	}
}

/* A netlink socket stays in the namespace it was opened in, so one trip into rxtop-gen is enough. */
static struct mnl_socket *nl_open_in_lab(int *err)
{
	struct mnl_socket *sock = NULL;
	int saved;

	*err = netns_enter(LAB_NETNS, &saved);
	if (*err)
		return NULL;
	sock = nl_open();
	if (!sock)
		*err = -errno;
	leave_lab(saved);
	return sock;
}

/* Writes "1" to the interface's disable_ipv6 sysctl in the calling thread's namespace. */
static int disable_ipv6(const char *ifname)
{
	char path[128];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6", ifname);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno; /* no IPv6 in this kernel: nothing to silence */
	if (write(fd, "1", 1) != 1)
		err = -errno;
	close(fd);
	return err;
}

static int disable_ipv6_in_lab(const char *ifname)
{
	int saved, err;

	err = netns_enter(LAB_NETNS, &saved);
	if (err)
		return err;
	err = disable_ipv6(ifname);
	leave_lab(saved);
	return err;
}

/* GRO on makes veth run NAPI on receive, so frames redirected into it by XDP get delivered without a
 * program on rxlab0. */
static int enable_gro(const char *ifname)
{
	struct ethtool_value value = {.cmd = ETHTOOL_SGRO, .data = 1};
	struct ifreq ifr = {0};
	int fd, err = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = (void *)&value;
	if (ioctl(fd, SIOCETHTOOL, &ifr))
		err = -errno;
	close(fd);
	return err;
}

/* Logs which step failed (for RXTOP_DEBUG) and passes the error on. */
static int step(int err, const char *what)
{
	if (err)
		log_debug("lab: %s: %s", what, strerror(-err));
	return err;
}

/* Addresses, IPv6 off (keeps counters free of router solicitations), GRO, links up, static neighbours.
 * Every step replaces what is there, so running it on a working lab changes nothing. */
static int lab_configure(struct mnl_socket *here, struct mnl_socket *there)
{
	struct nl_link_info lab = {0}, peer = {0}, lo = {0};
	int err;

	err = step(nl_link_get(here, LAB_IFACE, &lab), "get " LAB_IFACE);
	if (!err)
		err = step(nl_link_get(there, LAB_PEER_IFACE, &peer), "get " LAB_PEER_IFACE);
	if (!err)
		err = step(nl_link_get(there, "lo", &lo), "get lo in " LAB_NETNS);
	if (!err)
		err = step(disable_ipv6(LAB_IFACE), "disable IPv6 on " LAB_IFACE);
	if (!err)
		err = step(disable_ipv6_in_lab(LAB_PEER_IFACE), "disable IPv6 on " LAB_PEER_IFACE);
	if (!err)
		err = step(nl_addr_add_ipv4(here, lab.ifindex, LAB_ADDR, LAB_PREFIXLEN),
			   "address on " LAB_IFACE);
	if (!err)
		err = step(nl_addr_add_ipv4(there, peer.ifindex, LAB_PEER_ADDR, LAB_PREFIXLEN),
			   "address on " LAB_PEER_IFACE);
	if (!err)
		err = step(enable_gro(LAB_IFACE), "GRO on " LAB_IFACE);
	if (!err)
		err = step(nl_link_set_up(there, lo.ifindex), "lo up in " LAB_NETNS);
	if (!err)
		err = step(nl_link_set_up(there, peer.ifindex), LAB_PEER_IFACE " up");
	if (!err)
		err = step(nl_link_set_up(here, lab.ifindex), LAB_IFACE " up");
	/* After the links are up: taking a link down flushes even permanent neighbours. */
	if (!err)
		err = step(nl_neigh_add_ipv4(here, lab.ifindex, LAB_PEER_ADDR, peer.mac),
			   "neighbour on " LAB_IFACE);
	if (!err)
		err = step(nl_neigh_add_ipv4(there, peer.ifindex, LAB_ADDR, lab.mac),
			   "neighbour on " LAB_PEER_IFACE);
	return err;
}

/* Both ends must be veths with the same queue count in both directions. */
static int lab_queue_count(const struct nl_link_info *lab, const struct nl_link_info *peer)
{
	if (strcmp(lab->kind, "veth") || strcmp(peer->kind, "veth"))
		return -1;
	if (lab->num_rx_queues != lab->num_tx_queues || peer->num_rx_queues != peer->num_tx_queues ||
	    lab->num_rx_queues != peer->num_rx_queues)
		return -1;
	return (int)lab->num_rx_queues;
}

int lab_exists(int *queues_out)
{
	struct mnl_socket *here = NULL, *there = NULL;
	struct nl_link_info lab, peer;
	int err, queues;

	err = netns_exists(LAB_NETNS);
	if (err <= 0)
		return err;
	here = nl_open();
	if (!here) {
		err = -errno;
		goto cleanup;
	}
	err = nl_link_get(here, LAB_IFACE, &lab);
	if (err)
		goto cleanup;
	there = nl_open_in_lab(&err);
	if (!there)
		goto cleanup;
	err = nl_link_get(there, LAB_PEER_IFACE, &peer);
	if (err)
		goto cleanup;
	queues = lab_queue_count(&lab, &peer);
	if (queues < 1) {
		err = -ENODEV;
		goto cleanup;
	}
	if (queues_out)
		*queues_out = queues;
	err = 1;
cleanup:
	nl_close(there);
	nl_close(here);
	return err == -ENODEV ? 0 : err;
}

/* Removes whatever part of the lab exists; the caller holds the lock. */
static int lab_down_locked(void)
{
	struct mnl_socket *here, *there;
	int err, present;

	here = nl_open();
	if (!here)
		return step(-errno, "netlink socket");
	/* Deleting one end of a veth deletes its peer too, wherever it is. */
	err = step(nl_link_delete(here, LAB_IFACE), "delete " LAB_IFACE);
	nl_close(here);
	if (err)
		return err;

	present = netns_exists(LAB_NETNS);
	if (present == 1) {
		/* A stray rxgen0 whose peer was renamed or moved would keep the namespace busy. */
		there = nl_open_in_lab(&err);
		if (there) {
			err = step(nl_link_delete(there, LAB_PEER_IFACE), "delete " LAB_PEER_IFACE);
			nl_close(there);
		}
		if (err)
			return err;
	}
	return step(netns_delete(LAB_NETNS), "delete namespace " LAB_NETNS);
}

/* lab_lock() once the lab is claimed (lab_change_begin): its fd, or -errno with the claim given back. */
static int lab_lock_claimed(void)
{
	int lock = lab_lock();

	if (lock < 0) {
		lab_change_end();
		return step(lock, "lock " LAB_LOCK_FILE);
	}
	return lock;
}

int lab_down(void)
{
	int lock, err;

	err = lab_change_begin(LAB_CHANGE_WAIT_MS, busy_holder, sizeof(busy_holder));
	if (err < 0)
		return step(err, "claim the lab (" LAB_USE_LOCK_FILE ")");
	lock = lab_lock_claimed();
	if (lock < 0)
		return lock;
	err = lab_down_locked();
	lab_unlock(lock);
	lab_change_end();
	return err;
}

static int lab_create_locked(int queues)
{
	struct mnl_socket *here = NULL, *there = NULL;
	int err, ns_fd = -1;

	err = step(netns_create(LAB_NETNS), "create namespace " LAB_NETNS);
	if (err)
		goto cleanup;
	ns_fd = netns_fd(LAB_NETNS);
	if (ns_fd < 0) {
		err = step(ns_fd, "open namespace " LAB_NETNS);
		goto cleanup;
	}
	here = nl_open();
	if (!here) {
		err = step(-errno, "netlink socket");
		goto cleanup;
	}
	err = step(nl_veth_create(here, LAB_IFACE, LAB_PEER_IFACE, queues, ns_fd), "create veth " LAB_IFACE);
	if (err)
		goto cleanup;
	there = nl_open_in_lab(&err);
	if (!there)
		goto cleanup;
	err = lab_configure(here, there);
cleanup:
	nl_close(there);
	nl_close(here);
	if (ns_fd >= 0)
		close(ns_fd);
	return err;
}

int lab_up(int queues)
{
	struct mnl_socket *here = NULL, *there = NULL;
	int lock, err, have = 0;

	if (queues <= 0)
		queues = lab_default_queues();
	if (queues > LAB_MAX_QUEUES)
		return -EINVAL;
	err = lab_change_begin(LAB_CHANGE_WAIT_MS, busy_holder, sizeof(busy_holder));
	if (err == -EBUSY) {
		/* In use: fine when it already is what was asked for; changing it would break its user. */
		if (lab_exists(&have) == 1 && have == queues)
			return 0;
		return step(err, "claim the lab (" LAB_USE_LOCK_FILE ")");
	}
	if (err < 0)
		return step(err, "claim the lab (" LAB_USE_LOCK_FILE ")");
	lock = lab_lock_claimed();
	if (lock < 0)
		return lock;

	err = lab_exists(&have);
	if (err < 0)
		goto cleanup;
	if (err == 1 && have == queues) {
		here = nl_open();
		if (!here) {
			err = step(-errno, "netlink socket");
			goto cleanup;
		}
		there = nl_open_in_lab(&err);
		if (there)
			err = lab_configure(here, there);
		goto cleanup;
	}
	if (err == 1)
		log_debug("lab: has %d queues, %d wanted: recreating", have, queues);
	/* Absent, partial (e.g. after a crash) or the wrong size: start from nothing. */
	err = lab_down_locked();
	if (!err)
		err = lab_create_locked(queues);
	if (err)
		lab_down_locked();
cleanup:
	nl_close(there);
	nl_close(here);
	lab_unlock(lock);
	lab_change_end();
	return err;
}

int lab_iface_mac(unsigned char mac[LAB_MAC_LEN])
{
	struct mnl_socket *here = nl_open();
	struct nl_link_info info;
	int err;

	if (!here)
		return -errno;
	err = nl_link_get(here, LAB_IFACE, &info);
	nl_close(here);
	if (!err)
		memcpy(mac, info.mac, LAB_MAC_LEN);
	return err;
}

int lab_peer_mac(unsigned char mac[LAB_MAC_LEN])
{
	return lab_iface_mac(mac);
}

int lab_peer_iface_mac(unsigned char mac[LAB_MAC_LEN])
{
	struct mnl_socket *there;
	struct nl_link_info info;
	int err;

	there = nl_open_in_lab(&err);
	if (!there)
		return err;
	err = nl_link_get(there, LAB_PEER_IFACE, &info);
	nl_close(there);
	if (!err)
		memcpy(mac, info.mac, LAB_MAC_LEN);
	return err;
}

static const char *operstate_name(unsigned char state)
{
	static const char *const names[] = {
	    [IF_OPER_UNKNOWN] = "unknown", [IF_OPER_NOTPRESENT] = "not present",
	    [IF_OPER_DOWN] = "down",	   [IF_OPER_LOWERLAYERDOWN] = "down (peer down)",
	    [IF_OPER_TESTING] = "testing", [IF_OPER_DORMANT] = "dormant",
	    [IF_OPER_UP] = "up",
	};

	return state < sizeof(names) / sizeof(names[0]) && names[state] ? names[state] : "?";
}

/* One line for one interface, or "absent". */
static void print_link(FILE *out, struct mnl_socket *sock, const char *name, const char *where, int show_xdp)
{
	struct nl_link_info info;
	char addrs[256];
	int err;

	err = sock ? nl_link_get(sock, name, &info) : -ENODEV;
	if (err) {
		fprintf(out, "%s%s: %s\n", name, where, err == -ENODEV ? "absent" : strerror(-err));
		return;
	}
	if (nl_addr_list_ipv4(sock, info.ifindex, addrs, sizeof(addrs)))
		snprintf(addrs, sizeof(addrs), "?");
	fprintf(out, "%s%s: %s, %u rx / %u tx queues, %s, %s, mac %02x:%02x:%02x:%02x:%02x:%02x", name, where,
		info.kind[0] ? info.kind : "not a veth", info.num_rx_queues, info.num_tx_queues,
		addrs[0] ? addrs : "no IPv4 address",
		!(info.flags & IFF_UP) ? "admin down" : operstate_name(info.operstate), info.mac[0],
		info.mac[1], info.mac[2], info.mac[3], info.mac[4], info.mac[5]);
	if (show_xdp) {
		if (info.xdp_prog_id)
			fprintf(out, ", xdp prog id %u (%s)", info.xdp_prog_id,
				xdp_attach_mode_name(info.xdp_mode));
		else
			fprintf(out, ", no xdp program");
	}
	fputc('\n', out);
}

int lab_print_status(FILE *out)
{
	struct mnl_socket *here = NULL, *there = NULL;
	struct nl_link_info lab;
	int present, placeholder, err = 0, queues = 0;

	present = netns_exists(LAB_NETNS);
	if (present < 0)
		return present;
	placeholder = !present && access(NETNS_RUN_DIR "/" LAB_NETNS, F_OK) == 0;
	here = nl_open();
	if (!here)
		return -errno;
	if (present) {
		there = nl_open_in_lab(&err);
		if (!there)
			goto cleanup;
	}
	if (lab_exists(&queues) == 1)
		fprintf(out, "lab: up, %d queue%s; traffic to %s:%d\n", queues, queues == 1 ? "" : "s",
			LAB_ADDR, LAB_PORT);
	else if (present || placeholder || nl_link_get(here, LAB_IFACE, &lab) == 0)
		fprintf(out, "lab: incomplete; 'rxtop lab up' recreates it, 'rxtop lab down' removes it\n");
	else
		fprintf(out, "lab: down; 'rxtop lab up' creates it\n");
	fprintf(out, "namespace %s: %s\n", LAB_NETNS,
		present	      ? "present"
		: placeholder ? "placeholder file only (interrupted create)"
			      : "absent");
	print_link(out, here, LAB_IFACE, "", 1);
	if (present)
		print_link(out, there, LAB_PEER_IFACE, " (in " LAB_NETNS ")", 0);
cleanup:
	nl_close(there);
	nl_close(here);
	return err;
}

/* The exit status for a failure errno: missing privilege is the environment's fault, the rest is runtime. */
static int exit_status(int err)
{
	return err == -EPERM || err == -EACCES ? EXIT_USAGE : EXIT_RUNTIME;
}

int cmd_lab(int argc, char **argv)
{
	const char *action = NULL;
	int err, queues;

	err = lab_parse_args(argc, argv, &queues, &action);
	if (err)
		return err > 0 ? 0 : EXIT_USAGE;
	/* --queues with down or status is harmless and ignored, so scripts can pass one option line. */
	if (geteuid() != 0) {
		log_user(
		    "rxtop lab %s: needs root to manage network namespaces and interfaces; run it with sudo",
		    action);
		return EXIT_USAGE;
	}

	if (!strcmp(action, "up")) {
		err = lab_up(queues);
		if (!err) {
			lab_exists(&queues);
			printf("lab up: %s (%s) <-> %s (%s) in namespace %s, %d queue%s\n", LAB_IFACE,
			       LAB_ADDR, LAB_PEER_IFACE, LAB_PEER_ADDR, LAB_NETNS, queues,
			       queues == 1 ? "" : "s");
		}
	} else if (!strcmp(action, "down")) {
		err = lab_down();
		if (!err)
			printf("lab down: nothing of %s, %s or %s remains\n", LAB_NETNS, LAB_IFACE,
			       LAB_PEER_IFACE);
	} else {
		err = lab_print_status(stdout);
	}
	if (err == -EBUSY) {
		log_user("rxtop lab %s: the lab is in use by %s; stop it or wait for it to end", action,
			 busy_holder);
		return EXIT_USAGE;
	}
	if (err) {
		log_user("rxtop lab %s: failed: %s; rerun with RXTOP_DEBUG=1 to see the step, "
			 "'sudo rxtop lab down' clears partial state",
			 action, strerror(-err));
		return exit_status(err);
	}
	return 0;
}
