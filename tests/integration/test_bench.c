/* `cmte bench --seats 20`: the table and the JSON line are there, every figure is present and
 * sane (latencies above zero, every ballot answered, every console back after the restart),
 * and nothing it started is left: no process (this test is their subreaper, so an orphan would
 * be its child) and no folder.  A second run is interrupted with SIGINT during the fan-out and
 * must clean up the same.  No timing thresholds: the figures are the bench's business. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "tests/unit/spawn.h"

enum { SEATS = 20 };

/* The bench's temporary folders go to a TMPDIR of the test's own, so that nothing else on the
 * machine can make one appear there. */
static char tmpdir[] = "/tmp/cmte-test-benchtmp-XXXXXX", tmpdir_env[64];

/* The cmte-bench-* folders there are now, as one string of names. */
static void bench_folders(char *out, size_t len)
{
    DIR *d = opendir(tmpdir);
    out[0] = '\0';
    for (struct dirent *e; d && (e = readdir(d));)
        if (strncmp(e->d_name, "cmte-bench-", 11) == 0) {
            strncat(out, e->d_name, len - strlen(out) - 2);
            strcat(out, " ");
        }
    if (d) closedir(d);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Every process the bench started has ended (reaped here as their subreaper); a tmux server
 * may take a moment after `tmux kill-server` answers. */
static void assert_no_process_left(void)
{
    for (double until = now_s() + 10;;) {
        pid_t pid = waitpid(-1, NULL, WNOHANG);
        if (pid < 0 && errno == ECHILD) return;
        if (pid == 0 && now_s() > until)
            fail_msg("a process started by the bench is still running");
        if (pid == 0) waitpid(-1, NULL, 0); /* blocks until the next one ends */
    }
}

static char *bench_argv[] = {NULL, "bench", "--seats", "20", "--lang", "en", NULL};
static char xdg[] = "XDG_CONFIG_HOME=/nonexistent"; /* no configuration of the machine's */
static char **bench_env;

/* The file's text so far (caller frees), "" when there is none yet. */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "r");
    char *text = calloc(1, 65536);
    assert_non_null(text);
    if (f) {
        size_t n = fread(text, 1, 65535, f);
        text[n] = '\0';
        fclose(f);
    }
    return text;
}

static cJSON *item(const cJSON *o, const char *path)
{
    char name[64];
    const cJSON *at = o;
    for (const char *p = path; at && *p;) {
        size_t n = strcspn(p, ".");
        snprintf(name, sizeof name, "%.*s", (int)n, p);
        at = cJSON_GetObjectItemCaseSensitive(at, name);
        p += n + (p[n] == '.');
    }
    if (!at) fail_msg("no %s in the JSON", path);
    return (cJSON *)at;
}

static double number(const cJSON *o, const char *path)
{
    const cJSON *n = item(o, path);
    if (!cJSON_IsNumber(n)) fail_msg("%s is not a number", path);
    return n->valuedouble;
}

static void assert_positive(const cJSON *o, const char *path)
{
    if (!(number(o, path) > 0)) fail_msg("%s is %g, not above 0", path, number(o, path));
}

static void check_latencies(const cJSON *l, int samples)
{
    assert_positive(l, "p50_ms");
    assert_true(number(l, "p99_ms") >= number(l, "p50_ms"));
    assert_true(number(l, "max_ms") >= number(l, "p99_ms"));
    assert_true(number(l, "last_p99_ms") >= number(l, "last_p50_ms"));
    assert_true(number(l, "last_p50_ms") >= number(l, "first_p50_ms"));
    assert_positive(l, "first_p50_ms");
    assert_int_equal((int)number(l, "samples"), samples);
    /* the server and the clients each spent some CPU on every round */
    assert_positive(l, "cpu_server_ms");
    assert_positive(l, "cpu_clients_ms");
}

static void check_run(const cJSON *run, int rounds, bool redis)
{
    assert_int_equal((int)number(run, "n"), SEATS);
    assert_positive(run, "message_bytes");
    assert_int_equal((int)number(run, "groups"), 3); /* the fan-out ran with the groups sitting */
    check_latencies(item(run, "fanout"), SEATS * rounds);
    if (redis) {
        check_latencies(item(run, "redis"), SEATS * rounds);
        assert_positive(run, "ratio.p99.median");
        assert_true(number(run, "ratio.p99.max") >= number(run, "ratio.p99.min"));
    } else {
        assert_true(cJSON_IsNull(item(run, "redis")));
    }
    assert_int_equal((int)number(run, "storm.ballots"), SEATS);
    assert_int_equal((int)number(run, "storm.acked"), SEATS);
    assert_true(number(run, "storm.commits") >= 1 && number(run, "storm.commits") <= SEATS);
    assert_positive(run, "storm.last_ms");
    assert_true(number(run, "storm.read_last_ms") >= number(run, "storm.last_ms"));
    assert_int_equal((int)number(run, "reconnect.resynced"), SEATS);
    assert_positive(run, "reconnect.listen_ms");
    assert_true(number(run, "reconnect.all_synced_ms") >= number(run, "reconnect.listen_ms"));
    assert_positive(run, "memory.hub_rss_kib");
    assert_true(number(run, "memory.hub_peak_kib") >= number(run, "memory.hub_rss_kib"));
    const cJSON *seat = item(run, "memory.seat_rss_kib");
    assert_true(cJSON_IsNull(seat) || seat->valuedouble > 0);
}

