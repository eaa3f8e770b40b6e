/* `cmte bench`: the processes it starts (the hub, redis-server) and what it reads of them.
 * See bench.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tui/bench.h"
#include "tui/i18n.h"

/* The CPUs of the processes bench_spawn starts, once bench_cpus_split has pinned this one. */
static cpu_set_t server_cpus;
static bool servers_pinned;

struct bench_cpus bench_cpus_split(void)
{
    cpu_set_t all, mine;
    struct bench_cpus none = {0, 0};
    if (sched_getaffinity(0, sizeof all, &all) != 0 || CPU_COUNT(&all) < 2) return none;
    int first = 0;
    while (!CPU_ISSET(first, &all)) first++;
    CPU_ZERO(&mine);
    CPU_SET(first, &mine);
    server_cpus = all;
    CPU_CLR(first, &server_cpus);
    if (sched_setaffinity(0, sizeof mine, &mine) != 0) return none;
    servers_pinned = true;
    return (struct bench_cpus){1, CPU_COUNT(&server_cpus)};
}

/* In the child, before exec: die with the bench (a crash or SIGKILL of the bench must not
 * leave a hub or a redis-server behind), on the servers' CPUs, output to the log, and the
 * default signals back. */
static void child(char *const argv[], const char *log)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (servers_pinned) sched_setaffinity(0, sizeof server_cpus, &server_cpus); /* or anywhere */
    int out = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (out < 0 || null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
        _exit(127);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    execvp(argv[0], argv);
    _exit(127);
}

pid_t bench_spawn(char *const argv[], const char *log)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) child(argv, log);
    if (pid < 0) fprintf(stderr, _("cmte: bench: cannot start %s: %s\n"), argv[0], strerror(errno));
    return pid;
}

void bench_kill(pid_t *pid, int sig)
{
    if (*pid <= 0) return;
    kill(*pid, sig);
    while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR) continue;
    *pid = -1;
}

long bench_memory_kib(pid_t pid, const char *field)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    size_t n = strlen(field);
    long kib = -1;
    while (f && kib < 0 && fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':') kib = strtol(line + n + 1, NULL, 10);
    if (f) fclose(f);
    return kib;
}

int64_t bench_cpu_ns(pid_t pid)
{
    clockid_t id;
    struct timespec ts;
    if (clock_getcpuclockid(pid, &id) != 0 || clock_gettime(id, &ts) != 0) return -1;
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int bench_free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    int port = -1;
    if (s >= 0 && bind(s, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(s, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    if (s >= 0) close(s);
    return port;
}

bool bench_file_has(const char *path, const char *text)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    bool found = false;
    while (f && !found && fgets(line, sizeof line, f)) found = strstr(line, text) != NULL;
    if (f) fclose(f);
    return found;
}

bool bench_have(const char *program)
{
    const char *path = getenv("PATH");
    char dir[4096];
    while (path && *path) {
        size_t n = strcspn(path, ":");
        snprintf(dir, sizeof dir, "%.*s/%s", (int)n, path, program);
        if (n > 0 && access(dir, X_OK) == 0) return true;
        path += n + (path[n] == ':');
    }
    return false;
}
