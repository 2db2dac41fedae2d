/* File control blocks: the int 21h 29h filename parser. */
#include <ctype.h>
#include <string.h>

#include "dos/fcb.h"

static bool fcb_separator(char c)
{
    return c && strchr(":.;,=+ \t", c);
}

static bool fcb_terminator(char c)
{
    return (unsigned char)c < 0x21 || strchr(".\":;|<>/\\[]+=,", c);
}

/* Copies up to `len` name characters into field, '*' filling the rest with '?'. */
static bool fcb_field(const char **p, uint8_t *field, size_t len)
{
    bool wild = false;
    size_t i = 0;

    memset(field, ' ', len);
    while (!fcb_terminator(**p)) {
        char c = *(*p)++;
        if (c == '*') {
            while (i < len)
                field[i++] = '?';
            wild = true;
            continue;
        }
        if (c == '?')
            wild = true;
        if (i < len)
            field[i++] = (uint8_t)toupper((unsigned char)c);
    }
    return wild;
}

uint8_t dos_fcb_parse_name(struct machine *m, const char **p, uint8_t *fcb, uint8_t flags)
{
    const char *s = *p;
    uint8_t ret = 0, name[8], ext[3];
    bool wild = false, have_name, have_ext = false;

    while (*s == ' ' || *s == '\t')
        s++;
    if (flags & 0x01) {
        while (fcb_separator(*s))
            s++;
        while (*s == ' ' || *s == '\t')
            s++;
    }
    if (isalpha((unsigned char)s[0]) && s[1] == ':') {
        int drive = toupper((unsigned char)s[0]) - 'A';
        fcb[0] = (uint8_t)(drive + 1);
        if (m->dos->drives[drive].root_fd < 0)
            ret = 0xFF;
        s += 2;
    } else if (!(flags & 0x02)) {
        fcb[0] = 0;
    }
    have_name = !fcb_terminator(*s);
    wild |= fcb_field(&s, name, 8);
    if (*s == '.') {
        s++;
        have_ext = true;
        wild |= fcb_field(&s, ext, 3);
    }
    if (have_name || !(flags & 0x04))
        memcpy(fcb + 1, have_name ? name : (const uint8_t *)"        ", 8);
    if (have_ext || !(flags & 0x08))
        memcpy(fcb + 9, have_ext ? ext : (const uint8_t *)"   ", 3);
    /* A bare wildcard check on what ended up in the FCB. */
    if (!wild && memchr(fcb + 1, '?', 11))
        wild = true;
    *p = s;
    if (ret == 0xFF)
        return ret;
    return wild ? 1 : 0;
}
