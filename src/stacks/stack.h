// SPDX-License-Identifier: GPL-2.0-only
/* The small interface every receiver stack implements, and the shared-memory counters it publishes. */
#ifndef RXTOP_STACK_H
#define RXTOP_STACK_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define STACK_MAX_QUEUES 64
#define STACK_MAX_LOSS 8
#define STACK_MESSAGE_LEN 256

/*
 * Written by exactly one worker thread, read by rxtop without locks: each field is a
 * naturally aligned uint64_t updated with relaxed atomic stores (stack_count_add), so the
 * reader sees a value at most one batch old and the receiver never waits for the reader.
 */
struct stack_queue_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t batches;	       /* receive calls that returned at least one packet */
	uint64_t polls;		       /* receive calls in total (incl. empty ones) */
	uint64_t loss[STACK_MAX_LOSS]; /* meaning given by stack_shm.loss_names */
	uint64_t napi_id; /* NAPI instance feeding the socket (SO_INCOMING_NAPI_ID); 0: none (yet) */
	uint64_t tid;	  /* the worker thread receiving it (rxtop's receive-path map); 0: none yet */
} __attribute__((aligned(64)));

enum stack_state {
	STACK_STARTING = 0,
	STACK_RUNNING = 1,
	STACK_FAILED = 2, /* message says why; exit status follows */
	STACK_EXITED = 3,
};

struct stack_shm {
	uint32_t state;	     /* enum stack_state */
	int32_t error;	     /* negative errno of a failure */
	uint32_t nqueues;    /* entries used in queues[] */
	uint32_t nloss;	     /* entries used in loss_names[] */
	uint32_t busy_poll;  /* 1: the sockets were set to busy-poll (SO_BUSY_POLL > 0) */
	uint32_t fail_claim; /* set by the first stack_fail; later ones keep its message (atomic) */
	char message[STACK_MESSAGE_LEN];
	char loss_names[STACK_MAX_LOSS][32];   /* e.g. "rx_ring_full" */
	char loss_where[STACK_MAX_LOSS][16];   /* drop stage, e.g. "xsk", "socket", "dpdk" */
	uint8_t loss_is_event[STACK_MAX_LOSS]; /* 1: a counted event (re-arm, ENOBUFS), not a lost packet */
	int queue_ids[STACK_MAX_QUEUES];       /* rx queue of each entry */
	struct stack_queue_stats queues[STACK_MAX_QUEUES];
};

enum stack_proto { STACK_PROTO_UDP = 0, STACK_PROTO_TCP = 1 };

struct stack_config {
	char ifname[16];
	int ifindex;
	int nqueues;
	int queues[STACK_MAX_QUEUES]; /* rx queues, one worker each */
	int ncpus;
	int cpus[STACK_MAX_QUEUES]; /* worker i pins to cpus[i % ncpus]; none when ncpus == 0 */
	uint16_t port;		    /* UDP/TCP port for socket stacks */
	enum stack_proto proto;
	bool touch;	  /* read every payload byte */
	int batch;	  /* packets per receive call */
	int ring_size;	  /* ring entries (AF_XDP rings, io_uring CQ, buffer ring) */
	int frame_size;	  /* AF_XDP UMEM frame size */
	int buffers;	  /* io_uring provided buffers */
	int rcvbuf;	  /* SO_RCVBUF bytes, 0 = system default */
	int busy_poll_us; /* SO_BUSY_POLL / NAPI busy poll; 0 = off */
	int busy_poll_budget;
	bool busy_poll;
	bool need_wakeup;
	bool rx_poll; /* afxdp: sleep in poll() on an empty rx ring (xdpsock -p), not spin */
	int xdp_mode; /* 0 auto, 1 native, 2 generic (XDP_FLAGS_*) */
	int zerocopy; /* -1 copy, 0 auto, 1 zerocopy */
	bool shared_umem;
	bool sqpoll;
	bool edge_triggered;
	bool libxdp_program; /* afxdp: libxdp's xsk_def_prog redirects, not rxtop's counter (--xdp-program) */
	int xsks_map_fd;     /* rxtop's XSKMAP (rx_xdp), for afxdp */
	char dpdk_pmd[16];   /* "af_xdp" or "af_packet" */
	char dpdk_args[256]; /* extra EAL arguments, e.g. a PCI port */
	int duration_s;
};

