/*
 * cbench: the C contenders of the Konnect Curl benchmark, whose faster one is the ceiling the
 * JVM contenders are measured against. Plain libcurl multi interface, N transfers kept in
 * flight, easy handles and connections reused, CURLMOPT_MAX_HOST_CONNECTIONS = N, in one of two
 * designs:
 *   c-epoll (default): curl_multi_socket_action driven by epoll, the event mechanism the engine uses;
 *   c-poll (--poll):   a plain loop of curl_multi_perform and curl_multi_poll, libcurl's own wait.
 * The write callback touches every byte of the body (sums it as 64-bit words, then the tail
 * bytes), like the Java contenders' callbacks do; built with -O3 so that gcc vectorizes it.
 *
 *   cbench run   URL COUNT INFLIGHT WARMUP RUNS [--poll] [--cacert FILE] [--http2] [--stdin]
 *                warm-up transfers, then RUNS measured runs; with --stdin, one measured run per
 *                line "run" read from stdin, until "quit" or the end of input (the harness's rounds)
 *   cbench stall URL COUNT SETTLE_S MEASURE_S      COUNT transfers that never get an answer:
 *                                                  CPU used while waiting on them
 *
 * --cacert FILE verifies the server against the CA certificates in FILE (CURLOPT_CAINFO);
 * --http2 asks for HTTP/2 over TLS (CURL_HTTP_VERSION_2TLS) with CURLOPT_PIPEWAIT, so that the
 * transfers multiplex on one connection (CURLMOPT_PIPELINING = CURLPIPE_MULTIPLEX).
 *
 * Output lines start with "BENCH " and are read by org.konnect.curl.bench.Harness.
 */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define MAX_EVENTS 256

static CURLM *multi;
static int epfd;
static int64_t deadline_ms = -1;
static long long body_bytes;
static uint64_t checksum;
static long long failures;

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t cpu_ns(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ((int64_t) ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000
         + ((int64_t) ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

static long peak_rss_kb(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long kb = -1;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "VmHWM:", 6) == 0) { kb = strtol(line + 6, NULL, 10); break; }
    }
    fclose(f);
    return kb;
}

static void die(const char *what) {
    fprintf(stderr, "cbench: %s\n", what);
    exit(2);
}

/* The sum of a body chunk as 64-bit words, then its tail bytes. A counted loop over whole
 * words with memcpy loads is the shape gcc -O3 turns into a vector reduction (check with
 * -fopt-info-vec: "loop vectorized"), so this is at least as fast as the JIT's loop. */
static uint64_t touch(const unsigned char *p, size_t len) {
    size_t words = len / 8;
    uint64_t s = 0;
    for (size_t k = 0; k < words; k++) {
        uint64_t w;
        memcpy(&w, p + k * 8, 8);
        s += w;
    }
    for (size_t i = words * 8; i < len; i++) s += p[i];
    return s;
}

static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
    (void) userdata;
    size_t len = size * nmemb;
    checksum += touch((const unsigned char *) ptr, len);
    body_bytes += (long long) len;
    return len;
}

/*
 * c-epoll keeps a connection's registration across its transfers, as the engine does (its
 * native/src/main/c/sockets.c says why): after CURL_POLL_REMOVE the socket stays registered, a
 * later request for the same events makes no system call, and a registration nobody wants is
 * dropped when it reports readiness or before its socket closes. Only sockets created and closed
 * through the callbacks below are kept; others (the resolver's socketpair) follow libcurl literally.
 */
typedef struct { uint8_t kernel, want, tracked; } reg;   /* by fd: epoll bits | 0x80 when set */
static reg *regs;
static int regs_cap;

static reg *reg_of(int fd) {
    if (fd >= regs_cap) {
        int cap = regs_cap ? regs_cap * 2 : 1024;
        while (cap <= fd) cap *= 2;
        regs = realloc(regs, (size_t) cap * sizeof *regs);
        if (!regs) die("out of memory");
        memset(regs + regs_cap, 0, (size_t) (cap - regs_cap) * sizeof *regs);
        regs_cap = cap;
    }
    return &regs[fd];
}

