/* The C block of ffi/README.md ("Use it from C"), as a program: the lines between the snippet
 * markers are the README's block, piece by piece. harness.h drives it. That block does not
 * test for a missing header (token == NULL), so harness.h does not send one. */
/* snippet: ffi/README.md#c */
#include "sigma_auth.h"

/* end snippet */
#include "harness.h"

static sigma_verifier *start_up(void) {
  /* snippet: ffi/README.md#c */
  sigma_verifier *verifier = NULL;          /* once, at start-up; shared by all threads */
  sigma_verifier_new(300, 300, SIGMA_POLICY_STRICT, &verifier);   /* max age, max skew (s) */

  /* end snippet */
  return verifier;
}

static int handle(const sigma_verifier *verifier, const char *token, const char *path,
                  const uint8_t *body, size_t body_len) {
  int64_t now_unix_millis = clock_unix_millis();
  /* snippet: ffi/README.md#c */
  /* per request: the X-Auth-Token header, the path+query as received, the raw body */
  sigma_verification v;
  sigma_result rc = sigma_verifier_verify(verifier, token, path, body, body_len, "utf8",
                                          now_unix_millis, &v);
  if (rc != SIGMA_OK) return reply_401(sigma_result_code(rc));    /* e.g. "expired" */
  /* v.pubkey_hex is the signer; v.replay_id keys a replay cache for the window */

  /* end snippet */
  printf("caller %s\n", v.pubkey_hex);
  return 200;
}

static void shut_down(sigma_verifier *verifier) {
  /* snippet: ffi/README.md#c */
  sigma_verifier_free(verifier);            /* at shutdown */
  /* end snippet */
}
