/* The command line: options into a machine_config (src/cli/cli.c). */
#ifndef HVDOS_CLI_H
#define HVDOS_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "machine/config.h"

enum cli_action {
    CLI_RUN,
    CLI_HELP,
    CLI_VERSION,
    CLI_ERROR, /* the message is in err; exit status 2 */
};

/* Parses argv. Options stop at PROGRAM: what follows is the program's. */
enum cli_action cli_parse(int argc, char **argv, struct machine_config *cfg, char *err,
                          size_t errlen);
void cli_usage(FILE *out);

#endif
