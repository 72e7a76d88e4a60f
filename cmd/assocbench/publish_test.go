package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

func TestPublishCommand(t *testing.T) {
	c := newCLI(t)
	c.must(0, "demo", "seed", "--associations", "12")
	var before []survey.ReleaseInfo
	if err := json.Unmarshal([]byte(c.must(0, "publish", "--campaign", demo.Midterm, "--list", "--json")), &before); err != nil {
		t.Fatal(err)
	}
	out := c.must(0, "publish", "--campaign", demo.Midterm)
	if !strings.Contains(out, "release ") || !strings.Contains(out, "associations") {
		t.Errorf("publish printed %q", out)
	}
	var after []survey.ReleaseInfo
	if err := json.Unmarshal([]byte(c.must(0, "publish", "--campaign", demo.Midterm, "--list", "--json")), &after); err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 || after[len(after)-1].Number != len(after) {
		t.Errorf("releases before %d, after %d: want one more, numbered in order", len(before), len(after))
	}
	c.must(2, "publish")
	c.must(1, "publish", "--campaign", "no-such-campaign")
}
