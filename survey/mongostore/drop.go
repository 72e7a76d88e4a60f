package mongostore

import (
	"context"
	"fmt"
)

// DropDatabase deletes the store's whole database. It exists for
// temporary databases (the benchmark harness on a real MongoDB); nothing
// in the application calls it.
func (s *Store) DropDatabase(ctx context.Context) error {
	if err := s.db.Drop(ctx); err != nil {
		return fmt.Errorf("drop database %s: %w", s.db.Name(), err)
	}
	return nil
}
