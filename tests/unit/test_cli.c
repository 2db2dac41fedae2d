/* The command line parser. */
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "log.h"
#include "test.h"

/* No configuration file reaches these tests: $XDG_CONFIG_HOME names nothing, and the
 * current directory (./hvdos.ini) is an empty one of their own. */
__attribute__((constructor)) static void test_cli_isolate(void)
{
    char dir[] = "/tmp/hvdos-test-cli-XXXXXX";

    /* Removed at once: it stays the current directory, and no file can appear in it. */
    if (mkdtemp(dir) && !chdir(dir))
        (void)rmdir(dir);
    setenv("XDG_CONFIG_HOME", "/nonexistent/hvdos-test", 1);
}

/* The last parse: cfg points into it until the next. */
static struct cli last;

static enum cli_action parse(struct machine_config *cfg, char **argv)
{
    char err[256];
    enum cli_action a;
    int argc = 0;

    while (argv[argc])
        argc++;
    cli_free(&last);
    a = cli_parse(&last, argc, argv, err, sizeof(err));
    *cfg = last.cfg;
    return a;
}

TEST(test_cli_program_and_args_stop_option_parsing)
{
    struct machine_config cfg;
    char *argv[] = {"hvdos", "--headless", "prog.exe", "--headless", "a", "b", NULL};

    EXPECT_EQ(parse(&cfg, argv), CLI_RUN);
    EXPECT(cfg.headless);
    EXPECT_STR(cfg.program, "prog.exe");
    EXPECT_EQ(cfg.nargs, 3);
    EXPECT_STR(cfg.args[0], "--headless");
    EXPECT_STR(cfg.args[2], "b");
}

TEST(test_cli_defaults)
{
    struct machine_config cfg;
    char *argv[] = {"hvdos", NULL};

    EXPECT_EQ(parse(&cfg, argv), CLI_RUN);
    EXPECT(cfg.program == NULL);
    EXPECT_STR(cfg.cpu, "auto");
    EXPECT(!cfg.headless);
    EXPECT_EQ(cfg.frontend, CONFIG_FRONTEND_AUTO);
    EXPECT_EQ(cfg.dos_version, 0);
    EXPECT_EQ(cfg.memory_mib, 0); /* the board's default, CONFIG_MEMORY_DEFAULT_MIB */
}

TEST(test_cli_options_with_values)
{
    struct machine_config cfg;
    char d1[] = "D=/tmp:ro", d2[] = "e=.";
    char env[] = "path=C:\\BIN";
    char *argv[] = {"hvdos",           "--cpu=kvm",
                    "--drive",         d1,
                    "--drive",         d2,
                    "--env",           env,
                    "--timeout",       "2.5",
                    "--dos-version",   "3.30",
                    "--debug=int,dos", "--dump-screen",
                    "s.txt",           "--memory=64",
                    "x.com",           NULL};

    EXPECT_EQ(parse(&cfg, argv), CLI_RUN);
    EXPECT_STR(cfg.cpu, "kvm");
    EXPECT_EQ(cfg.ndrives, 2);
    EXPECT_EQ(cfg.drives[0].letter, 'D');
    EXPECT_STR(cfg.drives[0].path, "/tmp");
    EXPECT(cfg.drives[0].readonly);
    EXPECT_EQ(cfg.drives[1].letter, 'E');
    EXPECT(!cfg.drives[1].readonly);
    EXPECT_STR(cfg.env[0], "PATH=C:\\BIN");
    EXPECT(cfg.timeout == 2.5);
    EXPECT_EQ(cfg.dos_version, 0x1E03);
    EXPECT_EQ(cfg.debug, LOG_INT | LOG_DOS);
    EXPECT_STR(cfg.dump_screen, "s.txt");
    EXPECT_EQ(cfg.memory_mib, 64);
    EXPECT_STR(cfg.program, "x.com");
}

TEST(test_cli_rejects_bad_values)
{
    struct machine_config cfg;
    char *bad[][4] = {
        {"hvdos", "--cpu=z80", NULL},
        {"hvdos", "--debug=nope", NULL},
        {"hvdos", "--drive", "C", NULL},
        {"hvdos", "--drive", "A=/tmp", NULL},
        {"hvdos", "--env", "NOEQUALS", NULL},
        {"hvdos", "--timeout", "-1", NULL},
        {"hvdos", "--timeout", "abc", NULL},
        {"hvdos", "--dos-version", "1.0", NULL},
        {"hvdos", "--bogus", NULL},
        {"hvdos", "--timeout", NULL},
        {"hvdos", "--memory=1", NULL},
        {"hvdos", "--memory=3073", NULL},
        {"hvdos", "--memory=16M", NULL},
        {"hvdos", "--speed=0", NULL},
        {"hvdos", "--speed=fast", NULL},
        {"hvdos", "--speed=-5", NULL},
        {"hvdos", "--speed=100000001", NULL},
        {"hvdos", "--speed=12x", NULL},
        {"hvdos", "--speed=", NULL},
        {"hvdos", "--drive", "Z=/tmp", NULL},
        {"hvdos", "-c", NULL},
        {"hvdos", "-c", "dir", "x.com"},
        {"hvdos", "--demo", "x.com", NULL},
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char copy0[64], copy1[64], copy2[64], copy3[64];
        char *argv[5] = {NULL};
        argv[0] = strcpy(copy0, bad[i][0]);
        argv[1] = strcpy(copy1, bad[i][1]);
        argv[2] = bad[i][2] ? strcpy(copy2, bad[i][2]) : NULL;
        argv[3] = bad[i][2] && bad[i][3] ? strcpy(copy3, bad[i][3]) : NULL;
        if (parse(&cfg, argv) != CLI_ERROR)
            printf("  accepted: %s %s\n", argv[1], argv[2] ? argv[2] : "");
        EXPECT_EQ(parse(&cfg, argv), CLI_ERROR);
    }
}

