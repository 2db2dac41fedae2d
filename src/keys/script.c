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
#include "keys/keys.h"
#include "machine/machine.h"

#define KEYS_START_MS 300 /* after start-up, before the first key */
#define KEYS_HOLD_MS  30  /* a key held down */
#define KEYS_GAP_MS   30  /* between keys */
#define KEYS_MOD_MS   10  /* between a modifier and the key it modifies */
#define KEYS_RETRY_MS 20  /* the BIOS buffer is filling: look again */
#define KEYS_BUFFERED 8   /* keys in the BIOS buffer before the script waits */

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
    (*steps)[(*n)++] = (struct keys_step){key, release, ms};
    return 0;
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
                      char *err, size_t errlen)
{
    unsigned mods = 0, cmods;
    uint16_t key;
    const char *part = t, *end = t + len, *plus;

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
            if (keys_token(p + 1, (size_t)(close - p - 1), &steps, &n, &cap, err, errlen)) {
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
    if (st->key)
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
