/* libFuzzer target: event_decode on any bytes.  It must never crash, leak or hang; what it
 * refuses it refuses with an error; what it accepts holds whole numbers only and survives
 * encode∘decode in both forms: the full one (the hub's) and the public one (broadcast,
 * journaled: a secret ballot's cast without its options), each decoding again to an event with
 * the very same text. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "tests/fuzz/fuzz_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const struct event *e, bool public_form)
{
    struct event again;
    struct core_error err;
    char *first = event_encode(e, public_form);
    if (!first) __builtin_trap();
    if (event_decode(first, strlen(first), &again, &err) != ERR_OK) __builtin_trap();
    char *second = event_encode(&again, public_form);
    if (!second || strcmp(first, second) != 0) __builtin_trap();
    free(first);
    free(second);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct event e;
    struct core_error err = {ERR_OK, ""};
    enum core_err rc = event_decode((const char *)data, size, &e, &err);
    if (rc != ERR_OK) {
        if (err.code != rc || !err.detail[0]) __builtin_trap(); /* a refusal says why */
        return 0;
    }
    fuzz_check_whole_numbers(data, size);
    round_trip(&e, false);
    round_trip(&e, true);
    return 0;
}
