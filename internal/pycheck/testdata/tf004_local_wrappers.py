# Wrappers of tempfile and subprocess defined in the same file are judged
# like what they wrap (wrappers in other files: LearnWrapperFiles).
import subprocess
import tempfile


def scratch_file(**kwargs):
    return tempfile.NamedTemporaryFile(**kwargs)


def scratch_dir(prefix="job-"):
    d = tempfile.mkdtemp(prefix=prefix)
    return d


def run_tool(args):
    return subprocess.run(args, check=True)


def leaks(data):
    with scratch_file(delete=False) as f:  # want TF004
        f.write(data)
    work = scratch_dir()  # want TF004
    print(work)


def unflushed(data):
    with scratch_file() as f:
        f.write(data)
        run_tool(["wc", "-c", f.name])  # want TF009


# Near misses: the wrapper's result is managed; a helper that cleans up.
def managed(data):
    with scratch_file() as f:
        f.write(data)
        f.flush()
        run_tool(["wc", "-c", f.name])
    return scratch_dir()


def cleaned_helper():
    d = tempfile.mkdtemp()
    register_for_removal(d)
    return d


def uses_cleaned_helper():
    d = cleaned_helper()
    print(d)


def register_for_removal(path):
    return path
