package app

import (
	"os"
	"os/exec"

	"auditroom/backend/audit"
)

// Tesseract returns the path of an installed tesseract binary, or "" when
// there is none and image OCR is off.
func Tesseract() string {
	p, err := exec.LookPath("tesseract")
	if err != nil {
		return ""
	}
	return p
}

// WorkerCommand is how parser processes start: this very binary with the
// hidden "worker" command.
func WorkerCommand() ([]string, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, audit.Wrap(audit.EINTERNAL, err, "find the auditroom executable")
	}
	return []string{exe, "worker"}, nil
}
