/* The consoles' one-line text field: typing, moving and deleting by whole characters (Chinese
 * ones are three bytes in UTF-8), the limits, digits only, and the keys that end it. */
#include <curses.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tui/entry.h"

static enum entry_result type(struct entry *e, const wchar_t *text)
{
    enum entry_result r = ENTRY_IGNORED;
    for (; *text; text++) r = entry_key(e, OK, (wint_t)*text);
    return r;
}

static enum entry_result press(struct entry *e, int key)
{
    return entry_key(e, KEY_CODE_YES, (wint_t)key);
}

static void chinese_is_edited_by_characters(void **state)
{
    (void)state;
    struct entry e;
    entry_init(&e, 100, NULL);
    assert_int_equal(type(&e, L"出差abc"), ENTRY_EDITED);
    assert_string_equal(e.text, "出差abc");
    press(&e, KEY_HOME);
    press(&e, KEY_RIGHT);
    assert_int_equal(e.at, 3); /* after 出 */
    type(&e, L"国");
    assert_string_equal(e.text, "出国差abc");
    press(&e, KEY_DC);
    assert_string_equal(e.text, "出国abc");
    entry_key(&e, OK, 127); /* Backspace as DEL */
    assert_string_equal(e.text, "出abc");
    press(&e, KEY_END);
    press(&e, KEY_BACKSPACE);
    assert_string_equal(e.text, "出ab");
    press(&e, KEY_LEFT);
    press(&e, KEY_LEFT);
    press(&e, KEY_LEFT);
    press(&e, KEY_LEFT); /* at the start already */
    assert_int_equal(e.at, 0);
    press(&e, KEY_BACKSPACE); /* nothing before the cursor */
    assert_string_equal(e.text, "出ab");
    entry_key(&e, OK, 21); /* Ctrl-U */
    assert_string_equal(e.text, "");
    assert_int_equal(e.at, 0);
}

static void limits_hold(void **state)
{
    (void)state;
    struct entry e;
    entry_init(&e, 7, NULL);
    type(&e, L"会议记录"); /* 3 bytes each: two fit in 7 */
    assert_string_equal(e.text, "会议");
    assert_int_equal(type(&e, L"a"), ENTRY_EDITED);
    assert_int_equal(type(&e, L"b"), ENTRY_IGNORED);
    assert_string_equal(e.text, "会议a");

    entry_init(&e, 4, "欧阳明"); /* too long: cut at a character's start */
    assert_string_equal(e.text, "欧");
    assert_int_equal(e.at, strlen("欧"));

    entry_init(&e, 6, NULL);
    e.digits = true;
    type(&e, L"12a3-4");
    assert_string_equal(e.text, "1234");
    assert_int_equal(entry_key(&e, OK, L'\t'), ENTRY_IGNORED); /* not printable */
}

static void enter_and_esc_end_it(void **state)
{
    (void)state;
    struct entry e;
    entry_init(&e, 10, "x");
    assert_int_equal(entry_key(&e, OK, L'\r'), ENTRY_DONE);
    assert_int_equal(entry_key(&e, OK, L'\n'), ENTRY_DONE);
    assert_int_equal(press(&e, KEY_ENTER), ENTRY_DONE);
    assert_int_equal(entry_key(&e, OK, 27), ENTRY_CANCEL);
    assert_int_equal(press(&e, KEY_F(5)), ENTRY_IGNORED);
    assert_string_equal(e.text, "x");
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chinese_is_edited_by_characters),
        cmocka_unit_test(limits_hold),
        cmocka_unit_test(enter_and_esc_end_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