static void unregister(int fd, reg *r) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
    r->kernel = 0;
}

static int socket_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp) {
    (void) easy; (void) userp; (void) socketp;
    reg *r = reg_of(s);
    if (what == CURL_POLL_REMOVE) {
        r->want = 0;
        if (!r->tracked || (r->kernel & EPOLLOUT)) unregister(s, r);   /* an idle socket is writable at once */
        return 0;
    }
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0);
    ev.data.fd = s;
    r->want = (uint8_t) (0x80 | ev.events);
    if (r->tracked && r->kernel == r->want) return 0;
    int op = r->kernel ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    if (epoll_ctl(epfd, op, s, &ev) < 0) {
        /* The table is behind the kernel (an fd reused after a close, or one registered before). */
        int retry = (op == EPOLL_CTL_ADD && errno == EEXIST) ? EPOLL_CTL_MOD
                  : (op == EPOLL_CTL_MOD && errno == ENOENT) ? EPOLL_CTL_ADD : -1;
        if (retry < 0 || epoll_ctl(epfd, retry, s, &ev) < 0) {
            r->kernel = 0;
            return -1;
        }
    }
    r->kernel = r->want;
    return 0;
}

static int sockopt_cb(void *clientp, curl_socket_t fd, curlsocktype purpose) {
    (void) clientp;
    reg *r = reg_of(fd);
    memset(r, 0, sizeof *r);
    r->tracked = purpose == CURLSOCKTYPE_IPCXN;
    return CURL_SOCKOPT_OK;
}

static int closesocket_cb(void *clientp, curl_socket_t fd) {
    (void) clientp;
    reg *r = reg_of(fd);
    if (r->kernel) unregister(fd, r);
    memset(r, 0, sizeof *r);
    return close(fd);
}

static int timer_cb(CURLM *m, long timeout_ms, void *userp) {
    (void) m; (void) userp;
    deadline_ms = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    return 0;
}

/* c-poll: libcurl's own loop, curl_multi_poll (which also honours libcurl's timeout) then
 * curl_multi_perform, which acts on every transfer whose socket or timer is due. */
static int use_poll;

static void loop_once_poll(int max_wait) {
    int running;
    if (curl_multi_poll(multi, NULL, 0, max_wait, NULL) != CURLM_OK) die("curl_multi_poll failed");
    if (curl_multi_perform(multi, &running) != CURLM_OK) die("curl_multi_perform failed");
}

/* One loop iteration: wait for sockets or the timer (at most max_wait ms), act on them. */
static void loop_once(int max_wait) {
    if (use_poll) {
        loop_once_poll(max_wait);
        return;
    }
    static struct epoll_event events[MAX_EVENTS];
    int running, wait = max_wait;
    if (deadline_ms >= 0) {
        int64_t left = deadline_ms - now_ms();
        if (left < wait) wait = left < 0 ? 0 : (int) left;
    }
    int n = epoll_wait(epfd, events, MAX_EVENTS, wait);
    if (n < 0 && errno != EINTR) die("epoll_wait failed");
    for (int i = 0; i < n; i++) {
        uint32_t ev = events[i].events;
        reg *r = reg_of(events[i].data.fd);
        if (r->kernel && !r->want) {   /* a kept registration whose idle connection became readable */
            unregister(events[i].data.fd, r);
            continue;
        }
        int flags = ((ev & EPOLLIN) ? CURL_CSELECT_IN : 0) | ((ev & EPOLLOUT) ? CURL_CSELECT_OUT : 0)
                  | ((ev & (EPOLLERR | EPOLLHUP)) ? CURL_CSELECT_ERR : 0);
        curl_multi_socket_action(multi, events[i].data.fd, flags, &running);
    }
    if (deadline_ms >= 0 && now_ms() >= deadline_ms) {
        deadline_ms = -1;
        curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
    }
}

