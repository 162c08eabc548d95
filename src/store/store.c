/* store.c: backend selection and the thin calls through store_ops. */
#include "store/store.h"

#include <string.h>

static const struct {
	const char *name;
	enum store_kind kind;
} kind_names[] = {
	{ "organisations", STORE_ORGANISATIONS },
	{ "organisation", STORE_ORGANISATIONS },
	{ "orgs", STORE_ORGANISATIONS },
	{ "people", STORE_PEOPLE },
	{ "person", STORE_PEOPLE },
	{ "missions", STORE_MISSIONS },
	{ "mission", STORE_MISSIONS },
	{ "venues", STORE_VENUES },
	{ "venue", STORE_VENUES },
	{ "series", STORE_SERIES },
	{ "agreements", STORE_AGREEMENTS },
	{ "agreement", STORE_AGREEMENTS },
	{ "events", STORE_EVENTS },
	{ "event", STORE_EVENTS },
	{ "stops", STORE_STOPS },
	{ "stop", STORE_STOPS },
	{ "pavilions", STORE_PAVILIONS },
	{ "pavilion", STORE_PAVILIONS },
	{ "followups", STORE_FOLLOWUPS },
	{ "followup", STORE_FOLLOWUPS },
	{ "follow-ups", STORE_FOLLOWUPS },
};

int store_kind_parse(const char *name)
{
	for (size_t i = 0; i < sizeof kind_names / sizeof kind_names[0]; i++)
		if (strcmp(kind_names[i].name, name) == 0)
			return (int)kind_names[i].kind;
	return -1;
}

const char *store_kind_name(enum store_kind kind)
{
	for (size_t i = 0; i < sizeof kind_names / sizeof kind_names[0]; i++)
		if (kind_names[i].kind == kind)
			return kind_names[i].name;
	return "";
}

int store_open(const char *location, int flags, struct store **out,
	       struct error *err)
{
	*out = NULL;
	return store_sqlite_open(location, flags, out, err);
}

void store_close(struct store *s)
{
	if (s != NULL)
		s->ops->close(s);
}

int store_import(struct store *s, const struct bundle *b, int flags,
		 struct store_import_stats *stats, struct error *err)
{
	return s->ops->import_bundle(s, b, flags, stats, err);
}

int store_load_mission(struct store *s, const char *id_or_slug,
		       struct bundle **out, struct error *err)
{
	return s->ops->load_mission(s, id_or_slug, out, err);
}

int store_load_organisation(struct store *s, const char *id_or_key,
			    struct bundle **out, struct error *err)
{
	return s->ops->load_organisation(s, id_or_key, out, err);
}

int store_list(struct store *s, enum store_kind kind,
	       const struct store_list_query *q, store_row_fn fn, void *ctx,
	       struct error *err)
{
	return s->ops->list(s, kind, q, fn, ctx, err);
}

int store_record(struct store *s, enum store_kind kind, const char *id_or_key,
		 store_field_fn fn, void *ctx, struct error *err)
{
	return s->ops->record(s, kind, id_or_key, fn, ctx, err);
}

int store_verify(struct store *s, const char *head, struct store_verify *out,
		 struct error *err)
{
	return s->ops->verify(s, head, out, err);
}
