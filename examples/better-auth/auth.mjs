// A Better Auth server as Sigma Identity runs one: the Sigma provider plugin
// (@sigma-auth/better-auth-plugin/provider), the OAuth 2.1 / OIDC provider it is written for
// (@better-auth/oauth-provider, with the JWT plugin that signs id tokens), on Postgres.
// SIGMA_CHECK=stock keeps the plugin's own /oauth2/token client check; SIGMA_CHECK=sigma-auth
// swaps it for sigma-auth's hardened one (the one-line change marked below).
import { createRequire } from 'node:module';
import { betterAuth } from 'better-auth';
import { jwt } from 'better-auth/plugins';
import { oauthProvider } from '@better-auth/oauth-provider';
import { sigmaProvider } from '@sigma-auth/better-auth-plugin/provider';
import pg from 'pg';

const require = createRequire(import.meta.url);
// In an app: require('sigma-auth-native/better-auth'); here, the binding in this repository.
const { hardenSigmaProvider } = require(process.env.SIGMA_AUTH_NODE ?? '../../bindings/node/better-auth.js');

/** The Better Auth instance for `baseURL`, on the Postgres at `databaseUrl`. */
export function makeAuth({ baseURL, databaseUrl, check }) {
  if (check !== 'stock' && check !== 'sigma-auth') throw new Error(`SIGMA_CHECK must be stock or sigma-auth, got ${check}`);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const sigma = sigmaProvider({ getPool: () => pool });
  return {
    pool,
    auth: betterAuth({
      baseURL,
      basePath: '/api/auth',
      secret: process.env.BETTER_AUTH_SECRET,
      database: pool,
      emailAndPassword: { enabled: true },
      session: { storeSessionInDatabase: true },
      telemetry: { enabled: false },
      logger: { disabled: process.env.AUTH_LOG !== '1' },
      plugins: [
        jwt(),
        oauthProvider({
          loginPage: '/sign-in',
          consentPage: '/consent',
          silenceWarnings: { oauthAuthServerConfig: true, openidConfig: true },
        }),
        check === 'stock' ? sigma : hardenSigmaProvider(sigma), // <- the swap
      ],
    }),
  };
}