static CURL **handles;
static int handle_count;
static const char *the_url;
static const char *ca_file;   /* --cacert */
static int http2;             /* --http2 */
static long long new_connections;   /* CURLINFO_NUM_CONNECTS summed: connections opened */
/* CBENCH_RESET=1 (an experiment for profiling, not used by the harness): curl_easy_reset and
 * set the options again before each transfer, the way the engine recycles its pooled handles. */
static int reset_each;

static void set_options(CURL *h) {
    curl_easy_setopt(h, CURLOPT_URL, the_url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
    /* As the engine does: without it libcurl swaps the SIGPIPE handler around every call
     * (three rt_sigaction system calls per small GET in strace -c). */
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    if (!use_poll) {
        curl_easy_setopt(h, CURLOPT_SOCKOPTFUNCTION, sockopt_cb);
        curl_easy_setopt(h, CURLOPT_CLOSESOCKETFUNCTION, closesocket_cb);
    }
    if (ca_file) curl_easy_setopt(h, CURLOPT_CAINFO, ca_file);
    if (http2) {
        if (curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_2TLS) != CURLE_OK) die("this libcurl has no HTTP/2");
        curl_easy_setopt(h, CURLOPT_PIPEWAIT, 1L);
    }
}

static CURL *make_handle(void) {
    CURL *h = curl_easy_init();
    if (!h) die("curl_easy_init failed");
    set_options(h);
    return h;
}

/* Runs COUNT transfers of URL with INFLIGHT in flight; returns how many completed with 200. */
static long long run_transfers(long long count, int inflight) {
    long long started = 0, done = 0, ok = 0;
    int first = inflight < count ? inflight : (int) count;
    for (int i = 0; i < first; i++, started++) {
        if (curl_multi_add_handle(multi, handles[i]) != CURLM_OK) die("curl_multi_add_handle failed");
    }
    while (done < count) {
        loop_once(1000);
        CURLMsg *msg;
        int queued;
        while ((msg = curl_multi_info_read(multi, &queued))) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURL *h = msg->easy_handle;
            CURLcode result = msg->data.result;
            long code = 0, connects = 0;
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
            curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
            new_connections += connects;
            curl_multi_remove_handle(multi, h);
            done++;
            if (result == CURLE_OK && code == 200) ok++;
            else if (failures++ < 5) fprintf(stderr, "cbench: transfer failed: %s (HTTP %ld)\n", curl_easy_strerror(result), code);
            if (started < count) {
                started++;
                if (reset_each) {
                    curl_easy_reset(h);
                    set_options(h);
                }
                if (curl_multi_add_handle(multi, h) != CURLM_OK) die("curl_multi_add_handle failed");
            }
        }
    }
    return ok;
}

static void setup(const char *url, int inflight, long max_host) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) die("curl_global_init failed");
    multi = curl_multi_init();
    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (!multi || epfd < 0) die("cannot create the multi handle");
    if (!use_poll) {   /* c-poll lets curl_multi_poll watch the sockets */
        curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
        curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, timer_cb);
    }
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, (long) CURLPIPE_MULTIPLEX);
    if (max_host > 0) curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max_host);
    handle_count = inflight;
    the_url = url;
    reset_each = getenv("CBENCH_RESET") && strcmp(getenv("CBENCH_RESET"), "1") == 0;
    handles = calloc((size_t) inflight, sizeof *handles);
    if (!handles) die("out of memory");
    for (int i = 0; i < inflight; i++) handles[i] = make_handle();
}

/* One measured run, printed as a BENCH run line. */
static void measured_run(long long count, int inflight) {
    long long bytes0 = body_bytes, connections0 = new_connections;
    int64_t cpu0 = cpu_ns(), t0 = now_ns();
    long long ok = run_transfers(count, inflight);
    int64_t wall = now_ns() - t0, cpu = cpu_ns() - cpu0;
    printf("BENCH run ops=%lld bytes=%lld wall_ns=%lld cpu_ns=%lld failed=%lld connections=%lld\n", ok,
           body_bytes - bytes0, (long long) wall, (long long) cpu, count - ok, new_connections - connections0);
    fflush(stdout);
}

