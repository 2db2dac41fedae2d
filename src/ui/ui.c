/* What every frontend needs to know about the host: whether a window can exist. */
#include <stdlib.h>

#include "ui/ui.h"

bool ui_have_window(void)
{
#ifdef HVDOS_HAVE_SDL
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
