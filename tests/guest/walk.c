/* Walks the directory tree of C: depth first with find first/next (int 21h 4Eh/4Fh),
 * one DTA per level on the stack, and prints each file with its size: a recursive
 * search as DOS programs of the time did it, through bcc's int86x. */
#include <stdio.h>
#include <string.h>
#include <bios.h>
#include <dos.h>

static int files;

static void set_dta(char *dta, struct SREGS *s)
{
    union REGS r;

    r.h.ah = 0x1A;
    r.x.dx = (unsigned)dta;
    int86x(0x21, &r, &r, s);
}

static void walk(char *dir)
{
    char dta[43], pat[80], path[80];
    union REGS r;
    struct SREGS s;

    segread(&s);
    set_dta(dta, &s);
    sprintf(pat, "%s\\*.*", dir);
    r.h.ah = 0x4E;
    r.x.cx = 0x10;
    r.x.dx = (unsigned)pat;
    int86x(0x21, &r, &r, &s);
    while (!r.x.cflag) {
        char *name = dta + 0x1E;
        if (name[0] != '.') {
            sprintf(path, "%s\\%s", dir, name);
            if (dta[0x15] & 0x10) {
                walk(path);
                set_dta(dta, &s); /* the level below had its own */
            } else {
                printf("%s %ld\n", path, *(long *)(dta + 0x1A));
                files++;
            }
        }
        r.h.ah = 0x4F;
        int86x(0x21, &r, &r, &s);
    }
}

int main()
{
    walk("C:");
    printf("files=%d\n", files);
    return 0;
}
