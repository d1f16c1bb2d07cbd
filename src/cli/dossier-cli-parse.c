/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "dossier-cli-private.h"
#include "dossier-parser.h"
#include "dossier-read.h"
#include "dossier-refresh.h"

int
dossier_cli_cmd_parse (const DossierCliGlobals *globals,
                       int                      argc,
                       char                   **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierParsedFeed) feed = NULL;
  g_autofree char *json = NULL;
  const char *source = NULL;
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
      g_autoptr(DossierFetchResult) fetched = NULL;

      feed = dossier_fetch_and_parse (fetcher, source, NULL, &fetched, &error);
    }
  else
    {
      /* A path or a file:// URI, read as a stream with the parser's own
       * limit: /dev/zero is refused, not read whole. */
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (source);
      g_autofree char *uri = g_file_get_uri (file);
      g_autoptr(GBytes) contents = dossier_read_file (file, DOSSIER_PARSER_MAX_DOCUMENT_SIZE, NULL, &error);

      if (contents == NULL)
        return dossier_cli_fail_error (error);
      /* Relative links resolve against the file; only http(s) results are
       * kept, so a local file's own links stay out. */
      feed = dossier_parse_feed (g_bytes_get_data (contents, NULL), g_bytes_get_size (contents), uri, NULL, &error);
    }
  if (feed == NULL)
    return dossier_cli_fail ("%s: %s", source, error->message);

  json = dossier_parsed_feed_to_json (feed, !as_json);
  printf ("%s\n", json);
  return 0;
}
