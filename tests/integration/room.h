/* A meeting room for integration tests: a temporary folder with a hub configuration on a free
 * loopback port, the sample committee and meeting imported, consoles enrolled, and the real
 * `cmte serve` and `cmte ctl` processes started from it.  Header-only, for tests/integration/.
 * Everything runs on 127.0.0.1; every process started is stopped by room_close. */
#ifndef CMTE_TESTS_ROOM_H
#define CMTE_TESTS_ROOM_H

#include <arpa/inet.h>
#include <cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <time.h>

#include "../unit/spawn.h"

enum { ROOM_WATCHERS = 8 };

struct room {
    char dir[256]; /* short: every path in it fits PATH_MAX */
    char config[PATH_MAX];
    int port;
    pid_t hub;
    int hub_starts;
    pid_t watchers[ROOM_WATCHERS];
    int nwatchers;
    char **env;
    char xdg[PATH_MAX + 32];
    char sanitizer_options[2][PATH_MAX + 512];
};

static inline const char *room_bin(void)
{
    const char *bin = getenv("CMTE_BIN");
    if (!bin) fail_msg("CMTE_BIN is not set (tests/run sets it)");
    return bin;
}

static inline void room_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* A port nobody listens on now (the kernel's choice of an ephemeral one). */
static inline int room_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

static inline void room_path(const struct room *r, const char *name, char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s", r->dir, name);
}

/* Run cmte with args (NULL-terminated); its exit status, *out its standard output (caller
 * frees; may be NULL to discard); its standard error is shown in the test's output. */
static inline int room_run_args(struct room *r, char **out, const char *const args[])
{
    char *argv[32] = {(char *)room_bin()};
    int n = 1;
    for (; n < 31 && args[n - 1]; n++) argv[n] = (char *)args[n - 1];
    argv[n] = NULL;
    char *o, *e;
    int rc = spawn_capture(r->dir, argv, r->env, &o, &e);
    if (e[0]) fprintf(stderr, "# %s %s: %s", argv[1], n > 2 ? argv[2] : "", e);
    free(e);
    if (out)
        *out = o;
    else
        free(o);
    return rc;
}
#define room_run(r, out, ...) room_run_args((r), (out), (const char *[]){__VA_ARGS__, NULL})

/* Start cmte in the background with stdout to DIR/out_name and stderr to DIR/err_name. */
static inline pid_t room_spawn(struct room *r, const char *out_name, const char *err_name,
                               char *const argv[])
{
    char out[PATH_MAX], err[PATH_MAX];
    room_path(r, out_name, out, sizeof out);
    room_path(r, err_name, err, sizeof err);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_APPEND, 0600);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, r->env);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) fail_msg("cannot run %s: %s", argv[0], strerror(rc));
    return pid;
}

/* The whole file DIR/name as text ("" when absent); caller frees. */
static inline char *room_file(const struct room *r, const char *name)
{
    char path[PATH_MAX];
    room_path(r, name, path, sizeof path);
    FILE *f = fopen(path, "rb");
    char *buf = calloc(1, 1);
    if (!f) return buf;
    size_t n = 0;
    for (int c; (c = fgetc(f)) != EOF; n++) {
        if ((n & 4095) == 0) {
            char *grown = realloc(buf, n + 4097);
            assert_non_null(grown);
            buf = grown;
        }
        buf[n] = (char)c;
        buf[n + 1] = '\0';
    }
    fclose(f);
    return buf;
}

/* How many times text occurs in DIR/name. */
static inline int room_count(const struct room *r, const char *name, const char *text)
{
    char *all = room_file(r, name);
    int n = 0;
    for (const char *p = all; (p = strstr(p, text)) != NULL; p += strlen(text)) n++;
    free(all);
    return n;
}

/* Wait (up to 20 s) until text occurs at least `times` times in DIR/name. */
static inline void room_wait_for(const struct room *r, const char *name, const char *text,
                                 int times)
{
    for (int i = 0; i < 2000; i++) {
        if (room_count(r, name, text) >= times) return;
        room_sleep_ms(10);
    }
    char *all = room_file(r, name);
    fail_msg("no \"%s\" (x%d) in %s after 20 s:\n%s", text, times, name, all);
}

