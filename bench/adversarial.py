"""Adversarial linear cost: text shapes that once made a stage of nutgraf
grow with the square of the input, each timed at n, 2n and 4n repetitions.

    python3 bench/adversarial.py [--nutgraf PATH] [--scale K] [SHAPE ...]

(`bash scripts/bench-adversarial` builds the CLI and calls this.) For every
shape it writes the text to a scratch folder, runs `nutgraf extract` on it
(best of two runs, wall time), and prints the size, the seconds, the
ratio to the size before, the bytes of JSON per byte of input and the peak
resident memory per byte of input: a linear pipeline doubles (≈ 2.0×) and
keeps its JSON and memory per byte (the memory includes about 30 MB of
lexicons and model, so it falls as the text grows); a quadratic step shows
as 3-4× per doubling. `--scale K` multiplies every n by K.

The shapes came from an audit of the stages for loops that compare each item
with all those before it; the comment of each says what it exercised. A
shape whose runs pass 60 s is stopped, and one that crashes is reported
with its exit status. Generated text
only: no corpus is needed.
"""
from __future__ import annotations

import argparse
import itertools
import os
import signal
import string
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GAZETTEERS = ROOT / "core" / "data" / "gazetteers"


def tag(i: int) -> str:
    """A short lowercase word naming `i` ("abd", "abe", …), distinct for each i."""
    letters = "abcdefghijklmnoprstuvwy"
    s, i = "", i + 30
    while i:
        s, i = letters[i % len(letters)] + s, i // len(letters)
    return s


def one_surname(n: int) -> str:
    """n different Kims, each followed by "Kim" alone: the lone surname must
    find the latest Kim (coreference of single words)."""
    return "\n\n".join(f"{tag(i).capitalize()}son Kim, a farmer, arrived on Monday. Kim said the harvest was good." for i in range(n))


def date_modifiers(n: int) -> str:
    """A run of "early": each modifier read the expression after it first
    (recursion through the run; a stack overflow past 12,000 words)."""
    return "Officials said it happened " + "early " * n + "2024.\n"


def name_run(n: int) -> str:
    """"John John … Smith", tagged as one person: the keys of every tail of
    the name (memory with the square of its length)."""
    return "Talks Resume\n\nOn Monday " + "John " * n + "Smith said the plan was good.\n"


def repeated_headline(n: int) -> str:
    """The headline repeated between paragraphs: every copy is a headline
    block, and each mention was tested against all of them."""
    return "Storm Hits Coast\n\n" + "John Smith said the plan worked well in Paris on Monday.\n\nStorm Hits Coast\n\n" * n


def many_forms(n: int) -> str:
    """One person written in thousands of ways: the aliases were
    deduplicated by searching a list."""
    letters = string.ascii_lowercase
    surnames = [p for a, b in itertools.product(letters, letters) for p in (f"Smith{a}{b}n", f"Smith{a}{b}on", f"Smiths{a}{b}n")]
    given = ["J."] + [f"J. {a.upper()}." for a in letters] + [f"J. {a.upper()}. {b.upper()}." for a in letters for b in letters]
    forms = itertools.islice(itertools.product(given, surnames), n)
    return "Council Backs Plan\n\nJohn Smithson, the mayor, said on Monday that the plan would go ahead.\n\n" + "".join(
        f"Mr. {g} {s} said the budget was approved by the council.\n\n" for g, s in forms)


def _column(path: Path, col: int) -> list[str]:
    rows = (line.rstrip("\n").split("\t") for line in path.open(encoding="utf-8") if line.strip() and not line.startswith("#"))
    return [r[col] for r in rows if len(r) > col and r[col]]


def many_roles(n: int) -> str:
    """One person with thousands of different roles ("Kenyan Senator John
    Smith"): each role was compared with all the roles so far."""
    titles = [t for t in _column(GAZETTEERS / "titles.tsv", 0) if " " not in t and "." not in t]
    demonyms = [d.split("|")[0] for d in _column(GAZETTEERS / "countries.tsv", 3)]
    roles = itertools.islice(itertools.cycle(itertools.product(titles, demonyms)), n)
    return "Envoys Meet In Geneva\n\nJohn Smith arrived in Geneva on Monday for talks with officials.\n\n" + "".join(
        f"{d} {t} John Smith said the talks went well.\n\n" for t, d in roles)


def quote_chain(n: int) -> str:
    """A multi-paragraph quote that never closes, with title-like pieces:
    each piece searched the rest of the chain for the piece that closes."""
    return ("Storm Hits Coast\n\nThe mayor spoke on Monday about the storm and the damage it caused.\n\n"
            + "“Big Red Dog\n\n“we will rebuild the town and the harbour this year\n\n" * n
            + "“That is all,” the mayor said.\n")


