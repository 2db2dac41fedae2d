/* Scripted keys (--keys): text, named keys, chords and pauses, typed into the
 * keyboard controller at a human pace once the program has started. The script holds
 * back while the BIOS key buffer fills up, as a person would wait for the program. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bios/bios.h"
#include "hw/kbd.h"
#include "hw/mouse.h"
#include "keys/keys.h"
#include "machine/machine.h"

#define KEYS_START_MS 300 /* after start-up, before the first key */
#define KEYS_HOLD_MS  30  /* a key held down */
#define KEYS_GAP_MS   30  /* between keys */
#define KEYS_MOD_MS   10  /* between a modifier and the key it modifies */
#define KEYS_RETRY_MS 20  /* the BIOS buffer is filling: look again */
#define KEYS_BUFFERED 8   /* keys in the BIOS buffer before the script waits */
#define KEYS_CLICK_MS 50  /* a mouse button held for a click, and the gap after it */

struct keys_script {
    struct keys_step *steps;
    int count, pos;
    bool close_after;
    struct machine_timer timer;
};

static const uint16_t keys_mod_keys[3] = {0x2A, 0x1D, 0x38}; /* Shift, Ctrl, Alt */

static int keys_push(struct keys_step **steps, int *n, int *cap, uint16_t key, bool release,
                     uint32_t ms)
{
    if (*n == *cap) {
        int ncap = *cap ? *cap * 2 : 64;
        struct keys_step *p = realloc(*steps, (size_t)ncap * sizeof(*p));
        if (!p)
            return -1;
        *steps = p;
        *cap = ncap;
    }
    (*steps)[(*n)++] = (struct keys_step){key, release, ms, KEYS_STEP_KEY, 0, -1, -1};
    return 0;
}

/* A mouse step: the buttons held from now on, and a move unless x < 0. */
static int keys_mouse(struct keys_step **steps, int *n, int *cap, int x, int y, uint8_t buttons,
                      uint32_t ms)
{
    if (keys_push(steps, n, cap, 0, false, ms))
        return -1;
    (*steps)[*n - 1].kind = KEYS_STEP_MOUSE;
    (*steps)[*n - 1].buttons = buttons;
    (*steps)[*n - 1].x = (int16_t)x;
    (*steps)[*n - 1].y = (int16_t)y;
    return 0;
}

/* {Mouse:X,Y}, {Click[:BUTTON]}, {Press:BUTTON}, {Release:BUTTON}. Returns 1 if the
 * token is none of these. */
static int keys_mouse_token(const char *t, size_t len, struct keys_step **steps, int *n, int *cap,
                            uint8_t *held, char *err, size_t errlen)
{
    static const struct {
        const char *name;
        uint8_t bit;
    } buttons[] = {
        {"left", INPUT_MOUSE_LEFT}, {"right", INPUT_MOUSE_RIGHT}, {"middle", INPUT_MOUSE_MIDDLE}};
    const char *colon = memchr(t, ':', len);
    size_t head = colon ? (size_t)(colon - t) : len;
    const char *arg = colon ? colon + 1 : t + len;
    size_t alen = (size_t)(t + len - arg);
    uint8_t bit = 0;

    if (head == 5 && !strncasecmp(t, "Mouse", 5)) {
        char num[24], *e;
        long x, y;
        snprintf(num, sizeof(num), "%.*s", (int)(alen < 23 ? alen : 23), arg);
        x = strtol(num, &e, 10);
        y = *e == ',' ? strtol(e + 1, &e, 10) : -1;
        if (!colon || *e || x < 0 || y < 0 || x > 32767 || y > 32767) {
            snprintf(err, errlen, "--keys: {%.*s} wants {Mouse:X,Y} with X and Y from 0", (int)len,
                     t);
            return -1;
        }
        return keys_mouse(steps, n, cap, (int)x, (int)y, *held, KEYS_GAP_MS);
    }
    if (!((head == 5 && !strncasecmp(t, "Click", 5)) ||
          (head == 5 && !strncasecmp(t, "Press", 5)) ||
          (head == 7 && !strncasecmp(t, "Release", 7))))
        return 1;
    if (!colon && head == 5 && !strncasecmp(t, "Click", 5))
        bit = INPUT_MOUSE_LEFT;
    for (size_t i = 0; colon && i < sizeof(buttons) / sizeof(buttons[0]); i++)
        if (strlen(buttons[i].name) == alen && !strncasecmp(arg, buttons[i].name, alen))
            bit = buttons[i].bit;
    if (!bit) {
        snprintf(err, errlen, "--keys: {%.*s}: the mouse buttons are left, right and middle",
                 (int)len, t);
        return -1;
    }
    if (t[0] == 'R' || t[0] == 'r') {
        *held &= (uint8_t)~bit;
        return keys_mouse(steps, n, cap, -1, -1, *held, KEYS_CLICK_MS);
    }
    *held |= bit;
    if (t[0] == 'P' || t[0] == 'p')
        return keys_mouse(steps, n, cap, -1, -1, *held, KEYS_CLICK_MS);
    if (keys_mouse(steps, n, cap, -1, -1, *held, KEYS_CLICK_MS))
        return -1;
    *held &= (uint8_t)~bit;
    return keys_mouse(steps, n, cap, -1, -1, *held, KEYS_CLICK_MS);
}

