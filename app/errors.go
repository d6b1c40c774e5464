package app

import (
	"encoding/json"
	"log"

	"auditroom/backend/audit"
)

// UIError is what a bound method returns instead of a Go error: both
// transports carry only a string, so the string is JSON the frontend parses
// into AppError{code, message}.
type UIError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *UIError) Error() string {
	b, _ := json.Marshal(e)
	return string(b)
}

// ui turns any error into a UIError. Uncoded errors are logged in full and
// shown as "internal error"; coded ones keep their message.
func ui(err error) error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*UIError); ok {
		return e
	}
	code := audit.ErrorCode(err)
	if code == audit.EINTERNAL {
		log.Printf("internal error: %v", err)
	}
	return &UIError{Code: code, Message: audit.ErrorMessage(err)}
}

// nonNil makes an empty list a JSON [] rather than null, so the frontend
// has one shape to read.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
