/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the timeline shows, besides a search: the sidebar's choices. */
typedef enum {
  DOSSIER_FILTER_ALL,
  DOSSIER_FILTER_UNREAD,
  DOSSIER_FILTER_STARRED,
  DOSSIER_FILTER_ENTITY,
  DOSSIER_FILTER_TOPIC,
  DOSSIER_FILTER_FEED,
  DOSSIER_FILTER_FOLDER,
  DOSSIER_FILTER_SAVED,       /* a saved search */
  DOSSIER_FILTER_STORIES,     /* given stories: what a notification told of */
} DossierFilter;

G_END_DECLS
