"""Summarise locust's CSV statistics: requests/s, p50/p95/p99, errors, and the ratio of the
result page's median to the floor's."""

import csv
import sys


def rows(path):
    with open(path, newline="") as fh:
        return {row["Name"]: row for row in csv.DictReader(fh)}


def line(name, row):
    return (
        f"{name:<14} {int(row['Request Count']):>7} req {float(row['Requests/s']):>7.1f}/s "
        f"p50 {row['50%']:>5} ms  p95 {row['95%']:>5} ms  p99 {row['99%']:>5} ms  "
        f"errors {row['Failure Count']}"
    )


def main(mix_path, floor_path):
    mix, floor = rows(mix_path), rows(floor_path)
    print(f"{'endpoint':<14} {'count':>11} {'rate':>9}")
    for name, row in mix.items():
        print(line(name if name != "Aggregated" else "ALL (mix)", row))
    print(line("floor", floor["floor"]))
    ratio = float(mix["result page"]["50%"]) / max(float(floor["floor"]["50%"]), 1)
    errors = int(mix["Aggregated"]["Failure Count"]) + int(floor["Aggregated"]["Failure Count"])
    print(f"result page p50 / floor p50 = {ratio:.2f} (target <= 2); errors = {errors} (target 0)")


if __name__ == "__main__":
    main(*sys.argv[1:3])