/* How many lines of DIR/name contain a, and b too when b is not NULL. */
static inline int room_lines(const struct room *r, const char *name, const char *a, const char *b)
{
    char *all = room_file(r, name);
    int n = 0;
    for (char *line = all, *end; *line; line = end) {
        end = strchr(line, '\n');
        end = end ? end + 1 : line + strlen(line);
        char saved = *end;
        *end = '\0';
        if (strstr(line, a) && (!b || strstr(line, b))) n++;
        *end = saved;
    }
    free(all);
    return n;
}

/* Wait up to timeout_ms until room_lines(r, name, a, b) reaches times; whether it did. */
static inline bool room_await_lines(const struct room *r, const char *name, const char *a,
                                    const char *b, int times, int timeout_ms)
{
    for (int waited = 0;; waited += 10) {
        if (room_lines(r, name, a, b) >= times) return true;
        if (waited >= timeout_ms) return false;
        room_sleep_ms(10);
    }
}

/* One number from the hub's database (read-only, beside the running hub), from a query with at
 * most one text parameter (bound when arg is not NULL).  The test fails when it cannot be read. */
static inline int64_t room_db_number_in(const struct room *r, const char *file, const char *sql,
                                        const char *arg)
{
    char path[PATH_MAX];
    room_path(r, file, path, sizeof path);
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int64_t n = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_busy_timeout(db, 5000) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        (!arg || sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT) == SQLITE_OK) &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (n < 0) fail_msg("cannot read %s: %s", path, sql);
    return n;
}

static inline int64_t room_db_number(const struct room *r, const char *sql, const char *arg)
{
    return room_db_number_in(r, "cmte.db", sql, arg);
}

/* The journal's last seq (0 when empty), and how many of its rows are events of type. */
static inline int64_t room_journal_head(const struct room *r)
{
    return room_db_number(r, "SELECT coalesce(max(seq), 0) FROM journal", NULL);
}
static inline int64_t room_journal_count(const struct room *r, const char *type)
{
    return room_db_number(r, "SELECT count(*) FROM journal WHERE type = ?1", type);
}

/* The journal's last seq once nothing has been appended for quiet_ms (up to 20 s). */
static inline int64_t room_journal_quiet(const struct room *r, int quiet_ms)
{
    int64_t head = room_journal_head(r);
    for (int still = 0, waited = 0; still < quiet_ms; waited += 50) {
        if (waited > 20000)
            fail_msg("the journal is still growing after 20 s (seq %lld)", (long long)head);
        room_sleep_ms(50);
        int64_t now = room_journal_head(r);
        still = now == head ? still + 50 : 0;
        head = now;
    }
    return head;
}

static inline void room_hub_start(struct room *r)
{
    char *argv[] = {(char *)room_bin(), "serve", "--config", r->config, NULL};
    r->hub = room_spawn(r, "hub.out", "hub.log", argv);
    r->hub_starts++;
    room_wait_for(r, "hub.log", "hub: serving on", r->hub_starts);
}

/* Stop the hub with sig (SIGKILL: a crash) and reap it; its wait status (0 when none ran). */
static inline int room_hub_stop(struct room *r, int sig)
{
    if (r->hub <= 0) return 0;
    kill(r->hub, sig);
    int status = 0;
    waitpid(r->hub, &status, 0);
    r->hub = 0;
    return status;
}

/* Asked to stop (SIGTERM), the hub closes everything and exits 0 (under ASan: and leaks
 * nothing). */
