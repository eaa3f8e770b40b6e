/* A link asks for the TCP segment size its options give (`cmte bench` asks for Ethernet's on
 * loopback, see tui/bench.h): the connection a listener on 127.0.0.1 accepts from it sends no
 * larger segments.  Without the option the link takes the system's, loopback's 64 KB. */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "net/keys.h"
#include "net/link.h"

enum { ETHERNET_MSS = 1448, WAIT_MS = 5000 };

/* A non-blocking listener on 127.0.0.1 at a free port. */
static int listener(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(fd, 4), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    *port = ntohs(a.sin_port);
    return fd;
}

/* The segment size of the connection a link with mss in its options makes, as its peer sends. */
static int peer_mss_of_link(int mss)
{
    int port, lfd = listener(&port);
    struct link_options o = {.host = "127.0.0.1",
                             .port = port,
                             .frame_max = 1 << 16,
                             .queue_limit = 1 << 16,
                             .heartbeat_ms = 1000,
                             .timeout_ms = 5000,
                             .retry_min_ms = 1000,
                             .retry_max_ms = 1000,
                             .mss = mss};
    assert_int_equal(key_generate(&o.key), 0);
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct link *l = link_start(&loop, &o, NULL, NULL);
    assert_non_null(l);
    int cfd = -1;
    for (int waited = 0; cfd < 0 && waited < WAIT_MS; waited++) {
        uv_run(&loop, UV_RUN_NOWAIT); /* the lookup, then the connection */
        cfd = accept(lfd, NULL, NULL);
        if (cfd < 0) usleep(1000);
    }
    assert_true(cfd >= 0);
    int seg = 0;
    socklen_t len = sizeof seg;
    assert_int_equal(getsockopt(cfd, IPPROTO_TCP, TCP_MAXSEG, &seg, &len), 0);
    close(cfd);
    close(lfd);
    link_stop(l, NULL, NULL);
    uv_run(&loop, UV_RUN_DEFAULT);
    assert_int_equal(uv_loop_close(&loop), 0);
    key_wipe(&o.key);
    return seg;
}

static void a_link_asks_for_its_segment_size(void **state)
{
    (void)state;
    int seg = peer_mss_of_link(ETHERNET_MSS);
    assert_true(seg > 0);
    assert_true(seg <= ETHERNET_MSS);
}

static void without_the_option_loopback_segments_are_larger(void **state)
{
    (void)state;
    assert_true(peer_mss_of_link(0) > ETHERNET_MSS);
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_link_asks_for_its_segment_size),
        cmocka_unit_test(without_the_option_loopback_segments_are_larger),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
