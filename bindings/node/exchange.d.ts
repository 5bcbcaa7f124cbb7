// Types of exchange.js: Sign in with Sigma's authorization-code exchange, with the signature of
// `exchangeCodeForTokens` in @sigma-auth/better-auth-plugin/server.
import type { PrivateKey } from './index';

/** The token endpoint path the provider checks the token against. */
export declare const TOKEN_PATH: '/api/auth/oauth2/token';
/** The OIDC userinfo path. */
export declare const USERINFO_PATH: '/api/auth/oauth2/userinfo';

/** The plugin's TokenExchangeOptions; `memberPrivateKey` may also be a PrivateKey. */
export interface TokenExchangeOptions {
  code: string;
  redirectUri: string;
  clientId: string;
  memberPrivateKey: string | PrivateKey;
  codeVerifier?: string;
  issuerUrl?: string;
}

/** The plugin's TokenExchangeResult. */
export interface TokenExchangeResult {
  user: Record<string, unknown>;
  access_token: string;
  id_token: string;
  refresh_token?: string;
  expires_in: number;
}

/** What a failed exchange rejects with (a plain object, as the plugin's). */
export interface TokenExchangeError {
  error: string;
  details?: string;
  status?: number;
  endpoint?: string;
}

/** Exchanges an authorization code for tokens, then reads userinfo; rejects with a TokenExchangeError. */
export declare function exchangeCodeForTokens(options: TokenExchangeOptions): Promise<TokenExchangeResult>;
