package questionnaires

import "testing"

func TestMemo(t *testing.T) {
	type keyA struct{}
	type keyB struct{}
	q, err := Load("fast.yaml", []byte(fastQuestionnaire))
	if err != nil {
		t.Fatal(err)
	}
	other, err := Load("fast.yaml", []byte(fastQuestionnaire))
	if err != nil {
		t.Fatal(err)
	}
	builds := 0
	build := func(v string) func() any {
		return func() any { builds++; return v }
	}
	tests := []struct {
		q          *Questionnaire
		key        any
		build      string
		want       string
		wantBuilds int
	}{
		{q, keyA{}, "a", "a", 1},
		{q, keyA{}, "again", "a", 1},         // kept: not built again
		{q, keyB{}, "b", "b", 2},             // another key
		{other, keyA{}, "other", "other", 3}, // another questionnaire
		{q, keyB{}, "again", "b", 3},
	}
	for i, tt := range tests {
		if got := tt.q.Memo(tt.key, build(tt.build)); got != tt.want {
			t.Errorf("%d: Memo = %v, want %v", i, got, tt.want)
		}
		if builds != tt.wantBuilds {
			t.Errorf("%d: %d builds, want %d", i, builds, tt.wantBuilds)
		}
	}
}
