/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dossier-i18n"

#include "config.h"

#include <glib/gi18n.h>

#include "dossier-i18n.h"

void
dossier_i18n_init (void)
{
  /* meson's i18n module builds <build>/po/LANG/LC_MESSAGES/dossier.mo, the
   * layout bindtextdomain () expects; an uninstalled run names that folder
   * in the environment, so the installed program holds no build path. */
  const char *dir = g_getenv ("DOSSIER_BUILD_LOCALEDIR");

  if (dir == NULL || dir[0] == '\0')
    dir = LOCALEDIR;

  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

gboolean
dossier_i18n_prefers_arabic (void)
{
  const char * const *languages = g_get_language_names ();

  return languages[0] != NULL && g_str_has_prefix (languages[0], "ar");
}

static const char *
language_name (const char *code)
{
  /* The languages of technology-policy news that feeds declare most. */
  static const struct { const char *code; const char *name; } names[] = {
    { "ar", N_("Arabic") },
    { "en", N_("English") },
    { "fr", N_("French") },
    { "de", N_("German") },
    { "es", N_("Spanish") },
    { "zh", N_("Chinese") },
    { "ja", N_("Japanese") },
    { "ko", N_("Korean") },
    { "ru", N_("Russian") },
    { "fa", N_("Persian") },
    { "tr", N_("Turkish") },
    { "he", N_("Hebrew") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (code, names[i].code) == 0)
      return _(names[i].name);
  return NULL;
}

char *
dossier_i18n_language_names (const char *codes)
{
  g_auto(GStrv) parts = NULL;
  GString *out;

  if (codes == NULL)
    return NULL;
  parts = g_strsplit (codes, " ", -1);
  out = g_string_new (NULL);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *name;

      if (parts[i][0] == '\0')
        continue;
      if (out->len > 0)
        /* TRANSLATORS: between two items of a list */
        g_string_append (out, _(", "));
      name = language_name (parts[i]);
      if (name != NULL)
        g_string_append (out, name);
      else
        {
          g_autofree char *upper = g_ascii_strup (parts[i], -1);

          g_string_append (out, upper);
        }
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}
