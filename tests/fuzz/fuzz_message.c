/* libFuzzer target: msg_decode on any bytes.  It must never crash, leak or hang; what it
 * refuses it refuses with an error and leaves the message empty; what it accepts holds whole
 * numbers only and survives encode∘decode: the decoded message's text decodes again to a
 * message with the very same text.  The same bytes, taken as an error's detail or a farewell's
 * reason, must encode into an answer or a bye that decodes: the encoder cuts what the decoder
 * would refuse. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/message.h"
#include "tests/fuzz/fuzz_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const struct msg *m)
{
    struct msg again;
    struct core_error err;
    char *first = msg_encode(m);
    if (!first) __builtin_trap();
    if (msg_decode(first, strlen(first), &again, &err) != ERR_OK) __builtin_trap();
    char *second = msg_encode(&again);
    if (!second || strcmp(first, second) != 0) __builtin_trap();
    msg_free(&again);
    free(first);
    free(second);
}

static void text_is_cut_to_fit(const uint8_t *data, size_t size)
{
    struct msg m = {.type = MSG_ANSWER};
    m.u.answer = (struct msg_answer){.cid = "c", .ok = false, .code = ERR_BAD_MESSAGE};
    memcpy(m.u.answer.detail, data,
           size < sizeof m.u.answer.detail ? size : sizeof m.u.answer.detail);
    round_trip(&m);
    m = (struct msg){.type = MSG_BYE};
    memcpy(m.u.bye.reason, data, size < sizeof m.u.bye.reason ? size : sizeof m.u.bye.reason);
    round_trip(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct msg m;
    struct core_error err = {ERR_OK, ""};
    text_is_cut_to_fit(data, size);
    enum core_err rc = msg_decode((const char *)data, size, &m, &err);
    if (rc != ERR_OK) {
        if (err.code != rc || !err.detail[0] || m.type != MSG_TYPE_COUNT)
            __builtin_trap(); /* a refusal says why and leaves nothing */
        return 0;
    }
    fuzz_check_whole_numbers(data, size);
    round_trip(&m);
    msg_free(&m);
    return 0;
}
