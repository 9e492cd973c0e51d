package pycheck

func checkUnmanaged(a *analyzer)      {}
func checkDeleteFalse(a *analyzer)    {}
func checkUseAfterDelete(a *analyzer) {}
func checkMkstempFD(a *analyzer)      {}
func checkStrIntoBinary(a *analyzer)  {}
func checkUnflushed(a *analyzer)      {}
func checkDropped(a *analyzer)        {}
func checkSpool(a *analyzer)          {}
func checkSensitive(a *analyzer)      {}
