'use strict';
// A replay store in Redis for a fleet of Node servers, over an ioredis client:
// SET <prefix><replayId> 1 PX <ms until the token leaves its window, plus a clock slack> NX.
// NX makes the first server to see a token the only one to accept it. A Redis that is
// unreachable, failing or slower than `timeoutMs` refuses the token with code
// 'replay_store_unavailable', unless `failOpen` is set (then it is accepted and `log` is called
// for each token so accepted).
//
//   const Redis = require('ioredis');
//   const client = new Redis({ host: '127.0.0.1', commandTimeout: 250, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
//   const store = new RedisReplayStore(client, { maxAgeSeconds: verifier.maxAgeSeconds });
//   const who = verifier.verify(token, req);
//   await store.check(who);          // throws AuthTokenError 'replayed' / 'replay_store_unavailable'

const { AuthTokenError } = require('./index.js');

/** The key prefix (the same keys as the Rust crate sigma-auth-redis and the Python store). */
const DEFAULT_PREFIX = 'sigma-auth:replay:';

class RedisReplayStore {
  /**
   * client: an ioredis client. options: { maxAgeSeconds = 300 (the verifier's), prefix,
   * clockSlackMs = 1000, timeoutMs = 250, failOpen = false, log = console.warn }.
   */
  constructor(client, options = {}) {
    if (client === null || typeof client !== 'object' || typeof client.set !== 'function') {
      throw new TypeError('client must be an ioredis client');
    }
    const o = options;
    this.client = client;
    this.maxAgeMs = 1000 * (o.maxAgeSeconds ?? 300);
    this.prefix = o.prefix ?? DEFAULT_PREFIX;
    this.clockSlackMs = o.clockSlackMs ?? 1000;
    this.timeoutMs = o.timeoutMs ?? 250;
    this.failOpen = o.failOpen === true;
    this.log = o.log ?? ((msg) => console.warn(msg));
    for (const [name, v] of [['maxAgeSeconds', this.maxAgeMs], ['clockSlackMs', this.clockSlackMs], ['timeoutMs', this.timeoutMs]]) {
      if (!Number.isFinite(v) || v < 0) throw new TypeError(`options.${name} must be a non-negative number`);
    }
  }

  /** The Redis key of a verified token (`verify`'s result). */
  key(verified) {
    return this.prefix + verified.replayId;
  }

  /** The PX at `now` (ms): through the last millisecond of the window, plus the slack; at least 1. */
  ttlMs(verified, now = Date.now()) {
    const expires = new Date(verified.timestamp).getTime() + this.maxAgeMs;
    return Math.max(Math.floor(expires - now) + 1, 1) + Math.floor(this.clockSlackMs);
  }

  /** Records `verified`; rejects with AuthTokenError 'replayed' on a second use, 'replay_store_unavailable' if Redis does not answer in time (unless failOpen). */
  async check(verified, now = Date.now()) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), this.timeoutMs);
    });
    let answer;
    try {
      answer = await Promise.race([this.client.set(this.key(verified), '1', 'PX', this.ttlMs(verified, now), 'NX'), timeout]);
    } catch (e) {
      if (this.failOpen) {
        this.log(`replay store unavailable (${e && e.message}); token of ${verified.pubkey} accepted without a replay check`);
        return;
      }
      throw new AuthTokenError('replay_store_unavailable', 'the replay store did not answer in time; refused rather than risk a replay');
    } finally {
      clearTimeout(timer);
    }
    if (answer === null) {
      throw new AuthTokenError('replayed', 'this signed request was already accepted inside its window');
    }
    if (answer !== 'OK') {
      throw new AuthTokenError('replay_store_unavailable', 'the replay store gave an unexpected reply');
    }
  }
}

module.exports = { RedisReplayStore, DEFAULT_PREFIX };
