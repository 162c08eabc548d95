/* store_backup.h: backups of a database, taken and restored while a
 * server may be running, and the check that a backup is sound.
 *
 * A backup is a consistent copy: SQLite's online backup API copies every
 * page inside one read transaction, so a copy taken while `pavilion
 * serve` writes holds exactly the transactions committed before it began
 * (in WAL mode writers are not held up meanwhile).  See docs/backup.md.
 */
#ifndef PAVILION_STORE_STORE_BACKUP_H
#define PAVILION_STORE_STORE_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "util/error.h"

/* Copies the database at db into the file out, which must be empty or
 * missing (the CLI passes a new temporary file and renames it). */
int store_backup(const char *db, const char *out, struct error *err);

/* Calls fn with each table's name and row count of the database at path,
 * opened read-only, after PRAGMA integrity_check passed; ERROR_INVALID
 * naming the first problem when it did not, or when path is not a
 * Pavilion database. */
typedef int (*store_count_fn)(const char *table, int64_t rows, void *ctx);
int store_backup_check(const char *path, store_count_fn fn, void *ctx,
		       struct error *err);

/* Replaces the contents of the database at db (created when missing) by
 * those of the backup at from, which must pass store_backup_check.
 * Unless force, refuses with ERROR_CONFLICT while another process (a
 * running server) has db open; with force the copy is made through
 * SQLite's locks, and the other processes see the restored data on
 * their next read. */
int store_restore(const char *from, const char *db, bool force,
		  struct error *err);

#endif
