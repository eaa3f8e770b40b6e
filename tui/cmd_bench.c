/* `cmte bench`: the hub measured under load on this machine (issue 7), at N = 50, 200 and 1000
 * consoles, or at --seats N only: fan-out against Redis pub/sub, a ballot storm, a reconnect
 * storm, memory.  Progress on standard error; the figures on standard output, a Markdown table
 * then one JSON object on a line of its own.  Every process and file it starts is gone at the
 * end, also after a failure or Ctrl-C.  See tui/bench.h. */
#include <signal.h>
#include <sodium.h>
#include <stdio.h>

#include "tui/bench.h"
#include "tui/commands.h"
#include "tui/hosting.h"
#include "tui/i18n.h"

static const int default_sizes[] = {50, 200, 1000};
enum { SIZES = sizeof default_sizes / sizeof default_sizes[0] };

int cmd_bench(const struct cli *cli, const struct config *cfg)
{
    int sizes[SIZES], count = 0;
    if (cli->seats > 0)
        sizes[count++] = cli->seats;
    else
        for (int i = 0; i < SIZES; i++) sizes[count++] = default_sizes[i];
    if (sodium_init() < 0) {
        fprintf(stderr, "cmte: bench: libsodium cannot start\n");
        return EXIT_FAIL;
    }
    signal(SIGPIPE, SIG_IGN);
    hosting_raise_fd_limit(); /* N links and N Redis subscribers: more than 1024 files */
    bool redis = bench_have("redis-server");
    if (!redis)
        fprintf(stderr, _("cmte: bench: redis-server is not installed: no Redis reference "
                          "(`make bench` installs it)\n"));
    struct bench_cpus cpus = bench_cpus_split();
    struct bench_loop bl;
    bench_loop_open(&bl);
    struct bench_result results[SIZES];
    int done = 0;
    bool ok = true;
    for (int i = 0; ok && i < count; i++) {
        ok = bench_run(&bl, cfg, sizes[i], redis, &results[done]);
        done += ok;
    }
    if (bl.interrupted) fprintf(stderr, _("cmte: bench: interrupted\n"));
    bench_loop_close(&bl);
    bench_report(stdout, results, done, redis, cpus);
    return ok ? EXIT_OK : EXIT_FAIL;
}
