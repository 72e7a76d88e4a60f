package mongostore_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/mongostore"
	"github.com/assocbench/assocbench/survey/mongostore/mongotest"
)

func TestMain(m *testing.M) { mongotest.Main(m) }

// openStore opens a store on the test package's server, in a database of
// its own, closed when t ends.
func openStore(t testing.TB, atomicity mongostore.Atomicity) *mongostore.Store {
	t.Helper()
	uri, db := mongotest.NewDatabase(t)
	s, err := mongostore.Open(context.Background(), mongostore.Config{URI: uri, Database: db, Atomicity: atomicity})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(context.Background()); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// bothModes runs f once per way of making writes atomic.
func bothModes(t *testing.T, f func(t *testing.T, s *mongostore.Store)) {
	for _, a := range []mongostore.Atomicity{mongostore.AtomicityServer, mongostore.AtomicityLocal} {
		t.Run(a.String(), func(t *testing.T) { f(t, openStore(t, a)) })
	}
}

// rawClient returns a plain driver client for uri, to read stored documents
// as they are; it is disconnected when t ends.
func rawClient(t testing.TB, uri string) *mongo.Client {
	t.Helper()
	client, err := mongo.Connect(options.Client().ApplyURI(uri))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Disconnect(context.Background()) })
	return client
}

// day is a fixed instant with millisecond precision, as the store keeps times.
var day = time.Date(2026, 3, 14, 9, 26, 53, 589_000_000, time.UTC)

// at returns day plus n hours.
func at(n int) time.Time { return day.Add(time.Duration(n) * time.Hour) }

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// checkErr checks that err is (wraps) want, or is nil when want is nil.
func checkErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("%s: %v, want no error", what, err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Fatalf("%s: error %v, want %v", what, err, want)
	}
}

func association(id, region, typ string) *survey.Association {
	return &survey.Association{
		ID: id, Name: "Association " + id, Country: "KE", Region: questionnaires.Region(region), Type: typ,
		Members: 1200, InstitutionalMembers: 40, BudgetBand: "usd_50k_250k",
		Languages: []string{"en", "sw"}, TimeZone: "Africa/Nairobi", Language: "en",
		MentoringOffers: []string{"advocacy"}, MentoringSeeks: []string{},
		CreatedAt: at(0), UpdatedAt: at(1),
	}
}