TEST(test_cli_speed_presets_numbers_and_max)
{
    static const struct {
        const char *arg;
        uint32_t per_ms;
    } cases[] = {
        {"8088", 240},
        {"286", 1500},
        {"386", 7000},
        {"486", 25000},
        {"max", 0},
        {"1", 1},
        {"100000000", 100000000u},
        {"3000", 3000},
    };
    struct machine_config cfg;
    char *none[] = {"hvdos", "x.com", NULL};

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char opt[64];
        char *argv[] = {"hvdos", opt, "x.com", NULL};
        snprintf(opt, sizeof(opt), "--speed=%s", cases[i].arg);
        EXPECT_EQ(parse(&cfg, argv), CLI_RUN);
        EXPECT(cfg.speed_given);
        EXPECT_EQ(cfg.speed, cases[i].per_ms);
    }
    /* Without it main() picks the default for the frontend it opens. */
    EXPECT_EQ(parse(&cfg, none), CLI_RUN);
    EXPECT(!cfg.speed_given);
}

TEST(test_cli_commands_split_at_ampersands_outside_quotes)
{
    struct machine_config cfg;
    char c1[] = "cd games & tetris &echo \"a & b\"", c2[] = "dir";
    char *argv[] = {"hvdos", "-c", c1, "--command", c2, "--shell", NULL};

    EXPECT_EQ(parse(&cfg, argv), CLI_RUN);
    EXPECT_EQ(cfg.ncommands, 4);
    EXPECT_STR(cfg.commands[0], "cd games ");
    EXPECT_STR(cfg.commands[1], "tetris ");
    EXPECT_STR(cfg.commands[2], "echo \"a & b\"");
    EXPECT_STR(cfg.commands[3], "dir");
    EXPECT(cfg.shell_after);
    EXPECT(!cfg.demo);
    EXPECT(cfg.program == NULL);
}

TEST(test_cli_demo_and_shell_flags)
{
    struct machine_config cfg;
    char *d[] = {"hvdos", "--demo", NULL};
    char *sh[] = {"hvdos", "--shell", "game.bat", "x", NULL};

    EXPECT_EQ(parse(&cfg, d), CLI_RUN);
    EXPECT(cfg.demo);
    EXPECT_EQ(parse(&cfg, sh), CLI_RUN);
    EXPECT(cfg.shell_after);
    EXPECT_STR(cfg.program, "game.bat");
    EXPECT_EQ(cfg.nargs, 1);
}

TEST(test_cli_help_and_version)
{
    struct machine_config cfg;
    char *h[] = {"hvdos", "--help", NULL};
    char *v[] = {"hvdos", "-V", NULL};

    EXPECT_EQ(parse(&cfg, h), CLI_HELP);
    EXPECT_EQ(parse(&cfg, v), CLI_VERSION);
}

TEST(test_cli_frontend_names_and_headless)
{
    struct machine_config cfg;
    char *term[] = {"hvdos", "--frontend=terminal", NULL};
    char *later[] = {"hvdos", "--frontend=terminal", "--frontend=headless", NULL};
    char *flag[] = {"hvdos", "--headless", "--frontend=window", NULL};
    char *bad[] = {"hvdos", "--frontend=tty", NULL};

    EXPECT_EQ(parse(&cfg, term), CLI_RUN);
    EXPECT_EQ(cfg.frontend, CONFIG_FRONTEND_TERMINAL);
    EXPECT(!cfg.headless);
    EXPECT_EQ(parse(&cfg, later), CLI_RUN);
    EXPECT_EQ(cfg.frontend, CONFIG_FRONTEND_HEADLESS);
    EXPECT(cfg.headless);
    EXPECT_EQ(parse(&cfg, flag), CLI_RUN); /* the last one said wins */
    EXPECT_EQ(cfg.frontend, CONFIG_FRONTEND_WINDOW);
    EXPECT(!cfg.headless);
    EXPECT_EQ(parse(&cfg, bad), CLI_ERROR);
}

TEST_MAIN(T(test_cli_program_and_args_stop_option_parsing), T(test_cli_defaults),
          T(test_cli_frontend_names_and_headless), T(test_cli_options_with_values),
          T(test_cli_rejects_bad_values), T(test_cli_speed_presets_numbers_and_max),
          T(test_cli_commands_split_at_ampersands_outside_quotes), T(test_cli_demo_and_shell_flags),
          T(test_cli_help_and_version))
