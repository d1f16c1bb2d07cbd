/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "dossier-cli-private.h"
#include "dossier-date.h"

static const struct {
  const char *name;
  gint64      seconds;
} periods[] = {
  { "day", DOSSIER_PERIOD_SECONDS_DAY },
  { "week", DOSSIER_PERIOD_SECONDS_WEEK },
  { "month", DOSSIER_PERIOD_SECONDS_MONTH },
  { "year", DOSSIER_PERIOD_SECONDS_YEAR },
};

/* "week", "any" for none, else the seconds (a search saved by the GUI
 * may have any period). */
static char *
period_name (gint64 seconds)
{
  if (seconds == 0)
    return g_strdup ("any");
  for (gsize i = 0; i < G_N_ELEMENTS (periods); i++)
    if (periods[i].seconds == seconds)
      return g_strdup (periods[i].name);
  return g_strdup_printf ("%" G_GINT64_FORMAT "s", seconds);
}

void
dossier_cli_print_watch_hits (GPtrArray *hits)
{
  for (guint i = 0; hits != NULL && i < hits->len; i++)
    {
      DossierWatchHit *hit = g_ptr_array_index (hits, i);
      guint n = hit->article_ids->len;
      g_autofree char *stories = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new story",
                                                               "%u new stories", n), n);

      /* TRANSLATORS: "Watched: Nvidia — 2 new stories"; the name is an
       * entity's, a topic's or a saved search's. */
      printf (_("Watched: %s — %s\n"), hit->name, stories);
    }
}

static int
set_watched (const DossierCliGlobals *globals,
             int                      argc,
             char                   **argv,
             gboolean                 watched)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierTagInfo) tag = NULL;

  if (argc != 2 || argv[1][0] == '-')
    return dossier_cli_fail (watched ? _("Usage: dossier-cli watch SLUG")
                                     : _("Usage: dossier-cli unwatch SLUG"));

  store = dossier_cli_open_store (globals, &error);
  if (store == NULL || !dossier_store_set_tag_watched (store, argv[1], watched, &error))
    return dossier_cli_fail_error (error);

  /* A removed tag's watch can still be dropped; it has no name left. */
  tag = dossier_store_get_tag (store, argv[1], NULL);
  if (watched && tag != NULL)
    printf (_("Watching %s (%s)\n"), tag->name_en, tag->slug);
  else
    printf (_("No longer watching %s\n"), tag != NULL ? tag->name_en : argv[1]);
  return 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_watch)
{
  return set_watched (globals, argc, argv, TRUE);
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_unwatch)
{
  return set_watched (globals, argc, argv, FALSE);
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_save_search)
{
  const char *usage = _("Usage: dossier-cli save-search NAME [--entity SLUG]... [--topic SLUG]... "
                        "[--feed FEED_ID] [--folder NAME] [--search QUERY] [--unread] [--starred] "
                        "[--period day|week|month|year] [--since DATE] [--until DATE] [--watch]");
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GStrvBuilder) entities = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) topics = g_strv_builder_new ();
  g_autoptr(DossierSavedSearch) search = dossier_saved_search_new ();
  g_autofree char *id_text = NULL;
  gint64 id;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value = i + 1 < argc ? argv[i + 1] : NULL;

      if (arg[0] != '-')
        {
          if (search->name != NULL)
            return dossier_cli_fail ("%s", usage);
          search->name = g_strdup (arg);
          continue;
        }
      if (g_str_equal (arg, "--unread"))
        {
          search->unread_only = TRUE;
          continue;
        }
      if (g_str_equal (arg, "--starred"))
        {
          search->starred_only = TRUE;
          continue;
        }
      if (g_str_equal (arg, "--watch"))
        {
          search->watched = TRUE;
          continue;
        }
      if (value == NULL)
        return dossier_cli_fail (_("Unknown option “%s”, or it needs a value"), arg);
      i++;

      if (g_str_equal (arg, "--entity"))
        g_strv_builder_add (entities, value);
      else if (g_str_equal (arg, "--topic"))
        g_strv_builder_add (topics, value);
      else if (g_str_equal (arg, "--feed"))
        {
          if (!dossier_cli_parse_id (value, &search->feed_id))
            return dossier_cli_fail (_("“%s” is not a feed id"), value);
        }
      else if (g_str_equal (arg, "--folder"))
        {
          g_free (search->folder);
          search->folder = g_strdup (value);
        }
      else if (g_str_equal (arg, "--search"))
        {
          g_free (search->search);
          search->search = g_strdup (value);
        }
      else if (g_str_equal (arg, "--period"))
        {
          gsize p;

          for (p = 0; p < G_N_ELEMENTS (periods); p++)
            if (g_str_equal (value, periods[p].name))
              break;
          if (p == G_N_ELEMENTS (periods))
            return dossier_cli_fail (_("The period is day, week, month or year, not “%s”"), value);
          search->period_seconds = periods[p].seconds;
        }
      else if (g_str_equal (arg, "--since"))
        {
          if (!dossier_cli_parse_date (value, FALSE, &search->since))
            return dossier_cli_fail (_("“%s” is not a date (use YYYY-MM-DD)"), value);
        }
      else if (g_str_equal (arg, "--until"))
        {
          if (!dossier_cli_parse_date (value, TRUE, &search->until))
            return dossier_cli_fail (_("“%s” is not a date (use YYYY-MM-DD)"), value);
        }
      else
        return dossier_cli_fail (_("Unknown option “%s”"), arg);
    }
  if (search->name == NULL)
    return dossier_cli_fail ("%s", usage);
  search->entities = g_strv_builder_end (entities);
  search->topics = g_strv_builder_end (topics);

  store = dossier_cli_open_store (globals, &error);
  if (store == NULL || (id = dossier_store_save_search (store, search, &error)) == 0)
    return dossier_cli_fail_error (error);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  /* The name goes last, so a right-to-left one cannot reorder the line. */
  printf (_("Saved search %s: %s\n"), id_text, g_strstrip (search->name));
  return 0;
}