func TestPing(t *testing.T) {
	s := openStore(t, mongostore.AtomicityAuto)
	if err := s.Ping(t.Context()); err != nil {
		t.Errorf("Ping: %v", err)
	}
	if err := s.Close(t.Context()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Ping(t.Context()); err == nil {
		t.Error("Ping after Close succeeded, want an error")
	}
}

func TestOpenAtomicityAuto(t *testing.T) {
	s := openStore(t, mongostore.AtomicityAuto)
	want := mongostore.AtomicityServer
	if s.FerretDB() {
		want = mongostore.AtomicityLocal
	}
	if got := s.Atomicity(); got != want {
		t.Errorf("Atomicity() = %v (FerretDB %t), want %v", got, s.FerretDB(), want)
	}
	if s.Embedded() {
		t.Error("Embedded() = true for a store opened with a URI")
	}
}

func TestOpenErrors(t *testing.T) {
	uri, db := mongotest.NewDatabase(t)
	tests := []struct {
		name string
		cfg  mongostore.Config
	}{
		{"bad uri", mongostore.Config{URI: "http://localhost/"}},
		{"bad database name", mongostore.Config{URI: uri, Database: "a/b"}},
		{"unknown atomicity", mongostore.Config{URI: uri, Database: db, Atomicity: 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := mongostore.Open(t.Context(), tt.cfg)
			if err == nil {
				s.Close(t.Context())
				t.Fatal("Open succeeded, want an error")
			}
		})
	}
}

func TestAssociations(t *testing.T) {
	s := openStore(t, mongostore.AtomicityAuto)
	ctx := t.Context()
	for _, a := range []*survey.Association{
		association("ula", "africa", "national"),
		association("ala", "north-america", "national"),
		association("kla", "africa", "student"),
		association("bla", "africa", "national"),
	} {
		checkErr(t, "CreateAssociation "+a.ID, s.CreateAssociation(ctx, a), nil)
	}
	checkErr(t, "CreateAssociation duplicate", s.CreateAssociation(ctx, association("ala", "europe", "other")), survey.ErrConflict)

	got, err := s.GetAssociation(ctx, "ala")
	checkErr(t, "GetAssociation", err, nil)
	if diff := cmp.Diff(association("ala", "north-america", "national"), got); diff != "" {
		t.Errorf("GetAssociation after a refused duplicate (-want +got):\n%s", diff)
	}
	_, err = s.GetAssociation(ctx, "nobody")
	checkErr(t, "GetAssociation missing", err, survey.ErrNotFound)

	changed := association("ala", "europe", "regional")
	changed.Members = 99
	changed.Languages = nil
	checkErr(t, "ReplaceAssociation", s.ReplaceAssociation(ctx, changed), nil)
	got, err = s.GetAssociation(ctx, "ala")
	checkErr(t, "GetAssociation after replace", err, nil)
	if diff := cmp.Diff(changed, got); diff != "" {
		t.Errorf("GetAssociation after replace (-want +got):\n%s", diff)
	}
	checkErr(t, "ReplaceAssociation missing", s.ReplaceAssociation(ctx, association("nobody", "europe", "other")), survey.ErrNotFound)
	if _, err := s.GetAssociation(ctx, "nobody"); !errors.Is(err, survey.ErrNotFound) {
		t.Errorf("ReplaceAssociation of a missing association created it (GetAssociation error %v)", err)
	}

	lists := []struct {
		name string
		f    survey.AssociationFilter
		want []string
	}{
		{"all", survey.AssociationFilter{}, []string{"ala", "bla", "kla", "ula"}},
		{"region", survey.AssociationFilter{Region: "africa"}, []string{"bla", "kla", "ula"}},
		{"type", survey.AssociationFilter{Type: "national"}, []string{"bla", "ula"}},
		{"region and type", survey.AssociationFilter{Region: "africa", Type: "student"}, []string{"kla"}},
		{"none", survey.AssociationFilter{Region: "mena"}, nil},
		{"first page", survey.AssociationFilter{Limit: 2}, []string{"ala", "bla"}},
		{"next page", survey.AssociationFilter{After: "bla", Limit: 2}, []string{"kla", "ula"}},
		{"after a missing id", survey.AssociationFilter{After: "c", Limit: 1}, []string{"kla"}},
		{"past the end", survey.AssociationFilter{After: "ula", Limit: 2}, nil},
		{"page of a region", survey.AssociationFilter{Region: "africa", After: "bla", Limit: 1}, []string{"kla"}},
	}
	for _, tt := range lists {
		t.Run("list "+tt.name, func(t *testing.T) {
			list, err := s.ListAssociations(ctx, tt.f)
			checkErr(t, "ListAssociations", err, nil)
			var got []string
			for _, a := range list {
				got = append(got, a.ID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ListAssociations(%+v) ids (-want +got):\n%s", tt.f, diff)
			}
		})
	}
}

func TestQuestionnaires(t *testing.T) {
	s := openStore(t, mongostore.AtomicityAuto)
	ctx := t.Context()
	q := func(id, version, src string) *survey.StoredQuestionnaire {
		return &survey.StoredQuestionnaire{Key: id + "@" + version, ID: id, Version: version,
			Source: []byte(src), UploadedAt: at(2), UploadedBy: "abc123"}
	}
	for _, sq := range []*survey.StoredQuestionnaire{q("membership", "2026.1", "id: membership\n"), q("finance", "2026.1", "\x00\xff binary ok")} {
		checkErr(t, "PutQuestionnaire "+sq.Key, s.PutQuestionnaire(ctx, sq), nil)
	}
	checkErr(t, "PutQuestionnaire duplicate", s.PutQuestionnaire(ctx, q("finance", "2026.1", "other")), survey.ErrConflict)

	got, err := s.GetQuestionnaire(ctx, "finance@2026.1")
	checkErr(t, "GetQuestionnaire", err, nil)
	if diff := cmp.Diff(q("finance", "2026.1", "\x00\xff binary ok"), got); diff != "" {
		t.Errorf("GetQuestionnaire (-want +got):\n%s", diff)
	}
	_, err = s.GetQuestionnaire(ctx, "finance@1")
	checkErr(t, "GetQuestionnaire missing", err, survey.ErrNotFound)

	list, err := s.ListQuestionnaires(ctx)
	checkErr(t, "ListQuestionnaires", err, nil)
	want := []*survey.StoredQuestionnaire{q("finance", "2026.1", "\x00\xff binary ok"), q("membership", "2026.1", "id: membership\n")}
	if diff := cmp.Diff(want, list); diff != "" {
		t.Errorf("ListQuestionnaires (-want +got):\n%s", diff)
	}
}

func campaign(id string, opens time.Time) *survey.Campaign {
	return &survey.Campaign{
		ID: id, Title: questionnaires.Text{"en": "Campaign " + id, "fr": "Campagne " + id},
		Questionnaires: []string{"finance@2026.1", "membership@2026.1"},
		Opens:          opens, Closes: opens.Add(30 * 24 * time.Hour), AnywhereOnEarth: true,
		K: 5, Previous: "2025-baseline", CreatedAt: at(0),
	}
}

func TestCampaigns(t *testing.T) {
	s := openStore(t, mongostore.AtomicityAuto)
	ctx := t.Context()
	for _, c := range []*survey.Campaign{campaign("b", at(48)), campaign("c", at(24)), campaign("a", at(48))} {
		checkErr(t, "CreateCampaign "+c.ID, s.CreateCampaign(ctx, c), nil)
	}
	checkErr(t, "CreateCampaign duplicate", s.CreateCampaign(ctx, campaign("a", at(0))), survey.ErrConflict)

	hostile := campaign("d", at(0))
	hostile.Title = questionnaires.Text{"$where": "x"}
	err := s.CreateCampaign(ctx, hostile)
	var ve *survey.ValidationError
	if !errors.As(err, &ve) {
		t.Errorf("CreateCampaign with title key $where: error %v, want a *survey.ValidationError", err)
	}
	_, err = s.GetCampaign(ctx, "d")
	checkErr(t, "GetCampaign of the refused campaign", err, survey.ErrNotFound)

	list, err := s.ListCampaigns(ctx)
	checkErr(t, "ListCampaigns", err, nil)
	var ids []string
	for _, c := range list {
		ids = append(ids, c.ID)
	}
	if diff := cmp.Diff([]string{"c", "a", "b"}, ids); diff != "" {
		t.Errorf("ListCampaigns ids, by opening then id (-want +got):\n%s", diff)
	}

	checkErr(t, "CloseCampaign", s.CloseCampaign(ctx, "a", at(50)), nil)
	checkErr(t, "CloseCampaign missing", s.CloseCampaign(ctx, "zz", at(50)), survey.ErrNotFound)
	for i := int64(1); i <= 3; i++ {
		g, err := s.BumpGeneration(ctx, "a")
		checkErr(t, "BumpGeneration", err, nil)
		if g != i {
			t.Errorf("BumpGeneration #%d = %d, want %d", i, g, i)
		}
	}
	_, err = s.BumpGeneration(ctx, "zz")
	checkErr(t, "BumpGeneration missing", err, survey.ErrNotFound)

	want := campaign("a", at(48))
	want.ClosedAt = ptr(at(50))
	want.Generation = 3
	got, err := s.GetCampaign(ctx, "a")
	checkErr(t, "GetCampaign", err, nil)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GetCampaign after close and bumps (-want +got):\n%s", diff)
	}
	_, err = s.GetCampaign(ctx, "zz")
	checkErr(t, "GetCampaign missing", err, survey.ErrNotFound)
}

// hash returns a fake token hash: 64 hex digits starting with prefix.
func hash(prefix string) string {
	const zeros = "0000000000000000000000000000000000000000000000000000000000000000"
	return prefix + zeros[len(prefix):]
}

func token(h, assoc string, created time.Time) *survey.Token {
	role := survey.RoleAssociation
	if assoc == "" {
		role = survey.RoleAdmin
	}
	return &survey.Token{Hash: h, Role: role, Association: assoc, Label: "label " + h[:4],
		CreatedAt: created, CreatedBy: "abcdef012345", ExpiresAt: created.Add(90 * 24 * time.Hour)}
}

func TestTokens(t *testing.T) {
	s := openStore(t, mongostore.AtomicityAuto)
	ctx := t.Context()
	tokens := []*survey.Token{
		token(hash("abc1"), "ala", at(1)),
		token(hash("abc2"), "ala", at(3)),
		token(hash("abd0"), "", at(2)),
		token(hash("f00"), "kla", at(0)),
	}
	for _, tok := range tokens {
		checkErr(t, "InsertToken", s.InsertToken(ctx, tok), nil)
	}
	checkErr(t, "InsertToken duplicate", s.InsertToken(ctx, token(hash("abc1"), "kla", at(9))), survey.ErrConflict)
	for i := range 12 {
		checkErr(t, "InsertToken", s.InsertToken(ctx, token(hash(fmt.Sprintf("e%02x", i)), "", at(5))), nil)
	}

	got, err := s.GetToken(ctx, hash("abc1"))
	checkErr(t, "GetToken", err, nil)
	if diff := cmp.Diff(tokens[0], got); diff != "" {
		t.Errorf("GetToken (-want +got):\n%s", diff)
	}
	_, err = s.GetToken(ctx, hash("abc"))
	checkErr(t, "GetToken missing", err, survey.ErrNotFound)

	hashes := func(list []*survey.Token) []string {
		var out []string
		for _, tok := range list {
			out = append(out, tok.Hash[:4])
		}
		return out
	}
	finds := []struct {
		prefix string
		want   []string
	}{
		{"abc", []string{"abc1", "abc2"}},
		{"ab", []string{"abc1", "abc2", "abd0"}},
		{"abc2", []string{"abc2"}},
		{hash("abd0"), []string{"abd0"}},
		{"abe", nil},
		{"e", []string{"e000", "e010", "e020", "e030", "e040", "e050", "e060", "e070", "e080", "e090"}},
	}
	for _, tt := range finds {
		list, err := s.FindTokens(ctx, tt.prefix)
		checkErr(t, "FindTokens", err, nil)
		if diff := cmp.Diff(tt.want, hashes(list)); diff != "" {
			t.Errorf("FindTokens(%q) (-want +got):\n%s", tt.prefix, diff)
		}
	}

	list, err := s.ListTokens(ctx, "ala")
	checkErr(t, "ListTokens", err, nil)
	if diff := cmp.Diff([]string{"abc2", "abc1"}, hashes(list)); diff != "" {
		t.Errorf("ListTokens(ala), newest first (-want +got):\n%s", diff)
	}
	list, err = s.ListTokens(ctx, "")
	checkErr(t, "ListTokens all", err, nil)
	if got, want := len(list), 16; got != want {
		t.Errorf("ListTokens(\"\") returned %d tokens, want %d", got, want)
	}

	checkErr(t, "RevokeToken", s.RevokeToken(ctx, hash("abc2"), at(4)), nil)
	checkErr(t, "RevokeToken missing", s.RevokeToken(ctx, hash("abc3"), at(4)), survey.ErrNotFound)
	got, err = s.GetToken(ctx, hash("abc2"))
	checkErr(t, "GetToken revoked", err, nil)
	if got.RevokedAt == nil || !got.RevokedAt.Equal(at(4)) {
		t.Errorf("RevokedAt = %v, want %v", got.RevokedAt, at(4))
	}
}

// TestTokenStoredAsGiven reads the raw tokens document: the store keeps the
// hash it is given as _id and nothing else that identifies the token (the
// service hashes; the raw token never reaches the store).
func TestTokenStoredAsGiven(t *testing.T) {
	uri, dbName := mongotest.NewDatabase(t)
	s, err := mongostore.Open(t.Context(), mongostore.Config{URI: uri, Database: dbName})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	tok := token(hash("c0ffee"), "ala", at(0))
	checkErr(t, "InsertToken", s.InsertToken(t.Context(), tok), nil)

	raw, err := rawClient(t, uri).Database(dbName).Collection("tokens").
		FindOne(t.Context(), bson.D{}).Raw()
	if err != nil {
		t.Fatalf("read the tokens document: %v", err)
	}
	var got bson.M
	if err := bson.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	want := bson.M{
		"_id": tok.Hash, "role": "association", "association": "ala", "label": tok.Label,
		"created_at": bson.NewDateTimeFromTime(tok.CreatedAt), "created_by": tok.CreatedBy,
		"expires_at": bson.NewDateTimeFromTime(tok.ExpiresAt),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored token document (-want +got):\n%s", diff)
	}
}

func TestAudit(t *testing.T) {
	s := openStore(t, mongostore.AtomicityAuto)
	ctx := t.Context()
	events := []*survey.AuditEvent{
		{At: at(1), Actor: "abc", Role: survey.RoleAdmin, Action: survey.ActionSubmit, Target: "c/a/q", Detail: "rev 2"},
		{At: at(3), Actor: "abc", Role: survey.RoleAdmin, Action: survey.ActionReopen, Target: "c/a/q"},
		{At: at(2), Actor: "def", Role: survey.RoleAnalyst, Action: survey.ActionExport, Target: "c"},
		{At: at(3), Actor: "def", Role: survey.RoleAnalyst, Action: survey.ActionExport, Target: "c"},
	}
	for _, e := range events {
		checkErr(t, "AppendAudit", s.AppendAudit(ctx, e), nil)
	}
	tests := []struct {
		name string
		f    survey.AuditFilter
		want []*survey.AuditEvent
	}{
		// Same instant: the later appended first.
		{"all", survey.AuditFilter{}, []*survey.AuditEvent{events[3], events[1], events[2], events[0]}},
		{"target", survey.AuditFilter{Target: "c/a/q"}, []*survey.AuditEvent{events[1], events[0]}},
		{"action", survey.AuditFilter{Action: survey.ActionExport}, []*survey.AuditEvent{events[3], events[2]}},
		{"target and action", survey.AuditFilter{Target: "c/a/q", Action: survey.ActionSubmit}, []*survey.AuditEvent{events[0]}},
		{"limit", survey.AuditFilter{Limit: 2}, []*survey.AuditEvent{events[3], events[1]}},
		{"none", survey.AuditFilter{Target: "x"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ListAudit(ctx, tt.f)
			checkErr(t, "ListAudit", err, nil)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ListAudit(%+v) (-want +got):\n%s", tt.f, diff)
			}
		})
	}
}

// TestOpenTwice: Open on a database that an earlier Open set up succeeds
// (index creation is idempotent) and sees the data.
func TestOpenTwice(t *testing.T) {
	uri, db := mongotest.NewDatabase(t)
	for i := range 3 {
		s, err := mongostore.Open(t.Context(), mongostore.Config{URI: uri, Database: db})
		if err != nil {
			t.Fatalf("Open #%d: %v", i+1, err)
		}
		err = s.CreateAssociation(t.Context(), association(fmt.Sprintf("a%d", i), "africa", "national"))
		if err != nil {
			t.Errorf("CreateAssociation: %v", err)
		}
		list, err := s.ListAssociations(t.Context(), survey.AssociationFilter{})
		if err != nil || len(list) != i+1 {
			t.Errorf("Open #%d: ListAssociations = %d associations, %v; want %d", i+1, len(list), err, i+1)
		}
		if err := s.Close(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
}
