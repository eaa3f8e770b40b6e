/* net/frame.c: frames whole, split at every byte, many in one read, a frame and a half, the
 * maximum and one past it, empty frames, a truncated stream, and a seeded random split of
 * 1000 frames that must come back identical and in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "net/frame.h"

enum { MAX = 4096 };

/* --- Helpers ------------------------------------------------------------------------- */

/* A growing byte stream of frames. */
struct stream {
    uint8_t *b;
    size_t len, cap;
};

static void put(struct stream *s, const void *p, size_t n)
{
    if (s->len + n > s->cap) {
        s->cap = (s->len + n) * 2;
        s->b = realloc(s->b, s->cap);
        assert_non_null(s->b);
    }
    memcpy(s->b + s->len, p, n);
    s->len += n;
}

/* The payload of frame `tag` with n bytes: recognisable, different for every tag. */
static void fill(uint8_t *p, size_t n, uint32_t tag)
{
    for (size_t i = 0; i < n; i++) p[i] = (uint8_t)(tag * 31u + i * 7u + (i >> 8));
}

/* Appends frame `tag` of n bytes. */
static void put_frame(struct stream *s, size_t n, uint32_t tag)
{
    uint8_t h[FRAME_HEADER];
    assert_int_equal(frame_header(h, n), 0);
    put(s, h, sizeof h);
    uint8_t *p = malloc(n);
    assert_non_null(p);
    fill(p, n, tag);
    put(s, p, n);
    free(p);
}

/* Appends a bare header declaring n (which frame_header would refuse for 0). */
static void put_len(struct stream *s, uint32_t n)
{
    uint8_t h[FRAME_HEADER] = {(uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8),
                               (uint8_t)n};
    put(s, h, sizeof h);
}

/* The next payload must be frame `tag` of n bytes. */
static void expect_frame(struct frame_reader *r, size_t n, uint32_t tag)
{
    const uint8_t *p = NULL;
    size_t len = 0;
    assert_int_equal(frame_reader_next(r, &p, &len), 1);
    assert_int_equal(len, n);
    uint8_t *want = malloc(n);
    assert_non_null(want);
    fill(want, n, tag);
    assert_memory_equal(p, want, n);
    free(want);
}

static void expect_more(struct frame_reader *r)
{
    const uint8_t *p;
    size_t len;
    assert_int_equal(frame_reader_next(r, &p, &len), 0);
}

/* The reader has failed with `reason` and stays failed. */
static void expect_failed(struct frame_reader *r, const char *reason)
{
    const uint8_t *p;
    size_t len;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(frame_reader_next(r, &p, &len), -1);
        assert_string_equal(frame_reader_error(r), reason);
    }
    uint8_t good[FRAME_HEADER + 1] = {0, 0, 0, 1, 'x'};
    assert_int_equal(frame_reader_feed(r, good, sizeof good), -1);
    assert_int_equal(frame_reader_next(r, &p, &len), -1);
    assert_string_equal(frame_reader_error(r), reason);
}

static uint64_t rng;
static uint32_t next_random(void) /* xorshift64*, seeded: the same run every time */
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)((rng * 2685821657736338717ull) >> 32);
}

/* --- Tests --------------------------------------------------------------------------- */

static void header_is_big_endian(void **state)
{
    (void)state;
    uint8_t h[FRAME_HEADER] = {9, 9, 9, 9};
    assert_int_equal(frame_header(h, 0x01020304), 0);
    assert_memory_equal(h, ((uint8_t[]){1, 2, 3, 4}), 4);
    assert_int_equal(frame_header_len(h), 0x01020304);
    assert_int_equal(frame_header(h, 0), -1);
    assert_memory_equal(h, ((uint8_t[]){1, 2, 3, 4}), 4); /* untouched */
    assert_int_equal(frame_header(h, (size_t)UINT32_MAX + 1), -1);
    assert_int_equal(frame_header(h, UINT32_MAX), 0);
    assert_int_equal(frame_header_len(h), UINT32_MAX);
    assert_true(frame_len_ok(1, MAX));
    assert_true(frame_len_ok(MAX, MAX));
    assert_false(frame_len_ok(MAX + 1, MAX));
    assert_false(frame_len_ok(0, MAX));
}

static void init_refuses_a_bad_maximum(void **state)
{
    (void)state;
    struct frame_reader r;
    assert_int_equal(frame_reader_init(&r, 0), -1);
    assert_string_equal(frame_reader_error(&r), "bad maximum frame size");
    frame_reader_free(&r);
    assert_int_equal(frame_reader_init(&r, (size_t)UINT32_MAX + 1), -1);
    frame_reader_free(&r);
    assert_int_equal(frame_reader_init(&r, 1), 0);
    assert_string_equal(frame_reader_error(&r), "");
    expect_more(&r);
    frame_reader_free(&r);
}

