/* cli -- the options every command shares, parsed in one place */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "datafile.h"
#include "diag.h"

#ifndef UMKIT_VERSION
#define UMKIT_VERSION "0.1"
#endif

enum {
	OPT_AS_OF = 0x100,
	OPT_CALENDAR,
	OPT_REJECTS,
	OPT_TZ,
	OPT_UNBUFFERED,
	OPT_VERSION
};

static const struct option shared_longopts[] = {
	{"as-of",	required_argument,	NULL,	OPT_AS_OF},
	{"help",	no_argument,		NULL,	'h'},
	{"input",	required_argument,	NULL,	'i'},
	{"map",		required_argument,	NULL,	'm'},
	{"output",	required_argument,	NULL,	'o'},
	{"rejects",	required_argument,	NULL,	OPT_REJECTS},
	{"tz",		required_argument,	NULL,	OPT_TZ},
	{"unbuffered",	no_argument,		NULL,	OPT_UNBUFFERED},
	{"version",	no_argument,		NULL,	OPT_VERSION},
	{"calendar",	required_argument,	NULL,	OPT_CALENDAR},
	{NULL,		0,			NULL,	0}
};

static void
merge(struct cli *cli, const char *shortopts, const struct option *longopts)
{
	size_t nshared = sizeof(shared_longopts) / sizeof(*shared_longopts) - 1;
	size_t ncmd = 0;

	if (!cli->has_calendar)
		nshared--;	/* --calendar is last */
	while (longopts != NULL && longopts[ncmd].name != NULL)
		ncmd++;
	cli->longopts = calloc(nshared + ncmd + 1, sizeof(struct option));
	cli->shortopts = malloc(strlen(shortopts) + 16);
	if (cli->longopts == NULL || cli->shortopts == NULL)
		diag_fatal(EXIT_FATAL, "out of memory");
	memcpy(cli->longopts, shared_longopts, nshared * sizeof(struct option));
	if (ncmd > 0)
		memcpy(cli->longopts + nshared, longopts,
		    ncmd * sizeof(struct option));
	/* The leading ':' tells a missing value from an unknown option. */
	snprintf(cli->shortopts, strlen(shortopts) + 16, ":hi:m:o:%s",
	    shortopts);
	cli->tz = "America/Los_Angeles";
	cli->calendar = "plan";
}

static enum record_format
format(const struct cli *cli, const char *option, const char *text)
{
	if (strcmp(text, "jsonl") == 0 || strcmp(text, "json") == 0)
		return RECORD_JSONL;
	if (strcmp(text, "csv") == 0)
		return RECORD_CSV;
	cli_usage_error(cli, "%s: unknown format '%s' (jsonl or csv)", option,
	    text);
}

int
cli_getopt(struct cli *cli, int argc, char *const argv[],
    const char *shortopts, const struct option *longopts)
{
	int ch;

	if (cli->longopts == NULL)
		merge(cli, shortopts, longopts);
	opterr = 0;	/* our own messages, with the command's short name */
	while ((ch = getopt_long(argc, argv, cli->shortopts, cli->longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			cli_help_exit(cli, EXIT_OK);
		case 'i':
			cli->record.input = format(cli, "-i", optarg);
			break;
		case 'm':
			cli->record.map = optarg;
			break;
		case 'o':
			cli->record.output = format(cli, "-o", optarg);
			break;
		case OPT_AS_OF:
			cli->as_of_text = optarg;
			break;
		case OPT_CALENDAR:
			cli->calendar = optarg;
			break;
		case OPT_REJECTS:
			cli->record.rejects = optarg;
			break;
		case OPT_TZ:
			cli->tz = optarg;
			break;
		case OPT_UNBUFFERED:
			cli->record.unbuffered = true;
			break;
		case OPT_VERSION:
			printf("%s (umkit) %s\n", diag_progname(),
			    UMKIT_VERSION);
			exit(EXIT_OK);
		case ':':
			cli_usage_error(cli, "option '%s' needs a value",
			    argv[optind - 1]);
		case '?':
			if (optopt != 0)
				cli_usage_error(cli, "unknown option '-%c'",
				    optopt);
			cli_usage_error(cli, "unknown option '%s'",
			    argv[optind - 1]);
		default:
			return ch;
		}
	}
	return -1;
}

/* The lines of the options every command lists in its help. */
static const char shared_options_help[] =
"  -i, --input FORMAT     read jsonl (default) or csv\n"
"  -o, --output FORMAT    write jsonl (default) or csv\n"
"  -m, --map JQ           adapt each record with a jq program first\n"
"      --rejects FILE     append lines that are not JSON objects to FILE\n"
"      --unbuffered       flush every output line\n";

void
cli_help_exit(const struct cli *cli, int status)
{
	/*
	 * Standard output of a filter carries only JSON Lines: the help goes
	 * there on a terminal, else to standard error (see umkit(7)).
	 */
	FILE *fp = status == EXIT_OK && isatty(STDOUT_FILENO) ? stdout :
	    stderr;

	fprintf(fp, "%s\n%s%s", cli->help->usage, shared_options_help,
	    cli->help->options);
	fputs("  -h, --help             show this help\n"
	    "      --version          show the version\n\n", fp);
	fputs(cli->help->status, fp);
	exit(status);
}

void
cli_usage_error(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	(void)cli;
	fprintf(stderr, "%s: ", diag_progname());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n",
	    diag_progname());
	exit(EXIT_FATAL);
}

void
cli_finish(struct cli *cli)
{
	if (timefmt_set_zone(cli->tz) != 0)
		cli_usage_error(cli, "--tz: unknown time zone '%s'", cli->tz);
	if (cli->as_of_text != NULL) {
		enum timefmt_status st = timefmt_parse(cli->as_of_text,
		    strlen(cli->as_of_text), &cli->as_of);

		if (st != TIMEFMT_OK)
			cli_usage_error(cli, "--as-of: %s",
			    timefmt_status_message(st));
	} else
		cli->as_of = (timefmt_instant)time(NULL);
}

void
cli_free(struct cli *cli)
{
	free(cli->longopts);
	free(cli->shortopts);
	cli->longopts = NULL;
	cli->shortopts = NULL;
}

long
cli_number(const char *option, const char *text, long min, long max)
{
	long v;

	if (datafile_long(text, min, max, &v) != 0)
		diag_fatal(EXIT_FATAL, "%s: '%s' is not a whole number from "
		    "%ld to %ld", option, text, min, max);
	return v;
}

void
cli_load_error(const struct datafile_error *e)
{
	diag_at(e->file, e->line, "%s", e->message);
	exit(EXIT_FATAL);
}
