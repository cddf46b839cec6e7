"""Progress of a long command: a bar on a terminal, a plain line now and then when piped.

A bar redrawn with carriage returns turns a log file into one long line, so when the
stream is not a terminal the same figures (rows, share done, rate, time left) go out
as one line every `interval` seconds and once at the end.
"""

import time

from tqdm import tqdm

from portal.vnd import format_number


class Progress:
    def __init__(
        self,
        *,
        total: int,
        label: str,
        stream,
        enabled: bool = True,
        interval: float = 10.0,
        unit: str = "dòng",
    ):
        self.total, self.label, self.stream, self.unit = total, label, stream, unit
        self.enabled = enabled
        self.interval = interval
        self.done = 0
        self._bar = None
        if enabled and stream.isatty():
            self._bar = tqdm(total=total, unit=unit, desc=label, file=stream)
        self._started = self._last_line = time.monotonic()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc_info) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self.enabled and self.done:
            self._write_line()

    def update(self, rows: int) -> None:
        self.done += rows
        if self._bar is not None:
            self._bar.update(rows)
            return
        now = time.monotonic()
        if self.enabled and now - self._last_line >= self.interval:
            self._last_line = now
            self._write_line()

    def _write_line(self) -> None:
        elapsed = max(time.monotonic() - self._started, 1e-9)
        rate = self.done / elapsed
        share = self.done / self.total if self.total else 1.0
        line = (
            f"{self.label}: {format_number(self.done)}/{format_number(self.total)} {self.unit} "
            f"({share:.0%}), {format_number(round(rate))} {self.unit}/giây"
        )
        if rate and self.done < self.total:
            line += f", còn khoảng {duration((self.total - self.done) / rate)}"
        self.stream.write(line + "\n")
        self.stream.flush()


def duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} giây"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} phút {seconds} giây" if seconds else f"{minutes} phút"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} giờ {minutes} phút" if minutes else f"{hours} giờ"
