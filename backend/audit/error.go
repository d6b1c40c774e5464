// Package audit holds Audit Room's domain: the engagement, its trail of
// events, and the one coded error type every other package returns.
package audit

import (
	"errors"
	"fmt"
)

// Error codes. The UI maps each code to its own wording; anything without a
// code is an internal error, shown to the user as such and logged in full.
const (
	EINVALID    = "invalid"          // the input breaks a rule; the message names the field
	ENOTFOUND   = "not_found"        // the thing asked for does not exist
	ECONFLICT   = "conflict"         // the thing already exists or changed meanwhile
	EPASSPHRASE = "wrong_passphrase" // the passphrase does not open the store
	ELOCKED     = "locked"           // the store is locked or held by another process
	ECANCELED   = "canceled"         // the user cancelled the work
	ESTORAGE    = "storage"          // the data folder is full, gone or read-only; the message names it
	EINTERNAL   = "internal"         // a fault of ours; the message is not for the user
)

// Error is an error with a code the UI understands and a message fit to show.
type Error struct {
	Code    string // one of the E* constants
	Message string // lower case, names the thing and the reason
	Err     error  // the underlying cause, if any, kept for logs and errors.Is
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns a coded error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns a coded error with a message, keeping err as its cause.
func Wrap(code string, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// ErrorCode returns the code of the first coded error in err's chain, or
// EINTERNAL when there is none.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the message to show a user: the coded message, or
// "internal error" for anything uncoded.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	if err == nil {
		return ""
	}
	return "internal error"
}
