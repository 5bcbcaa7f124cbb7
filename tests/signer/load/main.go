// Command signer-load is a bounded loopback load run against `sigma-auth serve`: a fixed number
// of requests to GET /api/status and POST /api/sign at a fixed concurrency; it prints requests/s
// and the p50/p99 latencies of each. Usage: signer-load -url http://127.0.0.1:PORT [-n 2000] [-c 8]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"sync"
	"time"
)

func main() {
	url := flag.String("url", "", "the signer's base URL")
	n := flag.Int("n", 2000, "requests per endpoint")
	c := flag.Int("c", 8, "concurrent clients")
	flag.Parse()
	if *url == "" || *n < 1 || *c < 1 {
		fmt.Fprintln(os.Stderr, "usage: signer-load -url http://127.0.0.1:PORT [-n 2000] [-c 8]")
		os.Exit(2)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *c}, Timeout: 30 * time.Second}
	token, err := auth(client, *url)
	if err != nil {
		fmt.Fprintln(os.Stderr, "auth:", err)
		os.Exit(1)
	}
	status := func() (*http.Request, error) { return http.NewRequest("GET", *url+"/api/status", nil) }
	sign := func() (*http.Request, error) {
		body := []byte(`{"path":"/api/resource?id=1","body":"{\"hello\":\"world\"}","signatureType":"brc77"}`)
		req, err := http.NewRequest("POST", *url+"/api/sign", bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return req, err
	}
	for _, ep := range []struct {
		name   string
		newReq func() (*http.Request, error)
	}{{"GET /api/status", status}, {"POST /api/sign (brc77)", sign}} {
		if err := run(client, ep.name, ep.newReq, *n, *c); err != nil {
			fmt.Fprintln(os.Stderr, ep.name+":", err)
			os.Exit(1)
		}
	}
}

func auth(client *http.Client, url string) (string, error) {
	res, err := client.Post(url+"/api/auth", "application/json",
		bytes.NewReader([]byte(`{"host":"load.example","scopes":["sign"],"expiry":"1h"}`)))
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var out struct {
		AccessToken string `json:"accessToken"`
	}
	if res.StatusCode != 200 {
		return "", fmt.Errorf("status %d", res.StatusCode)
	}
	return out.AccessToken, json.NewDecoder(res.Body).Decode(&out)
}

func run(client *http.Client, name string, newReq func() (*http.Request, error), n, c int) error {
	latencies := make([]time.Duration, n)
	jobs := make(chan int)
	errs := make(chan error, c)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				req, err := newReq()
				if err != nil {
					errs <- err
					return
				}
				t := time.Now()
				res, err := client.Do(req)
				if err != nil {
					errs <- err
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					errs <- fmt.Errorf("status %d", res.StatusCode)
					return
				}
				latencies[i] = time.Since(t)
			}
		}()
	}
	for i := 0; i < n; i++ {
		select {
		case jobs <- i:
		case err := <-errs:
			close(jobs)
			return err
		}
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
	}
	elapsed := time.Since(start)
	sort.Slice(latencies, func(a, b int) bool { return latencies[a] < latencies[b] })
	pct := func(p float64) time.Duration { return latencies[int(p*float64(n-1))] }
	fmt.Printf("%-24s %6d req, %2d clients: %8.0f req/s   p50 %8.3f ms   p99 %8.3f ms\n",
		name, n, c, float64(n)/elapsed.Seconds(),
		float64(pct(0.50).Microseconds())/1000, float64(pct(0.99).Microseconds())/1000)
	return nil
}
