package suppress

import "os"

func f(data []byte) {
	os.WriteFile("/tmp/a", data, 0o600) //tmpguard:ignore TF101
	//tmpguard:ignore TF101,TF102
	os.WriteFile("/tmp/b", data, 0o600)
	os.WriteFile("/tmp/c", data, 0o600) //nolint:tmpguard // a fixture for a test
	os.WriteFile("/tmp/d", data, 0o600) //nolint:errcheck,tmpguard
	os.WriteFile("/tmp/e", data, 0o600) //tmpguard:ignore TF103 // want `TF101`
	os.WriteFile("/tmp/f", data, 0o600) //nolint:errcheck // want `TF101`
	//tmpguard:ignore TF101

	os.WriteFile("/tmp/g", data, 0o600) // want `TF101`
	os.WriteFile("/tmp/h", data, 0o600) //tmpguard:ignored TF101 // want `TF101`
}
