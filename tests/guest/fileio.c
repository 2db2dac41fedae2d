/* Creates a file, writes to it, reads it back, appends, checks the size through a
 * seek, deletes it: through bcc's C library, which makes the int 21h calls. */
#include <stdio.h>
#include <fcntl.h>

static int failures;

static void check(ok, what) int ok;
char *what;
{
    if (!ok) {
        printf("FAIL: %s\n", what);
        failures++;
    }
}

int main()
{
    char buf[64];
    int fd, n;
    long pos;

    fd = open("DATA.TXT", O_WRONLY | O_CREAT | O_TRUNC, 0666);
    check(fd >= 0, "create DATA.TXT");
    n = write(fd, "hello, file\r\n", 13);
    check(n == 13, "write 13 bytes");
    check(close(fd) == 0, "close after write");

    fd = open("data.txt", O_RDONLY);
    check(fd >= 0, "open it again, lower case");
    n = read(fd, buf, sizeof(buf));
    check(n == 13, "read 13 bytes back");
    buf[n > 0 ? n : 0] = 0;
    check(strcmp(buf, "hello, file\r\n") == 0, "same bytes back");
    n = read(fd, buf, sizeof(buf));
    check(n == 0, "then end of file");
    close(fd);

    fd = open("DATA.TXT", O_RDWR);
    check(fd >= 0, "open read-write");
    pos = lseek(fd, 0L, 2);
    check(pos == 13L, "seek to the end gives the size");
    n = write(fd, "more\r\n", 6);
    check(n == 6, "append");
    pos = lseek(fd, 0L, 1);
    check(pos == 19L, "position after the append");
    close(fd);

    fd = open("NOSUCH.TXT", O_RDONLY);
    check(fd < 0, "a missing file does not open");

    printf("kept\n");
    fd = open("KEEP.TXT", O_WRONLY | O_CREAT | O_TRUNC, 0666);
    write(fd, "kept\r\n", 6);
    close(fd);

    check(unlink("DATA.TXT") == 0, "delete DATA.TXT");
    fd = open("DATA.TXT", O_RDONLY);
    check(fd < 0, "deleted file is gone");

    if (failures)
        return 1;
    printf("PASS\n");
    return 0;
}