/* A key pressed and released with modifiers held around it. */
static int keys_tap(struct keys_step **steps, int *n, int *cap, uint16_t key, unsigned mods)
{
    int rc = 0;

    for (int i = 0; i < 3; i++)
        if (mods & (1u << i))
            rc |= keys_push(steps, n, cap, keys_mod_keys[i], false, KEYS_MOD_MS);
    rc |= keys_push(steps, n, cap, key, false, KEYS_HOLD_MS);
    rc |= keys_push(steps, n, cap, key, true, mods ? KEYS_MOD_MS : KEYS_GAP_MS);
    for (int i = 2; i >= 0; i--)
        if (mods & (1u << i))
            rc |= keys_push(steps, n, cap, keys_mod_keys[i], true, KEYS_MOD_MS);
    if (mods)
        (*steps)[*n - 1].ms = KEYS_GAP_MS;
    return rc;
}

/* The inside of {...}: wait:MS, or modifiers and a key joined by '+'. */
static int keys_token(const char *t, size_t len, struct keys_step **steps, int *n, int *cap,
                      uint8_t *held, char *err, size_t errlen)
{
    unsigned mods = 0, cmods;
    uint16_t key;
    const char *part = t, *end = t + len, *plus;
    int rc = keys_mouse_token(t, len, steps, n, cap, held, err, errlen);

    if (rc <= 0)
        return rc;

    if (len > 5 && !strncasecmp(t, "wait:", 5)) {
        char num[16];
        char *e;
        long ms;
        snprintf(num, sizeof(num), "%.*s", (int)(len - 5), t + 5);
        ms = strtol(num, &e, 10);
        if (*e || ms < 0 || ms > 3600000) {
            snprintf(err, errlen, "--keys: {%.*s} wants a number of milliseconds", (int)len, t);
            return -1;
        }
        return keys_push(steps, n, cap, 0, false, (uint32_t)ms);
    }
    /* Modifiers: every part before the last '+' (a lone '+' key is "Ctrl++"). */
    while ((plus = memchr(part, '+', (size_t)(end - part))) && plus + 1 < end) {
        size_t pl = (size_t)(plus - part);
        if (pl == 5 && !strncasecmp(part, "Shift", 5))
            mods |= KEYS_MOD_SHIFT;
        else if (pl == 4 && !strncasecmp(part, "Ctrl", 4))
            mods |= KEYS_MOD_CTRL;
        else if (pl == 3 && !strncasecmp(part, "Alt", 3))
            mods |= KEYS_MOD_ALT;
        else {
            snprintf(err, errlen, "--keys: '%.*s' in {%.*s} is not Ctrl, Alt or Shift", (int)pl,
                     part, (int)len, t);
            return -1;
        }
        part = plus + 1;
    }
    len = (size_t)(end - part);
    if (len == 1 && keys_from_char((uint8_t)tolower((unsigned char)*part), &key, &cmods)) {
        /* {Alt+F} is Alt and the F key; a shifted symbol keeps its Shift. */
        mods |= cmods;
    } else if (!keys_from_name(part, len, &key)) {
        snprintf(err, errlen,
                 "--keys: unknown key {%.*s} (names like Enter, Esc, F1, Up, PgDn, Ctrl+C; "
                 "see hvdos --help)",
                 (int)(end - t), t);
        return -1;
    }
    return keys_tap(steps, n, cap, key, mods);
}