static void whole_frames_one_by_one(void **state)
{
    (void)state;
    struct frame_reader r;
    assert_int_equal(frame_reader_init(&r, MAX), 0);
    for (uint32_t i = 1; i <= 5; i++) {
        struct stream s = {0};
        put_frame(&s, i * 100, i);
        assert_int_equal(frame_reader_feed(&r, s.b, s.len), 0);
        free(s.b);
        expect_frame(&r, i * 100, i);
        expect_more(&r);
        assert_int_equal(frame_reader_pending(&r), 0);
    }
    frame_reader_free(&r);
}

/* Two frames, the stream cut once at every byte. */
static void split_at_every_byte(void **state)
{
    (void)state;
    struct stream s = {0};
    put_frame(&s, 10, 1);
    put_frame(&s, 3, 2);
    for (size_t cut = 0; cut <= s.len; cut++) {
        struct frame_reader r;
        assert_int_equal(frame_reader_init(&r, MAX), 0);
        int got = 0;
        const uint8_t *p;
        size_t len;
        assert_int_equal(frame_reader_feed(&r, s.b, cut), 0);
        while (frame_reader_next(&r, &p, &len) == 1) got++;
        assert_int_equal(got, cut >= 14 ? (cut == s.len ? 2 : 1) : 0);
        assert_int_equal(frame_reader_feed(&r, s.b + cut, s.len - cut), 0);
        if (got == 0) expect_frame(&r, 10, 1);
        if (got < 2) expect_frame(&r, 3, 2);
        expect_more(&r);
        frame_reader_free(&r);
    }
    free(s.b);
}

/* The same stream fed one byte at a time: nothing before the last byte of each frame. */
static void byte_by_byte(void **state)
{
    (void)state;
    struct stream s = {0};
    put_frame(&s, 5, 1);
    put_frame(&s, 1, 2);
    struct frame_reader r;
    assert_int_equal(frame_reader_init(&r, MAX), 0);
    for (size_t i = 0; i < s.len; i++) {
        assert_int_equal(frame_reader_feed(&r, s.b + i, 1), 0);
        if (i == 8) expect_frame(&r, 5, 1);
        if (i == s.len - 1) expect_frame(&r, 1, 2);
        expect_more(&r);
    }
    frame_reader_free(&r);
    free(s.b);
}

static void many_frames_in_one_feed(void **state)
{
    (void)state;
    struct stream s = {0};
    for (uint32_t i = 0; i < 200; i++) put_frame(&s, 1 + i % 37, i);
    struct frame_reader r;
    assert_int_equal(frame_reader_init(&r, MAX), 0);
    assert_int_equal(frame_reader_feed(&r, s.b, s.len), 0);
    for (uint32_t i = 0; i < 200; i++) expect_frame(&r, 1 + i % 37, i);
    expect_more(&r);
    assert_int_equal(frame_reader_pending(&r), 0);
    frame_reader_free(&r);
    free(s.b);
}

static void a_frame_and_a_half_then_the_rest(void **state)
{
    (void)state;
    struct stream s = {0};
    put_frame(&s, 100, 1);
    put_frame(&s, 100, 2);
    put_frame(&s, 7, 3);
    size_t half = 104 + 52;
    struct frame_reader r;
    assert_int_equal(frame_reader_init(&r, MAX), 0);
    assert_int_equal(frame_reader_feed(&r, s.b, half), 0);
    expect_frame(&r, 100, 1);
    expect_more(&r);
    assert_int_equal(frame_reader_pending(&r), 52);
    assert_int_equal(frame_reader_feed(&r, s.b + half, s.len - half), 0);
    expect_frame(&r, 100, 2);
    expect_frame(&r, 7, 3);
    expect_more(&r);
    frame_reader_free(&r);
    free(s.b);
}

/* A payload stays readable after the next feed only as documented: until then, it is. */
static void payload_valid_until_next_call(void **state)
{
    (void)state;
    struct stream s = {0};
    put_frame(&s, 8, 1);
    put_frame(&s, 8, 2);
    struct frame_reader r;
    assert_int_equal(frame_reader_init(&r, MAX), 0);
    assert_int_equal(frame_reader_feed(&r, s.b, s.len), 0);
    const uint8_t *p;
    size_t len;
    assert_int_equal(frame_reader_next(&r, &p, &len), 1);
    uint8_t want[8];
    fill(want, 8, 1);
    assert_memory_equal(p, want, 8);
    expect_frame(&r, 8, 2);
    frame_reader_free(&r);
    free(s.b);
}

