/*
 * The test around the C snippets of the READMEs: each program (readme.c, ffi_readme.c) defines
 * start_up(), handle() and shut_down() around the snippet's lines; main() here sends handle()
 * a signed request, a request for another path, an expired token and (when the snippet handles
 * it) a request without the header, and checks each answer. Built and run by
 * scripts/test.d/80-docs.sh, and against an installed prefix (pkg-config) by 40-c-ffi.sh.
 */
#ifndef SIGMA_README_HARNESS_H
#define SIGMA_README_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sigma_auth.h"

static const char *last_code; /* the code of the last 401 answer */

/* What a server sends back: 401 with the reason code. */
static int reply_401(const char *code) {
  last_code = code;
  return 401;
}

static int64_t clock_unix_millis(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static sigma_verifier *start_up(void);
static int handle(const sigma_verifier *verifier, const char *token, const char *path,
                  const uint8_t *body, size_t body_len);
static void shut_down(sigma_verifier *verifier);

static int failures;

/* Sends one request through handle() and checks the answer: 200, or 401 with want_code. */
static void expect(const sigma_verifier *verifier, const char *what, const char *token,
                   const char *path, const char *body, const char *want_code) {
  last_code = NULL;
  int got = handle(verifier, token, path, (const uint8_t *)body, strlen(body));
  int ok = want_code == NULL ? got == 200
                             : got == 401 && last_code != NULL && strcmp(last_code, want_code) == 0;
  printf("%s: %s -> %d %s\n", ok ? "ok" : "FAIL", what, got, last_code ? last_code : "");
  if (!ok) failures++;
}

int main(void) {
  sigma_private_key *key = NULL;
  if (sigma_private_key_generate(&key) != SIGMA_OK) return 1;
  static const char body[] = "{\"a\":1}";
  char token[512], old[512];
  size_t written = 0;
  int64_t now = clock_unix_millis();
  if (sigma_token_create_random(key, "/api/items?page=2", SIGMA_SCHEME_BRC77, now, (const uint8_t *)body,
                                strlen(body), "utf8", token, sizeof token, &written) != SIGMA_OK ||
      sigma_token_create_random(key, "/api/items?page=2", SIGMA_SCHEME_BSM, now - 3600 * 1000,
                                (const uint8_t *)body, strlen(body), "utf8", old, sizeof old,
                                &written) != SIGMA_OK) {
    fprintf(stderr, "token creation failed\n");
    return 1;
  }
  sigma_private_key_free(key);

  sigma_verifier *verifier = start_up();
  if (verifier == NULL) return 1;
  expect(verifier, "signed request", token, "/api/items?page=2", body, NULL);
  expect(verifier, "other path", token, "/api/items?page=3", body, "path_mismatch");
  expect(verifier, "token from an hour ago", old, "/api/items?page=2", body, "expired");
#ifdef HANDLES_MISSING_TOKEN
  expect(verifier, "no header", NULL, "/api/items?page=2", body, "missing_token");
#endif
  shut_down(verifier);
  return failures == 0 ? 0 : 1;
}

#endif
