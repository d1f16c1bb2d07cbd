/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dossier-cli-private.h"
#include "dossier-date.h"
#include "dossier-error.h"
#include "dossier-tag-edit-private.h"

/* ---- Listing ------------------------------------------------------------ */

static void
add_names (JsonBuilder          *builder,
           const DossierTagInfo *tag)
{
  json_builder_set_member_name (builder, "name");
  json_builder_begin_object (builder);
  dossier_json_add_string (builder, "en", tag->name_en);
  dossier_json_add_string (builder, "ar", tag->name_ar);
  json_builder_end_object (builder);
}

/* [{"slug", "kind", "name": {"en", "ar"}, @count_name: mentions}], with
 * "user": true on the user's own when @with_user. */
static void
print_tags_json (GPtrArray  *tags,
                 const char *count_name,
                 gboolean    with_user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < tags->len; i++)
    {
      DossierTagInfo *tag = g_ptr_array_index (tags, i);

      json_builder_begin_object (builder);
      dossier_json_add_string (builder, "slug", tag->slug);
      dossier_json_add_string (builder, "kind", tag->kind);
      add_names (builder, tag);
      json_builder_set_member_name (builder, count_name);
      json_builder_add_int_value (builder, tag->mentions);
      if (with_user && tag->user_defined)
        {
          json_builder_set_member_name (builder, "user");
          json_builder_add_boolean_value (builder, TRUE);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  dossier_cli_print_json (root);
}

static int
list_tags (const DossierCliGlobals *globals,
           int                      argc,
           char                   **argv,
           DossierTagFilter         filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  gboolean as_json = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        as_json = TRUE;
      else
        return dossier_cli_fail (filter == DOSSIER_TAG_FILTER_TOPICS
                                 ? _("Usage: dossier-cli topics [--json]")
                                 : _("Usage: dossier-cli entities [--json]"));
    }

  store = dossier_cli_open_store (globals, &error);
  if (store == NULL || (tags = dossier_store_list_tags (store, filter, &error)) == NULL)
    return dossier_cli_fail_error (error);

  if (as_json)
    {
      print_tags_json (tags, "mentions", TRUE);
      return 0;
    }

  for (guint i = 0; i < tags->len; i++)
    {
      DossierTagInfo *tag = g_ptr_array_index (tags, i);

      /* The names go last, so an Arabic one cannot reorder the columns. */
      printf ("%-28s %-8s %8u %s  %s · %s\n", tag->slug, tag->kind, tag->mentions,
              tag->user_defined ? "*" : " ", tag->name_en, tag->name_ar);
    }
  return 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_entities)
{
  return list_tags (globals, argc, argv, DOSSIER_TAG_FILTER_ENTITIES);
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_topics)
{
  return list_tags (globals, argc, argv, DOSSIER_TAG_FILTER_TOPICS);
}

/* The tag @slug, which must be a topic when @topic and an entity else. */
static DossierTagInfo *
get_tag_of_kind (DossierStore  *store,
                 const char    *slug,
                 gboolean       topic,
                 GError       **error)
{
  g_autoptr(DossierTagInfo) tag = dossier_store_get_tag (store, slug, error);

  if (tag == NULL)
    return NULL;
  if (g_str_equal (tag->kind, "topic") != topic)
    {
      g_set_error (error, DOSSIER_ERROR, DOSSIER_ERROR_INVALID,
                   topic ? _("“%s” is an entity, not a topic")
                         : _("“%s” is a topic, not an entity"), slug);
      return NULL;
    }
  return g_steal_pointer (&tag);
}

