/* The options, from configuration files and the command line, into a machine_config
 * (src/cli/cli.c). One table there declares each option once. */
#ifndef HVDOS_CLI_H
#define HVDOS_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "machine/config.h"

enum cli_action {
    CLI_RUN,
    CLI_HELP,
    CLI_VERSION,
    CLI_PRINT_CONFIG, /* --print-config: print the merged configuration and exit */
    CLI_ERROR,        /* the message is in err; exit status 2 */
};

struct cli_setting;

/* What cli_parse() read: the merged configuration, and every value with where it came
 * from. cfg points into it: keep it until the run ends, then cli_free(). */
struct cli {
    struct machine_config cfg;
    struct cli_setting *settings;
    size_t nsettings, cap;
};

/* Reads the configuration files ($XDG_CONFIG_HOME/hvdos/hvdos.ini, ./hvdos.ini, each
 * --config FILE), then argv, each overriding the last. Options stop at PROGRAM: what
 * follows is the program's. On CLI_ERROR, err has one line (for a file: FILE:LINE). */
enum cli_action cli_parse(struct cli *cli, int argc, char **argv, char *err, size_t errlen);
void cli_free(struct cli *cli);
void cli_usage(FILE *out);
/* The merged configuration as a configuration file, each value with its source. */
void cli_print_config(const struct cli *cli, FILE *out);

#endif
