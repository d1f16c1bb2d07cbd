/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "test-util.h"

#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>

int
test_run_cli_argv (const char * const *args,
                   char              **out,
                   char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("DOSSIER_CLI");
  int status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  for (gsize i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &status, &error);
  g_assert_no_error (error);

  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return -1;
}

int
test_run_cli (char       **out,
              char       **err,
              const char  *first_arg,
              ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return test_run_cli_argv ((const char * const *) args->pdata, out, err);
}

char *
test_make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("dossier-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

char *
test_source_path (const char *first_element,
                  ...)
{
  g_autoptr(GString) path = g_string_new (g_getenv ("G_TEST_SRCDIR"));
  va_list ap;

  g_assert_nonnull (path->str);
  va_start (ap, first_element);
  for (const char *e = first_element; e != NULL; e = va_arg (ap, const char *))
    {
      g_string_append_c (path, G_DIR_SEPARATOR);
      g_string_append (path, e);
    }
  va_end (ap);
  return g_string_free (g_steal_pointer (&path), FALSE);
}

void
test_assert_one_line_error (const char *err)
{
  const char *newline;

  g_assert_nonnull (err);
  g_assert_true (g_str_has_prefix (err, "dossier-cli: "));
  newline = strchr (err, '\n');
  g_assert_nonnull (newline);
  g_assert_cmpint (newline[1], ==, '\0');
  g_assert_cmpuint (strlen (err), >, strlen ("dossier-cli: \n"));
}
