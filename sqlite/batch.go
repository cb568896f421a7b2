package sqlite

import (
	"database/sql"
	"strings"
)

// batchRows is how many rows one multi-row INSERT carries. A big write
// (sprint auto places thousands of requirements, each with its audit event)
// then costs a statement per batch, not per row; 100 rows of up to 9 columns
// stay far below SQLite's limit on parameters.
const batchRows = 100

// batchInsert writes rows with "head VALUES (?,…),(?,…)… tail" statements,
// batchRows rows at a time, each row holding width values. tail may be ""
// or an ON CONFLICT clause. The full-batch statement is prepared once; add,
// then flush, and close when done.
type batchInsert struct {
	tx    *Tx
	head  string
	tail  string
	width int
	rows  []any // values, width per row
	full  *sql.Stmt
}

func (tx *Tx) newBatchInsert(head, tail string, width int) *batchInsert {
	return &batchInsert{tx: tx, head: head, tail: tail, width: width}
}

// add queues one row and writes a full batch.
func (b *batchInsert) add(values ...any) error {
	b.rows = append(b.rows, values...)
	if len(b.rows) < batchRows*b.width {
		return nil
	}
	if b.full == nil {
		var err error
		if b.full, err = b.tx.PrepareContext(b.tx.ctx, b.statement(batchRows)); err != nil {
			return err
		}
	}
	_, err := b.full.ExecContext(b.tx.ctx, b.rows...)
	b.rows = b.rows[:0]
	return err
}

// flush writes the rows still queued.
func (b *batchInsert) flush() error {
	if len(b.rows) == 0 {
		return nil
	}
	_, err := b.tx.ExecContext(b.tx.ctx, b.statement(len(b.rows)/b.width), b.rows...)
	b.rows = b.rows[:0]
	return err
}

// close releases the prepared statement; rows not flushed are dropped
// (the transaction is failing).
func (b *batchInsert) close() {
	if b.full != nil {
		b.full.Close()
		b.full = nil
	}
}

func (b *batchInsert) statement(n int) string {
	row := "(" + strings.Repeat("?,", b.width-1) + "?)"
	var s strings.Builder
	s.Grow(len(b.head) + len(b.tail) + n*(len(row)+1) + 16)
	s.WriteString(b.head)
	s.WriteString(" VALUES ")
	for i := range n {
		if i > 0 {
			s.WriteByte(',')
		}
		s.WriteString(row)
	}
	if b.tail != "" {
		s.WriteByte(' ')
		s.WriteString(b.tail)
	}
	return s.String()
}
