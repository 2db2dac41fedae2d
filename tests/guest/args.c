/* Prints argc and each argv[i] from the second on, then exits with argc: checks that
 * ARGS reach bcc's C start-up code. (bcc's start-up reuses the PSP's tail area, so
 * the raw tail is checked by exe_reloc.asm instead.) */
#include <stdio.h>

int main(argc, argv)
int argc;
char **argv;
{
    int i;

    printf("argc=%d\n", argc);
    for (i = 1; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    return argc;
}
