/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: any bytes, as a feed, with and without a charset hint. */
#include <stdint.h>

#include "dossier-parser.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const hints[] = { NULL, "windows-1256", "ISO-8859-6", "UTF-16" };
  DossierParsedFeed *feed;
  GError *error = NULL;
  const char *hint = size > 0 ? hints[data[size - 1] % G_N_ELEMENTS (hints)] : NULL;

  feed = dossier_parse_feed ((const char *) data, size, "https://fuzz.example/feed/", hint, &error);
  if (feed != NULL)
    {
      char *json = dossier_parsed_feed_to_json (feed, FALSE);

      /* The parser promises NULL or an error, never both or neither. */
      if (error != NULL)
        __builtin_trap ();
      g_free (json);
      dossier_parsed_feed_free (feed);
    }
  else
    {
      if (error == NULL)
        __builtin_trap ();
      g_error_free (error);
    }
  return 0;
}