static void
add_slugs (JsonBuilder *builder,
           const char  *name,
           GStrv        slugs)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; slugs != NULL && slugs[i] != NULL; i++)
    json_builder_add_string_value (builder, slugs[i]);
  json_builder_end_array (builder);
}

static void
add_date (JsonBuilder *builder,
          const char  *name,
          gint64       date)
{
  g_autofree char *iso = date != DOSSIER_DATE_NONE ? dossier_date_to_iso8601 (date) : NULL;

  dossier_json_add_string (builder, name, iso);
}

/* [{"id", "name", "feed", "folder", "entities", "topics", "search",
 * "unread", "starred", "period" (seconds, 0: any), "since", "until"
 * (ISO 8601, until excluded, or null), "watched"}] */
static void
print_searches_json (GPtrArray *searches)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < searches->len; i++)
    {
      DossierSavedSearch *s = g_ptr_array_index (searches, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, s->id);
      dossier_json_add_string (builder, "name", s->name);
      json_builder_set_member_name (builder, "feed");
      if (s->feed_id != 0)
        json_builder_add_int_value (builder, s->feed_id);
      else
        json_builder_add_null_value (builder);
      dossier_json_add_string (builder, "folder", s->folder);
      add_slugs (builder, "entities", s->entities);
      add_slugs (builder, "topics", s->topics);
      dossier_json_add_string (builder, "search", s->search);
      json_builder_set_member_name (builder, "unread");
      json_builder_add_boolean_value (builder, s->unread_only);
      json_builder_set_member_name (builder, "starred");
      json_builder_add_boolean_value (builder, s->starred_only);
      json_builder_set_member_name (builder, "period");
      json_builder_add_int_value (builder, s->period_seconds);
      add_date (builder, "since", s->since);
      add_date (builder, "until", s->until);
      json_builder_set_member_name (builder, "watched");
      json_builder_add_boolean_value (builder, s->watched);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  dossier_cli_print_json (root);
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_searches)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GPtrArray) searches = NULL;
  gboolean as_json = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        as_json = TRUE;
      else
        return dossier_cli_fail (_("Usage: dossier-cli searches [--json]"));
    }

  store = dossier_cli_open_store (globals, &error);
  if (store == NULL || (searches = dossier_store_list_searches (store, &error)) == NULL)
    return dossier_cli_fail_error (error);

  if (as_json)
    {
      print_searches_json (searches);
      return 0;
    }
  for (guint i = 0; i < searches->len; i++)
    {
      DossierSavedSearch *s = g_ptr_array_index (searches, i);
      /* A fixed range's days are in the --json output. */
      g_autofree char *period = s->since != DOSSIER_DATE_NONE || s->until != DOSSIER_DATE_NONE
                                ? g_strdup ("dates") : period_name (s->period_seconds);

      /* "*" marks a watched search; the name goes last for its direction. */
      printf ("%7" G_GINT64_FORMAT "  %s %-6s  %s\n", s->id, s->watched ? "*" : " ", period, s->name);
    }
  return 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_remove_search)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierSavedSearch) search = NULL;
  gint64 id;

  if (argc != 2 || !dossier_cli_parse_id (argv[1], &id))
    return dossier_cli_fail (_("Usage: dossier-cli remove-search ID"));

  store = dossier_cli_open_store (globals, &error);
  if (store == NULL ||
      (search = dossier_store_get_search (store, id, &error)) == NULL ||
      !dossier_store_remove_search (store, id, &error))
    return dossier_cli_fail_error (error);
  printf (_("Removed the saved search %s\n"), search->name);
  return 0;
}