gboolean
dossier_cli_check_tags (DossierStore        *store,
                        const DossierQuery  *query,
                        GError             **error)
{
  /* A feed that does not exist is as much a typo as a slug. */
  if (query->feed_id != 0)
    {
      g_autoptr(DossierFeedInfo) feed = dossier_store_get_feed (store, query->feed_id, error);

      if (feed == NULL)
        return FALSE;
    }
  for (guint i = 0; query->entities != NULL && query->entities[i] != NULL; i++)
    {
      g_autoptr(DossierTagInfo) tag = get_tag_of_kind (store, query->entities[i], FALSE, error);

      if (tag == NULL)
        return FALSE;
    }
  for (guint i = 0; query->topics != NULL && query->topics[i] != NULL; i++)
    {
      g_autoptr(DossierTagInfo) tag = get_tag_of_kind (store, query->topics[i], TRUE, error);

      if (tag == NULL)
        return FALSE;
    }
  return TRUE;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_stats)
{
  const char *usage = _("Usage: dossier-cli stats --entity SLUG|--topic SLUG [--by day|week|month] "
                        "[--since DATE] [--until DATE] [--json]");
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierTagInfo) tag = NULL;
  g_autoptr(GArray) counts = NULL;
  const char *slug = NULL;
  gboolean topic = FALSE, as_json = FALSE;
  DossierPeriod period = DOSSIER_PERIOD_DAY;
  gint64 since = DOSSIER_DATE_NONE, until = DOSSIER_DATE_NONE;
  guint most = 0;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value = i + 1 < argc ? argv[i + 1] : NULL;

      if (g_str_equal (arg, "--json"))
        {
          as_json = TRUE;
          continue;
        }
      if (value == NULL)
        return dossier_cli_fail ("%s", usage);
      i++;
      if ((g_str_equal (arg, "--entity") || g_str_equal (arg, "--topic")) && slug == NULL)
        {
          slug = value;
          topic = g_str_equal (arg, "--topic");
        }
      else if (g_str_equal (arg, "--by"))
        {
          if (g_str_equal (value, "day"))
            period = DOSSIER_PERIOD_DAY;
          else if (g_str_equal (value, "week"))
            period = DOSSIER_PERIOD_WEEK;
          else if (g_str_equal (value, "month"))
            period = DOSSIER_PERIOD_MONTH;
          else
            return dossier_cli_fail (_("Count by day, week or month, not “%s”"), value);
        }
      else if (g_str_equal (arg, "--since"))
        {
          if (!dossier_cli_parse_date (value, FALSE, &since))
            return dossier_cli_fail (_("“%s” is not a date (use YYYY-MM-DD)"), value);
        }
      else if (g_str_equal (arg, "--until"))
        {
          if (!dossier_cli_parse_date (value, TRUE, &until))
            return dossier_cli_fail (_("“%s” is not a date (use YYYY-MM-DD)"), value);
        }
      else
        return dossier_cli_fail ("%s", usage);
    }
  if (slug == NULL)
    return dossier_cli_fail ("%s", usage);

  store = dossier_cli_open_store (globals, &error);
  if (store == NULL ||
      (tag = get_tag_of_kind (store, slug, topic, &error)) == NULL ||
      (counts = dossier_store_tag_counts (store, slug, period, since, until, &error)) == NULL)
    return dossier_cli_fail_error (error);

  if (as_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < counts->len; i++)
        {
          DossierTagCount *c = &g_array_index (counts, DossierTagCount, i);
          g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (c->start);
          g_autofree char *day = g_date_time_format (start, "%Y-%m-%d");

          json_builder_begin_object (builder);
          dossier_json_add_string (builder, "period", day);
          json_builder_set_member_name (builder, "count");
          json_builder_add_int_value (builder, c->count);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      dossier_cli_print_json (root);
      return 0;
    }

  if (counts->len == 0)
    printf (_("No stories are filed under “%s” yet\n"), slug);
  for (guint i = 0; i < counts->len; i++)
    most = MAX (most, g_array_index (counts, DossierTagCount, i).count);
  for (guint i = 0; i < counts->len; i++)
    {
      DossierTagCount *c = &g_array_index (counts, DossierTagCount, i);
      g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (c->start);
      g_autofree char *day = g_date_time_format (start, "%Y-%m-%d");
      g_autoptr(GString) bar = g_string_new (NULL);
      guint width = most > 0 ? (c->count * 40 + most - 1) / most : 0;

      for (guint w = 0; w < width; w++)
        g_string_append (bar, "█");
      printf ("%s %7u %s\n", day, c->count, bar->str);
    }
  return 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_related)
{
  const char *usage = _("Usage: dossier-cli related SLUG [--since DATE] [--limit N] [--json]");
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GPtrArray) related = NULL;
  const char *slug = NULL;
  gboolean as_json = FALSE;
  gint64 since = DOSSIER_DATE_NONE;
  guint limit = 20;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        as_json = TRUE;
      else if (g_str_equal (argv[i], "--since") && i + 1 < argc)
        {
          if (!dossier_cli_parse_date (argv[++i], FALSE, &since))
            return dossier_cli_fail (_("“%s” is not a date (use YYYY-MM-DD)"), argv[i]);
        }
      else if (g_str_equal (argv[i], "--limit") && i + 1 < argc)
        {
          if (!dossier_cli_parse_count (argv[++i], 1000, &limit) || limit == 0)
            return dossier_cli_fail (_("“%s” is not a number from 1 to 1000"), argv[i]);
        }
      else if (slug == NULL && argv[i][0] != '-')
        slug = argv[i];
      else
        return dossier_cli_fail ("%s", usage);
    }
  if (slug == NULL)
    return dossier_cli_fail ("%s", usage);

  store = dossier_cli_open_store (globals, &error);
  /* An unknown slug is the store's error: no look-up of our own. */
  if (store == NULL ||
      (related = dossier_store_related_tags (store, slug, since, limit, &error)) == NULL)
    return dossier_cli_fail_error (error);

  if (as_json)
    {
      print_tags_json (related, "count", FALSE);
      return 0;
    }

  for (guint i = 0; i < related->len; i++)
    {
      DossierTagInfo *other = g_ptr_array_index (related, i);

      printf ("%-28s %-8s %8u  %s\n", other->slug, other->kind, other->mentions, other->name_en);
    }
  return 0;
}

