/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dossier-cli-private.h"
#include "dossier-date.h"
#include "dossier-export.h"
#include "dossier-tagger.h"

typedef struct {
  DossierQuery  query;
  GPtrArray    *entities;   /* char *, NULL-terminated when used */
  GPtrArray    *topics;
  gboolean      as_json;
  const char   *format;     /* export only */
  gint64        saved_id;   /* list --saved: a saved search's filter */
  gboolean      filtered;   /* any other filter was given */
} ListOptions;

static void
list_options_clear (ListOptions *options)
{
  g_clear_pointer (&options->entities, g_ptr_array_unref);
  g_clear_pointer (&options->topics, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ListOptions, list_options_clear)

/* Reads the list filters; returns 0 or the exit status of the failure. */
static int
parse_list_options (int          argc,
                    char       **argv,
                    gboolean     export,
                    ListOptions *o)
{
  memset (o, 0, sizeof *o);
  dossier_query_init (&o->query);
  o->entities = g_ptr_array_new ();
  o->topics = g_ptr_array_new ();
  if (!export)
    o->query.limit = 50;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value = i + 1 < argc ? argv[i + 1] : NULL;

      if (g_str_equal (arg, "--json") && !export)
        {
          o->as_json = TRUE;
          continue;
        }
      if (g_str_equal (arg, "--unread"))
        {
          o->query.unread_only = TRUE;
          o->filtered = TRUE;
          continue;
        }
      if (g_str_equal (arg, "--starred"))
        {
          o->query.starred_only = TRUE;
          o->filtered = TRUE;
          continue;
        }
      if (value == NULL)
        return dossier_cli_fail (_("Unknown option “%s”, or it needs a value"), arg);
      i++;
      if (!g_str_equal (arg, "--limit") && !g_str_equal (arg, "--offset") && !g_str_equal (arg, "--saved"))
        o->filtered = TRUE;

      if (g_str_equal (arg, "--saved") && !export)
        {
          if (!dossier_cli_parse_id (value, &o->saved_id))
            return dossier_cli_fail (_("“%s” is not a saved search id"), value);
        }
      else if (g_str_equal (arg, "--entity"))
        g_ptr_array_add (o->entities, (char *) value);
      else if (g_str_equal (arg, "--topic"))
        g_ptr_array_add (o->topics, (char *) value);
      else if (g_str_equal (arg, "--feed"))
        {
          if (!dossier_cli_parse_id (value, &o->query.feed_id))
            return dossier_cli_fail (_("“%s” is not a feed id"), value);
        }
      else if (g_str_equal (arg, "--folder"))
        o->query.folder = value;
      else if (g_str_equal (arg, "--search"))
        o->query.search = value;
      else if (g_str_equal (arg, "--since"))
        {
          if (!dossier_cli_parse_date (value, FALSE, &o->query.since))
            return dossier_cli_fail (_("“%s” is not a date (use YYYY-MM-DD)"), value);
        }
      else if (g_str_equal (arg, "--until"))
        {
          if (!dossier_cli_parse_date (value, TRUE, &o->query.until))
            return dossier_cli_fail (_("“%s” is not a date (use YYYY-MM-DD)"), value);
        }
      else if (g_str_equal (arg, "--limit"))
        {
          if (!dossier_cli_parse_count (value, G_MAXINT, &o->query.limit))
            return dossier_cli_fail (_("“%s” is not a number"), value);
        }
      else if (g_str_equal (arg, "--offset"))
        {
          if (!dossier_cli_parse_count (value, G_MAXINT, &o->query.offset))
            return dossier_cli_fail (_("“%s” is not a number"), value);
        }
      else if (g_str_equal (arg, "--format") && export)
        {
          if (!g_str_equal (value, "csv") && !g_str_equal (value, "json") && !g_str_equal (value, "markdown"))
            return dossier_cli_fail (_("The export format is csv, json or markdown, not “%s”"), value);
          o->format = value;
        }
      else
        return dossier_cli_fail (_("Unknown option “%s”"), arg);
    }

  if (o->saved_id != 0 && o->filtered)
    return dossier_cli_fail (_("--saved takes the saved search's filters; only --limit, --offset and --json go with it"));
  if (o->entities->len > 0)
    {
      g_ptr_array_add (o->entities, NULL);
      o->query.entities = (GStrv) o->entities->pdata;
    }
  if (o->topics->len > 0)
    {
      g_ptr_array_add (o->topics, NULL);
      o->query.topics = (GStrv) o->topics->pdata;
    }
  return 0;
}


