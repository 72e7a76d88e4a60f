package demo

import (
	"context"
	_ "embed"
	"errors"
	"fmt"

	"github.com/assocbench/assocbench/survey"
)

//go:embed cascade.yaml
var cascadeYAML []byte

// seedCascade uploads the demo definition with cascading selects
// (choice_filter), unless it is there already.
func seedCascade(ctx context.Context, svc *survey.Service) error {
	if _, err := svc.UploadQuestionnaire(ctx, survey.System, "demo-cascade.yaml", cascadeYAML); err != nil && !errors.Is(err, survey.ErrConflict) {
		return fmt.Errorf("upload the demo-cascade questionnaire: %w", err)
	}
	return nil
}
