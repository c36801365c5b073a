/* irr-score -- each reviewer's agreement with the IRR auditor */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "irr.h"
#include "json.h"
#include "record.h"

static const char help_usage[] =
"usage: irr-score [-h] [-i jsonl|csv] [-o jsonl|csv] [-m JQ] [--rejects FILE]\n"
"                 [--unbuffered] [FILE ...]\n"
"\n"
"Writes one line per reviewer and one for all: cases, agreement with the\n"
"auditor and its 95% Wilson interval, Cohen's kappa, Gwet's AC1, and\n"
"whether the plan's target is met.\n";

/* Its own options; cli adds the ones every command has. */
static const char help_options[] = "";

static const char help_status[] =
"Exit status: 0 all records processed, 1 a line rejected or a record\n"
"error, 2 usage, file or write error.  See irr-score(1).\n";

static const struct cli_help help = {help_usage, help_options, help_status};

/* What the command loads once and every record uses. */
struct context {
	double		 target;
	struct irr_roster *roster;
	struct irr_tally all;
	struct json_path reviewer_id, decision_by_id, decision_outcome,
			 audit_outcome;
};

static void
context_init(struct context *ctx)
{
	struct datafile_error e;

	memset(ctx, 0, sizeof(*ctx));
	if (irr_target_load(&ctx->target, &e) != 0)
		cli_load_error(&e);
	if ((ctx->roster = irr_roster_new(0)) == NULL)
		diag_fatal(EXIT_FATAL, "out of memory");
	json_path_init(&ctx->reviewer_id, "reviewer.id");
	json_path_init(&ctx->decision_by_id, "decision.by.id");
	json_path_init(&ctx->decision_outcome, "decision.outcome");
	json_path_init(&ctx->audit_outcome, "audit.outcome");
}

static void
context_free(struct context *ctx)
{
	irr_roster_free(ctx->roster);
	json_path_free(&ctx->reviewer_id);
	json_path_free(&ctx->decision_by_id);
	json_path_free(&ctx->decision_outcome);
	json_path_free(&ctx->audit_outcome);
}

/* An outcome's index; -1 with *error set when it is not one. */
static int
read_outcome(jv record, const struct json_path *p, const char **error)
{
	jv v = json_get(record, p);
	int i;

	if (!json_is_present(v))
		*error = "missing";
	else if (jv_get_kind(v) != JV_KIND_STRING)
		*error = "not a string";
	else if ((i = irr_outcome(jv_string_value(v))) < 0)
		*error = "not approve, deny, modify or defer";
	else
		return i;
	return -1;
}

/* Counts one audited case for its reviewer and for all. */
static void
take_record(struct context *ctx, struct record_io *io, jv record)
{
	const struct json_path *p = &ctx->reviewer_id;
	const char *error = NULL;
	struct irr_reviewer *r;
	int decision, audit;
	jv id = json_get(record, p);

	if (!json_is_present(id))
		id = json_get(record, &ctx->decision_by_id);
	if (!json_is_present(id))
		error = "missing";
	else if (jv_get_kind(id) != JV_KIND_STRING)
		error = "not a string";
	else if (jv_string_length_bytes(jv_copy(id)) == 0)
		error = "empty";
	if (error != NULL)
		goto fail;
	p = &ctx->decision_outcome;
	if ((decision = read_outcome(record, p, &error)) < 0)
		goto fail;
	p = &ctx->audit_outcome;
	if ((audit = read_outcome(record, p, &error)) < 0)
		goto fail;
	r = irr_roster_reviewer(ctx->roster, jv_string_value(id),
	    (size_t)jv_string_length_bytes(jv_copy(id)));
	if (r == NULL)
		diag_fatal(EXIT_FATAL, "out of memory");
	irr_tally_add(&r->tally, decision, audit);
	irr_tally_add(&ctx->all, decision, audit);
	return;
fail:
	jv_free(record_error(io, p->text, error));
}

static jv
number_or_null(bool has, double d)
{
	return has ? jv_number(d) : jv_null();
}

/* SPEC section 7: the line of one reviewer (a null id for all). */
static jv
score_line(const struct context *ctx, jv reviewer,
    const struct irr_tally *t)
{
	struct irr_score sc;
	bool meets;
	jv line;

	irr_score_of(t, &sc);
	meets = sc.has_agreement && sc.agreement >= ctx->target;
	line = JV_OBJECT(jv_string("reviewer"), reviewer,
	    jv_string("cases"), jv_number((double)t->cases),
	    jv_string("agree"), jv_number((double)t->agree),
	    jv_string("agreement"), number_or_null(sc.has_agreement,
	    sc.agreement),
	    jv_string("ci95"), sc.has_agreement ? JV_ARRAY(jv_number(
	    sc.ci_low), jv_number(sc.ci_high)) : jv_null(),
	    jv_string("kappa"), number_or_null(sc.has_kappa, sc.kappa),
	    jv_string("ac1"), number_or_null(sc.has_ac1, sc.ac1));
	line = jv_object_set(line, jv_string("target"),
	    jv_number(ctx->target));
	line = jv_object_set(line, jv_string("meets_target"),
	    sc.has_agreement ? jv_bool(meets) : jv_null());
	return jv_object_set(line, jv_string("corrective_action"),
	    sc.has_agreement ? jv_bool(!meets) : jv_null());
}

int
main(int argc, char *argv[])
{
	struct cli cli = {0};
	struct context ctx;
	struct record_io *io;
	const char *map_error;
	jv record;
	int status;

	diag_init(argv[0]);
	cli.help = &help;
	if (cli_getopt(&cli, argc, argv, "", NULL) != -1)
		cli_help_exit(&cli, EXIT_FATAL);
	cli_finish(&cli);
	context_init(&ctx);

	io = record_open(&cli.record, argv + optind, argc - optind);
	while (record_next(io, &record, &map_error)) {
		if (map_error != NULL)
			jv_free(record_error(io, "--map", map_error));
		else
			take_record(&ctx, io, record);
		jv_free(record);
	}
	irr_roster_sort(ctx.roster);
	for (size_t i = 0; i < ctx.roster->n; i++) {
		const struct irr_reviewer *r = &ctx.roster->reviewers[i];

		record_write(io, score_line(&ctx, jv_string_sized(r->id,
		    (int)r->idlen), &r->tally));
	}
	record_write(io, score_line(&ctx, jv_null(), &ctx.all));
	status = record_close(io);
	context_free(&ctx);
	cli_free(&cli);
	return status;
}
