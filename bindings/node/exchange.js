'use strict';
// Sign in with Sigma, the app's side: the OAuth authorization-code exchange of
// `@sigma-auth/better-auth-plugin/server` (`exchangeCodeForTokens`), with the same options, result
// and thrown error shape, on this binding instead of bitcoin-auth. The form body is encoded once;
// those exact bytes are signed into the X-Auth-Token and sent.

const { createToken } = require('./index.js');

/** The token endpoint path the provider checks the token against (the plugin's constant). */
const TOKEN_PATH = '/api/auth/oauth2/token';
/** The userinfo endpoint path. */
const USERINFO_PATH = '/api/auth/oauth2/userinfo';
/** The plugin's default issuer. */
const DEFAULT_ISSUER = 'https://auth.sigmaidentity.com';

function needText(options, name) {
  const v = options[name];
  if (typeof v !== 'string' || v === '') throw new TypeError(`options.${name} must be a non-empty string`);
  return v;
}

/** The error the plugin throws: a plain object `{ error, details, status, endpoint }`. */
function exchangeError(error, details, status, endpoint) {
  return { error, details, status, endpoint };
}

/** Reads a failed response as the plugin does: `error` and `error_description` of a JSON body. */
async function failure(response, fallback, endpoint) {
  const text = await response.text();
  let error = fallback;
  let details = text;
  try {
    const json = JSON.parse(text);
    details = json.error_description || json.message || json.error || text;
    if (typeof json.error === 'string' && json.error) error = json.error;
  } catch {
    // not JSON: the raw text is the detail
  }
  return exchangeError(error, details, response.status, endpoint);
}

/**
 * Exchanges an authorization code for tokens, then fetches userinfo. `options`: { code,
 * redirectUri, clientId, memberPrivateKey (WIF or PrivateKey), codeVerifier?, issuerUrl? }.
 * Resolves to { user, access_token, id_token, refresh_token?, expires_in }; rejects with
 * { error, details?, status?, endpoint? } as `@sigma-auth/better-auth-plugin/server` does.
 */
async function exchangeCodeForTokens(options) {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const code = needText(options, 'code');
  const redirectUri = needText(options, 'redirectUri');
  const clientId = needText(options, 'clientId');
  const key = options.memberPrivateKey;
  if (key === undefined || key === null || key === '') throw new TypeError('options.memberPrivateKey is required');
  const issuerUrl = options.issuerUrl === undefined ? DEFAULT_ISSUER : needText(options, 'issuerUrl');

  const params = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId };
  if (options.codeVerifier) params.code_verifier = needText(options, 'codeVerifier');
  const body = Buffer.from(new URLSearchParams(params).toString(), 'utf8');
  const token = createToken(key, { requestPath: TOKEN_PATH, body });

  const tokenResponse = await fetch(`${issuerUrl}${TOKEN_PATH}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Auth-Token': token },
    body,
  });
  if (!tokenResponse.ok) throw await failure(tokenResponse, 'token_exchange_failed', TOKEN_PATH);
  const tokens = await tokenResponse.json();
  if (!tokens || typeof tokens !== 'object' || !tokens.id_token) {
    throw exchangeError(
      'Missing id_token in token response',
      "The authorization server did not return an id_token. Ensure 'openid' scope is included in the authorization request.",
      500,
      TOKEN_PATH,
    );
  }

  const userResponse = await fetch(`${issuerUrl}${USERINFO_PATH}`, {
    headers: { Authorization: `Bearer ${tokens.access_token}` },
  });
  if (!userResponse.ok) {
    throw exchangeError('Failed to get user info', await userResponse.text(), userResponse.status, USERINFO_PATH);
  }
  const user = await userResponse.json();
  return {
    user,
    access_token: tokens.access_token,
    id_token: tokens.id_token,
    refresh_token: tokens.refresh_token,
    expires_in: tokens.expires_in,
  };
}

module.exports = { exchangeCodeForTokens, TOKEN_PATH, USERINFO_PATH };
