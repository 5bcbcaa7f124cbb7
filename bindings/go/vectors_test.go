package sigmaauth

import (
	"encoding/json"
	"os"
	"testing"
)

// The reference vectors (made by the npm packages bitcoin-auth 0.0.7 / @bsv/sdk 2.1.0).
type vectors struct {
	Keys map[string]struct {
		PrivHex string `json:"priv_hex"`
		PubHex  string `json:"pub_compressed"`
	} `json:"keys"`
	BitcoinAuth struct {
		CreationVectors []struct {
			Description string `json:"description"`
			Config      struct {
				RequestPath string `json:"requestPath"`
				Body        string `json:"body"`
			} `json:"config"`
			BodyBytesHex string `json:"body_bytes_hex"`
			Token        string `json:"token"`
			Verify       struct {
				Target struct {
					RequestPath string `json:"requestPath"`
					Timestamp   string `json:"timestamp"`
				} `json:"target"`
				Result bool `json:"result"`
			} `json:"verify"`
		} `json:"creation_vectors"`
	} `json:"bitcoin_auth"`
}

func loadVectors(t *testing.T) *vectors {
	t.Helper()
	raw, err := os.ReadFile("../../tests/vectors/auth-crypto.json")
	if err != nil {
		t.Fatal(err)
	}
	var v vectors
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	return &v
}
