"""Duplicate suggestion cost: how long matching one draft against a session's open questions takes (pure, no I/O).

    .venv/bin/python bench/similar.py [--questions 2000] [--drafts 200]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handlers.questions.similarity import similar  # noqa: E402

WORDS = ("đường thôn bị hỏng sửa khi nào xã cầu cống nước sạch học phí trường điện đèn lũ lụt hỗ trợ giống lúa "
         "đất đai sổ đỏ bảo hiểm y tế rác thải ô nhiễm xưởng gỗ chợ trạm xá thuốc").split()


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))).capitalize() + "?"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--drafts", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(6)
    questions = [(i, sentence(rng)) for i in range(args.questions)]
    drafts = [sentence(rng) for _ in range(args.drafts)]
    started = time.perf_counter()
    found = sum(len(similar(d, questions, 80)) for d in drafts)
    per_draft = (time.perf_counter() - started) / args.drafts * 1000
    print(f"{args.questions} open questions, {args.drafts} drafts: {per_draft:.1f} ms per draft, "
          f"{found} suggestions shown")


if __name__ == "__main__":
    main()