/* ---- Filing stored stories again ---------------------------------------- */

static gboolean
print_progress (guint64  done,
                guint64  total,
                gpointer user_data)
{
  gboolean *shown = user_data;

  /* A line that counts up, for a person at a terminal; stdout stays for
   * results. */
  if (isatty (fileno (stderr)))
    {
      fputc ('\r', stderr);
      /* A plain C format, which gettext can check in translations. */
      fprintf (stderr, _("Filing stories again: %llu of %llu"),
               (unsigned long long) done, (unsigned long long) total);
      *shown = TRUE;
    }
  return TRUE;
}

/* Files the stored stories again if the entities changed; an interrupted
 * run goes on from where it stopped the next time. */
gboolean
dossier_cli_retag_if_needed (DossierStore  *store,
                             GError       **error)
{
  gboolean needed = FALSE, shown = FALSE, ok;

  if (!dossier_store_retag_needed (store, &needed, error))
    return FALSE;
  if (!needed)
    return TRUE;
  ok = dossier_store_retag (store, print_progress, &shown, error);
  if (shown)
    fputc ('\n', stderr);
  return ok;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_retag)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;

  if (argc > 1)
    return dossier_cli_fail (_("Usage: dossier-cli retag"));
  store = dossier_cli_open_store (globals, &error);
  if (store == NULL || !dossier_cli_retag_if_needed (store, &error))
    return dossier_cli_fail_error (error);
  return 0;
}

/* ---- The user's own entities and topics --------------------------------- */

typedef enum {
  TAG_ADD,
  TAG_EDIT,
} TagAction;

/* Reads the options of add-entity, add-topic, edit-entity and edit-topic
 * into @edit; FALSE for anything they do not take. What the options say
 * is checked by dossier_tag_edit_apply (), as the editor's edits are. */
