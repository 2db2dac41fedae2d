/* Copies standard input to standard output in upper case until end of file, then
 * prints the byte count: checks that a host pipe or file is DOS standard input. */
#include <stdio.h>

int main()
{
    char buf[100];
    int n, i;
    long total = 0;

    while ((n = read(0, buf, sizeof(buf))) > 0) {
        for (i = 0; i < n; i++)
            if (buf[i] >= 'a' && buf[i] <= 'z')
                buf[i] -= 32;
        write(1, buf, n);
        total += n;
    }
    printf("\n%ld bytes\n", total);
    return 0;
}
