// Package redisstore is a replay store in Redis for a fleet of Go servers using sigmaauth,
// over go-redis: each verified token becomes SET <prefix><replay id hex> 1 NX PX <ms until the
// token leaves its window, plus a clock slack>. NX makes the first server to see a token the
// only one to accept it. A Redis that is unreachable, failing or slower than the timeout
// refuses the token with code replay_store_unavailable, unless FailOpen is set, which accepts
// it and logs each token so accepted.
package redisstore

import (
	"context"
	"encoding/hex"
	"log"
	"time"

	"github.com/redis/go-redis/v9"
	sigmaauth "github.com/sigma-auth/sigma-auth/bindings/go"
)

// DefaultPrefix is the key prefix (the same keys as the Rust crate sigma-auth-redis).
const DefaultPrefix = "sigma-auth:replay:"

// Store records replay ids in Redis. Safe for concurrent use (go-redis pools connections).
type Store struct {
	Client     redis.UniversalClient
	MaxAge     time.Duration // the verifier's max age: ids are kept until timestamp + MaxAge
	Prefix     string        // DefaultPrefix when empty
	Timeout    time.Duration // bound on one SET; 250 ms when zero
	ClockSlack time.Duration // kept this much longer than the window (clock differences)
	FailOpen   bool          // accept (and log) when Redis is unavailable; default: refuse
	Logger     *log.Logger   // where FailOpen logs; log.Default() when nil
}

// Key is the Redis key of a verified token.
func (s *Store) Key(v *sigmaauth.Verified) string {
	prefix := s.Prefix
	if prefix == "" {
		prefix = DefaultPrefix
	}
	return prefix + hex.EncodeToString(v.ReplayID[:])
}

// TTL is the PX of a verified token at now: through the last millisecond of its window, plus
// the slack; at least 1 ms.
func (s *Store) TTL(v *sigmaauth.Verified, now time.Time) time.Duration {
	ttl := v.Timestamp.Add(s.MaxAge).Sub(now) + time.Millisecond
	if ttl < time.Millisecond {
		ttl = time.Millisecond
	}
	return ttl.Truncate(time.Millisecond) + s.ClockSlack
}

// Check records v at now: nil on first use, an *sigmaauth.Error with code "replayed" on a
// second, "replay_store_unavailable" if Redis does not answer in time (unless FailOpen).
func (s *Store) Check(ctx context.Context, v *sigmaauth.Verified, now time.Time) error {
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 250 * time.Millisecond
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// go-redis honours a context's deadline only with ContextTimeoutEnabled; wait here instead,
	// so the bound holds for any client (the call itself ends by the client's own timeouts).
	type answer struct {
		ok  bool
		err error
	}
	done := make(chan answer, 1)
	go func() {
		ok, err := s.Client.SetNX(ctx, s.Key(v), 1, s.TTL(v, now)).Result()
		done <- answer{ok, err}
	}()
	var ok bool
	var err error
	select {
	case a := <-done:
		ok, err = a.ok, a.err
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		if s.FailOpen {
			logger := s.Logger
			if logger == nil {
				logger = log.Default()
			}
			logger.Printf("replay store unavailable (%v); token of %s accepted without a replay check", err, v.PubKey)
			return nil
		}
		return &sigmaauth.Error{
			Code:    sigmaauth.CodeReplayStoreUnavailable,
			Message: "the replay store did not answer in time; refused rather than risk a replay",
			Result:  17,
		}
	}
	if !ok {
		return &sigmaauth.Error{
			Code:    sigmaauth.CodeReplayed,
			Message: "this signed request was already accepted inside its window",
			Result:  11,
		}
	}
	return nil
}
