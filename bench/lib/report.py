"""Medians of repetitions and the printed tables."""
import math
import statistics


def median(values):
    values = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    return statistics.median(values) if values else float("nan")


def fmt(v, digits=1):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if isinstance(v, str):
        return v
    return f"{v:,.{digits}f}"


class Report:
    def __init__(self):
        self.ratios = []   # scenario, what, value, target, verdict
        self.details = []  # scenario, variant, rps, p50, p99, per_cpu, errors, note
        self.footprint = []
        self.notes = []

    def ratio(self, scenario, what, value, target_text, met):
        verdict = "-" if met is None else ("met" if met else "NOT met")
        self.ratios.append((scenario, what, value, target_text, verdict))

    def detail(self, scenario, variant, results, note="", ok=(200,)):
        bad = {}
        for r in results:
            for code, n in (r.get("statuses") or {}).items():
                if code not in ok:
                    bad[code] = bad.get(code, 0) + n
        errors = ", ".join(f"{c} x{n}" for c, n in sorted(bad.items())) or str(sum(r.errors for r in results))
        self.details.append((scenario, variant, median([r.rps for r in results]),
                             median([r.p50 for r in results]), median([r.p99 for r in results]),
                             median([r.per_cpu for r in results]), errors, note))

    def not_measured(self, scenario, why):
        self.ratios.append((scenario, "not measured", None, why, "-"))

    def markdown(self):
        out = ["| scenario | ratio / measure | value | target | verdict |", "|---|---|---|---|---|"]
        for s, what, v, target, verdict in self.ratios:
            out.append(f"| {s} | {what} | {fmt(v, 2)} | {target} | {verdict} |")
        out += ["", "| scenario | variant | req/s | p50 ms | p99 ms | req per CPU-s | errors | note |",
                "|---|---|---|---|---|---|---|---|"]
        for s, variant, rps, p50, p99, per_cpu, errors, note in self.details:
            out.append(f"| {s} | {variant} | {fmt(rps, 0)} | {fmt(p50, 2)} | {fmt(p99, 2)} | {fmt(per_cpu, 0)} "
                       f"| {errors} | {note} |")
        if self.footprint:
            out += ["", "| process | ready in s | RSS MB | how started |", "|---|---|---|---|"]
            for name, ready, rss, how in self.footprint:
                out.append(f"| {name} | {fmt(ready)} | {fmt(rss, 0)} | {how} |")
        if self.notes:
            out += [""] + [f"- {n}" for n in self.notes]
        return "\n".join(out)