/* Cuts @text to @width characters (not bytes) for the table. */
static char *
fit (const char *text,
     guint       width)
{
  g_autofree char *line = g_strdup (text != NULL ? text : "");
  glong length;

  g_strdelimit (line, "\r\n\t", ' ');
  length = g_utf8_strlen (line, -1);
  if ((guint) length <= width)
    return g_steal_pointer (&line);
  {
    g_autofree char *cut = g_utf8_substring (line, 0, width - 1);

    return g_strconcat (cut, "…", NULL);
  }
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_list)
{
  g_auto(ListOptions) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(DossierSavedSearch) saved = NULL;
  g_autoptr(DossierQuery) saved_query = NULL;
  const DossierQuery *query = NULL;
  guint total = 0;
  int status;

  status = parse_list_options (argc, argv, FALSE, &options);
  if (status != 0)
    return status;

  store = dossier_cli_open_store (globals, &error);
  if (store == NULL)
    return dossier_cli_fail_error (error);
  if (options.saved_id != 0)
    {
      /* Its tags are not checked: one the user removed since matches
       * nothing, as in the sidebar. */
      saved = dossier_store_get_search (store, options.saved_id, &error);
      if (saved == NULL)
        return dossier_cli_fail_error (error);
      saved_query = dossier_saved_search_to_query (saved, g_get_real_time () / G_USEC_PER_SEC);
      saved_query->limit = options.query.limit;
      saved_query->offset = options.query.offset;
      query = saved_query;
    }
  else if (!dossier_cli_check_tags (store, &options.query, &error))
    return dossier_cli_fail_error (error);
  else
    query = &options.query;

  articles = dossier_store_query (store, query, &total, &error);
  if (articles == NULL)
    return dossier_cli_fail_error (error);

  if (options.as_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "total");
      json_builder_add_int_value (builder, total);
      json_builder_set_member_name (builder, "articles");
      json_builder_begin_array (builder);
      for (guint i = 0; i < articles->len; i++)
        dossier_json_add_article (builder, g_ptr_array_index (articles, i), FALSE);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      dossier_cli_print_json (root);
      return 0;
    }

  for (guint i = 0; i < articles->len; i++)
    {
      DossierArticle *a = g_ptr_array_index (articles, i);
      g_autofree char *date = dossier_date_to_iso8601 (a->published);
      g_autofree char *feed = fit (a->feed_title, 20);
      g_autofree char *title = fit (a->title, 80);

      if (date != NULL)
        date[10] = '\0';
      /* The title goes last, so a right-to-left one cannot reorder the
       * columns before it. A '~' before the date: when it was first seen,
       * the feed giving none. */
      printf ("%7" G_GINT64_FORMAT " %s%s %s %-20s  %s\n", a->id, a->undated ? "~" : " ",
              date ? date : "", a->read ? " " : "*", feed, title);
    }
  /* TRANSLATORS: stories shown, of all that match; the plural form follows
   * the second number. English keeps "stories" even for one. */
  printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u stories\n", "%u of %u stories\n", total),
          articles->len, total);
  return 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_show)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierArticle) a = NULL;
  gboolean as_json = FALSE;
  gint64 id = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        as_json = TRUE;
      else if (id == 0 && dossier_cli_parse_id (argv[i], &id))
        ;
      else
        return dossier_cli_fail (_("Usage: dossier-cli show ARTICLE_ID [--json]"));
    }
  if (id == 0)
    return dossier_cli_fail (_("Usage: dossier-cli show ARTICLE_ID [--json]"));

  store = dossier_cli_open_store (globals, &error);
  if (store == NULL || (a = dossier_store_get_article (store, id, &error)) == NULL)
    return dossier_cli_fail_error (error);

  if (as_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      dossier_json_add_article (builder, a, TRUE);
      root = json_builder_get_root (builder);
      dossier_cli_print_json (root);
      return 0;
    }

  {
    g_autofree char *iso = dossier_date_to_iso8601 (a->published);
    g_autofree char *date = NULL;

    /* A story without a readable date says that its date is when it was
     * first seen, and what the feed wrote instead. */
    if (!a->undated)
      date = g_strdup (iso);
    else if (a->date_text != NULL)
      /* TRANSLATORS: an ISO date, then the date the feed gave that could
       * not be read */
      date = g_strdup_printf (_("first seen %s (the feed's date “%s” could not be read)"), iso, a->date_text);
    else
      /* TRANSLATORS: an ISO date */
      date = g_strdup_printf (_("first seen %s (the feed gives no date)"), iso);

    printf ("%s\n", a->title ? a->title : _("(untitled)"));
    printf ("%s · %s%s%s\n", a->feed_title ? a->feed_title : "", date,
            a->author ? " · " : "", a->author ? a->author : "");
    if (a->link != NULL)
      printf ("%s\n", a->link);
    if (a->tag_matches != NULL && a->tag_matches->len > 0)
      {
        printf ("\n%s\n", _("Filed under:"));
        for (guint i = 0; i < a->tag_matches->len; i++)
          {
            DossierArticleTag *t = g_ptr_array_index (a->tag_matches, i);
            g_auto(GStrv) names = NULL;
            g_auto(GStrv) implied_by = NULL;
            g_autofree char *found = NULL;

            dossier_tag_why_split (t->aliases, &names, &implied_by);
            found = g_strjoinv (",", names);
            if (implied_by[0] != NULL)
              {
                g_autofree char *entities = g_strjoinv (",", implied_by);
                g_autofree char *with = NULL;

                /* TRANSLATORS: the entities that were evidence for a
                 * topic, after the keywords found: "chips; through
                 * nvidia-h20" */
                with = g_strdup_printf (_("%s; through %s"), found, entities);
                g_free (found);
                found = g_steal_pointer (&with);
              }
            /* TRANSLATORS: an entity or topic, how often it is in the
             * title and the text, and the names found, e.g.
             * "nvidia (company): title 1, text 2 — Nvidia,إنفيديا" */
            printf (_("  %s (%s): title %u, text %u — %s\n"), t->slug, t->kind,
                    t->title_count, t->body_count, found);
          }
      }
    printf ("\n%s\n", a->content ? a->content : a->summary ? a->summary : "");
    if (a->sources != NULL && a->sources->len > 1)
      {
        printf ("\n%s\n", _("Also in:"));
        for (guint i = 1; i < a->sources->len; i++)
          {
            DossierArticleSource *s = g_ptr_array_index (a->sources, i);

            printf ("  %s (%" G_GINT64_FORMAT ")\n", s->feed_title, s->article_id);
          }
      }
  }
  return 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_export)
{
  g_auto(ListOptions) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(GOutputStream) out = NULL;
  int status;

  status = parse_list_options (argc, argv, TRUE, &options);
  if (status != 0)
    return status;
  if (options.format == NULL)
    return dossier_cli_fail (_("Usage: dossier-cli export --format csv|json|markdown [list filters]"));

  store = dossier_cli_open_store (globals, &error);
  if (store == NULL ||
      !dossier_cli_check_tags (store, &options.query, &error))
    return dossier_cli_fail_error (error);

  /* Unbuffered, straight to the descriptor: nothing else is printed. */
  fflush (stdout);
  out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  if (!dossier_export_stories (store, &options.query,
                               g_str_equal (options.format, "csv") ? DOSSIER_EXPORT_CSV :
                               g_str_equal (options.format, "markdown") ? DOSSIER_EXPORT_MARKDOWN : DOSSIER_EXPORT_JSON,
                               out, NULL, &error))
    return dossier_cli_fail_error (error);
  return 0;
}
