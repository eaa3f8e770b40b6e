/* Appointments drawn alike on every console: a case's words (任命 张卫民 市财政局局长) and the
 * constitutional oath while it is sworn: the text, spread out to read from the back of the
 * room, then who swears and who leads. */
#include <stdio.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/paint.h"
#include "tui/text.h"

/* The oath as revised in 2018 (宪法宣誓制度, 二); sworn in Chinese whatever the interface. */
const char paint_oath_text[] =
    "我宣誓：忠于中华人民共和国宪法，维护宪法权威，履行法定职责，忠于祖国、忠于人民，"
    "恪尽职守、廉洁奉公，接受人民监督，为建设富强民主文明和谐美丽的社会主义现代化强国努力奋斗！";

const char *label_case(enum case_kind k)
{
    static const char *const labels[CASE_KIND_COUNT] = {
        [CASE_APPOINT] = N_("appoint"),
        [CASE_DISMISS] = N_("dismiss"),
        [CASE_REMOVE] = N_("remove"),
        [CASE_ACTING] = N_("acting"),
    };
    return k < CASE_KIND_COUNT ? _(labels[k]) : "?";
}

const char *label_oath_form(enum oath_form f)
{
    return f == OATH_COLLECTIVE ? _("collective oath") : _("individual oath");
}

bool paint_shows_exam(const struct core_state *st, const struct item *it, const struct subject *sub)
{
    return it->kind == ITEM_APPOINTMENT && core_case_needs_exam(sub) &&
           (st->rules.exam.required || sub->exam.attempts);
}

void paint_subject_name(const struct subject *sub, char *buf, size_t n)
{
    if (sub->nominee.is_case)
        snprintf(buf, n, "%s %s  %s", label_case(sub->nominee.kind), sub->name, sub->detail);
    else if (sub->detail[0])
        snprintf(buf, n, "%s  %s", sub->name, sub->detail);
    else
        snprintf(buf, n, "%s", sub->name);
}

/* The oath's text spread out (a space after each character: a terminal cannot enlarge its
 * glyphs), centred, a blank row between rows; plainly wrapped when that does not fit.  The
 * rows used. */
static int draw_spread(struct screen *s, int y, int rows, int cols)
{
    char line[PAINT_TEXT_MAX];
    int used = 0, width = 0;
    size_t len = 0;
    int per_row = cols / 3; /* characters a row holds: two columns each, and a space */
    int count = text_width(paint_oath_text) / 2;
    if (per_row < 1 || ((count + per_row - 1) / per_row) * 2 - 1 > rows)
        return screen_wrap(s, y, PAINT_LEFT, cols, rows, ST_STRONG, paint_oath_text);
    for (const char *p = paint_oath_text; *p;) {
        int w;
        size_t n = text_char(p, strlen(p), &w);
        memcpy(line + len, p, n);
        len += n, p += n, width++;
        line[len++] = ' ';
        if (width == per_row || !*p) {
            line[len - 1] = '\0';
            paint_center(s, y + used, cols + 2 * PAINT_LEFT, ST_STRONG, line);
            used += 2, len = 0, width = 0;
        }
    }
    return used - 1;
}

static void swearers_line(const struct item *it, char *buf, size_t n)
{
    size_t len = (size_t)snprintf(buf, n, "%s", _("Swearing: "));
    for (int k = 0; k < it->ballot.subject_count && len < n; k++) {
        const struct subject *sub = &it->ballot.subjects[k];
        if (!sub->nominee.swearing) continue;
        len += (size_t)snprintf(
            buf + len, n - len, "%s%s", sub->name,
            sub->id == it->oath.leader && it->oath.form == OATH_COLLECTIVE ? _(" (leads)") : "");
        len += (size_t)snprintf(buf + len, n - len, "  ");
    }
}

void paint_oath(struct screen *s, const struct item *it, int y, int rows, int cols)
{
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text, _("Constitutional oath: %s"), label_oath_form(it->oath.form));
    paint_center(s, y, cols, ST_STRONG, text);
    swearers_line(it, text, sizeof text);
    int body = rows - y - 4;
    int used = body > 0 ? draw_spread(s, y + 2, body, cols - 2 * PAINT_LEFT) : 0;
    if (y + 3 + used < rows)
        screen_wrap(s, y + 3 + used, PAINT_LEFT, cols - 2 * PAINT_LEFT, 1, ST_TEXT, text);
}
