package mongostore

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// Releases. A release is a small header document in releases (what
// ListReleases reads), and in release_data its frozen publication: one
// document with the snapshot's rows (ids, peer attributes), the units and
// the hidden cells, and the snapshot's values in chunks of chunkRows rows,
// each a gzip of little-endian float64 columns then uint64 choice
// columns. Every document is read by _id.

// chunkRows is the number of rows of one data chunk (about 200 columns of
// 8 bytes: under 4 MB before compression).
const chunkRows = 2000

// releaseDoc is a releases document; _id is campaign/number (6 digits).
type releaseDoc struct {
	ID           string    `bson:"_id"`
	Campaign     string    `bson:"campaign"`
	Number       int64     `bson:"number"`
	At           time.Time `bson:"at"`
	By           string    `bson:"by"`
	Reason       string    `bson:"reason"`
	Generation   int64     `bson:"generation"`
	Associations int64     `bson:"associations"`
	Report       string    `bson:"report"` // JSON of scoring.ReleaseReport
	Chunks       int64     `bson:"chunks"`
}

// releaseDataDoc is a release_data document: the frozen release without
// its values (_id campaign/number/meta, Meta set) or one chunk of values
// (_id campaign/number/NNNN, Data set).
type releaseDataDoc struct {
	ID   string `bson:"_id"`
	Meta string `bson:"meta,omitempty"` // JSON of scoring.FrozenRelease (values excluded)
	Data []byte `bson:"data,omitempty"`
}

func releaseID(campaign string, number int) string { return fmt.Sprintf("%s/%06d", campaign, number) }

func (d *releaseDoc) toInfo() (*survey.ReleaseInfo, error) {
	info := &survey.ReleaseInfo{Campaign: d.Campaign, Number: int(d.Number), At: utc(d.At), By: d.By, Reason: d.Reason,
		Generation: d.Generation, Associations: int(d.Associations)}
	if err := json.Unmarshal([]byte(d.Report), &info.Report); err != nil {
		return nil, fmt.Errorf("release %s report: %w", d.ID, err)
	}
	return info, nil
}

// PutRelease stores a release (survey.ErrConflict when the campaign already has one of that number).
func (s *Store) PutRelease(ctx context.Context, r *survey.StoredRelease) error {
	id := releaseID(r.Campaign, r.Number)
	f := r.Frozen
	meta, err := json.Marshal(f)
	if err != nil {
		return storeErr(err, "encode release %s", id)
	}
	report, err := json.Marshal(r.Report)
	if err != nil {
		return storeErr(err, "encode release %s", id)
	}
	rows := len(f.IDs)
	chunks := (rows + chunkRows - 1) / chunkRows
	// The data first, the header last: a release without its header is
	// invisible, and a retry of the same number finds the header taken.
	docs := []any{&releaseDataDoc{ID: id + "/meta", Meta: string(meta)}}
	for c := range chunks {
		data, err := encodeChunk(f, c*chunkRows, min(rows, (c+1)*chunkRows))
		if err != nil {
			return storeErr(err, "encode release %s", id)
		}
		docs = append(docs, &releaseDataDoc{ID: fmt.Sprintf("%s/%04d", id, c), Data: data})
	}
	for _, d := range docs {
		_, err := s.db.Collection(collReleaseData).ReplaceOne(ctx, byID(d.(*releaseDataDoc).ID), d, options.Replace().SetUpsert(true))
		if err != nil {
			return storeErr(err, "store release %s", id)
		}
	}
	h := &releaseDoc{ID: id, Campaign: r.Campaign, Number: int64(r.Number), At: r.At, By: r.By, Reason: r.Reason,
		Generation: r.Generation, Associations: int64(r.Associations), Report: string(report), Chunks: int64(chunks)}
	return storeErr(s.insert(ctx, collReleases, h), "store release %s", id)
}

