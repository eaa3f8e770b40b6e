/* The reliability suite's driver: runs the scenarios in turn, then prints the table (scenario,
 * faults injected, commands acknowledged, found after recovery, lost, duplicated, time to
 * recover), one JSON line, and a TAP line per scenario (tests/run counts them).  The exit status
 * is not 0 when anything was lost or duplicated, or a scenario failed.
 *
 * CMTE_TORTURE=full is `make torture`'s profile (200 seats, many faults, the soak); anything
 * else is the short one `make check` runs.  CMTE_TORTURE_ONLY=name,name runs only those;
 * CMTE_TORTURE_SEED fixes the random choices (the seed is printed); CMTE_TORTURE_KEEP keeps the
 * temporary folders.  See docs/RELIABILITY.md. */
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "torture.h"

static uint32_t rng_state;

uint32_t tt_rand(void)
{
    rng_state ^= rng_state << 13; /* xorshift32: the same seed, the same run */
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

int tt_between(int lo, int hi)
{
    return hi <= lo ? lo : lo + (int)(tt_rand() % (uint32_t)(hi - lo + 1));
}

double tt_ms(int64_t ns)
{
    return (double)ns / 1e6;
}

void tt_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("# torture: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void vnote(struct tt_result *r, const char *fmt, va_list ap)
{
    size_t n = strlen(r->note);
    if (n && n + 2 < sizeof r->note) {
        snprintf(r->note + n, sizeof r->note - n, "; ");
        n += 2;
    }
    vsnprintf(r->note + n, sizeof r->note - n, fmt, ap);
}

void tt_fail(struct tt_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char text[256];
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    tt_say("%s: FAILED: %s", r->name, text);
    if (r->ok) r->note[0] = '\0'; /* the failure comes first */
    if (r->ok) snprintf(r->note, sizeof r->note, "%s", text);
    r->ok = false;
}

void tt_note(struct tt_result *r, const char *fmt, ...)
{
    if (!r->ok) return; /* the failure says it all */
    va_list ap;
    va_start(ap, fmt);
    vnote(r, fmt, ap);
    va_end(ap);
}

void tt_skip(struct tt_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    r->note[0] = '\0';
    vnote(r, fmt, ap);
    va_end(ap);
    r->skipped = true;
    tt_say("%s: skipped: %s", r->name, r->note);
}

struct scenario {
    const char *name;
    void (*run)(const struct tt_profile *p, struct tt_result *r);
    bool full_only;
};

static const struct scenario scenarios[] = {
    {"hub-killed", tt_hub_killed, false},
    {"seats-dropping", tt_seats_dropping, false},
    {"bad-network", tt_bad_network, false},
    {"stuck-consoles", tt_stuck_consoles, false},
    {"disk-trouble", tt_disk_trouble, false},
    {"hostile", tt_hostile, false},
    {"soak", tt_soak, true},
    {"secrecy", tt_secrecy, false},
};
enum { SCENARIOS = sizeof scenarios / sizeof scenarios[0] };

static bool wanted(const char *name)
{
    const char *only = getenv("CMTE_TORTURE_ONLY");
    if (!only || !*only) return true;
    size_t n = strlen(name);
    for (const char *p = only; (p = strstr(p, name)) != NULL; p += n)
        if ((p == only || p[-1] == ',') && (p[n] == ',' || p[n] == '\0')) return true;
    return false;
}

static void profile_of(struct tt_profile *p)
{
    const char *mode = getenv("CMTE_TORTURE");
    const char *seed = getenv("CMTE_TORTURE_SEED");
    p->full = mode && strcmp(mode, "full") == 0;
    p->seats = p->full ? 200 : 30;
    p->kills = p->full ? 25 : 2;
    p->cuts = p->full ? 60 : 8;
    p->soak_rounds = 40;
    p->seed = seed ? (uint32_t)strtoul(seed, NULL, 10) : (uint32_t)time(NULL) ^ (uint32_t)getpid();
    if (!p->seed) p->seed = 1;
}

static void recover_text(const struct tt_result *r, char *out, size_t len)
{
    if (r->recover_ms < 0)
        snprintf(out, len, "-");
    else
        snprintf(out, len, "%.0f ms", r->recover_ms);
}

static void table(const struct tt_result *rs, int n)
{
    printf("\n| scenario | faults injected | acknowledged | found after recovery | lost | "
           "duplicated | time to recover | result |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (int i = 0; i < n; i++) {
        const struct tt_result *r = &rs[i];
        char rec[32];
        recover_text(r, rec, sizeof rec);
        if (r->skipped)
            printf("| %s | - | - | - | - | - | - | skipped: %s |\n", r->name, r->note);
        else
            printf("| %s | %d | %d | %d | %d | %d | %s | %s%s%s |\n", r->name, r->faults, r->acked,
                   r->found, r->lost, r->duplicated, rec, r->ok ? "ok" : "FAILED",
                   r->note[0] ? ": " : "", r->note);
    }
}

static void json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            printf("\\u%04x", *s);
        else
            putchar(*s);
    }
    putchar('"');
}

