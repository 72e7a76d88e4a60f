// Package scoring turns answers into scores and scores into peer
// benchmarks. It is pure computation: no I/O, no context, no database.
//
// Scoring one response (Score): every scored question and indicator gets
// 0-100 points by its method (choice points, scale, yes/no, bands, linear,
// count); a section's score is the weighted mean of its scored items,
// renormalised over the items that are answered, relevant and not N/A;
// the area score is the weighted mean of the scored sections, and the
// maturity level is the highest whose threshold it reaches. Items that
// cannot be scored are left out, never counted as 0; a section with no
// scorable item has no score.
//
// Score is built for volume (every submission and every re-score runs
// it): the answers are looked up once, the questionnaire's items come from
// a plan derived once per questionnaire (plan.go), expressions run on
// typed fast paths, and a caller done with a Result can Release it so
// that the next Score reuses its memory instead of allocating some 10 KB.
// BenchmarkScore and BenchmarkScoreRelease measure both against
// BenchmarkScoreFloor, the same scores computed from a flat array by
// hand-written code (floor_test.go).
//
// "Where to improve first" ranks scored items by their gain: how many
// points the area score would rise if the item reached 100, that is
// (100 - points) x the item's weight share in its section x the section's
// weight share in the area. The three largest gains are the lowest-scoring
// items with the most weight.
//
// Roll combines an association's area results into IFLA impact-area
// scores (the mean of the areas whose questionnaires serve each impact
// area) and an overall score (the mean of the three areas, only when all
// three are present).
//
// Metric names: peer statistics work on flat metrics named
// "overall", "area:AREA", "impact:IA0N", "section:QID/SECTION",
// "item:QID/ITEM" (points of a question or indicator) and
// "indicator:QID/ID" (an indicator's raw value); see Metrics.
//
// Every peer group published (Benchmark, Ranks, Prevalence, Trends)
// follows the anonymity rules of the Anonymity comment in groups.go. For
// large sets of responses, a Dataset holds the peers in columns (one
// float64 column per metric, NaN for no value, attributes coded per
// dimension): BenchmarkDataset computes from it exactly the Table that
// Benchmark computes from the same peers as []Peer, without a map lookup
// per value, and Table.RankRow ranks one of its rows.
package scoring
