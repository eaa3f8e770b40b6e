/* Broadcast bodies (net/pack.h): a storm's batch of events travels compressed and comes back as
 * the same text; a small or incompressible text goes as it is; a broken stream, bytes after its
 * end or a text past the limit are refused with a reason, never returned. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>
#include <zlib.h>

#include "net/message.h"
#include "net/pack.h"

enum { CASTS = 300, SUBJECTS = 5 };

/* The broadcast of a ballot storm: CASTS secret casts on SUBJECTS subjects, as the hub
 * encodes it (caller frees). */
static char *storm_text(void)
{
    struct event *ev = calloc(CASTS, sizeof *ev);
    assert_non_null(ev);
    for (int i = 0; i < CASTS; i++) {
        ev[i].type = EV_BALLOT_CAST_RECORDED;
        ev[i].seq = 1000 + i;
        ev[i].time = 1795000000000LL + 3 * i;
        ev[i].actor = (struct actor){ROLE_MEMBER, i + 1};
        ev[i].p.item = 11;
        ev[i].p.person = i + 1;
        ev[i].p.flag = true;
        ev[i].p.choice_count = SUBJECTS;
        for (int k = 0; k < SUBJECTS; k++) ev[i].p.choices[k] = (struct choice){12 + k, -1};
    }
    unsigned char chain[MSG_CHAIN_BYTES] = {7};
    char *text = msg_encode_events(ev, CASTS, chain);
    free(ev);
    assert_non_null(text);
    return text;
}

/* The storm's text and its packed body (both to free). */
struct packed {
    char *text;
    size_t len;
    uint8_t *body;
    size_t body_len;
};

static struct packed packed_storm(void)
{
    struct packed p = {.text = storm_text()};
    p.len = strlen(p.text);
    p.body = pack(p.text, p.len, &p.body_len);
    assert_non_null(p.body);
    return p;
}

static void unpacks_to(const uint8_t *body, size_t len, const char *want, size_t want_len)
{
    const char *text;
    size_t n;
    char *owned, err[128];
    assert_int_equal(unpack(body, len, PACK_TEXT_MAX, &text, &n, &owned, err, sizeof err), 0);
    assert_int_equal(n, want_len);
    assert_memory_equal(text, want, n);
    free(owned);
}

static void refused(const uint8_t *body, size_t len, size_t max, const char *why)
{
    const char *text = NULL;
    size_t n;
    char *owned = NULL, err[128] = "";
    assert_int_equal(unpack(body, len, max, &text, &n, &owned, err, sizeof err), -1);
    assert_null(owned);
    assert_non_null(strstr(err, why));
}

static void a_storm_travels_compressed_and_comes_back_the_same(void **state)
{
    (void)state;
    struct packed p = packed_storm();
    assert_int_equal(p.body[0], PACK_MARK);
    assert_true(p.body_len * 5 < p.len); /* the same keys over and over */
    const char *text;
    size_t n;
    char *owned, err[128];
    assert_int_equal(unpack(p.body, p.body_len, p.len, &text, &n, &owned, err, sizeof err), 0);
    assert_int_equal(n, p.len); /* exactly at the limit is fine */
    free(owned);
    free(p.body);
    free(p.text);
}

static void small_or_incompressible_text_goes_as_it_is(void **state)
{
    (void)state;
    const char *small = "{\"t\":\"events\",\"events\":[]}";
    size_t n = 0;
    assert_null(pack(small, strlen(small), &n));
    unpacks_to((const uint8_t *)small, strlen(small), small, strlen(small));
    char noise[4 * PACK_MIN];
    randombytes_buf(noise, sizeof noise);
    noise[0] = '{';
    assert_null(pack(noise, sizeof noise, &n)); /* it would only grow */
}

static void broken_streams_are_refused(void **state)
{
    (void)state;
    struct packed p = packed_storm();
    uint8_t *bad = malloc(p.body_len + 1);
    assert_non_null(bad);
    memcpy(bad, p.body, p.body_len);
    bad[p.body_len / 2] ^= 0x40;
    refused(bad, p.body_len, PACK_TEXT_MAX, "broken");
    refused(p.body, p.body_len / 2, PACK_TEXT_MAX, "broken"); /* cut short */
    memcpy(bad, p.body, p.body_len);
    bad[p.body_len] = 'x';
    refused(bad, p.body_len + 1, PACK_TEXT_MAX, "broken"); /* a byte after its end */
    refused(p.body, 1, PACK_TEXT_MAX, "broken");           /* the mark alone */
    refused(p.body, p.body_len, p.len - 1, "more than");   /* past the limit */
    unpacks_to(p.body, p.body_len, p.text, p.len);         /* exactly at it is fine */
    free(bad);
    free(p.body);
    free(p.text);
}

/* A small stream of zeros that would unpack to far more than the limit stops at the limit. */
static void a_bomb_stops_at_the_limit(void **state)
{
    (void)state;
    enum { ZEROS = 8 << 20, LIMIT = 1 << 20 };
    char *zeros = calloc(1, ZEROS);
    uLongf n = compressBound(ZEROS);
    uint8_t *body = malloc(1 + n);
    assert_true(zeros && body);
    assert_int_equal(compress2(body + 1, &n, (const Bytef *)zeros, ZEROS, 9), Z_OK);
    body[0] = PACK_MARK;
    assert_true(n < 16 * 1024);
    refused(body, 1 + n, LIMIT, "more than");
    free(body);
    free(zeros);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_storm_travels_compressed_and_comes_back_the_same),
        cmocka_unit_test(small_or_incompressible_text_goes_as_it_is),
        cmocka_unit_test(broken_streams_are_refused),
        cmocka_unit_test(a_bomb_stops_at_the_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