/* The flags after the positional arguments of run: --poll, --cacert FILE, --http2, --stdin. */
static int parse_flags(int argc, char **argv, int from, int *from_stdin) {
    for (int i = from; i < argc; i++) {
        if (strcmp(argv[i], "--poll") == 0) use_poll = 1;
        else if (strcmp(argv[i], "--http2") == 0) http2 = 1;
        else if (strcmp(argv[i], "--stdin") == 0) *from_stdin = 1;
        else if (strcmp(argv[i], "--cacert") == 0 && i + 1 < argc) ca_file = argv[++i];
        else {
            fprintf(stderr, "cbench: unknown flag %s\n", argv[i]);
            return -1;
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 7 && strcmp(argv[1], "run") == 0) {
        const char *url = argv[2];
        long long count = atoll(argv[3]);
        int inflight = atoi(argv[4]);
        long long warmup = atoll(argv[5]);
        int runs = atoi(argv[6]);
        int from_stdin = 0;
        if (parse_flags(argc, argv, 7, &from_stdin) < 0) return 2;
        if (count <= 0 || inflight <= 0) die("COUNT and INFLIGHT must be positive");
        setup(url, inflight, inflight);
        if (warmup > 0) {
            long long ok = run_transfers(warmup, inflight);
            printf("BENCH warmup ops=%lld failed=%lld connections=%lld\n", ok, warmup - ok, new_connections);
            fflush(stdout);
        }
        if (from_stdin) {
            char line[64];
            while (fgets(line, sizeof line, stdin) && strncmp(line, "quit", 4) != 0) {
                if (strncmp(line, "run", 3) == 0) measured_run(count, inflight);
                else fprintf(stderr, "cbench: unknown command %s", line);
            }
        } else {
            for (int r = 0; r < runs; r++) measured_run(count, inflight);
        }
        printf("BENCH end peak_rss_kb=%ld checksum=%llu\n", peak_rss_kb(), (unsigned long long) checksum);
    } else if (argc >= 6 && strcmp(argv[1], "stall") == 0) {
        const char *url = argv[2];
        int count = atoi(argv[3]);
        int settle = atoi(argv[4]), measure = atoi(argv[5]);
        setup(url, count, 0);
        for (int i = 0; i < count; i++) {
            if (curl_multi_add_handle(multi, handles[i]) != CURLM_OK) die("curl_multi_add_handle failed");
        }
        int64_t end = now_ms() + settle * 1000L;
        while (now_ms() < end) loop_once((int) (end - now_ms()));
        struct rusage ru0, ru1;
        getrusage(RUSAGE_SELF, &ru0);
        int64_t cpu0 = cpu_ns(), t0 = now_ns();
        end = now_ms() + measure * 1000L;
        long iterations = 0;
        while (now_ms() < end) { loop_once((int) (end - now_ms())); iterations++; }
        int64_t wall = now_ns() - t0, cpu = cpu_ns() - cpu0;
        getrusage(RUSAGE_SELF, &ru1);
        long switches = (ru1.ru_nvcsw - ru0.ru_nvcsw) + (ru1.ru_nivcsw - ru0.ru_nivcsw);
        int running = 0;
        curl_multi_perform(multi, &running);
        printf("BENCH idle case=stalled transfers=%d running=%d wall_ns=%lld process_cpu_ns=%lld thread_cpu_ns=%lld loops=%ld wakeups=%ld thread=main busiest_ms=cbench=%.2f\n",
               count, running, (long long) wall, (long long) cpu, (long long) cpu, iterations, switches, cpu / 1e6);
        printf("BENCH end peak_rss_kb=%ld\n", peak_rss_kb());
    } else {
        fprintf(stderr, "usage: cbench run URL COUNT INFLIGHT WARMUP RUNS [--poll] [--cacert FILE] [--http2] [--stdin]"
                        " | cbench stall URL COUNT SETTLE_S MEASURE_S\n");
        return 2;
    }
    return 0;
}
