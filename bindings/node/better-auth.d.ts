// Types of better-auth.js: sigma-auth's hardened /oauth2/token client check for a Better Auth
// server running @sigma-auth/better-auth-plugin/provider. Structural types only: this module
// does not import better-auth.
import type { Verifier, ReplayGuard } from './index';

/** A replay store: resolves true when `id` was new (and is now held for `ttlMs`). */
export interface ReplayStore {
  insertIfAbsent(id: string, ttlMs: number): boolean | Promise<boolean>;
}

/** A JavaScript in-memory replay store for one process (the default is now the native ReplayGuard); throws AuthTokenError `replay_store_full` when full. */
export declare class MemoryReplayStore implements ReplayStore {
  constructor(capacity?: number);
  readonly capacity: number;
  insertIfAbsent(id: string, ttlMs: number): boolean;
}

/** Options of the check. */
export interface SigmaTokenCheckOptions {
  /** Default: a strict Verifier with the core's five-minute window. */
  verifier?: Verifier;
  /**
   * Default: a native ReplayGuard on the verifier's window (one process). A fleet passes a shared
   * store; one that throws or rejects refuses the token (`invalid_client`,
   * `replay_store_unavailable`). A ReplayGuard given here must be built from the same verifier.
   */
  replayStore?: ReplayStore | ReplayGuard;
  /** The path clients sign; default '/api/auth/oauth2/token'. */
  tokenPath?: string;
}

/** The path clients sign by default. */
export declare const DEFAULT_TOKEN_PATH: '/api/auth/oauth2/token';

/** The check as Better Auth hook parts: an `onRequest` (keeps the raw body) and a `before` hook. */
export declare function sigmaTokenCheck(options?: SigmaTokenCheckOptions): {
  onRequest(request: Request): Promise<{ response: Response } | undefined>;
  hook: { matcher(ctx: { path: string }): boolean; handler(ctx: any): Promise<{ context: { body: Record<string, unknown> } }> };
};

/** `plugin` (the Sigma provider plugin) with its /oauth2/token before hook replaced by sigmaTokenCheck. */
export declare function hardenSigmaProvider<P extends object>(plugin: P, options?: SigmaTokenCheckOptions): P;
