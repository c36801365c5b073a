/* ccm-eligible -- add each member's complex case management eligibility */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "ccm.h"
#include "cli.h"
#include "diag.h"
#include "json.h"
#include "record.h"

static const char help_usage[] =
"usage: ccm-eligible [-h] [-i jsonl|csv] [-o jsonl|csv] [-m JQ]\n"
"                    [--rejects FILE] [--unbuffered] [--as-of DATETIME]\n"
"                    [--tz ZONE] [--calendar NAME|FILE] [--explain]\n"
"                    [FILE ...]\n"
"\n"
"Adds \"ccm\": whether each member is a candidate for complex case\n"
"management, the criteria met, exclusions, referrals, the assessment\n"
"and the contact, outreach and assessment dates (policy MPCP2007).\n";

/* Its own options; cli adds the ones every command has. */
static const char help_options[] =
"      --as-of DATETIME   accepted for the family; nothing here uses it\n"
"      --tz ZONE          the plan's time zone (America/Los_Angeles)\n"
"      --calendar NAME    holiday calendar: plan (default), us-federal,\n"
"                         ca-state, or a file\n"
"      --explain          add ccm.explain, one sentence per finding\n";

static const char help_status[] =
"Exit status: 0 all records processed, 1 a line rejected or a record\n"
"error, 2 usage, file or write error.  See ccm-eligible(1).\n";

static const struct cli_help help = {help_usage, help_options, help_status};

enum { OPT_EXPLAIN = CLI_COMMAND_OPTION };

static const struct option longopts[] = {
	{"explain",	no_argument,	NULL,	OPT_EXPLAIN},
	{NULL,		0,		NULL,	0}
};

/* CSV cells that are not text in the record schema. */
static const struct record_column_type schema[] = {
	{"coverage.partnership_primary", RECORD_BOOLEAN},
	{"coverage.partnership_secondary_responsible", RECORD_BOOLEAN},
	{"coverage.dual_full_benefit", RECORD_BOOLEAN},
	{"ecm_enrolled",	RECORD_BOOLEAN},
	{"spd_needs_ccm",	RECORD_BOOLEAN},
	{"wcm_needs_ccm",	RECORD_BOOLEAN},
	{"ccs_eligible",	RECORD_BOOLEAN},
	{"needs_icp",		RECORD_BOOLEAN},
	{"pregnant",		RECORD_BOOLEAN},
	{NULL,			RECORD_STRING}
};

struct options {
	struct cli	 cli;
	bool		 explain;
};

/* What the command loads once and every record uses. */
struct context {
	const struct options *opts;
	struct calendar	*calendar;
	struct ccm	*ccm;	/* code lists, settings, clocks */
};

static void
context_init(struct context *ctx, const struct options *opts)
{
	struct datafile_error e;

	memset(ctx, 0, sizeof(*ctx));
	ctx->opts = opts;
	if ((ctx->calendar = calendar_load(opts->cli.calendar, &e)) == NULL)
		cli_load_error(&e);
	if ((ctx->ccm = ccm_load(NULL, &e)) == NULL)
		cli_load_error(&e);
}

static void
context_free(struct context *ctx)
{
	ccm_free(ctx->ccm);
	calendar_free(ctx->calendar);
}

/* The "ccm" result of one record, or {"error": ...} for a record error. */
static jv
ccm_for_record(const struct context *ctx, struct record_io *io, jv record)
{
	const char *field, *error;
	jv out;

	error = ccm_evaluate(ctx->ccm, ctx->calendar, record,
	    ctx->opts->explain, &out, &field);
	if (error != NULL)
		return JV_OBJECT(jv_string("error"),
		    record_error(io, field, error));
	return out;
}

int
main(int argc, char *argv[])
{
	struct options opts = {0};
	struct context ctx;
	struct record_io *io;
	const char *map_error;
	jv record, ccm;
	int ch, status;

	diag_init(argv[0]);
	opts.cli.help = &help;
	opts.cli.has_calendar = true;
	opts.cli.record.schema = schema;
	while ((ch = cli_getopt(&opts.cli, argc, argv, "", longopts)) != -1) {
		switch (ch) {
		case OPT_EXPLAIN:
			opts.explain = true;
			break;
		default:
			cli_help_exit(&opts.cli, EXIT_FATAL);
		}
	}
	cli_finish(&opts.cli);
	context_init(&ctx, &opts);
	/* Read only the fields evaluation needs; copy the rest through. */
	opts.cli.record.fields = ccm_fields(ctx.ccm);
	opts.cli.record.result_key = "ccm";

	io = record_open(&opts.cli.record, argv + optind, argc - optind);
	while (record_next(io, &record, &map_error)) {
		if (map_error != NULL)
			ccm = JV_OBJECT(jv_string("error"),
			    record_error(io, "--map", map_error));
		else
			ccm = ccm_for_record(&ctx, io, record);
		record_write_result(io, record, ccm);
	}
	status = record_close(io);
	context_free(&ctx);
	cli_free(&opts.cli);
	return status;
}
