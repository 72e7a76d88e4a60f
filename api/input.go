package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/httpx"
)

// maxJSONDepth bounds the nesting of a JSON body.
const maxJSONDepth = 32

// readBody reads at most limit bytes; a longer body is httpx.ErrTooLarge, whatever it holds.
func readBody(c *gin.Context, limit int64) ([]byte, error) {
	if c.Request.ContentLength > limit {
		return nil, &httpx.RequestError{Kind: httpx.ErrTooLarge, Msg: fmt.Sprintf("request body is larger than %d bytes", limit)}
	}
	b, err := io.ReadAll(io.LimitReader(c.Request.Body, limit+1))
	if err != nil {
		return nil, httpx.BadRequest("", "cannot read the request body")
	}
	if int64(len(b)) > limit {
		return nil, &httpx.RequestError{Kind: httpx.ErrTooLarge, Msg: fmt.Sprintf("request body is larger than %d bytes", limit)}
	}
	return b, nil
}

// requireJSON checks the Content-Type of a request with a body.
func requireJSON(c *gin.Context) error {
	ct := c.GetHeader("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return &httpx.RequestError{Kind: httpx.ErrMediaType, Msg: "send JSON with Content-Type: application/json"}
	}
	return nil
}

// decodeJSON decodes a JSON request body into dst strictly: at most
// httpx.MaxJSONBody bytes, valid UTF-8, nesting at most maxJSONDepth, no unknown
// fields, exactly one value.
func decodeJSON(c *gin.Context, dst any) error {
	if err := requireJSON(c); err != nil {
		return err
	}
	b, err := readBody(c, httpx.MaxJSONBody)
	if err != nil {
		return err
	}
	return decodeStrict(b, dst)
}

// decodeOptionalJSON decodes an optional JSON body into dst like
// decodeJSON; a request without a body, or with an empty one (as a
// client sending it chunked may), leaves dst as it is.
func decodeOptionalJSON(c *gin.Context, dst any) error {
	if c.Request.ContentLength == 0 {
		return nil
	}
	b, err := readBody(c, httpx.MaxJSONBody)
	if err != nil {
		return err
	}
	if len(b) == 0 {
		return nil
	}
	if err := requireJSON(c); err != nil {
		return err
	}
	return decodeStrict(b, dst)
}

func decodeStrict(b []byte, dst any) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return httpx.BadRequest("", "the request body is empty; send a JSON object")
	}
	if !utf8.Valid(b) {
		return httpx.BadRequest("", "the request body is not valid UTF-8")
	}
	if d := jsonDepth(b); d > maxJSONDepth {
		return httpx.BadRequest("", fmt.Sprintf("JSON nested deeper than %d levels", maxJSONDepth))
	}
	if key, ok := duplicateKey(b); ok {
		return httpx.BadRequest(safeField(key), "this key appears twice in one object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err, b, dst)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return httpx.BadRequest("", "unexpected data after the JSON value")
	}
	return nil
}

// jsonError turns a decoding error of b into dst into a message naming the field.
func jsonError(err error, b []byte, dst any) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return httpx.BadRequest("", fmt.Sprintf("malformed JSON at byte %d", se.Offset))
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "body"
		}
		return httpx.BadRequest(field, typeMessage(te))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return httpx.BadRequest(safeField(name), "unknown field")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return httpx.BadRequest("", "truncated JSON")
	}
	if name, typ := fieldOf(b, dst); name != "" {
		if typ == reflect.TypeFor[time.Time]() {
			return httpx.BadRequest(safeField(name), "must be a date and time such as 2026-03-01T12:00:00Z")
		}
		return httpx.BadRequest(safeField(name), "invalid value")
	}
	return httpx.BadRequest("", "invalid JSON: "+err.Error())
}

// fieldOf finds the top-level field of the struct dst whose value in the
// JSON object b does not decode, and its type. encoding/json names no
// field in the errors of UnmarshalJSON methods (time.Time's, for one).
func fieldOf(b []byte, dst any) (string, reflect.Type) {
	var obj map[string]json.RawMessage
	if json.Unmarshal(b, &obj) != nil {
		return "", nil
	}
	t := reflect.TypeOf(dst)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return "", nil
	}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		for key, raw := range obj {
			if strings.EqualFold(key, name) && json.Unmarshal(raw, reflect.New(f.Type).Interface()) != nil {
				return key, f.Type
			}
		}
	}
	return "", nil
}

// typeMessage says what is wrong with a JSON value of the wrong type.
// encoding/json reports a number that does not fit the field (a
// fraction for a whole number, 1e309 for any number) as "number X".
func typeMessage(te *json.UnmarshalTypeError) string {
	k := te.Type.Kind()
	isInt := k >= reflect.Int && k <= reflect.Uint64
	if strings.HasPrefix(te.Value, "number") {
		switch {
		case isInt:
			return "must be a whole number within range"
		case k == reflect.Float32 || k == reflect.Float64:
			return "must be a number of at most 1.7e308 in size"
		}
	}
	return fmt.Sprintf("must be %s, not %s", jsonKind(k.String()), te.Value)
}

// duplicateKey finds a key that appears twice in one object of the JSON
// document b (encoding/json would keep the last one silently).
func duplicateKey(b []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool // the next string token is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", false // malformed or done: the decoder reports the rest
		}
		top := (*frame)(nil)
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if key, isKey := tok.(string); isKey && top != nil && top.object && top.key {
			if top.keys[key] {
				return key, true
			}
			top.keys[key] = true
			top.key = false
			continue
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, keys: map[string]bool{}, key: true})
			continue
		case json.Delim('['):
			stack = append(stack, &frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].key = true // a value ended: a key comes next
		}
	}
}

func jsonKind(k string) string {
	switch k {
	case "int", "int64", "float64", "int32", "uint64":
		return "a number"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice":
		return "a list"
	case "map", "struct":
		return "an object"
	}
	return k
}

// safeField bounds a client-supplied name echoed back in an error.
func safeField(s string) string {
	s = strings.ToValidUTF8(s, "?")
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return s
}

// jsonDepth returns the deepest nesting of objects and arrays.
func jsonDepth(b []byte) int {
	depth, maxd := 0, 0
	inStr, esc := false, false
	for _, ch := range b {
		switch {
		case inStr:
			switch {
			case esc:
				esc = false
			case ch == '\\':
				esc = true
			case ch == '"':
				inStr = false
			}
		case ch == '"':
			inStr = true
		case ch == '{' || ch == '[':
			depth++
			maxd = max(maxd, depth)
		case ch == '}' || ch == ']':
			depth--
		}
	}
	return maxd
}

// status codes handlers use for success.
const (
	statusOK      = http.StatusOK
	statusCreated = http.StatusCreated
)
