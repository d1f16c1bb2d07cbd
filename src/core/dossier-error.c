/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "dossier-error.h"

G_DEFINE_QUARK (dossier-error-quark, dossier_error)

gboolean
dossier_error_is_network (const GError *error)
{
  if (error == NULL || error->domain != DOSSIER_ERROR)
    return FALSE;
  switch ((DossierError) error->code)
    {
    case DOSSIER_ERROR_NETWORK:
    case DOSSIER_ERROR_NO_HOST:
    case DOSSIER_ERROR_REFUSED:
    case DOSSIER_ERROR_TIMED_OUT:
    case DOSSIER_ERROR_TLS:
      return TRUE;
    default:
      return FALSE;
    }
}
