/* libFuzzer target: snapshot_decode on any bytes.  It must never crash, leak or hang; what it
 * refuses it refuses with an error and no state; what it accepts holds whole numbers only and
 * survives encode∘decode: the decoded state's text decodes again to a state with the very
 * same text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "tests/fuzz/fuzz_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct core_state *s = NULL, *again = NULL;
    struct core_error err = {ERR_OK, ""};
    enum core_err rc = snapshot_decode((const char *)data, size, &s, &err);
    if (rc != ERR_OK) {
        if (s || err.code != rc || !err.detail[0]) __builtin_trap(); /* a refusal says why */
        return 0;
    }
    fuzz_check_whole_numbers(data, size);
    char *first = snapshot_encode(s);
    if (!first) __builtin_trap();
    if (snapshot_decode(first, strlen(first), &again, &err) != ERR_OK) __builtin_trap();
    char *second = snapshot_encode(again);
    if (!second || strcmp(first, second) != 0) __builtin_trap();
    free(first);
    free(second);
    core_state_free(s);
    core_state_free(again);
    return 0;
}
