package api

import (
	"errors"
	"testing"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/survey"
)

func TestBodyChecks(t *testing.T) {
	for _, tc := range []struct {
		name, body, field, want string
	}{
		{"duplicate key", `{"role": "admin", "role": "analyst"}`, "role", "this key appears twice in one object"},
		{"duplicate nested key", `{"label": "x", "ttl_days": 1, "z": {"a": [1, {"b": 1, "b": 2}]}}`, "b", "this key appears twice in one object"},
		{"fraction for a whole number", `{"role": "admin", "ttl_days": 0.0001}`, "ttl_days", "must be a whole number within range"},
		{"huge number", `{"role": "admin", "ttl_days": 1e309}`, "ttl_days", "must be a whole number within range"},
		{"role not listed", `{"role": "association"}`, "role", "must be one of analyst, admin"},
		{"ttl out of range", `{"role": "admin", "ttl_days": 2000}`, "ttl_days", "must be from 0 to 1095"},
		{"fine", `{"role": "admin", "ttl_days": 30, "label": "a"}`, "", ""},
	} {
		var in staffTokenInput
		err := decodeStrict([]byte(tc.body), &in)
		if err == nil {
			err = validateBody(&in, "invalid token request")
		}
		var fields map[string]string
		var re *httpx.RequestError
		var ve *survey.ValidationError
		switch {
		case errors.As(err, &re):
			fields = re.Fields
		case errors.As(err, &ve):
			fields = ve.Fields
		}
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v, want no error", tc.name, err)
			}
			continue
		}
		if got := fields[tc.field]; got != tc.want {
			t.Errorf("%s: fields %v, want %s: %q", tc.name, fields, tc.field, tc.want)
		}
	}
}

func TestDuplicateKey(t *testing.T) {
	for body, want := range map[string]string{
		`{"x": {}, "y": [{}, {}], "z": {"x": 1}}`: "",
		`[{"a": 1}, {"a": 2}]`:                    "",
		`{"a": {"b": [], "b": 1}}`:                "b",
		`{"a": 1, "a": 1}`:                        "a",
	} {
		if got, _ := duplicateKey([]byte(body)); got != want {
			t.Errorf("duplicateKey(%s) = %q, want %q", body, got, want)
		}
	}
}
