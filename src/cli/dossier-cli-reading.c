/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "dossier-citation.h"
#include "dossier-cli-private.h"
#include "dossier-error.h"
#include "dossier-extract.h"
#include "dossier-read.h"
#include "dossier-reading-private.h"

DOSSIER_CLI_COMMAND (dossier_cli_cmd_extract)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierExtract) extract = NULL;
  const char *source = NULL;
  gboolean as_json = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        as_json = TRUE;
      else if (g_str_equal (argv[i], "--help"))
        {
          printf ("%s\n", _("Usage: dossier-cli extract FILE|URL [--json]"));
          return 0;
        }
      else if (source == NULL && argv[i][0] != '-')
        source = argv[i];
      else
        return dossier_cli_fail (_("Usage: dossier-cli extract FILE|URL [--json]"));
    }
  if (source == NULL)
    return dossier_cli_fail (_("Usage: dossier-cli extract FILE|URL [--json]"));

  if (g_str_has_prefix (source, "http://") || g_str_has_prefix (source, "https://"))
    {
      g_autoptr(DossierFetcher) fetcher = dossier_page_fetcher_new ();

      /* The address was given by hand: the user's own machine is theirs
       * to ask, so it counts as its own feed. */
      extract = dossier_fetch_article (fetcher, source, source, NULL, NULL, &error);
    }
  else
    {
      /* A larger file (or /dev/zero) is an error, not a machine's memory. */
      g_autoptr(GFile) page_file = g_file_new_for_commandline_arg (source);
      g_autoptr(GBytes) page = dossier_read_file (page_file, DOSSIER_PAGE_MAX_BODY, NULL, &error);
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (source);
      g_autofree char *uri = g_file_get_uri (file);

      if (page != NULL)
        extract = dossier_extract (g_bytes_get_data (page, NULL), g_bytes_get_size (page), uri, NULL, &error);
    }
  if (extract == NULL)
    return dossier_cli_fail ("%s: %s", source, error->message);

  if (as_json)
    {
      g_autoptr(JsonNode) root = dossier_extract_to_json (extract);

      dossier_cli_print_json (root);
    }
  else
    {
      if (extract->title != NULL)
        printf ("%s\n\n", extract->title);
      printf ("%s\n", extract->text);
    }
  return 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_cite)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierArticle) article = NULL;
  g_autofree char *citation = NULL;
  DossierCitationStyle style = DOSSIER_CITATION_TEXT;
  gint64 id = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--format") && i + 1 < argc)
        {
          const char *value = argv[++i];

          if (g_str_equal (value, "text"))
            style = DOSSIER_CITATION_TEXT;
          else if (g_str_equal (value, "markdown"))
            style = DOSSIER_CITATION_MARKDOWN;
          else if (g_str_equal (value, "bibtex"))
            style = DOSSIER_CITATION_BIBTEX;
          else
            return dossier_cli_fail (_("The citation format is text, markdown or bibtex, not “%s”"), value);
        }
      else if (id == 0 && dossier_cli_parse_id (argv[i], &id))
        ;
      else
        return dossier_cli_fail (_("Usage: dossier-cli cite ARTICLE_ID [--format text|markdown|bibtex]"));
    }
  if (id == 0)
    return dossier_cli_fail (_("Usage: dossier-cli cite ARTICLE_ID [--format text|markdown|bibtex]"));

  store = dossier_cli_open_store (globals, &error);
  if (store == NULL || (article = dossier_store_get_article (store, id, &error)) == NULL)
    return dossier_cli_fail_error (error);
  citation = dossier_citation_format (article, style, g_get_real_time () / G_USEC_PER_SEC);
  printf ("%s\n", citation);
  return 0;
}

DOSSIER_CLI_COMMAND (dossier_cli_cmd_fetch_article)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) failure = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierFetcher) fetcher = NULL;
  g_autoptr(DossierStoryText) text = NULL;
  gint64 id = 0;

  if (argc != 2 || !dossier_cli_parse_id (argv[1], &id))
    return dossier_cli_fail (_("Usage: dossier-cli fetch-article ARTICLE_ID"));

  store = dossier_cli_open_store (globals, &error);
  if (store == NULL)
    return dossier_cli_fail_error (error);
  fetcher = dossier_page_fetcher_new ();
  if (!dossier_fetch_full_article (store, fetcher, id, NULL, &failure, &error))
    return dossier_cli_fail_error (error);
  if (failure != NULL)
    return dossier_cli_fail ("%s", failure->message);
  text = dossier_store_get_story_text (store, id, &error);
  if (text == NULL)
    return dossier_cli_fail_error (error);
  {
    g_autofree char *plain = dossier_store_story_text_plain (store, id);
    g_auto(GStrv) paragraphs = g_strsplit (plain != NULL ? plain : "", "\n", -1);
    guint n = g_strv_length (paragraphs);
    g_autofree char *count = g_strdup_printf ("%u", n);

    /* TRANSLATORS: "Full article of story 12: 9 paragraphs from https://…" */
    printf (g_dngettext (GETTEXT_PACKAGE, "Full article: %s paragraph from %s\n",
                         "Full article: %s paragraphs from %s\n", n),
            count, text->full_url != NULL ? text->full_url : text->link);
  }
  return 0;
}