static void json(const struct tt_profile *p, const struct tt_result *rs, int n, double seconds)
{
    printf("{\"torture\":{\"profile\":\"%s\",\"seed\":%u,\"seats\":%d,\"seconds\":%.1f,"
           "\"scenarios\":[",
           p->full ? "full" : "short", p->seed, p->seats, seconds);
    for (int i = 0; i < n; i++) {
        const struct tt_result *r = &rs[i];
        printf("%s{\"name\":\"%s\",\"skipped\":%s,\"ok\":%s,\"faults\":%d,\"acknowledged\":%d,"
               "\"found\":%d,\"lost\":%d,\"duplicated\":%d,\"recover_ms\":%.0f,\"note\":",
               i ? "," : "", r->name, r->skipped ? "true" : "false", r->ok ? "true" : "false",
               r->faults, r->acked, r->found, r->lost, r->duplicated, r->recover_ms);
        json_string(r->note);
        putchar('}');
    }
    printf("]}}\n");
}

int main(void)
{
    struct tt_profile p;
    profile_of(&p);
    rng_state = p.seed;
    signal(SIGPIPE, SIG_IGN);
    struct rlimit files; /* the links, the proxies and the hostile connections */
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
    if (sodium_init() < 0) return 2;
    tt_say("profile %s, seed %u (CMTE_TORTURE_SEED=%u repeats it)", p.full ? "full" : "short",
           p.seed, p.seed);
    struct tt_result rs[SCENARIOS];
    int n = 0, bad = 0;
    int64_t start = bench_now_ns();
    printf("1..%d\n", SCENARIOS);
    for (int i = 0; i < SCENARIOS; i++) {
        const struct scenario *s = &scenarios[i];
        struct tt_result *r = &rs[n++];
        *r = (struct tt_result){.name = s->name, .ok = true, .recover_ms = -1};
        if (!wanted(s->name))
            tt_skip(r, "not in CMTE_TORTURE_ONLY");
        else if (s->full_only && !p.full)
            tt_skip(r, "make torture only");
        else {
            tt_say("%s", s->name);
            int64_t t0 = bench_now_ns();
            s->run(&p, r);
            tt_say("%s: %s in %.1f s", s->name,
                   r->skipped ? "skipped"
                   : r->ok    ? "ok"
                              : "FAILED",
                   tt_ms(bench_now_ns() - t0) / 1000);
        }
        bool failed = !r->skipped && (!r->ok || r->lost || r->duplicated);
        bad += failed;
        printf("%sok %d - %s%s%s\n", failed ? "not " : "", i + 1, s->name,
               r->skipped ? " # SKIP " : "", r->skipped ? r->note : "");
        fflush(stdout);
    }
    table(rs, n);
    json(&p, rs, n, tt_ms(bench_now_ns() - start) / 1000);
    return bad ? 1 : 0;
}