static void maximum_accepted_one_more_refused(void **state)
{
    (void)state;
    struct stream s = {0};
    put_frame(&s, MAX, 1);
    put_frame(&s, MAX + 1, 2);
    put_frame(&s, 1, 3);
    struct frame_reader r;
    assert_int_equal(frame_reader_init(&r, MAX), 0);
    assert_int_equal(frame_reader_feed(&r, s.b, s.len), 0);
    expect_frame(&r, MAX, 1);
    expect_failed(&r, "frame of 4097 bytes exceeds the maximum of 4096");
    frame_reader_free(&r);
    free(s.b);
}

/* Refused on its header alone, before any of the payload arrives. */
static void oversize_refused_on_the_header(void **state)
{
    (void)state;
    struct stream s = {0};
    put_len(&s, UINT32_MAX);
    struct frame_reader r;
    assert_int_equal(frame_reader_init(&r, MAX), 0);
    assert_int_equal(frame_reader_feed(&r, s.b, 3), 0);
    expect_more(&r);
    assert_int_equal(frame_reader_feed(&r, s.b + 3, 1), 0);
    expect_failed(&r, "frame of 4294967295 bytes exceeds the maximum of 4096");
    frame_reader_free(&r);
    free(s.b);
}

static void empty_frame_refused(void **state)
{
    (void)state;
    struct stream s = {0};
    put_frame(&s, 2, 1);
    put_len(&s, 0);
    put_frame(&s, 2, 2);
    struct frame_reader r;
    assert_int_equal(frame_reader_init(&r, MAX), 0);
    assert_int_equal(frame_reader_feed(&r, s.b, s.len), 0);
    expect_frame(&r, 2, 1);
    expect_failed(&r, "empty frame");
    frame_reader_free(&r);
    free(s.b);
}

/* The header promises more than ever arrives: the reader waits, holding only what came. */
static void truncated_stream_needs_more(void **state)
{
    (void)state;
    struct stream s = {0};
    put_frame(&s, 1000, 1);
    struct frame_reader r;
    assert_int_equal(frame_reader_init(&r, MAX), 0);
    assert_int_equal(frame_reader_feed(&r, s.b, 2), 0);
    expect_more(&r);
    assert_int_equal(frame_reader_feed(&r, s.b + 2, 500), 0);
    expect_more(&r);
    expect_more(&r);
    assert_int_equal(frame_reader_pending(&r), 502);
    assert_string_equal(frame_reader_error(&r), "");
    frame_reader_free(&r);
    free(s.b);
}

/* 1000 frames of random sizes cut into random reads, small and large: every payload comes
 * back identical and in order, and the buffer stays within max + 4 + the largest read. */
static void random_splits(void **state)
{
    (void)state;
    enum { FRAMES = 1000 };
    static size_t sizes[FRAMES];
    rng = 0x5eed5eed12345678ull;
    struct stream s = {0};
    for (uint32_t i = 0; i < FRAMES; i++) {
        uint32_t k = next_random() % 10;
        sizes[i] = k == 0 ? 1 : k == 1 ? MAX : 1 + next_random() % (k < 5 ? 64 : MAX);
        put_frame(&s, sizes[i], i);
    }
    struct frame_reader r;
    assert_int_equal(frame_reader_init(&r, MAX), 0);
    size_t at = 0, got = 0, biggest = 0;
    while (at < s.len) {
        uint32_t k = next_random() % 4;
        size_t n = 1 + next_random() % (k == 0 ? 4 : k == 1 ? 100 : k == 2 ? MAX : 5 * MAX);
        if (n > s.len - at) n = s.len - at;
        assert_int_equal(frame_reader_feed(&r, s.b + at, n), 0);
        at += n;
        if (n > biggest) biggest = n;
        assert_true(r.cap <= MAX + FRAME_HEADER + biggest);
        while (got < FRAMES && frame_reader_pending(&r) >= FRAME_HEADER &&
               frame_reader_pending(&r) >= FRAME_HEADER + sizes[got]) {
            expect_frame(&r, sizes[got], (uint32_t)got);
            got++;
        }
        expect_more(&r);
        assert_true(frame_reader_pending(&r) < MAX + FRAME_HEADER);
    }
    assert_int_equal(got, FRAMES);
    assert_int_equal(frame_reader_pending(&r), 0);
    frame_reader_free(&r);
    free(s.b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(header_is_big_endian),
        cmocka_unit_test(init_refuses_a_bad_maximum),
        cmocka_unit_test(whole_frames_one_by_one),
        cmocka_unit_test(split_at_every_byte),
        cmocka_unit_test(byte_by_byte),
        cmocka_unit_test(many_frames_in_one_feed),
        cmocka_unit_test(a_frame_and_a_half_then_the_rest),
        cmocka_unit_test(payload_valid_until_next_call),
        cmocka_unit_test(maximum_accepted_one_more_refused),
        cmocka_unit_test(oversize_refused_on_the_header),
        cmocka_unit_test(empty_frame_refused),
        cmocka_unit_test(truncated_stream_needs_more),
        cmocka_unit_test(random_splits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
