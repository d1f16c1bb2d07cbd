/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>

#include "dossier-cli-private.h"
#include "dossier-fetcher.h"
#include "dossier-parser.h"
#include "dossier-read.h"

/* The file as bytes: mapped when it is a regular file (no copy, and few
 * page faults), else read as a stream up to the parser's limit, so that
 * /dev/zero or an endless pipe is refused rather than read for ever. */
static GBytes *
read_document (const char  *path,
               GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GFile) file = NULL;
  GStatBuf info;

  if (g_stat (path, &info) == 0 && S_ISREG (info.st_mode) &&
      info.st_size <= DOSSIER_PARSER_MAX_DOCUMENT_SIZE)
    {
      mapped = g_mapped_file_new (path, FALSE, NULL);
      if (mapped != NULL)
        return g_mapped_file_get_bytes (mapped);
    }

  file = g_file_new_for_commandline_arg (path);
  return dossier_read_file (file, DOSSIER_PARSER_MAX_DOCUMENT_SIZE, NULL, error);
}

/* Each item goes out as soon as the parser has read it: the feed is never
 * held whole, however long. */
static void
on_item_cb (const DossierParsedFeed *feed,
            DossierParsedItem       *item,
            gpointer                 user_data)
{
  DossierFeedJsonWriter *writer = user_data;

  dossier_feed_json_writer_add_item (writer, feed, item);
  dossier_parsed_item_free (item);
}

int
dossier_cli_cmd_parse (const DossierCliGlobals *globals,
                       int                      argc,
                       char                   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedFeed) feed = NULL;
  g_autoptr(DossierFeedJsonWriter) writer = NULL;
  g_autoptr(DossierFetchResult) fetched = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *uri = NULL;
  const char *source = NULL;
  const char *data = NULL;
  gsize length = 0;
  const char *charset = NULL;
  gboolean as_json = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        as_json = TRUE;
      else if (source == NULL)
        source = argv[i];
      else
        return dossier_cli_fail (_("parse takes one FILE or URL"));
    }

  if (source == NULL)
    return dossier_cli_fail (_("Usage: dossier-cli parse FILE|URL --json"));

  if (g_ascii_strncasecmp (source, "http://", 7) == 0 || g_ascii_strncasecmp (source, "https://", 8) == 0)
    {
      g_autoptr(DossierFetcher) fetcher = dossier_fetcher_new ();

      fetched = dossier_fetcher_fetch_sync (fetcher, source, NULL);
      if (fetched->outcome != DOSSIER_FETCH_OK)
        return dossier_cli_fail ("%s: %s", source,
                                 fetched->error != NULL ? fetched->error->message : _("the fetch failed"));
      data = g_bytes_get_data (fetched->body, &length);
      /* Relative links resolve against where the document came from, and
       * HTTP's charset counts when the document names none. */
      uri = g_strdup (fetched->final_url);
      charset = fetched->charset;
    }
  /* A path or a file:// URI, read with the parser's own limit: /dev/zero
   * is refused, not read whole. */
  else if ((contents = read_document (source, &error)) == NULL)
    return dossier_cli_fail_error (error);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (source);

      /* Relative links resolve against the file; only http(s) results are
       * kept, so a local file's own links stay out. */
      uri = g_file_get_uri (file);
      data = g_bytes_get_data (contents, &length);
    }

  writer = dossier_feed_json_writer_new (stdout, !as_json);
  feed = dossier_parse_feed_each (data != NULL ? data : "", length, uri, charset,
                                  on_item_cb, writer, &error);
  /* An error comes before any item, so nothing is on stdout yet. */
  if (feed == NULL)
    return dossier_cli_fail ("%s: %s", source, error->message);
  if (!dossier_feed_json_writer_finish (writer, feed, &error))
    return dossier_cli_fail_error (error);
  return 0;
}
