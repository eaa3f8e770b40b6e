/* Documents at the consoles, against the real hub on 127.0.0.1: a console asks for a big
 * document's text (doc_get) and gets it in doc_part messages behind live traffic, so that an
 * event committed meanwhile arrives before the document's last part; cmte's own link puts the
 * parts together and checks the SHA-256 the journal gave, and says so when the hub's text is
 * not the one imported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "net/link.h"
#include "rawlink.h"

/* The big document is more than the kernel's socket buffers hold on loopback (some MiB), so
 * that the hub is still sending it when the note is committed. */
enum { WAIT_MS = 5000, BIG_LINES = 150000, SMALL_RCVBUF = 8192 };

static const char line_zh[] = "第一条　本报告依法接受市人民代表大会常务委员会的监督。\n";

static struct room room;

/* An item of the meeting with a big and a small document, imported beside the sample; the
 * small one's text then altered in the database, as a damaged copy would be. */
static int open_room(void **state)
{
    room_open_timeout(&room, 2, ROOM_PATIENT_MS);
    FILE *f = fopen(room.config, "a");
    assert_non_null(f);
    fputs("[documents]\nmax_bytes = 16777216\n", f);
    fclose(f);
    char path[PATH_MAX];
    room_path(&room, "big.md", path, sizeof path);
    f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < BIG_LINES; i++) fputs(line_zh, f);
    fclose(f);
    room_path(&room, "small.md", path, sizeof path);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("# 小文件\n原文\n", f);
    fclose(f);
    room_path(&room, "docs.ini", path, sizeof path);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("[item.9]\nkind = other\ntitle = 文件测试\n"
          "document = 全文 | big.md\ndocument = 小文件 | small.md\n",
          f);
    fclose(f);
    assert_int_equal(room_run(&room, NULL, "import", "--config", room.config, path), 0);
    char cmd[PATH_MAX + 128];
    snprintf(
        cmd, sizeof cmd,
        "sqlite3 '%s/cmte.db' \"update document set text = '改过的' where length(text) < 100\"",
        room.dir);
    assert_int_equal(system(cmd), 0);
    room_hub_start(&room);
    *state = &room;
    return 0;
}

struct doc_ref {
    int32_t id;
    int size;
    char sha256[65];
};

/* The documents of the item "文件测试" as the state has them: the big one, then the small. */
static void documents(struct room *r, struct doc_ref out[2])
{
    cJSON *s = room_state(r, "secretary-1"), *it;
    cJSON *items = cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "items");
    bool found = false;
    cJSON_ArrayForEach(it, items)
    {
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(it, "title")), "文件测试")) continue;
        cJSON *docs = cJSON_GetObjectItem(it, "documents");
        assert_int_equal(cJSON_GetArraySize(docs), 2);
        for (int i = 0; i < 2; i++) {
            cJSON *d = cJSON_GetArrayItem(docs, i);
            out[i].id = (int32_t)cJSON_GetNumberValue(cJSON_GetObjectItem(d, "id"));
            out[i].size = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(d, "size"));
            snprintf(out[i].sha256, sizeof out[i].sha256, "%s",
                     cJSON_GetStringValue(cJSON_GetObjectItem(d, "sha256")));
        }
        found = true;
    }
    cJSON_Delete(s);
    if (!found) fail_msg("no item 文件测试 in the state");
}

static void hex_sha256(const char *text, size_t len, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)text, len);
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* A console that reads slowly asks for the big document; the secretary's note committed
 * meanwhile reaches it before the document's last part, and the parts make the text whole. */
