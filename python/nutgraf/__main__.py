"""``python -m nutgraf FILE`` prints the Article JSON, like the ``nutgraf extract`` CLI."""
from __future__ import annotations

import argparse
import sys

from . import Extractor


def main(argv: "list[str] | None" = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nutgraf", description="Print the Article JSON of one article.")
    parser.add_argument("file", help="article text file (UTF-8); - reads stdin")
    parser.add_argument("--published", help="publication date YYYY-MM-DD for relative dates")
    parser.add_argument("--pretty", action="store_true", help="indent the JSON")
    parser.add_argument("--format", choices=["auto", "text", "html"], default="auto",
                        help="html: find the article in a web page; auto (default) reads HTML documents as HTML")
    args = parser.parse_args(argv)
    try:
        if args.file == "-":
            text = sys.stdin.read()
        else:
            with open(args.file, encoding="utf-8") as f:
                text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        print(f"nutgraf: cannot read {args.file}: {e}", file=sys.stderr)
        return 3
    try:
        article = Extractor(published=args.published, format=args.format).extract(text)
    except ValueError as e:
        print(f"nutgraf: {e}", file=sys.stderr)
        return 3
    print(article.to_json(indent=2 if args.pretty else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
