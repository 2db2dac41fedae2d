/* What every frontend needs to know about the host: whether a window can exist, and
 * the window's module, loaded on demand. */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui/ui.h"

bool ui_have_window(void)
{
#ifdef HVDOS_SDL_MODULE_DIR
    return true;
#else
    return false;
#endif
}

bool ui_display_named(void)
{
    const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");

    return (x && *x) || (w && *w);
}

#ifdef HVDOS_SDL_MODULE_DIR
static void *ui_module_open(const char *dir, size_t dirlen, char *err, size_t errlen)
{
    char path[PATH_MAX];
    void *h;

    if (snprintf(path, sizeof(path), "%.*s/%s", (int)dirlen, dir, UI_SDL_MODULE_FILE) >=
        (int)sizeof(path))
        return NULL;
    if (access(path, F_OK))
        return NULL;
    /* RTLD_NOW: a module that does not match this hvdos fails here, with a reason,
     * not at the first call into it. It is never unloaded: SDL keeps threads. */
    h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        snprintf(err, errlen, "cannot load the window module: %s", dlerror());
    return h;
}
#endif

const struct ui_sdl_module *ui_sdl_module_load(char *err, size_t errlen)
{
#ifdef HVDOS_SDL_MODULE_DIR
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    const struct ui_sdl_module *mod;
    const char *slash;
    void *h = NULL;

    snprintf(err, errlen, "the window module %s is missing (looked beside hvdos and in %s)",
             UI_SDL_MODULE_FILE, HVDOS_SDL_MODULE_DIR);
    if (n > 0) {
        exe[n] = 0;
        slash = strrchr(exe, '/');
        if (slash)
            h = ui_module_open(exe, (size_t)(slash - exe), err, errlen);
    }
    if (!h)
        h = ui_module_open(HVDOS_SDL_MODULE_DIR, strlen(HVDOS_SDL_MODULE_DIR), err, errlen);
    if (!h)
        return NULL;
    mod = dlsym(h, UI_SDL_MODULE_SYMBOL);
    if (!mod)
        snprintf(err, errlen, "the window module has no %s: %s", UI_SDL_MODULE_SYMBOL, dlerror());
    return mod;
#else
    snprintf(err, errlen, "this hvdos was built without SDL2");
    return NULL;
#endif
}