// GetRelease reads one release of a campaign with its data.
func (s *Store) GetRelease(ctx context.Context, campaign string, number int) (*survey.StoredRelease, error) {
	id := releaseID(campaign, number)
	var h releaseDoc
	if err := s.findOne(ctx, collReleases, id, &h); err != nil {
		return nil, storeErr(err, "get release %s", id)
	}
	info, err := h.toInfo()
	if err != nil {
		return nil, storeErr(err, "get release %s", id)
	}
	var m releaseDataDoc
	if err := s.findOne(ctx, collReleaseData, id+"/meta", &m); err != nil {
		return nil, storeErr(err, "get release %s", id)
	}
	f := &scoring.FrozenRelease{}
	if err := json.Unmarshal([]byte(m.Meta), f); err != nil {
		return nil, storeErr(err, "decode release %s", id)
	}
	f.Values = make([][]float64, len(f.Metrics))
	f.Choices = make([][]uint64, len(f.Questions)+len(f.Refs))
	for c := range int(h.Chunks) {
		var d releaseDataDoc
		if err := s.findOne(ctx, collReleaseData, fmt.Sprintf("%s/%04d", id, c), &d); err != nil {
			return nil, storeErr(err, "get release %s chunk %d", id, c)
		}
		if err := decodeChunk(f, d.Data); err != nil {
			return nil, storeErr(err, "decode release %s chunk %d", id, c)
		}
	}
	return &survey.StoredRelease{ReleaseInfo: *info, Frozen: f}, nil
}

// ListReleases returns a campaign's releases without their data, oldest first.
func (s *Store) ListReleases(ctx context.Context, campaign string) ([]*survey.ReleaseInfo, error) {
	docs, err := findAll(ctx, s.db.Collection(collReleases), bson.D{{Key: "campaign", Value: campaign}},
		options.Find().SetSort(bson.D{{Key: "number", Value: 1}}), func(d *releaseDoc) *releaseDoc { return d })
	if err != nil {
		return nil, storeErr(err, "list releases of %s", campaign)
	}
	out := make([]*survey.ReleaseInfo, 0, len(docs))
	for _, d := range docs {
		info, err := d.toInfo()
		if err != nil {
			return nil, storeErr(err, "list releases of %s", campaign)
		}
		out = append(out, info)
	}
	return out, nil
}

// SetLatestRelease records the number of the campaign's latest release.
func (s *Store) SetLatestRelease(ctx context.Context, campaign string, number int) error {
	return storeErr(s.setField(ctx, collCampaigns, campaign, "release", int64(number)), "record release of %s", campaign)
}

// encodeChunk writes rows [from, to) of the values and choices.
func encodeChunk(f *scoring.FrozenRelease, from, to int) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	var b [8]byte
	header := [3]uint32{uint32(from), uint32(to), uint32(len(f.Values))}
	if err := binary.Write(zw, binary.LittleEndian, header); err != nil {
		return nil, err
	}
	for _, col := range f.Values {
		for _, v := range col[from:to] {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
			if _, err := zw.Write(b[:]); err != nil {
				return nil, err
			}
		}
	}
	for _, col := range f.Choices {
		for _, v := range col[from:to] {
			binary.LittleEndian.PutUint64(b[:], v)
			if _, err := zw.Write(b[:]); err != nil {
				return nil, err
			}
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decodeChunk appends one chunk's rows to the values and choices of f,
// which must come in order.
func decodeChunk(f *scoring.FrozenRelease, data []byte) error {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(io.LimitReader(zr, 1<<30))
	if err != nil {
		return err
	}
	if len(raw) < 12 {
		return fmt.Errorf("chunk of %d bytes", len(raw))
	}
	from := int(binary.LittleEndian.Uint32(raw[0:]))
	to := int(binary.LittleEndian.Uint32(raw[4:]))
	nv := int(binary.LittleEndian.Uint32(raw[8:]))
	raw = raw[12:]
	rows := to - from
	if nv != len(f.Values) || rows < 0 || len(raw) != 8*rows*(len(f.Values)+len(f.Choices)) {
		return fmt.Errorf("chunk of rows %d-%d does not fit the release", from, to)
	}
	if len(f.Values) > 0 && len(f.Values[0]) != from || len(f.Choices) > 0 && len(f.Choices[0]) != from {
		return fmt.Errorf("chunk of rows %d-%d out of order", from, to)
	}
	for i := range f.Values {
		for range rows {
			f.Values[i] = append(f.Values[i], math.Float64frombits(binary.LittleEndian.Uint64(raw)))
			raw = raw[8:]
		}
	}
	for i := range f.Choices {
		for range rows {
			f.Choices[i] = append(f.Choices[i], binary.LittleEndian.Uint64(raw))
			raw = raw[8:]
		}
	}
	return nil
}
