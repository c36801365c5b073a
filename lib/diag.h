/* diag -- the one place diagnostics are printed: "command: file:line: message" */
#ifndef UMKIT_DIAG_H
#define UMKIT_DIAG_H

/* Exit statuses of every command (SPEC section 2). */
enum {
	EXIT_OK = 0,		/* every record processed */
	EXIT_DATA = 1,		/* a line rejected or a record error */
	EXIT_FATAL = 2		/* usage, unreadable file, bad data file, write error */
};

void	 diag_init(const char *argv0);
const char *diag_progname(void);

/* "command: message" */
void	 diag_warn(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* "command: file:line: message"; line 0 leaves the line out. */
void	 diag_at(const char *file, long line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* diag_warn, then exit with the status given. */
void	 diag_fatal(int status, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), noreturn));

#endif
