package api

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/assocbench/assocbench/survey"
)

// Request bodies are checked by their `validate` struct tags (the
// project's validator, github.com/go-playground/validator/v10) before
// the service sees them; each failed rule becomes a field of the one
// field-error format, keyed by the JSON name of the field, with a message
// that says what the field must be. The service checks its own rules
// again (the domain does not trust its callers).

// checker is the validator, naming fields by their JSON names.
var checker = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	return v
}()

// validateBody checks the validate tags of the decoded body v; msg
// summarises a failure ("invalid association").
func validateBody(v any, msg string) error {
	err := checker.Struct(v)
	var ve validator.ValidationErrors
	if !errors.As(err, &ve) {
		if err != nil {
			return fmt.Errorf("validate %T: %w", v, err)
		}
		return nil
	}
	fields := map[string]string{}
	for _, fe := range ve {
		name, item, _ := strings.Cut(fe.Field(), "[") // mentoring_offers[0]: an item of a list
		if _, done := fields[name]; !done {
			m := ruleMessage(fe, reflect.TypeOf(v))
			if item != "" {
				m = "every item " + m
			}
			fields[name] = m
		}
	}
	return &survey.ValidationError{Message: msg, Fields: fields}
}

// ruleMessage says in words what a field must be.
func ruleMessage(fe validator.FieldError, t reflect.Type) string {
	p := fe.Param()
	switch fe.Tag() {
	case "required":
		return "required"
	case "iso3166_1_alpha2":
		return "must be an ISO 3166-1 alpha-2 country code such as FR or NG"
	case "timezone":
		return "must be an IANA time zone name such as Europe/Paris"
	case "email":
		return "must be an email address"
	case "url", "http_url":
		return "must be a web address starting with https:// or http://"
	case "datetime":
		if p == "2006-01-02" {
			return "must be a date YYYY-MM-DD"
		}
		return "must be a time in the layout " + p
	case "oneof":
		return "must be one of " + strings.Join(strings.Fields(p), ", ")
	case "min", "max", "gte", "lte":
		if lo, hi, ok := bounds(t, fe.StructField()); ok && fe.Kind() != reflect.String && fe.Kind() != reflect.Slice {
			return "must be from " + lo + " to " + hi
		}
		word := map[string]string{"min": "at least", "gte": "at least", "max": "at most", "lte": "at most"}[fe.Tag()]
		switch fe.Kind() {
		case reflect.String:
			return "must be " + word + " " + p + " characters long"
		case reflect.Slice:
			return "must list " + word + " " + p + " items"
		}
		return "must be " + word + " " + p
	}
	return "is not valid (" + fe.Tag() + ")"
}

// bounds returns the min and max of a field's validate tag when it has both.
func bounds(t reflect.Type, field string) (lo, hi string, ok bool) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return "", "", false
	}
	f, found := t.FieldByName(field)
	if !found {
		return "", "", false
	}
	for _, rule := range strings.Split(f.Tag.Get("validate"), ",") {
		k, v, _ := strings.Cut(rule, "=")
		switch k {
		case "min", "gte":
			lo = v
		case "max", "lte":
			hi = v
		}
	}
	return lo, hi, lo != "" && hi != ""
}
