/* A fresh temporary folder for a test's files, and its removal.  Header-only. */
#ifndef CMTE_TESTS_TMPDIR_H
#define CMTE_TESTS_TMPDIR_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A fresh folder under /tmp; returns 0 or -1. */
static inline int dbt_mkdir(char *dir, size_t len)
{
    snprintf(dir, len, "/tmp/cmte-test-db-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

/* Remove the folder and the files in it (no subfolders are made). */
static inline void dbt_rmdir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *de;
    char p[512];
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
            snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
            unlink(p);
        }
    closedir(d);
    rmdir(dir);
}

#endif
