package redisstore

import (
	"bytes"
	"context"
	"errors"
	"log"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	sigmaauth "github.com/sigma-auth/sigma-auth/bindings/go"
)

// redisURL is the Redis that scripts/test.d/45-fleet.sh started.
func redisURL(t *testing.T) string {
	url := os.Getenv("SIGMA_AUTH_REDIS_URL")
	if url == "" {
		t.Fatal("SIGMA_AUTH_REDIS_URL is not set: run these tests through ./scripts/test 45")
	}
	return url
}

func client(t *testing.T, url string) *redis.Client {
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opts)
	t.Cleanup(func() { c.Close() })
	return c
}

// verified makes and verifies a fresh bsm token for path.
func verified(t *testing.T, path string) (*sigmaauth.Verified, time.Time) {
	key, err := sigmaauth.GeneratePrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	defer key.Close()
	now := time.Now()
	tok, err := key.CreateToken(path, sigmaauth.BSM, now, nil, "utf8")
	if err != nil {
		t.Fatal(err)
	}
	v, err := sigmaauth.NewVerifier(time.Minute, time.Minute, sigmaauth.Strict)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	ok, err := v.Verify(tok, path, nil, "utf8", now)
	if err != nil {
		t.Fatal(err)
	}
	return ok, now
}

func code(err error) string {
	var e *sigmaauth.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestOnceAcrossTwoStoresThenReplayed(t *testing.T) {
	url := redisURL(t)
	a := &Store{Client: client(t, url), MaxAge: time.Minute}
	b := &Store{Client: client(t, url), MaxAge: time.Minute}
	v, now := verified(t, "/fleet")
	if err := a.Check(context.Background(), v, now); err != nil {
		t.Fatalf("first use: %v", err)
	}
	for _, s := range []*Store{b, a} {
		if got := code(s.Check(context.Background(), v, now)); got != sigmaauth.CodeReplayed {
			t.Fatalf("second use: code %q, want replayed", got)
		}
	}
	c := client(t, url)
	key := a.Key(v)
	if !strings.HasPrefix(key, DefaultPrefix) || len(key) != len(DefaultPrefix)+64 {
		t.Fatalf("key %q", key)
	}
	if val, _ := c.Get(context.Background(), key).Result(); val != "1" {
		t.Fatalf("value %q, want 1", val)
	}
	pttl, err := c.PTTL(context.Background(), key).Result()
	if err != nil || pttl < 50*time.Second || pttl > 60*time.Second+time.Millisecond {
		t.Fatalf("PTTL %v (%v), want about the 60 s window", pttl, err)
	}
}

func TestUnreachableRedisFailsClosed(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	s := &Store{Client: redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1}), MaxAge: time.Minute}
	v, now := verified(t, "/down")
	if got := code(s.Check(context.Background(), v, now)); got != sigmaauth.CodeReplayStoreUnavailable {
		t.Fatalf("code %q, want replay_store_unavailable", got)
	}
}

func TestSilentServerTimesOut(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0") // accepts, never answers
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	s := &Store{
		Client:  redis.NewClient(&redis.Options{Addr: l.Addr().String(), MaxRetries: -1}),
		MaxAge:  time.Minute,
		Timeout: 100 * time.Millisecond,
	}
	v, now := verified(t, "/silent")
	if got := code(s.Check(context.Background(), v, now)); got != sigmaauth.CodeReplayStoreUnavailable {
		t.Fatalf("code %q, want replay_store_unavailable", got)
	}
}

func TestFailOpenLogsEachUse(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	var buf bytes.Buffer
	s := &Store{
		Client:   redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1}),
		MaxAge:   time.Minute,
		FailOpen: true,
		Logger:   log.New(&buf, "", 0),
	}
	v, now := verified(t, "/open")
	for i := 0; i < 3; i++ {
		if err := s.Check(context.Background(), v, now); err != nil {
			t.Fatalf("fail-open refused: %v", err)
		}
	}
	if n := strings.Count(buf.String(), "accepted without a replay check"); n != 3 {
		t.Fatalf("%d log lines, want 3:\n%s", n, buf.String())
	}
}
