package interchange

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"rolo/model"
)

// rolo's own JSON is the whole book, lossless: every table a restore
// needs, every row (archived ones too), every column exactly as stored,
// rows in id order, one row per line. Export it, import it into an empty
// file, export again: the same bytes.
//
//	{"format":"rolo","version":1,"schema":2,
//	"stages":[
//	{"id":1,"name":"Prospecting",…},
//	…],
//	"accounts":[…],…}

const jsonFormat = "rolo"

// RowSource streams a table's rows: column names and values as stored.
type RowSource func(table string, fn func(cols []string, vals []any) error) error

// WriteJSON writes the tables as rolo's JSON export.
func WriteJSON(w io.Writer, schema int, tables []string, rows RowSource) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	fmt.Fprintf(bw, `{"format":%q,"version":1,"schema":%d`, jsonFormat, schema)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, t := range tables {
		fmt.Fprintf(bw, ",\n%q:[", t)
		first := true
		err := rows(t, func(cols []string, vals []any) error {
			if !first {
				bw.WriteByte(',')
			}
			first = false
			bw.WriteString("\n{")
			for i, c := range cols {
				if i > 0 {
					bw.WriteByte(',')
				}
				buf.Reset()
				v := vals[i]
				if b, ok := v.([]byte); ok {
					v = base64.StdEncoding.EncodeToString(b)
				}
				if err := enc.Encode(v); err != nil {
					return fmt.Errorf("writing %s: %w", t, err)
				}
				fmt.Fprintf(bw, "%q:", c)
				writeInert(bw, bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
			}
			bw.WriteByte('}')
			return nil
		})
		if err != nil {
			return err
		}
		if !first {
			bw.WriteByte('\n')
		}
		bw.WriteByte(']')
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

// writeInert writes encoded JSON with every character a terminal would act
// on or hide (DEL, C1 controls, bidi and zero-width characters; JSON
// already escapes C0) spelled as a \u escape, so the export is as inert
// as rolo's other JSON when it is printed, and decodes to the same text.
// Outside strings JSON is ASCII, so only strings change, and only in
// spelling.
func writeInert(w *bufio.Writer, b []byte) {
	plain := 0 // ASCII below DEL needs no look (most of a book)
	for plain < len(b) && b[plain] < 0x7f {
		plain++
	}
	w.Write(b[:plain])
	b = b[plain:]
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r < 0x7f || !model.IsTerminalControl(r):
			w.Write(b[:n])
		case r > 0xffff: // a tag character: a surrogate pair
			hi, lo := utf16.EncodeRune(r)
			fmt.Fprintf(w, `\u%04x\u%04x`, hi, lo)
		default:
			fmt.Fprintf(w, `\u%04x`, r)
		}
		b = b[n:]
	}
}

// JSONHeader is what a rolo JSON export says about itself.
type JSONHeader struct {
	Version int
	Schema  int
}

// ReadJSON streams a rolo JSON export: fn gets each row of each table in
// the file's order, values as json.Number, string or nil (blobs stay
// base64 text). Nothing is held in memory beyond one row.
func ReadJSON(r io.Reader, fn func(table string, cols []string, vals []any) error) (JSONHeader, error) {
	var h JSONHeader
	dec := json.NewDecoder(bufio.NewReaderSize(r, 64<<10))
	dec.UseNumber()
	if err := expectDelim(dec, '{'); err != nil {
		return h, notRolo(err)
	}
	sawFormat := false
	for dec.More() {
		key, err := stringToken(dec)
		if err != nil {
			return h, notRolo(err)
		}
		switch key {
		case "format":
			v, err := stringToken(dec)
			if err != nil || v != jsonFormat {
				return h, errors.New("this JSON file is not a rolo export (its format is not \"rolo\")")
			}
			sawFormat = true
		case "version", "schema":
			tok, err := dec.Token()
			n, ok := tok.(json.Number)
			if err != nil || !ok {
				return h, fmt.Errorf("the export's %q is not a number", key)
			}
			v, _ := strconv.Atoi(n.String())
			if key == "version" {
				h.Version = v
			} else {
				h.Schema = v
			}
		default:
			if !sawFormat {
				return h, errors.New("this JSON file is not a rolo export (it does not start with \"format\":\"rolo\")")
			}
			if err := readTable(dec, key, fn); err != nil {
				return h, err
			}
		}
	}
	if !sawFormat {
		return h, errors.New("this JSON file is not a rolo export")
	}
	return h, expectDelim(dec, '}')
}

func readTable(dec *json.Decoder, table string, fn func(string, []string, []any) error) error {
	if err := expectDelim(dec, '['); err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	var cols []string
	var vals []any
	for n := 1; dec.More(); n++ {
		if err := expectDelim(dec, '{'); err != nil {
			return fmt.Errorf("%s row %d: %w", table, n, err)
		}
		cols, vals = cols[:0], vals[:0]
		for dec.More() {
			c, err := stringToken(dec)
			if err != nil {
				return fmt.Errorf("%s row %d: %w", table, n, err)
			}
			tok, err := dec.Token()
			if err != nil {
				return fmt.Errorf("%s row %d: %w", table, n, err)
			}
			if d, ok := tok.(json.Delim); ok {
				return fmt.Errorf("%s row %d: %s holds %v, not a value", table, n, c, d)
			}
			cols, vals = append(cols, c), append(vals, tok)
		}
		if err := expectDelim(dec, '}'); err != nil {
			return fmt.Errorf("%s row %d: %w", table, n, err)
		}
		if err := fn(table, cols, vals); err != nil {
			return err
		}
	}
	return expectDelim(dec, ']')
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %v, found %v", want, tok)
	}
	return nil
}

func stringToken(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	s, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("expected a name, found %v", tok)
	}
	return s, nil
}

func notRolo(err error) error {
	return fmt.Errorf("this is not a rolo JSON export: %w", err)
}