static inline void room_hub_stops_cleanly(struct room *r)
{
    int status = room_hub_stop(r, SIGTERM);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* `cmte ctl --watch` as console `name`; its lines go to DIR/watch-NAME. */
static inline void room_watch(struct room *r, const char *name)
{
    char cfg[PATH_MAX], out[64], err[64];
    snprintf(cfg, sizeof cfg, "%s/%s.ini", r->dir, name);
    snprintf(out, sizeof out, "watch-%s", name);
    snprintf(err, sizeof err, "watch-%s.err", name);
    char *argv[] = {(char *)room_bin(), "ctl", "--watch", "--config", cfg, NULL};
    assert_true(r->nwatchers < ROOM_WATCHERS);
    r->watchers[r->nwatchers++] = room_spawn(r, out, err, argv);
}

/* Stop watcher w (room_watch) and reap it: the last {"t":"state"} line it printed, to
 * cJSON_Delete. */
static inline cJSON *room_final_state(struct room *r, int w, const char *name)
{
    kill(r->watchers[w], SIGTERM);
    int status;
    assert_int_equal(waitpid(r->watchers[w], &status, 0), r->watchers[w]);
    r->watchers[w] = 0;
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    char *all = room_file(r, name);
    char *line = strstr(all, "{\"t\":\"state\"");
    if (!line) fail_msg("%s printed no final state:\n%s", name, all);
    cJSON *s = cJSON_Parse(line);
    free(all);
    return s;
}

/* Watcher w (room_watch) stopped holds the hub's state (hub: `cmte ctl --state`): the same seq
 * and digest. */
static inline void room_watch_is_hub(struct room *r, int w, const char *name, const cJSON *hub)
{
    cJSON *mine = room_final_state(r, w, name);
    assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(mine, "seq")),
                     cJSON_GetNumberValue(cJSON_GetObjectItem(hub, "seq")));
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(mine, "digest")),
                        cJSON_GetStringValue(cJSON_GetObjectItem(hub, "digest")));
    cJSON_Delete(mine);
}

/* One command as console `name` (pin may be NULL); the answer line parsed, exit status in *rc. */
static inline cJSON *room_ctl(struct room *r, const char *name, const char *pin, int *rc,
                              const char *fmt, ...)
{
    char cfg[PATH_MAX], json[1024];
    snprintf(cfg, sizeof cfg, "%s/%s.ini", r->dir, name);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(json, sizeof json, fmt, ap);
    va_end(ap);
    char *out = NULL;
    int status = pin ? room_run(r, &out, "ctl", "--config", cfg, "--pin", pin, json)
                     : room_run(r, &out, "ctl", "--config", cfg, json);
    if (rc) *rc = status;
    cJSON *answer = cJSON_Parse(out);
    if (!answer) fail_msg("ctl %s %s: not an answer: \"%s\"", name, json, out);
    free(out);
    return answer;
}

/* The same, and the command must be accepted: the answer's last seq. */
static inline int64_t room_ok(struct room *r, const char *name, const char *pin, const char *fmt,
                              ...)
{
    char json[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(json, sizeof json, fmt, ap);
    va_end(ap);
    int rc;
    cJSON *a = room_ctl(r, name, pin, &rc, "%s", json);
    if (rc != 0 || !cJSON_IsTrue(cJSON_GetObjectItem(a, "ok"))) {
        char *t = cJSON_PrintUnformatted(a);
        fail_msg("%s refused %s: %s", name, json, t);
    }
    int64_t last = (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(a, "last"));
    cJSON_Delete(a);
    return last;
}

/* The public state as a new console gets it: {"t":"state","seq","digest","state"}. */
static inline cJSON *room_state(struct room *r, const char *name)
{
    char cfg[PATH_MAX];
    snprintf(cfg, sizeof cfg, "%s/%s.ini", r->dir, name);
    char *out = NULL;
    assert_int_equal(room_run(r, &out, "ctl", "--state", "--config", cfg), 0);
    cJSON *s = cJSON_Parse(out);
    if (!s) fail_msg("ctl --state: \"%s\"", out);
    free(out);
    return s;
}

/* The element of the state's array `what` ("people", "items") with this id, from a
 * room_state answer; the test fails when there is none. */
static inline cJSON *room_find(cJSON *state, const char *what, int id)
{
    cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(cJSON_GetObjectItem(state, "state"), what))
    {
        if (cJSON_GetNumberValue(cJSON_GetObjectItem(x, "id")) == id) return x;
    }
    fail_msg("no %s with id %d", what, id);
    return NULL;
}
#define room_person(state, id) room_find((state), "people", (id))
#define room_item(state, id)   room_find((state), "items", (id))

