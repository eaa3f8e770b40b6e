/* libFuzzer target: command_decode on any bytes.  It must never crash, leak or hang; what it
 * refuses it refuses with an error; what it accepts holds whole numbers only and survives
 * encode∘decode: the decoded command's text decodes again to a command with the very same
 * text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "tests/fuzz/fuzz_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct command c, again;
    struct core_error err = {ERR_OK, ""};
    enum core_err rc = command_decode((const char *)data, size, &c, &err);
    if (rc != ERR_OK) {
        if (err.code != rc || !err.detail[0]) __builtin_trap(); /* a refusal says why */
        return 0;
    }
    fuzz_check_whole_numbers(data, size);
    char *first = command_encode(&c);
    if (!first) __builtin_trap();
    if (command_decode(first, strlen(first), &again, &err) != ERR_OK) __builtin_trap();
    char *second = command_encode(&again);
    if (!second || strcmp(first, second) != 0) __builtin_trap();
    free(first);
    free(second);
    return 0;
}