static void an_event_goes_before_the_rest_of_a_document(void **state)
{
    struct room *r = *state;
    struct doc_ref docs[2];
    documents(r, docs);
    assert_int_equal(docs[0].size, BIG_LINES * (int)strlen(line_zh));
    struct raw x;
    raw_init(&x);
    int rc = raw_open(&x, r, "seat-1", SMALL_RCVBUF, WAIT_MS);
    if (rc != RAW_OK) fail_msg("handshake %s: %s", raw_rc_name(rc), x.why);
    struct msg m;
    for (int i = 0; i < 3; i++) { /* welcome, key, snapshot */
        assert_int_equal(raw_recv(&x, &m, WAIT_MS), RAW_OK);
        msg_free(&m);
    }
    assert_true(raw_sendf(&x, "{\"t\":\"doc_get\",\"id\":%d}", (int)docs[0].id));
    /* the hub is sending the document into a full window; a note is committed meanwhile */
    int64_t note = room_ok(r, "secretary-1", NULL,
                           "{\"type\":\"note_set\",\"item\":1,\"text\":\"请委员阅读报告全文。\"}");
    char *text = calloc(1, (size_t)docs[0].size + 1);
    assert_non_null(text);
    size_t got = 0;
    int parts = 0, parts_before_note = -1;
    int64_t deadline = raw_now_ms() + 4 * WAIT_MS;
    while (got < (size_t)docs[0].size) {
        rc = raw_read_msg(&x, &m, true, deadline);
        if (rc != RAW_OK) fail_msg("after %zu bytes: %s %s", got, raw_rc_name(rc), x.why);
        if (m.type == MSG_EVENTS && m.u.events.events[m.u.events.count - 1].seq >= note &&
            parts_before_note < 0)
            parts_before_note = parts;
        if (m.type == MSG_DOC_PART) {
            assert_int_equal(m.u.doc_part.id, docs[0].id);
            assert_int_equal(m.u.doc_part.offset, (int32_t)got);
            assert_true(m.u.doc_part.len <= MSG_DOC_PART_MAX);
            memcpy(text + got, m.u.doc_part.text, m.u.doc_part.len);
            got += m.u.doc_part.len;
            parts++;
        }
        msg_free(&m);
    }
    if (parts_before_note < 0 || parts_before_note >= parts)
        fail_msg("the note came after the document's last part (%d parts)", parts);
    assert_true(parts >= docs[0].size / MSG_DOC_PART_MAX);
    char hex[65];
    hex_sha256(text, got, hex);
    assert_string_equal(hex, docs[0].sha256);
    free(text);
    raw_close(&x);
}

/* cmte's link: the big document arrives whole and its hash checks; the altered one is
 * reported as not matching. */
struct reader {
    struct link *link;
    struct doc_ref docs[2];
    bool asked, big_ok, small_done, small_ok;
    size_t big_len, progress_calls;
    uv_timer_t give_up;
};

static void on_synced(void *ctx, const struct core_state *s, int64_t seq)
{
    (void)s, (void)seq;
    struct reader *rd = ctx;
    if (rd->asked) return;
    rd->asked =
        link_document_get(rd->link, rd->docs[0].id) && link_document_get(rd->link, rd->docs[1].id);
}

static void on_document(void *ctx, int32_t id, size_t received, size_t size, const char *text,
                        bool ok)
{
    struct reader *rd = ctx;
    rd->progress_calls++;
    if (received < size) return;
    if (id == rd->docs[0].id) {
        rd->big_ok = ok && text;
        rd->big_len = text ? strlen(text) : 0;
    } else if (id == rd->docs[1].id) {
        rd->small_done = true;
        rd->small_ok = ok || text;
    }
    if (rd->big_len && rd->small_done) {
        uv_timer_stop(&rd->give_up);
        link_stop(rd->link, NULL, NULL);
    }
}

static void on_give_up(uv_timer_t *t)
{
    struct reader *rd = t->data;
    link_stop(rd->link, NULL, NULL);
}

static void the_link_checks_each_documents_hash(void **state)
{
    struct room *r = *state;
    struct reader rd = {0};
    documents(r, rd.docs);
    struct raw keys;
    raw_init(&keys);
    raw_keys(&keys, r, "seat-2");
    struct link_options o = {.host = "127.0.0.1",
                             .port = r->port,
                             .key = keys.me,
                             .frame_max = 1 << 22,
                             .queue_limit = 1 << 22,
                             .heartbeat_ms = 200,
                             .timeout_ms = 1000,
                             .retry_min_ms = 100,
                             .retry_max_ms = 1000};
    memcpy(o.hub_public, keys.hub_pk, sizeof o.hub_public);
    struct link_events ev = {.synced = on_synced, .document = on_document};
    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_timer_init(&loop, &rd.give_up);
    rd.give_up.data = &rd;
    uv_timer_start(&rd.give_up, on_give_up, 4 * WAIT_MS, 0);
    rd.link = link_start(&loop, &o, &ev, &rd);
    assert_non_null(rd.link);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_close((uv_handle_t *)&rd.give_up, NULL);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    raw_close(&keys);
    assert_true(rd.asked);
    assert_true(rd.big_ok);
    assert_int_equal(rd.big_len, (size_t)rd.docs[0].size);
    assert_true(rd.progress_calls > 2); /* part by part: a console can show its progress */
    assert_true(rd.small_done);
    assert_false(rd.small_ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_event_goes_before_the_rest_of_a_document),
        cmocka_unit_test(the_link_checks_each_documents_hash),
    };
    return cmocka_run_group_tests(tests, open_room, room_teardown);
}
