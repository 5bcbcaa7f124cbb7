/*
 * C test of libsigma_auth through include/sigma_auth.h, built twice (against the .so and the .a)
 * and run under valgrind by scripts/test.d/40-c-ffi.sh. Expected values come from
 * tests/vectors/auth-crypto.json (the reference packages), turned into vectors.h by
 * tests/c/gen_vectors.py at build time.
 *
 * Ownership rule used throughout (as documented in the header): every handle returned through
 * an out-parameter is freed exactly once with its *_free, and the variable is set to NULL
 * right after, so a second *_free is the documented no-op instead of a double free.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sigma_auth.h"
#include "results.h"
#include "vectors.h"

static int checks, failures;

#define CHECK(cond, ...)                                                  \
  do {                                                                    \
    checks++;                                                             \
    if (!(cond)) {                                                        \
      failures++;                                                         \
      fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);     \
      fprintf(stderr, __VA_ARGS__);                                       \
      fputc('\n', stderr);                                                \
    }                                                                     \
  } while (0)

/* Checks that `call` returns `want` and says which code came back otherwise. */
#define CHECK_RC(call, want)                                                              \
  do {                                                                                    \
    sigma_result rc_ = (call);                                                            \
    CHECK(rc_ == (want), "got %s (%u), want %s", sigma_result_code(rc_), (unsigned)rc_,   \
          sigma_result_code(want));                                                       \
  } while (0)

#define FREE_PRIV(k) do { sigma_private_key_free(k); (k) = NULL; } while (0)
#define FREE_PUB(k) do { sigma_public_key_free(k); (k) = NULL; } while (0)

static uint8_t *hex_decode(const char *hex, size_t *len) {
  size_t n = strlen(hex) / 2;
  uint8_t *out = malloc(n ? n : 1);
  for (size_t i = 0; i < n; i++) {
    unsigned v;
    sscanf(hex + 2 * i, "%2x", &v);
    out[i] = (uint8_t)v;
  }
  *len = n;
  return out;
}

