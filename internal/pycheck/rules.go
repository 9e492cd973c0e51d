package pycheck

import "sort"

// Severity says how sure a rule is that the code misbehaves.
type Severity string

// Severities. An error is wrong in any context: it fails, leaks or races at
// run time. A warning is an exposure that depends on context.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Rule describes one check of the catalog in shared/RULES.md.
type Rule struct {
	ID       string // "TF005"
	Name     string // "use-after-delete"
	Severity Severity
	Summary  string // one line: what goes wrong at run time
	Explain  string // a paragraph for --explain
	Bad      string // a short bad Python example
	Good     string // the fixed version
	Guide    string // the guide section title it comes from
	Fix      string // one-line fix advice
}

// Rules returns every rule, sorted by ID. The slice is a fresh copy.
func Rules() []Rule {
	out := make([]Rule, len(catalog))
	copy(out, catalog)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lookup returns the rule with the given ID ("TF005").
func Lookup(id string) (Rule, bool) {
	for _, r := range catalog {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// rule returns the catalog entry for id; it panics on an unknown ID, which
// is a programming error caught by the tests.
func rule(id string) Rule {
	r, ok := Lookup(id)
	if !ok {
		panic("pycheck: unknown rule " + id)
	}
	return r
}

var catalog = []Rule{
	{
		ID:       "TF001",
		Name:     "mktemp",
		Severity: SeverityError,
		Summary:  "tempfile.mktemp only returns a name: another process can create that path before you open it",
		Explain: "tempfile.mktemp() picks a name that does not exist yet and returns it without creating " +
			"anything. Between that call and the moment the program opens the path, any local user " +
			"can create a file or a symlink with that name in the shared temporary directory, so the " +
			"program writes into the attacker's file or follows the link (CWE-377). The function is " +
			"deprecated for this reason. mkstemp(), NamedTemporaryFile() and mkdtemp() create the " +
			"object atomically with O_EXCL and return it already open or made.",
		Bad: "import tempfile\n\nreport = tempfile.mktemp(suffix=\".csv\")\n" +
			"with open(report, \"w\") as out:\n    out.write(rows)\n",
		Good: "import tempfile\n\nwith tempfile.NamedTemporaryFile(\"w\", suffix=\".csv\") as out:\n" +
			"    out.write(rows)\n",
		Guide: "Don't Use mktemp() (Deprecated)",
		Fix:   "create the file atomically with NamedTemporaryFile() or mkstemp() (mkdtemp() for a directory)",
	},
	{
		ID:       "TF002",
		Name:     "hardcoded-temp-path",
		Severity: SeverityWarning,
		Summary:  "a fixed path in a shared temporary directory can be pre-created or symlinked by another user",
		Explain: "/tmp, /var/tmp and /dev/shm (C:\\Temp and %TEMP% on Windows) are writable by every " +
			"user. A program that creates, opens or writes a path it spelled out itself there can be " +
			"raced: someone creates the path first, as a symlink to a file the program can write, or " +
			"as a file they can read. Two copies of the program also collide on the same name. The " +
			"rule fires only where the literal (directly, through a constant, a local variable, " +
			"os.path.join, + or a pathlib /) reaches a call that creates, opens or writes, or a " +
			"tempfile dir= argument; a /tmp string that is only printed or compared is left alone.",
		Bad: "def save(rows):\n    with open(\"/tmp/export.csv\", \"w\") as out:\n        out.writelines(rows)\n",
		Good: "import tempfile\n\ndef save(rows):\n" +
			"    with tempfile.NamedTemporaryFile(\"w\", suffix=\".csv\", delete=False) as out:\n" +
			"        out.writelines(rows)\n    return out.name\n",
		Guide: "Don't Hardcode Temporary Paths; Use Secure Temporary Directories",
		Fix:   "let tempfile choose the name (NamedTemporaryFile, mkstemp, mkdtemp) or use a private directory",
	},
	{
		ID:       "TF003",
		Name:     "unmanaged-temp-object",
		Severity: SeverityWarning,
		Summary:  "a temporary file or directory not used as a with item nor cleaned up in a finally is left behind when an exception escapes",
		Explain: "TemporaryFile, NamedTemporaryFile, SpooledTemporaryFile and TemporaryDirectory clean up " +
			"when they are closed. Created outside a with statement and closed on the normal path " +
			"only, they stay open (and on disk) whenever an exception leaves the function first, " +
			"until the garbage collector runs, which may be never in a long-lived process. The rule " +
			"stays silent when the object is handed on: returned, yielded, stored on self, an " +
			"attribute or a container, passed to ExitStack.enter_context or addCleanup, passed to a " +
			"function it does not know, or used as a with item later; when it is closed in the very " +
			"next statement; and inside a with block of a helper named after temporary files " +
			"(support.temp_cwd() and the like), which usually removes what is made inside it. An " +
			"object dropped by a bare expression statement is finalized at once and not reported. " +
			"Nor is a TemporaryFile or SpooledTemporaryFile that is closed later in the function: " +
			"it has no name on disk, so an exception can only keep a descriptor open until the " +
			"collector runs.",
		Bad: "import shutil, tempfile\n\ndef buffered(stream):\n    spill = tempfile.NamedTemporaryFile()\n" +
			"    shutil.copyfileobj(stream, spill)\n    spill.seek(0)\n" +
			"    head = spill.read(512)\n    spill.close()\n    return head\n",
		Good: "import shutil, tempfile\n\ndef buffered(stream):\n    with tempfile.NamedTemporaryFile() as spill:\n" +
			"        shutil.copyfileobj(stream, spill)\n        spill.seek(0)\n" +
			"        return spill.read(512)\n",
		Guide: "Use Context Managers",
		Fix:   "create it as a with item (or close/cleanup it in a finally clause)",
	},
	{
		ID:       "TF004",
		Name:     "delete-false-leak",
		Severity: SeverityError,
		Summary:  "a temporary file or directory that is never deleted stays on disk after the function returns",
		Explain: "NamedTemporaryFile(delete=False), TemporaryDirectory(delete=False) and mkdtemp() hand " +
			"the cleanup to the caller: nothing removes them, not even a with block (the guide's " +
			"\"also good\" example leaks). When the function neither removes the path (os.unlink, " +
			"os.remove, Path.unlink, shutil.rmtree, an atexit or addCleanup registration) nor moves " +
			"it into place (os.replace, os.rename, shutil.move) nor hands it on (returns it, stores it, " +
			"captures it in a nested function), each call leaves one more file or directory behind. " +
			"Ownership cannot be seen across calls, so the rule is silent as soon as the path (or a " +
			"path built from it) is passed to a function it does not know, and it follows copies " +
			"(p = f.name, Path(d), os.path.join(d, ...)) only inside one function.",
		Bad: "import subprocess, tempfile\n\ndef render(src):\n" +
			"    out = tempfile.mkdtemp(prefix=\"render-\")\n" +
			"    subprocess.run([\"make\", \"-C\", out, src], check=True)\n",
		Good: "import shutil, subprocess, tempfile\n\ndef render(src):\n" +
			"    out = tempfile.mkdtemp(prefix=\"render-\")\n    try:\n" +
			"        subprocess.run([\"make\", \"-C\", out, src], check=True)\n" +
			"    finally:\n        shutil.rmtree(out)\n",
		Guide: "Clean Up Manually When Needed",
		Fix:   "remove it in a finally clause, move it into place, or use the deleting default in a with block",
	},
	{
		ID:       "TF005",
		Name:     "use-after-delete",
		Severity: SeverityError,
		Summary:  "the NamedTemporaryFile was already deleted when its name is used",
		Explain: "With the default delete=True a NamedTemporaryFile removes its file as soon as it is " +
			"closed (on Python 3.12 and later only when delete_on_close is left True; the end of " +
			"the with block deletes it in every version). Code that calls f.close() so that another " +
			"program can open f.name, or that keeps using f.name (or a copy of it) after the with " +
			"block, hands out a path that no longer exists: FileNotFoundError, or worse, a file " +
			"somebody else created there meanwhile. Existence checks and printing the name are not " +
			"reported.",
		Bad: "import subprocess, tempfile\n\nwith tempfile.NamedTemporaryFile(\"w\", suffix=\".ini\") as cfg:\n" +
			"    cfg.write(settings)\n    cfg.close()\n" +
			"    subprocess.run([\"tool\", \"--config\", cfg.name], check=True)\n",
		Good: "import subprocess, tempfile\n\nwith tempfile.NamedTemporaryFile(\"w\", suffix=\".ini\") as cfg:\n" +
			"    cfg.write(settings)\n    cfg.flush()\n" +
			"    subprocess.run([\"tool\", \"--config\", cfg.name], check=True)\n",
		Guide: "Don't Forget to Close Files",
		Fix:   "flush() instead of close(), use the name inside the with block, or pass delete_on_close=False (3.12+)",
	},
	{
		ID:       "TF006",
		Name:     "mkstemp-fd-leak",
		Severity: SeverityError,
		Summary:  "the file descriptor returned by mkstemp() is never closed: it leaks",
		Explain: "tempfile.mkstemp() returns an open OS-level descriptor and the path. Discarding the " +
			"descriptor (_, path = mkstemp(), mkstemp()[1]) or never passing it to os.close or " +
			"os.fdopen keeps it open for the life of the process; in a loop or a server the process " +
			"runs out of descriptors (EMFILE), and on Windows the file cannot be removed while it is " +
			"open. The rule is silent when the descriptor is returned, stored or passed to a function " +
			"it does not know.",
		Bad: "import os, tempfile\n\ndef scratch_path():\n    _, path = tempfile.mkstemp()\n    return path\n",
		Good: "import os, tempfile\n\ndef scratch_path():\n    fd, path = tempfile.mkstemp()\n" +
			"    os.close(fd)\n    return path\n",
		Guide: "Clean Up Manually When Needed",
		Fix:   "close the descriptor with os.close(fd), or wrap it with os.fdopen(fd, ...) in a with block",
	},
	{
		ID:       "TF007",
		Name:     "permissive-chmod",
		Severity: SeverityWarning,
		Summary:  "chmod opens a temporary file or directory to group or other users",
		Explain: "tempfile creates files 0600 and directories 0700 so that no other user can read, " +
			"replace or plant files in them. An os.chmod, Path.chmod, os.fchmod or chmod subprocess " +
			"that adds any group or other permission (0o644, 0o755, \"a+r\", \"go+w\") to such a path " +
			"undoes that protection in a directory everyone can list. Only literal modes are checked; " +
			"a mode computed at run time is left alone, and so is a path inside a temporary directory " +
			"(the directory's own 0700 mode still protects it) and a chmod without a who (\"+x\"), " +
			"whose effect depends on the umask.",
		Bad:   "import os, tempfile\n\nwork = tempfile.mkdtemp()\nos.chmod(work, 0o777)\n",
		Good:  "import tempfile\n\nwith tempfile.TemporaryDirectory() as work:  # already 0o700\n    build(work)\n",
		Guide: "Set Proper Permissions; Don't Assume Temporary Directory Permissions",
		Fix:   "keep the owner-only mode tempfile chose (0o600 files, 0o700 directories)",
	},
	{
		ID:       "TF008",
		Name:     "str-into-binary",
		Severity: SeverityError,
		Summary:  "text is written to a temporary file opened in binary mode: TypeError at run time",
		Explain: "TemporaryFile, NamedTemporaryFile and SpooledTemporaryFile open in mode \"w+b\" unless " +
			"told otherwise. Writing a str to them (f.write(\"...\"), an f-string, json.dump(obj, f), " +
			"print(..., file=f)) raises TypeError: a bytes-like object is required. Pass mode=\"w+\" " +
			"(and an encoding) for text, or encode the data. Only values that are certainly str " +
			"are reported.",
		Bad: "import json, tempfile\n\nwith tempfile.NamedTemporaryFile(suffix=\".json\") as f:\n" +
			"    json.dump(payload, f)\n",
		Good: "import json, tempfile\n\nwith tempfile.NamedTemporaryFile(\"w+\", encoding=\"utf-8\", suffix=\".json\") as f:\n" +
			"    json.dump(payload, f)\n",
		Guide: "Use Descriptive Prefixes and Suffixes",
		Fix:   "open the temporary file in text mode (mode=\"w+\", encoding=...) or write bytes",
	},
	{
		ID:       "TF009",
		Name:     "external-access-unflushed",
		Severity: SeverityWarning,
		Summary:  "another program reads the temporary file before the buffered data was flushed",
		Explain: "Writes to a tempfile object go to a user-space buffer first. When the file's name is " +
			"then passed to another program (subprocess, os.system, os.popen, os.exec*, os.spawn*) " +
			"without a flush(), seek() or close() in between, that program sees an empty or " +
			"truncated file. The rule looks at statement order inside one function and stays silent " +
			"when any flush, seek or close of the file comes between the write and the call, even on " +
			"one branch only.",
		Bad: "import subprocess, tempfile\n\nwith tempfile.NamedTemporaryFile(\"w\", suffix=\".sql\") as script:\n" +
			"    script.write(query)\n    subprocess.run([\"psql\", \"-f\", script.name], check=True)\n",
		Good: "import subprocess, tempfile\n\nwith tempfile.NamedTemporaryFile(\"w\", suffix=\".sql\") as script:\n" +
			"    script.write(query)\n    script.flush()\n" +
			"    subprocess.run([\"psql\", \"-f\", script.name], check=True)\n",
		Guide: "Don't Forget to Close Files",
		Fix:   "call f.flush() after the last write, before giving f.name to another program",
	},
	{
		ID:       "TF010",
		Name:     "predictable-temp-name",
		Severity: SeverityWarning,
		Summary:  "a fixed name inside the temporary directory is created or opened: open to symlink and race attacks",
		Explain: "tempfile.gettempdir() (or $TMPDIR) usually names a directory shared by all users. " +
			"Joining a fixed name to it (os.path.join, +, pathlib's /) and then creating or opening " +
			"that path lets another user create it first, as a symlink or a file of their own " +
			"(CWE-377), and makes two runs of the program collide. Only fixed literal names that " +
			"reach a call that creates, opens or writes are reported.",
		Bad: "import os, tempfile\n\nlock = os.path.join(tempfile.gettempdir(), \"builder.lock\")\n" +
			"with open(lock, \"w\") as fh:\n    fh.write(str(os.getpid()))\n",
		Good: "import os, tempfile\n\nfd, lock = tempfile.mkstemp(prefix=\"builder-\", suffix=\".lock\")\n" +
			"with os.fdopen(fd, \"w\") as fh:\n    fh.write(str(os.getpid()))\n",
		Guide: "Don't Hardcode Temporary Paths",
		Fix:   "let tempfile pick a unique name (mkstemp, NamedTemporaryFile, mkdtemp) or use a private directory",
	},
	{
		ID:       "TF011",
		Name:     "dropped-temp-object",
		Severity: SeverityError,
		Summary:  "the temporary object is dropped at once, so the path taken from its .name is already removed",
		Explain: "TemporaryDirectory().name and NamedTemporaryFile().name keep only the string. The " +
			"object itself has no other reference, so CPython finalizes it immediately and removes " +
			"the directory or file: the program goes on with a path that does not exist (or that " +
			"another user may create). Keep the object in a with statement and use the name inside " +
			"it, or use mkdtemp()/mkstemp() when the caller owns the cleanup.",
		Bad:   "import tempfile\n\nworkdir = tempfile.TemporaryDirectory().name\nrun_build(workdir)\n",
		Good:  "import tempfile\n\nwith tempfile.TemporaryDirectory() as workdir:\n    run_build(workdir)\n",
		Guide: "Use Context Managers",
		Fix:   "keep the object (with TemporaryDirectory() as d: ...) or use mkdtemp() and remove it yourself",
	},
	{
		ID:       "TF012",
		Name:     "unbounded-spool",
		Severity: SeverityError,
		Summary:  "SpooledTemporaryFile without a positive max_size never rolls over to disk: all data stays in memory",
		Explain: "SpooledTemporaryFile keeps its data in memory until it grows past max_size. The " +
			"default max_size is 0, which means \"never\": like None, it keeps everything in a BytesIO " +
			"however large it gets, so a big input exhausts memory instead of spilling to disk. A " +
			"negative max_size spills at the first write and is not reported; a size computed at " +
			"run time is left alone.",
		Bad:   "import tempfile\n\nwith tempfile.SpooledTemporaryFile() as buf:\n    copy_upload(request, buf)\n",
		Good:  "import tempfile\n\nwith tempfile.SpooledTemporaryFile(max_size=8 << 20) as buf:\n    copy_upload(request, buf)\n",
		Guide: "Consider Memory vs Disk Trade-offs",
		Fix:   "pass a positive max_size (e.g. max_size=8 << 20) so large data spills to disk",
	},
	{
		ID:       "TF013",
		Name:     "sensitive-to-temp",
		Severity: SeverityWarning,
		Summary:  "a secret is written in plain text to a temporary file, where it can outlive the program",
		Explain: "A file created by tempfile is private (0600), but its content sits in plain text on " +
			"disk, in backups, in snapshots, and, for a spooled or mapped file, possibly in swap; a " +
			"crash or SIGKILL skips the cleanup. A value whose identifier names a secret (password, " +
			"secret, token, api_key, private_key, credit_card, ssn as whole words) written into a " +
			"temporary file is reported as a warning. The name is only a hint, so review each " +
			"finding; suppress it with # noqa: TF013 where the data is not sensitive.",
		Bad: "import tempfile\n\nwith tempfile.NamedTemporaryFile(\"w\") as f:\n    f.write(db_password)\n" +
			"    connect_with_file(f.name)\n",
		Good: "import os\n\nread_end, write_end = os.pipe()\nos.write(write_end, db_password.encode())\n" +
			"os.close(write_end)\nconnect_with_fd(read_end)\n",
		Guide: "Don't Use Temporary Files for Sensitive Data Without Care",
		Fix:   "keep secrets in memory or pass them through a pipe; if a file is needed, keep it on an encrypted or memory-only filesystem",
	},
}
