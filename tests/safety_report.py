"""Print the safety corpus figures: verdict accuracy, must-block/must-pass, per-family table.

Run ``python -m tests.safety_report`` (or ``make safety-report``); ``-v`` lists every case whose
verdict differs from its label.
"""

from __future__ import annotations

import sys

from tests.safety_corpus import family_scores, load_cases, run


def main(argv: list[str]) -> int:
    """Print the report; exit 1 when the corpus targets are missed."""
    outcomes = [run(case) for case in load_cases()]
    total = len(outcomes)
    right = sum(1 for o in outcomes if o.verdict == o.case.expect)
    must_block = [o for o in outcomes if o.case.must == "block"]
    must_pass = [o for o in outcomes if o.case.must == "pass"]
    missed = [o for o in must_block if o.verdict != "block"]
    false_blocks = [o for o in must_pass if o.verdict == "block"]
    print(
        f"cases: {total} (it {sum(o.case.lang == 'it' for o in outcomes)}, "
        f"en {sum(o.case.lang == 'en' for o in outcomes)})"
    )
    print(f"expected verdict: {right}/{total} = {right / total:.1%}")
    print(f"must-block blocked: {len(must_block) - len(missed)}/{len(must_block)}")
    print(f"must-pass not blocked: {len(must_pass) - len(false_blocks)}/{len(must_pass)}")
    print()
    print(f"| {'family':<12} | {'TP':>3} | {'FP':>3} | {'FN':>3} | precision | recall |")
    print(f"|{'-' * 14}|{'-' * 5}|{'-' * 5}|{'-' * 5}|{'-' * 11}|{'-' * 8}|")
    for s in family_scores(outcomes):
        print(
            f"| {s.family:<12} | {s.true_pos:>3} | {s.false_pos:>3} | {s.false_neg:>3} "
            f"| {s.precision:>9.0%} | {s.recall:>6.0%} |"
        )
    if "-v" in argv:
        print()
        for o in outcomes:
            if o.verdict != o.case.expect or o.found != o.case.families:
                print(
                    f"{o.case.id}: expected {o.case.expect} {sorted(o.case.families)}, "
                    f"got {o.verdict} {sorted(o.found)}"
                )
                for f in o.report.findings:
                    print(f"    {f.severity.value} {f.message}")
    ok = not missed and not false_blocks and right >= 0.9 * total
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