/* The id of the agenda's index-th item (1 the first), as secretary-1's replica has it. */
static inline int room_item_at(struct room *r, int index)
{
    cJSON *s = room_state(r, "secretary-1");
    cJSON *items = cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "items");
    int id =
        (int)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(items, index - 1), "id"));
    cJSON_Delete(s);
    return id;
}

/* The first subject of the index-th item's ballot in a room_state answer, and its count of
 * option k. */
static inline cJSON *room_first_subject(cJSON *state, int index)
{
    cJSON *items = cJSON_GetObjectItem(cJSON_GetObjectItem(state, "state"), "items");
    cJSON *ballot = cJSON_GetObjectItem(cJSON_GetArrayItem(items, index - 1), "ballot");
    return cJSON_GetArrayItem(cJSON_GetObjectItem(ballot, "subjects"), 0);
}
static inline int room_count_of(cJSON *subject, int k)
{
    return (int)cJSON_GetNumberValue(cJSON_GetArrayItem(cJSON_GetObjectItem(subject, "counts"), k));
}

/* The member at seat casts option on the subject of a vote, from the seat's console. */
static inline void room_cast(struct room *r, int seat, int item, int subject, int option)
{
    char name[32];
    snprintf(name, sizeof name, "seat-%d", seat);
    room_ok(r, name, NULL,
            "{\"type\":\"ballot_cast\",\"item\":%d,\"person\":%d,\"choices\":"
            "[{\"subject\":%d,\"option\":%d}]}",
            item, seat, subject, option);
}

/* The PIN of a seat in conf/sample-roster.csv; NULL when it has none. */
static inline const char *room_pin(int seat)
{
    switch (seat) {
    case 5:
        return "139595";
    case 10:
        return "179190";
    case 15:
        return "218785";
    case 20:
        return "258380";
    default:
        return NULL;
    }
}

static inline void room_enroll(struct room *r, const char *role, int seat, const char *name)
{
    char out[PATH_MAX], seat_text[16];
    snprintf(out, sizeof out, "%s/%s.ini", r->dir, name);
    snprintf(seat_text, sizeof seat_text, "%d", seat);
    int rc = seat ? room_run(r, NULL, "enroll", "--config", r->config, "--role", role, "--seat",
                             seat_text, "--out", out, name)
                  : room_run(r, NULL, "enroll", "--config", r->config, "--role", role, "--out", out,
                             name);
    assert_int_equal(rc, 0);
}

/* Append text to the room's configuration (before the hub starts). */
static inline void room_configure(const struct room *r, const char *text)
{
    FILE *f = fopen(r->config, "a");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Members at seats 1..seats sign in, with their PINs. */
static inline void room_sign_in(struct room *r, int seats)
{
    for (int seat = 1; seat <= seats; seat++) {
        char name[32];
        snprintf(name, sizeof name, "seat-%d", seat);
        room_ok(r, name, room_pin(seat), "{\"type\":\"sign_in\",\"person\":%d}", seat);
    }
}

/* The sanitizers of a `make check` build write their reports into the room rather than to a
 * stderr no one reads (a console in tmux), each process its own sanitizer.PID file. */
static inline void room_sanitizer_logs(struct room *r)
{
    static const char *const names[] = {"ASAN_OPTIONS", "UBSAN_OPTIONS"};
    size_t n = 0;
    while (r->env[n]) n++;
    char **env = realloc(r->env, (n + 3) * sizeof *env);
    assert_non_null(env);
    for (int i = 0; i < 2; i++) {
        const char *old = getenv(names[i]);
        char entry[sizeof r->sanitizer_options[i]];
        snprintf(entry, sizeof entry, "%s=%s%slog_path=%s/sanitizer", names[i], old ? old : "",
                 old && old[0] ? ":" : "", r->dir);
        memcpy(r->sanitizer_options[i], entry, sizeof entry);
        size_t k = 0, len = strlen(names[i]);
        while (k < n && !(strncmp(env[k], names[i], len) == 0 && env[k][len] == '=')) k++;
        env[k] = r->sanitizer_options[i];
        if (k == n) env[++n] = NULL;
    }
    r->env = env;
}

/* The sanitizer reports the room's processes wrote, printed as TAP comments; the number of
 * those that report an error (not only a warning, such as LeakSanitizer's about a thread it
 * could not stop). */
static inline int room_sanitizer_reports(const struct room *r)
{
    DIR *d = opendir(r->dir);
    struct dirent *e;
    int errors = 0;
    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, "sanitizer.", 10) != 0) continue;
        char path[PATH_MAX], line[1024];
        bool error = false;
        snprintf(path, sizeof path, "%s/%s", r->dir, e->d_name);
        FILE *f = fopen(path, "r");
        fprintf(stderr, "# the sanitizer's report of process %s:\n", e->d_name + 10);
        while (f && fgets(line, sizeof line, f)) {
            fprintf(stderr, "# %s", line);
            error = error || strstr(line, "ERROR: ") || strstr(line, "runtime error: ");
        }
        if (f) fclose(f);
        errors += error;
    }
    if (d) closedir(d);
    return errors;
}

