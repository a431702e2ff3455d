"""A transfer progress display for the examples: a tqdm bar when tqdm is installed, plain
text lines (every 25%) otherwise. Use an instance as the progress callback."""
import sys

try:
    from tqdm import tqdm
except ImportError:
    tqdm = None


class Progress:
    """progress=Progress("upload") receives (done, total) from the library."""

    def __init__(self, label):
        self.label = label
        self.bar = None
        self.next_report = 0

    def __call__(self, done, total):
        if tqdm is not None:
            if self.bar is None:
                self.bar = tqdm(total=total, desc=self.label, unit="B", unit_scale=True, leave=True)
            self.bar.update(done - self.bar.n)
            if total is not None and done >= total:
                self.bar.close()
        elif total and done >= self.next_report:
            print("%s: %3d%% (%d of %d bytes)" % (self.label, done * 100 // total, done, total), file=sys.stderr)
            # the next quarter; past the total once 100% was shown
            self.next_report = total + 1 if done >= total else min(total, done - done % (total // 4 or 1) + total // 4)
