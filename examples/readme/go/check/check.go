// Package check sends the README programs' handlers the requests every example must answer
// alike: a signed request (200), one for another path (401 path_mismatch), an hour-old token
// (401 expired) and one without the header (401 missing_token), each 401 in the one shape.
package check

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	sigmaauth "github.com/sigma-auth/sigma-auth/bindings/go"
)

// Run serves h on 127.0.0.1, sends the four requests and returns the number of wrong answers.
func Run(h http.Handler) int {
	srv := httptest.NewServer(h)
	defer srv.Close()
	key, err := sigmaauth.GeneratePrivateKey()
	if err != nil {
		fmt.Println("FAIL: key:", err)
		return 1
	}
	defer key.Close()
	body := []byte(`{"a":1}`)
	token := func(at time.Time) string {
		t, err := key.CreateToken("/api/items?page=2", sigmaauth.BRC77, at, body, "utf8")
		if err != nil {
			panic(err)
		}
		return t
	}
	fresh, old := token(time.Now()), token(time.Now().Add(-time.Hour))
	cases := []struct{ what, token, path, want string }{
		{"signed request", fresh, "/api/items?page=2", ""},
		{"other path", fresh, "/api/items?page=3", "path_mismatch"},
		{"token from an hour ago", old, "/api/items?page=2", "expired"},
		{"no header", "", "/api/items?page=2", "missing_token"},
	}
	failures := 0
	for _, c := range cases {
		req, _ := http.NewRequest("POST", srv.URL+c.path, strings.NewReader(string(body)))
		if c.token != "" {
			req.Header.Set("X-Auth-Token", c.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println("FAIL:", c.what, err)
			failures++
			continue
		}
		text, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var refusal map[string]string
		ok := resp.StatusCode == http.StatusOK && c.want == ""
		if c.want != "" && resp.StatusCode == http.StatusUnauthorized && json.Unmarshal(text, &refusal) == nil {
			ok = len(refusal) == 3 && refusal["error"] == "unauthorized" && refusal["code"] == c.want && refusal["message"] != ""
		}
		verdict := "ok"
		if !ok {
			verdict = "FAIL"
			failures++
		}
		fmt.Printf("%s: %s -> %d %s\n", verdict, c.what, resp.StatusCode, strings.TrimSpace(string(text)))
	}
	return failures
}
