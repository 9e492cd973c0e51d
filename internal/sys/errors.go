package sys

import "errors"

var errUnsupported = errors.ErrUnsupported
