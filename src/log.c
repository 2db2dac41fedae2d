/* Log output and the --debug category parser. */
#include "log.h"

#include <string.h>

static const struct {
    const char *name;
    unsigned cat;
} log_cats[] = {
    {"int", LOG_INT},     {"dos", LOG_DOS},     {"port", LOG_PORT}, {"kbd", LOG_KBD},
    {"cpu", LOG_CPU},     {"video", LOG_VIDEO}, {"irq", LOG_IRQ},   {"ui", LOG_UI},
    {"mouse", LOG_MOUSE}, {"sound", LOG_SOUND}, {"all", LOG_ALL},
};

const char *log_cat_names(void)
{
    return "int, dos, port, kbd, cpu, video, irq, ui, mouse, sound, all";
}

int log_parse_cats(const char *spec, unsigned *cats, const char **bad, size_t *badlen)
{
    *cats = 0;
    while (*spec) {
        size_t len = strcspn(spec, ",");
        bool found = false;
        for (size_t i = 0; i < sizeof(log_cats) / sizeof(log_cats[0]); i++) {
            if (strlen(log_cats[i].name) == len && !strncmp(spec, log_cats[i].name, len)) {
                *cats |= log_cats[i].cat;
                found = true;
            }
        }
        if (!found && len) {
            *bad = spec;
            *badlen = len;
            return -1;
        }
        spec += len;
        if (*spec == ',')
            spec++;
    }
    return 0;
}

void log_msg(const struct log *log, const char *prefix, const char *fmt, ...)
{
    FILE *out = log->out ? log->out : stderr;
    va_list ap;

    fprintf(out, "hvdos: %s: ", prefix);
    if (fmt) { /* GCC's sanitizer builds cannot prove it, and warn */
        va_start(ap, fmt);
        vfprintf(out, fmt, ap);
        va_end(ap);
    }
    fputc('\n', out);
}