static void hex_encode(const uint8_t *b, size_t n, char *out) {
  for (size_t i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", b[i]);
  out[2 * n] = 0;
}

static sigma_private_key *priv_from_hex(const char *hex) {
  size_t n;
  uint8_t *b = hex_decode(hex, &n);
  sigma_private_key *k = NULL;
  CHECK_RC(sigma_private_key_from_bytes(b, n, &k), SIGMA_OK);
  free(b);
  return k;
}

static sigma_public_key *pub_from_hex(const char *hex) {
  sigma_public_key *k = NULL;
  CHECK_RC(sigma_public_key_from_hex(hex, &k), SIGMA_OK);
  return k;
}

static void pub_hex(const sigma_public_key *k, char out[67]) {
  size_t w = 0;
  out[0] = 0;
  CHECK_RC(sigma_public_key_to_hex(k, out, 67, &w), SIGMA_OK);
  CHECK(w == 66, "written %zu", w);
}

static void test_results(void) {
  /* the header's version macros name the library it is used with */
  CHECK(strcmp(sigma_version(), SIGMA_AUTH_VERSION_STRING) == 0, "runtime %s, header %s", sigma_version(),
        SIGMA_AUTH_VERSION_STRING);
  unsigned major = 999, minor = 999, patch = 999;
  CHECK(sscanf(sigma_version(), "%u.%u.%u", &major, &minor, &patch) == 3, "version %s", sigma_version());
  CHECK(major == SIGMA_AUTH_VERSION_MAJOR && minor == SIGMA_AUTH_VERSION_MINOR && patch == SIGMA_AUTH_VERSION_PATCH,
        "runtime %u.%u.%u, header %d.%d.%d", major, minor, patch, SIGMA_AUTH_VERSION_MAJOR, SIGMA_AUTH_VERSION_MINOR,
        SIGMA_AUTH_VERSION_PATCH);
  CHECK(SIGMA_AUTH_VERSION_NUMBER == major * 10000 + minor * 100 + patch, "version number %d", SIGMA_AUTH_VERSION_NUMBER);
  CHECK(strcmp(sigma_result_code(SIGMA_OK), "ok") == 0, "ok");
  CHECK(strcmp(sigma_result_code(SIGMA_SIGNER_MISMATCH), "signer_mismatch") == 0, "code");
  CHECK(strcmp(sigma_result_code(SIGMA_UNSUPPORTED_BODY_ENCODING), "unsupported_body_encoding") == 0, "code");
  CHECK(strcmp(sigma_result_code(SIGMA_INVALID_WIF), "invalid_wif") == 0, "code");
  CHECK(strcmp(sigma_result_code(SIGMA_NULL_PARAMETER), "null_parameter") == 0, "code");
  CHECK(strcmp(sigma_result_code(9999), "unknown") == 0, "unknown code");
  CHECK(strcmp(sigma_result_code(SIGMA_INTERNAL_ERROR), "internal_error") == 0, "code");
  CHECK(strcmp(sigma_result_code(SIGMA_MISSING_TOKEN), "missing_token") == 0 && SIGMA_MISSING_TOKEN == 15, "code");
  /* the old name stays for source compatibility */
  CHECK(SIGMA_PANIC == SIGMA_INTERNAL_ERROR && SIGMA_INTERNAL_ERROR == 202, "SIGMA_PANIC alias");
  CHECK(strcmp(sigma_result_message(9999), "unknown") == 0, "unknown message");
  for (unsigned c = 0; c < 256; c++) {
    CHECK(sigma_result_message(c) != NULL && sigma_result_code(c) != NULL, "static strings for %u", c);
  }
}

/* The header's enum sigma_result (parsed by gen_results.py) and the library's list agree:
   every header constant has the library's number and its name is SIGMA_ + the upper-case
   code, and the library knows no code the header lacks. */
static void test_result_list(void) {
  for (size_t i = 0; i < HEADER_RESULT_COUNT; i++) {
    const header_result *h = &HEADER_RESULTS[i];
    CHECK((unsigned)h->value == h->number, "%s: constant %u, header text %u", h->name, (unsigned)h->value, h->number);
    const char *code = sigma_result_code(h->number);
    char upper[80] = "SIGMA_";
    size_t n = strlen(code);
    for (size_t j = 0; j < n && j + 7 < sizeof upper; j++)
      upper[6 + j] = (char)(code[j] >= 'a' && code[j] <= 'z' ? code[j] - 'a' + 'A' : code[j]);
    upper[6 + (n < sizeof upper - 7 ? n : sizeof upper - 7)] = 0;
    CHECK(strcmp(upper, h->name) == 0, "header %s = %u, library code for %u is %s", h->name, h->number, h->number,
          code);
    CHECK(strcmp(sigma_result_message(h->number), "unknown") != 0, "no message for %s", h->name);
  }
  size_t count = 0;
  CHECK_RC(sigma_result_all(NULL, 0, &count), SIGMA_BUFFER_TOO_SMALL);
  uint32_t *all = malloc((count ? count : 1) * sizeof *all);
  size_t w = 0;
  CHECK_RC(sigma_result_all(all, count, &w), SIGMA_OK);
  CHECK(w == count && count == HEADER_RESULT_COUNT, "library lists %zu results, header %d", count, HEADER_RESULT_COUNT);
  for (size_t i = 0; i < w; i++) {
    bool found = false;
    for (size_t j = 0; j < HEADER_RESULT_COUNT; j++) found = found || HEADER_RESULTS[j].number == all[i];
    CHECK(found, "the library knows result %u (%s), the header does not", all[i], sigma_result_code(all[i]));
  }
  free(all);
  /* numbers outside the list are unknown */
  for (unsigned c = 0; c < 1024; c++) {
    bool listed = false;
    for (size_t j = 0; j < HEADER_RESULT_COUNT; j++) listed = listed || HEADER_RESULTS[j].number == c;
    if (!listed) CHECK(strcmp(sigma_result_code(c), "unknown") == 0, "%u has code %s but is not listed", c,
                       sigma_result_code(c));
  }
}

static void test_keys(void) {
  for (size_t i = 0; i < COUNT(KEYS); i++) {
    const key_vector *v = &KEYS[i];
    sigma_private_key *k = NULL;
    CHECK_RC(sigma_private_key_from_wif(v->wif, &k), SIGMA_OK);
    if (!k) continue;
    char buf[80];
    size_t w = 0;
    CHECK_RC(sigma_private_key_to_wif(k, SIGMA_NETWORK_MAINNET, buf, sizeof buf, &w), SIGMA_OK);
    CHECK(strcmp(buf, v->wif) == 0 && w == strlen(v->wif), "%s wif %s", v->name, buf);
    CHECK_RC(sigma_private_key_address(k, SIGMA_NETWORK_MAINNET, buf, sizeof buf, &w), SIGMA_OK);
    CHECK(strcmp(buf, v->address) == 0, "%s address %s", v->name, buf);
    uint8_t scalar[32];
    CHECK_RC(sigma_private_key_to_bytes(k, scalar, sizeof scalar, &w), SIGMA_OK);
    hex_encode(scalar, 32, buf);
    CHECK(strcmp(buf, v->priv_hex) == 0, "%s scalar", v->name);

    sigma_public_key *p = NULL, *p2 = NULL, *p3 = NULL;
    CHECK_RC(sigma_private_key_public_key(k, &p), SIGMA_OK);
    char hex[67];
    pub_hex(p, hex);
    CHECK(strcmp(hex, v->pub_hex) == 0, "%s pub %s", v->name, hex);
    CHECK_RC(sigma_public_key_address(p, SIGMA_NETWORK_MAINNET, buf, sizeof buf, &w), SIGMA_OK);
    CHECK(strcmp(buf, v->address) == 0, "%s pub address", v->name);
    CHECK_RC(sigma_public_key_from_hex(v->pub_uncompressed_hex, &p2), SIGMA_OK);
    bool eq = false;
    CHECK_RC(sigma_public_key_equal(p, p2, &eq), SIGMA_OK);
    CHECK(eq, "%s uncompressed equals compressed", v->name);
    uint8_t sec[33];
    CHECK_RC(sigma_public_key_to_compressed(p2, sec, sizeof sec, &w), SIGMA_OK);
    CHECK(w == 33, "33");
    CHECK_RC(sigma_public_key_from_sec1(sec, 33, &p3), SIGMA_OK);
    CHECK_RC(sigma_public_key_equal(p, p3, &eq), SIGMA_OK);
    CHECK(eq, "sec1 round trip");

    sigma_private_key *k2 = priv_from_hex(v->priv_hex);
    sigma_public_key *p4 = NULL;
    CHECK_RC(sigma_private_key_public_key(k2, &p4), SIGMA_OK);
    CHECK_RC(sigma_public_key_equal(p, p4, &eq), SIGMA_OK);
    CHECK(eq, "from_bytes gives the same key");
    FREE_PUB(p); FREE_PUB(p2); FREE_PUB(p3); FREE_PUB(p4);
    FREE_PRIV(k); FREE_PRIV(k2);
  }
  /* generate: a fresh key round-trips through WIF */
  sigma_private_key *g = NULL, *g2 = NULL;
  CHECK_RC(sigma_private_key_generate(&g), SIGMA_OK);
  char wif[60];
  size_t w;
  CHECK_RC(sigma_private_key_to_wif(g, SIGMA_NETWORK_TESTNET, wif, sizeof wif, &w), SIGMA_OK);
  CHECK(wif[0] == 'c', "testnet WIF starts with c: %s", wif);
  CHECK_RC(sigma_private_key_from_wif(wif, &g2), SIGMA_OK);
  FREE_PRIV(g); FREE_PRIV(g2);
  /* refusals */
  sigma_private_key *bad = NULL;
  /* last character changed: the base58check checksum fails */
  CHECK_RC(sigma_private_key_from_wif("L4JwZ3sYcpB1NC9hJ7nSbD8WPyBHNqi43biKVxMuwFUDTHvjrDQj", &bad), SIGMA_INVALID_WIF);
  CHECK_RC(sigma_private_key_from_wif("", &bad), SIGMA_INVALID_WIF);
  uint8_t zero[32] = {0};
  CHECK_RC(sigma_private_key_from_bytes(zero, 32, &bad), SIGMA_INVALID_PRIVATE_KEY);
  CHECK_RC(sigma_private_key_from_bytes(zero, 31, &bad), SIGMA_INVALID_LENGTH);
  CHECK_RC(sigma_private_key_from_bytes(NULL, 0, &bad), SIGMA_INVALID_LENGTH);
  CHECK(bad == NULL, "out untouched on error");
  sigma_public_key *bp = NULL;
  CHECK_RC(sigma_public_key_from_sec1(NULL, 0, &bp), SIGMA_INVALID_PUBLIC_KEY);
  CHECK_RC(sigma_public_key_from_hex("zz", &bp), SIGMA_INVALID_HEX);
  CHECK(bp == NULL, "out untouched on error");
}

static void test_bsm(void) {
  for (size_t i = 0; i < COUNT(BSM_VECTORS); i++) {
    const bsm_vector *v = &BSM_VECTORS[i];
    size_t n;
    uint8_t *msg;
    if (v->message_hex) {
      msg = hex_decode(v->message_hex, &n);
    } else {
      n = (size_t)v->rule_length;
      msg = malloc(n);
      for (size_t j = 0; j < n; j++) msg[j] = (uint8_t)(j % 256);
    }
    sigma_private_key *k = priv_from_hex(v->priv_hex);
    sigma_public_key *p = pub_from_hex(v->pub_hex);
    char sig[100];
    size_t w = 0;
    CHECK_RC(sigma_bsm_sign(k, n ? msg : NULL, n, sig, sizeof sig, &w), SIGMA_OK);
    CHECK(strcmp(sig, v->signature_base64) == 0 && w == 88, "bsm %s: %s", v->desc, sig);
    CHECK_RC(sigma_bsm_verify(p, msg, n, v->signature_base64, SIGMA_POLICY_STRICT), SIGMA_OK);
    CHECK_RC(sigma_bsm_verify(p, msg, n, v->signature_base64, SIGMA_POLICY_COMPAT), SIGMA_OK);
    msg[0] ^= 1;
    if (n) CHECK_RC(sigma_bsm_verify(p, msg, n, v->signature_base64, SIGMA_POLICY_STRICT), SIGMA_SIGNATURE_MISMATCH);
    free(msg);
    FREE_PRIV(k); FREE_PUB(p);
  }
}

static void test_brc42(void) {
  for (size_t i = 0; i < COUNT(BRC42_VECTORS); i++) {
    const brc42_vector *v = &BRC42_VECTORS[i];
    sigma_private_key *own = priv_from_hex(v->own_priv_hex);
    sigma_public_key *other = pub_from_hex(v->other_pub_hex);
    char hex[67];
    if (v->is_private) {
      sigma_private_key *child = NULL;
      CHECK_RC(sigma_brc42_derive_private_key(own, other, v->invoice, &child), SIGMA_OK);
      uint8_t b[32];
      size_t w;
      CHECK_RC(sigma_private_key_to_bytes(child, b, 32, &w), SIGMA_OK);
      hex_encode(b, 32, hex);
      CHECK(strcmp(hex, v->expected_hex) == 0, "brc42 private %zu: %s", i, hex);
      FREE_PRIV(child);
    } else {
      sigma_public_key *child = NULL;
      CHECK_RC(sigma_brc42_derive_public_key(own, other, v->invoice, &child), SIGMA_OK);
      pub_hex(child, hex);
      CHECK(strcmp(hex, v->expected_hex) == 0, "brc42 public %zu: %s", i, hex);
      FREE_PUB(child);
    }
    FREE_PRIV(own); FREE_PUB(other);
  }
}

static void test_brc77(void) {
  for (size_t i = 0; i < COUNT(BRC77_VECTORS); i++) {
    const brc77_vector *v = &BRC77_VECTORS[i];
    sigma_private_key *signer = priv_from_hex(v->signer_priv_hex);
    sigma_private_key *recipient = v->verifier_priv_hex ? priv_from_hex(v->verifier_priv_hex) : NULL;
    sigma_public_key *verifier = v->verifier_pub_hex ? pub_from_hex(v->verifier_pub_hex) : NULL;
    size_t n, kn, sn;
    uint8_t *msg = hex_decode(v->message_hex, &n);
    uint8_t *key_id = hex_decode(v->key_id_hex, &kn);
    uint8_t *want = hex_decode(v->signature_hex, &sn);
    uint8_t sig[200];
    size_t w = 0;
    CHECK_RC(sigma_brc77_sign(signer, msg, n, verifier, key_id, sig, sizeof sig, &w), SIGMA_OK);
    CHECK(w == sn && memcmp(sig, want, sn) == 0, "brc77 %s: byte-exact", v->desc);
    sigma_public_key *who = NULL, *expect = NULL;
    CHECK_RC(sigma_brc77_verify(msg, n, want, sn, recipient, SIGMA_POLICY_STRICT, &who), SIGMA_OK);
    CHECK_RC(sigma_private_key_public_key(signer, &expect), SIGMA_OK);
    bool eq = false;
    if (who) CHECK_RC(sigma_public_key_equal(who, expect, &eq), SIGMA_OK);
    CHECK(eq, "brc77 %s: signer", v->desc);
    FREE_PUB(who);
    if (recipient) {
      CHECK_RC(sigma_brc77_verify(msg, n, want, sn, NULL, SIGMA_POLICY_STRICT, &who), SIGMA_RECIPIENT_REQUIRED);
      CHECK_RC(sigma_brc77_verify(msg, n, want, sn, signer, SIGMA_POLICY_STRICT, &who), SIGMA_WRONG_RECIPIENT);
    }
    /* a random key ID still verifies */
    CHECK_RC(sigma_brc77_sign_random(signer, msg, n, verifier, sig, sizeof sig, &w), SIGMA_OK);
    CHECK_RC(sigma_brc77_verify(msg, n, sig, w, recipient, SIGMA_POLICY_STRICT, &who), SIGMA_OK);
    FREE_PUB(who);
    /* tampered message */
    uint8_t extra = 0x55;
    CHECK_RC(sigma_brc77_verify(&extra, 1, want, sn, recipient, SIGMA_POLICY_STRICT, &who), SIGMA_SIGNATURE_MISMATCH);
    CHECK(who == NULL, "no signer on failure");
    /* every truncation is refused, never read past the end */
    for (size_t cut = 0; cut < sn; cut++) {
      sigma_result rc = sigma_brc77_verify(msg, n, want, cut, recipient, SIGMA_POLICY_COMPAT, &who);
      CHECK(rc != SIGMA_OK && who == NULL, "truncated envelope %zu accepted", cut);
    }
    free(msg); free(key_id); free(want);
    FREE_PRIV(signer); FREE_PRIV(recipient); FREE_PUB(verifier); FREE_PUB(expect);
  }
}

/* ECDH: the shared point equals the reference's (BRC-42 official vectors and derivations), from
   both sides. */
static void test_ecdh(void) {
  for (size_t i = 0; i < COUNT(ECDH_VECTORS); i++) {
    const ecdh_vector *v = &ECDH_VECTORS[i];
    sigma_private_key *own = priv_from_hex(v->own_priv_hex);
    sigma_public_key *other = pub_from_hex(v->other_pub_hex);
    uint8_t shared[33];
    char hex[67];
    size_t w = 0;
    CHECK_RC(sigma_ecdh_shared_point(own, other, shared, sizeof shared, &w), SIGMA_OK);
    hex_encode(shared, 33, hex);
    CHECK(w == 33 && strcmp(hex, v->shared_hex) == 0, "ecdh %zu: %s, want %s", i, hex, v->shared_hex);
    CHECK_RC(sigma_ecdh_shared_point(own, other, NULL, 0, &w), SIGMA_BUFFER_TOO_SMALL);
    CHECK(w == 33, "ecdh size query %zu", w);
    FREE_PRIV(own);
    FREE_PUB(other);
  }
  /* symmetric: a·B = b·A */
  sigma_private_key *a = priv_from_hex(KEYS[0].priv_hex), *b = priv_from_hex(KEYS[1].priv_hex);
  sigma_public_key *pa = pub_from_hex(KEYS[0].pub_hex), *pb = pub_from_hex(KEYS[1].pub_hex);
  uint8_t ab[33], ba[33];
  size_t w = 0;
  CHECK_RC(sigma_ecdh_shared_point(a, pb, ab, sizeof ab, &w), SIGMA_OK);
  CHECK_RC(sigma_ecdh_shared_point(b, pa, ba, sizeof ba, &w), SIGMA_OK);
  CHECK(memcmp(ab, ba, 33) == 0, "ecdh is symmetric");
  CHECK_RC(sigma_ecdh_shared_point(NULL, pb, ab, sizeof ab, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_ecdh_shared_point(a, NULL, ab, sizeof ab, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_ecdh_shared_point(a, pb, ab, sizeof ab, NULL), SIGMA_NULL_PARAMETER);
  FREE_PRIV(a); FREE_PRIV(b); FREE_PUB(pa); FREE_PUB(pb);
}

/* The DER inside a BRC-77 envelope: 4 version + 33 signer + (1 or 33) verifier + 32 key ID. */
static const uint8_t *envelope_der(const uint8_t *env, size_t n, size_t *der_len) {
  const size_t off = 4 + 33 + (env[37] == 0 ? 1 : 33) + 32;
  *der_len = n - off;
  return env + off;
}

/* ECDSA on a digest, against signatures made by the reference packages: BSM signs the magic
   hash (its signature is header || r || s), BRC-77 signs sha256(message) with the BRC-42 child
   key (the envelope ends with the DER of (r, s)). */
static void test_ecdsa(void) {
  for (size_t i = 0; i < COUNT(BSM_VECTORS); i++) {
    const bsm_vector *v = &BSM_VECTORS[i];
    size_t dn, sn, w = 0;
    uint8_t *digest = hex_decode(v->magic_hash_hex, &dn);
    uint8_t *sig65 = hex_decode(v->signature_hex, &sn);
    sigma_private_key *k = priv_from_hex(v->priv_hex);
    sigma_public_key *p = pub_from_hex(v->pub_hex);
    sigma_ecdsa_signature sig, parsed;
    CHECK_RC(sigma_ecdsa_sign(k, digest, dn, &sig), SIGMA_OK);
    CHECK(sn == 65 && memcmp(sig.compact, sig65 + 1, 64) == 0, "ecdsa sign = BSM r||s: %s", v->desc);
    CHECK_RC(sigma_ecdsa_signature_from_compact(sig65 + 1, 64, SIGMA_POLICY_STRICT, &parsed), SIGMA_OK);
    CHECK_RC(sigma_ecdsa_verify(p, digest, dn, &parsed, SIGMA_POLICY_STRICT), SIGMA_OK);
    /* DER round trip */
    uint8_t der[80];
    CHECK_RC(sigma_ecdsa_signature_to_der(&sig, der, sizeof der, &w), SIGMA_OK);
    CHECK(w >= 8 && w <= 72 && der[0] == 0x30, "der length %zu", w);
    CHECK_RC(sigma_ecdsa_signature_from_der(der, w, SIGMA_POLICY_STRICT, &parsed), SIGMA_OK);
    CHECK(memcmp(parsed.compact, sig.compact, 64) == 0, "der round trip");
    /* another digest, another key */
    digest[0] ^= 1;
    CHECK_RC(sigma_ecdsa_verify(p, digest, dn, &sig, SIGMA_POLICY_STRICT), SIGMA_SIGNATURE_MISMATCH);
    digest[0] ^= 1;
    sigma_public_key *other = pub_from_hex(KEYS[2].pub_hex);
    if (strcmp(KEYS[2].pub_hex, v->pub_hex) != 0)
      CHECK_RC(sigma_ecdsa_verify(other, digest, dn, &sig, SIGMA_POLICY_STRICT), SIGMA_SIGNATURE_MISMATCH);
    FREE_PUB(other);
    free(digest); free(sig65);
    FREE_PRIV(k); FREE_PUB(p);
  }
  for (size_t i = 0; i < COUNT(BRC77_VECTORS); i++) {
    const brc77_vector *v = &BRC77_VECTORS[i];
    size_t dn, en, rn, sn, der_len, w = 0;
    uint8_t *digest = hex_decode(v->message_sha256_hex, &dn);
    uint8_t *env = hex_decode(v->signature_hex, &en);
    uint8_t *r = hex_decode(v->r_hex, &rn), *s = hex_decode(v->s_hex, &sn);
    const uint8_t *want_der = envelope_der(env, en, &der_len);
    sigma_private_key *child = priv_from_hex(v->signing_child_priv_hex);
    sigma_public_key *child_pub = pub_from_hex(v->signing_child_pub_hex);
    sigma_ecdsa_signature sig, parsed;
    CHECK_RC(sigma_ecdsa_sign(child, digest, dn, &sig), SIGMA_OK);
    CHECK(memcmp(sig.compact, r, 32) == 0 && memcmp(sig.compact + 32, s, 32) == 0, "ecdsa = brc77 (r, s): %s", v->desc);
    uint8_t der[80];
    CHECK_RC(sigma_ecdsa_signature_to_der(&sig, der, sizeof der, &w), SIGMA_OK);
    CHECK(w == der_len && memcmp(der, want_der, w) == 0, "DER = the envelope's: %s", v->desc);
    CHECK_RC(sigma_ecdsa_signature_to_der(&sig, der, w - 1, &w), SIGMA_BUFFER_TOO_SMALL);
    CHECK(w == der_len, "DER size needed");
    CHECK_RC(sigma_ecdsa_signature_from_der(want_der, der_len, SIGMA_POLICY_STRICT, &parsed), SIGMA_OK);
    CHECK_RC(sigma_ecdsa_verify(child_pub, digest, dn, &parsed, SIGMA_POLICY_STRICT), SIGMA_OK);
    CHECK_RC(sigma_ecdsa_verify(child_pub, digest, dn, &parsed, SIGMA_POLICY_COMPAT), SIGMA_OK);
    /* every truncation of the DER is refused */
    for (size_t cut = 0; cut < der_len; cut++)
      CHECK(sigma_ecdsa_signature_from_der(want_der, cut, SIGMA_POLICY_COMPAT, &parsed) != SIGMA_OK, "der cut %zu", cut);
    free(digest); free(env); free(r); free(s);
    FREE_PRIV(child); FREE_PUB(child_pub);
  }

  /* high S: s' = n - s verifies under Compat only, and Strict refuses to parse it */
  static const uint8_t n_order[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                      0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                                      0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
  sigma_private_key *k = priv_from_hex(KEYS[0].priv_hex);
  sigma_public_key *p = pub_from_hex(KEYS[0].pub_hex);
  uint8_t digest[32];
  for (int j = 0; j < 32; j++) digest[j] = (uint8_t)(j * 7 + 1);
  sigma_ecdsa_signature sig, high, parsed;
  CHECK_RC(sigma_ecdsa_sign(k, digest, 32, &sig), SIGMA_OK);
  high = sig;
  int borrow = 0;
  for (int j = 31; j >= 0; j--) {
    int d = n_order[j] - sig.compact[32 + j] - borrow;
    borrow = d < 0;
    high.compact[32 + j] = (uint8_t)(d + (borrow ? 256 : 0));
  }
  CHECK_RC(sigma_ecdsa_verify(p, digest, 32, &high, SIGMA_POLICY_COMPAT), SIGMA_OK);
  CHECK_RC(sigma_ecdsa_verify(p, digest, 32, &high, SIGMA_POLICY_STRICT), SIGMA_INVALID_SIGNATURE_ENCODING);
  CHECK_RC(sigma_ecdsa_signature_from_compact(high.compact, 64, SIGMA_POLICY_STRICT, &parsed), SIGMA_INVALID_SIGNATURE_ENCODING);
  CHECK_RC(sigma_ecdsa_signature_from_compact(high.compact, 64, SIGMA_POLICY_COMPAT, &parsed), SIGMA_OK);
  uint8_t der[80];
  size_t w = 0;
  CHECK_RC(sigma_ecdsa_signature_to_der(&high, der, sizeof der, &w), SIGMA_OK);
  CHECK_RC(sigma_ecdsa_signature_from_der(der, w, SIGMA_POLICY_STRICT, &parsed), SIGMA_INVALID_SIGNATURE_ENCODING);
  CHECK_RC(sigma_ecdsa_signature_from_der(der, w, SIGMA_POLICY_COMPAT, &parsed), SIGMA_OK);
  /* r = 0, s = n: out of range, whatever the policy */
  sigma_ecdsa_signature zero = {{0}};
  CHECK_RC(sigma_ecdsa_verify(p, digest, 32, &zero, SIGMA_POLICY_COMPAT), SIGMA_INVALID_SIGNATURE_ENCODING);
  memcpy(zero.compact + 32, n_order, 32);
  zero.compact[0] = 1;
  CHECK_RC(sigma_ecdsa_signature_from_compact(zero.compact, 64, SIGMA_POLICY_COMPAT, &parsed), SIGMA_INVALID_SIGNATURE_ENCODING);
  CHECK_RC(sigma_ecdsa_signature_to_der(&zero, der, sizeof der, &w), SIGMA_INVALID_SIGNATURE_ENCODING);
  /* misuse */
  CHECK_RC(sigma_ecdsa_sign(k, digest, 31, &sig), SIGMA_INVALID_LENGTH);
  CHECK_RC(sigma_ecdsa_sign(k, digest, 33, &sig), SIGMA_INVALID_LENGTH);
  CHECK_RC(sigma_ecdsa_sign(NULL, digest, 32, &sig), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_ecdsa_sign(k, NULL, 32, &sig), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_ecdsa_sign(k, digest, 32, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_ecdsa_sign(k, digest, SIZE_MAX, &sig), SIGMA_INVALID_INPUT);
  CHECK_RC(sigma_ecdsa_verify(p, digest, 32, NULL, SIGMA_POLICY_STRICT), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_ecdsa_verify(p, digest, 32, &sig, 7), SIGMA_INVALID_INPUT);
  CHECK_RC(sigma_ecdsa_verify(NULL, digest, 32, &sig, SIGMA_POLICY_STRICT), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_ecdsa_signature_from_compact(sig.compact, 63, SIGMA_POLICY_STRICT, &parsed), SIGMA_INVALID_LENGTH);
  CHECK_RC(sigma_ecdsa_signature_from_der(NULL, 0, SIGMA_POLICY_STRICT, &parsed), SIGMA_INVALID_SIGNATURE_ENCODING);
  CHECK_RC(sigma_ecdsa_signature_from_der(der, SIZE_MAX, SIGMA_POLICY_STRICT, &parsed), SIGMA_INVALID_INPUT);
  CHECK_RC(sigma_ecdsa_signature_to_der(&sig, NULL, 0, &w), SIGMA_BUFFER_TOO_SMALL);
  FREE_PRIV(k); FREE_PUB(p);
}

/* The sigma_result whose stable code is `code` (the vectors name codes, not numbers). */
static sigma_result result_for_code(const char *code) {
  for (unsigned c = 0; c < 300; c++) {
    if (strcmp(sigma_result_code(c), code) == 0) return (sigma_result)c;
  }
  CHECK(0, "no sigma_result has code %s", code);
  return SIGMA_INTERNAL_ERROR;
}

static bool same_pub(const sigma_public_key *a, const sigma_private_key *owner) {
  sigma_public_key *expect = NULL;
  bool eq = false;
  CHECK_RC(sigma_private_key_public_key(owner, &expect), SIGMA_OK);
  if (a && expect) CHECK_RC(sigma_public_key_equal(a, expect, &eq), SIGMA_OK);
  FREE_PUB(expect);
  return eq;
}

static void test_brc78(void) {
  for (size_t i = 0; i < COUNT(BRC78_VECTORS); i++) {
    const brc78_vector *v = &BRC78_VECTORS[i];
    sigma_private_key *sender = priv_from_hex(v->sender_priv_hex);
    sigma_private_key *recipient = priv_from_hex(v->recipient_priv_hex);
    sigma_public_key *recipient_pub = pub_from_hex(v->recipient_pub_hex);
    size_t n, kn, ivn, en, pn;
    uint8_t *msg = hex_decode(v->message_hex, &n);
    uint8_t *key_id = hex_decode(v->key_id_hex, &kn);
    uint8_t *iv = hex_decode(v->iv_hex, &ivn);
    uint8_t *want = hex_decode(v->encrypted_hex, &en);
    uint8_t *plain_want = hex_decode(v->expected_plain_hex, &pn);
    uint8_t *out = malloc(en + 1), *plain = malloc(en + 1);
    size_t w = 0;
    sigma_public_key *who = NULL;
    if (n == 0) {
      /* the reference SDK cannot open an empty message, so we refuse to make one */
      CHECK_RC(sigma_brc78_encrypt(sender, recipient_pub, msg, n, key_id, iv, out, en, &w), SIGMA_INVALID_INPUT);
      CHECK_RC(sigma_brc78_encrypt_random(sender, recipient_pub, msg, n, out, en, &w), SIGMA_INVALID_INPUT);
    } else {
      CHECK_RC(sigma_brc78_encrypt(sender, recipient_pub, msg, n, key_id, iv, out, en, &w), SIGMA_OK);
      CHECK(w == en && memcmp(out, want, en) == 0, "brc78 %s: byte-exact", v->desc);
      /* one byte short: the size needed, nothing else */
      CHECK_RC(sigma_brc78_encrypt(sender, recipient_pub, msg, n, key_id, iv, out, en - 1, &w), SIGMA_BUFFER_TOO_SMALL);
      CHECK(w == en, "brc78 %s: needed %zu", v->desc, w);
      /* random key ID and IV: a different message that still opens */
      CHECK_RC(sigma_brc78_encrypt_random(sender, recipient_pub, msg, n, out, en, &w), SIGMA_OK);
      CHECK(w == en && memcmp(out, want, en) != 0, "brc78 %s: random differs", v->desc);
      CHECK_RC(sigma_brc78_decrypt(recipient, out, w, plain, en, &w, &who), SIGMA_OK);
      CHECK(w == n && memcmp(plain, msg, n) == 0 && same_pub(who, sender), "brc78 %s: random round trip", v->desc);
      FREE_PUB(who);
    }
    /* the reference message opens to the reference plaintext, from the sender */
    CHECK_RC(sigma_brc78_decrypt(recipient, want, en, plain, en, &w, &who), SIGMA_OK);
    CHECK(w == pn && memcmp(plain, plain_want, pn) == 0, "brc78 %s: decrypt", v->desc);
    CHECK(same_pub(who, sender), "brc78 %s: sender", v->desc);
    FREE_PUB(who);
    /* the plaintext buffer one byte short (or a size query): the size, and no sender handle */
    CHECK_RC(sigma_brc78_decrypt(recipient, want, en, pn ? plain : NULL, pn ? pn - 1 : 0, &w, &who),
             pn ? SIGMA_BUFFER_TOO_SMALL : SIGMA_OK);
    CHECK(w == pn, "brc78 %s: plaintext size %zu", v->desc, w);
    if (pn) CHECK(who == NULL, "brc78 %s: no sender on BUFFER_TOO_SMALL", v->desc);
    FREE_PUB(who);
    /* every truncation and every single-bit flip is refused, and hands out no sender */
    for (size_t cut = 0; cut < en; cut++) {
      sigma_result rc = sigma_brc78_decrypt(recipient, want, cut, plain, en, &w, &who);
      CHECK(rc != SIGMA_OK && who == NULL, "brc78 %s: truncation %zu accepted", v->desc, cut);
    }
    for (size_t bit = 0; bit < 8 * en; bit += 7) {
      memcpy(out, want, en);
      out[bit / 8] ^= (uint8_t)(1u << (bit % 8));
      sigma_result rc = sigma_brc78_decrypt(recipient, out, en, plain, en, &w, &who);
      CHECK(rc != SIGMA_OK && who == NULL, "brc78 %s: bit %zu flipped accepted", v->desc, bit);
      FREE_PUB(who);
    }
    free(msg); free(key_id); free(iv); free(want); free(plain_want); free(out); free(plain);
    FREE_PRIV(sender); FREE_PRIV(recipient); FREE_PUB(recipient_pub);
  }

  for (size_t i = 0; i < COUNT(BRC78_CASES); i++) {
    const brc78_case *c = &BRC78_CASES[i];
    sigma_private_key *recipient = priv_from_hex(c->recipient_priv_hex);
    size_t en, w = 0;
    uint8_t *data = hex_decode(c->encrypted_hex, &en);
    uint8_t plain[256];
    sigma_public_key *who = NULL;
    sigma_result want = result_for_code(c->expected_code);
    CHECK_RC(sigma_brc78_decrypt(recipient, en ? data : NULL, en, plain, sizeof plain, &w, &who), want);
    if (want == SIGMA_OK) {
      size_t pn;
      uint8_t *expect = hex_decode(c->expected_plain_hex, &pn);
      CHECK(w == pn && memcmp(plain, expect, pn) == 0 && who != NULL, "brc78 case %s: plaintext", c->desc);
      free(expect);
    } else {
      CHECK(who == NULL, "brc78 case %s: no sender on failure", c->desc);
    }
    FREE_PUB(who);
    free(data);
    FREE_PRIV(recipient);
  }
}

static void test_symmetric(void) {
  for (size_t i = 0; i < COUNT(SYMMETRIC_VECTORS); i++) {
    const symmetric_vector *v = &SYMMETRIC_VECTORS[i];
    size_t kn, ivn, pn, on, w = 0;
    uint8_t *key = hex_decode(v->key_hex, &kn);
    uint8_t *iv = hex_decode(v->iv_hex, &ivn);
    uint8_t *plain = hex_decode(v->plaintext_hex, &pn);
    uint8_t *want = hex_decode(v->output_hex, &on);
    uint8_t *out = malloc(on), *back = malloc(on);
    CHECK_RC(sigma_symmetric_encrypt(key, kn, pn ? plain : NULL, pn, iv, out, on, &w), SIGMA_OK);
    CHECK(w == on && memcmp(out, want, on) == 0, "symmetric %s: byte-exact", v->desc);
    CHECK_RC(sigma_symmetric_encrypt(key, kn, plain, pn, iv, out, on - 1, &w), SIGMA_BUFFER_TOO_SMALL);
    CHECK(w == on, "symmetric %s: needed %zu", v->desc, w);
    CHECK_RC(sigma_symmetric_decrypt(key, kn, want, on, back, on, &w), SIGMA_OK);
    CHECK(w == pn && memcmp(back, plain, pn) == 0, "symmetric %s: decrypt", v->desc);
    CHECK_RC(sigma_symmetric_encrypt_random(key, kn, plain, pn, out, on, &w), SIGMA_OK);
    CHECK(w == on && memcmp(out, want, 32) != 0, "symmetric %s: random IV", v->desc);
    CHECK_RC(sigma_symmetric_decrypt(key, kn, out, w, back, on, &w), SIGMA_OK);
    CHECK(w == pn && memcmp(back, plain, pn) == 0, "symmetric %s: random round trip", v->desc);
    /* tampered tag, truncated, wrong key */
    memcpy(out, want, on);
    out[on - 1] ^= 1;
    CHECK_RC(sigma_symmetric_decrypt(key, kn, out, on, back, on, &w), SIGMA_DECRYPTION_FAILED);
    CHECK_RC(sigma_symmetric_decrypt(key, kn, want, 47, back, on, &w), SIGMA_INVALID_LENGTH);
    key[kn - 1] ^= 1;
    CHECK_RC(sigma_symmetric_decrypt(key, kn, want, on, back, on, &w), SIGMA_DECRYPTION_FAILED);
    free(key); free(iv); free(plain); free(want); free(out); free(back);
  }
  uint8_t key33[33] = {1}, iv[32] = {0}, out[64];
  size_t w = 0;
  CHECK_RC(sigma_symmetric_encrypt(key33, 33, NULL, 0, iv, out, sizeof out, &w), SIGMA_INVALID_LENGTH);
  CHECK_RC(sigma_symmetric_encrypt(key33, 0, NULL, 0, iv, out, sizeof out, &w), SIGMA_INVALID_LENGTH);
  CHECK_RC(sigma_symmetric_decrypt(key33, 33, out, 48, out, sizeof out, &w), SIGMA_INVALID_LENGTH);
}

static void test_brc78_misuse(void) {
  sigma_private_key *k = priv_from_hex(KEYS[0].priv_hex);
  sigma_public_key *p = pub_from_hex(KEYS[0].pub_hex), *who = NULL;
  uint8_t id[32] = {0}, iv[32] = {0}, key[32] = {0}, sealed[200], plain[200];
  const uint8_t msg[] = "m";
  size_t w = 0, n = 0;
  CHECK_RC(sigma_brc78_encrypt(NULL, p, msg, 1, id, iv, sealed, sizeof sealed, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc78_encrypt(k, NULL, msg, 1, id, iv, sealed, sizeof sealed, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc78_encrypt(k, p, NULL, 1, id, iv, sealed, sizeof sealed, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc78_encrypt(k, p, msg, 1, NULL, iv, sealed, sizeof sealed, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc78_encrypt(k, p, msg, 1, id, NULL, sealed, sizeof sealed, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc78_encrypt(k, p, msg, 1, id, iv, NULL, sizeof sealed, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc78_encrypt(k, p, msg, 1, id, iv, sealed, sizeof sealed, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc78_encrypt(k, p, NULL, 0, id, iv, sealed, sizeof sealed, &w), SIGMA_INVALID_INPUT);
  CHECK_RC(sigma_brc78_encrypt_random(NULL, p, msg, 1, sealed, sizeof sealed, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc78_encrypt_random(k, NULL, msg, 1, sealed, sizeof sealed, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc78_encrypt_random(k, p, msg, 1, sealed, sizeof sealed, NULL), SIGMA_NULL_PARAMETER);
  /* size query, then the exact fit: 1 + 150 bytes */
  CHECK_RC(sigma_brc78_encrypt(k, p, msg, 1, id, iv, NULL, 0, &n), SIGMA_BUFFER_TOO_SMALL);
  CHECK(n == 151, "brc78 of 1 byte needs 151, got %zu", n);
  CHECK_RC(sigma_brc78_encrypt(k, p, msg, 1, id, iv, sealed, n, &w), SIGMA_OK);
  CHECK(w == n, "exact fit");
  CHECK_RC(sigma_brc78_decrypt(NULL, sealed, n, plain, sizeof plain, &w, &who), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc78_decrypt(k, NULL, n, plain, sizeof plain, &w, &who), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc78_decrypt(k, sealed, n, NULL, sizeof plain, &w, &who), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc78_decrypt(k, sealed, n, plain, sizeof plain, NULL, &who), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc78_decrypt(k, sealed, n, plain, sizeof plain, &w, NULL), SIGMA_NULL_PARAMETER);
  CHECK(who == NULL, "no sender after misuse");
  CHECK_RC(sigma_brc78_decrypt(k, sealed, n, NULL, 0, &w, &who), SIGMA_BUFFER_TOO_SMALL);
  CHECK(w == 1 && who == NULL, "plaintext size query: %zu", w);
  CHECK_RC(sigma_brc78_decrypt(k, sealed, n, plain, 1, &w, &who), SIGMA_OK);
  CHECK(w == 1 && plain[0] == 'm' && same_pub(who, k), "self-addressed round trip");
  FREE_PUB(who);
  CHECK_RC(sigma_symmetric_encrypt(NULL, 32, msg, 1, iv, sealed, sizeof sealed, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_symmetric_encrypt(key, 32, msg, 1, NULL, sealed, sizeof sealed, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_symmetric_encrypt(key, 32, msg, 1, iv, sealed, sizeof sealed, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_symmetric_encrypt_random(key, 32, NULL, 1, sealed, sizeof sealed, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_symmetric_decrypt(key, 32, NULL, 48, plain, sizeof plain, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_symmetric_decrypt(key, 32, sealed, 48, NULL, 1, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_symmetric_encrypt(key, 32, msg, 1, iv, sealed, 48, &w), SIGMA_BUFFER_TOO_SMALL);
  CHECK(w == 49, "aes-gcm of 1 byte needs 49, got %zu", w);
  CHECK(strcmp(sigma_result_code(SIGMA_DECRYPTION_FAILED), "decryption_failed") == 0, "code");
  FREE_PRIV(k);
  FREE_PUB(p);
}

static sigma_verifier *new_verifier(uint64_t age, uint64_t skew, uint32_t policy) {
  sigma_verifier *v = NULL;
  CHECK_RC(sigma_verifier_new(age, skew, policy, &v), SIGMA_OK);
  return v;
}

static sigma_result verify(const sigma_verifier *v, const char *token, const char *path, const char *body,
                           const char *enc, int64_t now, sigma_verification *out) {
  return sigma_verifier_verify(v, token, path, (const uint8_t *)body, body ? strlen(body) : 0, enc, now, out);
}

static void test_creation_vectors(void) {
  sigma_verifier *v = new_verifier(300, 300, SIGMA_POLICY_STRICT);
  for (size_t i = 0; i < COUNT(CREATION_VECTORS); i++) {
    const creation_vector *c = &CREATION_VECTORS[i];
    sigma_private_key *k = NULL;
    CHECK_RC(sigma_private_key_from_wif(c->wif, &k), SIGMA_OK);
    uint8_t zero_id[32] = {0};
    size_t kn = 32;
    uint8_t *key_id = c->key_id_hex ? hex_decode(c->key_id_hex, &kn) : NULL;
    char token[600];
    size_t w = 0;
    const size_t blen = c->body ? strlen(c->body) : 0;
    CHECK_RC(sigma_token_create(k, c->path, c->scheme_brc77 ? SIGMA_SCHEME_BRC77 : SIGMA_SCHEME_BSM, c->timestamp_ms,
                                (const uint8_t *)c->body, blen, c->body_encoding, key_id ? key_id : zero_id, token,
                                sizeof token, &w),
             SIGMA_OK);
    CHECK(strcmp(token, c->token) == 0 && w == strlen(c->token), "create %s:\n  got  %s\n  want %s", c->desc, token,
          c->token);
    sigma_verification out;
    CHECK_RC(verify(v, c->token, c->verify_path, c->verify_body, c->verify_body_encoding, c->verify_now_ms, &out),
             SIGMA_OK);
    CHECK(c->reference_valid && out.valid && out.result == SIGMA_OK, "verify %s", c->desc);
    CHECK(strncmp(out.pubkey_hex, c->token, 66) == 0 && out.timestamp_unix_millis == c->timestamp_ms,
          "verified fields %s", c->desc);
    CHECK(out.scheme == (c->scheme_brc77 ? SIGMA_SCHEME_BRC77 : SIGMA_SCHEME_BSM), "scheme");
    sigma_token_fields f;
    CHECK_RC(sigma_token_parse(c->token, &f), SIGMA_OK);
    CHECK(f.pubkey.len == 66 && f.pubkey.ptr == c->token && f.request_path.len == strlen(c->path) &&
              memcmp(f.request_path.ptr, c->path, f.request_path.len) == 0,
          "parse %s", c->desc);
    /* the random variant verifies too (for bsm it is the same token) */
    CHECK_RC(sigma_token_create_random(k, c->path, c->scheme_brc77 ? SIGMA_SCHEME_BRC77 : SIGMA_SCHEME_BSM,
                                       c->timestamp_ms, (const uint8_t *)c->body, blen, c->body_encoding, token,
                                       sizeof token, &w),
             SIGMA_OK);
    CHECK_RC(verify(v, token, c->verify_path, c->verify_body, c->verify_body_encoding, c->verify_now_ms, &out), SIGMA_OK);
    if (!c->scheme_brc77) CHECK(strcmp(token, c->token) == 0, "bsm random variant is deterministic");
    free(key_id);
    FREE_PRIV(k);
  }
  sigma_verifier_free(v);
}

static void test_verification_cases(void) {
  int replayed = 0, skipped = 0;
  for (size_t i = 0; i < COUNT(VERIFICATION_CASES); i++) {
    const verification_case *c = &VERIFICATION_CASES[i];
    if (!c->expected_strict || !c->expected_compat) { skipped++; continue; }
    sigma_verifier *strict = new_verifier((uint64_t)c->window_secs, (uint64_t)c->window_secs, SIGMA_POLICY_STRICT);
    sigma_verifier *compat = new_verifier((uint64_t)c->window_secs, (uint64_t)c->window_secs, SIGMA_POLICY_COMPAT);
    sigma_verification out;
    memset(&out, 0xAB, sizeof out);
    sigma_result rc = verify(strict, c->token, c->path, c->body, c->body_encoding, c->now_ms, &out);
    CHECK(strcmp(sigma_result_code(rc), c->expected_strict) == 0, "case %zu \"%s\" (strict): got %s, want %s", i,
          c->desc, sigma_result_code(rc), c->expected_strict);
    CHECK(out.result == rc && out.valid == (rc == SIGMA_OK), "case %zu: out matches rc", i);
    if (rc != SIGMA_OK) CHECK(out.pubkey_hex[0] == 0, "no pubkey on refusal");
    sigma_result rc2 = verify(compat, c->token, c->path, c->body, c->body_encoding, c->now_ms, &out);
    CHECK(strcmp(sigma_result_code(rc2), c->expected_compat) == 0, "case %zu \"%s\" (compat): got %s, want %s", i,
          c->desc, sigma_result_code(rc2), c->expected_compat);
    CHECK(out.result == rc2 && out.valid == (rc2 == SIGMA_OK), "case %zu: compat out matches rc", i);
    if (c->reference_refuses) {
      CHECK(rc != SIGMA_OK && rc2 != SIGMA_OK, "case %zu \"%s\": the reference refuses, we accept", i, c->desc);
    }
    replayed++;
    sigma_verifier_free(strict);
    sigma_verifier_free(compat);
  }
  printf("  verification cases: %d replayed under both policies, %d skipped (reference 'now' is not a date)\n",
         replayed, skipped);
}

/* The brc77 forgery of hypothesis (a): envelope signed by the attacker, pubkey field = victim. */
static void test_forged_signer(void) {
  sigma_private_key *attacker = priv_from_hex(KEYS[1].priv_hex); /* bob */
  sigma_public_key *victim = pub_from_hex(KEYS[0].pub_hex);    /* alice */
  char token[600];
  size_t w;
  const int64_t now = 1736942400000LL;
  CHECK_RC(sigma_token_create_random(attacker, "/api/pay", SIGMA_SCHEME_BRC77, now, NULL, 0, NULL, token, sizeof token, &w),
           SIGMA_OK);
  char forged[600];
  snprintf(forged, sizeof forged, "%s%s", KEYS[0].pub_hex, token + 66);
  sigma_verifier *v = new_verifier(300, 300, SIGMA_POLICY_STRICT);
  sigma_verifier *c = new_verifier(300, 300, SIGMA_POLICY_COMPAT);
  sigma_verification out;
  CHECK_RC(verify(v, token, "/api/pay", NULL, NULL, now, &out), SIGMA_OK);
  CHECK_RC(verify(v, forged, "/api/pay", NULL, NULL, now, &out), SIGMA_SIGNER_MISMATCH);
  CHECK_RC(verify(c, forged, "/api/pay", NULL, NULL, now, &out), SIGMA_SIGNER_MISMATCH);
  CHECK(!out.valid, "forgery refused");
  /* replay id: stable for the same token */
  sigma_verification a, b;
  CHECK_RC(verify(v, token, "/api/pay", NULL, NULL, now, &a), SIGMA_OK);
  CHECK_RC(verify(v, token, "/api/pay", NULL, NULL, now + 1000, &b), SIGMA_OK);
  CHECK(memcmp(a.replay_id, b.replay_id, 32) == 0, "replay id stable");
  sigma_verifier_free(v);
  sigma_verifier_free(c);
  FREE_PRIV(attacker); FREE_PUB(victim);
}

/* The _n forms: counted texts, embedded NULs, lengths above PTRDIFF_MAX, invalid UTF-8. */
static void test_counted(void) {
  sigma_private_key *k = priv_from_hex(KEYS[0].priv_hex), *pk_out = NULL;
  sigma_public_key *p = pub_from_hex(KEYS[0].pub_hex), *other = pub_from_hex(KEYS[1].pub_hex), *pub_out = NULL;
  sigma_verifier *v = new_verifier(300, 300, SIGMA_POLICY_STRICT);
  const int64_t now = 1736942400000LL;
  uint8_t id[32] = {0};
  char token[600];
  size_t w = 0;
  sigma_verification out;

  /* a token signed for "/api/a" is refused for the counted path "/api/a\0/../admin" */
  for (int brc77 = 0; brc77 <= 1; brc77++) {
    const uint32_t scheme = brc77 ? SIGMA_SCHEME_BRC77 : SIGMA_SCHEME_BSM;
    CHECK_RC(sigma_token_create_n(k, "/api/a", 6, scheme, now, NULL, 0, NULL, 0, id, token, sizeof token, &w), SIGMA_OK);
    static const char evil[] = "/api/a\0/../admin";
    CHECK_RC(sigma_verifier_verify_n(v, token, w, evil, sizeof evil - 1, NULL, 0, NULL, 0, now, &out),
             SIGMA_PATH_MISMATCH);
    CHECK(!out.valid && out.result == SIGMA_PATH_MISMATCH, "embedded NUL path refused");
    CHECK_RC(sigma_verifier_verify_n(v, token, w, evil, 6, NULL, 0, NULL, 0, now, &out), SIGMA_OK);
    /* the token followed by a NUL and garbage is not the token */
    char padded[700];
    memcpy(padded, token, w);
    memcpy(padded + w, "\0garbage", 8);
    CHECK_RC(sigma_verifier_verify_n(v, padded, w + 8, "/api/a", 6, NULL, 0, NULL, 0, now, &out),
             SIGMA_BAD_SIGNATURE_ENCODING);
    /* an encoding with a NUL inside is not "utf8" */
    CHECK_RC(sigma_verifier_verify_n(v, token, w, "/api/a", 6, NULL, 0, "utf8\0whatever", 13, now, &out),
             SIGMA_UNSUPPORTED_BODY_ENCODING);
    CHECK_RC(sigma_verifier_verify_n(v, token, w, "/api/a", 6, NULL, 0, "utf8", 4, now, &out), SIGMA_OK);
    /* the counted token parses into pointers inside it */
    sigma_token_fields f;
    CHECK_RC(sigma_token_parse_n(token, w, &f), SIGMA_OK);
    CHECK(f.pubkey.ptr == token && f.request_path.len == 6 && f.signature.ptr + f.signature.len == token + w,
          "parse_n fields");
    CHECK_RC(sigma_token_parse_n(padded, w + 8, &f), SIGMA_OK);
    CHECK(f.signature.len == (size_t)(padded + w + 8 - f.signature.ptr), "parse_n keeps the NUL in the last field");
    /* a creation path with a NUL is refused: no HTTP header could carry such a token */
    CHECK_RC(sigma_token_create_n(k, evil, sizeof evil - 1, scheme, now, NULL, 0, NULL, 0, id, token, sizeof token, &w),
             SIGMA_INVALID_INPUT);
  }
  /* the NUL-terminated and counted forms agree on every creation vector */
  for (size_t i = 0; i < COUNT(CREATION_VECTORS); i++) {
    const creation_vector *c = &CREATION_VECTORS[i];
    sigma_verifier *s = new_verifier(300, 300, SIGMA_POLICY_STRICT);
    const size_t blen = c->verify_body ? strlen(c->verify_body) : 0;
    CHECK_RC(sigma_verifier_verify_n(s, c->token, strlen(c->token), c->verify_path, strlen(c->verify_path),
                                     (const uint8_t *)c->verify_body, blen, c->verify_body_encoding,
                                     strlen(c->verify_body_encoding), c->verify_now_ms, &out),
             SIGMA_OK);
    sigma_private_key *ck = NULL;
    CHECK_RC(sigma_private_key_from_wif_n(c->wif, strlen(c->wif), &ck), SIGMA_OK);
    size_t kn = 32;
    uint8_t *key_id = c->key_id_hex ? hex_decode(c->key_id_hex, &kn) : NULL;
    const size_t cblen = c->body ? strlen(c->body) : 0;
    CHECK_RC(sigma_token_create_n(ck, c->path, strlen(c->path), c->scheme_brc77 ? SIGMA_SCHEME_BRC77 : SIGMA_SCHEME_BSM,
                                  c->timestamp_ms, (const uint8_t *)c->body, cblen, c->body_encoding,
                                  strlen(c->body_encoding), key_id ? key_id : id, token, sizeof token, &w),
             SIGMA_OK);
    CHECK(w == strlen(c->token) && memcmp(token, c->token, w) == 0, "create_n %s", c->desc);
    free(key_id);
    FREE_PRIV(ck);
    sigma_verifier_free(s);
  }
  /* keys, BSM and BRC-42 through counted texts */
  CHECK_RC(sigma_private_key_from_wif_n(KEYS[0].wif, strlen(KEYS[0].wif), &pk_out), SIGMA_OK);
  FREE_PRIV(pk_out);
  char wif_nul[80];
  snprintf(wif_nul, sizeof wif_nul, "%s", KEYS[0].wif);
  const size_t wl = strlen(wif_nul);
  wif_nul[wl] = 0;
  CHECK_RC(sigma_private_key_from_wif_n(wif_nul, wl + 1, &pk_out), SIGMA_INVALID_WIF);
  CHECK_RC(sigma_public_key_from_hex_n(KEYS[0].pub_hex, 66, &pub_out), SIGMA_OK);
  FREE_PUB(pub_out);
  CHECK_RC(sigma_public_key_from_hex_n(KEYS[0].pub_hex, 65, &pub_out), SIGMA_INVALID_HEX);
  const bsm_vector *b = &BSM_VECTORS[0];
  sigma_public_key *bp = pub_from_hex(b->pub_hex);
  size_t mn = 0;
  uint8_t *msg = b->message_hex ? hex_decode(b->message_hex, &mn) : NULL;
  if (msg) {
    CHECK_RC(sigma_bsm_verify_n(bp, msg, mn, b->signature_base64, strlen(b->signature_base64), SIGMA_POLICY_STRICT),
             SIGMA_OK);
    CHECK_RC(sigma_bsm_verify_n(bp, msg, mn, b->signature_base64, strlen(b->signature_base64) - 1, SIGMA_POLICY_STRICT),
             SIGMA_INVALID_BASE64);
  }
  free(msg);
  FREE_PUB(bp);
  for (size_t i = 0; i < COUNT(BRC42_VECTORS); i++) {
    const brc42_vector *bv = &BRC42_VECTORS[i];
    sigma_private_key *own = priv_from_hex(bv->own_priv_hex);
    sigma_public_key *cp = pub_from_hex(bv->other_pub_hex);
    char hex[67];
    if (bv->is_private) {
      CHECK_RC(sigma_brc42_derive_private_key_n(own, cp, bv->invoice, strlen(bv->invoice), &pk_out), SIGMA_OK);
      uint8_t sc[32];
      CHECK_RC(sigma_private_key_to_bytes(pk_out, sc, 32, &w), SIGMA_OK);
      hex_encode(sc, 32, hex);
      FREE_PRIV(pk_out);
    } else {
      CHECK_RC(sigma_brc42_derive_public_key_n(own, cp, bv->invoice, strlen(bv->invoice), &pub_out), SIGMA_OK);
      pub_hex(pub_out, hex);
      FREE_PUB(pub_out);
    }
    CHECK(strcmp(hex, bv->expected_hex) == 0, "brc42 _n %zu", i);
    FREE_PRIV(own);
    FREE_PUB(cp);
  }

  /* lengths above PTRDIFF_MAX are refused before anything is read, for every counted input */
  static const size_t bad_lens[] = {(size_t)PTRDIFF_MAX + 1, SIZE_MAX};
  for (size_t i = 0; i < COUNT(bad_lens); i++) {
    const size_t n = bad_lens[i];
    const uint8_t *bytes = (const uint8_t *)"x";
    CHECK_RC(sigma_verifier_verify(v, CREATION_VECTORS[0].token, "/", bytes, n, NULL, now, &out), SIGMA_INVALID_INPUT);
    CHECK(out.result == SIGMA_INVALID_INPUT, "out says why");
    CHECK_RC(sigma_verifier_verify_n(v, "x", n, "/", 1, NULL, 0, NULL, 0, now, &out), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_verifier_verify_n(v, "x", 1, "/", n, NULL, 0, NULL, 0, now, &out), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_verifier_verify_n(v, "x", 1, "/", 1, NULL, 0, "utf8", n, now, &out), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_verifier_verify_now_n(v, "x", n, "/", 1, NULL, 0, NULL, 0, &out), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_token_parse_n("x", n, &(sigma_token_fields){0}), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_token_create(k, "/", SIGMA_SCHEME_BSM, now, bytes, n, NULL, id, token, sizeof token, &w),
             SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_token_create_n(k, "/", n, SIGMA_SCHEME_BSM, now, NULL, 0, NULL, 0, id, token, sizeof token, &w),
             SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_token_create_random_n(k, "/", 1, SIGMA_SCHEME_BSM, now, NULL, 0, "hex", n, token, sizeof token, &w),
             SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_token_create(k, "/", SIGMA_SCHEME_BSM, now, NULL, 0, NULL, id, token, n, &w), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_private_key_from_wif_n("x", n, &pk_out), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_private_key_from_bytes(bytes, n, &pk_out), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_public_key_from_hex_n("x", n, &pub_out), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_public_key_from_sec1(bytes, n, &pub_out), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_bsm_sign(k, bytes, n, token, sizeof token, &w), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_bsm_verify(p, bytes, n, "x", SIGMA_POLICY_STRICT), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_bsm_verify_n(p, bytes, 1, "x", n, SIGMA_POLICY_STRICT), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_brc42_derive_private_key_n(k, other, "x", n, &pk_out), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_brc42_derive_public_key_n(k, other, "x", n, &pub_out), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_brc77_sign(k, bytes, n, NULL, id, (uint8_t *)token, sizeof token, &w), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_brc77_verify(bytes, 1, bytes, n, NULL, SIGMA_POLICY_STRICT, &pub_out), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_brc78_encrypt_random(k, other, bytes, n, (uint8_t *)token, sizeof token, &w), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_brc78_decrypt(k, bytes, n, (uint8_t *)token, sizeof token, &w, &pub_out), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_symmetric_encrypt_random(bytes, n, NULL, 0, (uint8_t *)token, sizeof token, &w), SIGMA_INVALID_INPUT);
    CHECK_RC(sigma_symmetric_decrypt(id, 32, bytes, n, (uint8_t *)token, sizeof token, &w), SIGMA_INVALID_INPUT);
  }
  CHECK(pk_out == NULL && pub_out == NULL, "no handle out of a refused call");

  /* counted text that is not UTF-8, and NULL with a length */
  CHECK_RC(sigma_verifier_verify_n(v, "\xff|bsm|x|/|y", 11, "/", 1, NULL, 0, NULL, 0, now, &out), SIGMA_INVALID_INPUT);
  CHECK_RC(sigma_verifier_verify_n(v, "a", 1, "/\xc3", 2, NULL, 0, NULL, 0, now, &out), SIGMA_INVALID_INPUT);
  CHECK_RC(sigma_private_key_from_wif_n("\xc3\x28", 2, &pk_out), SIGMA_INVALID_INPUT);
  CHECK_RC(sigma_verifier_verify_n(v, NULL, 5, "/", 1, NULL, 0, NULL, 0, now, &out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_verifier_verify_n(v, NULL, 0, "/", 1, NULL, 0, NULL, 0, now, &out), SIGMA_MALFORMED_TOKEN);
  CHECK_RC(sigma_token_create_n(k, NULL, 1, SIGMA_SCHEME_BSM, now, NULL, 0, NULL, 0, id, token, sizeof token, &w),
           SIGMA_NULL_PARAMETER);
  /* NULL/0 path is the empty path; an empty (non-NULL) encoding is not "none" */
  CHECK_RC(sigma_token_create_n(k, NULL, 0, SIGMA_SCHEME_BSM, now, NULL, 0, NULL, 0, id, token, sizeof token, &w), SIGMA_OK);
  CHECK_RC(sigma_verifier_verify_n(v, token, w, "", 0, NULL, 0, NULL, 0, now, &out), SIGMA_OK);
  CHECK_RC(sigma_verifier_verify_n(v, token, w, "", 0, NULL, 0, "", 0, now, &out), SIGMA_UNSUPPORTED_BODY_ENCODING);

  FREE_PRIV(k);
  FREE_PUB(p);
  FREE_PUB(other);
  sigma_verifier_free(v);
}

/* The two-call pattern (ask the size, then create with exactly that capacity) never fails,
   although the random BRC-77 key ID changes the length of the DER signature inside. */
static void test_two_call(long rounds) {
  sigma_private_key *k = priv_from_hex(KEYS[0].priv_hex);
  const int64_t now = 1736942400000LL;
  long failed = 0, shorter = 0;
  size_t longest = 0, shortest = SIZE_MAX;
  for (long i = 0; i < rounds; i++) {
    size_t need = 0, w = 0;
    sigma_result rc = sigma_token_create_random(k, "/api/a", SIGMA_SCHEME_BRC77, now, NULL, 0, NULL, NULL, 0, &need);
    if (rc != SIGMA_BUFFER_TOO_SMALL || need == 0 || need > 512) {
      failed++;
      continue;
    }
    char buf[512];
    rc = sigma_token_create_random(k, "/api/a", SIGMA_SCHEME_BRC77, now, NULL, 0, NULL, buf, need, &w);
    if (rc != SIGMA_OK || w + 1 > need) failed++;
    if (rc == SIGMA_OK) {
      if (w + 1 < need) shorter++;
      if (w > longest) longest = w;
      if (w < shortest) shortest = w;
    }
  }
  CHECK(failed == 0, "two-call pattern failed %ld times in %ld", failed, rounds);
  printf("  two-call token creation: %ld rounds, %ld failures, %ld tokens shorter than the size given, lengths %zu..%zu\n",
         rounds, failed, shorter, shortest, longest);
  /* brc77_sign_random: the same promise for the raw envelope */
  const uint8_t msg[] = "m";
  long sign_failed = 0;
  for (long i = 0; i < rounds; i++) {
    size_t need = 0, w = 0;
    uint8_t env[256];
    if (sigma_brc77_sign_random(k, msg, 1, NULL, NULL, 0, &need) != SIGMA_BUFFER_TOO_SMALL || need > sizeof env ||
        sigma_brc77_sign_random(k, msg, 1, NULL, env, need, &w) != SIGMA_OK)
      sign_failed++;
  }
  CHECK(sign_failed == 0, "two-call brc77 signing failed %ld times", sign_failed);
  FREE_PRIV(k);
}

static void test_misuse(void) {
  sigma_private_key *k = priv_from_hex(KEYS[0].priv_hex), *pk_out = NULL;
  sigma_public_key *p = pub_from_hex(KEYS[0].pub_hex), *pub_out = NULL;
  sigma_verifier *v = new_verifier(300, 300, SIGMA_POLICY_STRICT), *v_out = NULL;
  const creation_vector *cv = &CREATION_VECTORS[0];
  const char *tok = cv->token;
  uint8_t id[32] = {0}, bytes[200];
  char buf[600];
  size_t w = 0;
  bool eq;
  sigma_verification out;
  sigma_token_fields fields;
  const uint8_t msg[] = "m";

  /* NULL for every required pointer argument */
  CHECK_RC(sigma_private_key_from_wif(NULL, &pk_out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_private_key_from_wif(KEYS[0].wif, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_private_key_from_bytes(NULL, 32, &pk_out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_private_key_from_bytes(id, 32, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_private_key_generate(NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_private_key_public_key(NULL, &pub_out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_private_key_public_key(k, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_private_key_to_wif(NULL, 0, buf, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_private_key_to_wif(k, 0, NULL, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_private_key_to_wif(k, 0, buf, sizeof buf, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_private_key_to_bytes(NULL, bytes, 32, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_private_key_to_bytes(k, NULL, 32, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_private_key_to_bytes(k, bytes, 32, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_private_key_address(NULL, 0, buf, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_private_key_address(k, 0, NULL, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_private_key_address(k, 0, buf, sizeof buf, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_public_key_from_hex(NULL, &pub_out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_public_key_from_hex(KEYS[0].pub_hex, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_public_key_from_sec1(NULL, 33, &pub_out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_public_key_from_sec1(bytes, 33, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_public_key_to_compressed(NULL, bytes, 33, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_public_key_to_compressed(p, NULL, 33, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_public_key_to_compressed(p, bytes, 33, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_public_key_to_hex(NULL, buf, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_public_key_to_hex(p, NULL, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_public_key_to_hex(p, buf, sizeof buf, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_public_key_address(NULL, 0, buf, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_public_key_address(p, 0, NULL, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_public_key_address(p, 0, buf, sizeof buf, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_public_key_equal(NULL, p, &eq), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_public_key_equal(p, NULL, &eq), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_public_key_equal(p, p, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_token_create(NULL, "/", 0, 0, NULL, 0, NULL, id, buf, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_token_create(k, NULL, 0, 0, NULL, 0, NULL, id, buf, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_token_create(k, "/", 0, 0, NULL, 3, NULL, id, buf, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_token_create(k, "/", 0, 0, NULL, 0, NULL, NULL, buf, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_token_create(k, "/", 0, 0, NULL, 0, NULL, id, NULL, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_token_create(k, "/", 0, 0, NULL, 0, NULL, id, buf, sizeof buf, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_token_create_random(NULL, "/", 0, 0, NULL, 0, NULL, buf, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_token_create_random(k, NULL, 0, 0, NULL, 0, NULL, buf, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_token_create_random(k, "/", 0, 0, NULL, 0, NULL, NULL, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_token_create_random(k, "/", 0, 0, NULL, 0, NULL, buf, sizeof buf, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_token_parse(NULL, &fields), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_token_parse(tok, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_verifier_new(1, 1, 0, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_verifier_verify(NULL, tok, "/", NULL, 0, NULL, 0, &out), SIGMA_NULL_PARAMETER);
  CHECK(!out.valid && out.result == SIGMA_NULL_PARAMETER, "out says why");
  CHECK_RC(sigma_verifier_verify(v, NULL, "/", NULL, 0, NULL, 0, &out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_verifier_verify(v, tok, NULL, NULL, 0, NULL, 0, &out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_verifier_verify(v, tok, "/", NULL, 1, NULL, 0, &out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_verifier_verify(v, tok, "/", NULL, 0, NULL, 0, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_verifier_verify_now(NULL, tok, "/", NULL, 0, NULL, &out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_verifier_verify_now(v, tok, "/", NULL, 0, NULL, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_bsm_sign(NULL, msg, 1, buf, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_bsm_sign(k, NULL, 1, buf, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_bsm_sign(k, msg, 1, NULL, sizeof buf, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_bsm_sign(k, msg, 1, buf, sizeof buf, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_bsm_verify(NULL, msg, 1, "x", 0), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_bsm_verify(p, NULL, 1, "x", 0), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_bsm_verify(p, msg, 1, NULL, 0), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc42_derive_private_key(NULL, p, "x", &pk_out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc42_derive_private_key(k, NULL, "x", &pk_out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc42_derive_private_key(k, p, NULL, &pk_out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc42_derive_private_key(k, p, "x", NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc42_derive_public_key(NULL, p, "x", &pub_out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc42_derive_public_key(k, NULL, "x", &pub_out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc42_derive_public_key(k, p, NULL, &pub_out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc42_derive_public_key(k, p, "x", NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc77_sign(NULL, msg, 1, NULL, id, bytes, sizeof bytes, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc77_sign(k, NULL, 1, NULL, id, bytes, sizeof bytes, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc77_sign(k, msg, 1, NULL, NULL, bytes, sizeof bytes, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc77_sign(k, msg, 1, NULL, id, NULL, sizeof bytes, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc77_sign(k, msg, 1, NULL, id, bytes, sizeof bytes, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc77_sign_random(NULL, msg, 1, NULL, bytes, sizeof bytes, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc77_sign_random(k, msg, 1, NULL, bytes, sizeof bytes, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc77_verify(NULL, 1, bytes, 10, NULL, 0, &pub_out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc77_verify(msg, 1, NULL, 10, NULL, 0, &pub_out), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_brc77_verify(msg, 1, bytes, 10, NULL, 0, NULL), SIGMA_NULL_PARAMETER);
  CHECK(pk_out == NULL && pub_out == NULL && v_out == NULL, "no handle leaked out of a refused call");
  sigma_private_key_free(NULL); /* documented no-ops */
  sigma_public_key_free(NULL);
  sigma_verifier_free(NULL);

  /* unknown enum values */
  CHECK_RC(sigma_verifier_new(1, 1, 7, &v_out), SIGMA_INVALID_INPUT);
  CHECK_RC(sigma_private_key_to_wif(k, 2, buf, sizeof buf, &w), SIGMA_INVALID_INPUT);
  CHECK_RC(sigma_token_create(k, "/", 9, 0, NULL, 0, NULL, id, buf, sizeof buf, &w), SIGMA_INVALID_INPUT);
  CHECK_RC(sigma_bsm_verify(p, msg, 1, "x", 5), SIGMA_INVALID_INPUT);

  /* too-small output buffers report the size needed */
  const size_t need = strlen(cv->token) + 1;
  CHECK_RC(sigma_token_create(k, cv->path, SIGMA_SCHEME_BSM, cv->timestamp_ms, NULL, 0, NULL, id, NULL, 0, &w),
           SIGMA_BUFFER_TOO_SMALL);
  CHECK(w == need, "size query: %zu, want %zu", w, need);
  memset(buf, 'x', sizeof buf);
  CHECK_RC(sigma_token_create(k, cv->path, SIGMA_SCHEME_BSM, cv->timestamp_ms, NULL, 0, NULL, id, buf, need - 1, &w),
           SIGMA_BUFFER_TOO_SMALL);
  CHECK(w == need && buf[0] == 0 && buf[1] == 'x', "one byte short: written %zu", w);
  CHECK_RC(sigma_token_create(k, cv->path, SIGMA_SCHEME_BSM, cv->timestamp_ms, NULL, 0, NULL, id, buf, need, &w), SIGMA_OK);
  CHECK(w == need - 1 && strcmp(buf, cv->token) == 0, "exact fit");
  CHECK_RC(sigma_private_key_to_wif(k, 0, buf, 10, &w), SIGMA_BUFFER_TOO_SMALL);
  CHECK(w == 53, "wif needs 53, got %zu", w);
  CHECK_RC(sigma_public_key_to_hex(p, buf, 66, &w), SIGMA_BUFFER_TOO_SMALL);
  CHECK(w == 67, "hex needs 67");
  CHECK_RC(sigma_public_key_to_compressed(p, bytes, 32, &w), SIGMA_BUFFER_TOO_SMALL);
  CHECK(w == 33, "sec1 needs 33");
  CHECK_RC(sigma_private_key_to_bytes(k, NULL, 0, &w), SIGMA_BUFFER_TOO_SMALL);
  CHECK(w == 32, "scalar needs 32");
  CHECK_RC(sigma_bsm_sign(k, msg, 1, buf, 88, &w), SIGMA_BUFFER_TOO_SMALL);
  CHECK(w == 89, "bsm needs 89");
  CHECK_RC(sigma_brc77_sign(k, msg, 1, NULL, id, bytes, 10, &w), SIGMA_BUFFER_TOO_SMALL);
  const size_t brc77_need = w;
  CHECK_RC(sigma_brc77_sign(k, msg, 1, NULL, id, bytes, brc77_need, &w), SIGMA_OK);
  CHECK(w == brc77_need && w > 100, "brc77 size %zu", w);

  /* zero lengths */
  CHECK_RC(sigma_bsm_sign(k, NULL, 0, buf, sizeof buf, &w), SIGMA_OK);
  CHECK_RC(sigma_bsm_verify(p, NULL, 0, buf, SIGMA_POLICY_STRICT), SIGMA_OK);
  CHECK_RC(sigma_brc77_verify(msg, 1, NULL, 0, NULL, 0, &pub_out), SIGMA_VERSION_MISMATCH);
  CHECK_RC(sigma_token_create(k, "", SIGMA_SCHEME_BSM, cv->timestamp_ms, NULL, 0, NULL, id, buf, sizeof buf, &w), SIGMA_OK);
  CHECK_RC(verify(v, buf, "", "", NULL, cv->timestamp_ms, &out), SIGMA_OK);
  CHECK_RC(verify(v, "", "", NULL, NULL, cv->timestamp_ms, &out), SIGMA_MALFORMED_TOKEN);
  CHECK_RC(sigma_token_create(k, "/a|b", SIGMA_SCHEME_BSM, 0, NULL, 0, NULL, id, buf, sizeof buf, &w), SIGMA_INVALID_INPUT);
  CHECK_RC(sigma_token_create(k, "/", SIGMA_SCHEME_BSM, 0, (const uint8_t *)"xyz", 3, "hex", id, buf, sizeof buf, &w),
           SIGMA_INVALID_HEX);
  CHECK_RC(sigma_token_create(k, "/", SIGMA_SCHEME_BSM, 0, NULL, 0, "latin1", id, buf, sizeof buf, &w),
           SIGMA_UNSUPPORTED_BODY_ENCODING);

  /* truncated tokens: every prefix is refused */
  const size_t tlen = strlen(tok);
  char *cut = malloc(tlen + 1);
  for (size_t n = 0; n < tlen; n++) {
    memcpy(cut, tok, n);
    cut[n] = 0;
    sigma_result rc = verify(v, cut, cv->verify_path, NULL, NULL, cv->verify_now_ms, &out);
    CHECK(rc != SIGMA_OK && !out.valid, "prefix %zu accepted", n);
  }
  free(cut);

  /* oversized tokens (1 MiB): refused with the right code, no crash */
  const size_t big = 1u << 20;
  char *huge = malloc(tlen + big + 1);
  memcpy(huge, tok, tlen);
  memset(huge + tlen, 'A', big);
  huge[tlen + big] = 0;
  CHECK_RC(verify(v, huge, cv->verify_path, NULL, NULL, cv->verify_now_ms, &out), SIGMA_BAD_SIGNATURE_ENCODING);
  memset(huge, '|', tlen + big);
  CHECK_RC(verify(v, huge, cv->verify_path, NULL, NULL, cv->verify_now_ms, &out), SIGMA_MALFORMED_TOKEN);
  CHECK_RC(sigma_token_parse(huge, &fields), SIGMA_MALFORMED_TOKEN);
  free(huge);

  /* text that is not UTF-8 */
  CHECK_RC(verify(v, "\xff\xfe|bsm|x|/|y", "/", NULL, NULL, 0, &out), SIGMA_INVALID_INPUT);
  CHECK_RC(sigma_public_key_from_hex("\xc3", &pub_out), SIGMA_INVALID_INPUT);
  /* a body that is not text, declared hex */
  const uint8_t bin[] = {0xff, 0x00, 0x01};
  CHECK_RC(sigma_verifier_verify(v, tok, cv->verify_path, bin, 3, "hex", cv->verify_now_ms, &out), SIGMA_BAD_BODY);
  /* a binary utf8 body is hashed as bytes */
  CHECK_RC(sigma_token_create(k, "/bin", SIGMA_SCHEME_BSM, cv->timestamp_ms, bin, 3, NULL, id, buf, sizeof buf, &w), SIGMA_OK);
  CHECK_RC(sigma_verifier_verify(v, buf, "/bin", bin, 3, "utf8", cv->timestamp_ms, &out), SIGMA_OK);
  CHECK_RC(sigma_verifier_verify(v, buf, "/bin", bin, 2, "utf8", cv->timestamp_ms, &out), SIGMA_INVALID_SIGNATURE);
  /* timestamps out of range */
  CHECK_RC(sigma_token_create(k, "/", SIGMA_SCHEME_BSM, INT64_MAX, NULL, 0, NULL, id, buf, sizeof buf, &w),
           SIGMA_INVALID_TIMESTAMP);
  CHECK_RC(verify(v, tok, cv->verify_path, NULL, NULL, INT64_MIN, &out), SIGMA_INVALID_TIMESTAMP);
  /* verify_now: a token made now passes, the 2025 vector has expired */
  CHECK_RC(sigma_verifier_verify_now(v, tok, cv->verify_path, NULL, 0, NULL, &out), SIGMA_EXPIRED);

  FREE_PRIV(k);
  FREE_PUB(p);
  sigma_verifier_free(v);
  v = NULL;
  sigma_verifier_free(v); /* the NULL we left behind: a no-op, not a double free */
}

/* ECIES-Electrum and friend encryption. Expected values are copied from
 * tests/vectors/identity.json friend_encryption (made by @bsv/sdk 2.1.0 and bsv-bap 0.1.24). */
#define K1_HEX "0101010101010101010101010101010101010101010101010101010101010101"
#define K2_HEX "0202020202020202020202020202020202020202020202020202020202020202"
#define K3_HEX "0000000000000000000000000000000000000000000000000000000000000003"
static const char ECIES_VALID[] = "4249453102f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f926d5379f332fc1b83c251f6ad63db2de6c1177cba8678904336bafce99fe29ce7d72270c5fcffe653bab2d694472b7be"; /* ecies_decrypt_cases[valid] */
static const char ECIES_NO_KEY[] = "4249453126d5379f332fc1b83c251f6ad63db2de1e625bfc1c4a14c6e80c25e0dc0e6d73b3ddffcc495dd7c0f240e657ff02d995"; /* [no_key_variant_with_sender_pub] */
static const char BAP_A_ID[] = "4Q59vsgaNvBsoVx1rR8TVVmcn9RP", BAP_B_ID[] = "4VQCRkX1kyxekUAq4j5Z8Ccyr7fp";
static const char BAP_A_FRIEND_PUB[] = "039d1f8813a8aef4b33de6724ba5b05d30d13d72bfc458bd8b6c27af45a315db8b", BAP_B_FRIEND_PUB[] = "038c6598ac7dee800e23db100d4b0ef7199d0f5cfacbe4dee9a2c68556cd5125c8";
static const char BAP_CT[] = "42494531039d1f8813a8aef4b33de6724ba5b05d30d13d72bfc458bd8b6c27af45a315db8b6d8ac663b756e5a2e35513ec9d1f0a038a657232c7083718e29a0a1590d66742ec53da56fc6b23d236c534e82a26fd62baace5a1c4cfa04a677ea1152b17215c"; /* bsv_bap_member.ciphertext_hex */
static const char BAP_PLAIN[] = "Hello friend! \xc3\xa9\xf0\x9f\x98\x80";
static const char TP_MASTER[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", TP_FRIEND_ID[] = "4VQCRkX1kyxekUAq4j5Z8Ccyr7fp", TP_FRIEND_PUB[] = "023b48db7604a7bf0826abf4ed7c65841cd0afb1782217221eb604228643d59788";
static const char TP_SELF_CT[] = "4249453102f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f97a7279ba571b82978c395605cf2914f7ba69876899dc1118a0e72b3c19295ed8532aa45730a9cb904d696ab4c00cceb6";

static void test_ecies_friend(void) {
  sigma_private_key *k1 = priv_from_hex(K1_HEX), *k2 = priv_from_hex(K2_HEX), *k3 = priv_from_hex(K3_HEX);
  sigma_public_key *k2_pub = NULL, *k3_pub = NULL;
  CHECK_RC(sigma_private_key_public_key(k2, &k2_pub), SIGMA_OK);
  CHECK_RC(sigma_private_key_public_key(k3, &k3_pub), SIGMA_OK);
  size_t vn, nn, w;
  uint8_t *valid = hex_decode(ECIES_VALID, &vn), *nokey = hex_decode(ECIES_NO_KEY, &nn);
  uint8_t out[256], plain[256];
  /* K3 -> K2 "abc": the reference's bytes, with and without the key */
  CHECK_RC(sigma_ecies_encrypt(k3, k2_pub, (const uint8_t *)"abc", 3, false, out, sizeof out, &w), SIGMA_OK);
  CHECK(w == vn && memcmp(out, valid, vn) == 0, "ecies: byte-exact embedded");
  CHECK_RC(sigma_ecies_encrypt(k3, k2_pub, (const uint8_t *)"abc", 3, true, out, sizeof out, &w), SIGMA_OK);
  CHECK(w == nn && memcmp(out, nokey, nn) == 0, "ecies: byte-exact no key");
  CHECK_RC(sigma_ecies_encrypt(k3, k2_pub, (const uint8_t *)"abc", 3, false, out, vn - 1, &w), SIGMA_BUFFER_TOO_SMALL);
  CHECK(w == vn, "ecies: size needed %zu", w);
  CHECK_RC(sigma_ecies_decrypt(k2, valid, vn, NULL, false, plain, sizeof plain, &w), SIGMA_OK);
  CHECK(w == 3 && memcmp(plain, "abc", 3) == 0, "ecies: opened");
  CHECK_RC(sigma_ecies_decrypt(k2, valid, vn, k3_pub, false, plain, sizeof plain, &w), SIGMA_OK);
  CHECK_RC(sigma_ecies_decrypt(k2, valid, vn, k2_pub, false, plain, sizeof plain, &w), SIGMA_DECRYPTION_FAILED);
  CHECK_RC(sigma_ecies_decrypt(k2, nokey, nn, k3_pub, true, plain, sizeof plain, &w), SIGMA_OK);
  CHECK(w == 3 && memcmp(plain, "abc", 3) == 0, "ecies: no key opened");
  CHECK_RC(sigma_ecies_decrypt(k2, nokey, nn, NULL, true, plain, sizeof plain, &w), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_ecies_decrypt(k2, nokey, nn, NULL, false, plain, sizeof plain, &w), SIGMA_DECRYPTION_FAILED);
  for (size_t i = 0; i < vn; i++) { /* every byte changed */
    valid[i] ^= 1;
    CHECK_RC(sigma_ecies_decrypt(k2, valid, vn, NULL, false, plain, sizeof plain, &w),
             i < 4 ? SIGMA_VERSION_MISMATCH : SIGMA_DECRYPTION_FAILED);
    valid[i] ^= 1;
  }
  CHECK_RC(sigma_ecies_decrypt(k2, valid, 60, NULL, false, plain, sizeof plain, &w), SIGMA_INVALID_LENGTH);
  CHECK_RC(sigma_ecies_encrypt_random(k2_pub, (const uint8_t *)"abc", 3, out, sizeof out, &w), SIGMA_OK);
  CHECK(w == vn && memcmp(out, valid, vn) != 0, "ecies: random key differs");
  CHECK_RC(sigma_ecies_decrypt(k2, out, w, NULL, false, plain, sizeof plain, &w), SIGMA_OK);

  /* bsv-bap MemberID friend encryption */
  sigma_public_key *fp = NULL, *b_pub = pub_from_hex(BAP_B_FRIEND_PUB), *a_pub = pub_from_hex(BAP_A_FRIEND_PUB);
  char hex[67];
  CHECK_RC(sigma_friend_public_key(k1, BAP_B_ID, SIGMA_FRIEND_MODE_BAP_MEMBER, &fp), SIGMA_OK);
  pub_hex(fp, hex);
  CHECK(strcmp(hex, BAP_A_FRIEND_PUB) == 0, "friend pub %s", hex);
  FREE_PUB(fp);
  CHECK_RC(sigma_friend_public_key_n(k1, BAP_B_ID, strlen(BAP_B_ID), SIGMA_FRIEND_MODE_BAP_MEMBER, &fp), SIGMA_OK);
  pub_hex(fp, hex);
  CHECK(strcmp(hex, BAP_A_FRIEND_PUB) == 0, "friend pub _n %s", hex);
  FREE_PUB(fp);
  CHECK_RC(sigma_friend_public_key(k1, BAP_B_ID, 9, &fp), SIGMA_INVALID_INPUT);
  CHECK(fp == NULL, "no key on error");
  size_t cn;
  uint8_t *bap_ct = hex_decode(BAP_CT, &cn);
  CHECK_RC(sigma_friend_encrypt(k1, BAP_B_ID, SIGMA_FRIEND_MODE_BAP_MEMBER, b_pub, (const uint8_t *)BAP_PLAIN,
                                strlen(BAP_PLAIN), out, sizeof out, &w), SIGMA_OK);
  CHECK(w == cn && memcmp(out, bap_ct, cn) == 0, "friend: byte-exact with bsv-bap");
  CHECK_RC(sigma_friend_decrypt(k2, BAP_A_ID, SIGMA_FRIEND_MODE_BAP_MEMBER, a_pub, bap_ct, cn, plain, sizeof plain, &w),
           SIGMA_OK);
  CHECK(w == strlen(BAP_PLAIN) && memcmp(plain, BAP_PLAIN, w) == 0, "friend: opened");
  CHECK_RC(sigma_friend_decrypt_n(k2, BAP_A_ID, strlen(BAP_A_ID), SIGMA_FRIEND_MODE_BAP_MEMBER, NULL, bap_ct, cn, plain,
                                  sizeof plain, &w), SIGMA_OK);
  CHECK_RC(sigma_friend_decrypt(k2, BAP_B_ID, SIGMA_FRIEND_MODE_BAP_MEMBER, NULL, bap_ct, cn, plain, sizeof plain, &w),
           SIGMA_DECRYPTION_FAILED);
  CHECK_RC(sigma_friend_encrypt(k1, "", SIGMA_FRIEND_MODE_BAP_MEMBER, b_pub, (const uint8_t *)"x", 1, out, sizeof out, &w),
           SIGMA_INVALID_INPUT);

  /* TokenPass: the friend key, a note to self from the vectors, and a fresh one */
  sigma_private_key *master = priv_from_hex(TP_MASTER);
  CHECK_RC(sigma_friend_public_key(master, TP_FRIEND_ID, SIGMA_FRIEND_MODE_TOKENPASS_PEER, &fp), SIGMA_OK);
  pub_hex(fp, hex);
  CHECK(strcmp(hex, TP_FRIEND_PUB) == 0, "tokenpass friend pub %s", hex);
  size_t tn;
  uint8_t *tp_ct = hex_decode(TP_SELF_CT, &tn);
  CHECK_RC(sigma_friend_decrypt(master, TP_FRIEND_ID, SIGMA_FRIEND_MODE_TOKENPASS_SELF, NULL, tp_ct, tn, plain,
                                sizeof plain, &w), SIGMA_OK);
  CHECK(w == 11 && memcmp(plain, "self secret", 11) == 0, "tokenpass self opened");
  CHECK_RC(sigma_friend_decrypt(master, TP_FRIEND_ID, SIGMA_FRIEND_MODE_TOKENPASS_SELF, a_pub, tp_ct, tn, plain,
                                sizeof plain, &w), SIGMA_INVALID_INPUT);
  /* K2 writes to the master's signer (K2's BAP ID is TP_FRIEND_ID); the master opens it */
  CHECK_RC(sigma_friend_encrypt(k2, "any", SIGMA_FRIEND_MODE_TOKENPASS_PEER, fp, (const uint8_t *)"hey", 3, out,
                                sizeof out, &w), SIGMA_OK);
  CHECK_RC(sigma_friend_decrypt(master, TP_FRIEND_ID, SIGMA_FRIEND_MODE_TOKENPASS_PEER, NULL, out, w, plain,
                                sizeof plain, &w), SIGMA_OK);
  CHECK(w == 3 && memcmp(plain, "hey", 3) == 0, "tokenpass peer opened");
  CHECK_RC(sigma_friend_encrypt(k2, "any", SIGMA_FRIEND_MODE_TOKENPASS_PEER, NULL, (const uint8_t *)"hey", 3, out,
                                sizeof out, &w), SIGMA_INVALID_INPUT);
  FREE_PUB(fp);
  FREE_PUB(a_pub);
  FREE_PUB(b_pub);
  FREE_PUB(k2_pub);
  FREE_PUB(k3_pub);
  FREE_PRIV(master);
  FREE_PRIV(k1);
  FREE_PRIV(k2);
  FREE_PRIV(k3);
  free(valid);
  free(nokey);
  free(bap_ct);
  free(tp_ct);
}

/* The in-memory replay guard: first use, replay, full (capacity 2), expiry, a refused
 * verification, NULLs; under valgrind like everything here. */
static void test_replay_guard(void) {
  const int64_t now = 1736942400000; /* 2025-01-15T12:00:00Z */
  sigma_verifier *v = new_verifier(300, 300, SIGMA_POLICY_STRICT);
  sigma_replay_guard *g = NULL;
  CHECK_RC(sigma_replay_guard_new(v, 2, &g), SIGMA_OK);
  sigma_private_key *k = NULL;
  CHECK_RC(sigma_private_key_generate(&k), SIGMA_OK);
  const char *paths[3] = {"/a", "/b", "/c"};
  sigma_verification outs[3];
  for (int i = 0; i < 3; i++) {
    char token[512];
    size_t w = 0;
    const uint8_t key_id[32] = {0};
    CHECK_RC(sigma_token_create(k, paths[i], SIGMA_SCHEME_BSM, now, NULL, 0, NULL, key_id, token, sizeof token, &w),
             SIGMA_OK);
    CHECK_RC(verify(v, token, paths[i], NULL, NULL, now, &outs[i]), SIGMA_OK);
  }
  CHECK_RC(sigma_replay_guard_check(g, &outs[0], now), SIGMA_OK);
  CHECK_RC(sigma_replay_guard_check(g, &outs[0], now), SIGMA_REPLAYED);
  CHECK_RC(sigma_replay_guard_check(g, &outs[1], now), SIGMA_OK);
  CHECK_RC(sigma_replay_guard_check(g, &outs[2], now), SIGMA_REPLAY_STORE_FULL);
  CHECK_RC(sigma_replay_guard_check(g, &outs[0], now + 301000), SIGMA_OK); /* past the window */
  sigma_verification refused;
  CHECK(verify(v, "not a token", "/a", NULL, NULL, now, &refused) != SIGMA_OK, "refused");
  CHECK_RC(sigma_replay_guard_check(g, &refused, now), SIGMA_INVALID_INPUT);
  CHECK_RC(sigma_replay_guard_check(NULL, &outs[0], now), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_replay_guard_check(g, NULL, now), SIGMA_NULL_PARAMETER);
  CHECK(strcmp(sigma_result_code(SIGMA_REPLAY_STORE_UNAVAILABLE), "replay_store_unavailable") == 0, "code 17");
  sigma_replay_guard_free(g);
  sigma_replay_guard_free(NULL);
  FREE_PRIV(k);
  sigma_verifier_free(v);
}

/* BAP: IDs, the attestation hash and the attestation check on bap.attestation.counter0 of
   tests/vectors/identity.json (bsv-bap 0.1.24), its pushes after OP_RETURN copied here. */
static void test_bap(void) {
  static const char *counter0[9] = {
      "31424150537561506e66476e53424d33474c56397968785564596534764762644d54",
      "415454455354",
      "66393965663735343661643861393866656261643931393833633538343766663238306361643730636333333662"
      "376638333133643638626331626232363332",
      "30",
      "7c",
      "313550636948473232534e4c514a584d6f5355615756693757537163376843667661",
      "424954434f494e5f4543445341",
      "314a727747485a3744477548727266456777514172574e7677684a70356b37517547",
      "20e97561d24b9ddc45ae9f8511c9acbac161ff68e0afd14b4b4f6b21602328bfc56ad18f7cb5298e185144796a13c1da"
      "f8e4edfccfb7ffac6d9384ee4590e4ad6e",
  };
  const char *hash = "f99ef7546ad8a98febad91983c5847ff280cad70cc336b7f8313d68bc1bb2632";
  char buf[80];
  size_t w = 0;
  CHECK_RC(sigma_bap_id_from_address("1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaD", buf, sizeof buf, &w), SIGMA_OK);
  CHECK(strcmp(buf, "4Q59vsgaNvBsoVx1rR8TVVmcn9RP") == 0 && w == 28, "bap id %s", buf);
  CHECK_RC(sigma_bap_id_from_address("1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaE", buf, sizeof buf, &w),
           SIGMA_INVALID_ADDRESS);
  CHECK_RC(sigma_bap_attestation_hash("name", "John Doe",
                                      "e2c6fb4063cc04af58935737eaffc938011dff546d47b7fbb18ed346f8c4d4fa",
                                      "GXquXd8cXBZoahkpqrLRsuWA7qe", buf, sizeof buf, &w),
           SIGMA_OK);
  CHECK(strcmp(buf, hash) == 0 && w == 64, "hash %s", buf);
  uint8_t *pushes[9];
  size_t lens[9];
  for (int i = 0; i < 9; i++) pushes[i] = hex_decode(counter0[i], &lens[i]);
  sigma_bap_attestation att;
  CHECK_RC(sigma_bap_check_attestation((const uint8_t *const *)pushes, lens, 9, "name", "John Doe",
                                       "e2c6fb4063cc04af58935737eaffc938011dff546d47b7fbb18ed346f8c4d4fa",
                                       "GXquXd8cXBZoahkpqrLRsuWA7qe", &att),
           SIGMA_OK);
  CHECK(att.kind == SIGMA_BAP_KIND_ATTEST && att.sequence == 0 && !att.has_data, "attestation fields");
  CHECK(strcmp(att.hash, hash) == 0, "hash %s", att.hash);
  CHECK(strcmp(att.address, "1JrwGHZ7DGuHrrfEgwQArWNvwhJp5k7QuG") == 0, "address %s", att.address);
  /* tampered sequence, a trailing push, a wrong subject, a partial subject */
  uint8_t seven = '7';
  uint8_t *saved = pushes[3];
  pushes[3] = &seven;
  CHECK_RC(sigma_bap_check_attestation((const uint8_t *const *)pushes, lens, 9, NULL, NULL, NULL, NULL, &att),
           SIGMA_AIP_INVALID_SIGNATURE);
  pushes[3] = saved;
  CHECK_RC(sigma_bap_check_attestation((const uint8_t *const *)pushes, lens, 8, NULL, NULL, NULL, NULL, &att),
           SIGMA_BAP_LAYOUT);
  CHECK_RC(sigma_bap_check_attestation((const uint8_t *const *)pushes, lens, 9, "name", "Jane Doe", "x", "y", &att),
           SIGMA_BAP_HASH_MISMATCH);
  CHECK_RC(sigma_bap_check_attestation((const uint8_t *const *)pushes, lens, 9, "name", NULL, NULL, NULL, &att),
           SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_bap_check_attestation(NULL, NULL, 9, NULL, NULL, NULL, NULL, &att), SIGMA_NULL_PARAMETER);
  for (int i = 0; i < 9; i++) free(pushes[i]);
}

/* BAP identity keys against tests/vectors/identity.json bap.type42 (master WIF, rotation) and
   bap.bip32 (xprv), made by bsv-bap 0.1.24; expected strings copied from there. */
static void test_bap_identity(void) {
  sigma_private_key *master = NULL;
  sigma_bap_identity id;
  CHECK_RC(sigma_private_key_from_wif("KwFfNUhSDaASSAwtG7ssQM1uVX8RgX5GHWnnLfhfiQDigjioWXHH", &master), SIGMA_OK);
  CHECK_RC(sigma_bap_identity_type42(master, NULL, 0, &id), SIGMA_OK);
  CHECK(strcmp(id.root_address, "17uDFbL5W9xBv5QQYJYyfRbeTgwXiEW9uD") == 0, "type42 root %s", id.root_address);
  CHECK(strcmp(id.identity_key, "3ZoMXZCt53iFRjbRGAacsT31b2k8") == 0, "type42 id %s", id.identity_key);
  CHECK(strcmp(id.member_public_key, "03a056ce01efcb66793f353bad4e5dd9bef386bf8cbd0c5d44177f010e356ada30") == 0,
        "type42 member %s", id.member_public_key);
  CHECK(strcmp(id.signing_address, "16MfLJMpbChxRt6hc7NYgaE1EAkvQdjPMP") == 0, "type42 signing %s", id.signing_address);
  CHECK_RC(sigma_bap_identity_type42(master, NULL, 1, &id), SIGMA_OK);
  CHECK(strcmp(id.signing_address, "15VLh2CoWTPfqYNarQCfLDA8SXJxnvZmnm") == 0, "type42 rotated %s", id.signing_address);
  CHECK(strcmp(id.identity_key, "3ZoMXZCt53iFRjbRGAacsT31b2k8") == 0, "type42 rotated id %s", id.identity_key);
  CHECK_RC(sigma_bap_identity_type42(NULL, NULL, 0, &id), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_bap_identity_type42(master, NULL, 0, NULL), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_bap_identity_type42(master, NULL, 10001, &id), SIGMA_INVALID_INPUT);
  sigma_private_key_free(master);

  static const char xprv[] = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";
  CHECK_RC(sigma_bap_identity_bip32(xprv, NULL, 0, &id), SIGMA_OK);
  CHECK(strcmp(id.root_address, "15LnyUoy7YMWKHhfRVT4uQEqdjdojoAk39") == 0, "bip32 root %s", id.root_address);
  CHECK(strcmp(id.identity_key, "L188WE7UMfEfHC8tLVDuYtcM35f") == 0, "bip32 id %s", id.identity_key);
  CHECK(strcmp(id.member_public_key, "0364d2af764126a5e573c9f44ebf7248e9cd370249764450c11b9ae3ce78223bb6") == 0,
        "bip32 member %s", id.member_public_key);
  CHECK(strcmp(id.signing_address, "1MYcLzEBsp2koEoSsYdnsqJect5xncCTzY") == 0, "bip32 signing %s", id.signing_address);
  CHECK_RC(sigma_bap_identity_bip32(NULL, NULL, 0, &id), SIGMA_NULL_PARAMETER);
  CHECK_RC(sigma_bap_identity_bip32("xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHj", NULL, 0, &id),
           SIGMA_INVALID_XPRV);
}

/* AIP and Sigma (issue 13), against tests/vectors/identity.json: bsv-bap's MemberID signature
   over a BAP ID payload (aip.bsv_bap_member_sign[0], its pushes as an OP_0 OP_RETURN script),
   and sigma-protocol's signatures (sigma.cases). */
static const char AIP_UNSIGNED[] = "006a2231424150537561506e66476e53424d33474c56397968785564596534764762644d540249440869646b657958595a053161646472";
static const char AIP_SIGNED[] = "006a2231424150537561506e66476e53424d33474c56397968785564596534764762644d540249440869646b657958595a053161646472017c22313550636948473232534e4c514a584d6f53556157566937575371633768436676610d424954434f494e5f45434453412231364d664c4a4d70624368785274366863374e596761453145416b7651646a504d5041206e7cf28f4784c789e6cadb2a9a92f67420874fafd9459462f040489744770a2c49e3cc62718e05726ce234c349050b90b931d70c37cd9ae6685d63b87430a748";
static const char AIP_KEY[] = "e485a6cc80f5dad48151189ee4f049987acccc485f2eaa8c871afaf2c38d6036";
static const char SIGMA_UNSIGNED[] = "006a2231394878696756345179427633744870515663554551797131707a5a56646f4175740b48656c6c6f20776f726c640a746578742f706c61696e";
static const char SIGMA_SIGNED_BSM[] = "006a2231394878696756345179427633744870515663554551797131707a5a56646f4175740b48656c6c6f20776f726c640a746578742f706c61696e017c055349474d410342534d223143365263337732355648756433644c44616d75746171664b577168724c525461444120e1a8ba44760cdf6f76685b23e32dd64a643c0fa0d1499bbe9b3c3492dbf83b8131675fe5909352fe9b5de7ea5c5d567a89e5c64a831d8b6579dd1219a47fc7350130";
static const char SIGMA_SIGNED_BRC77[] = "006a2231394878696756345179427633744870515663554551797131707a5a56646f4175740b48656c6c6f20776f726c640a746578742f706c61696e017c055349474d41054252433737223143365263337732355648756433644c44616d75746171664b577168724c525461444c8c42423301031b84c5567b126440995d3ed5aaba0565d71e1834604819ff9c17f5e9d5dd078f00030a11181f262d343b424950575e656c737a81888f969da4abb2b9c0c7ced5dc3044022063be325bdf4a7c7fe37290e99d979cbddfd3883b5755bf8ec4de232c18c25e0402205983157249a00c722a1ca749eeb6c102f2aa5cddc8dd950bf2f7c721a5a39df10130";
static const char SIGMA_MALLEATED[] = "006a2231394878696756345179427633744870515663554551797131707a5a56646f4175740b48656c6c6f20776f726c640a746578742f706c61696e017c055349474d410342534d223143365263337732355648756433644c44616d75746171664b577168724c525461444121e1a8ba44760cdf6f76685b23e32dd64a643c0fa0d1499bbe9b3c3492dbf83b8131675fe5909352fe9b5de7ea5c5d567a89e5c64a831d8b6579dd1219a47fc7350130";
static const char SIGMA_TXID[] = "ab11111111111111111111111111111111111111111111111111111111111111";
static const char SIGMA_KEY[] = "0101010101010101010101010101010101010101010101010101010101010101";

static void test_aip_sigma(void) {
  char text[64], hex[1024];
  size_t w = 0, n = 0, m = 0;
  uint32_t which = 99;
  sigma_private_key *key = priv_from_hex(AIP_KEY);
  uint8_t *unsigned_script = hex_decode(AIP_UNSIGNED, &n);
  uint8_t signed_script[512];
  CHECK_RC(sigma_aip_sign(key, unsigned_script, n, SIGMA_AIP_CONVENTION_WITHOUT_PIPE, NULL, 0, &w), SIGMA_BUFFER_TOO_SMALL);
  CHECK(w == strlen(AIP_SIGNED) / 2, "size %zu", w);
  CHECK_RC(sigma_aip_sign(key, unsigned_script, n, SIGMA_AIP_CONVENTION_WITHOUT_PIPE, signed_script, sizeof signed_script, &w), SIGMA_OK);
  hex_encode(signed_script, w, hex);
  CHECK(strcmp(hex, AIP_SIGNED) == 0, "AIP signed script %s", hex);
  CHECK_RC(sigma_aip_verify(signed_script, w, text, sizeof text, &m, &which), SIGMA_OK);
  CHECK(strcmp(text, "16MfLJMpbChxRt6hc7NYgaE1EAkvQdjPMP") == 0 && which == SIGMA_AIP_CONVENTION_WITHOUT_PIPE, "%s %u", text, which);
  CHECK_RC(sigma_aip_sign(key, unsigned_script, n, 7, signed_script, sizeof signed_script, &w), SIGMA_INVALID_INPUT);
  CHECK_RC(sigma_aip_sign(key, unsigned_script + 2, n - 2, 0, signed_script, sizeof signed_script, &w), SIGMA_MALFORMED_SCRIPT);
  CHECK_RC(sigma_aip_verify(unsigned_script, n, text, sizeof text, &m, &which), SIGMA_AIP_MISSING);
  /* With the pipe, then a malleated header (the recovery id flipped): bsv-bap accepts it. */
  CHECK_RC(sigma_aip_sign(key, unsigned_script, n, SIGMA_AIP_CONVENTION_WITH_PIPE, signed_script, sizeof signed_script, &w), SIGMA_OK);
  CHECK_RC(sigma_aip_verify(signed_script, w, text, sizeof text, &m, &which), SIGMA_OK);
  CHECK(which == SIGMA_AIP_CONVENTION_WITH_PIPE, "convention %u", which);
  signed_script[w - 65] = (uint8_t)(31 + ((signed_script[w - 65] - 31) ^ 1));
  CHECK_RC(sigma_aip_verify(signed_script, w, text, sizeof text, &m, &which), SIGMA_AIP_INVALID_SIGNATURE);
  CHECK_RC(sigma_aip_verify(NULL, 5, text, sizeof text, &m, &which), SIGMA_NULL_PARAMETER);
  free(unsigned_script);
  FREE_PRIV(key);

  size_t txid_len, sn, bn, mn;
  uint8_t *txid = hex_decode(SIGMA_TXID, &txid_len);
  uint8_t *sigma_unsigned = hex_decode(SIGMA_UNSIGNED, &n);
  uint8_t *bsm = hex_decode(SIGMA_SIGNED_BSM, &sn);
  uint8_t *brc77 = hex_decode(SIGMA_SIGNED_BRC77, &bn);
  uint8_t *malleated = hex_decode(SIGMA_MALLEATED, &mn);
  key = priv_from_hex(SIGMA_KEY);
  uint32_t algorithm = 99;
  CHECK_RC(sigma_sigma_sign(key, sigma_unsigned, n, txid, 1, 0, SIGMA_SIGMA_ALGORITHM_BSM, signed_script, sizeof signed_script, &w), SIGMA_OK);
  hex_encode(signed_script, w, hex);
  CHECK(strcmp(hex, SIGMA_SIGNED_BSM) == 0, "Sigma signed script %s", hex);
  CHECK_RC(sigma_sigma_verify(bsm, sn, txid, 1, 0, &algorithm, text, sizeof text, &m), SIGMA_OK);
  CHECK(strcmp(text, "1C6Rc3w25VHud3dLDamutaqfKWqhrLRTaD") == 0 && algorithm == SIGMA_SIGMA_ALGORITHM_BSM, "%s", text);
  CHECK_RC(sigma_sigma_verify(brc77, bn, txid, 1, 0, &algorithm, text, sizeof text, &m), SIGMA_OK);
  CHECK(algorithm == SIGMA_SIGMA_ALGORITHM_BRC77, "algorithm %u", algorithm);
  CHECK_RC(sigma_sigma_verify(bsm, sn, txid, 2, 0, &algorithm, text, sizeof text, &m), SIGMA_SIGMA_INVALID_SIGNATURE);
  CHECK_RC(sigma_sigma_verify(bsm, sn, txid, 1, 1, &algorithm, text, sizeof text, &m), SIGMA_SIGMA_MISSING);
  CHECK_RC(sigma_sigma_verify(malleated, mn, txid, 1, 0, &algorithm, text, sizeof text, &m), SIGMA_SIGMA_INVALID_SIGNATURE);
  /* BRC77 by the two-call pattern: the size asked for always suffices. */
  CHECK_RC(sigma_sigma_sign(key, sigma_unsigned, n, txid, 1, 0, SIGMA_SIGMA_ALGORITHM_BRC77, NULL, 0, &w), SIGMA_BUFFER_TOO_SMALL);
  size_t need = w;
  uint8_t *fresh = malloc(need);
  CHECK_RC(sigma_sigma_sign(key, sigma_unsigned, n, txid, 1, 0, SIGMA_SIGMA_ALGORITHM_BRC77, fresh, need, &w), SIGMA_OK);
  CHECK(w <= need, "%zu <= %zu", w, need);
  CHECK_RC(sigma_sigma_verify(fresh, w, txid, 1, 0, &algorithm, text, sizeof text, &m), SIGMA_OK);
  CHECK_RC(sigma_sigma_sign(key, sigma_unsigned, n, txid, 1, 0, 2, signed_script, sizeof signed_script, &w), SIGMA_INVALID_INPUT);
  free(fresh);
  free(txid);
  free(sigma_unsigned);
  free(bsm);
  free(brc77);
  free(malleated);
  FREE_PRIV(key);
}

/* argv[1]: rounds of the two-call test (default 300; the test script runs 100000 outside
   valgrind). */
int main(int argc, char **argv) {
  const long rounds = argc > 1 ? strtol(argv[1], NULL, 10) : 300;
  printf("sigma_auth %s (C test, %s)\n", sigma_version(), SIGMA_TEST_LINKAGE);
  test_results();
  test_result_list();
  test_keys();
  test_bsm();
  test_brc42();
  test_brc77();
  test_ecdh();
  test_ecdsa();
  test_brc78();
  test_symmetric();
  test_brc78_misuse();
  test_ecies_friend();
  test_creation_vectors();
  test_verification_cases();
  test_forged_signer();
  test_counted();
  test_two_call(rounds);
  test_misuse();
  test_replay_guard();
  test_bap();
  test_bap_identity();
  test_aip_sigma();
  printf("C FFI test (%s): %d checks, %d failures\n", SIGMA_TEST_LINKAGE, checks, failures);
  return failures ? 1 : 0;
}
