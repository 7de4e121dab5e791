package store

import (
	"context"
	"fmt"
	"strings"
)

// Small helpers for the read queries every part of the store runs.

// each runs a query on the readers and hands every row to fn.
func (s *Store) each(ctx context.Context, fn func(scanner) error, query string, args ...any) error {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return explain(s.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("reading a row: %w", err)
		}
	}
	return explain(s.path, rows.Err())
}

// column runs a query of one column on the readers and returns its values.
func column[T any](ctx context.Context, s *Store, query string, args ...any) ([]T, error) {
	var out []T
	err := s.each(ctx, func(sc scanner) error {
		var v T
		if err := sc.Scan(&v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	}, query, args...)
	return out, err
}

// placeholders is "?,?,…" for n arguments.
func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }
