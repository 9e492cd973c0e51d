package tempfile

import (
	"errors"
	"fmt"
)

// maxTries bounds the creation loop: with 60 random bits per name, even one
// collision means that something predicts or floods the directory.
const maxTries = 100

// ErrInvalidOption reports an option that cannot be honoured: a prefix with
// a path separator, a mode with group or other write permission, ...
// Constructors return it wrapped, with the option's name and value.
var ErrInvalidOption = errors.New("invalid option")

// joinCleanup adds a cleanup error to fn's error, leaving fn's error as it
// is when the cleanup went well.
func joinCleanup(err, cerr error) error {
	if cerr == nil {
		return err
	}
	return errors.Join(err, cerr)
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidOption}, args...)...)
}
