/* Running the built cmte from a test: the program with argv and envp as given, its standard
 * output and error captured through files in dir and returned as text.  Header-only, for the
 * tests/unit/test_*.c that drive the binary (CMTE_BIN, set by tests/run). */
#ifndef CMTE_TESTS_SPAWN_H
#define CMTE_TESTS_SPAWN_H

#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The whole file as text (caller frees); the file is removed. */
static inline char *spawn_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    for (size_t got; (got = fread(buf + n, 1, cap - 1 - n, f)) > 0;) {
        n += got;
        if (n == cap - 1) {
            char *grown = realloc(buf, cap *= 2);
            assert_non_null(grown);
            buf = grown;
        }
    }
    buf[n] = '\0';
    fclose(f);
    unlink(path);
    return buf;
}

/* Run argv[0]; returns its exit status (it must exit, not die), *out and *err its output. */
static inline int spawn_capture(const char *dir, char *const argv[], char *const envp[], char **out,
                                char **err)
{
    char out_path[PATH_MAX], err_path[PATH_MAX];
    snprintf(out_path, sizeof out_path, "%s/spawn-out", dir);
    snprintf(err_path, sizeof err_path, "%s/spawn-err", dir);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) fail_msg("cannot run %s: %s", argv[0], strerror(rc));
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    *out = spawn_read(out_path);
    *err = spawn_read(err_path);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

/* The caller's environment without CMTE_CONFIG and XDG_CONFIG_HOME, plus xdg_entry
 * ("XDG_CONFIG_HOME=..."), so that no configuration of the machine's leaks into the test.
 * The caller frees the array, not its strings. */
static inline char **spawn_clean_environ(char *xdg_entry)
{
    size_t n = 0, k = 0;
    while (environ[n]) n++;
    char **env = calloc(n + 2, sizeof *env);
    assert_non_null(env);
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "CMTE_CONFIG=", 12) != 0 &&
            strncmp(environ[i], "XDG_CONFIG_HOME=", 16) != 0)
            env[k++] = environ[i];
    env[k++] = xdg_entry;
    env[k] = NULL;
    return env;
}

#endif