int keys_script_parse(const char *spec, struct keys_step **out, char *err, size_t errlen)
{
    struct keys_step *steps = NULL;
    int n = 0, cap = 0;
    uint8_t held = 0; /* mouse buttons */

    for (const char *p = spec; *p;) {
        uint16_t key;
        unsigned mods;
        if (*p == '{' && p[1] == '{') { /* "{{" types a brace */
            p++;
        } else if (*p == '{') {
            const char *close = strchr(p, '}');
            if (!close || close == p + 1) {
                snprintf(err, errlen,
                         "--keys: '{' without a key name and '}' (type {{ for a brace)");
                free(steps);
                return -1;
            }
            if (keys_token(p + 1, (size_t)(close - p - 1), &steps, &n, &cap, &held, err, errlen)) {
                free(steps);
                return -1;
            }
            p = close + 1;
            continue;
        }
        if (!keys_from_char((uint8_t)*p, &key, &mods)) {
            snprintf(err, errlen, "--keys: no key types the character 0x%02X", (uint8_t)*p);
            free(steps);
            return -1;
        }
        if (keys_tap(&steps, &n, &cap, key, mods)) {
            free(steps);
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        p++;
    }
    *out = steps;
    return n;
}

static void keys_send(struct machine *m, uint16_t key, bool release)
{
    uint8_t seq[3];
    size_t n = 0;

    if (key == KEYS_PAUSE) {
        seq[0] = 0xE1;
        seq[1] = release ? 0x9D : 0x1D;
        seq[2] = release ? 0xC5 : 0x45;
        kbd_key_sequence(m, seq, 3);
        return;
    }
    if (key & KEYS_EXT)
        seq[n++] = 0xE0;
    seq[n++] = (uint8_t)((key & 0x7F) | (release ? 0x80 : 0));
    kbd_key_sequence(m, seq, n);
}

/* A mouse step through the pointing device, as a frontend's pointer would move it: the
 * point in the driver's coordinates becomes a fraction of its virtual screen. */
static void keys_mouse_send(struct machine *m, const struct keys_step *st)
{
    struct mouse_report rep;
    unsigned w, h;

    if (!m->mouse)
        return; /* --no-mouse */
    rep = mouse_state(m);
    rep.buttons = st->buttons;
    if (st->x >= 0) {
        int33_virtual_screen(m, &w, &h);
        rep.x = (uint16_t)((st->x >= (int)w ? w - 1 : (unsigned)st->x) * INPUT_MOUSE_SCALE / w +
                           INPUT_MOUSE_SCALE / (2 * w));
        rep.y = (uint16_t)((st->y >= (int)h ? h - 1 : (unsigned)st->y) * INPUT_MOUSE_SCALE / h +
                           INPUT_MOUSE_SCALE / (2 * h));
    }
    mouse_set(m, rep);
}

static bool keys_is_modifier(uint16_t key)
{
    uint8_t c = key & 0x7F;
    return c == 0x2A || c == 0x36 || c == 0x1D || c == 0x38;
}

static void keys_fire(struct machine *m, void *ctx)
{
    struct keys_script *s = ctx;
    const struct keys_step *st;

    if (s->pos >= s->count)
        return;
    st = &s->steps[s->pos];
    if (st->key && !st->release && !keys_is_modifier(st->key) &&
        bios_kbd_count(m) >= KEYS_BUFFERED) {
        machine_timer_arm(&s->timer, machine_now_ns() + KEYS_RETRY_MS * 1000000ull);
        return;
    }
    if (st->kind == KEYS_STEP_MOUSE)
        keys_mouse_send(m, st);
    else if (st->key)
        keys_send(m, st->key, st->release);
    s->pos++;
    if (s->pos >= s->count) {
        if (s->close_after)
            m->bios->keyboard_closed = true;
        return;
    }
    machine_timer_arm(&s->timer, machine_now_ns() + st->ms * 1000000ull);
}

int keys_script_start(struct machine *m, const char *spec, bool close_after, char *err,
                      size_t errlen)
{
    struct keys_script *s = calloc(1, sizeof(*s));

    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s->count = keys_script_parse(spec, &s->steps, err, errlen);
    if (s->count < 0) {
        free(s);
        return -1;
    }
    s->close_after = close_after;
    s->timer.fire = keys_fire;
    s->timer.ctx = s;
    m->keys = s;
    machine_timer_add(m, &s->timer);
    if (!s->count) {
        if (close_after)
            m->bios->keyboard_closed = true;
        return 0;
    }
    machine_timer_arm(&s->timer, machine_now_ns() + KEYS_START_MS * 1000000ull);
    return 0;
}

void keys_script_stop(struct machine *m)
{
    if (!m->keys)
        return;
    machine_timer_arm(&m->keys->timer, 0);
    free(m->keys->steps);
    free(m->keys);
    m->keys = NULL;
}
