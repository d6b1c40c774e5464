package app

import (
	"encoding/json"
	"log"

	"auditroom/backend/audit"
)

// UIError is what the frontend reads of a failed call, from both
// transports: {"code", "message"}.
type UIError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// uiError is the one mapping of a bound method's error to what the user
// sees. Uncoded errors are logged in full and shown as "internal error";
// coded ones keep their message.
func uiError(err error) *UIError {
	code := audit.ErrorCode(err)
	if code == audit.EINTERNAL {
		log.Printf("internal error: %v", err)
	}
	return &UIError{Code: code, Message: audit.ErrorMessage(err)}
}

// errorText is the JSON text {"code", "message"} both transports send for
// an error: the body of serve's answer, and what the window's promise
// rejects with.
func errorText(e *UIError) string {
	b, _ := json.Marshal(e) // two strings always marshal
	return string(b)
}

// FormatError is the window's options.App.ErrorFormatter. Wails marshals
// what it returns as the "error" of its callback message and the runtime
// rejects the call with new Error(error), which would turn an object into
// "[object Object]": so it returns the JSON text, which the frontend reads
// from the Error's message exactly as it reads serve's body.
func FormatError(err error) any { return errorText(uiError(err)) }

// nonNil makes an empty list a JSON [] rather than null, so the frontend
// has one shape to read.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
