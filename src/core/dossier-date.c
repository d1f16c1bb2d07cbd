/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-date"

#include "dossier-date.h"

gint64
dossier_date_parse (const char *text)
{
  return DOSSIER_DATE_NONE;
}

char *
dossier_date_to_iso8601 (gint64 date)
{
  g_autoptr(GDateTime) dt = NULL;

  if (date == DOSSIER_DATE_NONE)
    return NULL;
  dt = g_date_time_new_from_unix_utc (date);
  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}
