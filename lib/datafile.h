/* datafile -- finding and reading the line-based data files in share/umkit */
#ifndef UMKIT_DATAFILE_H
#define UMKIT_DATAFILE_H

#include <stdio.h>

#define DATAFILE_MAX_TOKENS	64

/* Where a data file went wrong, for a "file:line: message" diagnostic. */
struct datafile_error {
	char	 file[1024];
	long	 line;
	char	 message[256];
};

/*
 * A data file read a line at a time: '#' starts a comment, blank lines
 * are skipped, tokens are separated by white space, and a token in double
 * quotes may hold spaces (with \" and \\ inside).
 */
struct datafile {
	FILE	*fp;
	char	 path[1024];
	long	 line;
	char	*buf;
	size_t	 cap;
	int	 ntokens;
	char	*tokens[DATAFILE_MAX_TOKENS];
	struct datafile_error *error;
};

/* The share/umkit directory: $UMKIT_SHARE, the build tree's, or SHAREDIR. */
const char	*datafile_share_dir(void);

/*
 * The path of a data file given as a NAME (looked up as SUBDIR/NAME EXT
 * under the share directory) or as a path (it holds a '/', or it ends in
 * EXT and exists).
 * Returns a malloc'd string.
 */
char		*datafile_resolve(const char *subdir, const char *name,
		    const char *ext);

int		 datafile_open(struct datafile *, const char *path,
		    struct datafile_error *);
/* datafile_resolve() then datafile_open(): 0, or -1 with *error filled. */
int		 datafile_open_named(struct datafile *, const char *subdir,
		    const char *name, const char *ext, struct datafile_error *);
/* The next line's tokens: returns their number, 0 at the end, -1 on error. */
int		 datafile_next(struct datafile *);
/* Records an error at the current line; returns -1 for the caller. */
int		 datafile_fail(struct datafile *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 datafile_close(struct datafile *);

/* Range-checked number parsing; -1 when the text is not such a number. */
int		 datafile_long(const char *, long min, long max, long *out);
/* "HH:MM" to seconds of the day; -1 when malformed. */
int		 datafile_clock(const char *, int *seconds);

#endif