/* The bench pins itself to one CPU and the hub and redis-server to the others, when it may use
 * two or more. */
static void check_cpus(const cJSON *o)
{
    cpu_set_t mine;
    assert_int_equal(sched_getaffinity(0, sizeof mine, &mine), 0);
    int count = CPU_COUNT(&mine);
    if (count < 2) {
        assert_true(cJSON_IsNull(item(o, "cpus")));
        return;
    }
    assert_int_equal((int)number(o, "cpus.clients"), 1);
    assert_int_equal((int)number(o, "cpus.servers"), count - 1);
}

static void bench_figures(void **state)
{
    (void)state;
    char before[4096], after[4096], dir[] = "/tmp/cmte-test-bench-XXXXXX";
    bench_folders(before, sizeof before);
    assert_non_null(mkdtemp(dir));
    char *out, *err;
    int status = spawn_capture(dir, bench_argv, bench_env, &out, &err);
    rmdir(dir);
    assert_no_process_left();
    bench_folders(after, sizeof after);
    assert_string_equal(after, before);
    if (status != 0) fail_msg("cmte bench failed:\n%s", err);
    assert_non_null(strstr(out, "| measure | N = 20 |\n|---|---:|\n| fan-out p50, ms |"));
    const char *line = out; /* the last line that starts with '{' */
    for (const char *p = out; (p = strstr(p, "\n{")); p++) line = p + 1;
    cJSON *o = cJSON_Parse(line);
    if (!o) fail_msg("the last line is not JSON:\n%s", line);
    bool redis = cJSON_IsTrue(item(o, "redis"));
    int rounds = (int)number(o, "rounds");
    assert_true(rounds > 0);
    assert_int_equal(cJSON_GetArraySize(item(o, "runs")), 1);
    check_run(cJSON_GetArrayItem(item(o, "runs"), 0), rounds, redis);
    assert_int_equal((int)number(o, "goals.n"), SEATS);
    check_cpus(o);
    assert_int_equal((int)number(o, "mss"), 1448); /* Ethernet's, as on a LAN */
    assert_non_null(strstr(out, "- CPUs: 1 for this process (every console and subscriber)") ||
                    cJSON_IsNull(item(o, "cpus")));
    cJSON_Delete(o);
    free(out);
    free(err);
}

/* Ctrl-C during the fan-out: exit status 1, and everything gone all the same. */
static void bench_interrupted(void **state)
{
    (void)state;
    char before[4096], after[4096], dir[] = "/tmp/cmte-test-bench-XXXXXX", err_path[64];
    bench_folders(before, sizeof before);
    assert_non_null(mkdtemp(dir));
    snprintf(err_path, sizeof err_path, "%s/err", dir);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    assert_int_equal(posix_spawn(&pid, bench_argv[0], &fa, NULL, bench_argv, bench_env), 0);
    posix_spawn_file_actions_destroy(&fa);
    bool fanout = false;
    for (double until = now_s() + 60; !fanout && now_s() < until;) {
        struct timespec tick = {0, 20 * 1000000}; /* polling the progress lines */
        nanosleep(&tick, NULL);
        char *text = read_text(err_path);
        fanout = strstr(text, "fan-out") != NULL;
        free(text);
    }
    assert_true(fanout);
    kill(pid, SIGINT);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 1);
    char *text = spawn_read(err_path);
    assert_non_null(strstr(text, "cmte: bench: interrupted"));
    free(text);
    rmdir(dir);
    assert_no_process_left();
    bench_folders(after, sizeof after);
    assert_string_equal(after, before);
}

int main(void)
{
    bench_argv[0] = getenv("CMTE_BIN");
    if (!bench_argv[0] || !*bench_argv[0]) return 77;
    if (!mkdtemp(tmpdir)) return 1;
    snprintf(tmpdir_env, sizeof tmpdir_env, "TMPDIR=%s", tmpdir);
    char **env = spawn_clean_environ(xdg);
    size_t n = 0;
    while (env[n]) n++;
    bench_env = calloc(n + 2, sizeof *bench_env);
    if (!bench_env) return 1;
    for (size_t i = 0, k = 0; i < n; i++)
        if (strncmp(env[i], "TMPDIR=", 7) != 0) bench_env[k++] = env[i];
    for (size_t k = 0;; k++)
        if (!bench_env[k]) {
            bench_env[k] = tmpdir_env;
            break;
        }
    free(env);
    prctl(PR_SET_CHILD_SUBREAPER, 1); /* what the bench leaves behind becomes ours */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bench_figures),
        cmocka_unit_test(bench_interrupted),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(tmpdir);
    free(bench_env);
    return failed;
}
