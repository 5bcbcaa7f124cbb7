// Runs the Better Auth server of auth.mjs on 127.0.0.1:PORT. `node server.mjs migrate` instead
// creates the schema with Better Auth's own migration (better-auth/db getMigrations) and
// registers the OAuth client CLIENT_ID (public, PKCE, redirect REDIRECT_URI) with MEMBER_PUBKEY.
// Environment: PORT, DATABASE_URL, BETTER_AUTH_SECRET, SIGMA_CHECK (stock | sigma-auth).
import http from 'node:http';
import { toNodeHandler } from 'better-auth/node';
import { getMigrations } from 'better-auth/db';
import { makeAuth } from './auth.mjs';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const port = Number(env('PORT'));
const baseURL = `http://127.0.0.1:${port}`;
const { auth, pool } = makeAuth({ baseURL, databaseUrl: env('DATABASE_URL'), check: env('SIGMA_CHECK') });

if (process.argv[2] === 'migrate') {
  const { toBeCreated, toBeAdded, runMigrations } = await getMigrations(auth.options);
  await runMigrations();
  console.log(`migrated: ${toBeCreated.map((t) => t.table).join(', ')}${toBeAdded.length ? ` (+ columns in ${toBeAdded.length} tables)` : ''}`);
  const ctx = await auth.$context;
  const clientId = env('CLIENT_ID');
  const existing = await ctx.adapter.findMany({ model: 'oauthClient', where: [{ field: 'clientId', value: clientId }] });
  if (existing.length === 0) {
    await ctx.adapter.create({
      model: 'oauthClient',
      data: {
        clientId,
        name: 'sigma-auth e2e app',
        redirectUris: [env('REDIRECT_URI')],
        public: true,
        tokenEndpointAuthMethod: 'none',
        grantTypes: ['authorization_code', 'refresh_token'],
        responseTypes: ['code'],
        skipConsent: true,
        disabled: false,
        ownerBapId: 'e2e-owner-bap-id',
        memberPubkey: env('MEMBER_PUBKEY'),
        createdAt: new Date(),
        updatedAt: new Date(),
      },
    });
  }
  console.log(`client ${clientId} registered with memberPubkey ${env('MEMBER_PUBKEY')}`);
  await pool.end();
} else {
  const server = http.createServer(toNodeHandler(auth));
  server.listen(port, '127.0.0.1', () => console.log(`better-auth (${process.env.SIGMA_CHECK}) on ${baseURL}`));
  const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