def shared_tail(n: int) -> str:
    """Thousands of people "X Garcia Lopez", then as many "Garcia Lopez":
    each of those searched every person with that tail."""
    def given(i: int) -> str:
        consonants, vowels, out, x = "bcdfghklmnprstvz", "aeiou", "", i % 6400
        for _ in range(4):
            out, x = out + consonants[x % 16] + vowels[(x // 16) % 5], x // 80
        j, suffix = i // 6400, ""
        for _ in range(2):
            suffix, j = suffix + string.ascii_lowercase[j % 26] * 3, j // 26
        return (out[:4] + suffix).capitalize()
    half = n // 2
    return ("Council Backs Plan\n\n"
            + "".join(f"Mr. {given(i)} Garcia Lopez, a local farmer, said the plan was fair.\n\n" for i in range(half))
            + "Mr. Garcia Lopez said the plan would cost too much.\n\n" * half)


def shared_prefix(n: int) -> str:
    """Coreference: n different surnames that share their first four
    letters ("Martabdez", "Martabeez", …), each in a full name then alone.
    Names are compared with the people under their first four letters (two
    spellings of one name share them); here hundreds gathered under "mart",
    all compared with each name (9.2 s at 16 MB). Now the 32 most recent
    are."""
    return "\n\n".join(f"Jose Mart{tag(i)}ez, a farmer, arrived on Monday. Mart{tag(i)}ez said the harvest was good." for i in range(n))


def long_name_quotes(n: int) -> str:
    """Output size: a run of n capitalized words read as one name, then n
    quotes of its surname. The name became the person's record name,
    repeated in every quote (0.46 MB wrote 1.3 GB of JSON); mentions over
    200 bytes are dropped now."""
    return (f"Council Backs Plan\n\nOn Monday {'John ' * n}Smith said the plan was good.\n\n"
            + "“Yes,” Smith said.\n\n" * n)


def long_org_roles(n: int) -> str:
    """Output size: an organization of n words with an acronym, then n
    people whose title names the acronym: its name was copied into each
    role."""
    nouns = ["Energy", "Water", "Transport", "Development", "Finance", "Trade", "Health", "Housing"]
    organization = " ".join(nouns[i % len(nouns)] for i in range(n))
    return (f"Council Backs Plan\n\nOfficials at the European {organization} Commission (EC) met on Monday.\n\n"
            + "".join(f"EC chief Anna {tag(i).capitalize()}son visited Paris on Monday.\n\n" for i in range(n)))


def no_sentence_end(n: int) -> str:
    """Memory: n numbers and no sentence end, one sentence of n tokens (the
    tagger's lattice was as long as the sentence)."""
    return "1 " * n


def prices(n: int) -> str:
    """Memory and output: n prices and no sentence end, a number every
    three bytes."""
    return "$5 " * n


SHAPES = {
    "one-surname": (one_surname, 8000),
    "date-modifiers": (date_modifiers, 4000),
    "name-run": (name_run, 8000),
    "repeated-headline": (repeated_headline, 20000),
    "many-forms": (many_forms, 24000),
    "many-roles": (many_roles, 8000),
    "quote-chain": (quote_chain, 20000),
    "shared-tail": (shared_tail, 40000),
    "shared-prefix": (shared_prefix, 16000),
    "long-name-quotes": (long_name_quotes, 4000),
    "long-org-roles": (long_org_roles, 4000),
    "no-sentence-end": (no_sentence_end, 125000),
    "prices": (prices, 83000),
}


def kill_quietly(pid: int) -> None:
    """SIGKILL, unless the process is already gone."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def time_run(nutgraf: str, path: str) -> tuple[float, int] | str:
    """Best wall time of two runs and the larger peak resident memory
    (bytes), or why there is none; the JSON goes to `path` + ".json". (A
    blocking wait and a timer that kills, not `subprocess.run(timeout=…)`,
    which polls with sleeps of up to 50 ms and so rounds the times; `wait4`
    gives the child's own peak memory.)"""
    best = None
    peak = 0
    for _ in range(2):
        start = time.perf_counter()
        with open(path + ".json", "wb") as out:
            child = subprocess.Popen([nutgraf, "extract", path], stdout=out, stderr=subprocess.DEVNULL)
            # os.kill, not child.kill: that polls, and could reap the child
            # before wait4 does. The pid stays the child's until wait4.
            watchdog = threading.Timer(60, kill_quietly, (child.pid,))
            watchdog.start()
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        watchdog.cancel()
        if seconds >= 60:
            return "> 60 s"
        if child.returncode != 0:
            return f"exit {child.returncode}"
        best = seconds if best is None else min(best, seconds)
        peak = max(peak, usage.ru_maxrss * 1024)  # kilobytes on Linux
    return best, peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nutgraf", default=str(ROOT / "target" / "release" / "nutgraf"))
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("shapes", nargs="*", metavar="SHAPE", help="any of: " + ", ".join(SHAPES))
    a = ap.parse_args()
    unknown = [s for s in a.shapes if s not in SHAPES]
    if unknown:
        ap.error(f"unknown shape {', '.join(unknown)} (known: {', '.join(SHAPES)})")
    print(f"{'shape':<18} {'n':>8} {'MB':>7} {'seconds':>8} {'×':>6} {'JSON/byte':>9} {'RSS/byte':>8}")
    with tempfile.TemporaryDirectory() as scratch:
        for name in a.shapes or SHAPES:
            make, base = SHAPES[name]
            previous = None
            for k in range(3):
                n = int(base * a.scale) * 2 ** k
                path = os.path.join(scratch, f"{name}.txt")
                data = make(n).encode()
                Path(path).write_bytes(data)
                result = time_run(a.nutgraf, path)
                if isinstance(result, str):
                    print(f"{name:<18} {n:>8} {len(data) / 1e6:>7.2f} {result:>8} {'—':>6}")
                    break
                seconds, peak = result
                ratio = f"{seconds / previous:.2f}" if previous else "—"
                per_byte = os.path.getsize(path + ".json") / len(data)
                print(f"{name:<18} {n:>8} {len(data) / 1e6:>7.2f} {seconds:>8.3f} {ratio:>6} {per_byte:>9.1f} "
                      f"{peak / len(data):>8.0f}", flush=True)
                previous = seconds
    return 0


if __name__ == "__main__":
    sys.exit(main())