static gboolean
parse_tag_options (int             argc,
                   char          **argv,
                   TagAction       action,
                   DossierTagEdit *edit)
{
  const char *alias_option = edit->topic ? "--keyword" : "--alias";
  const char *remove_option = edit->topic ? "--remove-keyword" : "--remove-alias";

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value = i + 1 < argc ? argv[i + 1] : NULL;
      char **field = NULL;

      if (arg[0] != '-' && edit->slug == NULL)
        {
          edit->slug = g_strdup (arg);
          continue;
        }
      if (value == NULL)
        return FALSE;
      i++;
      if (g_str_equal (arg, "--name"))
        field = &edit->name_en;
      else if (g_str_equal (arg, "--name-ar"))
        field = &edit->name_ar;
      else if (g_str_equal (arg, "--description"))
        field = &edit->description_en;
      else if (g_str_equal (arg, "--description-ar"))
        field = &edit->description_ar;
      else if (g_str_equal (arg, "--kind") && !edit->topic && action == TAG_ADD)
        field = &edit->kind;
      else if (g_str_equal (arg, alias_option))
        dossier_tag_edit_add_alias (edit, value, NULL, FALSE);
      else if (g_str_equal (arg, "--exact-alias") && !edit->topic)
        dossier_tag_edit_add_alias (edit, value, NULL, TRUE);
      else if (g_str_equal (arg, remove_option) && action == TAG_EDIT)
        g_ptr_array_add (edit->remove_aliases, g_strdup (value));
      else
        return FALSE;
      if (field != NULL)
        {
          g_free (*field);
          *field = g_strdup (value);
        }
    }
  return edit->slug != NULL;
}

static int
change_tag (const DossierCliGlobals *globals,
            int                      argc,
            char                   **argv,
            gboolean                 topic,
            TagAction                action)
{
  g_autoptr(DossierTagEdit) edit = dossier_tag_edit_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;

  edit->topic = topic;
  edit->create = action == TAG_ADD;
  if (!parse_tag_options (argc, argv, action, edit) || (action == TAG_ADD && edit->name_en == NULL))
    {
      if (action == TAG_ADD)
        return dossier_cli_fail (topic
          ? _("Usage: dossier-cli add-topic SLUG --name NAME [--name-ar NAME] [--description TEXT] "
              "[--description-ar TEXT] [--keyword WORDS]...")
          : _("Usage: dossier-cli add-entity SLUG --name NAME [--name-ar NAME] [--kind KIND] "
              "[--description TEXT] [--description-ar TEXT] [--alias NAME]... [--exact-alias NAME]..."));
      return dossier_cli_fail (topic
        ? _("Usage: dossier-cli edit-topic SLUG [--name NAME] [--name-ar NAME] [--description TEXT] "
            "[--description-ar TEXT] [--keyword WORDS]... [--remove-keyword WORDS]...")
        : _("Usage: dossier-cli edit-entity SLUG [--name NAME] [--name-ar NAME] [--description TEXT] "
            "[--description-ar TEXT] [--alias NAME]... [--exact-alias NAME]... [--remove-alias NAME]..."));
    }

  /* Refused edits say why before the database is opened. */
  if (!dossier_tag_edit_check (edit, &error))
    return dossier_cli_fail_error (error);
  store = dossier_cli_open_store (globals, &error);
  if (store == NULL ||
      !dossier_tag_edit_apply (store, edit, &error) ||
      !dossier_cli_retag_if_needed (store, &error))
    return dossier_cli_fail_error (error);
  return 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_add_entity)
{
  return change_tag (globals, argc, argv, FALSE, TAG_ADD);
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_add_topic)
{
  return change_tag (globals, argc, argv, TRUE, TAG_ADD);
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_edit_entity)
{
  return change_tag (globals, argc, argv, FALSE, TAG_EDIT);
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_edit_topic)
{
  return change_tag (globals, argc, argv, TRUE, TAG_EDIT);
}

static int
remove_tag (const DossierCliGlobals *globals,
            int                      argc,
            char                   **argv,
            gboolean                 topic)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;

  if (argc != 2 || argv[1][0] == '-')
    return dossier_cli_fail (topic ? _("Usage: dossier-cli remove-topic SLUG")
                                   : _("Usage: dossier-cli remove-entity SLUG"));
  store = dossier_cli_open_store (globals, &error);
  if (store == NULL ||
      !dossier_tag_remove (store, argv[1], topic, &error) ||
      !dossier_cli_retag_if_needed (store, &error))
    return dossier_cli_fail_error (error);
  return 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_remove_entity)
{
  return remove_tag (globals, argc, argv, FALSE);
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_remove_topic)
{
  return remove_tag (globals, argc, argv, TRUE);
}
