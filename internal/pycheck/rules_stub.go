package pycheck

func checkUseAfterDelete(a *analyzer) {}
func checkStrIntoBinary(a *analyzer)  {}
func checkUnflushed(a *analyzer)      {}
func checkSensitive(a *analyzer)      {}