/*
 * DPDK 22.11's af_xdp PMD posts this many frames to its fill ring (reserve_size = ETH_AF_XDP_DFLT_NUM_DESCS,
 * no devarg) in a fill ring twice as large, so the dpdk stack gives it an rx ring of at most half of them: a
 * full rx ring then leaves frames on the fill ring (docs/stacks-dpdk.md). The bench reports the same numbers.
 */
#define STACK_DPDK_AF_XDP_POSTED 2048
#define STACK_DPDK_AF_XDP_FILL_RING (2 * STACK_DPDK_AF_XDP_POSTED)

static inline int stack_dpdk_af_xdp_rx_ring(int ring_size)
{
	return ring_size > STACK_DPDK_AF_XDP_POSTED / 2 ? STACK_DPDK_AF_XDP_POSTED / 2 : ring_size;
}

/* What rxtop's XDP program on the interface does while this stack runs. */
enum stack_xdp_need {
	STACK_XDP_PASS = 0,	/* count at XDP, pass to the kernel stack (socket receivers) */
	STACK_XDP_REDIRECT = 1, /* count and redirect to the queue's socket in the XSKMAP (afxdp) */
	STACK_XDP_NONE = 2,	/* the stack attaches its own program (DPDK af_xdp); rxtop counts elsewhere */
};

struct stack_ops;

/*
 * What rxtop's XDP program does for this stack with this config: ops->xdp, except that afxdp with
 * --xdp-program libxdp lets libxdp attach its own xsk_def_prog (like DPDK's af_xdp PMD), so rxtop's
 * program stays off the interface. Every caller that decides what to attach asks this, never ops->xdp.
 */
enum stack_xdp_need stack_xdp_need_for(const struct stack_ops *ops, const struct stack_config *cfg);

struct stack_ops {
	const char *name;
	enum stack_xdp_need xdp;
	int max_queues; /* rx queues it can serve; 0 = any number. `rxtop run` without -q gives it the first
			   ones */
	/* Can this stack run with this config here? 0, or -errno with a one-line reason in why. */
	int (*check)(const struct stack_config *cfg, char *why, size_t len);
	/* Runs in the child until *stop; publishes counters in shm. 0 or -errno (shm->message says why). */
	int (*run)(const struct stack_config *cfg, struct stack_shm *shm, volatile sig_atomic_t *stop);
};

static inline void stack_count_add(uint64_t *counter, uint64_t n)
{
	__atomic_store_n(counter, *counter + n, __ATOMIC_RELAXED);
}

static inline void stack_count_set(uint64_t *counter, uint64_t v)
{
	__atomic_store_n(counter, v, __ATOMIC_RELAXED);
}

static inline uint64_t stack_count_read(const uint64_t *counter)
{
	return __atomic_load_n(counter, __ATOMIC_RELAXED);
}

const struct stack_ops *stack_find(const char *name);
/* The n-th stack built into this rxtop (dpdk only with DPDK), or NULL after the last: for completion. */
const struct stack_ops *stack_nth(size_t n);
/*
 * Formats a failure into shm (state FAILED) and returns err. Safe from several workers at once: the first
 * failure's message and error stay, later calls only return their err.
 */
int stack_fail(struct stack_shm *shm, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Registers a loss counter name; returns its index. */
int stack_add_loss(struct stack_shm *shm, const char *where, const char *name);
/* Registers a counter of events that lose no packet (e.g. multishot re-arms); kept in the same array. */
int stack_add_event(struct stack_shm *shm, const char *where, const char *name);
/* Every queue in cfg exists on the interface and is named once; 0, or -EINVAL with the reason in why. */
int stack_check_queues(const struct stack_config *cfg, char *why, size_t len);
/* Pins the calling thread to cpus[index % ncpus] when cpus were given. */
int stack_pin_worker(const struct stack_config *cfg, int index);
/*
 * Publishes the NAPI instance the kernel last marked on socket fd. Busy polling needs one: a socket whose
 * packets came through a NAPI without an id (e.g. veth's to an AF_XDP socket) cannot busy-poll.
 */
void stack_note_napi_id(struct stack_queue_stats *stats, int fd);
/* The socket's cumulative drop count (SO_MEMINFO's SK_MEMINFO_DROPS); 0 where it cannot be read. */
uint32_t stack_socket_drops(int fd);
/* Reads every byte of a payload so copy costs show up (--touch); returns a checksum to keep it alive. */
uint64_t stack_touch(const void *data, size_t len);

extern const struct stack_ops stack_afxdp, stack_dpdk, stack_iouring, stack_iouring_zc, stack_epoll,
    stack_recvmmsg, stack_recvfrom;

#endif