/* The room: configuration, the sample committee and meeting, a chair and a secretary console
 * and member consoles at seats 1..seats (named seat-N); the hub drops a console silent for
 * timeout_ms ([net] timeout_ms). */
static inline void room_open_timeout(struct room *r, int seats, int timeout_ms)
{
    memset(r, 0, sizeof *r);
    snprintf(r->dir, sizeof r->dir, "/tmp/cmte-room-XXXXXX");
    assert_non_null(mkdtemp(r->dir));
    snprintf(r->xdg, sizeof r->xdg, "XDG_CONFIG_HOME=%s/none", r->dir);
    r->env = spawn_clean_environ(r->xdg);
    room_sanitizer_logs(r);
    room_path(r, "cmte.ini", r->config, sizeof r->config);
    r->port = room_free_port();
    FILE *f = fopen(r->config, "w");
    assert_non_null(f);
    fprintf(f,
            "[hub]\naddress = 127.0.0.1\nlisten = 127.0.0.1\nport = %d\n"
            "[keys]\nhub_key = hub.key\n[database]\npath = cmte.db\n"
            "[net]\nheartbeat_ms = 200\ntimeout_ms = %d\n",
            r->port, timeout_ms);
    fclose(f);
    assert_int_equal(room_run(r, NULL, "import", "--config", r->config, "conf/sample-roster.csv",
                              "conf/sample-meeting.ini", "conf/sample-exam.csv"),
                     0);
    room_enroll(r, "chair", 0, "chair-1");
    room_enroll(r, "secretary", 0, "secretary-1");
    for (int s = 1; s <= seats; s++) {
        char name[32];
        snprintf(name, sizeof name, "seat-%d", s);
        room_enroll(r, "member", s, name);
    }
}

/* A test keeping a console of its own open (rawlink.h) lets it fall silent while it waits for
 * the journal or runs `cmte ctl`, which a busy machine under the sanitizers can make last over
 * a second: its room drops a silent console after a minute instead, unless silence is what
 * it tests. */
enum { ROOM_PATIENT_MS = 60000 };

/* The room, with a console dropped after a second of silence. */
static inline void room_open(struct room *r, int seats)
{
    room_open_timeout(r, seats, 1000);
}

/* Every process of the room stopped and its folder removed. */
static inline void room_remove(struct room *r)
{
    for (int i = 0; i < r->nwatchers; i++) {
        if (r->watchers[i] <= 0) continue; /* stopped already (kill(0) would hit us all) */
        kill(r->watchers[i], SIGKILL);
        waitpid(r->watchers[i], NULL, 0);
    }
    room_hub_stop(r, SIGKILL);
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", r->dir);
    if (system(cmd) != 0) fprintf(stderr, "# cannot remove %s\n", r->dir);
    free(r->env);
}

/* room_remove after room_sanitizer_reports: how many reports of an error there were (a test
 * with any fails, in its teardown). */
static inline int room_close(struct room *r)
{
    int reports = room_sanitizer_reports(r);
    room_remove(r);
    return reports;
}

/* cmocka's teardown of a test's room (the state is the struct room). */
static inline int room_teardown(void **state)
{
    return room_close(*state) ? -1 : 0;
}

#endif
