/* DOS names and paths on a machine without a running CPU: 8.3 names of host names,
 * aliases that are unique, case-insensitive lookup, and resolution that never climbs
 * out of the drive. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dos/dos.h"
#include "dos/paths.h"
#include "null_cpu.h"
#include "test.h"

/* A machine whose drive C: is a fresh temporary directory. */
static struct machine *machine_on(char *dir, struct machine_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    snprintf(dir, 64, "/tmp/hvdos-unit-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    cfg->drives[0] = (struct drive_config){.letter = 'C', .path = dir};
    cfg->ndrives = 1;
    return test_machine(cfg);
}

static void touch(const char *dir, const char *name)
{
    char path[512];
    int fd;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    fd = open(path, O_CREAT | O_WRONLY, 0644);
    if (fd >= 0)
        close(fd);
}

static void rm_tree(const char *dir)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

TEST(test_host_names_that_are_83_names)
{
    char out[13];

    EXPECT(dos_name_from_host("readme.txt", out));
    EXPECT_STR(out, "README.TXT");
    EXPECT(dos_name_from_host("Makefile", out));
    EXPECT_STR(out, "MAKEFILE");
    EXPECT(dos_name_from_host("a!b#$.{}~", out));
    EXPECT_STR(out, "A!B#$.{}~");
    EXPECT(dos_name_from_host("caf\xc3\xa9.txt", out)); /* accents fold as in DOS */
    EXPECT_STR(out, "CAFE.TXT");
    EXPECT(!dos_name_from_host("Program Files", out));
    EXPECT(!dos_name_from_host("toolongname.txt", out));
    EXPECT(!dos_name_from_host("a.text", out));
    EXPECT(!dos_name_from_host("a.b.c", out));
    EXPECT(!dos_name_from_host(".profile", out));
    EXPECT(!dos_name_from_host("con.txt", out)); /* a device: unreachable by its name */
    EXPECT(!dos_name_from_host("a+b.c", out));
    EXPECT(!dos_name_from_host("\xe6\x97\xa5.txt", out)); /* not in code page 437 */
    EXPECT(!dos_name_from_host("\xff\xfe", out));         /* not UTF-8 */
}

TEST(test_fcb_names_and_matching)
{
    char fcb[11], name[13];

    dos_name_to_fcb("FOO.C", fcb);
    EXPECT_EQ(memcmp(fcb, "FOO     C  ", 11), 0);
    dos_name_to_fcb("*.*", fcb);
    EXPECT_EQ(memcmp(fcb, "???????????", 11), 0);
    dos_name_to_fcb("A*.T*", fcb);
    EXPECT_EQ(memcmp(fcb, "A???????T??", 11), 0);
    dos_fcb_to_name((const uint8_t *)"NOEXT      ", name);
    EXPECT_STR(name, "NOEXT");
    EXPECT(dos_fcb_match("????????TXT", "README  TXT"));
    EXPECT(!dos_fcb_match("????????TXT", "README  DOC"));
    EXPECT(dos_fcb_match("????????   ", "NOEXT      "));
    EXPECT(!dos_fcb_match("????????   ", "A       B  "));
}

TEST(test_aliases_are_unique_among_many_similar_names)
{
    struct machine_config cfg;
    char dir[64];
    struct machine *m = machine_on(dir, &cfg);
    const struct dos_dirlist *l;
    char name[64];

    for (int i = 0; i < 500; i++) {
        snprintf(name, sizeof(name), "document number %03d.text", i);
        touch(dir, name);
    }
    touch(dir, "readme.txt");
    touch(dir, "README.TXT");
    EXPECT_EQ(dos_dir_list(m, 2, ".", &l), 0);
    EXPECT_EQ(l->n, 502);
    for (size_t i = 1; i < l->n; i++)
        EXPECT(strcmp(l->e[i - 1].dos, l->e[i].dos) < 0); /* sorted, so unique */
    for (size_t i = 0; i < l->n; i++) {
        if (!strcmp(l->e[i].host, "README.TXT"))
            EXPECT_STR(l->e[i].dos, "README.TXT"); /* the exact spelling keeps the name */
        if (!strcmp(l->e[i].host, "readme.txt"))
            EXPECT(strchr(l->e[i].dos, '~') != NULL);
        if (!strncmp(l->e[i].host, "document", 8)) {
            EXPECT_EQ(strncmp(l->e[i].dos, "DOCU~", 5), 0);
            EXPECT_STR(l->e[i].dos + 8, ".TEX");
        }
    }
    machine_destroy(m);
    rm_tree(dir);
}

TEST(test_resolution_stays_in_the_drive)
{
    struct machine_config cfg;
    char dir[64], sub[128];
    struct machine *m = machine_on(dir, &cfg);
    struct dos_path p;

    snprintf(sub, sizeof(sub), "%s/Sub Dir", dir);
    mkdir(sub, 0755);
    touch(sub, "File.Txt");
    EXPECT_EQ(dos_path_resolve(m, "..\\x", &p, 0), DOSERR_PATH_NOT_FOUND);
    EXPECT_EQ(dos_path_resolve(m, "\\a\\..\\..\\x", &p, 0), DOSERR_PATH_NOT_FOUND);
    EXPECT_EQ(dos_path_resolve(m, "C:..", &p, 0), DOSERR_PATH_NOT_FOUND);
    EXPECT_EQ(dos_path_resolve(m, "\\\\server\\x", &p, 0), DOSERR_PATH_NOT_FOUND);
    EXPECT_EQ(dos_path_resolve(m, "A:\\x", &p, 0), DOSERR_PATH_NOT_FOUND);
    EXPECT_EQ(dos_path_resolve(m, "*\\x", &p, DOS_RESOLVE_WILD), DOSERR_PATH_NOT_FOUND);
    EXPECT_EQ(dos_path_resolve(m, "\\.\\x.txt", &p, 0), DOSERR_NONE);
    EXPECT_STR(p.dos, "C:\\X.TXT");
    EXPECT(!p.exists);
    EXPECT_STR(p.host, "x.txt");
    EXPECT_EQ(dos_path_resolve(m, "nul", &p, 0), DOSERR_NONE);
    EXPECT_EQ(p.device, DOS_FILE_NUL);
    EXPECT_EQ(dos_path_resolve(m, "prn:", &p, 0), DOSERR_NONE);
    EXPECT_EQ(p.device, DOS_FILE_PRN);
    EXPECT_EQ(dos_path_resolve(m, "nodir\\nul", &p, 0), DOSERR_PATH_NOT_FOUND);
    /* The directory by its alias, the file case-insensitively, cut names as DOS. */
    {
        const struct dos_dirlist *l;
        char path[64];
        EXPECT_EQ(dos_dir_list(m, 2, ".", &l), 0);
        EXPECT_EQ(l->n, 1);
        snprintf(path, sizeof(path), "%s\\file.txt", l->e[0].dos);
        EXPECT_EQ(dos_path_resolve(m, path, &p, 0), DOSERR_NONE);
        EXPECT(p.exists);
        EXPECT_STR(p.host, "Sub Dir/File.Txt");
        snprintf(path, sizeof(path), "/%s/FILE.TXTXX", l->e[0].dos);
        EXPECT_EQ(dos_path_resolve(m, path, &p, 0), DOSERR_NONE);
        EXPECT(p.exists);
    }
    machine_destroy(m);
    rm_tree(dir);
}

TEST_MAIN(T(test_host_names_that_are_83_names), T(test_fcb_names_and_matching),
          T(test_aliases_are_unique_among_many_similar_names),
          T(test_resolution_stays_in_the_drive))
